import type { Migration } from './types';

/**
 * A desktop's outbox learns what each write is about and which revision it was made on, so a
 * page shows "waiting to send" on the very thing, an edit made on a stale copy comes back with the
 * hub's newer one (kept beside it until the person chooses), and a scorecard started offline keeps
 * the id the later writes point at. hub_state remembers which generation of the hub's database
 * this desktop last spoke to: a hub restored from a backup has a new one, and the desktop then
 * sends again what the hub no longer has.
 */
export const migration0024: Migration = {
  version: 24,
  name: 'offline-outbox',
  up: `
    ALTER TABLE outbox ADD COLUMN subject_id TEXT;
    ALTER TABLE outbox ADD COLUMN base_revision TEXT;
    ALTER TABLE outbox ADD COLUMN theirs TEXT CHECK (theirs IS NULL OR json_valid(theirs));
    CREATE INDEX outbox_subject ON outbox(subject_id, state);

    CREATE TABLE hub_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `,
};
