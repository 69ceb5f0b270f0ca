import { id, idFilter, maxLength, z } from './validation';
import { isoDate } from './people';
import { computeOverall, normalize } from './rubrics';
import { instant } from './sessions';
import { textEncoding } from './text-file';

/**
 * Rubric templates, scorecards filled from them, the weekly peer-coaching form and calibration.
 * The scoring arithmetic is in ./rubrics, shared with the renderer so the form shows the same
 * computation live, before anything is saved.
 */

export const scaleLevels = [1, 2, 3, 4, 5] as const;
export const reviewerRole = z.enum(['peer', 'self', 'coach']);
export type ReviewerRole = z.infer<typeof reviewerRole>;

/** Stable identity of a criterion or a section across template versions: lower-case words and dashes. */
const key = z
  .string()
  .max(60, 'Use lower-case letters, digits and dashes')
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Use lower-case letters, digits and dashes')
  .describe('stable key');

const anchor = z.string().trim().min(1, 'Say what the reviewer sees or hears at this level').max(1000);

export const criterionFields = z.object({
  /** Keep the key when editing a criterion so its scores stay comparable across versions; omit for a new one. */
  key: key.optional(),
  name: z.string().trim().min(1, 'Name the criterion').max(120),
  description: z.string().trim().max(2000).default(''),
  weight: z.number().min(0, 'A weight cannot be negative').max(100, 'Keep weights at 100 or less').default(1),
  required: z.boolean().default(true),
  /** What the reviewer saw or heard at levels 1..5, lowest first. */
  anchors: z.array(anchor).length(5, 'Describe all five levels, 1 to 5'),
});
export type CriterionFields = z.input<typeof criterionFields>;

export const sectionFields = z.object({
  key: key.optional(),
  title: z.string().trim().min(1, 'Name the section').max(120),
  prompt: z.string().trim().max(1000).default(''),
  required: z.boolean().default(false),
});
export type SectionFields = z.input<typeof sectionFields>;

function duplicates(values: string[]): number[] {
  const seen = new Map<string, number>();
  const repeated: number[] = [];
  values.forEach((value, index) => {
    if (seen.has(value)) repeated.push(index);
    else seen.set(value, index);
  });
  return repeated;
}

export const templateFields = z
  .object({
    focusAreaId: z.string().min(1, 'Pick a focus area').max(maxLength.id),
    name: z.string().trim().min(1, 'Name the template').max(120),
    description: z.string().trim().max(2000).default(''),
    criteria: z.array(criterionFields).min(1, 'A template needs at least one criterion').max(30, 'Keep a template to 30 criteria or fewer'),
    sections: z.array(sectionFields).max(10).default([]),
    isDefault: z.boolean().optional(),
  })
  .superRefine((t, ctx) => {
    for (const index of duplicates(t.criteria.map((c) => c.name.trim().toLocaleLowerCase()))) {
      ctx.addIssue({ code: 'custom', path: ['criteria', index, 'name'], message: 'Another criterion already has this name' });
    }
    for (const index of duplicates(t.criteria.map((c, i) => c.key ?? `#${i}`))) {
      ctx.addIssue({ code: 'custom', path: ['criteria', index, 'key'], message: 'Another criterion already has this key' });
    }
    if (t.criteria.length > 0 && t.criteria.reduce((sum, c) => sum + (c.weight ?? 1), 0) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'The weights add up to zero; give at least one criterion a weight above 0' });
    }
    for (const index of duplicates(t.sections.map((s) => s.title.trim().toLocaleLowerCase()))) {
      ctx.addIssue({ code: 'custom', path: ['sections', index, 'title'], message: 'Another section already has this title' });
    }
    for (const index of duplicates(t.sections.map((s, i) => s.key ?? `#${i}`))) {
      ctx.addIssue({ code: 'custom', path: ['sections', index, 'key'], message: 'Another section already has this key' });
    }
  });
export type TemplateFields = z.input<typeof templateFields>;

export const criterion = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  weight: z.number(),
  required: z.boolean(),
  anchors: z.array(z.string()),
});
export type Criterion = z.infer<typeof criterion>;

export const section = z.object({ key: z.string(), title: z.string(), prompt: z.string(), required: z.boolean() });
export type Section = z.infer<typeof section>;

/** One version of a template: what a scorecard is filled against. Never changes once a scorecard uses it. */
export const templateVersion = z.object({
  templateId: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  focusAreaId: z.string(),
  name: z.string(),
  description: z.string(),
  criteria: z.array(criterion),
  sections: z.array(section),
  createdAt: z.string(),
});
export type TemplateVersion = z.infer<typeof templateVersion>;

export const rubricTemplate = templateVersion.extend({
  /** The template across its versions (same as templateId). */
  id: z.string(),
  focusAreaName: z.string(),
  builtin: z.boolean(),
  isDefault: z.boolean(),
  archived: z.boolean(),
  versionCount: z.number().int(),
  /** Scorecards (any status) filled against this version; editing a used version makes a new one. */
  usedBy: z.number().int(),
  updatedAt: z.string(),
});
export type RubricTemplate = z.infer<typeof rubricTemplate>;

// Scoring

export const evidence = z.object({
  atMs: z.number().int('Use whole milliseconds').min(0, 'A moment cannot be before the start').max(24 * 3600 * 1000),
  note: z.string().trim().max(500).default(''),
});
export type Evidence = z.infer<typeof evidence>;

export const scoreValue = z
  .number()
  .int('A score is a whole number from 1 to 5')
  .min(1, 'A score is a whole number from 1 to 5')
  .max(5, 'A score is a whole number from 1 to 5');

export const criterionScoreInput = z.object({
  criterionId: id,
  score: scoreValue.nullable().optional(),
  comment: z.string().max(4000).optional(),
  evidence: z.array(evidence).max(50).optional(),
});
export type CriterionScoreInput = z.input<typeof criterionScoreInput>;

export const criterionScore = z.object({
  criterionId: z.string(),
  score: z.number().int().nullable(),
  comment: z.string(),
  evidence: z.array(z.object({ atMs: z.number().int(), note: z.string() })),
});
export type CriterionScore = z.infer<typeof criterionScore>;

export const computationRow = z.object({
  criterionId: z.string(),
  name: z.string(),
  score: z.number().nullable(),
  weight: z.number(),
  /** score × weight, or null when the criterion is not scored (it then counts for nothing). */
  weighted: z.number().nullable(),
});

export const scoreComputation = z.object({
  rows: z.array(computationRow),
  weightSum: z.number(),
  weightedSum: z.number(),
  /** Weighted mean on the 1-5 scale, null until something with a weight is scored. */
  mean: z.number().nullable(),
  /** (mean − 1) / 4 × 100: 1 → 0, 3 → 50, 5 → 100. */
  normalized: z.number().nullable(),
});
export type ScoreComputation = z.infer<typeof scoreComputation>;

export { computeOverall, normalize };

// Scorecards

export const scorecardStatus = z.enum(['draft', 'submitted', 'revising']);
export type ScorecardStatus = z.infer<typeof scorecardStatus>;

const personRef = z.object({ id: z.string(), name: z.string() });

export const revision = z.object({
  revision: z.number().int(),
  submittedAt: z.string(),
  reason: z.string(),
  overall: z.number().nullable(),
  scores: z.array(criterionScore),
  sections: z.record(z.string(), z.string()),
});
export type Revision = z.infer<typeof revision>;

export const scorecardSummary = z.object({
  id: z.string(),
  sessionId: z.string(),
  sessionTitle: z.string(),
  sessionStartsAt: z.string().nullable(),
  /** The program's time zone, in which the session's time is shown (null: a role-play outside a program). */
  sessionTimeZone: z.string().nullable().optional(),
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  reviewer: personRef,
  reviewee: personRef,
  role: reviewerRole,
  status: scorecardStatus,
  /** Submitted revisions so far; 0 for a draft that was never submitted. */
  revision: z.number().int(),
  templateId: z.string(),
  templateName: z.string(),
  templateVersion: z.number().int(),
  recordingId: z.string().nullable(),
  /** Normalized 0-100 of the working copy (what the reviewer is editing). */
  overall: z.number().nullable(),
  draftSavedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ScorecardSummary = z.infer<typeof scorecardSummary>;

export const scorecard = scorecardSummary.extend({
  template: templateVersion,
  scores: z.array(criterionScore),
  sections: z.record(z.string(), z.string()),
  computation: scoreComputation,
  revisions: z.array(revision),
});
export type Scorecard = z.infer<typeof scorecard>;

/** What the reviewee and the calibration see: the latest submitted revision only, never a draft. */
export const submittedScorecard = z.object({
  id: z.string(),
  reviewer: personRef,
  role: reviewerRole,
  revision: z.number().int(),
  submittedAt: z.string(),
  templateId: z.string(),
  templateVersion: z.number().int(),
  template: templateVersion,
  scores: z.array(criterionScore),
  sections: z.record(z.string(), z.string()),
  computation: scoreComputation,
});
export type SubmittedScorecard = z.infer<typeof submittedScorecard>;

export const sessionRef = z.object({
  id: z.string(),
  title: z.string(),
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  startsAt: z.string().nullable(),
  /** The program's time zone, in which the session's time is shown (null: a role-play outside a program). */
  timeZone: z.string().nullable().optional(),
  status: z.string(),
});
export type SessionRef = z.infer<typeof sessionRef>;

export const sessionScorecards = z.object({
  session: sessionRef,
  reviewee: personRef,
  recordingId: z.string().nullable(),
  scorecards: z.array(submittedScorecard),
});
export type SessionScorecards = z.infer<typeof sessionScorecards>;

export const toWriteItem = z.object({
  session: sessionRef,
  reviewee: personRef,
  /** The role the reviewer would write in. */
  role: reviewerRole,
  scorecardId: z.string().nullable(),
  status: scorecardStatus.nullable(),
});
export type ToWriteItem = z.infer<typeof toWriteItem>;

const sectionsInput = z.record(key, z.string().max(8000));

export const draftInput = z.object({
  id,
  /** Only the criteria listed change; a listed criterion keeps any field that is left out. */
  scores: z.array(criterionScoreInput).max(60).optional(),
  /** Only the sections listed change. */
  sections: sectionsInput.optional(),
  recordingId: id.nullable().optional(),
  /** The scorecard's updatedAt this edit was made on; an older one is refused as stale instead of overwriting a newer edit. */
  baseRevision: z.string().max(40).optional(),
});
export type DraftInput = z.input<typeof draftInput>;

// Calibration

export const calibrationScore = z.object({
  scorecardId: z.string(),
  reviewerId: z.string(),
  score: z.number().int(),
  /** This reviewer's score minus the mean of the other reviewers' scores on the same criterion. */
  deviation: z.number().nullable(),
});

export const calibrationSession = z.object({
  session: sessionRef,
  reviewee: personRef,
  reviewers: z.array(z.object({ scorecardId: z.string(), reviewer: personRef, role: reviewerRole, overall: z.number().nullable() })),
  criteria: z.array(z.object({ key: z.string(), name: z.string(), mean: z.number(), spread: z.number(), scores: z.array(calibrationScore) })),
});
export type CalibrationSession = z.infer<typeof calibrationSession>;

export const reviewerCalibration = z.object({
  reviewer: personRef,
  sessions: z.number().int(),
  /** Criterion scores that had at least one other reviewer to compare with. */
  comparisons: z.number().int(),
  meanDeviation: z.number(),
  meanAbsoluteDeviation: z.number(),
  /** harsher: scores below the others by at least the threshold on average; lenient: above. */
  flag: z.enum(['harsher', 'lenient']).nullable(),
});
export type ReviewerCalibration = z.infer<typeof reviewerCalibration>;

export const calibrationFilter = z
  .object({
    focusAreaId: idFilter.optional(),
    from: instant.optional(),
    to: instant.optional(),
    /** Flag a reviewer whose mean signed deviation is at least this many points (of 1-5). */
    threshold: z.number().positive().max(4).default(0.75),
    /** ...over at least this many compared criterion scores. */
    minComparisons: z.number().int().min(1).max(1000).default(3),
  })
  .default({ threshold: 0.75, minComparisons: 3 });

export const calibrationReport = z.object({
  threshold: z.number(),
  minComparisons: z.number().int(),
  reviewers: z.array(reviewerCalibration),
  sessions: z.array(calibrationSession),
});
export type CalibrationReport = z.infer<typeof calibrationReport>;

// Export

export const exportRow = z.object({
  scorecardId: z.string(),
  sessionId: z.string(),
  sessionTitle: z.string(),
  sessionStartsAt: z.string().nullable(),
  focusArea: z.string(),
  reviewer: z.string(),
  reviewerEmail: z.string(),
  reviewee: z.string(),
  revieweeEmail: z.string(),
  role: reviewerRole,
  template: z.string(),
  templateVersion: z.number().int(),
  revision: z.number().int(),
  criterion: z.string(),
  score: z.number().int().nullable(),
  weight: z.number(),
  comment: z.string(),
  evidence: z.string(),
  overall: z.number().nullable(),
  submittedAt: z.string(),
});
export type ExportRow = z.infer<typeof exportRow>;

export const exportFilter = z.object({
  format: z.enum(['csv', 'json']).default('csv'),
  /** CSV for programs: text exactly as stored, without the ' that keeps spreadsheets from running formulas. */
  raw: z.boolean().default(false),
  /** CSV for Excel as a reader in this language opens it (BOM, decimal mark, `;` in Finnish); without it, RFC 4180. */
  excel: z.enum(['en', 'fi']).optional(),
  focusAreaId: idFilter.optional(),
  revieweeId: idFilter.optional(),
  reviewerId: idFilter.optional(),
  from: instant.optional(),
  to: instant.optional(),
});

// Import

/** What `scorecards:import` did; a rejected group is one scorecard's rows (date, focus area, seller, reviewer). */
export const scorecardImportReport = z.object({
  created: z.number().int(),
  /** Scorecards whose scores or comments changed since an earlier import: a new revision each. */
  revised: z.number().int(),
  unchanged: z.number().int(),
  sessionsCreated: z.number().int(),
  /** Each rejected scorecard: its lines in the file and every problem found, one sentence each. */
  rejected: z.array(z.object({ lines: z.array(z.number().int()), reasons: z.array(z.string()) })),
  warnings: z.array(z.string()),
  /** How the file's bytes were read, as the door that read them said. */
  encoding: textEncoding.optional(),
});
export type ScorecardImportReport = z.infer<typeof scorecardImportReport>;

// The weekly peer-coaching form

export const coachingAction = z.object({
  text: z.string().trim().min(1, 'Write the action').max(500),
  done: z.boolean().default(false),
});

export const coachingNoteFields = z
  .object({
    coachId: z.string().min(1, 'Pick the coach').max(maxLength.id),
    repId: z.string().min(1, 'Pick the colleague').max(maxLength.id),
    /** Any day of the week; stored as that week's Monday. */
    weekOf: isoDate,
    sessionId: id.nullable().default(null),
    goalsReviewed: z.string().max(8000).default(''),
    practised: z.string().max(8000).default(''),
    actions: z.array(coachingAction).max(20).default([]),
    followUpOn: isoDate.nullable().default(null),
  })
  .refine((n) => n.coachId !== n.repId, { path: ['repId'], message: 'Coach a colleague, not yourself' });
export type CoachingNoteFields = z.input<typeof coachingNoteFields>;

export const coachingNote = z.object({
  id: z.string(),
  coach: personRef,
  rep: personRef,
  weekOf: z.string(),
  sessionId: z.string().nullable(),
  goalsReviewed: z.string(),
  practised: z.string(),
  actions: z.array(z.object({ text: z.string(), done: z.boolean() })),
  followUpOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CoachingNote = z.infer<typeof coachingNote>;

const byId = z.object({ id });

export const scorecardsChannels = {
  'rubric-templates:list': {
    input: z.object({ focusAreaId: idFilter.optional(), includeArchived: z.boolean().optional() }).default({}),
    output: z.array(rubricTemplate),
  },
  'rubric-templates:get': { input: byId.extend({ version: z.number().int().min(1).optional() }), output: rubricTemplate },
  'rubric-templates:versions': { input: byId, output: z.array(templateVersion.extend({ usedBy: z.number().int() })) },
  'rubric-templates:create': { input: templateFields, output: rubricTemplate },
  /** Replaces the template's content; a version that scorecards already use is kept and a new one made. */
  'rubric-templates:update': { input: byId.extend({ fields: templateFields }), output: rubricTemplate },
  'rubric-templates:archive': { input: byId.extend({ archived: z.boolean() }), output: rubricTemplate },
  'scorecards:start': {
    input: z.object({
      /** An id chosen by a desktop that started the scorecard offline, so what it queued after points at it. */
      id: id.optional(),
      sessionId: id,
      reviewerId: id,
      role: reviewerRole.optional(),
      templateId: id.optional(),
      recordingId: id.nullable().optional(),
    }),
    output: scorecard,
  },
  'scorecards:get': { input: byId, output: scorecard },
  'scorecards:list': {
    input: z
      .object({
        reviewerId: idFilter.optional(),
        revieweeId: idFilter.optional(),
        sessionId: idFilter.optional(),
        status: z.array(scorecardStatus).optional(),
      })
      .default({}),
    output: z.array(scorecardSummary),
  },
  'scorecards:save-draft': { input: draftInput, output: scorecardSummary },
  /** Saves the given content and submits in one step, so a late draft save cannot slip in between. */
  'scorecards:submit': { input: draftInput.extend({ reason: z.string().trim().max(1000).default('') }), output: scorecard },
  /** Opens a submitted scorecard for changes; the reviewee keeps seeing the last submitted revision. */
  'scorecards:revise': { input: byId, output: scorecard },
  /** Deletes a never-submitted draft, or drops the changes of a revision in progress. */
  'scorecards:discard': { input: byId, output: z.object({ id: z.string(), deleted: z.boolean() }) },
  /**
   * Newest session first (by start, then id). With `limit`, one page; the next page starts `after`
   * the last item of this one (its session's start and id), so rows never repeat or go missing.
   */
  'scorecards:to-write': {
    input: z.object({
      reviewerId: id,
      days: z.number().int().min(1).max(3650).default(60),
      limit: z.number().int().min(1).max(500).optional(),
      after: z.object({ startsAt: z.string().max(40).nullable(), id }).optional(),
    }),
    output: z.array(toWriteItem),
  },
  'scorecards:about': { input: z.object({ revieweeId: id }), output: z.array(sessionScorecards) },
  'scorecards:for-session': { input: z.object({ sessionId: id }), output: sessionScorecards },
  'scorecards:calibration': { input: calibrationFilter, output: calibrationReport },
  'scorecards:export': {
    input: exportFilter,
    output: z.object({ format: z.enum(['csv', 'json']), rowCount: z.number().int(), content: z.string() }),
  },
  /** Submitted scorecards from a spreadsheet: one row per criterion score. Importing the same file again changes nothing. */
  'scorecards:import': {
    input: z.object({ csv: z.string().max(20_000_000, 'The file is larger than 20 MB'), encoding: textEncoding.optional() }),
    output: scorecardImportReport,
  },
  'coaching-notes:list': {
    input: z.object({ coachId: idFilter.optional(), repId: idFilter.optional() }).default({}),
    output: z.array(coachingNote),
  },
  'coaching-notes:get': { input: byId, output: coachingNote },
  'coaching-notes:save': {
    /** baseRevision: the note's updatedAt this edit was made on; an older one is refused as stale. */
    input: z.object({ id: id.optional(), fields: coachingNoteFields, baseRevision: z.string().max(40).optional() }),
    output: coachingNote,
  },
  'coaching-notes:delete': { input: byId, output: z.object({ id: z.string() }) },
} as const;

export const scorecardsEvents = {
  'rubric-templates:changed': z.object({ ids: z.array(z.string()) }),
  'scorecards:changed': z.object({ ids: z.array(z.string()) }),
  'coaching-notes:changed': z.object({ ids: z.array(z.string()) }),
} as const;
