import type { Migration } from './types';

/**
 * Coaches responsible for people and programs. A rep's coach (`coached_by`, set on the roster
 * like the manager) and a program's coaches see and review those people's and programs' sessions;
 * what a coach may see is read from these assignments, never from a session's participant list.
 * The session's own `coach_rep_id` stays: it is the peer coach, the pair member who coaches that week.
 */
export const migration0021: Migration = {
  version: 21,
  name: 'coaching-assignments',
  up: `
    ALTER TABLE reps ADD COLUMN coached_by TEXT REFERENCES reps(id);
    CREATE INDEX reps_coached_by ON reps(coached_by);

    CREATE TABLE program_coaches (
      program_id TEXT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
      rep_id TEXT NOT NULL REFERENCES reps(id),
      PRIMARY KEY (program_id, rep_id)
    ) STRICT;
    CREATE INDEX program_coaches_rep ON program_coaches(rep_id);
  `,
};
