import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PairingHistory } from '../../src/core/programs/pairing';
import { planWeeks, ScenarioUse, type PlanRep } from '../../src/core/programs/plan';
import type { PairingStrategy } from '../../src/shared/programs';

/**
 * The same program, roster and seed give the same plan: a stored schedule planned again, a preview
 * and the sessions it creates must agree, so any change to the planner that moves a pair has to be
 * deliberate. Each case's whole plan (groups, roles, coaches, reasons, scenarios, who was left out)
 * is pinned by its digest.
 */

const TEAMS = ['Nordics', 'Sweden', 'Norway'];

function roster(count: number, salt: string): PlanRep[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${salt}-${String(i).padStart(4, '0')}`,
    // A third hired this autumn, so they cross the new-hire line during the plan; some without a date.
    hireDate: i % 11 === 5 ? null : i % 3 === 0 ? '2026-09-01' : '2019-03-01',
    archived: i % 97 === 13,
    team: TEAMS[(i * 7) % TEAMS.length]!,
  }));
}

const scenarios = ['discovery', 'demo', 'personas'].flatMap((focus) => [1, 2, 3].map((n) => ({ id: `${focus}-${n}`, focusAreaId: focus })));

function digest(count: number, strategy: PairingStrategy, seed: string, weeks: number, acrossTeams: boolean): string {
  const reps = roster(count, seed);
  const absences = new Map(reps.filter((_, i) => i % 19 === 0).map((r, k) => [r.id, [{ from: `2027-0${1 + (k % 8)}-01`, to: `2027-0${1 + (k % 8)}-20` }]]));
  const plan = planWeeks(
    {
      program: {
        seed,
        weekday: 2,
        time: '15:00',
        durationMinutes: 45,
        timeZone: 'Europe/Helsinki',
        startDate: '2026-11-30',
        endDate: null,
        skippedDates: ['2026-12-23'],
        focusAreaIds: ['discovery', 'demo', 'personas'],
        strategy,
        focusStrategy: 'rotation',
        repeatWindowWeeks: 3,
        pairAcrossTeams: acrossTeams,
      },
      reps,
      absences,
      newHireDays: 180,
      history: new PairingHistory(),
      scenarios,
      scenarioUse: new ScenarioUse(),
    },
    Array.from({ length: weeks }, (_, k) => k),
  );
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16);
}

describe('the same seed gives the same plan', () => {
  const cases: [number, PairingStrategy, string, number, boolean, string][] = [
    [9, 'mixed', 'nine', 8, false, 'f5fb2576dfb664b2'],
    [9, 'cohort', 'nine', 8, false, '89191f60e168bb68'],
    [10, 'rotate', 'ten', 12, false, 'f8540986ed7474c7'],
    [41, 'mixed', 'forty-one', 52, false, '869fb178621a6947'],
    [41, 'mixed', 'forty-one', 52, true, '5414b9b5c3e16279'],
    [60, 'cohort', 'sixty', 52, false, '9293f1aab4268f8e'],
    [60, 'rotate', 'sixty', 52, false, '6d4bc3c5302dc896'],
    [301, 'mixed', 'three-hundred', 52, false, '22765f4aabd13d1b'],
    [1200, 'mixed', 'twelve-hundred', 12, false, '22981dd52a3792b1'],
  ];
  it.each(cases)('%i reps, %s, seed %s, %i weeks, across teams %s', (count, strategy, seed, weeks, acrossTeams, expected) => {
    expect(digest(count, strategy, seed, weeks, acrossTeams)).toBe(expected);
  });
});
