import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';

const cli = path.resolve(__dirname, '../../out/main/cli.js');

describe('the CLI writing into a pipe whose reader stops early', () => {
  it('ends quietly with the command done, as `reprise schedule generate --json | head` expects', { timeout: 180_000 }, async () => {
    if (!fs.existsSync(cli)) throw new Error('The app is not built: run `npm run build` before the end-to-end tests.');
    const dataDir = tempDir();
    const env = { ...process.env, REPRISE_NOW: '2026-11-23T08:00:00Z' };
    const run = (...args: string[]) => execFileSync(process.execPath, [cli, '--data-dir', dataDir, ...args], { encoding: 'utf8', env });
    const emails = Array.from({ length: 24 }, (_, i) => `rep${i}@example.com`);
    fs.writeFileSync(path.join(dataDir, 'roster.csv'), `name,email,team\n${emails.map((e, i) => `Rep ${i},${e},North`).join('\n')}\n`);
    run('reps', 'import', path.join(dataDir, 'roster.csv'));
    const program = JSON.parse(
      run('programs', 'create', '--name', 'Weekly', '--weekday', 'wed', '--time', '15:00', '--duration', '45', '--tz', 'Europe/Helsinki', '--start', '2026-11-23', '--reps', emails.join(','), '--json'),
    ) as { id: string };

    // The answer (about 300 sessions) is far larger than a pipe holds; the reader takes one chunk and goes.
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, 'schedule', 'generate', '--program', program.id, '--weeks', '26', '--json'], { env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let first = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));

    expect(first.startsWith('[')).toBe(true);
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
    // The command's writes were made before its answer was printed.
    run('calendar', 'export', '--program', program.id, '--out', path.join(dataDir, 'weeks.ics'));
    expect((fs.readFileSync(path.join(dataDir, 'weeks.ics'), 'utf8').match(/BEGIN:VEVENT/g) ?? []).length).toBe(26 * 12);
  });
});
