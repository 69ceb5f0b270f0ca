import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/shared/access';
import type { Channel } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';
import type { Persona, Scenario, SessionBrief } from '../../src/shared/programs';
import { testCore } from '../support/core';

/**
 * Sam sells and Bea buys in a discovery role-play on a shipped scenario; Cole coaches it, Ada is an
 * admin. What the buyer knows (pains, objections, how to play the buyer) must never reach Sam.
 */
function team() {
  const core = testCore();
  const person = (name: string, extra: Record<string, unknown> = {}) => core.people.create({ name, email: `${name.toLowerCase()}@example.com`, ...extra });
  const ada = person('Ada');
  const cole = person('Cole', { coach: true });
  const sam = person('Sam');
  const bea = person('Bea');
  core.access.setRole(ada.id, 'admin');
  const session = core.sessions.create({
    focusAreaId: 'discovery',
    startsAt: '2026-11-30T13:00:00Z',
    scenarioId: 'builtin-discovery-stalled-ramp',
    participants: [
      { repId: sam.id, role: 'seller' },
      { repId: bea.id, role: 'buyer' },
    ],
  });
  core.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(cole.id, session.id);
  const as = async <T>(repId: string, channel: Channel, input: unknown): Promise<T> => {
    const caller: Caller = core.access.callerFor(repId);
    const result = await dispatch(core.handlers, channel, input, { caller, guard: core.guard });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  };
  return { core, ada, cole, sam, bea, session, as };
}

describe("the buyer's brief", () => {
  it('is left out of the answer for the seller, on the session brief and in the library lists', async () => {
    const t = team();
    const full = t.core.programs.library.brief(t.session.id);
    expect(full.persona?.pains.length).toBeGreaterThan(0);
    expect(full.scenario?.buyerNotes).not.toBe('');

    const seller = await t.as<SessionBrief>(t.sam.id, 'scenarios:brief', { sessionId: t.session.id });
    expect(seller.withheld).toBe(true);
    expect(seller.scenario?.title).toBe(full.scenario?.title);
    expect(seller.scenario?.sellerGoal).toBe(full.scenario?.sellerGoal);
    expect(seller.scenario?.buyerNotes).toBe('');
    expect(seller.persona).toMatchObject({ name: full.persona?.name, pains: [], objections: [], uncover: [] });
    // Nothing of the buyer's side is anywhere in what the seller receives.
    const text = JSON.stringify(seller);
    for (const secret of [...full.persona!.pains, ...full.persona!.objections, full.scenario!.buyerNotes]) expect(text).not.toContain(secret);

    // The library lists do not give it away either while the role-play is ahead of them.
    const scenarios = await t.as<Scenario[]>(t.sam.id, 'scenarios:list', { includeArchived: true });
    expect(scenarios.find((s) => s.id === full.scenario!.id)?.buyerNotes).toBe('');
    expect(scenarios.some((s) => s.id !== full.scenario!.id && s.buyerNotes !== '')).toBe(true);
    const personas = await t.as<Persona[]>(t.sam.id, 'personas:list', { includeArchived: true });
    expect(personas.find((p) => p.id === full.persona!.id)).toMatchObject({ pains: [], objections: [], uncover: [] });
  });

  it('is whole for the buyer, the coach and an admin', async () => {
    const t = team();
    const full = t.core.programs.library.brief(t.session.id);
    for (const who of [t.bea.id, t.cole.id, t.ada.id]) {
      const brief = await t.as<SessionBrief>(who, 'scenarios:brief', { sessionId: t.session.id });
      expect(brief).toEqual(full);
    }
    const personas = await t.as<Persona[]>(t.bea.id, 'personas:list', {});
    expect(personas.find((p) => p.id === full.persona!.id)?.pains).toEqual(full.persona!.pains);
  });

  it('is kept from an admin who is the seller', async () => {
    const t = team();
    t.core.access.setRole(t.sam.id, 'admin');
    const brief = await t.as<SessionBrief>(t.sam.id, 'scenarios:brief', { sessionId: t.session.id });
    expect(brief.withheld).toBe(true);
    expect(brief.persona?.pains).toEqual([]);
  });
});
