import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { launchChromium, startHostProcess } from '../e2e/harness';
import type { Caller } from '../../src/shared/access';
import { dispatch } from '../../src/shared/dispatch';
import { createCore } from '../../src/core/core';
import { importRoster } from '../../src/core/people/roster-import';

/**
 * A 20,000-person roster, imported through the real roster import, with one weekly program of
 * 5,000 of them planned for four weeks. For each screen (Today for a rep and for a manager, People,
 * Progress) it calls the channels the screen asks for before its first paint, as the signed-in
 * person, and prints each one's time and answer size against the goal: a first paint under 1 s.
 * Nothing here fails on a time; the numbers are for reading.
 */
const people = Number(process.env.REPRISE_BENCH_PEOPLE ?? 20_000);
const goalMs = 1000;
const now = new Date('2026-11-30T09:00:00Z');

function rosterCsv(count: number): string {
  const teams = ['Nordics', 'DACH', 'UK&I', 'Benelux', 'France', 'Iberia', 'Sweden', 'Baltics'];
  const lines = ['name;email;role;team;hire_date;manager_email;coach'];
  for (let i = 0; i < count; i++) {
    // Ten people to a manager, the manager being the first of the ten (who reports to no one).
    const manager = i % 10 === 0 ? '' : `person${i - (i % 10)}@example.com`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`"Person ${i}";person${i}@example.com;${i % 10 === 0 ? 'Sales manager' : 'AE'};${teams[i % teams.length]};20${10 + (i % 17)}-0${1 + (i % 9)}-${day};${manager};${i % 50 === 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-big-roster-'));
afterAll(() => {
  if (open) core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
let open = true;
const core = createCore({ dataDir: dir, clock: () => now, backups: false });
const importStarted = performance.now();
const report = await importRoster(core.db, core.people, rosterCsv(people));
const importMs = performance.now() - importStarted;
const idOf = (i: number) => core.db.prepare('SELECT id FROM reps WHERE email = ?').pluck().get(`person${i}@example.com`) as string;
const memberIds = core.db.prepare("SELECT id FROM reps WHERE role = 'AE' ORDER BY email LIMIT 5000").pluck().all() as string[];
const owner = { caller: { kind: 'owner' } as Caller, guard: core.guard };
const created = await dispatch(core.handlers, 'programs:create', {
  name: 'Weekly role-play',
  weekday: 'mon',
  time: '09:00',
  durationMinutes: 30,
  timeZone: 'UTC',
  startDate: '2026-11-23',
  repIds: memberIds,
  coachIds: [idOf(0)],
}, owner);
if (!created.ok) throw new Error(created.error.message);
const programId = (created.value as { id: string }).id;
/** A manager of nine, the program's coach: their person page lists reports. */
const firstManager = idOf(0);
const generated = await dispatch(core.handlers, 'schedule:generate', { programId, weeks: 4 }, owner);
if (!generated.ok) throw new Error(generated.error.message);

const rep = memberIds[1]!;
const manager = core.db.prepare('SELECT manager_id FROM reps WHERE id = ?').pluck().get(rep) as string;
core.access.setRole(manager, 'manager');
const admin = idOf(20);
core.access.setRole(admin, 'admin');

const weekStart = '2026-11-30';
const week = { from: `${weekStart}T00:00:00.000Z`, to: '2026-12-07T00:00:00.000Z' };
const teamQuery = { heatmap: 'latest', windowWeeks: 12, minCohort: 5, detail: 'summary' };

type Call = [channel: string, input: (me: string) => unknown];
/** Progress paints its heatmap first; the whole view (cadence, slipping, the gap, circles, cohorts) is asked once that has answered. */
const progress: Call[] = [['progress:team', () => ({ ...teamQuery, sections: 'heatmap' })], ['progress:certified', () => ({})], ['progress:quotas', () => ({})]];
const progressRest: Call[] = [['progress:team', () => ({ ...teamQuery, sections: 'all' })]];
/** The editor of the 5,000-person program: the program, the focus areas, each member picker's first page, and the four weeks' preview. */
const programEditor: Call[] = [
  ['programs:get', () => ({ id: programId })],
  ['focus-areas:list', () => ({})],
  ['people:page', () => ({ filter: { includeArchived: false }, limit: 50 })],
  ['people:page', () => ({ filter: { includeArchived: false }, limit: 50 })],
  [
    'programs:preview',
    () => ({
      id: programId,
      fields: { name: 'Weekly role-play', weekday: 'mon', time: '09:00', durationMinutes: 30, timeZone: 'UTC', startDate: '2026-11-23', repIds: memberIds, coachIds: [idOf(0)] },
      weeks: 4,
    }),
  ],
];
/** What each screen asks for before it can paint, as the renderer asks it (the app's frame first). */
const shell: Call[] = [['access:me', () => ({})], ['sync:status', () => ({})], ['people:get', (me) => ({ id: me })]];
const today: Call[] = [
  ['people:page', () => ({ limit: 1 })],
  ['schedule:list', (me) => ({ repId: me, ...week })],
  ['schedule:next', (me) => ({ repId: me })],
  ['scorecards:to-write', (me) => ({ reviewerId: me })],
  ['sessions:list', (me) => ({ repId: me, unconfirmed: true })],
  ['certifications:reminders', (me) => ({ repId: me, timeZone: 'UTC' })],
  ['reminders:due', (me) => ({ repId: me })],
  ['reinforcement:due', () => ({})],
];
const ledWeek: Call[] = [
  ['people:page', (me) => ({ filter: { ledBy: me }, limit: 1 })],
  ['schedule:summary', (me) => ({ ...week, ledBy: me })],
  ['certifications:list', () => ({ renewals: true })],
];
const screens: { name: string; who: string; calls: Call[] }[] = [
  { name: 'Today (rep)', who: rep, calls: [...shell, ...today, ['people:page', (me) => ({ filter: { ledBy: me }, limit: 1 })]] },
  { name: 'Today (manager)', who: manager, calls: [...shell, ...today, ...ledWeek] },
  {
    name: 'Today (admin)',
    who: admin,
    calls: [...shell, ...today, ['schedule:summary', () => week], ['certifications:list', () => ({ renewals: true })], ['certifications:certifiers', () => ({})]],
  },
  { name: 'People (admin)', who: admin, calls: [...shell, ['people:page', () => ({ limit: 100 })]] },
  { name: 'Matrix (admin)', who: admin, calls: [...shell, ['certifications:matrix', () => ({ limit: 100 })], ['certifications:certifiers', () => ({})]] },
  { name: 'Matrix (manager)', who: manager, calls: [...shell, ['certifications:matrix', () => ({ limit: 100 })], ['certifications:certifiers', () => ({})]] },
  { name: 'Progress (manager)', who: manager, calls: [...shell, ...progress] },
  { name: 'Progress, the rest (manager)', who: manager, calls: progressRest },
  { name: 'Progress (admin)', who: admin, calls: [...shell, ...progress] },
  { name: 'Progress, the rest (admin)', who: admin, calls: progressRest },
  { name: 'Program editor (admin)', who: admin, calls: [...shell, ...programEditor] },
];

async function measure(who: string, [channel, input]: Call): Promise<{ ms: number; bytes: number; error?: string }> {
  const started = performance.now();
  const result = await dispatch(core.handlers, channel, input(who), { caller: core.access.callerFor(who), guard: core.guard });
  // The answer crosses IPC or HTTP as JSON: its size and the time to write it are part of the cost.
  const text = JSON.stringify(result);
  return { ms: performance.now() - started, bytes: text.length, ...(result.ok ? {} : { error: result.error.code }) };
}

function line(name: string, ms: number, bytes: number, extra = ''): string {
  return `${name.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms ${(bytes / 1024).toFixed(0).padStart(8)} KB${extra}`;
}

describe(`big roster (${people.toLocaleString('en')} people)`, () => {
  bench('every screen\'s first-paint channels', async () => {
    const out: string[] = [
      `roster import: ${report.created} created in ${(importMs / 1000).toFixed(1)} s; program of ${memberIds.length} reps, ${(generated.value as { created: number }).created} sessions planned`,
    ];
    for (const screen of screens) {
      out.push(`-- ${screen.name}`);
      let total = 0;
      let size = 0;
      // The screen's calls go out together; on one core they run one after the other, so the sum is the wait.
      for (const call of screen.calls) {
        const { ms, bytes, error } = await measure(screen.who, call);
        total += ms;
        size += bytes;
        out.push(line(`  ${call[0]}`, ms, bytes, error ? `  (${error})` : ''));
      }
      out.push(line(`  = ${screen.name}`, total, size, `  goal ${goalMs} ms, ratio ${(total / goalMs).toFixed(2)}`));
    }
    out.push(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
    console.log(out.join('\n'));
  }, { iterations: 1, warmupIterations: 0, time: 0 });
});

/**
 * The same screens in Chromium against the built browser host (`npm run build` first), as the
 * computer's owner (an admin): from asking for the page (once Settings, where each starts, has its answers) to its first paint with data, that is a
 * heading and no loading spinner left (and on People a row). Besides Today, People and Progress:
 * Coaching, a new coaching note (its colleague picker), a manager's person page, the editor of the
 * 5,000-person program (its member pickers) and the certification matrix. Skipped without a build or Chromium.
 * REPRISE_BENCH_SHOTS=<folder> keeps a screenshot of each.
 */
const built = fs.existsSync(path.resolve(__dirname, '../../out/main/cli.js')) && fs.existsSync('/usr/bin/chromium');
describe(`big roster in Chromium (${people.toLocaleString('en')} people)`, () => {
  bench('first paint of every screen that once loaded the roster whole', async () => {
    if (!built) {
      console.log('first paint: skipped (needs `npm run build` and /usr/bin/chromium)');
      return;
    }
    if (!open) return;
    core.close();
    open = false;
    const host = await startHostProcess(dir, { REPRISE_NOW: now.toISOString() });
    const browser = await launchChromium();
    const out: string[] = [];
    try {
      for (const [name, hash, ready, busy = '.spinner', whole] of [
        ['Today', '#/today', '[data-testid=today-people]'],
        ['People', '#/people', '.roster tbody tr[data-index]'],
        // The heatmap is Progress's first paint; the rest of the view fills in below it after (its whole, measured in the same visit).
        ['Progress', '#/progress', '.team-progress', '.spinner:not(.team-progress__rest .spinner)', '.team-progress .progress-grid'],
        ['Coaching', '#/coaching?tab=notes', 'main h1'],
        ['Note', '#/coaching?notes=new', '#note-rep option'],
        ['Person', `#/people/${firstManager}`, '.facts'],
        // The editor's form is its first paint; the pairings of its 10,000 sessions fill the panel beside it after (Preview).
        ['Program', `#/schedule?edit=${programId}`, '#program-reps input', '.spinner:not(.programs-preview .spinner)'],
        ['Preview', `#/schedule?edit=${programId}`, '[data-testid=program-preview] li'],
        ['Matrix', '#/progress?view=certification', '.cert-matrix'],
      ] as [name: string, hash: string, ready: string, busy?: string, whole?: string][]) {
        // REPRISE_BENCH_SCREENS=Progress,Program measures only those.
        if (process.env.REPRISE_BENCH_SCREENS && !process.env.REPRISE_BENCH_SCREENS.split(',').includes(name)) continue;
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
        const page = await context.newPage();
        // Painted with data: the screen's calls have all been answered, not just its frame drawn.
        let pending = 0;
        // Every call on its way, those the first paint does not wait for too.
        let inFlight = 0;
        // Each call's start and end from asking for the screen, printed with REPRISE_BENCH_CALLS=1.
        let started = performance.now();
        const calls: string[] = [];
        const asked = new Map<unknown, number>();
        // The Program's form does not wait for the preview's call: Preview does.
        // Nor does Progress's heatmap wait for the whole team view, asked after it.
        const waited = (r: { url(): string; postData(): string | null }) =>
          r.url().includes('/rpc/') &&
          !(name === 'Program' && r.url().includes('/rpc/programs:preview')) &&
          !(name === 'Progress' && r.url().includes('/rpc/progress:team') && (r.postData() ?? '').includes('"sections":"all"'));
        page.on('request', (r) => {
          if (!r.url().includes('/rpc/')) return;
          if (waited(r)) pending += 1;
          inFlight += 1;
          asked.set(r, performance.now() - started);
        });
        const settled = (r: { url(): string; postData(): string | null }) => {
          if (!r.url().includes('/rpc/')) return;
          if (waited(r)) pending -= 1;
          inFlight -= 1;
          const from = asked.get(r);
          const sections = /"sections":"(\w+)"/.exec(r.postData() ?? '')?.[1];
          const channel = `${r.url().split('/rpc/')[1]!}${sections ? ` (${sections})` : ''}`;
          if (from !== undefined) calls.push(`  ${channel.padEnd(28)} ${from.toFixed(0).padStart(6)} → ${(performance.now() - started).toFixed(0).padStart(6)} ms`);
        };
        page.on('requestfinished', settled);
        page.on('requestfailed', settled);
        await page.goto(`${host.url}/#/settings`);
        await page.evaluate(`window.localStorage.setItem('reprise.coaching.me', ${JSON.stringify(admin)})`);
        // Settings' own calls are answered first: they are not the next screen's to wait for.
        await page.waitForFunction(() => Boolean((globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('main h1')), undefined, { polling: 50, timeout: 120_000 });
        while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        started = performance.now();
        calls.length = 0;
        await page.goto(`${host.url}/${hash}`);
        // A function, not source text: the app's CSP refuses eval. This file is checked without the DOM's types.
        const painted = ([selector, loading]: readonly [string, string]) => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
          return Boolean(doc.querySelector('h1') && doc.querySelector(selector) && !doc.querySelector(loading));
        };
        const args = [ready, busy] as const;
        await page.waitForFunction(painted, args, { polling: 50, timeout: 120_000 });
        while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 20));
        await page.waitForFunction(painted, args, { polling: 50, timeout: 120_000 });
        const ms = performance.now() - started;
        out.push(`${name.padEnd(10)} first paint ${ms.toFixed(0).padStart(6)} ms  goal ${goalMs} ms, ratio ${(ms / goalMs).toFixed(2)}`);
        if (whole) {
          // Then the screen whole: every call answered (those its first paint does not wait for too) and no spinner left.
          const all = [whole, '.spinner'] as const;
          await page.waitForFunction(painted, all, { polling: 50, timeout: 120_000 });
          while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
          await page.waitForFunction(painted, all, { polling: 50, timeout: 120_000 });
          const wholeMs = performance.now() - started;
          out.push(`${`${name}, whole`.padEnd(10)} drawn       ${wholeMs.toFixed(0).padStart(6)} ms`);
        }
        if (process.env.REPRISE_BENCH_CALLS) out.push(...calls);
        const shots = process.env.REPRISE_BENCH_SHOTS;
        if (shots) await page.screenshot({ path: path.join(shots, `${name.toLowerCase()}.png`) });
        await context.close();
      }
    } catch (error) {
      // The bench runner keeps a failed run's error to itself: say it.
      out.push(`first paint: failed: ${String(error)}`);
    } finally {
      await browser.close();
      await host.stop();
    }
    out.push(`load average: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
    console.log(out.join('\n'));
  }, { iterations: 1, warmupIterations: 0, time: 0 });
});
