import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/core/sessions/sessions-service';
import { dispatch } from '../../src/shared/dispatch';
import { AppError } from '../../src/shared/errors';
import { testCore } from '../support/core';

function errorOf(fn: () => unknown): AppError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
}

function withPair() {
  const core = testCore();
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
  const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
  const chloe = core.people.create({ name: 'Chloé', email: 'chloe@example.com' });
  return { core, aino, ben, chloe };
}

describe('focus areas', () => {
  it('ship discovery, demo, buyer personas and objection handling, in order', () => {
    const core = testCore();
    expect(core.sessions.listFocusAreas().map((f) => [f.id, f.name, f.builtin])).toEqual([
      ['discovery', 'Discovery', true],
      ['demo', 'Demo', true],
      ['personas', 'Buyer personas', true],
      ['objection-handling', 'Objection handling', true],
    ]);
  });

  it('adds custom areas with a stable slug, renames them, refuses duplicate names, archives and restores', () => {
    const core = testCore();
    const area = core.sessions.createFocusArea({ name: 'Cold call – Nordics' });
    expect(area).toMatchObject({ id: 'cold-call-nordics', builtin: false, position: 5 });
    expect(core.sessions.updateFocusArea(area.id, { name: 'Cold calling' })).toMatchObject({ id: 'cold-call-nordics', name: 'Cold calling' });
    expect(errorOf(() => core.sessions.createFocusArea({ name: 'DEMO' }))?.code).toBe('conflict');
    expect(core.sessions.updateFocusArea('demo', { archived: true }).archived).toBe(true);
    expect(core.sessions.listFocusAreas().map((f) => f.id)).not.toContain('demo');
    expect(core.sessions.listFocusAreas({ includeArchived: true }).map((f) => f.id)).toContain('demo');
    expect(core.sessions.updateFocusArea('demo', { archived: false }).archived).toBe(false);
    expect(core.sessions.createFocusArea({ name: 'Cold call Nordics' }).id).toBe('cold-call-nordics-2');
  });

  it('slugifies names with accents and symbols', () => {
    expect(slugify('Neuvottelu & hinnoittelu')).toBe('neuvottelu-hinnoittelu');
    expect(slugify('Äänensävy')).toBe('aanensavy');
    expect(slugify('!!!')).toBe('focus');
  });
});

describe('sessions', () => {
  it('creates an ad-hoc session with participants and roles, times normalized to UTC', () => {
    const { core, aino, ben } = withPair();
    const session = core.sessions.create({
      focusAreaId: 'discovery',
      participants: [
        { repId: ben.id, role: 'buyer' },
        { repId: aino.id, role: 'seller' },
      ],
      startsAt: '2026-12-02T15:00:00+02:00',
      endsAt: '2026-12-02T15:45:00+02:00',
    });
    expect(session).toMatchObject({
      focusAreaId: 'discovery',
      focusAreaName: 'Discovery',
      status: 'scheduled',
      startsAt: '2026-12-02T13:00:00.000Z',
      endsAt: '2026-12-02T13:45:00.000Z',
      sequence: 0,
      participants: [
        { name: 'Aino', role: 'seller', email: 'aino@example.com' },
        { name: 'Ben', role: 'buyer' },
      ],
    });
    expect(core.sessions.get(session.id)).toEqual(session);
  });

  it('needs exactly one seller, distinct people, known and active reps, a usable focus area', () => {
    const { core, aino, ben } = withPair();
    const create = (input: Parameters<typeof core.sessions.create>[0]) => errorOf(() => core.sessions.create(input));
    expect(() => core.sessions.create({ focusAreaId: 'demo', participants: [{ repId: aino.id, role: 'buyer' }] })).toThrow(/seller/);
    expect(() =>
      core.sessions.create({ focusAreaId: 'demo', participants: [{ repId: aino.id, role: 'seller' }, { repId: aino.id, role: 'buyer' }] }),
    ).toThrow(/only one role/);
    expect(create({ focusAreaId: 'nope', participants: [{ repId: aino.id, role: 'seller' }] })?.code).toBe('not_found');
    expect(create({ focusAreaId: 'demo', participants: [{ repId: 'ghost', role: 'seller' }] })?.issues).toEqual([
      { path: 'participants.0.repId', message: 'Unknown rep' },
    ]);
    core.people.archive(ben.id);
    expect(create({ focusAreaId: 'demo', participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }] })?.message).toMatch(
      /Ben is archived/,
    );
    core.sessions.updateFocusArea('demo', { archived: true });
    expect(create({ focusAreaId: 'demo', participants: [{ repId: aino.id, role: 'seller' }] })?.message).toMatch(/archived/);
    expect(create({ focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }], startsAt: '2026-12-02T15:00:00Z', endsAt: '2026-12-02T14:00:00Z' })?.code).toBe(
      'invalid_input',
    );
    expect(core.sessions.list()).toEqual([]);
  });

  it('bumps the sequence only for changes a calendar shows, and swaps participants', () => {
    const { core, aino, ben, chloe } = withPair();
    const s = core.sessions.create({ focusAreaId: 'demo', participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }] });
    expect(core.sessions.update(s.id, { notes: 'bring the pricing sheet' }).sequence).toBe(0);
    expect(core.sessions.update(s.id, { startsAt: '2026-12-03T10:00:00Z' }).sequence).toBe(1);
    const swapped = core.sessions.update(s.id, { participants: [{ repId: aino.id, role: 'seller' }, { repId: chloe.id, role: 'buyer' }] });
    expect(swapped.sequence).toBe(2);
    expect(swapped.participants.map((p) => p.name)).toEqual(['Aino', 'Chloé']);
    expect(core.sessions.setStatus(s.id, 'cancelled')).toMatchObject({ status: 'cancelled', sequence: 3 });
  });

  it('lists by time window, rep, focus area and status, in start order', () => {
    const { core, aino, ben, chloe } = withPair();
    const mk = (startsAt: string | null, seller: string, focusAreaId = 'discovery') =>
      core.sessions.create({ focusAreaId, startsAt, participants: [{ repId: seller, role: 'seller' }] });
    const late = mk('2026-12-10T10:00:00Z', aino.id);
    const early = mk('2026-12-01T10:00:00Z', ben.id, 'demo');
    const adHoc = mk(null, chloe.id);
    expect(core.sessions.list().map((s) => s.id)).toEqual([early.id, late.id, adHoc.id]);
    expect(core.sessions.list({ from: '2026-12-05T00:00:00Z' }).map((s) => s.id)).toEqual([late.id]);
    expect(core.sessions.list({ to: '2026-12-05T00:00:00+02:00' }).map((s) => s.id)).toEqual([early.id]);
    expect(core.sessions.list({ repId: chloe.id }).map((s) => s.id)).toEqual([adHoc.id]);
    expect(core.sessions.list({ focusAreaId: 'demo' }).map((s) => s.id)).toEqual([early.id]);
    core.sessions.setStatus(late.id, 'done');
    expect(core.sessions.list({ status: ['done', 'missed'] }).map((s) => s.id)).toEqual([late.id]);
  });
});

describe('what a planned session reads as', () => {
  it("is its program's zone, so every list shows a planned session at the program's time; an ad-hoc role-play has none", () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = ['a', 'b', 'c', 'd'].map((n) => core.people.create({ name: `Rep ${n}`, email: `${n}@example.com` }).id);
    const program = core.programs.programs.create({
      name: 'Tokyo weekly',
      weekday: 'wed',
      time: '15:00',
      durationMinutes: 45,
      timeZone: 'Asia/Tokyo',
      startDate: '2026-11-30',
      repIds: reps,
    });
    core.programs.schedule.generate(program.id, 1);
    const planned = core.sessions.list({ programId: program.id });
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.every((s) => s.timeZone === 'Asia/Tokyo')).toBe(true);
    expect(core.sessions.get(planned[0]!.id).timeZone).toBe('Asia/Tokyo');
    const adHoc = core.sessions.create({
      focusAreaId: 'discovery',
      participants: [
        { repId: reps[0]!, role: 'seller' },
        { repId: reps[1]!, role: 'buyer' },
      ],
    });
    expect(adHoc.timeZone).toBeNull();
  });

  it('reads as held once a take of a minute is there, in the session itself and on the scorecards that name it', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const [seller, buyer] = ['a', 'b'].map((n) => core.people.create({ name: `Rep ${n}`, email: `${n}@example.com` }).id);
    const session = core.sessions.create({
      focusAreaId: 'discovery',
      startsAt: '2026-11-26T13:00:00Z',
      participants: [
        { repId: seller!, role: 'seller' },
        { repId: buyer!, role: 'buyer' },
      ],
    });
    expect(session.status).toBe('scheduled');
    const take = core.db.prepare(
      `INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at, duration_ms) VALUES (?, ?, 'microphone', 'ready', 'audio/webm', '2026-11-26T13:00:00Z', ?)`,
    );
    take.run('false-start', session.id, 20_000);
    expect(core.sessions.get(session.id).status).toBe('scheduled');
    take.run('held', session.id, 75_000);
    expect(core.sessions.get(session.id).status).toBe('done');
    expect(core.sessions.list({ repId: seller! })[0]!.status).toBe('done');
    const owed = (await dispatch(core.handlers, 'scorecards:to-write', { reviewerId: buyer! })) as { ok: true; value: { session: { status: string } }[] };
    expect(owed.value.map((item) => item.session.status)).toEqual(['done']);
  });
});

