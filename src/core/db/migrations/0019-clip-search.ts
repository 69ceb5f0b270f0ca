import type { Migration } from './types';

const indexClip = (c: string) => `
  INSERT INTO library_search_docs (kind, source_id, session_id, recording_id, at_ms)
    SELECT 'clip', ${c}.id, r.session_id, r.id, ${c}.start_ms FROM recordings r WHERE r.id = ${c}.recording_id;
  INSERT INTO library_search (rowid, body)
    SELECT id, ${c}.title FROM library_search_docs WHERE kind = 'clip' AND source_id = ${c}.id;`;

const dropClip = (id: string) => `
  DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_search_docs WHERE kind = 'clip' AND source_id = ${id});
  DELETE FROM library_search_docs WHERE kind = 'clip' AND source_id = ${id};`;

/**
 * Clip titles in the Library's search, with the clip's start as the hit's moment. The kinds of
 * search documents are a CHECK, so the table is rebuilt with 'clip' added (SQLite cannot change
 * a CHECK in place). The triggers that fill it name it in their bodies: with the legacy rename,
 * renaming the new table to the old name leaves them pointing at it, as they should.
 */
export const migration0019: Migration = {
  version: 19,
  name: 'clip-search',
  up: (db) => {
    db.pragma('legacy_alter_table = ON');
    try {
      db.exec(`
        CREATE TABLE library_search_docs_next (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('session', 'marker', 'scorecard', 'comment', 'clip')),
          source_id TEXT NOT NULL,
          session_id TEXT NOT NULL,
          recording_id TEXT,
          at_ms INTEGER CHECK (at_ms IS NULL OR at_ms >= 0),
          UNIQUE (kind, source_id)
        ) STRICT;
        INSERT INTO library_search_docs_next (id, kind, source_id, session_id, recording_id, at_ms)
          SELECT id, kind, source_id, session_id, recording_id, at_ms FROM library_search_docs;
        DROP TABLE library_search_docs;
        ALTER TABLE library_search_docs_next RENAME TO library_search_docs;
        CREATE INDEX library_search_docs_session ON library_search_docs(session_id);

        CREATE TRIGGER library_search_clip_insert AFTER INSERT ON clips BEGIN
          ${indexClip('new')}
        END;
        CREATE TRIGGER library_search_clip_update AFTER UPDATE OF title, start_ms ON clips BEGIN
          ${dropClip('old.id')}
          ${indexClip('new')}
        END;
        CREATE TRIGGER library_search_clip_delete AFTER DELETE ON clips BEGIN
          ${dropClip('old.id')}
        END;
      `);
    } finally {
      db.pragma('legacy_alter_table = OFF');
    }
  },
};
