import { id, maxLength, z } from './validation';
import { importReport, isoDate, profile } from './people';
import { textEncoding } from './text-file';

/**
 * Progress: each rep's arc, the team at a glance, and business results from a CRM export.
 * A period is a calendar quarter, written `2026-Q4`.
 */

/** The fields an opportunities export must (or may) carry, as Reprise names them. */
export const outcomeFields = ['opportunity_id', 'owner_email', 'created_date', 'close_date', 'amount', 'stage', 'won', 'closed'] as const;
export type OutcomeField = (typeof outcomeFields)[number];

export const outcomesImportInput = z.object({
  csv: z.string().max(20_000_000, 'The file is larger than 20 MB'),
  encoding: textEncoding.optional(),
  /** For an export whose headers Reprise does not recognize: which header holds each field. */
  mapping: z.partialRecord(z.enum(outcomeFields), z.string().max(200)).optional(),
});

export const outcomesImportReport = importReport.extend({
  /** Rows of a quota file (owner_email, period, quota) written. */
  quotas: z.number().int(),
});
export type OutcomesImportReport = z.infer<typeof outcomesImportReport>;

const ratio = z.number().nullable();

export const outcomePeriod = z.object({
  period: z.string(),
  /** Closed in this quarter, and of those won. */
  won: z.number().int(),
  closed: z.number().int(),
  winRate: ratio,
  avgDealSize: z.number().nullable(),
  medianDaysToClose: z.number().nullable(),
  /** Opportunities created in this quarter, and how many of them are won by now. */
  created: z.number().int(),
  createdWon: z.number().int(),
  cohortCloseRate: ratio,
  wonAmount: z.number(),
  quota: z.number().nullable(),
  quotaAttainment: ratio,
});
export type OutcomePeriod = z.infer<typeof outcomePeriod>;

export const repOutcomes = z.object({
  byPeriod: z.array(outcomePeriod),
  firstWonDaysFromHire: z.number().int().nullable(),
});
export type RepOutcomes = z.infer<typeof repOutcomes>;

export const scorerRole = z.enum(['peer', 'self', 'coach']);

const scorePoint = z.object({
  date: z.string(),
  scorecardId: z.string(),
  sessionId: z.string(),
  role: scorerRole,
  score: z.number(),
});

export const arcWeek = z.object({
  /** Monday of the week. */
  weekStart: isoDate,
  /** Days from the hire date to the Monday; null without a hire date. */
  day: z.number().int().nullable(),
  held: z.number().int(),
  missed: z.number().int(),
  cancelled: z.number().int(),
  recordings: z.number().int(),
  scorecards: z.number().int(),
  coachingNotes: z.number().int(),
});
export type ArcWeek = z.infer<typeof arcWeek>;

export const repArc = z.object({
  rep: z.object({ id: z.string(), name: z.string(), email: z.string(), team: z.string(), hireDate: isoDate.nullable() }),
  /** Days 0, 45, 90 and 180 from the hire date, and the 46–179 band; null without a hire date. */
  marks: z
    .object({ day0: isoDate, day45: isoDate, day90: isoDate, day180: isoDate, bandStart: isoDate, bandEnd: isoDate })
    .nullable(),
  weeks: z.array(arcWeek),
  scores: z.array(
    z.object({
      focusAreaId: z.string(),
      focusAreaName: z.string(),
      /** One point per submitted scorecard: the mean of its criterion scores, 1–5. */
      points: z.array(scorePoint),
      /** By criterion key, so a criterion stays one line across template versions. */
      criteria: z.array(z.object({ key: z.string(), name: z.string(), points: z.array(scorePoint) })),
    }),
  ),
  coachingNotes: z.array(
    z.object({
      id: z.string(),
      weekOf: z.string(),
      coachName: z.string(),
      goalsReviewed: z.string(),
      practised: z.string(),
      actions: z.array(z.unknown()),
      followUpOn: z.string().nullable(),
    }),
  ),
  /** Conversation metrics over time; empty until recordings are analysed. */
  metrics: z.array(z.object({ key: z.string(), points: z.array(z.object({ date: z.string(), value: z.number() })) })),
  profile,
  profileHistory: z.array(profile.extend({ replacedAt: z.string() })),
  outcomes: repOutcomes,
});
export type RepArc = z.infer<typeof repArc>;

/** The scorecards behind a heatmap row's cells, newest first (at most 20). */
const cellScorecards = z.array(z.object({ id: z.string(), date: z.string(), role: scorerRole }));

const heatCell = z.object({
  key: z.string(),
  mean: z.number().nullable(),
  n: z.number().int(),
});

const teamOptions = {
  team: z.string().max(maxLength.name).optional(),
  /** Heatmap cells: the latest score, or the mean over the last `windowWeeks`. */
  heatmap: z.enum(['latest', 'mean']).default('latest'),
  windowWeeks: z.number().int().min(1).max(104).default(12),
  /** Slipping: the trend over this many of a rep's latest scorecards. */
  trendSessions: z.number().int().min(3).max(50).default(5),
  /** Slipping: no practice of an area for this many weeks. */
  idleWeeks: z.number().int().min(1).max(52).default(8),
  /** Cohorts smaller than this are hidden. */
  minCohort: z.number().int().min(1).max(1000).default(5),
};

export const teamProgressInput = z
  .object({
    ...teamOptions,
    /**
     * 'summary' leaves out the lists the screen only counts or opens on a click (each heatmap row's
     * scorecards, the circles' pairs): for a team of hundreds they were most of the answer.
     * `progress:cell` gives a cell's scorecards. 'full' (the default) keeps everything.
     */
    detail: z.enum(['summary', 'full']).default('full'),
    /**
     * 'heatmap' answers only what the top of the screen draws first: the heatmap, with the number
     * of reps in view, their teams and the reps the heatmap names. The other parts (cadence,
     * slipping, the gap, circles, cohorts, practice against results) come back empty; for a roster
     * of thousands they are most of the work, and the screen asks for them ('all', the default) next.
     */
    sections: z.enum(['all', 'heatmap']).default('all'),
  })
  .default({ heatmap: 'latest', windowWeeks: 12, trendSessions: 5, idleWeeks: 8, minCohort: 5, detail: 'full', sections: 'all' });

/** One heatmap cell of the team view asked with the same options: the scorecards behind it. */
export const teamCellInput = z.object({
  ...teamOptions,
  focusAreaId: id,
  repId: id,
});

const cohortGroup = z.object({
  key: z.string(),
  n: z.number().int(),
  meanScore: z.number().nullable(),
  sessionsPerWeek: z.number(),
});

export const difference = z.object({
  label: z.string(),
  nA: z.number().int(),
  nB: z.number().int(),
  a: z.number().nullable(),
  b: z.number().nullable(),
  difference: z.number().nullable(),
  /** A 95% interval for the difference; null when a group is too small to say. */
  low: z.number().nullable(),
  high: z.number().nullable(),
});
export type Difference = z.infer<typeof difference>;

/**
 * Results before and after a certification level: a = the deals created 7 days or more after each
 * rep's grant, b = the deals created before it; each rep one value per side.
 */
export const certificationPattern = z.object({
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  level: z.string(),
  levelIndex: z.number().int(),
  /** Reps granted the level (in the view). */
  reps: z.number().int(),
  /** Closed deals (and of them won) created before the grants, and 7 days or more after. */
  closedBefore: z.number().int(),
  closedAfter: z.number().int(),
  wonBefore: z.number().int(),
  wonAfter: z.number().int(),
  /** `winRate:afterVsBefore` and `avgDealSize:afterVsBefore`. */
  measures: z.array(difference),
});
export type CertificationPattern = z.infer<typeof certificationPattern>;

export const teamProgress = z.object({
  asOf: isoDate,
  /**
   * The reps in view; a 'summary' answer keeps only those it names (a roster of 20,000 was 3 MB of
   * it), with their number and their teams beside.
   */
  reps: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), team: z.string(), hireDate: isoDate.nullable() })),
  repCount: z.number().int().optional(),
  teams: z.array(z.string()).optional(),
  heatmap: z.array(
    z.object({
      focusAreaId: z.string(),
      focusAreaName: z.string(),
      criteria: z.array(z.object({ key: z.string(), name: z.string() })),
      rows: z.array(
        z.object({
          repId: z.string(),
          cells: z.array(heatCell),
          /**
           * The scorecards behind the row's cells, newest first (at most 20). Each scorecard scores
           * every criterion of its template, so the row's list serves each of its cells; kept once
           * per row, it keeps the team's answer small. Left out of a 'summary' answer.
           */
          scorecards: cellScorecards.optional(),
        }),
      ),
    }),
  ),
  cadence: z.object({
    byTeam: z.array(z.object({ team: z.string(), weeks: z.array(z.object({ weekStart: isoDate, planned: z.number().int(), held: z.number().int(), share: ratio })) })),
    byProgram: z.array(
      z.object({ programId: z.string(), name: z.string(), weeks: z.array(z.object({ weekStart: isoDate, planned: z.number().int(), held: z.number().int(), share: ratio })) }),
    ),
    missedTwoInARow: z.array(z.object({ repId: z.string(), dates: z.array(z.string()) })),
  }),
  slipping: z.array(
    z.object({
      repId: z.string(),
      reasons: z.array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('trend'), slope: z.number(), scores: z.array(z.number()) }),
          z.object({ kind: z.literal('missed'), missed: z.number().int(), weeks: z.number().int() }),
          z.object({ kind: z.literal('idle'), focusAreaId: z.string(), lastPractised: z.string().nullable(), weeks: z.number().int() }),
        ]),
      ),
    }),
  ),
  gap: z.object({
    reps: z.array(z.object({ repId: z.string(), hireDate: isoDate, earlyPerWeek: z.number(), bandPerWeek: z.number().nullable() })),
    medianEarlyPerWeek: z.number().nullable(),
    medianBandPerWeek: z.number().nullable(),
    /** Past 100 reps, a 'summary' answer keeps the first (by name) and their number; the medians count them all. */
    repCount: z.number().int().optional(),
  }),
  circles: z.object({
    /** Left out of a 'summary' answer, which keeps only their number. */
    pairs: z.array(z.object({ coachId: z.string(), repId: z.string(), count: z.number().int(), kind: z.enum(['senior-new', 'senior-senior', 'new-new', 'new-senior']) })).optional(),
    pairCount: z.number().int(),
    mix: z.object({ seniorNew: z.number().int(), seniorSenior: z.number().int(), newNew: z.number().int(), newSenior: z.number().int() }),
    /** A 'summary' answer keeps the first names (by name) and their number. */
    coachedNobody: z.array(z.string()),
    coachedNobodyCount: z.number().int().optional(),
  }),
  cohorts: z.object({
    minSize: z.number().int(),
    byHireQuarter: z.array(cohortGroup),
    byAssessment: z.array(cohortGroup),
    byLearningPreference: z.array(cohortGroup),
    hidden: z.number().int(),
  }),
  /** Practice against results: reps above and below the median of sessions held, win rate. */
  linking: z.array(difference),
});
export type TeamProgress = z.infer<typeof teamProgress>;

/**
 * Results before and after each certification level, per focus area. Its own channel: it replays
 * every certification, which the first screen of Progress does not wait for.
 */
export const certifiedProgressInput = z.object({ team: z.string().max(maxLength.name).optional() });
export const certifiedProgress = z.array(certificationPattern);

/** Won amount against quota per rep in one quarter (`2026-Q4`); the latest with quotas when none is asked. */
export const quotaAttainmentInput = z
  .object({
    team: z.string().max(maxLength.name).optional(),
    period: z.string().max(7).regex(/^[0-9]{4}-Q[1-4]$/, 'A period is a quarter, written 2026-Q4').optional(),
  })
  .default({});
export type QuotaAttainmentInput = z.output<typeof quotaAttainmentInput>;

export const quotaAttainment = z.object({
  /** The quarter shown; null when no rep in view has a quota. */
  period: z.string().nullable(),
  /** Quarters with a quota for someone in view, oldest first. */
  periods: z.array(z.string()),
  currentPeriod: z.string(),
  rows: z.array(
    z.object({
      repId: z.string(),
      name: z.string(),
      team: z.string(),
      /** Won deals closed in the quarter, summed. */
      wonAmount: z.number(),
      wonDeals: z.number().int(),
      /** Null: no quota for the quarter. */
      quota: z.number().nullable(),
      /** Won ÷ quota; null without a quota or with a quota of 0. */
      attainment: ratio,
    }),
  ),
});
export type QuotaAttainment = z.infer<typeof quotaAttainment>;

export const progressChannels = {
  'outcomes:import': { input: outcomesImportInput, output: outcomesImportReport },
  'progress:rep': { input: z.object({ repId: id }), output: repArc },
  'progress:team': { input: teamProgressInput, output: teamProgress },
  'progress:certified': { input: certifiedProgressInput, output: certifiedProgress },
  'progress:cell': { input: teamCellInput, output: cellScorecards },
  'progress:quotas': { input: quotaAttainmentInput, output: quotaAttainment },
} as const;

export const progressEvents = {
  'outcomes:changed': z.object({ count: z.number().int() }),
} as const;
