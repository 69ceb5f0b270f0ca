import { z } from './validation';

/**
 * A desktop's link to its team hub: whether it is connected, reachable, and what still waits to
 * go up. Answered by the desktop itself, never by the hub.
 */
export const syncState = z.enum(['local', 'online', 'offline', 'syncing', 'signed-out']);
export type SyncState = z.infer<typeof syncState>;

/**
 * The writes a connected desktop keeps in its outbox while the hub is away (each with its own key,
 * so a retry never doubles it). The core queues exactly these, and Settings names each of them.
 */
export const outboxChannels = [
  'scorecards:save-draft',
  'scorecards:submit',
  'markers:add',
  'markers:update',
  'markers:delete',
  'coaching-notes:save',
  'scorecards:start',
  'scorecards:revise',
  'comments:add',
  'comments:update',
  'clips:create',
  'clips:update',
] as const;

export const uploadState = z.enum(['waiting', 'uploading', 'paused', 'done', 'attention', 'kept-local']);
export type UploadState = z.infer<typeof uploadState>;

export const syncStatus = z.object({
  state: syncState,
  hubUrl: z.string().nullable(),
  /** The person this desktop is signed in as. */
  repId: z.string().nullable(),
  name: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  uploads: z.object({ waiting: z.number().int(), uploading: z.number().int(), paused: z.number().int(), attention: z.number().int(), keptLocal: z.number().int(), done: z.number().int() }),
  outbox: z.object({ pending: z.number().int(), refused: z.number().int() }),
  /**
   * Why the hub is not usable right now, from its last real answer: cannot be reached, an error of
   * its own (HTTP 5xx), busy (429) or out of disk space (507). Null while it answers well.
   */
  problem: z.string().nullable().optional(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

export const outgoingUpload = z.object({
  recordingId: z.string(),
  sessionId: z.string(),
  sessionTitle: z.string(),
  state: uploadState,
  bytesSent: z.number().int(),
  bytesTotal: z.number().int(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  updatedAt: z.string(),
});
export type OutgoingUpload = z.infer<typeof outgoingUpload>;

/**
 * A write waiting in a desktop's outbox. `id` is its idempotency key on the hub; `seq` its place
 * in line (this desktop's own counter, never its clock). `pending` waits (a hub fault or no
 * network only delays it, with the last problem in `error`); `refused` is final (the hub said no
 * for a reason a retry cannot change: `errorCode` and `error` say which) until the person sends
 * it again, edited or not, or discards it; `conflict` is an edit made on a revision the hub has
 * since moved past.
 */
export const outboxState = z.enum(['pending', 'sent', 'refused', 'conflict']);
export const outboxItem = z.object({
  id: z.string(),
  seq: z.number().int(),
  channel: z.string(),
  state: outboxState,
  attempts: z.number().int(),
  error: z.string().nullable(),
  errorCode: z.string().nullable(),
  /** What was written, as it will be sent: shown for editing before sending a refused one again. */
  input: z.unknown(),
  createdAt: z.string(),
  /** What the change is about (a scorecard, comment, clip, note or marker), so its page can say it waits. */
  subjectId: z.string().nullable(),
  /** The newer version on the hub when this change was made on an older one: shown beside `input` (the change as made here) until the person chooses. */
  theirs: z.unknown().nullable(),
});
export type OutboxItem = z.infer<typeof outboxItem>;

export const syncReport = z.object({
  uploaded: z.number().int(),
  sent: z.number().int(),
  refused: z.number().int(),
  failed: z.number().int(),
  state: syncState,
  /** Takes that still wait after this round because the hub said "not now" (its disk is full, too many uploads open, a fault of its own). */
  held: z.number().int(),
  /** Why the hub could not take everything this round, when it said so; null when nothing is held back. */
  problem: z.string().nullable(),
});
export type SyncReport = z.infer<typeof syncReport>;

const recordingRef = z.object({ recordingId: z.string().min(1).max(64) });
const outboxRef = z.object({ id: z.string().min(1).max(64) });

export const syncChannels = {
  'sync:status': { input: z.object({}).default({}), output: syncStatus },
  /** Sends the outbox and uploads waiting takes now, once. */
  'sync:run': { input: z.object({}).default({}), output: syncReport },
  'sync:uploads': { input: z.object({}).default({}), output: z.array(outgoingUpload) },
  'sync:outbox': { input: z.object({}).default({}), output: z.array(outboxItem) },
  /** Tries a take that needs attention again. */
  'sync:retry': { input: recordingRef, output: outgoingUpload },
  'sync:pause': { input: recordingRef.extend({ paused: z.boolean() }), output: outgoingUpload },
  /** Puts a refused change back in line, last, under a new key; with `input`, edited first. */
  'sync:outbox-resend': { input: outboxRef.extend({ input: z.record(z.string().max(200), z.unknown()).optional() }), output: outboxItem },
  /** Drops a refused change for good: the person decided it should not go to the hub. */
  'sync:outbox-discard': { input: outboxRef, output: z.object({ id: z.string() }) },
  /** Settles a change the hub refused as made on an older version: keep mine, keep theirs, or send a merge of both. */
  'sync:resolve': {
    input: z.object({ id: z.string().min(1).max(64), keep: z.enum(['mine', 'theirs', 'merged']), merged: z.record(z.string().max(200), z.unknown()).optional() }),
    output: z.array(outboxItem),
  },
} as const;

export const syncEvents = {
  'sync:changed': syncStatus,
  'sync:progress': z.object({ recordingId: z.string(), bytesSent: z.number().int(), bytesTotal: z.number().int() }),
} as const;
