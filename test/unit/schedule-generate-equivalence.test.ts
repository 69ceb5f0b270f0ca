import { createHash } from 'node:crypto';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/shared/dispatch';
import { testCore } from '../support/core';

/**
 * `schedule generate` writes a year of a large team in one batch: triggers that would run per row
 * are dropped while the rows go in and their work is done once afterwards, and indexes that new
 * rows would enter in random order may be built again at the end. None of that may change what is
 * written. These tests hold the batch to (1) what it wrote before for a fixed seed, and (2) what the
 * same rows written one at a time, every trigger firing, leave in every table.
 */

type TestCore = ReturnType<typeof testCore>;

const teams = ['Nordics', 'Sweden', 'Norway', 'Finland'];

function seed(core: TestCore, reps: number): string {
  const ids = Array.from({ length: reps }, (_, i) =>
    core.people.create({ name: `Rep ${String(i).padStart(3, '0')}`, email: `rep${i}@example.com`, hireDate: i % 3 === 0 ? '2026-09-01' : '2019-03-01', team: teams[i % teams.length] }).id,
  );
  // The pairing orders people by id, and ids are random: fixed ones make the plan the same each run.
  const children = (core.db.prepare("SELECT m.name AS tbl, f.\"from\" AS col FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = 'reps'").all() as { tbl: string; col: string }[]);
  core.db.pragma('foreign_keys = OFF');
  const fixed = ids.map((id, i) => {
    const to = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    core.db.prepare('UPDATE reps SET id = ? WHERE id = ?').run(to, id);
    for (const { tbl, col } of children) core.db.prepare(`UPDATE "${tbl}" SET "${col}" = ? WHERE "${col}" = ?`).run(to, id);
    return to;
  });
  core.db.pragma('foreign_keys = ON');
  expect(core.db.pragma('foreign_key_check')).toEqual([]);
  return core.programs.programs.create({
    name: 'Everyone',
    weekday: 'wed',
    time: '15:00',
    durationMinutes: 45,
    timeZone: 'Europe/Helsinki',
    startDate: '2026-11-30',
    repIds: fixed,
    pairingSeed: 'equivalence',
  }).id;
}

async function generate(core: TestCore, input: { programId: string; weeks: number; more?: boolean }): Promise<void> {
  const result = await dispatch(core.handlers, 'schedule:generate', input);
  if (!result.ok) throw new Error(result.error.message);
}

/**
 * The generated sessions as content, ids replaced by what they stand for (ids are random): each
 * session in write order with its people (by email) in write order, its history and its reason.
 */
function contentDigest(db: Database): { digest: string; sessions: number; participants: number } {
  const email = new Map((db.prepare('SELECT id, email FROM reps').raw().all() as [string, string][]).map(([id, e]) => [id, e]));
  const area = new Map((db.prepare('SELECT id, name FROM focus_areas').raw().all() as [string, string][]).map(([id, n]) => [id, n]));
  const sessions = db
    .prepare(
      `SELECT id, program_week, local_date, starts_at, ends_at, focus_area_id, title, status, scenario_id, notes, sequence, created_at, updated_at,
              coach_rep_id, pairing_reason, created_by FROM sessions ORDER BY rowid`,
    )
    .all() as Record<string, unknown>[];
  const people = db.prepare('SELECT rep_id, role FROM session_participants WHERE session_id = ? ORDER BY rowid').raw();
  const history = db.prepare('SELECT at, kind, detail FROM session_history WHERE session_id = ? ORDER BY rowid').raw();
  const hash = createHash('sha256');
  let participants = 0;
  for (const s of sessions) {
    const members = (people.all(s.id) as [string, string][]).map(([rep, role]) => `${email.get(rep)}:${role}`);
    participants += members.length;
    const row = { ...s, id: undefined, focus_area_id: area.get(s.focus_area_id as string), coach_rep_id: s.coach_rep_id ? email.get(s.coach_rep_id as string) : null, members, history: history.all(s.id) };
    hash.update(`${JSON.stringify(row)}\n`);
  }
  return { digest: hash.digest('hex'), sessions: sessions.length, participants };
}

const tables = (db: Database) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'library_search_%' OR name IN ('library_search_docs', 'library_search_pending', 'library_search_batch') ORDER BY name`).pluck().all() as string[]).filter(
    (name) => name !== 'library_search',
  );

/** Every row of every table (rowids included where the table has them), and the search index's documents. */
function everything(db: Database): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const name of tables(db)) {
    const withoutRowid = /WITHOUT ROWID/i.test(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(name) as string);
    const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as unknown[]).length;
    const order = Array.from({ length: columns }, (_, k) => k + 1).join(', ');
    out[name] = db.prepare(withoutRowid ? `SELECT * FROM "${name}" ORDER BY ${order}` : `SELECT rowid AS _rowid, * FROM "${name}" ORDER BY rowid`).raw().all();
  }
  out.library_search = db.prepare('SELECT rowid, body FROM library_search ORDER BY rowid').raw().all();
  return out;
}

/**
 * The same sessions, participants and history rows inserted one row at a time into the database
 * as it was before the generate, with every trigger in place: what the per-row path leaves.
 */
function perRow(before: Buffer, after: Database): Database {
  // The copy is in memory: its header says rollback journal, not WAL (bytes 18 and 19).
  const image = Buffer.from(before);
  image[18] = 1;
  image[19] = 1;
  const db = new BetterSqlite3(image);
  db.pragma('foreign_keys = ON');
  const sessionCount = db.prepare('SELECT coalesce(max(rowid), 0) FROM sessions').pluck().get() as number;
  const participantCount = db.prepare('SELECT coalesce(max(rowid), 0) FROM session_participants').pluck().get() as number;
  const historyCount = db.prepare('SELECT coalesce(max(rowid), 0) FROM session_history').pluck().get() as number;
  const sessions = after.prepare('SELECT * FROM sessions WHERE rowid > ? ORDER BY rowid').all(sessionCount) as Record<string, unknown>[];
  const participants = after.prepare('SELECT * FROM session_participants WHERE rowid > ? ORDER BY rowid').all(participantCount) as Record<string, unknown>[];
  const history = after.prepare('SELECT * FROM session_history WHERE rowid > ? ORDER BY rowid').all(historyCount) as Record<string, unknown>[];
  const insert = (table: string, row: Record<string, unknown>) =>
    db.prepare(`INSERT INTO ${table} (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map((k) => `@${k}`).join(', ')})`).run(row);
  db.transaction(() => {
    // As a writer that knows nothing of batches would: each session, then its people and its history.
    const peopleOf = new Map<unknown, Record<string, unknown>[]>();
    for (const p of participants) peopleOf.set(p.session_id, [...(peopleOf.get(p.session_id) ?? []), p]);
    const historyOf = new Map<unknown, Record<string, unknown>[]>();
    for (const h of history) historyOf.set(h.session_id, [...(historyOf.get(h.session_id) ?? []), h]);
    for (const s of sessions) insert('sessions', s);
    for (const p of participants) insert('session_participants', p);
    for (const h of history) insert('session_history', h);
  })();
  return db;
}

describe('schedule generate: the batch writes what the per-row path writes', () => {
  it('writes the same sessions, people and history for a fixed seed as before', async () => {
    const core = testCore();
    const programId = seed(core, 41);
    await generate(core, { programId, weeks: 6 });
    await generate(core, { programId, weeks: 3, more: true });
    const content = contentDigest(core.db);
    expect(content.sessions).toBe(9 * 20);
    expect(content.participants).toBe(9 * 41);
    // Taken from the writes before the batch's indexes and triggers were changed; a change to the
    // pairing itself changes it too, and then the new value is taken once its plan is checked.
    expect(content.digest).toBe('92d922da4b89e26b00ac6660cde45e75c0906934eb41b720492e461433a6f463');
  });

  // A batch at least half the size of what is there makes the person-first indexes again after its
  // rows are in; a smaller one enters them row by row. Both must leave the same.
  it.each([
    { first: 2, more: 8, how: 'the indexes made again' },
    { first: 8, more: 2, how: 'the indexes entered row by row' },
  ])('leaves every table, the search index and the Progress rows as writing each row on its own does ($how)', async ({ first, more }) => {
    const core = testCore();
    const programId = seed(core, 41);
    await generate(core, { programId, weeks: first });
    const before = core.db.serialize();
    await generate(core, { programId, weeks: more, more: true });
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The batch checks its rows' parents once instead of row by row; the connection checks again after it.
    expect(core.db.pragma('foreign_key_check')).toEqual([]);
    expect(core.db.pragma('foreign_keys', { simple: true })).toBe(1);
    core.db.prepare("INSERT INTO library_search (library_search) VALUES ('integrity-check')").run();

    const reference = perRow(before, core.db);
    try {
      const batched = everything(core.db);
      const single = everything(reference);
      expect(Object.keys(batched)).toEqual(Object.keys(single));
      for (const name of Object.keys(single)) expect({ name, rows: batched[name] }).toEqual({ name, rows: single[name] });
      expect(batched.progress_participations!.length).toBe((first + more) * 41);
      // The indexes are the same: the batch's schema is the one it started with.
      const schema = (db: Database) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
      expect(schema(core.db)).toEqual(schema(reference));
      // And a word finds the same sessions through the index itself.
      const match = (db: Database) => db.prepare("SELECT rowid FROM library_search WHERE library_search MATCH 'rep 007' ORDER BY rowid").pluck().all();
      expect(match(core.db)).toEqual(match(reference));
      expect(match(core.db).length).toBe(first + more);
    } finally {
      reference.close();
    }
  });
});
