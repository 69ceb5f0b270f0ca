import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'people',
  up: `
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE reps (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL CHECK (length(name) > 0),
      email TEXT NOT NULL UNIQUE COLLATE NOCASE,
      role TEXT NOT NULL DEFAULT '',
      team TEXT NOT NULL DEFAULT '',
      manager_id TEXT REFERENCES reps(id) ON DELETE SET NULL,
      hire_date TEXT,
      coach INTEGER NOT NULL DEFAULT 0 CHECK (coach IN (0, 1)),
      archived_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX reps_team ON reps(team);
    CREATE INDEX reps_manager ON reps(manager_id);

    CREATE TABLE rep_profiles (
      rep_id TEXT PRIMARY KEY REFERENCES reps(id) ON DELETE CASCADE,
      career_goals TEXT NOT NULL DEFAULT '',
      motivators TEXT NOT NULL DEFAULT '',
      learning_preference TEXT,
      assessment_type TEXT NOT NULL DEFAULT '',
      assessment_result TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT ''
    ) STRICT;
  `,
};
