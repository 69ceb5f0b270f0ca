import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function roster(dir: string, text: string): string {
  const file = path.join(dir, 'roster.csv');
  fs.writeFileSync(file, text);
  return file;
}

describe('reprise CLI', () => {
  it('imports a roster and lists it as JSON with the promised fields', async () => {
    const dir = tempDir();
    const file = roster(dir, 'name,email,role,team,hire_date,manager_email,coach\nAino,aino@example.com,AE,Nordics,2019-01-01,,yes\n');
    const imported = await cli(['--data-dir', dir, 'reps', 'import', file]);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toBe('Imported roster.csv: 1 created, 0 updated, 0 unchanged, 0 rejected.');
    const listed = await cli(['--data-dir', dir, 'reps', 'list', '--json']);
    expect(listed.code).toBe(0);
    const reps = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(reps).toHaveLength(1);
    for (const key of ['id', 'name', 'email', 'role', 'team', 'hireDate', 'seniority', 'archived']) expect(reps[0]).toHaveProperty(key);
    expect(reps[0]).toMatchObject({ name: 'Aino', seniority: 'senior', archived: false });
  });

  it('exits 1 and prints one line per rejected row on stderr, importing the rest', async () => {
    const dir = tempDir();
    // Line 5 is Excel's empty ";" row: skipped, not rejected.
    const file = roster(dir, 'name;email\nGood;good@example.com\nBad;bad-email\nNo email;\n;\n');
    const result = await cli(['--data-dir', dir, 'reps', 'import', file, '--json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 1, rejected: [{ line: 3 }, { line: 4 }], encoding: 'UTF-8' });
    expect(result.stderr.split('\n')).toEqual([
      'roster.csv:3: bad-email: "bad-email" is not a valid email address.',
      'roster.csv:4: The email is empty; every rep needs one.',
    ]);
    expect(JSON.parse((await cli(['--data-dir', dir, 'reps', 'list', '--json'])).stdout)).toHaveLength(1);
  });

  it('uses REPRISE_DATA_DIR when no --data-dir is given', async () => {
    const dir = tempDir();
    const file = roster(dir, 'name,email\nA,a@example.com\n');
    expect((await cli(['reps', 'import', file], { REPRISE_DATA_DIR: dir })).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'reprise.sqlite'))).toBe(true);
  });

  it('exits 1 with a clear message for a missing file, and reads a Windows-1252 file saying so', async () => {
    const dir = tempDir();
    const missing = await cli(['--data-dir', dir, 'reps', 'import', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No such file/);
    const latin1 = path.join(dir, 'latin1.csv');
    fs.writeFileSync(latin1, Buffer.from('name,email\nJ\xe4rvinen,j@example.com\n', 'latin1'));
    const read = await cli(['--data-dir', dir, 'reps', 'import', latin1]);
    expect(read).toMatchObject({ code: 0, stdout: 'Imported latin1.csv (read as Windows-1252): 1 created, 0 updated, 0 unchanged, 0 rejected.' });
    expect(JSON.parse((await cli(['--data-dir', dir, 'reps', 'list', '--json'])).stdout)).toMatchObject([{ name: 'Järvinen' }]);
  });

  it('exits 2 on bad usage', async () => {
    const dir = tempDir();
    for (const args of [[], ['frobnicate'], ['reps', 'import'], ['reps', 'list', '--bogus'], ['serve', '--port', 'abc']]) {
      const result = await cli(['--data-dir', dir, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/Usage: reprise/);
    }
    expect((await cli(['help'])).code).toBe(0);
  });

  it('lists reps as a readable table, archived ones only with --all', async () => {
    const dir = tempDir();
    const empty = await cli(['--data-dir', dir, 'reps', 'list']);
    expect(empty.stdout).toMatch(/No reps yet/);
    await cli(['--data-dir', dir, 'reps', 'import', roster(dir, 'name,email,team\nAino,aino@example.com,Nordics\n')]);
    const table = await cli(['--data-dir', dir, 'reps', 'list']);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+EMAIL\s+ROLE\s+TEAM/);
    expect(table.stdout).toMatch(/Aino\s+aino@example.com/);
  });
});
