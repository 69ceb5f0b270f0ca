import type { Migration } from './types';

/**
 * The seed of a program's pairing tie-breaks, kept apart from its id so that a preview made before
 * the program exists (and so before it has an id) pairs exactly as the saved program will.
 * Programs saved before this keep pairing as they did: their seed is their id.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'program-pairing-seed',
  up: `
    ALTER TABLE programs ADD COLUMN pairing_seed TEXT NOT NULL DEFAULT '';
    UPDATE programs SET pairing_seed = id;
  `,
};
