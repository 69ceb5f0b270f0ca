import { describe, expect, it } from 'vitest';
import { dispatch } from '../../src/shared/dispatch';
import type { QuotaAttainment } from '../../src/shared/progress';
import { testCore } from '../support/core';
import { call } from './scorecards-support';

type TestCore = ReturnType<typeof testCore>;

/** A small team with quotas and deals imported the way a person does it: two CSV files through outcomes:import. */
async function team() {
  const core = testCore('2026-11-27T09:00:00Z');
  const mia = core.people.create({ name: 'Mia', email: 'mia@example.com' });
  const cole = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com', managerId: mia.id, team: 'Nordics' });
  const ben = core.people.create({ name: 'Ben', email: 'ben@example.com', managerId: mia.id, coachedById: cole.id, team: 'Nordics' });
  const zero = core.people.create({ name: 'Zoe', email: 'zoe@example.com', managerId: mia.id, team: 'Sweden' });
  const otto = core.people.create({ name: 'Otto', email: 'otto@example.com', team: 'Sweden' });
  const quotas = await call(core, 'outcomes:import', {
    csv: [
      'owner_email,period,quota',
      'AINO@example.com,2026-Q3,100000',
      'aino@example.com,2026-Q4,80000',
      'zoe@example.com,2026-Q4,0',
      'otto@example.com,2026-Q4,50000',
    ].join('\n'),
  });
  expect(quotas.quotas).toBe(4);
  await call(core, 'outcomes:import', {
    csv: [
      'opportunity_id,owner_email,created_date,close_date,amount,stage,won,closed',
      // Aino: two wins in Q3 (one on its last day), one in Q4, a loss in Q4 that counts for nothing.
      'A1,aino@example.com,2026-07-01,2026-08-15,60000,Closed Won,1,1',
      'A2,aino@example.com,2026-08-01,2026-09-30,30000,Closed Won,1,1',
      'A3,Aino@Example.com,2026-09-01,2026-10-01,100000,Closed Won,1,1',
      'A4,aino@example.com,2026-10-01,2026-11-01,999999,Closed Lost,0,1',
      // Ben has no quota but a win.
      'B1,ben@example.com,2026-10-01,2026-11-20,25000,Closed Won,1,1',
      'Z1,zoe@example.com,2026-10-01,2026-11-20,10000,Closed Won,1,1',
      'O1,otto@example.com,2026-10-01,2026-12-31,20000,Closed Won,1,1',
    ].join('\n'),
  });
  return { core, mia, cole, aino, ben, zero, otto };
}

const as = (core: TestCore, repId: string, input: object = {}) =>
  dispatch(core.handlers, 'progress:quotas', input, { caller: core.access.callerFor(repId), guard: core.guard });

describe('quota attainment per rep and quarter', () => {
  it('sets won against quota for each quarter, says "no quota" for a rep without one and never divides by a quota of 0', async () => {
    const { core, aino, ben, zero, otto } = await team();
    const q4 = await call(core, 'progress:quotas', {});
    // Without a period asked: the current quarter (the clock says 2026-11-27), which has quotas.
    expect(q4.period).toBe('2026-Q4');
    expect(q4.currentPeriod).toBe('2026-Q4');
    expect(q4.periods).toEqual(['2026-Q3', '2026-Q4']);
    const byRep = new Map(q4.rows.map((r) => [r.repId, r]));
    expect(byRep.get(aino.id)).toMatchObject({ wonAmount: 100000, wonDeals: 1, quota: 80000, attainment: 1.25 });
    expect(byRep.get(ben.id)).toMatchObject({ wonAmount: 25000, quota: null, attainment: null });
    expect(byRep.get(zero.id)).toMatchObject({ wonAmount: 10000, quota: 0, attainment: null });
    expect(byRep.get(otto.id)).toMatchObject({ wonAmount: 20000, quota: 50000, attainment: 0.4 });

    const q3 = await call(core, 'progress:quotas', { period: '2026-Q3' });
    expect(q3.rows.find((r) => r.repId === aino.id)).toMatchObject({ wonAmount: 90000, wonDeals: 2, quota: 100000, attainment: 0.9 });
    expect(q3.rows.find((r) => r.repId === otto.id)).toMatchObject({ wonAmount: 0, quota: null, attainment: null });

    const nordics = await call(core, 'progress:quotas', { team: 'Nordics' });
    expect(nordics.rows.map((r) => r.name)).toEqual(['Aino', 'Ben']);
  });

  it('shows the latest earlier quarter with quotas when the current one has none, and nothing without quotas', async () => {
    const { core } = await team();
    core.setNow('2027-02-10T09:00:00Z');
    const answer = await call(core, 'progress:quotas', {});
    expect(answer).toMatchObject({ period: '2026-Q4', currentPeriod: '2027-Q1' });
    core.db.prepare('DELETE FROM quotas').run();
    expect(await call(core, 'progress:quotas', {})).toEqual({ period: null, periods: [], currentPeriod: '2027-Q1', rows: [] });
  });

  it('shows a manager their tree, a coach the people they coach, a rep only themselves, and refuses a stranger', async () => {
    const { core, mia, cole, aino, ben, zero, otto } = await team();
    const ids = async (repId: string) => {
      const result = await as(core, repId, { period: '2026-Q4' });
      if (!result.ok) throw new Error(result.error.message);
      return (result.value as QuotaAttainment).rows.map((r) => r.repId).sort();
    };
    expect(await ids(mia.id)).toEqual([aino.id, ben.id, zero.id].sort());
    expect(await ids(cole.id)).toEqual([ben.id]);
    // Nobody Cole coaches has a quota: unasked, there is no quarter to show.
    expect(await as(core, cole.id)).toMatchObject({ ok: true, value: { period: null, periods: [], rows: [] } });
    expect(await ids(otto.id)).toEqual([otto.id]);
    // The quarters offered are those of the people in view only: Otto never learns of Aino's Q3.
    const own = await as(core, otto.id);
    expect(own.ok && (own.value as QuotaAttainment).periods).toEqual(['2026-Q4']);
    const stranger = await dispatch(core.handlers, 'progress:quotas', {}, { caller: { kind: 'stranger' }, guard: core.guard });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
