import type { Migration } from './types';

/**
 * Pairing prefers people of the same team (their learning circle); a program that mixes teams on
 * purpose says so. Existing programs keep the preference, as new ones do by default.
 */
export const migration0032: Migration = {
  version: 32,
  name: 'program-pair-across-teams',
  up: `
    ALTER TABLE programs ADD COLUMN pair_across_teams INTEGER NOT NULL DEFAULT 0 CHECK (pair_across_teams IN (0, 1));
  `,
};
