import type { Migration } from './types';

/**
 * Team Progress after a write read every participation through a temporary sort on the session's
 * day (an expression, so no index served it), and looked up each scorecard's scores in the table
 * rows. `sessions_day` keeps sessions in the order of that day, so the read walks it up to today
 * already sorted; `scorecard_scores_card_score` holds a scorecard's scores and criteria, so a
 * scorecard's mean and its latest scores are read from the index alone.
 */
export const migration0036: Migration = {
  version: 36,
  name: 'progress-indexes',
  up: `
    CREATE INDEX sessions_day ON sessions(COALESCE(local_date, substr(starts_at, 1, 10)), id);
    CREATE INDEX scorecard_scores_card_score ON scorecard_scores(scorecard_id, score, criterion_id);
  `,
};
