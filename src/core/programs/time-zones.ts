import { AppError, ErrorCode } from '../../shared/errors';

/**
 * Wall-clock time in an IANA zone, computed with the ICU data Node ships (Intl), no library.
 *
 * Policy for local times that do not exist or exist twice, the same as RFC 5545 section 3.3.5 so a
 * calendar app that reads our TZID + local time lands on the very instant we stored:
 * - a time inside a spring-forward gap (e.g. 03:30 in Helsinki on the last Sunday of March) is read
 *   with the UTC offset from before the gap, which moves it forward by the gap (03:30 becomes 04:30);
 * - a time that occurs twice (the autumn fall-back hour) means its first occurrence.
 * A program whose very first session falls in a gap is refused at creation (the person picking the
 * time should pick another); a later session in a gap is shifted and the preview names the date.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's canonical IANA name, or an error that says what to type instead. */
export function checkTimeZone(name: string, path = 'timeZone'): string {
  try {
    // Intl also takes offsets such as +02:00; a program needs a named zone so daylight saving follows.
    if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name)) throw new RangeError(name);
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new AppError(ErrorCode.invalidInput, `"${name}" is not a time zone we know. Use an IANA name such as Europe/Helsinki or America/New_York.`, [
      { path, message: 'Unknown time zone' },
    ]);
  }
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(timeZone: string, epochMs: number): WallParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(epochMs)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as unknown as WallParts;
}

/** Local time minus UTC, in minutes, at an instant. */
export function offsetMinutes(timeZone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  const p = wallParts(timeZone, whole);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole) / MINUTE);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date (YYYY-MM-DD) and time (HH:MM) of an instant in a zone. */
export function localDateTime(timeZone: string, epochMs: number): { date: string; time: string } {
  const p = wallParts(timeZone, epochMs);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

export interface ZonedInstant {
  epochMs: number;
  /** The wall time actually used, HH:MM; differs from the requested one only inside a gap. */
  actualTime: string;
  shifted: boolean;
}

/** A local date and time in a zone as an instant, with the gap/overlap policy described above. */
export function zonedToInstant(timeZone: string, date: string, time: string): ZonedInstant {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const before = offsetMinutes(timeZone, wall - DAY);
  const after = offsetMinutes(timeZone, wall + DAY);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off * MINUTE)
    .filter((t) => {
      const local = localDateTime(timeZone, t);
      return local.date === date && local.time === time;
    })
    .sort((a, b) => a - b);
  if (candidates.length) return { epochMs: candidates[0]!, actualTime: time, shifted: false };
  const epochMs = wall - before * MINUTE;
  return { epochMs, actualTime: localDateTime(timeZone, epochMs).time, shifted: true };
}

export interface Transition {
  epochMs: number;
  fromMinutes: number;
  toMinutes: number;
}

/** Every change of the zone's UTC offset in [fromMs, toMs), found by daily sampling and bisection to the minute. */
export function transitions(timeZone: string, fromMs: number, toMs: number): Transition[] {
  const found: Transition[] = [];
  let t = fromMs;
  let offset = offsetMinutes(timeZone, t);
  while (t < toMs) {
    const next = Math.min(t + DAY, toMs);
    const nextOffset = offsetMinutes(timeZone, next);
    if (nextOffset !== offset) {
      let lo = t;
      let hi = next;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (offsetMinutes(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      found.push({ epochMs: hi, fromMinutes: offset, toMinutes: nextOffset });
    }
    t = next;
    offset = nextOffset;
  }
  return found;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** ISO-8601 week of a calendar date, e.g. 2026-W49. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - weekdayIndex(date)) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${pad(week)}`;
}
