#!/usr/bin/env node
// `reprise schedule generate --weeks 52` for a roster of 2,000 (or REPS) reps, end to end through the
// built CLI (`npm run build` first): imports the roster and creates the program with the CLI in a
// fresh data folder, then runs the generate (RUNS times, each on a fresh copy of that folder) under
// `/usr/bin/time -v` and prints its wall and processor time, peak memory, the goal and the load
// average. Also prints the start of a trivial command (`--help`) the same way: the floor every
// command pays before it does anything. On a shared machine the wall clock also counts the wait for
// a core; compare processor times.
// Usage: node scripts/bench-schedule-generate.mjs [--reps N] [--weeks N] [--runs N] [--keep]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '2000' }, weeks: { type: 'string', default: '52' }, runs: { type: 'string', default: '1' }, keep: { type: 'boolean' } },
});
const reps = Number(values.reps);
const weeks = Number(values.weeks);
const runs = Math.max(1, Number(values.runs));
const goal = { seconds: 3, mb: 150 };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin/reprise.mjs');
if (!fs.existsSync(path.join(root, 'out/main/cli.js'))) {
  process.stderr.write('Run `npm run build` first: this drives the built CLI.\n');
  process.exit(1);
}
const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const env = { ...process.env, REPRISE_NOW: '2026-11-27T09:00:00Z' };
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** Runs the CLI once; with GNU time, its wall clock and peak memory as GNU time measured them. */
function reprise(args, { measure = false } = {}) {
  const t0 = performance.now();
  const run = measure && timeBin
    ? spawnSync(timeBin, ['-v', process.execPath, cli, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = performance.now() - t0;
  if (run.status !== 0) throw new Error(`reprise ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  const maxKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  const seconds = (name) => Number(new RegExp(`${name} time \\(seconds\\): ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN);
  // On a shared machine the wall clock also counts the wait for a core; processor time is what the run did.
  return { stdout: run.stdout, wallMs, peakMb: maxKb / 1024, cpuS: seconds('User') + seconds('System'), userS: seconds('User'), systemS: seconds('System') };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-generate-'));
const runFolders = [];
try {
  const teams = ['Nordics', 'Sweden', 'Norway', 'Denmark', 'Finland', 'Baltics', 'Germany', 'Benelux'];
  const csv = ['name;email;hire_date;team'];
  for (let i = 0; i < reps; i++) csv.push(`Rep ${i};rep${i}@example.com;${i % 3 === 0 ? '2026-09-01' : '2019-03-01'};${teams[i % teams.length]}`);
  const rosterFile = path.join(dir, 'roster.csv');
  fs.writeFileSync(rosterFile, csv.join('\n'));
  reprise(['--data-dir', dir, 'reps', 'import', rosterFile]);
  const emails = Array.from({ length: reps }, (_, i) => `rep${i}@example.com`).join(',');
  const program = JSON.parse(
    reprise(['--data-dir', dir, 'programs', 'create', '--name', 'Everyone', '--weekday', 'wed', '--time', '15:00', '--duration', '45', '--tz', 'Europe/Helsinki', '--start', '2026-11-30', '--reps', emails, '--json']).stdout,
  );

  const help = reprise(['--help'], { measure: true });
  console.log(`floor, reprise --help: ${help.wallMs.toFixed(0)} ms wall, ${(help.cpuS * 1000).toFixed(0)} ms processor, peak ${help.peakMb.toFixed(0)} MB; load ${load()}`);
  // Each run on a copy of the folder as it was before any generate, so every run writes the whole year.
  const measured = [];
  for (let run = 0; run < runs; run++) {
    const data = `${dir}-run-${run}`;
    runFolders.push(data);
    fs.cpSync(dir, data, { recursive: true });
    const loadBefore = load();
    const generate = reprise(['--data-dir', data, 'schedule', 'generate', '--program', program.id, '--weeks', String(weeks), '--json'], { measure: true });
    const sessions = JSON.parse(generate.stdout).length;
    measured.push(generate);
    console.log(
      `product, reprise schedule generate --weeks ${weeks}, ${reps} reps (${sessions} sessions): ${(generate.wallMs / 1000).toFixed(2)} s wall, ` +
        `${generate.cpuS.toFixed(2)} s processor (${generate.userS.toFixed(2)} user, ${generate.systemS.toFixed(2)} system), peak ${generate.peakMb.toFixed(0)} MB; ` +
        `load ${loadBefore} before, ${load()} after (${os.cpus().length} cores)`,
    );
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const cpu = median(measured.map((m) => m.cpuS));
  const peak = median(measured.map((m) => m.peakMb));
  console.log(
    `median of ${runs}: ${cpu.toFixed(2)} s processor (goal < ${goal.seconds} s: ${(cpu / goal.seconds).toFixed(2)} of it), ` +
      `${(median(measured.map((m) => m.wallMs)) / 1000).toFixed(2)} s wall, peak ${peak.toFixed(0)} MB (goal < ${goal.mb} MB: ${(peak / goal.mb).toFixed(2)} of it); ` +
      `start floor ${(help.cpuS).toFixed(2)} s processor; load ${load()}`,
  );
} finally {
  if (values.keep) console.log(`data folders kept: ${dir} (before the generate), ${runFolders.join(', ')}`);
  else for (const folder of [dir, ...runFolders]) fs.rmSync(folder, { recursive: true, force: true });
}
