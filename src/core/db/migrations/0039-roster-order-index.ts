import type { Migration } from './types';

/**
 * Every list of people is in roster order (name without regard to case, then email). With 20,000
 * people each such read sorted the whole roster in a temporary tree: the People screen's first page,
 * Progress's team, the certification listings. `reps_roster_order` holds that order, so a first
 * page reads its hundred rows and a full read walks the index already sorted. `reps_role` gives
 * the People screen's role filter its choices from the index, as `reps_team` does for teams.
 */
export const migration0039: Migration = {
  version: 39,
  name: 'roster-order-index',
  up: `
    CREATE INDEX reps_roster_order ON reps(name COLLATE NOCASE, email);
    CREATE INDEX reps_role ON reps(role);
  `,
};
