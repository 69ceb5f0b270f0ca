import type { Migration } from './types';

/**
 * Finding the sessions a coach runs (what a coach may see and score, on every hub request that
 * asks) read all of a year's sessions without this index.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'session-coach-index',
  up: `
    CREATE INDEX sessions_coach ON sessions(coach_rep_id);
  `,
};
