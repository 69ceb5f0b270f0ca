import type { Migration } from './types';

/**
 * The team hub's accounts: one-time invite codes, the devices that redeemed them (each with a
 * token, stored only as its SHA-256), and the audit log of sign-ins, role changes, revocations,
 * exports, deletions and refused requests.
 */
export const migration0007: Migration = {
  version: 7,
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
  `,
};
