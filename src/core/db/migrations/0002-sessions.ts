import type { Migration } from './types';

const seededAt = '2026-01-01T00:00:00.000Z';

/** Focus areas and role-play sessions: programs, recordings and scorecards all hang off these. */
export const migration0002: Migration = {
  version: 2,
  name: 'sessions',
  up: `
    CREATE TABLE focus_areas (
      id TEXT PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND length(id) BETWEEN 1 AND 60),
      name TEXT NOT NULL CHECK (length(name) > 0),
      description TEXT NOT NULL DEFAULT '',
      builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
      position INTEGER NOT NULL DEFAULT 0,
      archived_at TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX focus_areas_name ON focus_areas(name COLLATE NOCASE);

    INSERT INTO focus_areas (id, name, description, builtin, position, created_at, updated_at) VALUES
      ('discovery', 'Discovery', 'Open questions that uncover the buyer''s situation, pains, their impact and what a change is worth.', 1, 1, '${seededAt}', '${seededAt}'),
      ('demo', 'Demo', 'Showing the product through the pains found in discovery, as a story, checking in with the buyer.', 1, 2, '${seededAt}', '${seededAt}'),
      ('personas', 'Buyer personas', 'Questions and language that fit the buyer''s role: what a CFO, an IT lead or an end user cares about.', 1, 3, '${seededAt}', '${seededAt}'),
      ('objection-handling', 'Objection handling', 'Hearing an objection out, finding what is behind it, and answering without arguing.', 1, 4, '${seededAt}', '${seededAt}');

    CREATE TABLE sessions (
      id TEXT PRIMARY KEY,
      program_id TEXT,
      focus_area_id TEXT NOT NULL REFERENCES focus_areas(id),
      title TEXT NOT NULL DEFAULT '',
      starts_at TEXT,
      ends_at TEXT,
      status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'missed', 'cancelled')),
      scenario_id TEXT,
      notes TEXT NOT NULL DEFAULT '',
      sequence INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at)
    ) STRICT;
    CREATE INDEX sessions_starts_at ON sessions(starts_at);
    CREATE INDEX sessions_program ON sessions(program_id);

    CREATE TABLE session_participants (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      rep_id TEXT NOT NULL REFERENCES reps(id),
      role TEXT NOT NULL CHECK (role IN ('seller', 'buyer', 'observer')),
      PRIMARY KEY (session_id, rep_id)
    ) STRICT;
    CREATE INDEX session_participants_rep ON session_participants(rep_id);
  `,
};
