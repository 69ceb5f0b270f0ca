import type { Migration } from './types';

/**
 * The Library's list of sessions (`library_sessions`, migration 13) was kept by triggers that
 * wrote it with `INSERT OR REPLACE`. Inside a trigger SQLite uses the conflict policy of the
 * statement that fired it when that statement names one, so an upsert of a session (a connected
 * desktop copying the hub's session before a second take) turned the REPLACE into ABORT and
 * failed with "UNIQUE constraint failed: library_sessions.session_id". The triggers now delete
 * the session's row and insert it again: no conflict for any outer policy to decide.
 */
const refreshSessions = (ids: string) => `
  DELETE FROM library_sessions WHERE session_id IN (${ids});
  INSERT INTO library_sessions (session_id, at, reviews, score)
    SELECT s.id, COALESCE(s.starts_at, (SELECT MIN(r.started_at) FROM recordings r WHERE r.session_id = s.id)),
           (SELECT count(*) FROM scorecards c WHERE c.session_id = s.id AND c.revision > 0),
           (SELECT avg(v.overall) FROM scorecards c JOIN scorecard_revisions v ON v.scorecard_id = c.id AND v.revision = c.revision
            WHERE c.session_id = s.id AND c.revision > 0)
    FROM sessions s WHERE s.id IN (${ids}) AND EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id);`;

const scorecardText = (scorecardId: string) => `
  SELECT concat_ws(' ',
           (SELECT group_concat(j.value, ' ') FROM json_each(v.content, '$.sections') j),
           (SELECT group_concat(json_extract(j.value, '$.comment'), ' ') FROM json_each(v.content, '$.scores') j))
  FROM scorecard_revisions v WHERE v.scorecard_id = ${scorecardId} ORDER BY v.revision DESC LIMIT 1`;

const dropDocs = (where: string) => `
  DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_search_docs WHERE ${where});`;

const indexScorecard = (id: string) => `
  ${dropDocs(`kind = 'scorecard' AND source_id = ${id}`)}
  DELETE FROM library_search_docs WHERE kind = 'scorecard' AND source_id = ${id};
  INSERT INTO library_search_docs (kind, source_id, session_id, recording_id, at_ms)
    SELECT 'scorecard', c.id, c.session_id, c.recording_id, NULL FROM scorecards c WHERE c.id = ${id};
  INSERT INTO library_search (rowid, body)
    SELECT id, (${scorecardText(id)}) FROM library_search_docs WHERE kind = 'scorecard' AND source_id = ${id};`;

export const migration0023: Migration = {
  version: 23,
  name: 'library-sessions-upsert',
  up: `
    DROP TRIGGER library_sessions_session_date;
    CREATE TRIGGER library_sessions_session_date AFTER UPDATE OF starts_at ON sessions BEGIN
      ${refreshSessions('new.id')}
    END;
    DROP TRIGGER library_sessions_take_insert;
    CREATE TRIGGER library_sessions_take_insert AFTER INSERT ON recordings BEGIN
      ${refreshSessions('new.session_id')}
    END;
    DROP TRIGGER library_sessions_take_update;
    CREATE TRIGGER library_sessions_take_update AFTER UPDATE OF session_id, started_at ON recordings BEGIN
      ${refreshSessions('old.session_id, new.session_id')}
    END;
    DROP TRIGGER library_sessions_take_delete;
    CREATE TRIGGER library_sessions_take_delete AFTER DELETE ON recordings BEGIN
      ${refreshSessions('old.session_id')}
    END;
    DROP TRIGGER library_search_revision_insert;
    CREATE TRIGGER library_search_revision_insert AFTER INSERT ON scorecard_revisions BEGIN
      ${indexScorecard('new.scorecard_id')}
      ${refreshSessions('SELECT session_id FROM scorecards WHERE id = new.scorecard_id')}
    END;
    DROP TRIGGER library_search_scorecard_delete;
    CREATE TRIGGER library_search_scorecard_delete AFTER DELETE ON scorecards BEGIN
      ${dropDocs(`kind = 'scorecard' AND source_id = old.id`)}
      DELETE FROM library_search_docs WHERE kind = 'scorecard' AND source_id = old.id;
      ${refreshSessions('old.session_id')}
    END;
    DROP TRIGGER library_sessions_scorecard_revision;
    CREATE TRIGGER library_sessions_scorecard_revision AFTER UPDATE OF revision ON scorecards BEGIN
      ${refreshSessions('new.session_id')}
    END;
  `,
};
