import type { Migration } from './types';

/**
 * Full-text search for the Library: one FTS5 index over what people remember a take by (the
 * people, scenario and persona of a session, marker notes, scorecard free text), kept in step
 * by triggers so no code path can forget it.
 *
 * `library_search_docs` says what each indexed row is (and, for a marker, where in the take);
 * its integer id is the FTS rowid, so a trigger finds a row to replace by the source's own id
 * without scanning the index. `remove_diacritics 2` folds ä/ö/å and friends, so "kayttoonotto"
 * finds "käyttöönotto" and "oversattning" finds "översättning".
 *
 * Scorecards are indexed from their last submitted revision only: a draft is its writer's alone.
 *
 * `library_sessions` is the Library's list itself, one row per session that has a take, with what
 * it sorts and filters by (date, reviews, mean score), so the first page of 10,000 sessions is an
 * index walk rather than a computation over all of them.
 */
const sessionText = (sessionId: string) => `
  SELECT concat_ws(' ', s.title, s.notes,
           (SELECT group_concat(r.name, ' ') FROM session_participants sp JOIN reps r ON r.id = sp.rep_id WHERE sp.session_id = s.id),
           sc.title, sc.setup, p.name, p.role, p.company)
  FROM sessions s LEFT JOIN scenarios sc ON sc.id = s.scenario_id LEFT JOIN personas p ON p.id = sc.persona_id
  WHERE s.id = ${sessionId}`;

const scorecardText = (scorecardId: string) => `
  SELECT concat_ws(' ',
           (SELECT group_concat(j.value, ' ') FROM json_each(v.content, '$.sections') j),
           (SELECT group_concat(json_extract(j.value, '$.comment'), ' ') FROM json_each(v.content, '$.scores') j))
  FROM scorecard_revisions v WHERE v.scorecard_id = ${scorecardId} ORDER BY v.revision DESC LIMIT 1`;

const refreshSessions = (ids: string) => `
  INSERT OR REPLACE INTO library_sessions (session_id, at, reviews, score)
    SELECT s.id, COALESCE(s.starts_at, (SELECT MIN(r.started_at) FROM recordings r WHERE r.session_id = s.id)),
           (SELECT count(*) FROM scorecards c WHERE c.session_id = s.id AND c.revision > 0),
           (SELECT avg(v.overall) FROM scorecards c JOIN scorecard_revisions v ON v.scorecard_id = c.id AND v.revision = c.revision
            WHERE c.session_id = s.id AND c.revision > 0)
    FROM sessions s WHERE s.id IN (${ids}) AND EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id);
  DELETE FROM library_sessions WHERE session_id IN (${ids}) AND NOT EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = library_sessions.session_id);`;

const dropDocs = (where: string) => `
  DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_search_docs WHERE ${where});`;

const reindexSessions = (ids: string) => `
  ${dropDocs(`kind = 'session' AND source_id IN (${ids})`)}
  INSERT INTO library_search (rowid, body)
    SELECT d.id, (${sessionText('d.source_id')}) FROM library_search_docs d WHERE d.kind = 'session' AND d.source_id IN (${ids});`;

const indexMarker = (m: string) => `
  INSERT INTO library_search_docs (kind, source_id, session_id, recording_id, at_ms)
    SELECT 'marker', ${m}.id, r.session_id, r.id, ${m}.offset_ms FROM recordings r WHERE r.id = ${m}.recording_id;
  INSERT INTO library_search (rowid, body)
    SELECT id, concat_ws(' ', ${m}.note, ${m}.tag) FROM library_search_docs WHERE kind = 'marker' AND source_id = ${m}.id;`;

const indexScorecard = (id: string) => `
  ${dropDocs(`kind = 'scorecard' AND source_id = ${id}`)}
  DELETE FROM library_search_docs WHERE kind = 'scorecard' AND source_id = ${id};
  INSERT INTO library_search_docs (kind, source_id, session_id, recording_id, at_ms)
    SELECT 'scorecard', c.id, c.session_id, c.recording_id, NULL FROM scorecards c WHERE c.id = ${id};
  INSERT INTO library_search (rowid, body)
    SELECT id, (${scorecardText(id)}) FROM library_search_docs WHERE kind = 'scorecard' AND source_id = ${id};`;

export const migration0013: Migration = {
  version: 13,
  name: 'library-search',
  up: `
    CREATE TABLE library_search_docs (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('session', 'marker', 'scorecard', 'comment')),
      source_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      recording_id TEXT,
      at_ms INTEGER CHECK (at_ms IS NULL OR at_ms >= 0),
      UNIQUE (kind, source_id)
    ) STRICT;
    CREATE INDEX library_search_docs_session ON library_search_docs(session_id);

    CREATE VIRTUAL TABLE library_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

    CREATE TABLE library_sessions (
      session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
      -- When it was scheduled, else when its first take started.
      at TEXT NOT NULL,
      reviews INTEGER NOT NULL DEFAULT 0 CHECK (reviews >= 0),
      score REAL
    ) STRICT;
    CREATE INDEX library_sessions_at ON library_sessions(at, session_id);
    CREATE INDEX library_sessions_score ON library_sessions(score, at);
    CREATE INDEX recordings_session_started ON recordings(session_id, started_at);
    CREATE INDEX scorecards_session ON scorecards(session_id);
    ${refreshSessions('SELECT id FROM sessions')}

    INSERT INTO library_search_docs (kind, source_id, session_id) SELECT 'session', id, id FROM sessions;
    INSERT INTO library_search_docs (kind, source_id, session_id, recording_id, at_ms)
      SELECT 'marker', m.id, r.session_id, r.id, m.offset_ms FROM markers m JOIN recordings r ON r.id = m.recording_id;
    INSERT INTO library_search_docs (kind, source_id, session_id, recording_id)
      SELECT 'scorecard', c.id, c.session_id, c.recording_id FROM scorecards c WHERE c.revision > 0;
    INSERT INTO library_search (rowid, body)
      SELECT d.id, CASE d.kind
        WHEN 'session' THEN (${sessionText('d.source_id')})
        WHEN 'marker' THEN (SELECT concat_ws(' ', m.note, m.tag) FROM markers m WHERE m.id = d.source_id)
        ELSE (${scorecardText('d.source_id')})
      END FROM library_search_docs d;

    CREATE TRIGGER library_search_session_insert AFTER INSERT ON sessions BEGIN
      INSERT INTO library_search_docs (kind, source_id, session_id) VALUES ('session', new.id, new.id);
      ${reindexSessions('new.id')}
    END;
    CREATE TRIGGER library_search_session_update AFTER UPDATE OF title, notes, scenario_id ON sessions BEGIN
      ${reindexSessions('new.id')}
    END;
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
    CREATE TRIGGER library_search_session_delete AFTER DELETE ON sessions BEGIN
      ${dropDocs('session_id = old.id')}
      DELETE FROM library_search_docs WHERE session_id = old.id;
    END;
    CREATE TRIGGER library_search_participant_insert AFTER INSERT ON session_participants BEGIN
      ${reindexSessions('new.session_id')}
    END;
    CREATE TRIGGER library_search_participant_delete AFTER DELETE ON session_participants BEGIN
      ${reindexSessions('old.session_id')}
    END;
    CREATE TRIGGER library_search_rep_rename AFTER UPDATE OF name ON reps BEGIN
      ${reindexSessions('SELECT session_id FROM session_participants WHERE rep_id = new.id')}
    END;
    CREATE TRIGGER library_search_scenario_update AFTER UPDATE OF title, setup, persona_id ON scenarios BEGIN
      ${reindexSessions('SELECT id FROM sessions WHERE scenario_id = new.id')}
    END;
    CREATE TRIGGER library_search_persona_update AFTER UPDATE OF name, role, company ON personas BEGIN
      ${reindexSessions('SELECT s.id FROM sessions s JOIN scenarios sc ON sc.id = s.scenario_id WHERE sc.persona_id = new.id')}
    END;

    CREATE TRIGGER library_search_marker_insert AFTER INSERT ON markers BEGIN
      ${indexMarker('new')}
    END;
    CREATE TRIGGER library_search_marker_update AFTER UPDATE OF note, tag, offset_ms ON markers BEGIN
      ${dropDocs(`kind = 'marker' AND source_id = old.id`)}
      DELETE FROM library_search_docs WHERE kind = 'marker' AND source_id = old.id;
      ${indexMarker('new')}
    END;
    CREATE TRIGGER library_search_marker_delete AFTER DELETE ON markers BEGIN
      ${dropDocs(`kind = 'marker' AND source_id = old.id`)}
      DELETE FROM library_search_docs WHERE kind = 'marker' AND source_id = old.id;
    END;

    CREATE TRIGGER library_search_revision_insert AFTER INSERT ON scorecard_revisions BEGIN
      ${indexScorecard('new.scorecard_id')}
      ${refreshSessions('SELECT session_id FROM scorecards WHERE id = new.scorecard_id')}
    END;
    CREATE TRIGGER library_search_scorecard_recording AFTER UPDATE OF recording_id ON scorecards BEGIN
      UPDATE library_search_docs SET recording_id = new.recording_id WHERE kind = 'scorecard' AND source_id = new.id;
    END;
    CREATE TRIGGER library_search_scorecard_delete AFTER DELETE ON scorecards BEGIN
      ${dropDocs(`kind = 'scorecard' AND source_id = old.id`)}
      DELETE FROM library_search_docs WHERE kind = 'scorecard' AND source_id = old.id;
      ${refreshSessions('old.session_id')}
    END;
    CREATE TRIGGER library_sessions_scorecard_revision AFTER UPDATE OF revision ON scorecards BEGIN
      ${refreshSessions('new.session_id')}
    END;
  `,
};
