import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { importRoster } from '../../src/core/people/roster-import';
import { PairingHistory } from '../../src/core/programs/pairing';
import { planWeeks, ScenarioUse, type PlanRep } from '../../src/core/programs/plan';
import type { PairingStrategy } from '../../src/shared/programs';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const REPS = 500;
const WEEKS = 52;
const reps: PlanRep[] = Array.from({ length: REPS }, (_, i) => ({
  id: `rep-${i}`,
  hireDate: i % 3 === 0 ? '2026-09-01' : '2019-03-01',
  archived: i % 97 === 0,
}));
// A few people away each week, as in a real team.
const absences = new Map(reps.filter((_, i) => i % 19 === 0).map((r, k) => [r.id, [{ from: `2027-0${1 + (k % 8)}-01`, to: `2027-0${1 + (k % 8)}-20` }]]));
const scenarios = ['discovery', 'demo', 'personas'].flatMap((focus) => [1, 2, 3].map((n) => ({ id: `${focus}-${n}`, focusAreaId: focus })));

function plan(strategy: PairingStrategy) {
  return planWeeks(
    {
      program: {
        seed: 'bench',
        weekday: 2,
        time: '15:00',
        durationMinutes: 45,
        timeZone: 'Europe/Helsinki',
        startDate: '2026-11-30',
        endDate: null,
        skippedDates: ['2026-12-23'],
        focusAreaIds: ['discovery', 'demo', 'personas'],
        strategy,
        repeatWindowWeeks: 3,
      },
      reps,
      absences,
      newHireDays: 180,
      history: new PairingHistory(),
      scenarios,
      scenarioUse: new ScenarioUse(),
    },
    Array.from({ length: WEEKS }, (_, k) => k),
  );
}

describe(`pairing and planning: ${WEEKS} weeks for ${REPS} reps (goal under 200 ms)`, () => {
  for (const strategy of ['mixed', 'cohort', 'rotate'] as const) {
    bench(`plan ${WEEKS} weeks, ${strategy}`, () => {
      plan(strategy);
    }, { iterations: 10, warmupIterations: 2 });
  }
});

function rosterCsv(count: number): string {
  const lines = ['name;email;hire_date'];
  for (let i = 0; i < count; i++) lines.push(`Rep ${i};rep${i}@example.com;${i % 3 === 0 ? '2026-09-01' : '2019-03-01'}`);
  return lines.join('\n');
}

async function freshCore(): Promise<{ core: Core; repIds: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
  dirs.push(dir);
  const core = createCore({ dataDir: dir, clock: () => new Date('2026-11-27T09:00:00Z') });
  await importRoster(core.db, core.people, rosterCsv(REPS));
  return { core, repIds: core.people.list().map((r) => r.id) };
}

describe(`schedule:generate into SQLite: ${WEEKS} weeks for ${REPS} reps`, () => {
  bench('create program + generate (pairing, scenarios, writes)', async () => {
    const { core, repIds } = await freshCore();
    const program = core.programs.programs.create({
      name: 'Everyone',
      weekday: 'wed',
      time: '15:00',
      durationMinutes: 45,
      timeZone: 'Europe/Helsinki',
      startDate: '2026-11-30',
      repIds,
    });
    core.programs.schedule.generate(program.id, WEEKS);
    core.close();
  }, { iterations: 3, warmupIterations: 0, time: 0 });
});
