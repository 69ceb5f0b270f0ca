import type { Migration } from './types';

/**
 * On one track of two voices the analyser guesses that the voice heard first is the seller's.
 * Someone who takes part in the session, or leads it, can confirm or swap that; the choice is kept
 * beside the analysis (`voices_first`: the role of the voice heard first) so a new analyser run
 * follows it instead of guessing again, with who confirmed it and when.
 */
export const migration0037: Migration = {
  version: 37,
  name: 'confirmed-voices',
  up: `
    ALTER TABLE recording_analyses ADD COLUMN voices_first TEXT CHECK (voices_first IS NULL OR voices_first IN ('seller', 'buyer'));
    ALTER TABLE recording_analyses ADD COLUMN voices_confirmed_by TEXT REFERENCES reps(id) ON DELETE SET NULL;
    ALTER TABLE recording_analyses ADD COLUMN voices_confirmed_at TEXT;
  `,
};
