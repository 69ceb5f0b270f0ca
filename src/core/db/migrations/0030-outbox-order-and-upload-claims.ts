import type { Migration } from './types';

/**
 * A desktop's outbox goes up in the order it was written, by a sequence number of its own: its
 * ids are UUIDv7, made from the clock, so a clock set back a day would have put later writes
 * before earlier ones. A refusal keeps the hub's error code beside its reason (an access or
 * validation refusal is final; the desktop shows it with "send again" and "discard").
 *
 * On the hub, an upload removed unfinished (expired after a day, or damaged) keeps its row with
 * when it was removed, so it no longer counts against its person's open uploads.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'outbox-order-and-upload-claims',
  up: `
    ALTER TABLE outbox ADD COLUMN seq INTEGER;
    UPDATE outbox SET seq = (SELECT count(*) FROM outbox o WHERE o.id <= outbox.id);
    CREATE UNIQUE INDEX outbox_seq ON outbox(seq);
    ALTER TABLE outbox ADD COLUMN error_code TEXT;

    ALTER TABLE hub_uploads ADD COLUMN removed_at TEXT;
    CREATE INDEX hub_uploads_open ON hub_uploads(rep_id) WHERE adopted_at IS NULL AND removed_at IS NULL;
  `,
};
