import type { ChannelInput } from './contract';

/**
 * The inputs of the reads that Today and Coaching → To write make, built in one place. A desktop
 * joined to a team hub keeps their answers under exactly these inputs (see DesktopLink.keepWarm),
 * so the pages find them when the hub cannot be reached. A page and the desktop that both build
 * an input here cannot drift apart.
 */

/** Sessions to write about asked for at a time on To write; more load as the list scrolls. */
export const toWritePageSize = 30;

/** A calendar date (YYYY-MM-DD) where this computer is. */
export function localDate(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}

/** The Monday of a date's week (dates as YYYY-MM-DD). */
export function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** This computer's time zone, as reminders are worked out in it. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export const pageInputs = {
  /** Today's "This week": a person's sessions from local Monday midnight to the next. */
  week: (repId: string, weekStart: string): ChannelInput<'schedule:list'> => ({
    repId,
    from: new Date(`${weekStart}T00:00:00`).toISOString(),
    to: new Date(`${addDays(weekStart, 7)}T00:00:00`).toISOString(),
  }),
  next: (repId: string): ChannelInput<'schedule:next'> => ({ repId }),
  /** Whether anyone is on the roster: one row and the counts. */
  roster: (): ChannelInput<'people:page'> => ({ limit: 1 }),
  /** Today asks for all that is owed; To write pages through it. */
  toWrite: (reviewerId: string, page?: { limit: number; after?: { startsAt: string | null; id: string } }): ChannelInput<'scorecards:to-write'> => ({
    reviewerId,
    ...(page ? { limit: page.limit, ...(page.after ? { after: page.after } : {}) } : {}),
  }),
  written: (reviewerId: string): ChannelInput<'scorecards:list'> => ({ reviewerId, status: ['submitted'] }),
  unconfirmed: (repId: string): ChannelInput<'sessions:list'> => ({ repId, unconfirmed: true }),
  certificationReminders: (repId: string): ChannelInput<'certifications:reminders'> => ({ repId, timeZone: localTimeZone() }),
  /** How many people someone leads: the count, with one row, never the list. */
  led: (repId: string): ChannelInput<'people:page'> => ({ filter: { ledBy: repId }, limit: 1 }),
  /** A session's takes, for the scorecard page's side panel while offline. */
  takes: (sessionId: string): ChannelInput<'recordings:list'> => ({ sessionId }),
};
