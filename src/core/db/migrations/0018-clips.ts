import type { Migration } from './types';

/**
 * Clips: a range of a take with a title, a focus area and the rubric criteria it shows well;
 * together they are each focus area's Great moments. A clip is only a range of its recording
 * (nothing is copied), so it goes when the recording goes. Deleting one is final: the interface
 * asks first.
 */
export const migration0018: Migration = {
  version: 18,
  name: 'clips',
  up: `
    CREATE TABLE clips (
      id TEXT PRIMARY KEY,
      recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
      start_ms INTEGER NOT NULL CHECK (start_ms >= 0),
      end_ms INTEGER NOT NULL CHECK (end_ms > start_ms),
      title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
      focus_area_id TEXT NOT NULL REFERENCES focus_areas(id),
      criteria TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(criteria) AND json_type(criteria) = 'array'),
      -- Null: made at this computer by its owner, with no person named (or the person was removed).
      created_by TEXT REFERENCES reps(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX clips_recording ON clips(recording_id, start_ms);
    CREATE INDEX clips_focus ON clips(focus_area_id, created_at);
  `,
};
