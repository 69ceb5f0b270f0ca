import type { Database } from 'better-sqlite3';
import { closeLibrarySearchBatch } from './migrations/0025-library-search-batch';

/**
 * The triggers that keep a session's search document current insert by insert (see migrations 13
 * and 25). Inside a batch they are dropped and put back from their own stored text before the
 * batch's transaction commits, so no other connection ever sees them missing.
 */
const insertTriggers = ['library_search_session_insert', 'library_search_session_insert_batched', 'library_search_participant_insert', 'library_search_participant_insert_batched'];

const open = new WeakSet<Database>();

/**
 * A session's document text, as migration 25's `closeLibrarySearchBatch` (and the triggers since
 * migration 13) make it, for the document row `d`. The batch equivalence tests hold the two to the
 * same text.
 */
const newSessionText = `
  SELECT concat_ws(' ', s.title, s.notes,
           (SELECT group_concat(r.name, ' ') FROM session_participants sp JOIN reps r ON r.id = sp.rep_id WHERE sp.session_id = s.id),
           sc.title, sc.setup, p.name, p.role, p.company)
  FROM sessions s LEFT JOIN scenarios sc ON sc.id = s.scenario_id LEFT JOIN personas p ON p.id = sc.persona_id
  WHERE s.id = d.source_id`;

/**
 * Runs `fn`, which inserts many sessions and participants, with the Library's search documents of
 * those sessions built once each at the end instead of on every insert. Call it inside the write
 * transaction that does the inserts: the documents are in place before it commits.
 *
 * Even the batched triggers of migration 25 cost a trigger program per session and per
 * participant row (a year of 2,000 reps is 150,000 rows), so while the batch runs the insert
 * triggers are dropped. At the end the new sessions (rowids past the last one before the batch)
 * get their document rows in rowid order, as the triggers would have given them, and their text
 * straight away: they have no document yet, so nothing is looked up to be deleted and they are not
 * noted as pending (2,000 reps, 52 weeks: about 0.1 s of processor). A session from before the batch
 * that gained a participant is indexed once again with migration 25's text.
 */
export function inLibrarySearchBatch<T>(db: Database, fn: () => T): T {
  if (!db.inTransaction) throw new Error('inLibrarySearchBatch runs inside a write transaction.');
  if (open.has(db) || db.prepare('SELECT 1 FROM library_search_batch').get()) return fn();
  const placeholders = insertTriggers.map(() => '?').join(', ');
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${placeholders}) ORDER BY name`).all(...insertTriggers) as {
    name: string;
    sql: string;
  }[];
  const lastRowid = (table: string) => db.prepare(`SELECT coalesce(max(rowid), 0) FROM ${table}`).pluck().get() as number;
  const lastSession = lastRowid('sessions');
  const lastParticipant = lastRowid('session_participants');
  open.add(db);
  try {
    for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
    const result = fn();
    const lastDoc = lastRowid('library_search_docs');
    db.prepare(`INSERT INTO library_search_docs (kind, source_id, session_id) SELECT 'session', id, id FROM sessions WHERE rowid > ? ORDER BY rowid`).run(lastSession);
    // A session new in the batch has no document to replace: its text goes in once, with all its
    // people, under the id its document row was just given.
    db.prepare(`INSERT INTO library_search (rowid, body) SELECT d.id, (${newSessionText}) FROM library_search_docs d WHERE d.id > ? ORDER BY d.id`).run(lastDoc);
    // A session from before the batch that gained someone in it is indexed again as the triggers would.
    db.prepare(
      'INSERT OR IGNORE INTO library_search_pending (session_id) SELECT sp.session_id FROM session_participants sp JOIN sessions s ON s.id = sp.session_id WHERE sp.rowid > ? AND s.rowid <= ?',
    ).run(lastParticipant, lastSession);
    db.exec(closeLibrarySearchBatch);
    return result;
  } finally {
    open.delete(db);
    // Put back as stored; when `fn` threw, its transaction is rolled back anyway.
    for (const { sql } of triggers) db.exec(sql);
  }
}
