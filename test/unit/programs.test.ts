import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/shared/dispatch';
import type { ProgramFields, ProgramSession } from '../../src/shared/programs';
import { testCore } from '../support/core';
import { makeMedia } from '../support/media';

type TestCore = ReturnType<typeof testCore>;

function seedReps(core: TestCore, count: number, newHires = 0): string[] {
  return Array.from({ length: count }, (_, i) =>
    core.people.create({
      name: `Rep ${String.fromCharCode(65 + i)}`,
      email: `rep${i}@example.com`,
      hireDate: i < newHires ? '2026-10-01' : '2020-01-01',
    }).id,
  );
}

function fields(repIds: string[], overrides: Partial<ProgramFields> = {}): ProgramFields {
  return {
    name: 'Nordics weekly',
    weekday: 'wed',
    time: '15:00',
    durationMinutes: 45,
    timeZone: 'Europe/Helsinki',
    startDate: '2026-11-30',
    repIds,
    ...overrides,
  };
}

async function callOk<T>(core: TestCore, channel: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}

function byWeek(sessions: ProgramSession[]): Map<number, ProgramSession[]> {
  const weeks = new Map<number, ProgramSession[]>();
  for (const s of sessions) weeks.set(s.weekIndex, [...(weeks.get(s.weekIndex) ?? []), s]);
  return weeks;
}

function snapshot(core: TestCore): string {
  return JSON.stringify(core.db.prepare('SELECT * FROM sessions ORDER BY id').all()) + JSON.stringify(core.db.prepare('SELECT * FROM programs').all());
}

describe('programs', () => {
  it('creates a program with defaults and lists it', () => {
    const core = testCore();
    const reps = seedReps(core, 4);
    const program = core.programs.programs.create(fields(reps, { timeZone: 'europe/helsinki' }));
    expect(program).toMatchObject({
      name: 'Nordics weekly',
      weekday: 'wed',
      timeZone: 'Europe/Helsinki',
      focusAreaIds: ['discovery', 'demo', 'personas'],
      strategy: 'mixed',
      repeatWindowWeeks: 3,
      reminderMinutes: 15,
    });
    expect(program.reps.map((r) => r.repId)).toEqual(reps);
    expect(core.programs.programs.list().map((p) => p.id)).toEqual([program.id]);
    expect(core.emitted.some((e) => e.name === 'programs:changed')).toBe(true);
  });

  it('refuses bad input with a clear message and the field, and changes nothing', async () => {
    const core = testCore();
    const reps = seedReps(core, 3);
    core.people.archive(reps[2]!);
    const before = snapshot(core);
    const cases: [Partial<ProgramFields>, RegExp, string][] = [
      [{ timeZone: 'Europe/Helsinky' }, /not a time zone we know.*Europe\/Helsinki/, 'timeZone'],
      [{ repIds: [reps[0]!] }, /at least two reps/, 'repIds'],
      [{ repIds: [reps[0]!, reps[2]!] }, /Rep C is archived: unarchive them in People or leave them out/, 'repIds.1'],
      [{ repIds: [reps[0]!, 'nobody'] }, /no rep with id nobody/, 'repIds.1'],
      [{ focusAreaIds: ['discovery', 'juggling'] }, /no focus area "juggling"/, 'focusAreaIds.1'],
      [{ time: '25:00' }, /24-hour time/, 'time'],
      [{ weekday: 'someday' as 'mon' }, /weekday/, 'weekday'],
      [{ endDate: '2026-11-01' }, /end date must be on or after the start date/, 'endDate'],
      // Sunday 29 March 2026: Helsinki clocks jump from 03:00 to 04:00.
      [{ weekday: 'sun', time: '03:30', startDate: '2026-03-23' }, /03:30 does not exist on Sunday,? 29 March 2026 in Europe\/Helsinki.*Pick another time or start date/, 'time'],
    ];
    for (const [patch, message, path] of cases) {
      const result = await dispatch(core.handlers, 'programs:create', fields(reps.slice(0, 2), patch));
      expect(result.ok, JSON.stringify(patch)).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(message);
      expect(result.error.issues?.map((i) => i.path)).toContain(path);
    }
    expect(snapshot(core)).toBe(before);
  });

  it('saves exactly the weeks the preview of a new program showed, group by group', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 9, 4);
    const draft = fields(reps, { startDate: '2026-12-01' });
    // What the editor does: preview the unsaved program, then create it with the seed the preview used.
    const previewed = await callOk<{ weeks: { weekIndex: number; groups: { members: { repId: string; role: string }[]; coachRepId: string; scenarioId: string | null }[] }[]; pairingSeed: string }>(
      core,
      'programs:preview',
      { fields: draft, weeks: 6 },
    );
    const again = await callOk<typeof previewed>(core, 'programs:preview', { fields: { ...draft, pairingSeed: previewed.pairingSeed }, weeks: 6 });
    expect(again.weeks).toEqual(previewed.weeks);
    const program = await callOk<{ id: string }>(core, 'programs:create', { ...draft, pairingSeed: previewed.pairingSeed });
    const saved = core.programs.schedule.generate(program.id, 6).sessions;
    const shape = (g: { members: { repId: string; role: string }[]; coachRepId: string | null; scenarioId: string | null }) =>
      JSON.stringify([[...g.members].map((m) => `${m.repId}:${m.role}`).sort(), g.coachRepId, g.scenarioId]);
    const savedWeeks = [...byWeek(saved)].map(([weekIndex, list]) => [weekIndex, list.map((s) => shape({ members: s.participants, coachRepId: s.coachRepId, scenarioId: s.scenarioId })).sort()]);
    const previewWeeks = previewed.weeks.map((w) => [w.weekIndex, w.groups.map(shape).sort()]);
    expect(savedWeeks).toEqual(previewWeeks);
    // Editing it later previews on top of the same seed.
    const edited = core.programs.schedule.preview(program.id, draft, 6);
    expect(edited.pairingSeed).toBe(previewed.pairingSeed);
  });

  it('generates four weeks from the current week: everyone once a week, in the right local time, idempotently', () => {
    // Friday 27 Nov 2026; the program started on Monday 2 Nov, so this week is week 3.
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 7, 3);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-11-02' }));
    const { created, sessions } = core.programs.schedule.generate(program.id, 4);
    expect(created).toBe(12);
    const weeks = byWeek(sessions);
    expect([...weeks.keys()]).toEqual([3, 4, 5, 6]);
    for (const [, list] of weeks) {
      const people = list.flatMap((s) => s.participants.map((p) => p.repId));
      expect(people.sort()).toEqual([...reps].sort());
      expect(list.filter((s) => s.participants.length === 3)).toHaveLength(1);
      for (const s of list) expect(s.participants.some((p) => p.repId === s.coachRepId && p.role !== 'seller')).toBe(true);
    }
    expect(sessions[0]).toMatchObject({ localDate: '2026-11-25', week: '2026-W48', startsAt: '2026-11-25T13:00:00.000Z', endsAt: '2026-11-25T13:45:00.000Z' });
    // The rotation counts from the first week: week 3 is discovery again.
    expect([...weeks.values()].map((l) => l[0]!.focusAreaId)).toEqual(['discovery', 'demo', 'personas', 'discovery']);
    expect(sessions.every((s) => s.scenarioId && s.reason)).toBe(true);
    const again = core.programs.schedule.generate(program.id, 4);
    expect(again.created).toBe(0);
    expect(again.sessions.map((s) => s.id)).toEqual(sessions.map((s) => s.id));
    // "Plan 4 more weeks" carries on after the last planned week.
    const more = core.programs.schedule.generate(program.id, 4, true);
    expect(more.created).toBe(12);
    expect([...byWeek(more.sessions).keys()]).toEqual([7, 8, 9, 10]);
  });

  it('puts back the participant triggers it sets aside while writing a plan, exactly as they were', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 9, 4);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-11-02' }));
    const triggers = () => core.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'session_participants' ORDER BY name`).all();
    const before = triggers();
    expect(before.map((t) => (t as { name: string }).name)).toEqual(expect.arrayContaining(['library_sessions_participant_insert', 'progress_cards_participant_insert']));
    core.programs.schedule.generate(program.id, 3);
    expect(triggers()).toEqual(before);
    core.programs.schedule.regenerate(program.id, '2026-11-30', 2);
    expect(triggers()).toEqual(before);
  });

  it('answers generate with the sessions exactly as they were stored, the weeks it kept and the ones it wrote, in order', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 9, 4);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-11-02' }));
    core.programs.schedule.generate(program.id, 2);
    const { created, sessions } = core.programs.schedule.generate(program.id, 5);
    expect(created).toBe(12);
    const stored = core.programs.schedule.list({ programId: program.id });
    expect(stored).toHaveLength(20);
    // The answer is built from what was written, not read back; it must be what a read gives.
    expect(sessions).toEqual(stored);
    expect(sessions.some((s) => s.scenarioTitle !== null)).toBe(true);
  });

  it('previews a saved program with each stored week as its own sessions and the weeks after planned', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 9, 4);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01' }));
    const stored = byWeek(core.programs.schedule.generate(program.id, 2).sessions);
    const weeks = core.programs.schedule.preview(program.id, fields(reps, { startDate: '2026-12-01' }), 4).weeks;
    expect(weeks.map((w) => [w.weekIndex, w.stored])).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, false],
    ]);
    for (const week of weeks.filter((w) => w.stored)) {
      const sessions = stored.get(week.weekIndex)!;
      expect(week.startsAt).toBe(sessions[0]!.startsAt);
      expect(week.groups.map((g) => g.members.map((m) => m.repId))).toEqual(sessions.map((s) => s.participants.map((p) => p.repId)));
    }
    expect(weeks[2]!.groups.length).toBeGreaterThan(0);
  });

  it('keeps wall time across a daylight-saving change and moves a session that falls in the gap, saying so in the preview', () => {
    const core = testCore('2026-10-01T09:00:00Z');
    const reps = seedReps(core, 2);
    const autumn = core.programs.programs.create(fields(reps, { startDate: '2026-10-14' }));
    const sessions = core.programs.schedule.generate(autumn.id, 3).sessions;
    expect(sessions.map((s) => s.startsAt)).toEqual(['2026-10-14T12:00:00.000Z', '2026-10-21T12:00:00.000Z', '2026-10-28T13:00:00.000Z']);

    core.setNow('2027-03-01T09:00:00Z');
    const spring = fields(reps, { weekday: 'sun', time: '03:30', startDate: '2027-03-14' });
    const preview = core.programs.schedule.preview(undefined, spring, 4).weeks;
    const gap = preview.find((w) => w.localDate === '2027-03-28')!;
    expect(gap.shiftedFor).toEqual({ requested: '03:30', actual: '04:30' });
    expect(gap.startsAt).toBe('2027-03-28T01:30:00.000Z');
    expect(preview.filter((w) => w.shiftedFor)).toHaveLength(1);
  });

  it('skips holidays without skipping a focus area, and leaves out reps who are away or archived', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 5);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01', skippedDates: ['2026-12-09'] }));
    core.programs.programs.addAbsence({ repId: reps[0]!, from: '2026-12-14', to: '2026-12-20', note: 'Holiday' });
    core.people.archive(reps[4]!);
    const preview = core.programs.schedule.preview(program.id, fields(reps, { startDate: '2026-12-01', skippedDates: ['2026-12-09'] }), 4).weeks;
    expect(preview.map((w) => [w.localDate, w.skipped, w.focusAreaId])).toEqual([
      ['2026-12-02', false, 'discovery'],
      ['2026-12-09', true, 'demo'],
      ['2026-12-16', false, 'demo'],
      ['2026-12-23', false, 'personas'],
    ]);
    expect(preview[2]!.leftOut.map((l) => [l.name, l.why])).toEqual([
      ['Rep A', 'unavailable'],
      ['Rep E', 'archived'],
    ]);
    const sessions = core.programs.schedule.generate(program.id, 4).sessions;
    expect(sessions.some((s) => s.localDate === '2026-12-09')).toBe(false);
    const week3 = sessions.filter((s) => s.localDate === '2026-12-16').flatMap((s) => s.participants.map((p) => p.repId));
    expect(week3.sort()).toEqual([reps[1], reps[2], reps[3]].sort());
    expect(sessions.flatMap((s) => s.participants).some((p) => p.repId === reps[4])).toBe(false);
    expect(core.programs.programs.get(program.id).reps.find((r) => r.repId === reps[4])?.archived).toBe(true);
  });

  it('says who has no partner when only one rep is available', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 2);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01' }));
    core.programs.programs.addAbsence({ repId: reps[1]!, from: '2026-12-01', to: '2026-12-03', note: '' });
    const week = core.programs.schedule.preview(program.id, fields(reps, { startDate: '2026-12-01' }), 1).weeks[0]!;
    expect(week.groups).toEqual([]);
    expect(week.leftOut.map((l) => [l.name, l.why])).toEqual([
      ['Rep B', 'unavailable'],
      ['Rep A', 'no-partner'],
    ]);
    expect(core.programs.schedule.generate(program.id, 1).created).toBe(0);
  });

  it('reschedules, cancels, swaps and marks sessions one at a time, bumping the sequence and keeping history', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 6);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01' }));
    const sessions = core.programs.schedule.generate(program.id, 3).sessions;
    const [first, second] = sessions;
    const laterWeeks = sessions.filter((s) => s.weekIndex > 0);

    const moved = core.programs.schedule.reschedule(first!.id, { date: '2026-12-03', time: '10:00' });
    expect(moved).toMatchObject({ startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-03T08:45:00.000Z', sequence: 1, localDate: '2026-12-03' });
    const gap = await dispatch(core.handlers, 'schedule:reschedule', { id: first!.id, date: '2027-03-28', time: '03:15' });
    expect(gap).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'time' }] } });

    // Swap someone in from another session the same week: the two trade places.
    const outRep = second!.participants[0]!;
    const inRep = first!.participants.find((p) => p.role === 'buyer')!;
    const swapped = core.programs.schedule.swap(second!.id, outRep.repId, inRep.repId);
    expect(swapped).toHaveLength(2);
    expect(swapped[0]!.participants.find((p) => p.role === outRep.role)?.repId).toBe(inRep.repId);
    expect(swapped[1]!.participants.find((p) => p.role === 'buyer')?.repId).toBe(outRep.repId);
    const week0 = core.programs.schedule.list({ programId: program.id }).filter((s) => s.weekIndex === 0);
    expect(week0.flatMap((s) => s.participants.map((p) => p.repId)).sort()).toEqual([...reps].sort());

    const cancelled = core.programs.schedule.cancel(second!.id, 'Team offsite');
    expect(cancelled.status).toBe('cancelled');
    expect(core.programs.schedule.generate(program.id, 3).created).toBe(0);

    const early = await dispatch(core.handlers, 'schedule:set-status', { id: first!.id, status: 'done' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });
    core.setNow('2026-12-03T09:00:00Z');
    expect(core.programs.schedule.setStatus(first!.id, 'done').status).toBe('done');

    const history = core.programs.schedule.get(first!.id).history.map((h) => h.kind);
    expect(history).toEqual(['created', 'rescheduled', 'swapped', 'status']);
    expect(core.programs.schedule.get(second!.id).history.map((h) => h.kind)).toEqual(['created', 'swapped', 'cancelled']);
    // Editing week 0 never changed another week.
    expect(core.programs.schedule.list({ programId: program.id }).filter((s) => s.weekIndex > 0)).toEqual(laterWeeks);
  });

  it('regenerates from a date: old sessions are cancelled and kept, new ones follow the changed program', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 4);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01' }));
    const before = core.programs.schedule.generate(program.id, 4).sessions;
    core.programs.programs.update(program.id, { time: '09:30' });
    expect(core.programs.schedule.list({ programId: program.id }).map((s) => s.startsAt)).toEqual(before.map((s) => s.startsAt));
    const result = core.programs.schedule.regenerate(program.id, '2026-12-09', 3);
    expect(result.cancelled).toBe(6);
    expect(result.created).toBe(6);
    const live = core.programs.schedule.list({ programId: program.id });
    expect(live.map((s) => s.localDate)).toEqual(['2026-12-02', '2026-12-02', '2026-12-09', '2026-12-09', '2026-12-16', '2026-12-16', '2026-12-23', '2026-12-23']);
    expect(live.filter((s) => s.localDate > '2026-12-02').every((s) => s.startsAt.endsWith('07:30:00.000Z'))).toBe(true);
    const old = core.programs.schedule.get(before[2]!.id);
    expect(old.status).toBe('cancelled');
    expect(old.history.at(-1)?.kind).toBe('replaced');
  });

  it('re-planning keeps a session with a recording or a note and plans the rest of its week around it; a dry run only counts', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 6);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01' }));
    const planned = core.programs.schedule.generate(program.id, 3).sessions;
    // A take recorded for next week's session before its slot, and a note on a session the week after.
    const recorded = planned.find((s) => s.weekIndex === 0)!;
    const take = core.recordings.start({ sessionId: recorded.id, mode: 'microphone', mimeType: 'audio/webm', consents: recorded.participants.map((p) => ({ repId: p.repId })), confirmedBy: 'Rep A', channelMap: null });
    const noted = planned.find((s) => s.weekIndex === 1)!;
    core.sessions.update(noted.id, { notes: 'Ben wants to rehearse pricing' });
    core.programs.programs.update(program.id, { time: '09:30' });

    const before = snapshot(core);
    const counts = await callOk<{ created: number; cancelled: number; kept: number }>(core, 'schedule:regenerate', { programId: program.id, from: '2026-11-28', weeks: 3, dryRun: true });
    expect(counts).toMatchObject({ kept: 2, cancelled: 7, created: 7 });
    expect(snapshot(core)).toBe(before);

    const result = await callOk<{ created: number; cancelled: number; kept: number }>(core, 'schedule:regenerate', { programId: program.id, from: '2026-11-28', weeks: 3 });
    expect(result).toMatchObject({ kept: 2, cancelled: 7, created: 7 });
    for (const id of [recorded.id, noted.id]) {
      const kept = core.programs.schedule.get(id);
      expect(kept.status).toBe('scheduled');
      expect(kept.history.map((h) => h.kind)).toEqual(['created']);
    }
    expect(core.recordings.get(take.id).sessionId).toBe(recorded.id);
    const live = byWeek(core.programs.schedule.list({ programId: program.id }));
    for (const [, list] of live) expect(list.flatMap((s) => s.participants.map((p) => p.repId)).sort()).toEqual([...reps].sort());
    // Around the kept ones, the new sessions follow the changed time.
    expect(live.get(0)!.filter((s) => s.id !== recorded.id).every((s) => s.startsAt.endsWith('07:30:00.000Z'))).toBe(true);
  });

  it('answers "what is my next session" and which reminders are due', () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 2);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01', reminderMinutes: 30 }));
    core.programs.schedule.generate(program.id, 2);
    const next = core.programs.schedule.next(reps[0]!);
    expect(next?.localDate).toBe('2026-12-02');
    expect(core.programs.schedule.remindersDue()).toEqual([]);
    core.setNow('2026-12-02T12:35:00Z');
    const due = core.programs.schedule.remindersDue(reps[0]!);
    expect(due.map((d) => [d.id, d.remindAt])).toEqual([[next!.id, '2026-12-02T12:30:00.000Z']]);
    core.setNow('2026-12-02T13:50:00Z');
    expect(core.programs.schedule.remindersDue()).toEqual([]);
    expect(core.programs.schedule.next(reps[0]!)?.localDate).toBe('2026-12-09');
  });

  it('says which sessions have a take, so Today can show them as recorded and stop reminding', async () => {
    const core = testCore('2026-12-02T12:35:00Z');
    const reps = seedReps(core, 2);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01', reminderMinutes: 30 }));
    core.programs.schedule.generate(program.id, 2);
    const next = core.programs.schedule.next(reps[0]!)!;
    expect(next.recordingId).toBeNull();
    expect(core.programs.schedule.remindersDue(reps[0]!).map((s) => s.id)).toEqual([next.id]);

    const take = await core.recordings.importFile({ sessionId: next.id, file: makeMedia('m4a', 1) });
    expect(core.programs.schedule.next(reps[0]!)?.recordingId).toBe(take.id);
    const listed = await callOk<ProgramSession[]>(core, 'schedule:list', { repId: reps[1]! });
    expect(listed.map((s) => s.recordingId)).toEqual([take.id, null]);
    expect(core.programs.schedule.remindersDue(reps[0]!)).toEqual([]);
  });

  it('ships a persona and scenario library, gives every session a scenario and varies them', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const personas = await callOk<{ id: string; pains: string[]; uncover: string[] }[]>(core, 'personas:list', {});
    expect(personas.length).toBeGreaterThanOrEqual(3);
    for (const p of personas) expect(p.pains.length && p.uncover.length).toBeTruthy();
    for (const focus of ['discovery', 'demo', 'personas']) {
      const own = (await callOk<{ focusAreaId: string | null }[]>(core, 'scenarios:list', { focusAreaId: focus })).filter((s) => s.focusAreaId === focus);
      expect(own.length, focus).toBeGreaterThanOrEqual(3);
    }
    const reps = seedReps(core, 2);
    const program = core.programs.programs.create(fields(reps, { startDate: '2026-12-01', focusAreaIds: ['discovery'] }));
    const sessions = core.programs.schedule.generate(program.id, 3).sessions;
    expect(new Set(sessions.map((s) => s.scenarioId)).size).toBe(3);

    const persona = await callOk<{ id: string }>(core, 'personas:save', { fields: { name: 'Kaisa, COO', pains: ['Late deliveries'] } });
    const custom = await callOk<{ id: string; builtin: boolean }>(core, 'scenarios:save', {
      fields: { title: 'Cold call to the COO', focusAreaId: 'objection-handling', personaId: persona.id, sellerGoal: 'Book a meeting' },
    });
    expect(custom.builtin).toBe(false);
    const bad = await dispatch(core.handlers, 'scenarios:save', { fields: { title: 'x', personaId: 'missing' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('pairs within teams unless the program pairs across teams, saved through programs:update and kept in the schedule', async () => {
    const core = testCore();
    // Two teams, each with two seniors and two new hires: everyone can have a same-team partner of the other standing.
    const reps = ['Nordics', 'Sweden'].flatMap((team) =>
      [0, 1, 2, 3].map(
        (i) =>
          core.people.create({ name: `${team} ${i}`, email: `${team.toLowerCase()}${i}@example.com`, team, hireDate: i < 2 ? '2026-10-01' : '2020-01-01' }).id,
      ),
    );
    const teamOf = new Map(core.people.list().map((r) => [r.id, r.team]));
    const program = core.programs.programs.create(fields(reps));
    expect(program.pairAcrossTeams).toBe(false);
    const generated = core.programs.schedule.generate(program.id, 1);
    for (const s of generated.sessions) {
      expect(new Set(s.participants.map((p) => teamOf.get(p.repId))).size).toBe(1);
      expect(s.reason?.match).toBe('senior-new');
    }
    const updated = await callOk<{ pairAcrossTeams: boolean }>(core, 'programs:update', { id: program.id, patch: { pairAcrossTeams: true } });
    expect(updated.pairAcrossTeams).toBe(true);
    expect(core.programs.programs.get(program.id).pairAcrossTeams).toBe(true);
  });
});

describe('a week at a glance for someone who leads (schedule:summary)', () => {
  it('counts the sessions of the people they lead and sends only the first few', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const lead = core.people.create({ name: 'Lead', email: 'lead@example.com' }).id;
    const reps = seedReps(core, 8);
    for (const id of reps.slice(0, 2)) core.people.update(id, { managerId: lead });
    const program = core.programs.programs.create(fields(reps));
    await callOk(core, 'schedule:generate', { programId: program.id, weeks: 2 });
    const week = { from: '2026-11-30T00:00:00Z', to: '2026-12-07T00:00:00Z' };
    const all = core.programs.schedule.list(week);
    const theirs = all.filter((s) => s.participants.some((p) => reps.slice(0, 2).includes(p.repId)));
    core.setNow('2026-12-03T09:00:00Z');
    core.programs.schedule.setStatus(theirs[0]!.id, 'done');

    const everyone = await callOk<{ total: number; sessions: ProgramSession[] }>(core, 'schedule:summary', { ...week, limit: 1 });
    expect(everyone.total).toBe(all.length);
    expect(everyone.sessions.map((s) => s.id)).toEqual([all[0]!.id]);
    const led = await callOk(core, 'schedule:summary', { ...week, ledBy: lead });
    expect(led).toMatchObject({ total: theirs.length, held: 1, missed: 0, planned: theirs.length - 1 });
  });

  it('counts in the database what the whole list holds, and its first sessions are the list\'s first', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = seedReps(core, 12);
    const program = core.programs.programs.create(fields(reps));
    await callOk(core, 'schedule:generate', { programId: program.id, weeks: 2 });
    const week = { from: '2026-11-30T00:00:00Z', to: '2026-12-07T00:00:00Z' };
    const all = core.programs.schedule.list(week);
    expect(all.length).toBeGreaterThan(3);
    core.setNow('2026-12-03T09:00:00Z');
    core.programs.schedule.setStatus(all[0]!.id, 'done');
    core.programs.schedule.setStatus(all[1]!.id, 'missed');
    const summary = await callOk<{ total: number; held: number; missed: number; planned: number; sessions: ProgramSession[] }>(core, 'schedule:summary', { ...week, limit: 3 });
    const after = core.programs.schedule.list(week);
    expect(summary).toMatchObject({ total: after.length, held: 1, missed: 1, planned: after.length - 2 });
    // The first page, participants and all, is exactly the head of the whole week.
    expect(summary.sessions).toEqual(after.slice(0, 3));
  });
});
