import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/shared/access';
import { dispatch } from '../../src/shared/dispatch';
import { testCore } from '../support/core';

/**
 * A hub's lists of sessions and recordings are narrowed in their query to what the caller may
 * see, not built from the whole year and filtered after. Mia manages Max, who manages Sam (so Sam
 * is in Mia's tree); Cole coaches one session he is not in; Otto is in none; Ada is an admin.
 */
function team() {
  const core = testCore();
  const person = (name: string, extra: Record<string, unknown> = {}) => core.people.create({ name, email: `${name.toLowerCase()}@example.com`, ...extra });
  const ada = person('Ada');
  const mia = person('Mia');
  const max = person('Max', { managerId: mia.id });
  const cole = person('Cole', { coach: true });
  const sam = person('Sam', { managerId: max.id });
  const bea = person('Bea');
  const otto = person('Otto');
  core.access.setRole(ada.id, 'admin');
  const session = (people: string[], coach: string | null, n: number) => {
    const s = core.sessions.create({ focusAreaId: 'discovery', startsAt: `2026-11-2${n}T13:00:00Z`, participants: people.map((repId, i) => ({ repId, role: i === 0 ? 'seller' : 'buyer' })) });
    if (coach) core.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(coach, s.id);
    core.db
      .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES (?, ?, 'microphone', 'ready', 'audio/webm', ?)`)
      .run(`rec-${n}`, s.id, `2026-11-2${n}T13:00:00Z`);
    return s.id;
  };
  const samAndBea = session([sam.id, bea.id], cole.id, 1);
  const beaAlone = session([bea.id, otto.id], null, 2);
  const coleCoaches = session([bea.id], cole.id, 3);
  session([ada.id], null, 4);
  const callers: Record<string, Caller> = Object.fromEntries(
    Object.entries({ ada, mia, max, cole, sam, bea, otto }).map(([name, rep]) => [name, core.access.callerFor(rep.id)]),
  );
  return { core, callers, samAndBea, beaAlone, coleCoaches };
}

describe('lists on a hub', () => {
  it('the sessions and recordings handlers themselves return only what the caller may see; the guard agrees', async () => {
    const t = team();
    const recordingOf = new Map([
      [t.samAndBea, 'rec-1'],
      [t.beaAlone, 'rec-2'],
      [t.coleCoaches, 'rec-3'],
    ]);
    const expected: Record<string, string[]> = {
      mia: [t.samAndBea],
      max: [t.samAndBea],
      cole: [t.samAndBea, t.coleCoaches],
      sam: [t.samAndBea],
      bea: [t.samAndBea, t.beaAlone, t.coleCoaches],
      otto: [t.beaAlone],
    };
    for (const [name, sessions] of Object.entries(expected)) {
      const caller = t.callers[name]!;
      const handled = await t.core.handlers['sessions:list']({}, { caller });
      expect(handled.map((s) => s.id).sort(), name).toEqual([...sessions].sort());
      const recordings = await t.core.handlers['recordings:list']({}, { caller });
      expect(recordings.map((r) => r.id).sort(), name).toEqual(sessions.map((s) => recordingOf.get(s)).sort());
      // The rules still scope the answer; they find nothing more to drop.
      const scoped = await dispatch(t.core.handlers, 'sessions:list', {}, { caller, guard: t.core.guard });
      expect(scoped.ok && (scoped.value as { id: string }[]).map((s) => s.id).sort(), name).toEqual([...sessions].sort());
    }
    // A filter still applies on top: Bea asking for one session's recordings gets that one.
    expect((await t.core.handlers['recordings:list']({ sessionId: t.beaAlone }, { caller: t.callers.bea! })).map((r) => r.id)).toEqual(['rec-2']);
    // An admin and the local owner see every session.
    expect(await t.core.handlers['sessions:list']({}, { caller: t.callers.ada! })).toHaveLength(4);
    expect(await t.core.handlers['recordings:list']({}, { caller: { kind: 'owner' } })).toHaveLength(4);
  });

  it('a manager may see and manage the sessions of everyone in their tree, and no others', async () => {
    const t = team();
    const view = t.core.guard;
    expect(() => view.allow('sessions:get', t.callers.mia!, { id: t.samAndBea })).not.toThrow();
    expect(() => view.allow('sessions:get', t.callers.mia!, { id: t.beaAlone })).toThrow(/access/);
    expect(() => view.allow('schedule:cancel', t.callers.max!, { id: t.samAndBea })).not.toThrow();
    expect(() => view.allow('schedule:cancel', t.callers.max!, { id: t.coleCoaches })).toThrow(/access/);
  });
});
