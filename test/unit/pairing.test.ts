import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairingHistory, pairWeek, type PairedGroup, type PairingRep } from '../../src/core/programs/pairing';
import type { Seniority } from '../../src/shared/people';
import type { PairingStrategy } from '../../src/shared/programs';

interface Roster {
  reps: PairingRep[];
  strategy: PairingStrategy;
  window: number;
  weeks: number;
  /** unavailable[week] = indexes of reps away that week */
  away: number[][];
  seed: string;
}

const seniorities: Seniority[] = ['senior', 'new_hire', 'unknown'];

function rosterArb(minReps: number, maxReps: number, maxWeeks = 52): fc.Arbitrary<Roster> {
  return fc
    .record({
      size: fc.integer({ min: minReps, max: maxReps }),
      strategy: fc.constantFrom<PairingStrategy>('mixed', 'cohort', 'rotate'),
      window: fc.integer({ min: 0, max: 4 }),
      weeks: fc.integer({ min: 1, max: maxWeeks }),
      seed: fc.string({ maxLength: 8 }),
      seniorityPicks: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: maxReps, maxLength: maxReps }),
      awayRate: fc.constantFrom(0, 0, 0.05, 0.2),
      awayNoise: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
    })
    .map(({ size, strategy, window, weeks, seed, seniorityPicks, awayRate, awayNoise }) => {
      const reps = Array.from({ length: size }, (_, i) => ({
        id: `rep-${String(i).padStart(3, '0')}-${seed}`,
        // Mostly seniors and new hires, sometimes a rep without a hire date.
        seniority: seniorities[seniorityPicks[i]! < 5 ? 0 : seniorityPicks[i]! < 9 ? 1 : 2]!,
      }));
      const away = Array.from({ length: weeks }, (_, w) =>
        reps.map((_, i) => i).filter((i) => awayNoise[(w * 7 + i * 13) % awayNoise.length]! < awayRate),
      );
      return { reps, strategy, window, weeks, away, seed };
    });
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Is there any grouping (pairs, one trio if odd) in which no two members are in `blocked`? Exhaustive. */
function repeatFreeGroupingExists(ids: string[], blocked: Set<string>): boolean {
  const ok = (a: string, b: string) => !blocked.has(pairKey(a, b));
  const solve = (rest: string[], trioLeft: boolean): boolean => {
    if (rest.length === 0) return true;
    const [first, ...others] = rest as [string, ...string[]];
    for (let i = 0; i < others.length; i++) {
      const a = others[i]!;
      if (!ok(first, a)) continue;
      const without = others.filter((_, k) => k !== i);
      if (without.length % 2 === (trioLeft ? 1 : 0) && solve(without, trioLeft)) return true;
      if (trioLeft) {
        for (let j = i + 1; j < others.length; j++) {
          const b = others[j]!;
          if (ok(first, b) && ok(a, b) && solve(others.filter((_, k) => k !== i && k !== j), false)) return true;
        }
      }
    }
    return false;
  };
  return solve(ids, ids.length % 2 === 1);
}

interface Observed {
  week: number;
  available: string[];
  groups: PairedGroup[];
  unpaired: string | null;
}

function run(roster: Roster): Observed[] {
  const history = new PairingHistory();
  const out: Observed[] = [];
  for (let week = 0; week < roster.weeks; week++) {
    const away = new Set(roster.away[week]);
    const available = roster.reps.filter((_, i) => !away.has(i));
    const result = pairWeek(history, available, week, { strategy: roster.strategy, windowWeeks: roster.window, seed: roster.seed });
    for (const group of result.groups) history.addGroup(week, group.members, group.coachRepId);
    out.push({ week, available: available.map((r) => r.id), ...result });
  }
  return out;
}

describe('pairing engine invariants, every week of long schedules over random rosters', () => {
  it('puts everyone available in exactly one group, with one trio only for an odd count', () => {
    fc.assert(
      fc.property(rosterArb(0, 41), (roster) => {
        for (const week of run(roster)) {
          const seen = week.groups.flatMap((g) => g.members.map((m) => m.repId));
          if (week.available.length === 1) {
            expect(week.unpaired).toBe(week.available[0]);
            expect(week.groups).toEqual([]);
            continue;
          }
          expect(week.unpaired).toBeNull();
          expect([...seen].sort()).toEqual([...week.available].sort());
          const trios = week.groups.filter((g) => g.members.length === 3).length;
          expect(week.groups.every((g) => g.members.length === 2 || g.members.length === 3)).toBe(true);
          expect(trios).toBe(week.available.length % 2);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives each group one seller and one buyer, an observer only in the trio, and the buyer (pair) or buyer/observer (trio) as coach', () => {
    fc.assert(
      fc.property(rosterArb(2, 25), (roster) => {
        const seniority = new Map(roster.reps.map((r) => [r.id, r.seniority]));
        for (const week of run(roster)) {
          for (const group of week.groups) {
            const roles = group.members.map((m) => m.role).sort();
            expect(roles).toEqual(group.members.length === 3 ? ['buyer', 'observer', 'seller'] : ['buyer', 'seller']);
            const coach = group.members.find((m) => m.repId === group.coachRepId);
            expect(group.members.length === 3 ? ['buyer', 'observer'] : ['buyer']).toContain(coach?.role);
            // In a trio a senior coaches rather than a new hire.
            const standing = (role: string) => seniority.get(group.members.find((m) => m.role === role)?.repId ?? '');
            if (group.members.length === 3 && new Set([standing('buyer'), standing('observer')]).size === 2 && [standing('buyer'), standing('observer')].includes('new_hire')) {
              if ([standing('buyer'), standing('observer')].includes('senior')) expect(seniority.get(group.coachRepId)).toBe('senior');
            }
            expect(group.reason.trio).toBe(group.members.length === 3);
            expect(group.reason.strategy).toBe(roster.strategy);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('repeats no pair within the window unless no repeat-free grouping exists (checked exhaustively), and says so', () => {
    fc.assert(
      fc.property(rosterArb(2, 9, 30), (roster) => {
        const lastMet = new Map<string, number>();
        const roles = new Map<string, string[]>();
        let relaxedWeeks = 0;
        for (const week of run(roster)) {
          const blocked = new Set<string>();
          for (const [key, at] of lastMet) if (week.week - at <= roster.window) blocked.add(key);
          const recent = new Set(blocked);
          // Nobody sells three sessions running comes first: two who both sold their last two never meet.
          const soldTwice = week.available.filter((id) => (roles.get(id) ?? []).slice(-2).join() === 'seller,seller');
          for (const a of soldTwice) for (const b of soldTwice) if (a !== b) blocked.add(pairKey(a, b));
          let anyFlag = false;
          for (const group of week.groups) {
            const ids = group.members.map((m) => m.repId);
            const repeats = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => pairKey(a, b))).filter((k) => recent.has(k));
            const flagged = group.reason.relaxed.includes('repeat-window');
            expect(flagged, `week ${week.week}: the reason tells whether this group repeats a recent pair`).toBe(repeats.length > 0);
            anyFlag ||= flagged;
            if (flagged) expect(group.reason.effectiveWindowWeeks).toBeLessThan(roster.window);
          }
          if (anyFlag) {
            relaxedWeeks++;
            expect(repeatFreeGroupingExists(week.available, blocked), `week ${week.week}: a repeat-free grouping existed`).toBe(false);
          }
          for (const group of week.groups) {
            const ids = group.members.map((m) => m.repId);
            for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) lastMet.set(pairKey(ids[i]!, ids[j]!), week.week);
            for (const m of group.members) roles.set(m.repId, [...(roles.get(m.repId) ?? []), m.role]);
          }
        }
        return relaxedWeeks >= 0;
      }),
      { numRuns: 150 },
    );
  });

  it('never needs to repeat a recent pair when the roster is large compared with the window', () => {
    fc.assert(
      fc.property(rosterArb(22, 60), (roster) => {
        fc.pre(roster.reps.length - Math.max(...roster.away.map((a) => a.length)) >= 4 * roster.window + 6);
        for (const week of run(roster)) {
          for (const group of week.groups) expect(group.reason.relaxed).not.toContain('repeat-window');
        }
      }),
      { numRuns: 40 },
    );
  });

  it('alternates roles: who sold last time buys now, unless more than one in the group sold last time', () => {
    fc.assert(
      fc.property(rosterArb(2, 30), (roster) => {
        const lastRole = new Map<string, string>();
        // Sales owed: the fair share of selling (half of each pair, a third of each trio) minus sales.
        const owed = new Map<string, number>();
        for (const week of run(roster)) {
          for (const group of week.groups) {
            const soldLast = group.members.filter((m) => lastRole.get(m.repId) === 'seller');
            if (group.reason.relaxed.includes('roles')) expect(soldLast.length).toBeGreaterThanOrEqual(2);
            else for (const m of soldLast) expect(m.role).toBe('buyer');
            // Whoever bought last time sells now whenever nobody in the group has a stronger claim
            // (is owed more sales), so selling stays spread fairly.
            if (soldLast.length === 0 && group.members.length === 2) {
              const boughtLast = group.members.filter((m) => lastRole.get(m.repId) === 'buyer');
              const other = group.members.find((m) => m !== boughtLast[0]);
              if (boughtLast.length === 1 && (owed.get(boughtLast[0]!.repId) ?? 0) >= (owed.get(other!.repId) ?? 0)) expect(boughtLast[0]!.role).toBe('seller');
            }
          }
          for (const group of week.groups) {
            for (const m of group.members) {
              lastRole.set(m.repId, m.role);
              owed.set(m.repId, (owed.get(m.repId) ?? 0) + 1 / group.members.length - (m.role === 'seller' ? 1 : 0));
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('shares coaching: over a stable schedule every rep coaches about every other week, less only a new hire who sat in a trio with a senior', () => {
    fc.assert(
      fc.property(rosterArb(4, 30), (roster) => {
        const stable = { ...roster, weeks: 24, away: Array.from({ length: 24 }, () => []) };
        const seniority = new Map(stable.reps.map((r) => [r.id, r.seniority]));
        const coached = new Map<string, number>(stable.reps.map((r) => [r.id, 0]));
        // A new hire in a trio next to a senior leaves the coaching to the senior; those weeks do not count for them.
        const yielded = new Map<string, number>(stable.reps.map((r) => [r.id, 0]));
        for (const week of run(stable)) {
          for (const group of week.groups) {
            coached.set(group.coachRepId, coached.get(group.coachRepId)! + 1);
            const bench = group.members.filter((m) => m.role !== 'seller').map((m) => m.repId);
            if (group.members.length === 3 && bench.some((id) => seniority.get(id) === 'senior')) {
              for (const id of bench) if (seniority.get(id) === 'new_hire') yielded.set(id, yielded.get(id)! + 1);
            }
          }
        }
        const average = [...coached.values()].reduce((a, b) => a + b, 0) / coached.size;
        for (const [id, count] of coached) expect(count).toBeGreaterThanOrEqual(Math.floor(0.6 * average) - Math.ceil(yielded.get(id)! / 2));
      }),
      { numRuns: 30 },
    );
  });

  it('is deterministic and does not depend on the order reps are listed in', () => {
    fc.assert(
      fc.property(rosterArb(2, 25, 20), fc.integer(), (roster, shuffleSeed) => {
        const shuffled = { ...roster, reps: [...roster.reps].sort((a, b) => ((a.id.length * shuffleSeed) % 7) - ((b.id.length * shuffleSeed) % 7) || (a.id < b.id ? 1 : -1)) };
        const away = (r: Roster) => r.away.map((list) => list.map((i) => r.reps[i]!.id));
        const remap = { ...shuffled, away: away(roster).map((ids) => ids.map((id) => shuffled.reps.findIndex((r) => r.id === id))) };
        expect(run(remap)).toEqual(run(roster).map((w) => ({ ...w, available: remap.reps.filter((r) => w.available.includes(r.id)).map((r) => r.id) })));
      }),
      { numRuns: 30 },
    );
  });

  it('mixed puts seniors with new hires wherever the counts allow; cohort keeps like with like', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.string({ maxLength: 4 }), (seniors, newHires, seed) => {
        fc.pre(seniors + newHires >= 2);
        const reps: PairingRep[] = [
          ...Array.from({ length: seniors }, (_, i) => ({ id: `s${i}`, seniority: 'senior' as const })),
          ...Array.from({ length: newHires }, (_, i) => ({ id: `n${i}`, seniority: 'new_hire' as const })),
        ];
        const mixed = pairWeek(new PairingHistory(), reps, 0, { strategy: 'mixed', windowWeeks: 3, seed });
        const crossMixed = mixed.groups.filter((g) => g.reason.match === 'senior-new').length;
        expect(crossMixed).toBe(Math.min(seniors, newHires, mixed.groups.length));
        const cohort = pairWeek(new PairingHistory(), reps, 0, { strategy: 'cohort', windowWeeks: 3, seed });
        const crossCohort = cohort.groups.filter((g) => g.reason.match === 'senior-new').length;
        // Even count: one mixed pair only when both cohorts are odd. Odd count: the trio stays within
        // the odd cohort unless that cohort is a single person.
        const odd = (seniors + newHires) % 2 === 1;
        const leastCross = odd ? (seniors === 1 || newHires === 1 ? 1 : 0) : seniors % 2 === 1 ? 1 : 0;
        expect(crossCohort).toBe(leastCross);
        for (const g of cohort.groups) expect(g.reason.relaxed.includes('strategy')).toBe(g.reason.match === 'senior-new');
      }),
      { numRuns: 100 },
    );
  });

  it('rotate lets everyone meet everyone: in a stable roster every pair has met within twice the round-robin length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 14 }), fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 4 }), (size, window, seed) => {
        const reps = Array.from({ length: size }, (_, i) => ({ id: `r${i}`, seniority: 'senior' as const }));
        const rounds = size % 2 === 0 ? size - 1 : size;
        const weeks = 2 * rounds;
        const met = new Set<string>();
        for (const week of run({ reps, strategy: 'rotate', window, weeks, away: [], seed })) {
          for (const g of week.groups) {
            const ids = g.members.map((m) => m.repId);
            for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) met.add(pairKey(ids[i]!, ids[j]!));
          }
        }
        expect(met.size).toBe((size * (size - 1)) / 2);
      }),
      { numRuns: 60 },
    );
  });

  it('explains first meetings and repeats with the history it used', () => {
    const reps: PairingRep[] = [
      { id: 'a', seniority: 'senior' },
      { id: 'b', seniority: 'new_hire' },
    ];
    const history = new PairingHistory();
    const first = pairWeek(history, reps, 0, { strategy: 'mixed', windowWeeks: 3, seed: 'x' });
    expect(first.groups[0]!.reason).toMatchObject({ match: 'senior-new', timesMetBefore: 0, lastMetWeeksAgo: null, relaxed: [] });
    expect(first.groups[0]!.members.find((m) => m.role === 'seller')?.repId).toBe('b');
    history.addGroup(0, first.groups[0]!.members, first.groups[0]!.coachRepId);
    const second = pairWeek(history, reps, 1, { strategy: 'mixed', windowWeeks: 3, seed: 'x' });
    expect(second.groups[0]!.reason).toMatchObject({ timesMetBefore: 1, lastMetWeeksAgo: 1, effectiveWindowWeeks: 0, relaxed: ['repeat-window'] });
    expect(second.groups[0]!.members.find((m) => m.role === 'seller')?.repId).toBe('a');
  });
});
