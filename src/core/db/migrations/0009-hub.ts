import type { Migration } from './types';

/**
 * The team hub, both ends. On the hub: one-time invite codes, the devices that redeemed them (each
 * with a token, stored only as its SHA-256), the audit log (sign-ins, role changes, revocations,
 * exports, deletions, refused requests), and the resumable uploads it is receiving. On a desktop
 * connected to a hub: the takes waiting to go up, and the outbox of calls made while offline.
 * Each consent gains the second question: may the take be shared with the team hub.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'hub',
  up: `
    CREATE TABLE hub_invites (
      id TEXT PRIMARY KEY,
      code_hash TEXT NOT NULL UNIQUE,
      rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
      role TEXT CHECK (role IS NULL OR role IN ('admin', 'manager', 'coach', 'rep')),
      created_by TEXT REFERENCES reps(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      used_at TEXT
    ) STRICT;
    CREATE INDEX hub_invites_rep ON hub_invites(rep_id);

    CREATE TABLE hub_devices (
      id TEXT PRIMARY KEY,
      rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
      token_hash TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL DEFAULT '',
      kind TEXT NOT NULL CHECK (kind IN ('browser', 'desktop')),
      created_at TEXT NOT NULL,
      last_seen_at TEXT,
      revoked_at TEXT
    ) STRICT;
    CREATE INDEX hub_devices_rep ON hub_devices(rep_id);

    CREATE TABLE audit_log (
      id TEXT PRIMARY KEY,
      at TEXT NOT NULL,
      actor_id TEXT,
      device_id TEXT,
      action TEXT NOT NULL,
      subject TEXT NOT NULL DEFAULT '',
      detail TEXT NOT NULL DEFAULT '',
      address TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX audit_log_at ON audit_log(at);

    CREATE TABLE hub_uploads (
      id TEXT PRIMARY KEY,
      recording_id TEXT NOT NULL,
      session_id TEXT NOT NULL,
      rep_id TEXT NOT NULL REFERENCES reps(id),
      device_id TEXT,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      size_bytes INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      received_at TEXT,
      adopted_at TEXT,
      error TEXT
    ) STRICT;
    CREATE INDEX hub_uploads_recording ON hub_uploads(recording_id);

    ALTER TABLE recording_consents ADD COLUMN shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1));

    CREATE TABLE outgoing_uploads (
      recording_id TEXT PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
      state TEXT NOT NULL CHECK (state IN ('waiting', 'uploading', 'paused', 'done', 'attention', 'kept-local')),
      bytes_sent INTEGER NOT NULL DEFAULT 0,
      bytes_total INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE outbox (
      id TEXT PRIMARY KEY,
      channel TEXT NOT NULL,
      input TEXT NOT NULL CHECK (json_valid(input)),
      created_at TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused')),
      attempts INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      sent_at TEXT
    ) STRICT;
    CREATE INDEX outbox_pending ON outbox(state, id);

    CREATE TABLE hub_cache (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL CHECK (json_valid(value)),
      fetched_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE hub_idempotency (
      key TEXT PRIMARY KEY,
      rep_id TEXT NOT NULL,
      channel TEXT NOT NULL,
      result TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
};
