import type { Migration } from './types';

/**
 * A role per person for the team hub. NULL means "what the roster says" (reports make a manager,
 * the coach flag a coach, else a rep); an admin sets it explicitly, and admin is only ever explicit.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'access',
  up: `
    ALTER TABLE reps ADD COLUMN access_role TEXT CHECK (access_role IS NULL OR access_role IN ('admin', 'manager', 'coach', 'rep'));
  `,
};
