import { parseCalendarDate } from '../../../../shared/people';
import type { FocusStrategy, Program, ProgramFields, Weekday } from '../../../../shared/programs';
import { weekdays } from '../../../../shared/programs';
import { viewerTimeZone, type Translate } from '../../i18n/i18n';
import { localToday } from './format';

/** What the program form holds: text as typed, so nothing is lost while it is not valid yet. */
export interface Draft {
  name: string;
  weekday: Weekday;
  time: string;
  durationMinutes: string;
  timeZone: string;
  startDate: string;
  endDate: string;
  skippedDates: string;
  repIds: string[];
  coachIds: string[];
  focusAreaIds: string[];
  strategy: 'mixed' | 'cohort' | 'rotate';
  focusStrategy: FocusStrategy;
  repeatWindowWeeks: string;
  pairAcrossTeams: boolean;
  reminderMinutes: string;
}

/** The form's fields, as named in the contract; errors are keyed by these. */
export type DraftField = keyof Draft;

function weekdayOf(date: string): Weekday {
  return weekdays[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}

/** A blank program starting today at `time` (written as the person's language writes times). */
export function newDraft(time = '15:00'): Draft {
  const today = localToday();
  return {
    name: '',
    weekday: weekdayOf(today),
    time,
    durationMinutes: '45',
    timeZone: viewerTimeZone(),
    startDate: today,
    endDate: '',
    skippedDates: '',
    repIds: [],
    coachIds: [],
    focusAreaIds: ['discovery', 'demo', 'personas'],
    strategy: 'mixed',
    focusStrategy: 'rotation',
    repeatWindowWeeks: '3',
    pairAcrossTeams: false,
    reminderMinutes: '15',
  };
}

export function fromProgram(p: Program): Draft {
  return {
    name: p.name,
    weekday: p.weekday,
    time: p.time,
    durationMinutes: String(p.durationMinutes),
    timeZone: p.timeZone,
    startDate: p.startDate,
    endDate: p.endDate ?? '',
    skippedDates: p.skippedDates.join(', '),
    repIds: p.reps.map((r) => r.repId),
    coachIds: p.coaches.map((c) => c.repId),
    focusAreaIds: p.focusAreaIds,
    strategy: p.strategy,
    focusStrategy: p.focusStrategy,
    repeatWindowWeeks: String(p.repeatWindowWeeks),
    pairAcrossTeams: p.pairAcrossTeams,
    reminderMinutes: String(p.reminderMinutes),
  };
}

/** A time of day as people type it: 15:00, 15.00, klo 15.00, 3:00 pm; "HH:MM" or null. */
export function parseTimeOfDay(raw: string): string | null {
  const match = /^(?:klo\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(raw.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  const half = match[3]?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || (!half && match[2] === undefined)) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/**
 * A named zone the browser knows though its list leaves it out: the list holds canonical zones
 * only, so UTC (a computer set to it offers it by default) and links such as Asia/Calcutta are
 * missing from it. Offsets such as +02:00 stay out, as in the core: daylight saving needs a name.
 */
function zoneIntlKnows(zone: string): string | undefined {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Checks the draft the way a person reads it: one message per field, in their language, naming the
 * entry that is wrong. The core checks again (reps, focus areas, daylight saving); `serverErrors`
 * words its answer the same way.
 */
export function checkDraft(draft: Draft, t: Translate, zones: readonly string[]): { fields: ProgramFields | null; errors: Map<DraftField, string> } {
  const errors = new Map<DraftField, string>();
  if (!draft.name.trim()) errors.set('name', t('programs.error.name'));
  const time = parseTimeOfDay(draft.time);
  if (!time) errors.set('time', t('programs.error.time'));
  const duration = wholeNumber(draft.durationMinutes, 10, 240);
  if (duration === null) errors.set('durationMinutes', t('programs.error.duration'));
  const zone = draft.timeZone.trim();
  const knownZone = zones.find((z) => z.toLowerCase() === zone.toLowerCase()) ?? zoneIntlKnows(zone);
  if (!zone) errors.set('timeZone', t('programs.error.timeZoneEmpty'));
  else if (zones.length && !knownZone) errors.set('timeZone', t('programs.error.timeZone', { value: zone }));
  const start = parseCalendarDate(draft.startDate);
  if (!start) errors.set('startDate', t('programs.error.startDate'));
  const end = draft.endDate.trim() ? parseCalendarDate(draft.endDate) : null;
  if (draft.endDate.trim() && !end) errors.set('endDate', t('programs.error.date', { value: draft.endDate.trim() }));
  else if (end && start && end < start) errors.set('endDate', t('programs.error.endBeforeStart'));
  const skipped: string[] = [];
  for (const entry of draft.skippedDates.split(/[\s,;]+/).filter(Boolean)) {
    const date = parseCalendarDate(entry);
    if (!date) {
      errors.set('skippedDates', t('programs.error.skippedDate', { value: entry }));
      break;
    }
    if (!skipped.includes(date)) skipped.push(date);
  }
  const window = wholeNumber(draft.repeatWindowWeeks, 0, 52);
  if (window === null) errors.set('repeatWindowWeeks', t('programs.error.window'));
  const reminder = wholeNumber(draft.reminderMinutes, 0, 7 * 24 * 60);
  if (reminder === null) errors.set('reminderMinutes', t('programs.error.reminder'));
  if (draft.repIds.length < 2) errors.set('repIds', t('programs.error.reps'));
  if (draft.focusAreaIds.length === 0) errors.set('focusAreaIds', t('programs.error.focus'));
  if (errors.size) return { fields: null, errors };
  return {
    fields: {
      name: draft.name.trim(),
      weekday: draft.weekday,
      time: time!,
      durationMinutes: duration!,
      timeZone: knownZone ?? zone,
      startDate: start!,
      endDate: end,
      skippedDates: skipped,
      repIds: draft.repIds,
      coachIds: draft.coachIds,
      focusAreaIds: draft.focusAreaIds,
      strategy: draft.strategy,
      focusStrategy: draft.focusStrategy,
      repeatWindowWeeks: window!,
      pairAcrossTeams: draft.pairAcrossTeams,
      reminderMinutes: reminder!,
    },
    errors,
  };
}

const fieldNames = new Set<string>([
  'name',
  'weekday',
  'time',
  'durationMinutes',
  'timeZone',
  'startDate',
  'endDate',
  'skippedDates',
  'repIds',
  'coachIds',
  'focusAreaIds',
  'strategy',
  'focusStrategy',
  'repeatWindowWeeks',
  'pairAcrossTeams',
  'reminderMinutes',
]);

/**
 * The core's answer to a draft that passed the checks above (a rep archived meanwhile, a time the
 * clocks skip, a zone the core does not know): each issue's path names the field (`fields.repIds.1`
 * from the preview, `repIds.1` from saving), and the message is the form's own for that field.
 */
export function serverErrors(issues: readonly { path: string; message: string }[], t: Translate): Map<DraftField, string> {
  const errors = new Map<DraftField, string>();
  for (const issue of issues) {
    const field = issue.path.replace(/^fields\./, '').split('.')[0]!;
    if (!fieldNames.has(field) || errors.has(field as DraftField)) continue;
    const key = field as DraftField;
    if (key === 'time' && /daylight saving/i.test(issue.message)) errors.set(key, t('programs.error.timeSkipped'));
    else if (key === 'repIds') errors.set(key, t('programs.error.repGone'));
    else if (key === 'focusAreaIds') errors.set(key, t('programs.error.focusGone'));
    else if (key === 'endDate') errors.set(key, t('programs.error.endBeforeFirst'));
    else if (key === 'timeZone') errors.set(key, t('programs.error.timeZoneEmpty'));
    else errors.set(key, t('programs.error.field'));
  }
  return errors;
}
