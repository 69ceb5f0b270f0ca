import type { Database } from 'better-sqlite3';
import type { Comment, CommentThread } from '../../shared/comments';
import { AppError, ErrorCode } from '../../shared/errors';
import { formatMoment } from '../../shared/rubrics';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { assertRevision, nextRevision } from '../revision';

interface Row {
  id: string;
  recording_id: string;
  parent_id: string | null;
  author_id: string | null;
  author_name: string | null;
  at_ms: number | null;
  to_ms: number | null;
  thread_at_ms: number | null;
  body: string;
  mentions: string;
  resolved_at: string | null;
  resolved_by: string | null;
  created_at: string;
  updated_at: string;
}

const select = `
  SELECT c.*, a.name AS author_name, p.at_ms AS thread_at_ms
  FROM comments c LEFT JOIN reps a ON a.id = c.author_id LEFT JOIN comments p ON p.id = c.parent_id`;

export interface NewComment {
  id?: string;
  recordingId: string;
  atMs?: number;
  toMs?: number;
  parentId?: string;
  body: string;
  mentions: string[];
}

/** Comments on a take: threads at a moment or over a range, replies, resolving, mentions. */
export class CommentsService {
  private readonly sql;

  constructor(
    db: Database,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /** A person by id or email, for the CLI's `--author`. */
  personId(idOrEmail: string): string {
    const id = this.sql('SELECT id FROM reps WHERE id = ? OR email = ? COLLATE NOCASE').pluck().get(idOrEmail, idOrEmail) as string | undefined;
    if (!id) throw new AppError(ErrorCode.notFound, `No one in the roster has the email or id "${idOrEmail.slice(0, 80)}".`);
    return id;
  }

  add(input: NewComment, authorId: string | null): Comment {
    const recording = this.sql('SELECT session_id AS sessionId, duration_ms AS durationMs FROM recordings WHERE id = ?').get(input.recordingId) as
      | { sessionId: string; durationMs: number | null }
      | undefined;
    if (!recording) throw new AppError(ErrorCode.notFound, 'That recording does not exist (any more).');
    let parentId: string | null = null;
    if (input.parentId) {
      const parent = this.sql('SELECT recording_id AS recordingId, parent_id AS parentId FROM comments WHERE id = ?').get(input.parentId) as
        | { recordingId: string; parentId: string | null }
        | undefined;
      if (!parent || parent.recordingId !== input.recordingId) throw new AppError(ErrorCode.notFound, 'The comment you reply to was deleted.');
      // A reply to a reply joins the same thread: threads stay one level deep.
      parentId = parent.parentId ?? input.parentId;
    }
    const end = recording.durationMs;
    for (const [field, ms] of [['atMs', input.atMs], ['toMs', input.toMs]] as const) {
      if (ms !== undefined && end !== null && ms > end) {
        const message = `The recording is ${formatMoment(end)} long; pick a moment within it.`;
        throw new AppError(ErrorCode.invalidInput, message, [{ path: field, message }]);
      }
    }
    const onSession = new Set(
      this.sql(
        `SELECT rep_id FROM session_participants WHERE session_id = ?
         UNION SELECT coach_rep_id FROM sessions WHERE id = ? AND coach_rep_id IS NOT NULL`,
      )
        .pluck()
        .all(recording.sessionId, recording.sessionId) as string[],
    );
    const mentions = [...new Set(input.mentions)];
    const stranger = mentions.findIndex((m) => !onSession.has(m));
    if (stranger >= 0) {
      const message = 'You can mention only the people on this session.';
      throw new AppError(ErrorCode.invalidInput, message, [{ path: `mentions.${stranger}`, message }]);
    }
    if (input.id && this.sql('SELECT 1 FROM comments WHERE id = ?').get(input.id)) {
      throw new AppError(ErrorCode.conflict, 'Another comment already has this id.', [{ path: 'id', message: 'Taken' }]);
    }
    const now = this.clock().toISOString();
    const id = input.id ?? uuidv7(this.clock().getTime());
    this.sql(
      `INSERT INTO comments (id, recording_id, parent_id, author_id, at_ms, to_ms, body, mentions, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.recordingId, parentId, authorId, parentId ? null : input.atMs, parentId ? null : (input.toMs ?? null), input.body, JSON.stringify(mentions), now, now);
    this.events.emit('comments:changed', { recordingId: input.recordingId });
    return this.get(id);
  }

  list(recordingId: string): CommentThread[] {
    // Written in the same millisecond, comments keep the order they were written in (ids are random within it).
    const rows = (this.sql(`${select} WHERE c.recording_id = ? ORDER BY c.created_at, c.rowid`).all(recordingId) as Row[]).map((r) => this.toComment(r));
    const threads = rows.filter((c) => c.parentId === null).map((c) => ({ ...c, replies: rows.filter((r) => r.parentId === c.id) }));
    return threads.sort((a, b) => a.atMs - b.atMs || a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): Comment {
    const row = this.sql(`${select} WHERE c.id = ?`).get(id) as Row | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, 'That comment was deleted.');
    return this.toComment(row);
  }

  /** `baseRevision`: the updatedAt the edit was made on (a desktop that wrote it offline); a newer one stored refuses it. */
  update(id: string, body: string, baseRevision?: string): Comment {
    const current = this.get(id);
    assertRevision(current.updatedAt, baseRevision);
    this.sql('UPDATE comments SET body = ?, updated_at = ? WHERE id = ?').run(body, nextRevision(current.updatedAt, this.clock()), id);
    this.events.emit('comments:changed', { recordingId: current.recordingId });
    return this.get(id);
  }

  delete(id: string): { id: string } {
    const current = this.get(id);
    this.sql('DELETE FROM comments WHERE id = ?').run(id);
    this.events.emit('comments:changed', { recordingId: current.recordingId });
    return { id };
  }

  resolve(id: string, resolved: boolean, by: string | null): Comment {
    const current = this.get(id);
    if (current.parentId) throw new AppError(ErrorCode.invalidInput, 'Resolve the thread, not a reply in it.');
    const now = this.clock().toISOString();
    this.sql('UPDATE comments SET resolved_at = ?, resolved_by = ?, updated_at = ? WHERE id = ?').run(resolved ? now : null, resolved ? by : null, nextRevision(current.updatedAt, this.clock()), id);
    this.events.emit('comments:changed', { recordingId: current.recordingId });
    return this.get(id);
  }

  private toComment(r: Row): Comment {
    const ids = JSON.parse(r.mentions) as string[];
    const names = new Map(
      ids.length
        ? (this.sql('SELECT id, name FROM reps WHERE id IN (SELECT value FROM json_each(?))').all(r.mentions) as { id: string; name: string }[]).map((p) => [p.id, p.name])
        : [],
    );
    return {
      id: r.id,
      recordingId: r.recording_id,
      parentId: r.parent_id,
      authorId: r.author_id,
      authorName: r.author_name,
      atMs: r.at_ms ?? r.thread_at_ms ?? 0,
      toMs: r.to_ms,
      body: r.body,
      mentions: ids.filter((m) => names.has(m)).map((m) => ({ repId: m, name: names.get(m)! })),
      resolvedAt: r.resolved_at,
      resolvedBy: r.resolved_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}
