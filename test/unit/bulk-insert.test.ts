import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BulkInsert } from '../../src/core/db/bulk-insert';
import { writeTransaction } from '../../src/core/db/open-database';

function table() {
  const db = new BetterSqlite3(':memory:');
  db.exec(`CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL CHECK (n >= 0)) STRICT`);
  return db;
}

describe('BulkInsert', () => {
  it('writes every row in the order added, whole statements and the rest', () => {
    const db = table();
    writeTransaction(db, () => {
      const insert = new BulkInsert(db, 't', 'id, n', '(?, ?)', 8);
      for (let i = 0; i < 21; i++) insert.add(`r${i}`, i);
      insert.flush();
    });
    expect(db.prepare('SELECT id FROM t ORDER BY rowid').pluck().all()).toEqual(Array.from({ length: 21 }, (_, i) => `r${i}`));
  });

  // Its statements are INSERT OR FAIL: a failed statement keeps the rows before the bad one, so the
  // transaction it fails must be rolled back whole, as a write transaction is when the error leaves it.
  it.each([
    { what: 'a repeated id', bad: ['r3', 30] },
    { what: 'a broken check', bad: ['bad', -1] },
  ])('fails on $what and leaves nothing once its transaction is rolled back', ({ bad }) => {
    const db = table();
    expect(() =>
      writeTransaction(db, () => {
        const insert = new BulkInsert(db, 't', 'id, n', '(?, ?)', 8);
        for (let i = 0; i < 6; i++) insert.add(`r${i}`, i);
        insert.add(...bad);
        insert.add('r7', 7);
      }),
    ).toThrow(/constraint/i);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
    expect(db.inTransaction).toBe(false);
  });
});
