import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import Database from 'better-sqlite3';
import { afterAll, bench, describe } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { importRoster } from '../../src/core/people/roster-import';
import { PairingHistory } from '../../src/core/programs/pairing';
import { planWeeks, ScenarioUse, type PlanRep } from '../../src/core/programs/plan';
import type { PairingStrategy } from '../../src/shared/programs';

/**
 * Planning and scheduling at the sizes the schema allows. Each figure is printed as product against
 * its goal and, where one makes sense, against a floor measured in the same run: the least work
 * that does the same job (pair everyone each week and remember who met; insert the same rows).
 * Nothing here fails on a time; the load says how busy the machine was.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const load = () => `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
const WEEKS = 52;
const TEAMS = ['Nordics', 'Sweden', 'Norway', 'Denmark', 'Finland', 'Baltics', 'Germany', 'Benelux'];

function roster(count: number): PlanRep[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `rep-${i}`,
    // A third hired this autumn: they cross the new-hire line during the year.
    hireDate: i % 3 === 0 ? '2026-09-01' : '2019-03-01',
    archived: i % 97 === 0,
    team: TEAMS[i % TEAMS.length]!,
  }));
}
const scenarios = ['discovery', 'demo', 'personas'].flatMap((focus) => [1, 2, 3].map((n) => ({ id: `${focus}-${n}`, focusAreaId: focus })));

function plan(reps: PlanRep[], strategy: PairingStrategy, seed = 'bench') {
  // A few people away each week, as in a real team.
  const absences = new Map(reps.filter((_, i) => i % 19 === 0).map((r, k) => [r.id, [{ from: `2027-0${1 + (k % 8)}-01`, to: `2027-0${1 + (k % 8)}-20` }]]));
  return planWeeks(
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
        pairAcrossTeams: false,
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

/** The floor of planning: each week, pair neighbours of a shuffled roster and remember who met when. */
function floorPlan(count: number): number {
  const met: Map<number, number>[] = Array.from({ length: count }, () => new Map());
  const order = Array.from({ length: count }, (_, i) => i);
  let pairs = 0;
  let x = 12345;
  for (let week = 0; week < WEEKS; week++) {
    for (let i = count - 1; i > 0; i--) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const j = x % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let k = 0; k + 1 < count; k += 2) {
      met[order[k]!]!.set(order[k + 1]!, week);
      met[order[k + 1]!]!.set(order[k]!, week);
      pairs++;
    }
  }
  return pairs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall-clock and processor milliseconds of `runs` calls. */
function timedBoth(fn: () => unknown, runs: number): { wall: number; cpu: number } {
  const times: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { wall: median(times), cpu: median(cpus) };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

// Heap figures are read after a full collection, so they count what the plan and its history hold.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Run a figure exactly once: tinybench calls a plain function once more to see whether it is async,
 * and warms up for 100 ms (at least one call) unless told not to.
 */
const once = { iterations: 1, warmupIterations: 0, warmupTime: 0, time: 0 };

const verdict = (ok: boolean) => (ok ? 'meets the goal' : 'MISSES the goal');

/** Plans 52 weeks of `count` reps, mixed, and prints the time and memory against the goal. */
function planningFigures(count: number, goalMs: number | null): void {
  const reps = roster(count);
  gc();
  const before = process.memoryUsage();
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  const t0 = performance.now();
  const weeks = plan(reps, 'mixed');
  const first = performance.now() - t0;
  const peakGrowth = process.resourceUsage().maxRSS * 1024 - rssBefore;
  gc();
  const after = process.memoryUsage();
  const held = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  const groups = weeks.reduce((n, w) => n + w.groups.length, 0);
  // The goal is processor time: on a shared machine the wall clock mostly says how long the run waited for a core.
  const { wall: again, cpu } = timedBoth(() => plan(reps, 'mixed'), 3);
  const { wall: floor, cpu: floorCpu } = timedBoth(() => floorPlan(count), 3);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(count >= 5000 ? 2 : 3)} s`;
  console.log(
    `\n  planning ${count.toLocaleString('en')} × ${WEEKS}: processor ${seconds(cpu)}, wall ${seconds(again)}, medians of 3 (first run ${seconds(first)} wall, ${groups} groups)` +
      `${goalMs === null ? '' : `; goal < ${goalMs / 1000} s of processor time, ${verdict(cpu < goalMs)}`}; ` +
      `floor (shuffle and pair, remember who met) processor ${(floorCpu / 1000).toFixed(3)} s, wall ${(floor / 1000).toFixed(3)} s, ratio ${(cpu / Math.max(floorCpu, 1)).toFixed(1)}\n` +
      `  memory: ${mb(held)} held by the plan and its history after a collection, the process's peak grew ${mb(Math.max(0, peakGrowth))}` +
      `${goalMs === null ? '' : `; goal < 150 MB, ${verdict(held < 150e6 && peakGrowth < 150e6)}`}; ${load()}`,
  );
}

describe(`planning ${WEEKS} weeks of 5,000 reps (goal < 1 s and < 150 MB)`, () => {
  bench(
    'plan 5,000 reps × 52 weeks, mixed',
    async () => {
      planningFigures(5000, 1000);
      const reps = roster(5000);
      for (const seed of ['a', 'b', 'c', 'd', 'e']) plan(reps, 'mixed', seed); // never throws for any seed
    },
    once,
  );
});

describe(`planning ${WEEKS} weeks of 500 reps`, () => {
  bench('plan 500 reps × 52 weeks, mixed: figures', async () => planningFigures(500, null), once);
  const reps = roster(500);
  for (const strategy of ['mixed', 'cohort', 'rotate'] as const) {
    bench(`plan ${WEEKS} weeks, ${strategy}`, () => {
      plan(reps, strategy);
    }, { iterations: 10, warmupIterations: 2 });
  }
});

function rosterCsv(count: number): string {
  const lines = ['name;email;hire_date;team'];
  for (let i = 0; i < count; i++) lines.push(`Rep ${i};rep${i}@example.com;${i % 3 === 0 ? '2026-09-01' : '2019-03-01'};${TEAMS[i % TEAMS.length]}`);
  return lines.join('\n');
}

async function prepared(count: number): Promise<{ dir: string; programId: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
  dirs.push(dir);
  const core: Core = createCore({ dataDir: dir, clock: () => new Date('2026-11-27T09:00:00Z') });
  await importRoster(core.db, core.people, rosterCsv(count));
  const program = core.programs.programs.create({
    name: 'Everyone',
    weekday: 'wed',
    time: '15:00',
    durationMinutes: 45,
    timeZone: 'Europe/Helsinki',
    startDate: '2026-11-30',
    repIds: core.people.list().map((r) => r.id),
  });
  core.close();
  return { dir, programId: program.id };
}

/** The floor of the writes: the same rows into plain tables in one transaction, no indexes or triggers. */
function floorWrites(dir: string, sessions: number): number {
  const db = new Database(path.join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE s (id TEXT PRIMARY KEY, program_id TEXT, focus TEXT, title TEXT, starts_at TEXT, ends_at TEXT, scenario TEXT, week INTEGER, local_date TEXT, coach TEXT, reason TEXT);
           CREATE TABLE p (session_id TEXT, rep_id TEXT, role TEXT);
           CREATE TABLE h (id TEXT PRIMARY KEY, session_id TEXT, at TEXT, detail TEXT);`);
  const s = db.prepare('INSERT INTO s VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const p = db.prepare('INSERT INTO p VALUES (?, ?, ?)');
  const h = db.prepare('INSERT INTO h VALUES (?, ?, ?, ?)');
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < sessions; i++) {
      const id = `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      s.run(id, 'program', 'discovery', 'Everyone', '2027-01-06T13:00:00.000Z', '2027-01-06T13:45:00.000Z', 'discovery-1', i % 52, '2027-01-06', `rep-${i}`, '{"strategy":"mixed","match":"senior-new","trio":false,"timesMetBefore":0,"lastMetWeeksAgo":null,"windowWeeks":3,"effectiveWindowWeeks":3,"relaxed":[]}');
      p.run(id, `rep-${i}`, 'seller');
      p.run(id, `rep-${i + 1}`, 'buyer');
      h.run(`h-${i}`, id, '2026-11-27T09:00:00.000Z', '{}');
    }
  })();
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

describe(`reprise schedule generate --weeks ${WEEKS} for 2,000 reps, end to end (goal < 3 s and < 150 MB)`, () => {
  bench(
    'schedule generate --json through the CLI (planning, writes, output)',
    async () => {
      const cli = path.resolve('bin/reprise.mjs');
      if (!fs.existsSync(path.resolve('out/main/cli.js'))) throw new Error('Run `npm run build` first: this bench drives the built CLI.');
      const { dir, programId } = await prepared(2000);
      // The child reports its peak memory and the processor time it used: on a busy machine the wall
      // clock mostly says how long it waited for a core, the processor time what it did.
      const peak =
        'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nmaxrss="+u.maxRSS+" cpu="+(u.userCPUTime+u.systemCPUTime)+"\\n")})';
      const cpuOf = (stderr: string) => Number(/cpu=(\d+)/.exec(stderr)?.[1] ?? 0) / 1e6;
      const t0 = performance.now();
      const run = spawnSync(process.execPath, ['--import', peak, cli, '--data-dir', dir, 'schedule', 'generate', '--program', programId, '--weeks', String(WEEKS), '--json'], {
        env: { ...process.env, REPRISE_NOW: '2026-11-27T09:00:00Z' },
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      const ms = performance.now() - t0;
      if (run.status !== 0) throw new Error(`schedule generate failed: ${run.stderr}`);
      const rss = Number(/maxrss=(\d+)/.exec(run.stderr)?.[1] ?? 0) * 1024;
      // A fresh data folder: every session in the answer is new.
      const created = (JSON.parse(run.stdout) as unknown[]).length;
      const bare = spawnSync(process.execPath, ['--import', peak, cli, '--data-dir', dir, 'programs', 'list'], { env: process.env, encoding: 'utf8' });
      const bareRss = Number(/maxrss=(\d+)/.exec(bare.stderr)?.[1] ?? 0) * 1024;
      const floor = floorWrites(dir, created);
      console.log(
        `\n  schedule generate, 2,000 × ${WEEKS}: ${(ms / 1000).toFixed(2)} s for ${created} sessions; goal < 3 s, ${verdict(ms < 3000)}; ` +
          `floor (the same rows into bare tables, one transaction) ${(floor / 1000).toFixed(2)} s, ratio ${(ms / floor).toFixed(1)}\n` +
          `  processor time ${cpuOf(run.stderr).toFixed(2)} s (goal < 3 s, ${verdict(cpuOf(run.stderr) < 3)}; the CLI listing programs: ${cpuOf(bare.stderr).toFixed(2)} s)\n` +
          `  peak memory ${mb(rss)} (the CLI listing programs: ${mb(bareRss)}); goal < 150 MB, ${verdict(rss < 150e6)}; ${load()}`,
      );
    },
    once,
  );
});
