import type { Migration } from './types';

/**
 * Scheduling a year for a large team wrote each session's search document three times: once when
 * the session was inserted and again for each participant, every time deleting the previous one
 * from the full-text index. Most of `schedule generate` was spent there.
 *
 * A writer that inserts many sessions at once now opens a batch (a row in `library_search_batch`,
 * inside its own transaction): while it is open, new sessions and participants only note the
 * session in `library_search_pending`, and the writer builds each noted session's document once
 * when it closes the batch, before its transaction commits, so no reader ever sees a session
 * without its document. Without a batch, the triggers do what version 13's did.
 *
 * The document's text is version 13's, copied here so this step stays what it was when it shipped.
 */
const sessionText = (sessionId: string) => `
  SELECT concat_ws(' ', s.title, s.notes,
           (SELECT group_concat(r.name, ' ') FROM session_participants sp JOIN reps r ON r.id = sp.rep_id WHERE sp.session_id = s.id),
           sc.title, sc.setup, p.name, p.role, p.company)
  FROM sessions s LEFT JOIN scenarios sc ON sc.id = s.scenario_id LEFT JOIN personas p ON p.id = sc.persona_id
  WHERE s.id = ${sessionId}`;

const reindexSessions = (ids: string) => `
  DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_search_docs WHERE kind = 'session' AND source_id IN (${ids}));
  INSERT INTO library_search (rowid, body)
    SELECT d.id, (${sessionText('d.source_id')}) FROM library_search_docs d WHERE d.kind = 'session' AND d.source_id IN (${ids});`;

const batchOpen = 'EXISTS (SELECT 1 FROM library_search_batch)';

export const migration0025: Migration = {
  version: 25,
  name: 'library-search-batch',
  up: `
    CREATE TABLE library_search_batch (
      id INTEGER PRIMARY KEY CHECK (id = 1)
    ) STRICT;
    CREATE TABLE library_search_pending (
      session_id TEXT PRIMARY KEY
    ) STRICT, WITHOUT ROWID;

    DROP TRIGGER library_search_session_insert;
    DROP TRIGGER library_search_participant_insert;

    CREATE TRIGGER library_search_session_insert AFTER INSERT ON sessions WHEN NOT ${batchOpen} BEGIN
      INSERT INTO library_search_docs (kind, source_id, session_id) VALUES ('session', new.id, new.id);
      ${reindexSessions('new.id')}
    END;
    CREATE TRIGGER library_search_session_insert_batched AFTER INSERT ON sessions WHEN ${batchOpen} BEGIN
      INSERT INTO library_search_docs (kind, source_id, session_id) VALUES ('session', new.id, new.id);
      INSERT OR IGNORE INTO library_search_pending (session_id) VALUES (new.id);
    END;
    CREATE TRIGGER library_search_participant_insert AFTER INSERT ON session_participants WHEN NOT ${batchOpen} BEGIN
      ${reindexSessions('new.session_id')}
    END;
    CREATE TRIGGER library_search_participant_insert_batched AFTER INSERT ON session_participants WHEN ${batchOpen} BEGIN
      INSERT OR IGNORE INTO library_search_pending (session_id) VALUES (new.session_id);
    END;
  `,
};

/** Builds the document of every session noted during the batch, once each, and closes the batch. */
export const closeLibrarySearchBatch = `
  ${reindexSessions('SELECT session_id FROM library_search_pending')}
  DELETE FROM library_search_pending;
  DELETE FROM library_search_batch;`;
