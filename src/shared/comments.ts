import { id, maxLength, z } from './validation';

const body = z.string().trim().min(1, 'Write the comment first').max(4000);
const moment = z.number().int().min(0).max(24 * 3_600_000);

export const comment = z.object({
  id: z.string(),
  recordingId: z.string(),
  /** The thread a reply belongs to; null for a thread's first comment. */
  parentId: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  /** A point (toMs null) or a range; a reply has its thread's moment. */
  atMs: z.number().int(),
  toMs: z.number().int().nullable(),
  body: z.string(),
  mentions: z.array(z.object({ repId: z.string(), name: z.string() })),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Comment = z.infer<typeof comment>;

export const commentThread = comment.extend({ replies: z.array(comment) });
export type CommentThread = z.infer<typeof commentThread>;

export const commentsChannels = {
  'comments:add': {
    input: z
      .object({
        /** An id chosen by a desktop that wrote it offline, so a reply written there points at it. */
        id: id.optional(),
        recordingId: id,
        /** A thread's moment; leave out for a reply. */
        atMs: moment.optional(),
        toMs: moment.optional(),
        parentId: id.optional(),
        body,
        /** Who writes it; a signed-in person always writes as themself. By email or id. */
        author: z.string().trim().max(maxLength.email).optional(),
        /** People on the session to point it out to. */
        mentions: z.array(id).max(20).default([]),
      })
      .refine((c) => (c.parentId === undefined) === (c.atMs !== undefined), {
        message: 'A comment needs a moment in the take; a reply takes its thread’s',
        path: ['atMs'],
      })
      .refine((c) => c.toMs === undefined || (c.atMs !== undefined && c.toMs > c.atMs), { message: 'A range ends after it starts', path: ['toMs'] }),
    output: comment,
  },
  /** Threads in the order of their moments, each with its replies oldest first. */
  'comments:list': { input: z.object({ recordingId: id }), output: z.array(commentThread) },
  /** baseRevision: the comment's updatedAt this edit was made on; an older one is refused as stale. */
  'comments:update': { input: z.object({ id, body, baseRevision: z.string().max(40).optional() }), output: comment },
  'comments:delete': { input: z.object({ id }), output: z.object({ id: z.string() }) },
  'comments:resolve': { input: z.object({ id, resolved: z.boolean() }), output: comment },
} as const;

export const commentsEvents = {
  'comments:changed': z.object({ recordingId: z.string() }),
} as const;
