import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('reprise recordings', () => {
  it('imports a file, lists it and shows it as JSON with the promised fields', async () => {
    const dir = tempDir();
    const file = makeMedia('mp4-av', 2);
    const imported = await cli(['--data-dir', dir, 'recordings', 'import', file, '--json']);
    expect(imported.code).toBe(0);
    const recording = JSON.parse(imported.stdout) as Record<string, unknown>;
    for (const key of ['id', 'sessionId', 'status', 'durationMs', 'sizeBytes', 'sha256', 'channels', 'mimeType', 'recovered']) {
      expect(recording).toHaveProperty(key);
    }
    expect(recording).toMatchObject({ status: 'ready', mimeType: 'video/mp4', recovered: false, channels: 1 });
    const listed = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'list', '--json'])).stdout) as { id: string }[];
    expect(listed.map((r) => r.id)).toEqual([recording.id]);
    const shown = await cli(['--data-dir', dir, 'recordings', 'show', recording.id as string]);
    expect(shown.stdout).toMatch(/status\s+ready/);
    expect(shown.stdout).toMatch(/video 160x120/);
  });

  it('exits 1 with the reason for a file that is not media, and keeps nothing', async () => {
    const dir = tempDir();
    const bogus = path.join(dir, 'slides.mp4');
    fs.writeFileSync(bogus, 'PK not a video');
    const result = await cli(['--data-dir', dir, 'recordings', 'import', bogus]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a recording Reprise can read/);
    expect((await cli(['--data-dir', dir, 'recordings', 'list'])).stdout).toBe('No recordings yet.');
  });

  it('imports a video without audio, and says plainly why it has no analysis', async () => {
    const dir = tempDir();
    const imported = await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('mp4-video-only', 2), '--json']);
    expect(imported.code).toBe(0);
    const recording = JSON.parse(imported.stdout) as { id: string };
    expect(recording).toMatchObject({ status: 'ready', mimeType: 'video/mp4', channels: 0, hasThumbnail: true });
    const analyzed = await cli(['--data-dir', dir, 'recordings', 'analyze', recording.id]);
    expect(analyzed.code).toBe(1);
    expect(analyzed.stderr).toMatch(/This take has no sound, so there is no waveform or conversation analysis/);
  });

  it('says when there is nothing to recover, and refuses an unknown session', async () => {
    const dir = tempDir();
    expect((await cli(['--data-dir', dir, 'recordings', 'recover'])).stdout).toMatch(/Nothing to recover/);
    const unknown = await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('m4a', 1), '--session', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No session with id nope/);
  });
});
