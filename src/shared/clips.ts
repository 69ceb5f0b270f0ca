import { id, idFilter, maxLength, z } from './validation';

export const clipTitleMax = 120;
/** As long as the longest take Reprise records. */
const moment = z.number().int().min(0).max(24 * 3_600_000);
const title = z.string().trim().min(1, 'Give the clip a title').max(clipTitleMax);
const criteria = z.array(z.string().min(1).max(maxLength.id)).max(30);

export const clip = z.object({
  id: z.string(),
  recordingId: z.string(),
  sessionId: z.string(),
  /** Whether the take has a picture (the player is a video then). */
  hasVideo: z.boolean(),
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  startMs: z.number().int(),
  endMs: z.number().int(),
  title: z.string(),
  /** Rubric criterion keys of the focus area's template this moment shows well. */
  criteria: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Whether the caller may see the whole take: then the clip plays the range of the original;
   * otherwise only the clip's own media (just the range) is served to them.
   */
  wholeTake: z.boolean(),
});
export type Clip = z.infer<typeof clip>;

const range = <T extends { startMs?: number; endMs?: number }>(c: T) => c.startMs === undefined || c.endMs === undefined || c.endMs > c.startMs;
const rangeIssue = { message: 'A clip ends after it starts', path: ['endMs'] };

export const clipsChannels = {
  'clips:create': {
    input: z
      .object({
        /** An id chosen by a desktop that made the clip offline. */
        id: id.optional(),
        recordingId: id,
        startMs: moment,
        endMs: moment,
        title,
        /** Leave out for the session's own focus area. */
        focusAreaId: id.optional(),
        criteria: criteria.default([]),
      })
      .refine(range, rangeIssue),
    output: clip,
  },
  'clips:update': {
    input: z.object({
      id,
      patch: z
        .object({ startMs: moment.optional(), endMs: moment.optional(), title: title.optional(), focusAreaId: id.optional(), criteria: criteria.optional() })
        .refine(range, rangeIssue),
      /** The clip's updatedAt this edit was made on; an older one is refused as stale. */
      baseRevision: z.string().max(40).optional(),
    }),
    output: clip,
  },
  'clips:delete': { input: z.object({ id }), output: z.object({ id: z.string() }) },
  /** One take's clips in the order of their moments, or the Great moments of a focus area (newest first). */
  'clips:list': {
    input: z
      .object({
        recordingId: idFilter.optional(),
        focusAreaId: idFilter.optional(),
        criterion: idFilter.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      })
      .default({ limit: 50, offset: 0 }),
    output: z.object({ total: z.number().int(), rows: z.array(clip) }),
  },
  /**
   * Cuts the clip into a file of its own (kept until the clip changes) so it can be saved or
   * played by someone who may not see the whole take; progress comes as `clips:cut-progress`.
   */
  'clips:cut': {
    input: z.object({ id }),
    output: z.object({ id: z.string(), mode: z.enum(['copy', 'reencode', 'kept']), bytes: z.number().int(), fileName: z.string() }),
  },
  'clips:cut-cancel': { input: z.object({ id }), output: z.object({ cancelled: z.boolean() }) },
} as const;

export const clipsEvents = {
  'clips:changed': z.object({ recordingId: z.string() }),
  'clips:cut-progress': z.object({ id: z.string(), percent: z.number().min(0).max(100) }),
} as const;
