import type { Seniority } from '../../shared/people';
import type { FocusStrategy, PairingStrategy, PairingReason, LeftOutReason } from '../../shared/programs';
import type { ParticipantRole } from '../../shared/sessions';
import { PairingHistory, pairWeek } from './pairing';
import { addDays, isoWeek, weekdayIndex, zonedToInstant } from './time-zones';

/**
 * Turns a program into dated weeks: which weeks hold a session, the focus area of each, who meets
 * whom (through the pairing engine) and which scenario each group plays. Pure: the schedule
 * service feeds it what is stored and writes what it returns; the preview and the benchmark call
 * it directly.
 */

export interface PlanProgram {
  /** Seeds the pairing tie-breaks; the program id, or anything stable for a preview. */
  seed: string;
  weekday: number;
  time: string;
  durationMinutes: number;
  timeZone: string;
  startDate: string;
  endDate: string | null;
  skippedDates: readonly string[];
  focusAreaIds: readonly string[];
  strategy: PairingStrategy;
  focusStrategy: FocusStrategy;
  repeatWindowWeeks: number;
  /** Pair across teams as readily as within one; otherwise people of the same team are preferred. */
  pairAcrossTeams: boolean;
}

export interface PlanRep {
  id: string;
  hireDate: string | null;
  archived: boolean;
  team?: string;
}

export interface PlanScenario {
  id: string;
  focusAreaId: string | null;
}

export interface PlanContext {
  program: PlanProgram;
  reps: readonly PlanRep[];
  /** Rep id → inclusive local date ranges when the rep is away. */
  absences: ReadonlyMap<string, readonly { from: string; to: string }[]>;
  newHireDays: number;
  history: PairingHistory;
  scenarios: readonly PlanScenario[];
  scenarioUse: ScenarioUse;
  /** Week index → reps already in a session that week that stays (held, recorded, scored or noted): planned around. */
  placed?: ReadonlyMap<number, ReadonlySet<string>>;
  /** The sellers' predicted retention per focus area, for the adaptive focus strategy. */
  retention?: RetentionOracle;
}

/**
 * Predicted retention of a rep on a focus area at a moment (null: never practised). The plan tells
 * it about each role-play it plans, so later weeks see that practice coming.
 */
export interface RetentionOracle {
  predict(repId: string, focusAreaId: string, atMs: number): { retrievability: number | null; lastPractisedAt: number | null };
  practise(repId: string, focusAreaId: string, atMs: number): void;
}

export interface PlanGroup {
  members: { repId: string; role: ParticipantRole }[];
  focusAreaId: string;
  coachRepId: string;
  reason: PairingReason;
  scenarioId: string | null;
}

export interface PlanWeek {
  weekIndex: number;
  week: string;
  localDate: string;
  startsAt: string;
  endsAt: string;
  focusAreaId: string;
  skipped: boolean;
  shiftedFor: { requested: string; actual: string } | null;
  groups: PlanGroup[];
  leftOut: { repId: string; why: LeftOutReason }[];
}

/** How often each rep (and the program) has had each scenario, so they vary over time. */
export class ScenarioUse {
  /** Scenario id → a small number; per rep, how often they had each (by that number). */
  private readonly scenarioIndex = new Map<string, number>();
  private readonly byRep = new Map<string, number[]>();
  private readonly total: number[] = [];

  /** The scenario's number (a new one starts at no uses). */
  indexOf(scenarioId: string): number {
    let k = this.scenarioIndex.get(scenarioId);
    if (k === undefined) {
      k = this.scenarioIndex.size;
      this.scenarioIndex.set(scenarioId, k);
      this.total[k] = 0;
    }
    return k;
  }

  add(scenarioId: string, repIds: readonly string[]): void {
    const k = this.indexOf(scenarioId);
    this.total[k]!++;
    for (const rep of repIds) {
      const mine = this.countsFor(rep);
      mine[k] = (mine[k] ?? 0) + 1;
    }
  }

  score(scenarioId: string, repIds: readonly string[]): number {
    return this.scoreOf(scenarioId, repIds.map((rep) => this.byRep.get(rep)));
  }

  /** Each rep's counts, for `scoreOf`: look them up once per group rather than once per scenario. */
  countsOf(repIds: readonly string[]): (number[] | undefined)[] {
    return repIds.map((rep) => this.byRep.get(rep));
  }

  /**
   * The rep's own counts by scenario number, kept (and changed) here: the planner holds on to them
   * so a year of groups looks each rep up once, not once per group.
   */
  countsFor(repId: string): number[] {
    let mine = this.byRep.get(repId);
    if (!mine) this.byRep.set(repId, (mine = []));
    return mine;
  }

  /** `score` with the group's counts from `countsOf`. */
  scoreOf(scenarioId: string, counts: readonly (number[] | undefined)[]): number {
    const k = this.scenarioIndex.get(scenarioId);
    if (k === undefined) return 0;
    let seen = 0;
    for (const mine of counts) seen += mine?.[k] ?? 0;
    return seen * 1000 + this.total[k]!;
  }

  /** `scoreOf` by the scenario's number and the members' `countsFor`. */
  scoreByIndex(k: number, a: readonly number[], b: readonly number[], c: readonly number[] | null): number {
    const seen = (a[k] ?? 0) + (b[k] ?? 0) + (c ? (c[k] ?? 0) : 0);
    return seen * 1000 + this.total[k]!;
  }

  /** `add` by the scenario's number and the members' `countsFor`. */
  addByIndex(k: number, a: number[], b: number[], c: number[] | null): void {
    this.total[k]!++;
    a[k] = (a[k] ?? 0) + 1;
    b[k] = (b[k] ?? 0) + 1;
    if (c) c[k] = (c[k] ?? 0) + 1;
  }
}

/** The date of the program's first session: its weekday on or after the start date. */
export function firstSessionDate(program: Pick<PlanProgram, 'weekday' | 'startDate'>): string {
  return addDays(program.startDate, (program.weekday - weekdayIndex(program.startDate) + 7) % 7);
}

export function weekDate(program: Pick<PlanProgram, 'weekday' | 'startDate'>, weekIndex: number): string {
  return addDays(firstSessionDate(program), 7 * weekIndex);
}

/** The program week whose session falls in the same Monday-to-Sunday week as `date` (may be negative). */
export function weekIndexAt(program: Pick<PlanProgram, 'weekday' | 'startDate'>, date: string): number {
  const sameWeek = addDays(date, program.weekday - weekdayIndex(date));
  return Math.round((Date.parse(sameWeek) - Date.parse(firstSessionDate(program))) / (7 * 86_400_000));
}

/** Whether week `weekIndex` exists (not past the end date). */
export function weekExists(program: PlanProgram, weekIndex: number): boolean {
  return weekIndex >= 0 && (program.endDate === null || weekDate(program, weekIndex) <= program.endDate);
}

function stringHash(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const DAY_MS = 86_400_000;

/** Plans the given weeks in order, adding each to the history so the next one builds on it. */
export function planWeeks(context: PlanContext, weekIndexes: readonly number[]): PlanWeek[] {
  return [...planWeeksInTurn(context, weekIndexes)];
}

/**
 * `planWeeks` a week at a time: each week is planned (and added to the history) when the one before
 * has been taken, so a writer can store a week and let it go before the next is planned.
 */
export function* planWeeksInTurn(context: PlanContext, weekIndexes: readonly number[]): Generator<PlanWeek, void, undefined> {
  const { program } = context;
  const skipped = new Set(program.skippedDates);
  const skippedBefore = (weekIndex: number): number => {
    let count = 0;
    for (const date of skipped) {
      const k = weekIndexAt(program, date);
      if (k >= 0 && k < weekIndex && weekDate(program, k) === date) count++;
    }
    return count;
  };
  // Per rep once, not per week: parsing dates is most of the cost of working out seniority.
  const hired = context.reps.map((r) => (r.hireDate ? Date.parse(`${r.hireDate}T00:00:00Z`) : null));
  const away = new Uint8Array(context.reps.length);
  const asAvailable: ({ id: string; seniority: Seniority; team?: string } | undefined)[] = new Array(context.reps.length * 3);
  const byId = context.reps.map((_, r) => r).sort((a, b) => (context.reps[a]!.id < context.reps[b]!.id ? -1 : context.reps[a]!.id > context.reps[b]!.id ? 1 : a - b));
  const scenarioHash = new Map(context.scenarios.map((s) => [s.id, stringHash(s.id, stringHash(program.seed))]));
  // Each focus area's scenarios (else those for any area), found once rather than for every group.
  const anyArea = context.scenarios.filter((s) => s.focusAreaId === null);
  /** A pool's scenarios with their tie-break hashes and their numbers in `scenarioUse`, worked out once. */
  interface Pool {
    scenarios: readonly PlanScenario[];
    hashes: Uint32Array;
    indexes: Int32Array;
  }
  const pools = new Map<string, Pool>();
  const poolOf = (focusAreaId: string): Pool => {
    let pool = pools.get(focusAreaId);
    if (!pool) {
      const candidates = context.scenarios.filter((s) => s.focusAreaId === focusAreaId);
      const scenarios = candidates.length ? candidates : anyArea;
      pool = {
        scenarios,
        hashes: Uint32Array.from(scenarios, (s) => scenarioHash.get(s.id)!),
        indexes: Int32Array.from(scenarios, (s) => context.scenarioUse.indexOf(s.id)),
      };
      pools.set(focusAreaId, pool);
    }
    return pool;
  };
  // Each rep's scenario counts by their number in the history, looked up by id once per plan rather than per group.
  const countsByNumber: (number[] | undefined)[] = [];
  const countsOf = (repId: string, number: number | undefined): number[] => {
    if (number === undefined || number < 0) return context.scenarioUse.countsFor(repId);
    return (countsByNumber[number] ??= context.scenarioUse.countsFor(repId));
  };
  for (const weekIndex of weekIndexes) {
    if (!weekExists(program, weekIndex)) continue;
    const localDate = weekDate(program, weekIndex);
    const start = zonedToInstant(program.timeZone, localDate, program.time);
    const occurrence = weekIndex - skippedBefore(weekIndex);
    const week: PlanWeek = {
      weekIndex,
      week: isoWeek(localDate),
      localDate,
      startsAt: new Date(start.epochMs).toISOString(),
      endsAt: new Date(start.epochMs + program.durationMinutes * 60_000).toISOString(),
      focusAreaId: program.focusAreaIds[occurrence % program.focusAreaIds.length]!,
      skipped: skipped.has(localDate),
      shiftedFor: start.shifted ? { requested: program.time, actual: start.actualTime } : null,
      groups: [],
      leftOut: [],
    };
    if (week.skipped) {
      yield week;
      continue;
    }

    const available: { id: string; seniority: Seniority; team?: string }[] = [];
    const day = Date.parse(`${localDate}T00:00:00Z`);
    const placed = context.placed?.get(weekIndex);
    // Who is left out, in roster order; then who is available, in the order of their ids (the pairing
    // engine sorts them so, and a sorted list costs it one pass instead of a sort a week).
    away.fill(0);
    context.reps.forEach((rep, r) => {
      if (placed?.has(rep.id)) away[r] = 1;
      else if (rep.archived) {
        week.leftOut.push({ repId: rep.id, why: 'archived' });
        away[r] = 1;
      } else if (context.absences.get(rep.id)?.some((a) => a.from <= localDate && localDate <= a.to)) {
        week.leftOut.push({ repId: rep.id, why: 'unavailable' });
        away[r] = 1;
      }
    });
    for (const r of byId) {
      if (away[r]) continue;
      const rep = context.reps[r]!;
      // The same rule as people/seniority.ts, as of the session's date.
      const since = hired[r];
      const seniority: Seniority = since === null ? 'unknown' : (day - since!) / DAY_MS < context.newHireDays ? 'new_hire' : 'senior';
      // The pairing engine only reads these: one per rep and standing for the whole plan, not one a week.
      const at = r * 3 + (seniority === 'senior' ? 0 : seniority === 'new_hire' ? 1 : 2);
      available.push((asAvailable[at] ??= { id: rep.id, team: rep.team, seniority }));
    }
    const pairing = pairWeek(context.history, available, weekIndex, {
      strategy: program.strategy,
      windowWeeks: program.repeatWindowWeeks,
      seed: program.seed,
      acrossTeams: program.pairAcrossTeams,
    });
    if (pairing.unpaired) week.leftOut.push({ repId: pairing.unpaired, why: 'no-partner' });
    const rotationIndex = occurrence % program.focusAreaIds.length;
    pairing.groups.forEach((group, g) => {
      context.history.addGroup(weekIndex, group.members, group.coachRepId, pairing.memberNumbers, g * 3);
      const members = group.members;
      const seller = members.find((m) => m.role === 'seller')?.repId;
      const adaptive =
        program.focusStrategy === 'adaptive' && context.retention && seller
          ? pickFocus(context.retention, program.focusAreaIds, rotationIndex, seller, start.epochMs)
          : null;
      const focusAreaId = adaptive?.focusAreaId ?? week.focusAreaId;
      if (adaptive) context.retention!.practise(seller!, focusAreaId, start.epochMs);
      const pool = poolOf(focusAreaId);
      let scenarioId: string | null = null;
      let bestAt = -1;
      let best = Infinity;
      if (pool.scenarios.length) {
        // Groups are pairs and trios; the history numbers come in the same member order.
        const numbers = pairing.memberNumbers;
        const a = countsOf(members[0]!.repId, numbers?.[g * 3]);
        const b = countsOf(members[1]!.repId, numbers?.[g * 3 + 1]);
        const c = members.length > 2 ? countsOf(members[2]!.repId, numbers?.[g * 3 + 2]) : null;
        for (let x = 0; x < pool.scenarios.length; x++) {
          const tie = Math.imul(pool.hashes[x]! ^ (weekIndex * 7919 + g), 0x9e3779b1) >>> 0;
          const score = context.scenarioUse.scoreByIndex(pool.indexes[x]!, a, b, c) * 1000 + (tie % 1000);
          if (score < best) {
            best = score;
            bestAt = x;
          }
        }
        scenarioId = pool.scenarios[bestAt]!.id;
        if (scenarioId) context.scenarioUse.addByIndex(pool.indexes[bestAt]!, a, b, c);
      }
      week.groups.push({ members: group.members, coachRepId: group.coachRepId, reason: adaptive ? { ...group.reason, focus: adaptive } : group.reason, focusAreaId, scenarioId });
    });
    yield week;
  }
}

/**
 * The adaptive strategy's choice for one seller: the focus area with the lowest predicted retention
 * (never practised counts as 0), ties broken by the fixed rotation from this week's area on.
 */
export function pickFocus(
  oracle: RetentionOracle,
  focusAreaIds: readonly string[],
  rotationIndex: number,
  sellerId: string,
  atMs: number,
): { focusAreaId: string; retrievability: number | null; lastPractisedAt: string | null } {
  let best: { focusAreaId: string; retrievability: number | null; lastPractisedAt: string | null } | null = null;
  let bestValue = Infinity;
  for (let i = 0; i < focusAreaIds.length; i++) {
    const focusAreaId = focusAreaIds[(rotationIndex + i) % focusAreaIds.length]!;
    const { retrievability, lastPractisedAt } = oracle.predict(sellerId, focusAreaId, atMs);
    const value = retrievability ?? 0;
    if (value < bestValue - 1e-9) {
      bestValue = value;
      best = { focusAreaId, retrievability, lastPractisedAt: lastPractisedAt === null ? null : new Date(lastPractisedAt).toISOString() };
    }
  }
  return best!;
}
