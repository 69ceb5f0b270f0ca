import type { Database, Statement } from 'better-sqlite3';

const probes = new WeakMap<Database, { mine: Statement; others: Statement }>();

/**
 * A key that changes whenever anything is written to the database: by this connection
 * (total_changes) or by any other one, in this process or another (data_version). A result
 * derived from the data can be kept under it and reused while it stays the same.
 * Null inside a transaction: what is read there may still be rolled back, and a rollback
 * does not change the key.
 */
export function dataVersion(db: Database): string | null {
  if (db.inTransaction) return null;
  let probe = probes.get(db);
  if (!probe) {
    probe = { mine: db.prepare('SELECT total_changes()').pluck(), others: db.prepare('PRAGMA data_version').pluck() };
    probes.set(db, probe);
  }
  return `${String(probe.others.get())}:${String(probe.mine.get())}`;
}
