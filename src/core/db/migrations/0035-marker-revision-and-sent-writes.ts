import type { Migration } from './types';

/**
 * A marker carries the revision it was last saved at (`updated_at`, like comments, clips, notes
 * and scorecards), so an edit or a deletion made offline on an older copy is refused as stale
 * instead of silently overwriting a colleague's newer note. Markers from before start at the
 * moment they were set.
 *
 * A desktop's outbox also keeps the writes it sent (online ones too) for a while, with the
 * revision the hub answered (`answer_revision`): after the hub is restored from an older backup,
 * the desktop asks whether the hub still has each one and sends again only those it lacks.
 */
export const migration0035: Migration = {
  version: 35,
  name: 'marker-revision-and-sent-writes',
  up: `
    ALTER TABLE markers ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
    UPDATE markers SET updated_at = created_at;

    ALTER TABLE outbox ADD COLUMN answer_revision TEXT;
    CREATE INDEX outbox_sent ON outbox(state, sent_at);
  `,
};
