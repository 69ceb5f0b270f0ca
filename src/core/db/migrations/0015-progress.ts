import type { Migration } from './types';

/**
 * Business results and the development profile's history. Opportunities come from a CRM export,
 * keyed by the CRM's own id so that importing again updates them; they point at their owner by
 * email (not by rep id) so that deals imported before the roster still find their rep later.
 * A quota is per owner and calendar quarter. A profile change keeps the values it replaced, with
 * the time they stopped being current.
 */
export const migration0015: Migration = {
  version: 15,
  name: 'progress',
  up: `
    CREATE TABLE opportunities (
      id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
      owner_email TEXT NOT NULL COLLATE NOCASE,
      created_date TEXT NOT NULL CHECK (created_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      close_date TEXT CHECK (close_date IS NULL OR close_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      amount REAL,
      stage TEXT NOT NULL DEFAULT '',
      closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
      won INTEGER NOT NULL CHECK (won IN (0, 1)),
      imported_at TEXT NOT NULL,
      CHECK (won = 0 OR closed = 1),
      CHECK (closed = 0 OR close_date IS NOT NULL)
    ) STRICT;
    CREATE INDEX opportunities_owner ON opportunities(owner_email, close_date);

    CREATE TABLE quotas (
      owner_email TEXT NOT NULL COLLATE NOCASE,
      period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]'),
      amount REAL NOT NULL CHECK (amount >= 0),
      PRIMARY KEY (owner_email, period)
    ) STRICT;

    CREATE TABLE rep_profile_history (
      id INTEGER PRIMARY KEY,
      rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
      replaced_at TEXT NOT NULL,
      career_goals TEXT NOT NULL,
      motivators TEXT NOT NULL,
      learning_preference TEXT,
      assessment_type TEXT NOT NULL,
      assessment_result TEXT NOT NULL,
      notes TEXT NOT NULL
    ) STRICT;
    CREATE INDEX rep_profile_history_rep ON rep_profile_history(rep_id, replaced_at);
  `,
};
