import { describe, expect, it } from 'vitest';
import { checkTimeZone, isoWeek, localDateTime, offsetMinutes, transitions, zonedToInstant } from '../../src/core/programs/time-zones';

const iso = (ms: number) => new Date(ms).toISOString();

describe('time zones', () => {
  it('accepts IANA names (any case) and refuses unknown zones and bare offsets with an actionable message', () => {
    expect(checkTimeZone('europe/helsinki')).toBe('Europe/Helsinki');
    expect(checkTimeZone('America/New_York')).toBe('America/New_York');
    expect(() => checkTimeZone('Mars/Olympus_Mons')).toThrow(/not a time zone we know.*Europe\/Helsinki/);
    expect(() => checkTimeZone('+02:00')).toThrow(/not a time zone we know/);
  });

  it('turns wall time into UTC on both sides of a daylight-saving change', () => {
    expect(iso(zonedToInstant('Europe/Helsinki', '2026-03-25', '15:00').epochMs)).toBe('2026-03-25T13:00:00.000Z');
    expect(iso(zonedToInstant('Europe/Helsinki', '2026-04-01', '15:00').epochMs)).toBe('2026-04-01T12:00:00.000Z');
    expect(iso(zonedToInstant('America/New_York', '2026-11-04', '09:30').epochMs)).toBe('2026-11-04T14:30:00.000Z');
  });

  it('moves a time inside the spring-forward gap later by the gap, and says so', () => {
    const gap = zonedToInstant('Europe/Helsinki', '2026-03-29', '03:30');
    expect(gap).toMatchObject({ shifted: true, actualTime: '04:30' });
    expect(iso(gap.epochMs)).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedToInstant('Europe/Helsinki', '2026-03-29', '04:30')).toMatchObject({ shifted: false, epochMs: gap.epochMs });
  });

  it('reads a time that happens twice (fall back) as its first occurrence', () => {
    const twice = zonedToInstant('Europe/Helsinki', '2026-10-25', '03:30');
    expect(twice.shifted).toBe(false);
    expect(iso(twice.epochMs)).toBe('2026-10-25T00:30:00.000Z');
    expect(offsetMinutes('Europe/Helsinki', twice.epochMs)).toBe(180);
  });

  it('finds the offset changes of a year to the minute', () => {
    const found = transitions('Europe/Helsinki', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(found.map((t) => [iso(t.epochMs), t.fromMinutes, t.toMinutes])).toEqual([
      ['2026-03-29T01:00:00.000Z', 120, 180],
      ['2026-10-25T01:00:00.000Z', 180, 120],
    ]);
    expect(transitions('Asia/Tokyo', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toEqual([]);
    expect(localDateTime('Asia/Kolkata', Date.UTC(2026, 0, 1, 12))).toEqual({ date: '2026-01-01', time: '17:30' });
  });

  it('names ISO weeks across year ends', () => {
    expect([isoWeek('2026-12-31'), isoWeek('2027-01-01'), isoWeek('2027-01-04'), isoWeek('2024-12-30')]).toEqual([
      '2026-W53',
      '2026-W53',
      '2027-W01',
      '2025-W01',
    ]);
  });
});
