import type { Migration } from './types';

/**
 * Team Progress read every scorecard through `counted_scorecards` (a view that tests each card
 * against the sessions still unconfirmed for its subject), joined its session and averaged its
 * scores, on every visit after any write: most of the view's time. `progress_cards` keeps that
 * answer: one row per scorecard the team view counts (submitted, peer or coach, counted, with at
 * least one score given), with its day and the mean of its scores.
 *
 * The rows are made by the same reading the view did, from `counted_scorecards`, for the cards a
 * write touches: the card itself and its scores, its session's day, focus area and creator, the
 * session's people, confirmations, takes and consents (which decide what is unconfirmed).
 */
const cardRows = (where: string) => `
  INSERT OR REPLACE INTO progress_cards (scorecard_id, rep_id, reviewer_id, role, date, version_id, focus_area_id, mean)
    SELECT * FROM (
      SELECT sc.id, sc.reviewee_id, sc.reviewer_id, sc.role,
             COALESCE(s.local_date, substr(s.starts_at, 1, 10), substr(sc.submitted_at, 1, 10)),
             sc.version_id, s.focus_area_id,
             (SELECT avg(ss.score) FROM scorecard_scores ss WHERE ss.scorecard_id = sc.id AND ss.score IS NOT NULL) AS mean
      FROM counted_scorecards sc JOIN sessions s ON s.id = sc.session_id
      WHERE ${where} AND sc.status = 'submitted' AND sc.role <> 'self')
    WHERE mean IS NOT NULL;`;

/** Made again for the scorecards `cards` (a list or a SELECT of ids). */
const refreshCards = (cards: string) => `
  DELETE FROM progress_cards WHERE scorecard_id IN (${cards});
  ${cardRows(`sc.id IN (${cards})`)}`;

/** Made again for every scorecard of the sessions `sessions` (a list or a SELECT of ids). */
const refreshSessions = (sessions: string) => `
  DELETE FROM progress_cards WHERE scorecard_id IN (SELECT id FROM scorecards WHERE session_id IN (${sessions}));
  ${cardRows(`sc.session_id IN (${sessions})`)}`;

/** Only sessions that have scorecards have anything to refresh (a planner's inserts skip it). */
const scored = (session: string) => `EXISTS (SELECT 1 FROM scorecards WHERE session_id = ${session})`;

export const migration0042: Migration = {
  version: 42,
  name: 'progress-cards',
  up: `
    CREATE TABLE progress_cards (
      scorecard_id TEXT PRIMARY KEY,
      rep_id TEXT NOT NULL,
      reviewer_id TEXT NOT NULL,
      role TEXT NOT NULL,
      date TEXT,
      version_id TEXT NOT NULL,
      focus_area_id TEXT NOT NULL,
      mean REAL NOT NULL
    ) STRICT;
    CREATE INDEX progress_cards_date ON progress_cards(date, scorecard_id);

    ${cardRows('1')}

    CREATE TRIGGER progress_cards_card_insert AFTER INSERT ON scorecards BEGIN
      ${refreshCards('new.id')}
    END;
    CREATE TRIGGER progress_cards_card_update AFTER UPDATE ON scorecards BEGIN
      ${refreshCards('old.id, new.id')}
    END;
    CREATE TRIGGER progress_cards_card_delete AFTER DELETE ON scorecards BEGIN
      DELETE FROM progress_cards WHERE scorecard_id = old.id;
    END;
    CREATE TRIGGER progress_cards_score_insert AFTER INSERT ON scorecard_scores BEGIN
      ${refreshCards('new.scorecard_id')}
    END;
    CREATE TRIGGER progress_cards_score_update AFTER UPDATE ON scorecard_scores BEGIN
      ${refreshCards('old.scorecard_id, new.scorecard_id')}
    END;
    CREATE TRIGGER progress_cards_score_delete AFTER DELETE ON scorecard_scores BEGIN
      ${refreshCards('old.scorecard_id')}
    END;
    CREATE TRIGGER progress_cards_session_update AFTER UPDATE OF local_date, starts_at, focus_area_id, created_by ON sessions
      WHEN ${scored('new.id')} BEGIN
      ${refreshSessions('new.id')}
    END;
    CREATE TRIGGER progress_cards_participant_insert AFTER INSERT ON session_participants WHEN ${scored('new.session_id')} BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER progress_cards_participant_update AFTER UPDATE ON session_participants BEGIN
      ${refreshSessions('old.session_id, new.session_id')}
    END;
    CREATE TRIGGER progress_cards_participant_delete AFTER DELETE ON session_participants WHEN ${scored('old.session_id')} BEGIN
      ${refreshSessions('old.session_id')}
    END;
    CREATE TRIGGER progress_cards_confirmed AFTER INSERT ON session_confirmations BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER progress_cards_confirmation_update AFTER UPDATE ON session_confirmations BEGIN
      ${refreshSessions('old.session_id, new.session_id')}
    END;
    CREATE TRIGGER progress_cards_unconfirmed AFTER DELETE ON session_confirmations BEGIN
      ${refreshSessions('old.session_id')}
    END;
    CREATE TRIGGER progress_cards_take_insert AFTER INSERT ON recordings WHEN ${scored('new.session_id')} BEGIN
      ${refreshSessions('new.session_id')}
    END;
    CREATE TRIGGER progress_cards_take_update AFTER UPDATE OF session_id ON recordings BEGIN
      ${refreshSessions('old.session_id, new.session_id')}
    END;
    CREATE TRIGGER progress_cards_take_delete AFTER DELETE ON recordings WHEN ${scored('old.session_id')} BEGIN
      ${refreshSessions('old.session_id')}
    END;
    CREATE TRIGGER progress_cards_consent_insert AFTER INSERT ON recording_consents BEGIN
      ${refreshSessions('SELECT session_id FROM recordings WHERE id = new.recording_id')}
    END;
    CREATE TRIGGER progress_cards_consent_update AFTER UPDATE ON recording_consents BEGIN
      ${refreshSessions('SELECT session_id FROM recordings WHERE id IN (old.recording_id, new.recording_id)')}
    END;
    CREATE TRIGGER progress_cards_consent_delete AFTER DELETE ON recording_consents BEGIN
      ${refreshSessions('SELECT session_id FROM recordings WHERE id = old.recording_id')}
    END;
  `,
};
