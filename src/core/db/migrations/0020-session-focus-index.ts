import type { Migration } from './types';

/**
 * A focus area's role-plays (certification replays one focus area at a time) were found by reading
 * every scorecard revision, scores and all, without this index.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'session-focus-index',
  up: `
    CREATE INDEX sessions_focus_area ON sessions(focus_area_id);
  `,
};
