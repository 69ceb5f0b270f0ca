import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine } from '../../src/core/programs/ics';
import type { ProgramFields } from '../../src/shared/programs';
import { testCore } from '../support/core';

type TestCore = ReturnType<typeof testCore>;

function setup(core: TestCore, overrides: Partial<ProgramFields> = {}) {
  const aino = core.people.create({ name: 'Aino Järvinen', email: 'aino@example.com', hireDate: '2019-01-01' });
  const ben = core.people.create({ name: 'Ben Okoro', email: 'ben@example.com', hireDate: '2026-10-01' });
  const program = core.programs.programs.create({
    name: 'Nordics weekly',
    weekday: 'wed',
    time: '15:00',
    durationMinutes: 45,
    timeZone: 'Europe/Helsinki',
    startDate: '2026-10-14',
    repIds: [aino.id, ben.id],
    ...overrides,
  });
  return { aino, ben, program };
}

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { calendar, events };
}

const octets = (line: string) => new TextEncoder().encode(line).length;

describe('iCalendar export', () => {
  it('folds long lines at 75 octets without splitting a character, and unfolds back to the original', () => {
    const long = `DESCRIPTION:${escapeText('Ostajapersoona: Päivi Mäkelä, talousjohtaja; "kipupisteet", tärkeät asiat\nja 😀 emoji '.repeat(4))}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('is read back by ical.js with the right instants on both sides of a daylight-saving change', async () => {
    const core = testCore('2026-10-01T09:00:00Z');
    const { aino, program } = setup(core);
    core.programs.schedule.generate(program.id, 3);
    const { ics, filename, events: count } = core.programs.schedule.exportCalendar({ repId: aino.id });
    expect(filename).toBe('reprise-aino-jarvinen.ics');
    expect(count).toBe(3);

    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);

    const { calendar, events } = parse(ics);
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Helsinki']);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual(['2026-10-14T12:00:00.000Z', '2026-10-21T12:00:00.000Z', '2026-10-28T13:00:00.000Z']);
    expect(events.map((e) => e.endDate.toJSDate().toISOString())).toEqual(['2026-10-14T12:45:00.000Z', '2026-10-21T12:45:00.000Z', '2026-10-28T13:45:00.000Z']);
    expect(events.map((e) => e.startDate.zone?.tzid)).toEqual(['Europe/Helsinki', 'Europe/Helsinki', 'Europe/Helsinki']);
    expect(events.every((e) => e.startDate.hour === 15 && e.startDate.minute === 0)).toBe(true);
    for (const e of events) {
      expect(e.summary).toMatch(/^Discovery role-play with Ben Okoro \(you: (seller|buyer)\)$|^Demo role-play with Ben Okoro|^Buyer personas role-play with Ben Okoro/);
      expect(e.description).toMatch(/Buyer persona: /);
      expect(e.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    }
    expect(events[0]!.summary).toContain('Discovery');
    expect(events[1]!.summary).toContain('Demo');
  });

  it('keeps the UID, bumps SEQUENCE on a change and marks a cancelled session CANCELLED', () => {
    const core = testCore('2026-10-01T09:00:00Z');
    const { program } = setup(core);
    const sessions = core.programs.schedule.generate(program.id, 2).sessions;
    const before = parse(core.programs.schedule.exportCalendar({ programId: program.id }).ics).events;
    expect(before.map((e) => e.uid)).toEqual(sessions.map((s) => `${s.id}@reprise.app`));
    expect(before.map((e) => e.sequence)).toEqual([0, 0]);

    core.programs.schedule.reschedule(sessions[0]!.id, { date: '2026-10-15', time: '09:00' });
    core.programs.schedule.cancel(sessions[1]!.id, '');
    const after = parse(core.programs.schedule.exportCalendar({ programId: program.id }).ics).events;
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(after.map((e) => e.sequence)).toEqual([1, 1]);
    expect(after[0]!.startDate.toJSDate().toISOString()).toBe('2026-10-15T06:00:00.000Z');
    expect(after.map((e) => e.component.getFirstPropertyValue('status'))).toEqual(['CONFIRMED', 'CANCELLED']);
  });

  it('gives a session on the DST fall-back night its full length (2027-10-31 03:30 Europe/Helsinki, 60 minutes)', () => {
    const core = testCore('2027-10-01T09:00:00Z');
    const { program } = setup(core, { weekday: 'sun', time: '03:30', durationMinutes: 60, startDate: '2027-10-31' });
    const [session] = core.programs.schedule.generate(program.id, 1).sessions;
    // 03:30 happens twice that night; the first (summer time, UTC+3) is the session's start.
    expect([session!.startsAt, session!.endsAt]).toEqual(['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']);
    const { ics } = core.programs.schedule.exportCalendar({ programId: program.id });
    const [event] = parse(ics).events;
    expect(event!.startDate.toJSDate().toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(event!.endDate.toJSDate().toISOString()).toBe('2027-10-31T01:30:00.000Z');
    expect(event!.duration.toSeconds()).toBe(3600);
    // 03:30 that night names two instants, and clients differ on which they take, so both are in UTC.
    expect(ics).toContain('DTSTART:20271031T003000Z\r\n');
    expect(ics).toContain('DTEND:20271031T013000Z\r\n');
  });

  it('marks a missed session CANCELLED and free, like a cancelled one, and a done one CONFIRMED', () => {
    const core = testCore('2026-10-01T09:00:00Z');
    const { program } = setup(core);
    const sessions = core.programs.schedule.generate(program.id, 3).sessions;
    core.setNow('2026-10-29T09:00:00Z');
    core.programs.schedule.setStatus(sessions[0]!.id, 'done');
    core.programs.schedule.setStatus(sessions[1]!.id, 'missed');
    const events = parse(core.programs.schedule.exportCalendar({ programId: program.id }).ics).events;
    expect(events.map((e) => e.component.getFirstPropertyValue('status'))).toEqual(['CONFIRMED', 'CANCELLED', 'CONFIRMED']);
    expect(events.map((e) => e.component.getFirstPropertyValue('transp'))).toEqual(['OPAQUE', 'TRANSPARENT', 'OPAQUE']);
    expect(events[1]!.sequence).toBeGreaterThan(0);
  });

  it('gives the buyer the whole persona brief and keeps what to uncover from the seller', () => {
    const core = testCore('2026-10-01T09:00:00Z');
    const { aino, ben, program } = setup(core);
    const session = core.programs.schedule.generate(program.id, 1).sessions[0]!;
    const seller = session.participants.find((p) => p.role === 'seller')!.repId === aino.id ? aino : ben;
    const buyer = seller === aino ? ben : aino;
    const scenario = core.programs.library.getScenario(session.scenarioId!);
    const persona = core.programs.library.getPersona(scenario.personaId);
    const sellerView = parse(core.programs.schedule.exportCalendar({ repId: seller.id }).ics).events[0]!.description;
    const buyerView = parse(core.programs.schedule.exportCalendar({ repId: buyer.id }).ics).events[0]!.description;
    for (const view of [sellerView, buyerView]) {
      expect(view).toContain(`Buyer persona: ${persona.name}, ${persona.role}`);
      expect(view).toContain(scenario.sellerGoal);
    }
    expect(buyerView).toContain(persona.pains[0]);
    expect(buyerView).toContain(persona.uncover[0]);
    expect(buyerView).toContain(scenario.buyerNotes);
    expect(sellerView).not.toContain(persona.pains[0]);
    expect(sellerView).not.toContain(scenario.buyerNotes);
    expect(sellerView).toMatch(/finds it out in the role-play/);
  });

  it('handles zones with other rules (New York in March, Tokyo without daylight saving) and Finnish text', () => {
    const core = testCore('2026-02-20T09:00:00Z');
    const { program } = setup(core, { timeZone: 'America/New_York', time: '09:30', startDate: '2026-03-02', weekday: 'mon' });
    core.programs.schedule.generate(program.id, 2);
    const ny = parse(core.programs.schedule.exportCalendar({ programId: program.id, language: 'fi' }).ics).events;
    expect(ny.map((e) => e.startDate.toJSDate().toISOString())).toEqual(['2026-03-02T14:30:00.000Z', '2026-03-09T13:30:00.000Z']);
    expect(ny[0]!.summary).toMatch(/^Roolipeli: Discovery: /);

    const other = testCore('2026-02-20T09:00:00Z');
    const tokyo = setup(other, { timeZone: 'Asia/Tokyo', startDate: '2026-03-02' });
    other.programs.schedule.generate(tokyo.program.id, 1);
    const text = other.programs.schedule.exportCalendar({ programId: tokyo.program.id }).ics;
    expect(text).toMatch(/BEGIN:STANDARD\r\nDTSTART:\d{8}T\d{6}\r\nTZOFFSETFROM:\+0900\r\nTZOFFSETTO:\+0900/);
    expect(parse(text).events[0]!.startDate.toJSDate().toISOString()).toBe('2026-03-04T06:00:00.000Z');
  });
});
