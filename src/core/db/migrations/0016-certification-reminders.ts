import type { Migration } from './types';

/**
 * Which certification reminders (30, 7 and 1 days before a grant expires) were handed out as a
 * desktop notification, so that each is shown once per grant whichever window asks, and never
 * again after a restart.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'certification-reminders',
  up: `
    CREATE TABLE certification_reminders_sent (
      grant_id TEXT NOT NULL REFERENCES certification_grants(id),
      days_before INTEGER NOT NULL CHECK (days_before IN (30, 7, 1)),
      sent_at TEXT NOT NULL,
      PRIMARY KEY (grant_id, days_before)
    ) STRICT, WITHOUT ROWID;
  `,
};
