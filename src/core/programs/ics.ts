import { localDateTime, offsetMinutes, transitions, zonedToInstant } from './time-zones';

/**
 * An iCalendar (RFC 5545) writer for what Reprise exports: VEVENTs with local times in a named zone
 * and a VTIMEZONE that spells out that zone's offsets for the years the events cover (explicit
 * STANDARD/DAYLIGHT observances computed from the ICU data, no RRULEs, so there is nothing for a
 * client to extrapolate). Lines end in CRLF and are folded at 75 octets without splitting a
 * UTF-8 character.
 */

export interface IcsEvent {
  uid: string;
  sequence: number;
  /** CANCELLED for a session that will not or did not take place (cancelled, missed). */
  status: 'CONFIRMED' | 'CANCELLED';
  /** ISO instants (UTC). */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  summary: string;
  description: string;
  categories: string[];
  createdAt: string;
  updatedAt: string;
}

/** A whole-day entry (DTSTART;VALUE=DATE): a date, not an instant, so it needs no time zone and blocks no time. */
export interface AllDayIcsEvent {
  uid: string;
  sequence: number;
  /** YYYY-MM-DD. */
  date: string;
  summary: string;
  description: string;
  categories: string[];
  createdAt: string;
  updatedAt: string;
}

export interface IcsCalendar {
  name: string;
  events: IcsEvent[];
  allDayEvents?: AllDayIcsEvent[];
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

const encoder = new TextEncoder();

/** Folds one content line: at most 75 octets per physical line, continuation lines start with a space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (size + bytes > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

function utcStamp(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function localStamp(timeZone: string, epochMs: number): string {
  const { date, time } = localDateTime(timeZone, epochMs);
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;
}

function offsetText(minutes: number): string {
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60))}${pad(minutes % 60)}`;
}

function abbreviation(timeZone: string, epochMs: number): string | null {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(epochMs).find((p) => p.type === 'timeZoneName')?.value;
  // ICU gives real abbreviations only for some zones (EST, PDT); "GMT+2" is not worth a TZNAME.
  return name && /^[A-Z]{2,5}$/.test(name) ? name : null;
}

/** Whether the zone's local time at this instant happens only once (not inside a fall-back hour). */
function unambiguous(timeZone: string, epochMs: number): boolean {
  const local = localDateTime(timeZone, epochMs);
  const wall = epochMs + offsetMinutes(timeZone, epochMs) * 60_000;
  const offsets = new Set([offsetMinutes(timeZone, epochMs - 86_400_000), offsetMinutes(timeZone, epochMs + 86_400_000)]);
  const instants = [...offsets].map((o) => wall - o * 60_000).filter((t) => {
    const other = localDateTime(timeZone, t);
    return other.date === local.date && other.time === local.time;
  });
  return instants.length <= 1;
}

/**
 * A DTSTART or DTEND value: the local time in the event's zone when that local time names this
 * instant and no other, else UTC. Inside a DST fall-back hour a local time happens twice, and
 * clients pick either one (RFC 5545 says the first, ical.js takes the second), so a session from
 * 03:30 to 04:30 summer time on the night the clocks go back would end at 03:30 local and last
 * no time, or start an hour late; written in UTC, it lasts its hour wherever it is read.
 */
function dateTime(name: 'DTSTART' | 'DTEND', timeZone: string, iso: string): string {
  const epochMs = Date.parse(iso);
  const { date, time } = localDateTime(timeZone, epochMs);
  const local = epochMs % 60_000 === 0 && zonedToInstant(timeZone, date, time).epochMs === epochMs && unambiguous(timeZone, epochMs);
  return local ? `${name};TZID=${timeZone}:${localStamp(timeZone, epochMs)}` : `${name}:${utcStamp(iso)}`;
}

/** A VTIMEZONE for `timeZone` that is exact for every instant in [fromMs, toMs). */
export function vtimezone(timeZone: string, fromMs: number, toMs: number): string[] {
  const changes = transitions(timeZone, fromMs, toMs);
  const initial = offsetMinutes(timeZone, fromMs);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const observance = (kind: 'STANDARD' | 'DAYLIGHT', onsetMs: number, from: number, to: number) => {
    const tzname = abbreviation(timeZone, onsetMs);
    lines.push(
      `BEGIN:${kind}`,
      // The onset is written in the local time in force before it (TZOFFSETFROM).
      `DTSTART:${localStamp('UTC', onsetMs + from * 60_000)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      ...(tzname ? [`TZNAME:${tzname}`] : []),
      `END:${kind}`,
    );
  };
  const first = changes[0];
  observance(first && first.toMinutes < first.fromMinutes ? 'DAYLIGHT' : 'STANDARD', fromMs, initial, initial);
  for (const change of changes) observance(change.toMinutes > change.fromMinutes ? 'DAYLIGHT' : 'STANDARD', change.epochMs, change.fromMinutes, change.toMinutes);
  lines.push('END:VTIMEZONE');
  return lines;
}

/** The whole .ics text, CRLF line endings, folded. */
export function buildCalendar(calendar: IcsCalendar, now: Date): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Reprise//Role-play programs//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(calendar.name)}`];
  const zones = new Map<string, { from: number; to: number }>();
  for (const e of calendar.events) {
    const span = zones.get(e.timeZone) ?? { from: Infinity, to: -Infinity };
    span.from = Math.min(span.from, Date.parse(e.startsAt));
    span.to = Math.max(span.to, Date.parse(e.endsAt));
    zones.set(e.timeZone, span);
  }
  for (const [zone, span] of [...zones].sort(([a], [b]) => a.localeCompare(b))) {
    // Whole calendar years around the events, so a moved event still finds its offset.
    const from = Date.UTC(new Date(span.from).getUTCFullYear() - 1, 0, 1);
    const to = Date.UTC(new Date(span.to).getUTCFullYear() + 2, 0, 1);
    lines.push(...vtimezone(zone, from, to));
  }
  for (const e of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(now.toISOString())}`,
      `CREATED:${utcStamp(e.createdAt)}`,
      `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
      `SEQUENCE:${e.sequence}`,
      `STATUS:${e.status}`,
      dateTime('DTSTART', e.timeZone, e.startsAt),
      dateTime('DTEND', e.timeZone, e.endsAt),
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      ...(e.categories.length ? [`CATEGORIES:${e.categories.map(escapeText).join(',')}`] : []),
      // A session that will not take place blocks no time.
      `TRANSP:${e.status === 'CANCELLED' ? 'TRANSPARENT' : 'OPAQUE'}`,
      'END:VEVENT',
    );
  }
  for (const e of calendar.allDayEvents ?? []) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(now.toISOString())}`,
      `CREATED:${utcStamp(e.createdAt)}`,
      `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
      `SEQUENCE:${e.sequence}`,
      'STATUS:CONFIRMED',
      `DTSTART;VALUE=DATE:${e.date.replace(/-/g, '')}`,
      `DTEND;VALUE=DATE:${nextDay(e.date).replace(/-/g, '')}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      ...(e.categories.length ? [`CATEGORIES:${e.categories.map(escapeText).join(',')}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
