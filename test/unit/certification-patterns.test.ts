import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/demo/demo-seed';
import { certificationPatterns, type GrantEvent } from '../../src/core/progress/certification-patterns';
import type { Opportunity } from '../../src/core/progress/outcome-metrics';
import { runCli } from '../../src/host/cli';
import type { CertificationPattern, TeamProgress } from '../../src/shared/progress';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const deal = (createdDate: string, won: boolean, amount: number | null = null, closed = true): Opportunity => ({
  createdDate,
  closeDate: closed ? '2026-10-01' : null,
  amount,
  closed,
  won,
});

const grant = (repId: string, grantedOn: string, level = 'Beginner', levelIndex = 0): GrantEvent => ({
  repId,
  email: `${repId}@example.com`,
  focusAreaId: 'discovery',
  focusAreaName: 'Discovery',
  level,
  levelIndex,
  grantedOn,
});

describe('results before and after a certification', () => {
  it('compares each certified rep\'s deals created before the grant with those created 7 days or more after, by hand', () => {
    const deals: Record<string, Opportunity[]> = {
      // A, granted 1 March: before 1 won of 4 (10 000); after 1 won of 2 (20 000); a deal 2 days after the grant counts on neither side.
      'a@example.com': [
        deal('2026-01-10', true, 10_000),
        deal('2026-01-20', false),
        deal('2026-02-01', false),
        deal('2026-02-28', false),
        deal('2026-03-03', true, 99_000),
        deal('2026-03-08', true, 20_000),
        deal('2026-04-01', false),
        deal('2026-04-02', true, 50_000, false),
      ],
      // B, granted 1 May: before 0 of 2; after 3 of 4 (10 000, 20 000, 36 000: 22 000).
      'b@example.com': [
        deal('2026-03-01', false),
        deal('2026-04-30', false),
        deal('2026-05-08', true, 10_000),
        deal('2026-05-20', true, 20_000),
        deal('2026-06-01', true, 36_000),
        deal('2026-06-02', false),
      ],
      // C, granted 1 June: before 2 of 2 (5 000, 15 000: 10 000); nothing after.
      'c@example.com': [deal('2026-01-01', true, 5_000), deal('2026-02-01', true, 15_000)],
    };
    const [pattern, ...rest] = certificationPatterns(
      [grant('a', '2026-03-01'), grant('b', '2026-05-01'), grant('c', '2026-06-01'), grant('a', '2026-09-01')],
      (email) => deals[email] ?? [],
    );
    expect(rest).toEqual([]);
    expect(pattern).toMatchObject({ level: 'Beginner', reps: 3, closedBefore: 8, wonBefore: 3, closedAfter: 6, wonAfter: 4 });
    // Win rate: after [0.5, 0.75] (mean 0.625) against before [0.25, 0, 1] (0.4167); Welch's SE
    // sqrt(0.03125/2 + 0.2708/3) = 0.3254, so 0.2083 ± 1.96 × 0.3254.
    expect(pattern!.measures[0]).toEqual({ label: 'winRate:afterVsBefore', nA: 2, nB: 3, a: 0.625, b: 0.4167, difference: 0.2083, low: -0.4295, high: 0.8462 });
    // Average won deal: after [20 000, 22 000] against before [10 000, 10 000] (B won nothing before): SE 1000.
    expect(pattern!.measures[1]).toEqual({ label: 'avgDealSize:afterVsBefore', nA: 2, nB: 2, a: 21_000, b: 10_000, difference: 11_000, low: 9040, high: 12_960 });
  });

  it('keeps levels apart and in their order, and says when a side is too small for an interval', () => {
    const patterns = certificationPatterns(
      [grant('a', '2026-05-01', 'Intermediate', 1), grant('a', '2026-03-01', 'Beginner', 0)],
      () => [deal('2026-01-10', true, 10_000), deal('2026-06-01', false)],
    );
    expect(patterns.map((p) => p.level)).toEqual(['Beginner', 'Intermediate']);
    expect(patterns[0]!.measures[0]).toMatchObject({ nA: 1, nB: 1, a: 0, b: 1, difference: -1, low: null, high: null });
  });

  it('the demo team has certifications, so Progress shows results around them', async () => {
    const core = testCore('2026-11-30T09:00:00Z');
    seedDemo(core.db, () => new Date('2026-11-30T09:00:00Z'), { reps: 12, weeks: 26 });
    const certified = core.progress.certified({}, null);
    expect(certified.length).toBeGreaterThan(0);
    expect(certified.some((p) => p.measures[0]!.nA > 0 && p.measures[0]!.nB > 0)).toBe(true);
  });

  it('counts only the holders in view: a team, or the people a caller may see', () => {
    const core = testCore('2026-11-30T09:00:00Z');
    seedDemo(core.db, () => new Date('2026-11-30T09:00:00Z'), { reps: 12, weeks: 26 });
    const everyone = core.progress.certified({}, null);
    const holders = core.certification.list({ held: true });
    const sum = (patterns: CertificationPattern[]) => patterns.reduce((total, p) => total + p.reps, 0);
    // One holder alone: exactly their levels, nobody else's.
    const one = holders[0]!.rep.id;
    const levels = new Set(holders.filter((h) => h.rep.id === one).flatMap((h) => h.history.filter((e) => e.kind === 'grant').map((e) => `${h.focusArea.id}:${e.level}`)));
    expect(sum(core.progress.certified({}, new Set([one])))).toBe(levels.size);
    expect(core.progress.certified({}, new Set())).toEqual([]);
    // Teams split the holders: each team's count, added up, is everyone's.
    const teams = core.db.prepare("SELECT DISTINCT team FROM reps WHERE archived_at IS NULL").pluck().all() as string[];
    expect(teams.reduce((total, team) => total + sum(core.progress.certified({ team }, null)), 0)).toBe(sum(everyone));
  });

  it('reprise progress team --json has the section', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const quiet = { out: () => undefined, err: () => undefined };
    const env = { REPRISE_NOW: '2026-11-30T09:00:00Z' };
    expect(await runCli(['--data-dir', dataDir, 'demo', 'seed', '--reps', '8', '--weeks', '20'], quiet, env)).toBe(0);
    let printed = '';
    expect(await runCli(['--data-dir', dataDir, 'progress', 'team', '--json'], { out: (text) => (printed += text), err: () => undefined }, env)).toBe(0);
    const team = JSON.parse(printed) as TeamProgress & { certified: CertificationPattern[] };
    expect(team.certified.length).toBeGreaterThan(0);
    expect(team.certified[0]!.measures.map((m) => m.label)).toEqual(['winRate:afterVsBefore', 'avgDealSize:afterVsBefore']);
  });
});
