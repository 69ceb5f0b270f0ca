import type { Migration } from './types';

/**
 * Two things the weekly cycle met:
 *
 * A marker records who set it (`author_id`), so only its author, the session's coach and admins
 * change or delete it; markers from before have no author and stay open to the session's people.
 *
 * The Library's mean left self-reviews in while Progress left them out, so one role-play could
 * show two different means. Now both count peer and coach scorecards only: a session's reviews
 * and mean in `library_sessions` leave the seller's own review out (a session only self-reviewed
 * is unreviewed). The triggers that keep the row fresh are made again with the new rule, each
 * deleting the session's row and inserting it again (never INSERT OR REPLACE, whose policy an
 * outer upsert would turn into ABORT: see version 23).
 */
const dropDocs = (where: string) => `
  DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_search_docs WHERE ${where});`;

const refreshSessions = (ids: string) => `
  DELETE FROM library_sessions WHERE session_id IN (${ids});
  INSERT INTO library_sessions (session_id, at, reviews, score)
    SELECT s.id, COALESCE(s.starts_at, (SELECT MIN(r.started_at) FROM recordings r WHERE r.session_id = s.id)),
           (SELECT count(*) FROM scorecards c WHERE c.session_id = s.id AND c.revision > 0 AND c.role <> 'self'),
           (SELECT avg(v.overall) FROM scorecards c JOIN scorecard_revisions v ON v.scorecard_id = c.id AND v.revision = c.revision
            WHERE c.session_id = s.id AND c.revision > 0 AND c.role <> 'self')
    FROM sessions s WHERE s.id IN (${ids}) AND EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id);`;

const scorecardText = (scorecardId: string) => `
  SELECT concat_ws(' ',
           (SELECT group_concat(j.value, ' ') FROM json_each(v.content, '$.sections') j),
           (SELECT group_concat(json_extract(j.value, '$.comment'), ' ') FROM json_each(v.content, '$.scores') j))
  FROM scorecard_revisions v WHERE v.scorecard_id = ${scorecardId} ORDER BY v.revision DESC LIMIT 1`;

const indexScorecard = (id: string) => `
  ${dropDocs(`kind = 'scorecard' AND source_id = ${id}`)}
  DELETE FROM library_search_docs WHERE kind = 'scorecard' AND source_id = ${id};
  INSERT INTO library_search_docs (kind, source_id, session_id, recording_id, at_ms)
    SELECT 'scorecard', c.id, c.session_id, c.recording_id, NULL FROM scorecards c WHERE c.id = ${id};
  INSERT INTO library_search (rowid, body)
    SELECT id, (${scorecardText(id)}) FROM library_search_docs WHERE kind = 'scorecard' AND source_id = ${id};`;

export const migration0033: Migration = {
  version: 33,
  name: 'library-mean-and-marker-author',
  up: `
    ALTER TABLE markers ADD COLUMN author_id TEXT REFERENCES reps(id) ON DELETE SET NULL;

    DROP TRIGGER library_sessions_session_date;
    DROP TRIGGER library_sessions_take_insert;
    DROP TRIGGER library_sessions_take_update;
    DROP TRIGGER library_sessions_take_delete;
    DROP TRIGGER library_search_scorecard_delete;
    DROP TRIGGER library_sessions_scorecard_revision;
    DROP TRIGGER library_search_revision_insert;

    CREATE TRIGGER library_sessions_session_date AFTER UPDATE OF starts_at ON sessions BEGIN
      ${refreshSessions('new.id')}
    END;
    CREATE TRIGGER library_sessions_take_insert AFTER INSERT ON recordings BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER library_sessions_take_update AFTER UPDATE OF session_id, started_at ON recordings BEGIN
      ${refreshSessions('old.session_id, new.session_id')}
    END;
    CREATE TRIGGER library_sessions_take_delete AFTER DELETE ON recordings BEGIN
      ${refreshSessions('old.session_id')}
    END;
    CREATE TRIGGER library_search_scorecard_delete AFTER DELETE ON scorecards BEGIN
      ${dropDocs(`kind = 'scorecard' AND source_id = old.id`)}
      DELETE FROM library_search_docs WHERE kind = 'scorecard' AND source_id = old.id;
      ${refreshSessions('old.session_id')}
    END;
    CREATE TRIGGER library_sessions_scorecard_revision AFTER UPDATE OF revision ON scorecards BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER library_search_revision_insert AFTER INSERT ON scorecard_revisions BEGIN
      ${indexScorecard('new.scorecard_id')}
      ${refreshSessions('SELECT session_id FROM scorecards WHERE id = new.scorecard_id')}
    END;

    ${refreshSessions('SELECT DISTINCT session_id FROM recordings')}
  `,
};
