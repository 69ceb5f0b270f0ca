import fs from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function withRoster(): Promise<string> {
  const dir = tempDir();
  const file = path.join(dir, 'roster.csv');
  fs.writeFileSync(
    file,
    'name,email,hire_date\nAino,aino@example.com,2019-01-01\nBen,ben@example.com,2026-10-01\nCara,cara@example.com,2018-05-01\nDani,dani@example.com,2026-09-15\nEero,eero@example.com,2021-02-01\n',
  );
  expect((await cli(['--data-dir', dir, 'reps', 'import', file])).code).toBe(0);
  return dir;
}

const create = (dir: string, extra: string[] = []) => [
  '--data-dir',
  dir,
  'programs',
  'create',
  '--name',
  'Nordics weekly',
  '--weekday',
  'wed',
  '--time',
  '15:00',
  '--duration',
  '45',
  '--tz',
  'Europe/Helsinki',
  '--start',
  '2020-01-01',
  '--reps',
  'aino@example.com,ben@example.com,cara@example.com,dani@example.com,eero@example.com',
  '--focus',
  'discovery,demo,personas',
  '--strategy',
  'mixed',
  ...extra,
];

describe('reprise programs / schedule / calendar', () => {
  it('creates, lists, generates the coming weeks as JSON and exports a calendar', async () => {
    const dir = await withRoster();
    const created = await cli([...create(dir), '--json']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const program = JSON.parse(created.stdout) as { id: string; reps: unknown[] };
    expect(program.reps).toHaveLength(5);

    const listed = await cli(['--data-dir', dir, 'programs', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: program.id, name: 'Nordics weekly', strategy: 'mixed' }]);
    expect((await cli(['--data-dir', dir, 'programs', 'list'])).stdout).toMatch(/Nordics weekly .*Wednesdays 15:00 for 45 min, Europe\/Helsinki/);

    const generated = await cli(['--data-dir', dir, 'schedule', 'generate', '--program', program.id, '--weeks', '3', '--json']);
    expect(generated.code).toBe(0);
    const sessions = JSON.parse(generated.stdout) as { id: string; programId: string; week: string; startsAt: string; endsAt: string; focusArea: string; participants: { email: string; role: string }[] }[];
    expect(sessions).toHaveLength(6);
    for (const s of sessions) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['id', 'programId', 'week', 'startsAt', 'endsAt', 'focusArea', 'participants']));
      expect(s.programId).toBe(program.id);
      expect(s.week).toMatch(/^\d{4}-W\d{2}$/);
      expect(s.participants.every((p) => /@example\.com$/.test(p.email) && ['seller', 'buyer', 'observer'].includes(p.role))).toBe(true);
    }
    // The program started in 2020, so scheduling starts with the current week, not 2020.
    const thisYear = new Date().getUTCFullYear();
    expect(Number(sessions[0]!.startsAt.slice(0, 4))).toBeGreaterThanOrEqual(thisYear);
    const weeks = [...new Set(sessions.map((s) => s.week))];
    expect(weeks).toHaveLength(3);
    for (const week of weeks) {
      const emails = sessions.filter((s) => s.week === week).flatMap((s) => s.participants.map((p) => p.email));
      expect(emails.sort()).toEqual(['aino@example.com', 'ben@example.com', 'cara@example.com', 'dani@example.com', 'eero@example.com']);
    }

    const again = await cli(['--data-dir', dir, 'schedule', 'generate', '--program', program.id, '--weeks', '3']);
    expect(again.stdout).toMatch(/^Scheduled 0 new sessions; 6 already scheduled were kept as they are\./);
    expect(again.stdout).toMatch(/Mixed: /);

    const file = path.join(dir, 'aino.ics');
    const exported = await cli(['--data-dir', dir, 'calendar', 'export', '--rep', 'aino@example.com', '--out', file]);
    expect(exported).toMatchObject({ code: 0, stdout: `Wrote 3 events to ${file}.` });
    const events = new ICAL.Component(ICAL.parse(fs.readFileSync(file, 'utf8'))).getAllSubcomponents('vevent');
    expect(events).toHaveLength(3);
    const programFile = path.join(dir, 'program.ics');
    expect((await cli(['--data-dir', dir, 'calendar', 'export', '--program', program.id, '--out', programFile])).stdout).toBe(`Wrote 6 events to ${programFile}.`);
  });

  it('explains bad input and exits 1, and bad usage with exit 2', async () => {
    const dir = await withRoster();
    const zone = await cli(create(dir, ['--tz', 'Mars/Olympus']));
    expect(zone.code).toBe(1);
    expect(zone.stderr).toMatch(/"Mars\/Olympus" is not a time zone we know/);
    const unknown = await cli([...create(dir).slice(0, -4), '--reps', 'aino@example.com,zed@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No rep with the email zed@example.com/);
    const one = await cli([...create(dir).slice(0, -4), '--reps', 'aino@example.com']);
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(/at least two reps/);
    const gap = await cli(create(dir, ['--weekday', 'sun', '--time', '03:30', '--start', '2030-03-31']));
    expect(gap.code).toBe(1);
    expect(gap.stderr).toMatch(/03:30 does not exist on Sunday,? 31 March 2030 in Europe\/Helsinki/);
    expect(JSON.parse((await cli(['--data-dir', dir, 'programs', 'list', '--json'])).stdout)).toEqual([]);

    for (const args of [
      ['programs', 'create', '--name', 'x'],
      ['programs', 'create', ...create(dir).slice(4).map((a) => (a === '45' ? 'forty' : a))],
      ['schedule', 'generate'],
      ['schedule', 'generate', '--program', 'p', '--weeks', 'many'],
      ['calendar', 'export', '--out', 'x.ics'],
      ['calendar', 'export', '--rep', 'a@example.com', '--program', 'p', '--out', 'x.ics'],
    ]) {
      const result = await cli(['--data-dir', dir, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/Usage: reprise/);
    }
    const missing = await cli(['--data-dir', dir, 'schedule', 'generate', '--program', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No program with id nope/);
  });

  it('creates a program that pairs across teams with --across-teams, and one that prefers one team without', async () => {
    const dir = await withRoster();
    const across = await cli([...create(dir), '--across-teams', '--json']);
    expect(across.code).toBe(0);
    expect(JSON.parse(across.stdout)).toMatchObject({ pairAcrossTeams: true });
    const within = await cli([...create(dir, ['--name', 'Within'])]);
    expect(within.stdout).toMatch(/mixed pairing; rotation focus/);
    const listed = JSON.parse((await cli(['--data-dir', dir, 'programs', 'list', '--json'])).stdout) as { name: string; pairAcrossTeams: boolean }[];
    expect(listed.map((p) => [p.name, p.pairAcrossTeams])).toEqual([
      ['Nordics weekly', true],
      ['Within', false],
    ]);
  });
});
