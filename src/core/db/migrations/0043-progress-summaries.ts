import type { Migration } from './types';

/**
 * Team Progress after a write still read a year of history on every visit: every scorecard mean
 * (to find each person's latest scores) and every participation (with a look at the session's takes
 * to decide whether it was held). Two summaries keep what the view needs, made again inside the
 * writing transaction for only what a write touches:
 *
 * - `progress_latest`: per person, focus area and criterion key, the scores given on the last day
 *   that key was scored (the heatmap's "latest" cells). Made from `progress_cards` (which 0042 keeps)
 *   whenever a card of that person and area is made, changed or dropped.
 * - `progress_participations`: one row per person in a session, with the session's day, focus
 *   area, program, coach and its status as what happened (a finished take of at least a minute makes
 *   a planned or missed session held). Made again when the session, its people or its takes change.
 *   Indexed by person and day, so the view reads its window and each person's latest rows, not the year.
 */

/** Made again for the person and focus area `rep`, `area` (expressions of the trigger's row). */
const refreshLatest = (rep: string, area: string) => `
  DELETE FROM progress_latest WHERE rep_id = ${rep} AND focus_area_id = ${area};
  ${latestRows(`pc.rep_id = ${rep} AND pc.focus_area_id = ${area}`)}`;

const latestRows = (where: string) => `
  INSERT INTO progress_latest (rep_id, focus_area_id, key, scorecard_id, role, criterion_id, date, score)
    SELECT rep_id, focus_area_id, key, scorecard_id, role, criterion_id, date, score FROM (
      SELECT pc.rep_id, pc.focus_area_id, rc.key, pc.scorecard_id, pc.role, ss.criterion_id, pc.date, ss.score,
             max(pc.date) OVER (PARTITION BY pc.rep_id, pc.focus_area_id, rc.key) AS latest
      FROM progress_cards pc
      JOIN scorecard_scores ss ON ss.scorecard_id = pc.scorecard_id AND ss.score IS NOT NULL
      JOIN rubric_criteria rc ON rc.id = ss.criterion_id
      WHERE ${where})
    WHERE date = latest;`;

/** A session's status as what happened: a finished take of at least a minute makes it held. */
const heldStatus = `CASE WHEN s.status IN ('scheduled', 'missed') AND EXISTS (
      SELECT 1 FROM recordings held_r WHERE held_r.session_id = s.id AND held_r.status = 'ready'
        AND COALESCE(held_r.duration_ms, 60000) >= 60000
    ) THEN 'done' ELSE s.status END`;

const participationRows = (where: string) => `
  INSERT OR REPLACE INTO progress_participations (session_id, rep_id, role, status, program_id, focus_area_id, coach_id, date)
    SELECT sp.session_id, sp.rep_id, sp.role, ${heldStatus}, s.program_id, s.focus_area_id, s.coach_rep_id,
           COALESCE(s.local_date, substr(s.starts_at, 1, 10))
    FROM session_participants sp JOIN sessions s ON s.id = sp.session_id
    WHERE ${where};`;

/** Made again for every person of the sessions `sessions` (a list or a SELECT of ids). */
const refreshSessions = (sessions: string) => `
  DELETE FROM progress_participations WHERE session_id IN (${sessions});
  ${participationRows(`sp.session_id IN (${sessions})`)}`;

export const migration0043: Migration = {
  version: 43,
  name: 'progress-summaries',
  up: `
    CREATE INDEX progress_cards_rep ON progress_cards(rep_id, focus_area_id, date);
    CREATE INDEX progress_cards_rep_date ON progress_cards(rep_id, date, scorecard_id);

    CREATE TABLE progress_latest (
      rep_id TEXT NOT NULL,
      focus_area_id TEXT NOT NULL,
      key TEXT NOT NULL,
      scorecard_id TEXT NOT NULL,
      role TEXT NOT NULL,
      criterion_id TEXT NOT NULL,
      date TEXT,
      score INTEGER NOT NULL,
      PRIMARY KEY (scorecard_id, criterion_id)
    ) STRICT;
    CREATE INDEX progress_latest_rep ON progress_latest(rep_id, focus_area_id);
    ${latestRows('1')}

    CREATE TRIGGER progress_latest_card_insert AFTER INSERT ON progress_cards BEGIN
      ${refreshLatest('new.rep_id', 'new.focus_area_id')}
    END;
    CREATE TRIGGER progress_latest_card_update AFTER UPDATE ON progress_cards BEGIN
      ${refreshLatest('old.rep_id', 'old.focus_area_id')}
      ${refreshLatest('new.rep_id', 'new.focus_area_id')}
    END;
    CREATE TRIGGER progress_latest_card_delete AFTER DELETE ON progress_cards BEGIN
      ${refreshLatest('old.rep_id', 'old.focus_area_id')}
    END;

    CREATE TABLE progress_participations (
      session_id TEXT NOT NULL,
      rep_id TEXT NOT NULL,
      role TEXT NOT NULL,
      status TEXT NOT NULL,
      program_id TEXT,
      focus_area_id TEXT NOT NULL,
      coach_id TEXT,
      date TEXT,
      PRIMARY KEY (session_id, rep_id)
    ) STRICT;
    CREATE INDEX progress_participations_day ON progress_participations(date);
    CREATE INDEX progress_participations_rep ON progress_participations(rep_id, date, session_id, status);
    CREATE INDEX progress_participations_area ON progress_participations(rep_id, focus_area_id, status, date);
    ${participationRows('1')}

    CREATE TRIGGER progress_participations_insert AFTER INSERT ON session_participants BEGIN
      ${participationRows('sp.session_id = new.session_id AND sp.rep_id = new.rep_id')}
    END;
    CREATE TRIGGER progress_participations_update AFTER UPDATE ON session_participants BEGIN
      DELETE FROM progress_participations WHERE session_id = old.session_id AND rep_id = old.rep_id;
      ${participationRows('sp.session_id = new.session_id AND sp.rep_id = new.rep_id')}
    END;
    CREATE TRIGGER progress_participations_delete AFTER DELETE ON session_participants BEGIN
      DELETE FROM progress_participations WHERE session_id = old.session_id AND rep_id = old.rep_id;
    END;
    CREATE TRIGGER progress_participations_session_update AFTER UPDATE OF status, local_date, starts_at, program_id, focus_area_id, coach_rep_id ON sessions BEGIN
      ${refreshSessions('new.id')}
    END;
    CREATE TRIGGER progress_participations_session_delete AFTER DELETE ON sessions BEGIN
      DELETE FROM progress_participations WHERE session_id = old.id;
    END;
    CREATE TRIGGER progress_participations_take_insert AFTER INSERT ON recordings BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER progress_participations_take_update AFTER UPDATE OF status, duration_ms, session_id ON recordings BEGIN
      ${refreshSessions('old.session_id, new.session_id')}
    END;
    CREATE TRIGGER progress_participations_take_delete AFTER DELETE ON recordings BEGIN
      ${refreshSessions('old.session_id')}
    END;
  `,
};
