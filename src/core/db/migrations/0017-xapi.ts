import type { Migration } from './types';

/**
 * xAPI: the admin's Learning Record Store settings (one row; the password is kept apart, like the
 * hub token) and the durable outbox of statements. A statement is built once, when its record is
 * first seen, and stored as sent: a retry posts the same bytes under the same id, so an LRS never
 * holds it twice. One row per (verb, record, revision): a revised scorecard is a new statement.
 */
export const migration0017: Migration = {
  version: 17,
  name: 'xapi',
  up: `
    CREATE TABLE xapi_config (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
      endpoint TEXT NOT NULL DEFAULT '',
      username TEXT NOT NULL DEFAULT '',
      version TEXT NOT NULL DEFAULT '1.0.3' CHECK (version IN ('1.0.3', '2.0.0')),
      base_iri TEXT NOT NULL DEFAULT 'https://reprise.invalid/',
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE xapi_outbox (
      id TEXT PRIMARY KEY CHECK (length(id) = 36),
      verb TEXT NOT NULL CHECK (verb IN ('scored', 'passed', 'failed')),
      record_id TEXT NOT NULL,
      revision INTEGER NOT NULL CHECK (revision >= 1),
      statement TEXT NOT NULL CHECK (json_valid(statement) AND json_type(statement) = 'object'),
      timestamp TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'refused')),
      attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_try_at TEXT NOT NULL,
      -- The last failure in plain language (for the CLI), its kind (for the app, in the reader's
      -- language) and the LRS's own words, kept as it said them.
      last_error TEXT,
      error_kind TEXT CHECK (error_kind IN ('refused', 'auth', 'network', 'server')),
      error_detail TEXT NOT NULL DEFAULT '',
      already_there INTEGER NOT NULL DEFAULT 0 CHECK (already_there IN (0, 1)),
      created_at TEXT NOT NULL,
      sent_at TEXT,
      UNIQUE (verb, record_id, revision),
      CHECK ((state = 'sent') = (sent_at IS NOT NULL)),
      CHECK (state <> 'refused' OR last_error IS NOT NULL)
    ) STRICT;
    CREATE INDEX xapi_outbox_due ON xapi_outbox(state, next_try_at);
  `,
};
