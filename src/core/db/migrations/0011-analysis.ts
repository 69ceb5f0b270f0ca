import type { Migration } from './types';

/**
 * The speech analysis of each recording (talk ratio, turns, patience...), kept as the analyser's
 * JSON with the analyser's version: a newer analyser runs again over what an older one stored.
 * `state` shows a run queued, under way or failed (with its error), so a failure is never silent.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'analysis',
  up: `
    CREATE TABLE recording_analyses (
      recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
      analyzer_version INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
      result TEXT CHECK (result IS NULL OR json_valid(result)),
      error TEXT,
      updated_at TEXT NOT NULL,
      CHECK ((state = 'done') = (result IS NOT NULL))
    ) STRICT;
  `,
};
