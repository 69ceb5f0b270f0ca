import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../src/host/server';
import { dispatch } from '../../src/shared/dispatch';
import type { ProgramFields } from '../../src/shared/programs';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

type TestCore = ReturnType<typeof testCore>;

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

/** A four-person weekly program starting next week, nothing planned yet. */
function program(core: TestCore) {
  const repIds = ['A', 'B', 'C', 'D'].map((n) => core.people.create({ name: `Rep ${n}`, email: `${n.toLowerCase()}@example.com`, hireDate: '2020-01-01' }).id);
  const fields: ProgramFields = { name: 'Weekly', weekday: 'wed', time: '15:00', durationMinutes: 45, timeZone: 'Europe/Helsinki', startDate: '2026-11-30', repIds };
  return core.programs.programs.create(fields);
}

const plannedWeeks = (core: TestCore, programId: string) =>
  core.db.prepare(`SELECT count(DISTINCT program_week) FROM sessions WHERE program_id = ? AND status != 'cancelled'`).pluck().get(programId);

describe('operation keys', () => {
  it('plans four weeks once for a double click on "Plan 4 more weeks": the second call gets the first answer', async () => {
    const core = testCore();
    const { id } = program(core);
    const input = { programId: id, weeks: 4, more: true };
    const [first, second] = await Promise.all([
      dispatch(core.handlers, 'schedule:generate', input, undefined, { operationKey: 'op-click-0001' }),
      dispatch(core.handlers, 'schedule:generate', input, undefined, { operationKey: 'op-click-0001' }),
    ]);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect(plannedWeeks(core, id)).toBe(4);
    // The same key later still answers the first answer; a new click (a new key) plans four more.
    const again = await dispatch(core.handlers, 'schedule:generate', input, undefined, { operationKey: 'op-click-0001' });
    expect(again).toEqual(first);
    expect(plannedWeeks(core, id)).toBe(4);
    await dispatch(core.handlers, 'schedule:generate', input, undefined, { operationKey: 'op-click-0002' });
    expect(plannedWeeks(core, id)).toBe(8);
  });

  it('refuses a key sent again with a different request, and keeps each caller\'s keys apart', async () => {
    const core = testCore();
    const first = await dispatch(core.handlers, 'people:create', { name: 'Aino', email: 'aino@example.com' }, undefined, { operationKey: 'op-person-01' });
    expect(first.ok).toBe(true);
    const other = await dispatch(core.handlers, 'people:create', { name: 'Ben', email: 'ben@example.com' }, undefined, { operationKey: 'op-person-01' });
    expect(other).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(core.people.list({}).map((p) => p.name)).toEqual(['Aino']);
    // Two admins who happen to send the same key make two people: a key is its caller's.
    const ada = core.people.create({ name: 'Ada', email: 'ada@example.com' });
    const eve = core.people.create({ name: 'Eve', email: 'eve@example.com' });
    core.access.setRole(ada.id, 'admin');
    core.access.setRole(eve.id, 'admin');
    const as = (repId: string, email: string) =>
      dispatch(core.handlers, 'people:create', { name: 'Cai', email }, { caller: core.access.callerFor(repId), guard: core.guard }, { operationKey: 'op-shared-01' });
    expect((await as(ada.id, 'cai1@example.com')).ok).toBe(true);
    expect((await as(eve.id, 'cai2@example.com')).ok).toBe(true);
    expect(core.people.list({}).filter((p) => p.name === 'Cai')).toHaveLength(2);
  });

  it('runs a create again after it failed: a failure is not the answer kept', async () => {
    const core = testCore();
    const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
    const taken = await dispatch(core.handlers, 'people:create', { name: 'Bo', email: 'aino@example.com' }, undefined, { operationKey: 'op-failing-1' });
    expect(taken.ok).toBe(false);
    core.people.update(aino.id, { email: 'aino.v@example.com' });
    const retried = await dispatch(core.handlers, 'people:create', { name: 'Bo', email: 'aino@example.com' }, undefined, { operationKey: 'op-failing-1' });
    expect(retried.ok).toBe(true);
  });

  it('is read from the Idempotency-Key header at the HTTP door: two requests with one key plan once', async () => {
    const core = testCore();
    const { id } = program(core);
    const rendererDir = tempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Reprise</title>');
    const host = await startHost({ core, rendererDir });
    hosts.push(host);
    const send = (key: string) =>
      fetch(`${host.url}/rpc/schedule:generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ programId: id, weeks: 4, more: true }),
      }).then((r) => r.json() as Promise<unknown>);
    const [a, b] = await Promise.all([send('op-http-0001'), send('op-http-0001')]);
    expect(b).toEqual(a);
    expect(plannedWeeks(core, id)).toBe(4);
    await send('op-http-0002');
    expect(plannedWeeks(core, id)).toBe(8);
  });
});
