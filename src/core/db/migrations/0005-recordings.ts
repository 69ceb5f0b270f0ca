import type { Migration } from './types';

/** Recordings of a session's role-play, who consented to them, and markers dropped while recording. */
export const migration0005: Migration = {
  version: 5,
  name: 'recordings',
  up: `
    CREATE TABLE recordings (
      id TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id),
      mode TEXT NOT NULL CHECK (mode IN ('camera', 'microphone', 'screen', 'call', 'import')),
      status TEXT NOT NULL CHECK (status IN ('recording', 'finalizing', 'ready', 'failed')),
      mime_type TEXT NOT NULL,
      file_name TEXT,
      size_bytes INTEGER NOT NULL DEFAULT 0,
      duration_ms INTEGER,
      sha256 TEXT,
      channels INTEGER,
      channel_map TEXT,
      has_video INTEGER NOT NULL DEFAULT 0 CHECK (has_video IN (0, 1)),
      video_width INTEGER,
      video_height INTEGER,
      has_thumbnail INTEGER NOT NULL DEFAULT 0 CHECK (has_thumbnail IN (0, 1)),
      recovered INTEGER NOT NULL DEFAULT 0 CHECK (recovered IN (0, 1)),
      error TEXT,
      source_name TEXT,
      owner_pid INTEGER,
      next_seq INTEGER NOT NULL DEFAULT 0,
      started_at TEXT NOT NULL,
      stopped_at TEXT,
      finalized_at TEXT
    ) STRICT;
    CREATE INDEX recordings_session ON recordings(session_id);
    CREATE INDEX recordings_status ON recordings(status);

    CREATE TABLE recording_consents (
      recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
      rep_id TEXT NOT NULL REFERENCES reps(id),
      confirmed_at TEXT NOT NULL,
      confirmed_by TEXT NOT NULL,
      PRIMARY KEY (recording_id, rep_id)
    ) STRICT;

    CREATE TABLE markers (
      id TEXT PRIMARY KEY,
      recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
      offset_ms INTEGER NOT NULL CHECK (offset_ms >= 0),
      note TEXT NOT NULL DEFAULT '',
      tag TEXT,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX markers_recording ON markers(recording_id, offset_ms);
  `,
};
