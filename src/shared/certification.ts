import { isoDate } from './people';
import { id, maxLength, z } from './validation';

/**
 * Certification per focus area: an ordered list of levels, each with the role-plays a certifier
 * must score at or above its bar; the grants that were made (with their evidence frozen); and the
 * state of each rep on each focus area.
 */

const criterionKey = z
  .string()
  .max(60, 'Use lower-case letters, digits and dashes')
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Use lower-case letters, digits and dashes');

/** A criterion that must reach its minimum whatever the total. */
export const blocker = z.object({
  criterionKey,
  minScore: z.number().int().min(1, 'Pick a score from 1 to 5').max(5, 'Pick a score from 1 to 5'),
});
export type Blocker = z.infer<typeof blocker>;

/**
 * Conversation metrics a level can bound, measured by the speech analysis of a role-play's
 * recording, in the units people think in: talk ratio in percent of the talking, the longest
 * monologue and patience in seconds, interactivity in speaker switches per minute.
 */
export const conversationMetricKey = z.enum(['seller-talk-ratio', 'seller-longest-monologue', 'interactivity', 'patience', 'seller-interruptions']);
export type ConversationMetricKey = z.infer<typeof conversationMetricKey>;

/** A conversation metric that must lie within a range (inclusive; either end may be open). */
export const metricBound = z
  .object({
    metricKey: conversationMetricKey,
    min: z.number().min(0, 'Enter 0 or more').max(100_000, 'Enter a smaller number').nullable().default(null),
    max: z.number().min(0, 'Enter 0 or more').max(100_000, 'Enter a smaller number').nullable().default(null),
  })
  .superRefine((b, ctx) => {
    if (b.min === null && b.max === null) ctx.addIssue({ code: 'custom', path: ['max'], message: 'Give a minimum, a maximum or both' });
    if (b.min !== null && b.max !== null && b.min > b.max) ctx.addIssue({ code: 'custom', path: ['min'], message: 'The minimum is above the maximum' });
    if (b.metricKey === 'seller-talk-ratio' && ((b.min ?? 0) > 100 || (b.max ?? 0) > 100)) {
      ctx.addIssue({ code: 'custom', path: [b.max !== null && b.max > 100 ? 'max' : 'min'], message: 'A talk ratio is a percentage from 0 to 100' });
    }
  });
export type MetricBound = z.infer<typeof metricBound>;

export const certificationLevel = z.object({
  name: z.string().trim().min(1, 'Name the level').max(60),
  /** Scored role-plays (distinct sessions) that must each reach the bar. */
  roleplays: z.number().int().min(1, 'At least one role-play').max(20),
  /** The overall score on the 0-100 scale each of them must reach. */
  minScore: z.number().min(0).max(100),
  /** Days that must pass after the previous level was granted. */
  minDaysSincePrevious: z.number().int().min(0).max(3650),
  /** How long the level holds once granted; null: it does not expire. */
  validDays: z.number().int().min(1).max(3650).nullable(),
  blockers: z.array(blocker).max(30).default([]),
  /** Optional: each role-play's recording must have been analysed and measure within these ranges. */
  metrics: z
    .array(metricBound)
    .max(5)
    .default([])
    .superRefine((list, ctx) => {
      list.forEach((b, i) => {
        if (list.findIndex((o) => o.metricKey === b.metricKey) !== i) ctx.addIssue({ code: 'custom', path: [i, 'metricKey'], message: 'This metric already has a range in this level' });
      });
    }),
});
export type CertificationLevel = z.infer<typeof certificationLevel>;

export const managerReviews = z.enum(['coach-flagged', 'always', 'never']);
export type ManagerReviews = z.infer<typeof managerReviews>;

export const certificationProgramFields = z.object({
  levels: z.array(certificationLevel).min(1, 'A program needs at least one level').max(10, 'Keep a program to 10 levels or fewer'),
  /** The renewal window opens this many days before a level expires. */
  renewalWindowDays: z.number().int().min(0).max(365),
  /** A certifier whose mean deviation from the other reviewers reaches this (points of 1-5) does not count. */
  calibrationBand: z.number().positive().max(4),
  /** ...over at least this many compared criterion scores; fewer, and they are not judged yet. */
  calibrationMinComparisons: z.number().int().min(1).max(1000),
  /**
   * Whether a manager's review of someone in their tree counts toward a level: only when the manager
   * is coach-flagged (or has the coach role), always, or never (a mark or a held level still counts).
   */
  managerReviews: managerReviews.default('coach-flagged'),
});
export type CertificationProgramFields = z.infer<typeof certificationProgramFields>;

export const certificationProgram = certificationProgramFields.extend({
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  /** False while the focus area runs on the default levels. */
  custom: z.boolean(),
});
export type CertificationProgram = z.infer<typeof certificationProgram>;

export const certificationState = z.enum(['in-progress', 'certified', 'due', 'expired']);
export type CertificationState = z.infer<typeof certificationState>;

const personRef = z.object({ id: z.string(), name: z.string(), email: z.string() });

/** Why a scorecard counted as practice rather than evidence. */
export const practiceReason = z.enum([
  /** A self-review never certifies. */
  'self',
  /** The reviewer may not certify this level (does not hold it, not marked as a certifier). */
  'not-certifier',
  /** The reviewer's calibration is outside the band. */
  'calibration',
  /** The overall score is below the level's bar. */
  'score',
  /** A blocker criterion is below its minimum. */
  'blocker',
  /** A conversation metric of the role-play's recording is outside the level's range. */
  'metric',
  /** The level bounds a conversation metric and the role-play has no analysed recording that measures it. */
  'no-analysis',
  /** The level is already met and waits for its date. */
  'waiting',
  /** The top level is held and its renewal window has not opened. */
  'not-due',
]);
export type PracticeReason = z.infer<typeof practiceReason>;

/** A blocker as screens show it: with the criterion's newest wording, so no one reads a key. */
const namedBlocker = blocker.extend({ criterionName: z.string() });

export const missingItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('roleplays'),
    level: z.string(),
    /** How many the level asks for, so a screen can say "1 of 2". */
    required: z.number().int(),
    remaining: z.number().int(),
    minScore: z.number(),
    blockers: z.array(namedBlocker),
    /** Present when the level bounds conversation metrics. */
    metrics: z.array(metricBound).optional(),
  }),
  z.object({ kind: z.literal('wait'), level: z.string(), until: z.string() }),
  z.object({ kind: z.literal('renewal'), level: z.string(), minScore: z.number(), blockers: z.array(namedBlocker), metrics: z.array(metricBound).optional() }),
]);
export type MissingItem = z.infer<typeof missingItem>;

export const verdict = z.object({
  scorecardId: z.string(),
  sessionId: z.string(),
  at: z.string(),
  reviewer: z.object({ id: z.string(), name: z.string() }),
  overall: z.number().nullable(),
  level: z.string(),
  counted: z.boolean(),
  reason: practiceReason.nullable(),
  /** The blocker criterion that failed, for reason "blocker". */
  criterionKey: z.string().nullable(),
  criterionName: z.string().nullable(),
  /** The conversation metric, for reasons "metric" and "no-analysis". */
  metricKey: conversationMetricKey.nullable(),
});
export type Verdict = z.infer<typeof verdict>;

export const historyEntry = z.object({
  level: z.string(),
  kind: z.enum(['grant', 'renewal']),
  grantedAt: z.string(),
  expiresAt: z.string().nullable(),
  /** When it lapsed without a renewal; null while it holds or once renewed in time. */
  expiredAt: z.string().nullable(),
  code: z.string(),
  /** The scorecards the grant was made on, as frozen with it. */
  evidence: z.array(z.object({ scorecardId: z.string(), at: z.string(), reviewer: z.object({ id: z.string(), name: z.string() }), overall: z.number() })),
});

export const certificationStatus = z.object({
  /** With their team, so the matrix narrows to a team without loading the roster. */
  rep: personRef.extend({ team: z.string() }),
  focusArea: z.object({ id: z.string(), name: z.string() }),
  /** The highest level granted; null before the first. */
  level: z.string().nullable(),
  levelIndex: z.number().int().nullable(),
  state: certificationState,
  grantedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  certifier: z.object({ id: z.string(), name: z.string() }).nullable(),
  code: z.string().nullable(),
  missing: z.array(missingItem),
  /** When the next step opens: the date a met level is granted, or the renewal window. */
  nextOpensAt: z.string().nullable(),
  history: z.array(historyEntry),
  /** The scorecards since the last grant, and whether each counted. */
  verdicts: z.array(verdict),
});
export type CertificationStatus = z.infer<typeof certificationStatus>;

/** One cell of the matrix: the level a rep holds on a focus area (only areas with a level are sent). */
export const matrixCell = z.object({
  focusAreaId: z.string(),
  level: z.string(),
  levelIndex: z.number().int(),
  state: certificationState,
  expiresAt: z.string().nullable(),
});
export type MatrixCell = z.infer<typeof matrixCell>;

export const matrixRow = z.object({ rep: personRef.extend({ team: z.string() }), cells: z.array(matrixCell) });
export type MatrixRow = z.infer<typeof matrixRow>;

/**
 * Where the previous page of the matrix ended: its order is `rank` (highest first; sorted by a focus
 * area, expired 1000, due 900, else the level's index, -1 without one; 0 for everyone when sorted
 * by name), then name, then email (which is unique).
 */
export const matrixCursor = z.object({ rank: z.number().int(), name: z.string().max(maxLength.name), email: z.string().max(maxLength.email) });
export type MatrixCursor = z.infer<typeof matrixCursor>;

export const matrixPageInput = z
  .object({
    /** Words in the name, email or team. */
    query: z.string().trim().max(maxLength.name).optional(),
    team: z.string().max(maxLength.name).optional(),
    /** Only the people with a level due for renewal or expired on some focus area. */
    onlyDue: z.boolean().optional(),
    /** Sort by this focus area (those needing action first, then the highest level); without it, by name. */
    sortArea: id.optional(),
    after: matrixCursor.nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ after: null, limit: 100 });
export type MatrixPageInput = z.input<typeof matrixPageInput>;

/** A page of the matrix: rows are people, with the columns and the team choices the screen shows. */
export const matrixPage = z.object({
  areas: z.array(z.object({ id: z.string(), name: z.string() })),
  rows: z.array(matrixRow),
  /** Where the next page starts; null on the last page. */
  next: matrixCursor.nullable(),
  /** People matching the search and filters. */
  matching: z.number().int(),
  /** The teams of the people the caller may see in the matrix. */
  teams: z.array(z.string()),
});
export type MatrixPage = z.infer<typeof matrixPage>;

export const verification = z.object({
  code: z.string(),
  genuine: z.boolean(),
  /** Genuine and neither lapsed nor replaced by a renewal that has since lapsed. */
  current: z.boolean(),
  rep: z.string().nullable(),
  focusArea: z.string().nullable(),
  level: z.string().nullable(),
  grantedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  certifier: z.string().nullable(),
  /** Whether the one asking may open the certificate itself (the rep, their managers, admins); anyone else sees only these facts. */
  mayOpen: z.boolean(),
});
export type Verification = z.infer<typeof verification>;


export const documentLanguage = z.enum(['en', 'fi']);
export type DocumentLanguage = z.infer<typeof documentLanguage>;

/** An IANA time zone for the dates a document shows (the reader's own); an unknown one falls back to UTC. */
const readerTimeZone = z.string().max(60).optional();

/**
 * A certificate, laid out once in the reader's language: the PDF, the standalone HTML page and the
 * app's certificate view all draw these same lines.
 */
export const certificateDocument = z.object({
  language: documentLanguage,
  code: z.string(),
  /** current: it holds; expired: its time ran out; superseded: a later grant (a renewal or the next level) replaces it. */
  standing: z.enum(['current', 'expired', 'superseded']),
  rep: z.object({ id: z.string(), name: z.string() }),
  focusArea: z.object({ id: z.string(), name: z.string() }),
  level: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string().nullable(),
  certifiers: z.array(z.object({ id: z.string(), name: z.string() })),
  text: z.object({
    heading: z.string(),
    intro: z.string(),
    statement: z.string(),
    fields: z.array(z.object({ label: z.string(), value: z.string() })),
    /** Said plainly when the certificate no longer holds; null while it does. */
    notice: z.string().nullable(),
    verifyHeading: z.string(),
    verifyLines: z.array(z.string()),
  }),
});
export type CertificateDocument = z.infer<typeof certificateDocument>;

export const certificate = z.object({
  document: certificateDocument,
  /** The A4 PDF, base64. */
  pdf: z.string(),
  /** A standalone HTML page of the same certificate (its own styles, nothing loaded from elsewhere). */
  html: z.string(),
  /** A file name for the PDF, e.g. reprise-certificate-aino-demo-advanced.pdf. */
  filename: z.string(),
});
export type Certificate = z.infer<typeof certificate>;

/** The reminder points before a grant expires, in days. */
export const reminderDays = [30, 7, 1] as const;

export const certificationReminder = z.object({
  grantId: z.string(),
  code: z.string(),
  rep: z.object({ id: z.string(), name: z.string() }),
  focusArea: z.object({ id: z.string(), name: z.string() }),
  level: z.string(),
  expiresAt: z.string(),
  /** The reminder point reached (30, 7 or 1 days before expiry): the nearest one. */
  daysBefore: z.number().int(),
  /** Calendar days until the expiry day in the reader's time zone: 1 on the day before, 0 on the day itself. */
  daysLeft: z.number().int(),
  /** When a renewing role-play starts to count. */
  renewalOpensAt: z.string(),
  /** Whether that time has come (on the core's clock, which demos and tests move). */
  renewalOpen: z.boolean(),
  /** The overall score (0-100) a renewing role-play needs. */
  minScore: z.number(),
});
export type CertificationReminder = z.infer<typeof certificationReminder>;

/** A reminder to show as a desktop notification, worded in the asked language. */
export const reminderNotification = certificationReminder.extend({ title: z.string(), body: z.string() });
export type ReminderNotification = z.infer<typeof reminderNotification>;

export const certifier = z.object({ rep: personRef, focusAreaId: z.string(), markedAt: z.string() });

/**
 * Where a reviewer stands against a focus area's calibration band: out of band, their role-plays
 * count as practice only; not judged, too few of their scores could be compared yet.
 */
export const certifierCalibration = z.object({
  reviewer: z.object({ id: z.string(), name: z.string() }),
  focusAreaId: z.string(),
  standing: z.enum(['in-band', 'out-of-band', 'not-judged']),
  /** Compared criterion scores, and the mean signed deviation from the other reviewers (points of 1-5). */
  comparisons: z.number().int(),
  meanDeviation: z.number(),
});
export type CertifierCalibration = z.infer<typeof certifierCalibration>;

/** A level of a focus area that no current person may certify (nobody marked, no coach, no holder): the path has a dead end. */
export const uncertifiableLevel = z.object({
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  levelIndex: z.number().int(),
  levelName: z.string(),
});
export type UncertifiableLevel = z.infer<typeof uncertifiableLevel>;

// Reinforcement: an FSRS card per (rep, focus area) and per (rep, rubric criterion key).

export const fsrsRating = z.enum(['again', 'hard', 'good', 'easy']);
export type FsrsRating = z.infer<typeof fsrsRating>;

/** How a 1-5 score becomes an FSRS rating; a peer's Easy counts as Good unless `easyFromPeers`. */
export const reinforcementSettings = z.object({
  ratings: z.object({ 1: fsrsRating, 2: fsrsRating, 3: fsrsRating, 4: fsrsRating, 5: fsrsRating }),
  easyFromPeers: z.boolean(),
  /** The retention FSRS schedules for: a card is due when its predicted recall falls to this. */
  requestRetention: z.number().min(0.7, 'Enter 0.7 or more').max(0.99, 'Enter 0.99 or less'),
});
export type ReinforcementSettings = z.infer<typeof reinforcementSettings>;

export const reinforcementCard = z.object({
  kind: z.enum(['focus-area', 'criterion']),
  /** The focus area's id, or the criterion's key. */
  key: z.string(),
  name: z.string(),
  reviews: z.number().int(),
  lastReviewAt: z.string(),
  stability: z.number(),
  difficulty: z.number(),
  /** Predicted recall today, 0-1. */
  retrievability: z.number(),
  dueAt: z.string(),
});
export type ReinforcementCard = z.infer<typeof reinforcementCard>;

export const repReinforcement = z.object({
  rep: personRef,
  cards: z.array(reinforcementCard),
});
export type RepReinforcement = z.infer<typeof repReinforcement>;

export const certificationChannels = {
  /** Every card of one rep (or of everyone visible), with retrievability today and the due date. */
  'reinforcement:cards': { input: z.object({ repId: id.optional() }).default({}), output: z.array(repReinforcement) },
  /** The cards due on or before a day (default today), per rep, weakest first. */
  'reinforcement:due': { input: z.object({ repId: id.optional(), on: isoDate.optional() }).default({}), output: z.array(repReinforcement) },
  'reinforcement:settings': { input: z.object({}).default({}), output: reinforcementSettings },
  'reinforcement:set-settings': { input: reinforcementSettings, output: reinforcementSettings },

  /**
   * Each rep on each focus area that has levels; `repId` narrows to one rep, `renewals` to the levels
   * due for renewal or expired (a team of thousands is tens of megabytes of paths otherwise).
   */
  'certifications:list': {
    input: z
      .object({
        repId: id.optional(),
        focusAreaId: id.optional(),
        renewals: z.boolean().optional(),
        /** Only people once granted a level of the area: the certifiers list, without everyone's path. */
        held: z.boolean().optional(),
      })
      .default({}),
    output: z.array(certificationStatus),
  },
  /**
   * The matrix of reps × focus areas a page of people at a time, searched, narrowed and sorted by
   * the core: the whole matrix of a roster of 20,000 is seconds of work and megabytes of paths.
   */
  'certifications:matrix': { input: matrixPageInput, output: matrixPage },
  'certifications:program': { input: z.object({ focusAreaId: id }), output: certificationProgram },
  'certifications:set-program': {
    input: z.object({ focusAreaId: id, fields: certificationProgramFields.nullable() }),
    output: certificationProgram,
  },
  /**
   * Who an admin marked as a certifier, and each reviewer's calibration against the focus area's
   * band (admins only: others get an empty list, as they cannot open the calibration report).
   */
  'certifications:certifiers': {
    input: z.object({ focusAreaId: id.optional() }).default({}),
    output: z.object({ certifiers: z.array(certifier), calibration: z.array(certifierCalibration), uncertifiable: z.array(uncertifiableLevel) }),
  },
  'certifications:mark-certifier': {
    input: z.object({ repId: id, focusAreaId: id, certifier: z.boolean() }),
    output: z.array(certifier),
  },
  'certifications:verify': {
    input: z.object({ code: z.string().trim().min(1, 'Enter the verification code').max(40) }),
    output: verification,
  },
  /** The printable certificate of one grant, by its code, in the reader's language. */
  'certifications:certificate': {
    input: z.object({ code: z.string().trim().min(1, 'Enter the verification code').max(40), language: documentLanguage.default('en'), timeZone: readerTimeZone }),
    output: certificate,
  },
  /** Current grants that expire within 30 days: `repId`'s own and their reports' (without it, every one the caller may see). */
  'certifications:reminders': {
    input: z.object({ repId: id.optional(), timeZone: readerTimeZone }).default({}),
    output: z.array(certificationReminder),
  },
  /**
   * The reminders of `repId`'s own grants that are due and were never notified, marked as notified
   * now: each reminder point of each grant is handed out once, whichever window or restart asks.
   */
  'certifications:claim-reminders': {
    input: z.object({ repId: id, language: documentLanguage.default('en'), timeZone: readerTimeZone }),
    output: z.array(reminderNotification),
  },
} as const;

export const certificationEvents = {
  'certifications:changed': z.object({ repIds: z.array(z.string().max(maxLength.id)) }),
} as const;
