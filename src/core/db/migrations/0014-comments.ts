import type { Migration } from './types';

/**
 * Timestamped comments on a take: at a moment or over a range, with replies (a reply has a
 * parent and no time of its own), resolved or open, and the people on the session it mentions.
 * Each comment is in the Library's search, with its moment, so a hit opens the player there.
 */
const indexComment = (c: string) => `
  INSERT INTO library_search_docs (kind, source_id, session_id, recording_id, at_ms)
    SELECT 'comment', ${c}.id, r.session_id, r.id,
           COALESCE(${c}.at_ms, (SELECT p.at_ms FROM comments p WHERE p.id = ${c}.parent_id))
    FROM recordings r WHERE r.id = ${c}.recording_id;
  INSERT INTO library_search (rowid, body)
    SELECT id, ${c}.body FROM library_search_docs WHERE kind = 'comment' AND source_id = ${c}.id;`;

const dropComment = (id: string) => `
  DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_search_docs WHERE kind = 'comment' AND source_id = ${id});
  DELETE FROM library_search_docs WHERE kind = 'comment' AND source_id = ${id};`;

export const migration0014: Migration = {
  version: 14,
  name: 'comments',
  up: `
    CREATE TABLE comments (
      id TEXT PRIMARY KEY,
      recording_id TEXT NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
      parent_id TEXT REFERENCES comments(id) ON DELETE CASCADE,
      -- Null: written at this computer by its owner, with no person named.
      author_id TEXT REFERENCES reps(id) ON DELETE SET NULL,
      at_ms INTEGER CHECK (at_ms IS NULL OR at_ms >= 0),
      to_ms INTEGER CHECK (to_ms IS NULL OR to_ms > at_ms),
      body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      mentions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mentions) AND json_type(mentions) = 'array'),
      resolved_at TEXT,
      resolved_by TEXT REFERENCES reps(id) ON DELETE SET NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      -- A thread starts at a moment; a reply belongs to its thread's moment.
      CHECK ((parent_id IS NULL) = (at_ms IS NOT NULL)),
      CHECK (parent_id IS NULL OR (to_ms IS NULL AND resolved_at IS NULL))
    ) STRICT;
    CREATE INDEX comments_recording ON comments(recording_id, at_ms);
    CREATE INDEX comments_parent ON comments(parent_id);

    CREATE TRIGGER library_search_comment_insert AFTER INSERT ON comments BEGIN
      ${indexComment('new')}
    END;
    CREATE TRIGGER library_search_comment_update AFTER UPDATE OF body, at_ms ON comments BEGIN
      ${dropComment('old.id')}
      ${indexComment('new')}
    END;
    CREATE TRIGGER library_search_comment_delete AFTER DELETE ON comments BEGIN
      ${dropComment('old.id')}
    END;
  `,
};
