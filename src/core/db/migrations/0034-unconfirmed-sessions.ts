import type { Migration } from './types';

/**
 * A rep's ad-hoc role-play with a colleague is theirs to confirm. `created_by` names the rep who
 * made it (sessions made by an admin, a manager, a coach or the scheduler have none); it is
 * unconfirmed for each other participant until they confirm it (`session_confirmations`) or a take
 * with their consent exists. `session_unconfirmed` lists those (session, person) pairs, and
 * `counted_scorecards` / `counted_coaching_notes` are scorecards and notes minus the ones about a
 * person on a session still unconfirmed for them: progress, certification, reinforcement and the
 * Library's mean all read those, so nobody can write into a colleague's record by naming them.
 *
 * The Library's per-session mean is made again from `counted_scorecards` (same triggers as version
 * 33), and refreshed when someone confirms, a consent is given or the participants change.
 */
const refreshSessions = (ids: string) => `
  DELETE FROM library_sessions WHERE session_id IN (${ids});
  INSERT INTO library_sessions (session_id, at, reviews, score)
    SELECT s.id, COALESCE(s.starts_at, (SELECT MIN(r.started_at) FROM recordings r WHERE r.session_id = s.id)),
           (SELECT count(*) FROM counted_scorecards c WHERE c.session_id = s.id AND c.revision > 0 AND c.role <> 'self'),
           (SELECT avg(v.overall) FROM counted_scorecards c JOIN scorecard_revisions v ON v.scorecard_id = c.id AND v.revision = c.revision
            WHERE c.session_id = s.id AND c.revision > 0 AND c.role <> 'self')
    FROM sessions s WHERE s.id IN (${ids}) AND EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id);`;

const dropDocs = (where: string) => `
  DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_search_docs WHERE ${where});`;

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

export const migration0034: Migration = {
  version: 34,
  name: 'unconfirmed-sessions',
  up: `
    ALTER TABLE sessions ADD COLUMN created_by TEXT REFERENCES reps(id) ON DELETE SET NULL;

    CREATE TABLE session_confirmations (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
      confirmed_at TEXT NOT NULL,
      PRIMARY KEY (session_id, rep_id)
    ) STRICT;

    CREATE VIEW session_unconfirmed AS
      SELECT p.session_id, p.rep_id FROM session_participants p JOIN sessions s ON s.id = p.session_id
       WHERE s.created_by IS NOT NULL AND p.rep_id <> s.created_by
         AND NOT EXISTS (SELECT 1 FROM session_confirmations k WHERE k.session_id = p.session_id AND k.rep_id = p.rep_id)
         AND NOT EXISTS (SELECT 1 FROM recordings r JOIN recording_consents k ON k.recording_id = r.id
                          WHERE r.session_id = p.session_id AND k.rep_id = p.rep_id);

    CREATE VIEW counted_scorecards AS
      SELECT * FROM scorecards sc
       WHERE NOT EXISTS (SELECT 1 FROM session_unconfirmed u WHERE u.session_id = sc.session_id AND u.rep_id = sc.reviewee_id);

    CREATE VIEW counted_coaching_notes AS
      SELECT * FROM coaching_notes n
       WHERE n.session_id IS NULL
          OR NOT EXISTS (SELECT 1 FROM session_unconfirmed u WHERE u.session_id = n.session_id AND u.rep_id = n.rep_id);

    DROP TRIGGER library_sessions_session_date;
    DROP TRIGGER library_sessions_take_insert;
    DROP TRIGGER library_sessions_take_update;
    DROP TRIGGER library_sessions_take_delete;
    DROP TRIGGER library_search_scorecard_delete;
    DROP TRIGGER library_sessions_scorecard_revision;
    DROP TRIGGER library_search_revision_insert;

    CREATE TRIGGER library_sessions_session_date AFTER UPDATE OF starts_at, created_by ON sessions BEGIN
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
    CREATE TRIGGER library_sessions_confirmed AFTER INSERT ON session_confirmations BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER library_sessions_consent_insert AFTER INSERT ON recording_consents BEGIN
      ${refreshSessions('SELECT session_id FROM recordings WHERE id = new.recording_id')}
    END;
    CREATE TRIGGER library_sessions_consent_delete AFTER DELETE ON recording_consents BEGIN
      ${refreshSessions('SELECT session_id FROM recordings WHERE id = old.recording_id')}
    END;
    CREATE TRIGGER library_sessions_participant_insert AFTER INSERT ON session_participants
      WHEN (SELECT created_by FROM sessions WHERE id = new.session_id) IS NOT NULL BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER library_sessions_participant_delete AFTER DELETE ON session_participants
      WHEN (SELECT created_by FROM sessions WHERE id = old.session_id) IS NOT NULL BEGIN
      ${refreshSessions('old.session_id')}
    END;
  `,
};
