import type { Database } from 'better-sqlite3';
import { defaultPersonas, defaultScenarios } from '../../../shared/default-library';
import type { Migration } from './types';

const seededAt = '2026-01-01T00:00:00.000Z';

/**
 * Weekly role-play programs: the program, its roster and focus rotation, skipped dates, absences,
 * the persona and scenario library (seeded with a default set), the pairing recorded on each
 * generated session, and the kept history of every change to a scheduled session.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'programs',
  up: (db: Database) => {
    db.exec(`
      CREATE TABLE programs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) > 0),
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        time TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 10 AND 240),
        time_zone TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT,
        strategy TEXT NOT NULL CHECK (strategy IN ('mixed', 'cohort', 'rotate')),
        repeat_window_weeks INTEGER NOT NULL DEFAULT 3 CHECK (repeat_window_weeks BETWEEN 0 AND 52),
        reminder_minutes INTEGER NOT NULL DEFAULT 15 CHECK (reminder_minutes >= 0),
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (end_date IS NULL OR end_date >= start_date)
      ) STRICT;

      CREATE TABLE program_reps (
        program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        rep_id TEXT NOT NULL REFERENCES reps(id),
        position INTEGER NOT NULL,
        PRIMARY KEY (program_id, rep_id)
      ) STRICT;
      CREATE INDEX program_reps_rep ON program_reps(rep_id);

      CREATE TABLE program_focus_areas (
        program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        focus_area_id TEXT NOT NULL REFERENCES focus_areas(id),
        PRIMARY KEY (program_id, position)
      ) STRICT;

      CREATE TABLE program_skipped_dates (
        program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
        date TEXT NOT NULL,
        PRIMARY KEY (program_id, date)
      ) STRICT;

      CREATE TABLE rep_absences (
        id TEXT PRIMARY KEY,
        rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
        from_date TEXT NOT NULL,
        to_date TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        CHECK (to_date >= from_date)
      ) STRICT;
      CREATE INDEX rep_absences_rep ON rep_absences(rep_id, from_date);

      CREATE TABLE personas (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) > 0),
        role TEXT NOT NULL DEFAULT '',
        company TEXT NOT NULL DEFAULT '',
        situation TEXT NOT NULL DEFAULT '',
        pains TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pains)),
        objections TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(objections)),
        uncover TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(uncover)),
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE scenarios (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL CHECK (length(title) > 0),
        focus_area_id TEXT REFERENCES focus_areas(id),
        persona_id TEXT NOT NULL REFERENCES personas(id),
        setup TEXT NOT NULL DEFAULT '',
        seller_goal TEXT NOT NULL DEFAULT '',
        buyer_notes TEXT NOT NULL DEFAULT '',
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX scenarios_focus ON scenarios(focus_area_id);

      ALTER TABLE sessions ADD COLUMN program_week INTEGER;
      ALTER TABLE sessions ADD COLUMN local_date TEXT;
      ALTER TABLE sessions ADD COLUMN coach_rep_id TEXT REFERENCES reps(id);
      ALTER TABLE sessions ADD COLUMN pairing_reason TEXT CHECK (pairing_reason IS NULL OR json_valid(pairing_reason));
      CREATE INDEX sessions_program_week ON sessions(program_id, program_week);

      CREATE TABLE session_history (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('created', 'rescheduled', 'cancelled', 'swapped', 'status', 'replaced')),
        detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
      ) STRICT;
      CREATE INDEX session_history_session ON session_history(session_id, at);
    `);
    const persona = db.prepare(
      `INSERT INTO personas (id, name, role, company, situation, pains, objections, uncover, builtin, created_at, updated_at)
       VALUES (@id, @name, @role, @company, @situation, @pains, @objections, @uncover, 1, '${seededAt}', '${seededAt}')`,
    );
    for (const p of defaultPersonas) {
      persona.run({ ...p, pains: JSON.stringify(p.pains), objections: JSON.stringify(p.objections), uncover: JSON.stringify(p.uncover) });
    }
    const scenario = db.prepare(
      `INSERT INTO scenarios (id, title, focus_area_id, persona_id, setup, seller_goal, buyer_notes, builtin, created_at, updated_at)
       VALUES (@id, @title, @focusAreaId, @personaId, @setup, @sellerGoal, @buyerNotes, 1, '${seededAt}', '${seededAt}')`,
    );
    for (const s of defaultScenarios) scenario.run(s);
  },
};
