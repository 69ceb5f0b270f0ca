import type { Database } from 'better-sqlite3';
import { closeLibrarySearchBatch } from './migrations/0025-library-search-batch';

/**
 * Runs `fn`, which inserts many sessions and participants, with the Library's search documents of
 * those sessions built once each at the end instead of on every insert (see migration 25). Call it
 * inside the write transaction that does the inserts: the documents are in place before it commits.
 */
export function inLibrarySearchBatch<T>(db: Database, fn: () => T): T {
  if (!db.inTransaction) throw new Error('inLibrarySearchBatch runs inside a write transaction.');
  if (db.prepare('SELECT 1 FROM library_search_batch').get()) return fn();
  db.prepare('INSERT INTO library_search_batch (id) VALUES (1)').run();
  const result = fn();
  db.exec(closeLibrarySearchBatch);
  return result;
}
