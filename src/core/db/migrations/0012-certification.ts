import type { Migration } from './types';

/**
 * Certification. A focus area's program (its levels as JSON, renewal window, calibration band;
 * no row means the default levels), the people an admin marked as certifiers, and the grants.
 * A grant keeps the level as it stood and the scorecards that satisfied it (revision, template
 * version, overall) so that a later edit of the levels or of a rubric never changes it. Grants
 * are never deleted: a lapsed one stays in the history. Programs gain the adaptive focus strategy.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'certification',
  up: `
    CREATE TABLE certification_programs (
      focus_area_id TEXT PRIMARY KEY REFERENCES focus_areas(id),
      fields TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object'),
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE certification_certifiers (
      rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
      focus_area_id TEXT NOT NULL REFERENCES focus_areas(id),
      marked_by TEXT REFERENCES reps(id) ON DELETE SET NULL,
      marked_at TEXT NOT NULL,
      PRIMARY KEY (rep_id, focus_area_id)
    ) STRICT;

    CREATE TABLE certification_grants (
      id TEXT PRIMARY KEY,
      rep_id TEXT NOT NULL REFERENCES reps(id),
      focus_area_id TEXT NOT NULL REFERENCES focus_areas(id),
      level_index INTEGER NOT NULL CHECK (level_index >= 0),
      level_name TEXT NOT NULL CHECK (length(level_name) > 0),
      kind TEXT NOT NULL CHECK (kind IN ('grant', 'renewal')),
      granted_at TEXT NOT NULL,
      expires_at TEXT,
      certifier_id TEXT REFERENCES reps(id),
      code TEXT NOT NULL UNIQUE,
      requirement TEXT NOT NULL CHECK (json_valid(requirement) AND json_type(requirement) = 'object'),
      evidence TEXT NOT NULL CHECK (json_valid(evidence) AND json_type(evidence) = 'array'),
      created_at TEXT NOT NULL,
      UNIQUE (rep_id, focus_area_id, level_index, granted_at),
      CHECK (expires_at IS NULL OR expires_at > granted_at)
    ) STRICT;
    CREATE INDEX certification_grants_focus ON certification_grants(focus_area_id, granted_at);

    -- How a program picks each group's focus area: the fixed rotation, or the seller's weakest area (FSRS).
    ALTER TABLE programs ADD COLUMN focus_strategy TEXT NOT NULL DEFAULT 'rotation' CHECK (focus_strategy IN ('rotation', 'adaptive'));
  `,
};
