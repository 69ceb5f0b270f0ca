import { id, idFilter, maxLength, z } from './validation';
import { isoDate } from './people';
import { instant, participantRole, sessionStatus } from './sessions';

/** Weekly role-play programs: the schedule, the pairing explanations, the persona library and the calendar. */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekday = z.enum(weekdays, { message: 'Use a weekday: mon, tue, wed, thu, fri, sat or sun' });
export type Weekday = z.infer<typeof weekday>;

export const focusStrategies = ['rotation', 'adaptive'] as const;
/** rotation: the program's focus areas in turn; adaptive: each seller's area with the lowest predicted retention. */
export const focusStrategy = z.enum(focusStrategies, { message: 'Use rotation or adaptive' });
export type FocusStrategy = z.infer<typeof focusStrategy>;

export const pairingStrategies = ['mixed', 'cohort', 'rotate'] as const;
export const pairingStrategy = z.enum(pairingStrategies, { message: 'Use mixed, cohort or rotate' });
export type PairingStrategy = z.infer<typeof pairingStrategy>;

/** Wall-clock time of day, 24-hour: 15:00. */
export const timeOfDay = z
  .string()
  .max(16, 'Use a 24-hour time such as 15:00')
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 15:00');

/** Checked for real against the time-zone database in the core; here only the shape. */
export const timeZoneName = z.string().trim().min(1, 'Enter a time zone such as Europe/Helsinki').max(64);

export const defaultRepeatWindowWeeks = 3;
export const defaultReminderMinutes = 15;
export const defaultGenerateWeeks = 4;

export const programRep = z.object({
  repId: z.string(),
  name: z.string(),
  email: z.string(),
  archived: z.boolean(),
});
export type ProgramRep = z.infer<typeof programRep>;

export const program = z.object({
  id: z.string(),
  name: z.string(),
  weekday,
  time: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  skippedDates: z.array(z.string()),
  reps: z.array(programRep),
  /** The program's coaches: they see and review the sessions of its people (not the sessions' peer coaches). */
  coaches: z.array(programRep),
  focusAreaIds: z.array(z.string()),
  strategy: pairingStrategy,
  focusStrategy,
  repeatWindowWeeks: z.number().int(),
  /** Pair people of different teams as readily as people of one team (default: prefer one team). */
  pairAcrossTeams: z.boolean(),
  reminderMinutes: z.number().int(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Program = z.infer<typeof program>;

const uniqueStrings = (what: string) =>
  z.array(id).superRefine((list, ctx) => {
    if (new Set(list).size !== list.length) ctx.addIssue({ code: 'custom', message: `Each ${what} can be listed only once` });
  });

const programFieldsShape = {
  name: z.string().trim().min(1, 'Enter a name').max(200),
  weekday,
  time: timeOfDay,
  durationMinutes: z.number().int().min(10, 'At least 10 minutes').max(240, 'At most 4 hours'),
  timeZone: timeZoneName,
  startDate: isoDate,
  endDate: isoDate.nullable().default(null),
  skippedDates: z.array(isoDate).max(400).default([]),
  repIds: uniqueStrings('rep').min(2, 'A program needs at least two reps so they can be paired').max(5000),
  coachIds: uniqueStrings('coach').max(50).default([]),
  focusAreaIds: uniqueStrings('focus area').min(1, 'Pick at least one focus area').max(50).default(['discovery', 'demo', 'personas']),
  strategy: pairingStrategy.default('mixed'),
  focusStrategy: focusStrategy.default('rotation'),
  repeatWindowWeeks: z.number().int().min(0).max(52).default(defaultRepeatWindowWeeks),
  pairAcrossTeams: z.boolean().default(false),
  reminderMinutes: z.number().int().min(0).max(7 * 24 * 60).default(defaultReminderMinutes),
  /**
   * Seeds the pairing tie-breaks of a new program. A preview answers with the seed it used; creating
   * the program with that seed stores exactly the weeks the preview showed. Fixed once created.
   */
  pairingSeed: z.string().trim().min(1).max(100).optional(),
};

export const programFields = z
  .object(programFieldsShape)
  .refine((p) => p.endDate === null || p.endDate >= p.startDate, { message: 'The end date must be on or after the start date', path: ['endDate'] });
export type ProgramFields = z.input<typeof programFields>;
export type ParsedProgramFields = z.output<typeof programFields>;

export const programPatch = z.object({
  name: programFieldsShape.name.optional(),
  weekday: weekday.optional(),
  time: timeOfDay.optional(),
  durationMinutes: programFieldsShape.durationMinutes.optional(),
  timeZone: timeZoneName.optional(),
  startDate: isoDate.optional(),
  endDate: isoDate.nullable().optional(),
  skippedDates: z.array(isoDate).max(400).optional(),
  repIds: uniqueStrings('rep').min(2, 'A program needs at least two reps so they can be paired').max(5000).optional(),
  coachIds: uniqueStrings('coach').max(50).optional(),
  focusAreaIds: uniqueStrings('focus area').min(1, 'Pick at least one focus area').max(50).optional(),
  strategy: pairingStrategy.optional(),
  focusStrategy: focusStrategy.optional(),
  repeatWindowWeeks: z.number().int().min(0).max(52).optional(),
  pairAcrossTeams: z.boolean().optional(),
  reminderMinutes: z.number().int().min(0).max(7 * 24 * 60).optional(),
});
export type ProgramPatch = z.input<typeof programPatch>;

/** Why a group was put together; the renderer words it in the user's language, `describePairing` in English. */
export const pairingReason = z.object({
  strategy: pairingStrategy,
  /** The seniority mix of the group as of the session date. */
  match: z.enum(['senior-new', 'senior-senior', 'new-new', 'unknown']),
  trio: z.boolean(),
  /** Most times any two members met before in this program. */
  timesMetBefore: z.number().int(),
  /** Weeks since any two members last met (the most recent), null when none had met. */
  lastMetWeeksAgo: z.number().int().nullable(),
  windowWeeks: z.number().int(),
  /** The repeat window that could be kept this week (smaller than windowWeeks when it had to be relaxed). */
  effectiveWindowWeeks: z.number().int(),
  /**
   * What could not be honoured: the repeat window, alternating roles, the strategy's preferred mix
   * (`mix-repeat`: new hires together while a senior was free, because every exchange would repeat
   * a recent pair), or keeping to one team.
   */
  relaxed: z.array(z.enum(['repeat-window', 'roles', 'strategy', 'mix-repeat', 'team'])),
  /** Why the adaptive strategy gave the group its focus area: the seller's predicted retention (null: never practised) and last practice. */
  focus: z
    .object({ focusAreaId: z.string(), retrievability: z.number().nullable(), lastPractisedAt: z.string().nullable() })
    .optional(),
});
export type PairingReason = z.infer<typeof pairingReason>;

export const leftOutReason = z.enum(['unavailable', 'archived', 'no-partner']);
export type LeftOutReason = z.infer<typeof leftOutReason>;

export const plannedMember = z.object({ repId: z.string(), name: z.string(), email: z.string(), role: participantRole });
export type PlannedMember = z.infer<typeof plannedMember>;

export const plannedGroup = z.object({
  members: z.array(plannedMember),
  /** The group's focus area: the week's under the rotation, the seller's weakest under the adaptive strategy. */
  focusAreaId: z.string(),
  coachRepId: z.string(),
  reason: pairingReason,
  scenarioId: z.string().nullable(),
  scenarioTitle: z.string().nullable(),
});
export type PlannedGroup = z.infer<typeof plannedGroup>;

export const plannedWeek = z.object({
  /** Weeks since the program's first week, 0-based. */
  weekIndex: z.number().int(),
  /** ISO week of the session's local date, e.g. 2026-W49. */
  week: z.string(),
  localDate: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  focusAreaId: z.string(),
  skipped: z.boolean(),
  /** Set when the wall time does not exist that day (clocks jump forward) and the session moved later. */
  shiftedFor: z.object({ requested: z.string(), actual: z.string() }).nullable(),
  groups: z.array(plannedGroup),
  leftOut: z.array(z.object({ repId: z.string(), name: z.string(), why: leftOutReason })),
  /** True when the week was already scheduled and is shown as stored, not re-planned. */
  stored: z.boolean(),
});
export type PlannedWeek = z.infer<typeof plannedWeek>;

export const programSession = z.object({
  id: z.string(),
  programId: z.string(),
  programName: z.string(),
  weekIndex: z.number().int(),
  week: z.string(),
  localDate: z.string(),
  timeZone: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  status: sessionStatus,
  sequence: z.number().int(),
  participants: z.array(z.object({ repId: z.string(), name: z.string(), email: z.string(), role: participantRole })),
  coachRepId: z.string().nullable(),
  reason: pairingReason.nullable(),
  scenarioId: z.string().nullable(),
  scenarioTitle: z.string().nullable(),
  notes: z.string(),
  /** The newest take of the session (finished or being finished), so screens can link to it and to its scorecard. */
  recordingId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProgramSession = z.infer<typeof programSession>;

export const sessionChange = z.object({
  at: z.string(),
  kind: z.enum(['created', 'rescheduled', 'cancelled', 'swapped', 'status', 'replaced']),
  detail: z.record(z.string(), z.unknown()),
});
export type SessionChange = z.infer<typeof sessionChange>;

export const persona = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  company: z.string(),
  situation: z.string(),
  pains: z.array(z.string()),
  objections: z.array(z.string()),
  uncover: z.array(z.string()),
  builtin: z.boolean(),
  archived: z.boolean(),
});
export type Persona = z.infer<typeof persona>;

export const scenario = z.object({
  id: z.string(),
  title: z.string(),
  /** null: usable for any focus area (custom ones included). */
  focusAreaId: z.string().nullable(),
  personaId: z.string(),
  setup: z.string(),
  sellerGoal: z.string(),
  buyerNotes: z.string(),
  builtin: z.boolean(),
  archived: z.boolean(),
});
export type Scenario = z.infer<typeof scenario>;

/**
 * A session's role-play brief as its caller may see it. `withheld`: the caller is the seller, so
 * what the buyer knows (pains, objections, what to uncover, how to play the buyer) is left out.
 */
export const sessionBrief = z.object({
  sessionId: z.string(),
  sellerId: z.string().nullable(),
  scenario: scenario.nullable(),
  persona: persona.nullable(),
  withheld: z.boolean(),
});
export type SessionBrief = z.infer<typeof sessionBrief>;

const text = (max: number) => z.string().trim().max(max);
const lines = z.array(z.string().trim().min(1).max(500)).max(20);

export const personaFields = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  role: text(200).default(''),
  company: text(500).default(''),
  situation: text(4000).default(''),
  pains: lines.default([]),
  objections: lines.default([]),
  uncover: lines.default([]),
  archived: z.boolean().default(false),
});

export const scenarioFields = z.object({
  title: z.string().trim().min(1, 'Enter a title').max(200),
  focusAreaId: id.nullable().default(null),
  personaId: z.string().min(1, 'Pick a persona').max(maxLength.id),
  setup: text(4000).default(''),
  sellerGoal: text(2000).default(''),
  buyerNotes: text(4000).default(''),
  archived: z.boolean().default(false),
});

export const absence = z.object({ id: z.string(), repId: z.string(), from: z.string(), to: z.string(), note: z.string() });
export type Absence = z.infer<typeof absence>;

const byId = z.object({ id });
const weeksCount = z.number().int().min(1, 'At least one week').max(104, 'At most 104 weeks at a time');

export const scheduleRange = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    programId: idFilter.optional(),
    repId: idFilter.optional(),
    includeCancelled: z.boolean().optional(),
  })
  .default({});

/** A week of the sessions someone leads, at a glance: the counts, and the first few in time order. */
export const scheduleSummary = z.object({
  total: z.number().int(),
  held: z.number().int(),
  planned: z.number().int(),
  missed: z.number().int(),
  sessions: z.array(programSession),
});
export type ScheduleSummary = z.infer<typeof scheduleSummary>;

export const programsChannels = {
  'programs:list': { input: z.object({ includeArchived: z.boolean().optional() }).default({}), output: z.array(program) },
  'programs:get': { input: byId, output: program },
  'programs:create': { input: programFields, output: program },
  'programs:update': { input: byId.extend({ patch: programPatch }), output: program },
  'programs:archive': { input: byId, output: program },
  /** What the program would schedule, without saving anything; `id` plans on top of that program's history. */
  'programs:preview': {
    input: z.object({ id: idFilter.optional(), fields: programFields, weeks: weeksCount.default(defaultGenerateWeeks) }),
    output: z.object({ weeks: z.array(plannedWeek), pairingSeed: z.string() }),
  },
  /** Plans the next weeks from the current one; `more` plans the weeks after the last one already planned. */
  'schedule:generate': {
    input: z.object({ programId: id, weeks: weeksCount.default(defaultGenerateWeeks), more: z.boolean().default(false) }),
    output: z.object({ created: z.number().int(), sessions: z.array(programSession) }),
  },
  /**
   * Plans the weeks from a date on again with the program as it is now: sessions that happened or have a
   * recording, scorecard or note are kept and planned around; the others are cancelled (kept in history).
   * `dryRun` answers the counts without changing anything.
   */
  'schedule:regenerate': {
    input: z.object({ programId: id, from: isoDate, weeks: weeksCount.default(defaultGenerateWeeks), dryRun: z.boolean().default(false) }),
    output: z.object({ created: z.number().int(), cancelled: z.number().int(), kept: z.number().int(), sessions: z.array(programSession) }),
  },
  'schedule:list': { input: scheduleRange, output: z.array(programSession) },
  /** `ledBy` names the caller (the people they lead); without it, every session: for admins. */
  'schedule:summary': {
    input: z.object({ from: instant, to: instant, ledBy: idFilter.optional(), limit: z.number().int().min(0).max(50).default(8) }),
    output: scheduleSummary,
  },
  'schedule:get': { input: byId, output: programSession.extend({ history: z.array(sessionChange) }) },
  'schedule:next': {
    input: z.object({ repId: id }),
    output: programSession.nullable(),
  },
  'schedule:reschedule': {
    input: byId.extend({ date: isoDate, time: timeOfDay, durationMinutes: z.number().int().min(10).max(240).optional() }),
    output: programSession,
  },
  'schedule:cancel': { input: byId.extend({ reason: text(1000).default('') }), output: programSession },
  'schedule:set-status': { input: byId.extend({ status: z.enum(['scheduled', 'done', 'missed']) }), output: programSession },
  /** Puts `inRepId` in place of `outRepId`; if the newcomer is in another session that week, the two trade places. */
  'schedule:swap': { input: byId.extend({ outRepId: id, inRepId: id }), output: z.array(programSession) },
  'availability:list': { input: z.object({ repId: idFilter.optional() }).default({}), output: z.array(absence) },
  'availability:add': {
    input: z
      .object({ repId: id, from: isoDate, to: isoDate, note: text(500).default('') })
      .refine((a) => a.to >= a.from, { message: 'The last day must be on or after the first', path: ['to'] }),
    output: absence,
  },
  'availability:remove': { input: byId, output: z.object({ removed: z.boolean() }) },
  'personas:list': { input: z.object({ includeArchived: z.boolean().optional() }).default({}), output: z.array(persona) },
  'personas:save': { input: z.object({ id: idFilter.optional(), fields: personaFields }), output: persona },
  'scenarios:list': {
    input: z.object({ focusAreaId: idFilter.optional(), includeArchived: z.boolean().optional() }).default({}),
    output: z.array(scenario),
  },
  'scenarios:save': { input: z.object({ id: idFilter.optional(), fields: scenarioFields }), output: scenario },
  /** The scenario and persona of one session, without the buyer's side for its seller. */
  'scenarios:brief': { input: z.object({ sessionId: id }), output: sessionBrief },
  'calendar:export': {
    input: z
      .object({ repId: idFilter.optional(), programId: idFilter.optional(), language: z.enum(['en', 'fi']).default('en') })
      .refine((v) => Boolean(v.repId) !== Boolean(v.programId), { message: 'Export for one rep or one program' }),
    output: z.object({ filename: z.string(), ics: z.string(), events: z.number().int() }),
  },
  /** Sessions whose reminder time has come and that have not started yet. */
  'reminders:due': {
    input: z.object({ repId: idFilter.optional() }).default({}),
    output: z.array(programSession.extend({ remindAt: z.string() })),
  },
} as const;

export const programsEvents = {
  'programs:changed': z.object({ ids: z.array(z.string()) }),
  'library:changed': z.object({}),
} as const;

/** One English sentence for a pairing; the CLI prints it, the renderer has its own words in each language. */
export function describePairing(reason: PairingReason): string {
  const parts: string[] = [];
  const mix = {
    'senior-new': 'a senior rep with a new hire',
    'senior-senior': 'two senior reps',
    'new-new': 'new hires together',
    unknown: 'seniority not known for everyone',
  }[reason.match];
  const strategy = { mixed: 'Mixed', cohort: 'Cohort', rotate: 'Rotate' }[reason.strategy];
  parts.push(`${strategy}: ${mix}${reason.trio ? ', as a trio because the count is odd' : ''}.`);
  if (reason.timesMetBefore === 0) parts.push('First time together.');
  else {
    const ago = reason.lastMetWeeksAgo ?? 0;
    parts.push(`Met ${reason.timesMetBefore === 1 ? 'once' : `${reason.timesMetBefore} times`} before, last ${ago} week${ago === 1 ? '' : 's'} ago.`);
  }
  if (reason.relaxed.includes('repeat-window')) {
    const kept = reason.effectiveWindowWeeks;
    parts.push(
      `No pairing avoided every repeat from the last ${reason.windowWeeks} weeks, so ` +
        (kept > 0 ? `this week only pairs from the last ${kept} week${kept === 1 ? '' : 's'} are avoided.` : 'this week a recent pair meets again.'),
    );
  }
  if (reason.relaxed.includes('roles')) parts.push('Roles could not alternate: more than one of them sold last time.');
  if (reason.relaxed.includes('strategy')) parts.push('The preferred mix was not available this week.');
  if (reason.relaxed.includes('mix-repeat')) parts.push('A senior rep was free, but every senior who could join them has met one of them within the repeat window.');
  if (reason.relaxed.includes('team')) parts.push('Paired across teams: nobody suitable was free in their own team.');
  return parts.join(' ');
}

/** "Discovery: retention 0.62, last practised 5 weeks ago", as of `at`; the renderer has its own words. */
export function describeFocus(focus: NonNullable<PairingReason['focus']>, areaName: string, at: string): string {
  if (focus.retrievability === null || focus.lastPractisedAt === null) return `${areaName}: never practised.`;
  const weeks = Math.max(0, Math.round((Date.parse(at) - Date.parse(focus.lastPractisedAt)) / (7 * 86_400_000)));
  const ago = weeks === 0 ? 'this week' : `${weeks} week${weeks === 1 ? '' : 's'} ago`;
  return `${areaName}: retention ${focus.retrievability.toFixed(2)}, last practised ${ago}.`;
}
