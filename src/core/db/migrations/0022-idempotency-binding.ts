import type { Migration } from './types';

/**
 * A remembered answer to a write sent with an Idempotency-Key was found by key alone (and the key
 * was unique across everyone): another device, another channel or another input with the same key
 * got the first answer back, and nothing ever went away. Each answer is now bound to the person,
 * device, channel and a hash of the input, and carries when it was made so the hub can forget it
 * after a day. Answers kept so far have no device or input to check against: they are dropped (a
 * retry of one of them runs once more, which is what a first send would do).
 */
export const migration0022: Migration = {
  version: 22,
  name: 'idempotency-binding',
  up: `
    DROP TABLE hub_idempotency;
    CREATE TABLE hub_idempotency (
      rep_id TEXT NOT NULL,
      device_id TEXT NOT NULL,
      key TEXT NOT NULL,
      channel TEXT NOT NULL,
      input_hash TEXT NOT NULL,
      result TEXT NOT NULL,
      created_at TEXT NOT NULL,
      PRIMARY KEY (rep_id, device_id, key)
    ) STRICT;
    CREATE INDEX hub_idempotency_age ON hub_idempotency(created_at);
  `,
};
