import { isoDate } from './people';
import { participant } from './sessions';
import { idFilter, maxLength, z } from './validation';

export const libraryReview = z.enum(['any', 'unreviewed', 'reviewed']);
export type LibraryReview = z.infer<typeof libraryReview>;

export const librarySort = z.enum(['date', 'score', 'relevance']);
export type LibrarySort = z.infer<typeof librarySort>;

export const repRole = z.enum(['either', 'seller', 'buyer']);
export type RepRole = z.infer<typeof repRole>;

/** Scores are the rubric's 0-100 overall (a mean of 1-5 scores normalized). */
const scoreBound = z.number().min(0, 'A score is from 0 to 100').max(100, 'A score is from 0 to 100');

export const libraryFilter = z.object({
  /** Words to find; each must appear (as a word or the start of one), diacritics ignored. */
  query: z.string().trim().max(200).default(''),
  /** A person by id or email. */
  rep: z.string().trim().max(maxLength.email).default(''),
  repRole: repRole.default('either'),
  team: z.string().trim().max(maxLength.name).default(''),
  focus: idFilter.default(''),
  program: idFilter.default(''),
  /** Inclusive calendar days of the session (UTC). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  review: libraryReview.default('any'),
  minScore: scoreBound.optional(),
  maxScore: scoreBound.optional(),
  sort: librarySort.default('date'),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});
export type LibraryFilter = z.input<typeof libraryFilter>;
export type ParsedLibraryFilter = z.output<typeof libraryFilter>;

export const libraryTake = z.object({
  id: z.string(),
  status: z.string(),
  durationMs: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
  hasVideo: z.boolean(),
  recovered: z.boolean(),
  startedAt: z.string(),
});
export type LibraryTake = z.infer<typeof libraryTake>;

/** Where a search hit was found; null rows come from filters alone. */
export const libraryHitKind = z.enum(['session', 'marker', 'scorecard', 'comment', 'clip']);
export type LibraryHitKind = z.infer<typeof libraryHitKind>;

export const libraryRow = z.object({
  sessionId: z.string(),
  /** The take to open: the one the hit is in, else the newest. */
  recordingId: z.string(),
  focusArea: z.string(),
  focusAreaName: z.string(),
  programId: z.string().nullable(),
  title: z.string(),
  /** When it was scheduled, else when its first take started. */
  startsAt: z.string(),
  /**
   * Its program's time zone, in which its time is shown as everywhere else in the app (null: a
   * role-play outside a program, shown in the viewer's zone; absent from a hub before this).
   */
  timeZone: z.string().nullable().optional(),
  participants: z.array(participant),
  takes: z.array(libraryTake),
  /** Submitted scorecards. */
  reviews: z.number().int(),
  /** Their mean overall, 0-100; null while unreviewed. */
  score: z.number().nullable(),
  markers: z.number().int(),
  comments: z.number().int(),
  recovered: z.boolean(),
  /** The text around the best hit; null without a query. */
  snippet: z.string().nullable(),
  hitKind: libraryHitKind.nullable(),
  /** Where in the take the hit is (a marker), to open the player there. */
  atMs: z.number().int().nullable(),
});
export type LibraryRow = z.infer<typeof libraryRow>;

export const libraryPage = z.object({
  total: z.number().int(),
  /** True when `total` is where counting stopped: there are more sessions ("200+"). */
  capped: z.boolean().optional(),
  rows: z.array(libraryRow),
});
export type LibraryPage = z.infer<typeof libraryPage>;

export const libraryChannels = {
  /** Sessions with at least one take, filtered, searched and sorted; a page at a time. */
  'library:search': { input: libraryFilter.prefault({}), output: libraryPage },
} as const;
