import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import { tempDir } from '../support/temp-dir';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'out/main/cli.js');

/** Running ffmpeg processes that write a file under `dir`, with that file; zombies count as gone. */
function ffmpegWritingUnder(dir: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const output = args.at(-1);
      if (path.basename(args[0] ?? '').startsWith('ffmpeg') && output?.startsWith(dir)) found.set(Number(entry), output);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** A 10-minute WebM made of 2.5 ms Opus frames: cheap to make, but its stream copy takes seconds. */
function longTake(dir: string): string {
  const minute = path.join(dir, 'minute.webm');
  const long = path.join(dir, 'long.webm');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=60', '-c:a', 'libopus', '-b:a', '6k', '-frame_duration', '2.5', minute]);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '9', '-i', minute, '-c', 'copy', long]);
  return long;
}

describe('a host killed while ffmpeg finalizes a take', () => {
  it('leaves no ffmpeg writing once recovery runs, recovery never writes where a stray does, and the result is whole', { timeout: 180_000 }, async () => {
    if (!fs.existsSync(cli)) throw new Error('The app is not built: run `npm run build` before the end-to-end tests.');
    const dataDir = tempDir();
    const media = path.join(dataDir, 'media');
    const file = longTake(tempDir());

    const host = spawn(process.execPath, [cli, '--data-dir', dataDir, 'recordings', 'import', file], { stdio: 'ignore' });
    const exited = new Promise((resolve) => host.once('exit', resolve));
    let stray: [number, string] | undefined;
    while (!stray && host.exitCode === null) {
      stray = [...ffmpegWritingUnder(media)].find(([, output]) => path.basename(output).startsWith('.finalizing'));
      if (!stray) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(stray, 'the host finished before its stream copy could be caught running').toBeDefined();
    host.kill('SIGKILL');
    await exited;

    // Watch every ffmpeg under the data folder while recovery runs.
    let shared = false;
    const watch = setInterval(() => {
      const now = ffmpegWritingUnder(media);
      if (now.has(stray![0]) && [...now].some(([pid, output]) => pid !== stray![0] && output === stray![1])) shared = true;
    }, 10);
    const out: string[] = [];
    let code: number;
    try {
      code = await runCli(['--data-dir', dataDir, 'recordings', 'recover', '--json'], { out: (t) => out.push(t), err: (t) => out.push(t) }, {});
    } finally {
      clearInterval(watch);
    }
    expect(ffmpegWritingUnder(media).has(stray![0])).toBe(false);
    expect(shared).toBe(false);
    expect(code, out.join('\n')).toBe(0);
    const [recovered] = JSON.parse(out.join('\n')) as { id: string; status: string; durationMs: number; recovered: boolean }[];
    expect(recovered).toMatchObject({ status: 'ready', recovered: true });
    expect(Math.abs(recovered!.durationMs - 10 * 60_000)).toBeLessThan(1000);
    const folder = path.join(media, 'recordings', recovered!.id);
    expect(fs.readdirSync(folder).filter((n) => n.startsWith('.'))).toEqual([]);
    const verified = await runCli(['--data-dir', dataDir, 'recordings', 'verify', recovered!.id], { out: () => undefined, err: () => undefined }, {});
    expect(verified).toBe(0);
  });
});
