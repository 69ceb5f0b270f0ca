import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { probe, resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { runCli } from '../../src/host/cli';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('reprise clips', () => {
  it('lists clips of a focus area as JSON with the promised fields and saves one as a file as long as its range', async () => {
    const dir = tempDir();
    const imported = JSON.parse((await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('webm-av', 4), '--json'])).stdout) as { id: string; sessionId: string };
    const core = createCore({ dataDir: dir, backups: false });
    const focus = core.sessions.get(imported.sessionId).focusAreaId;
    const clip = core.clips.create({ recordingId: imported.id, startMs: 1_000, endMs: 3_000, title: 'Opening question', criteria: [] }, null);
    core.close();

    const listed = await cli(['--data-dir', dir, 'clips', 'list', '--focus', focus, '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      { id: clip.id, recordingId: imported.id, sessionId: imported.sessionId, focusArea: focus, startMs: 1_000, endMs: 3_000, title: 'Opening question', criteria: [], createdBy: null },
    ]);
    expect(JSON.parse((await cli(['--data-dir', dir, 'clips', 'list', '--focus', 'no-such-area', '--json'])).stdout)).toEqual([]);

    const out = path.join(tempDir(), 'opening.webm');
    const saved = await cli(['--data-dir', dir, 'clips', 'save', clip.id, '--out', out, '--json']);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ id: clip.id, file: out });
    expect(Math.abs((await probe(resolveFfmpeg(), out)).durationMs! - 2_000)).toBeLessThanOrEqual(200);

    const wrongKind = await cli(['--data-dir', dir, 'clips', 'save', clip.id, '--out', path.join(tempDir(), 'opening.mp4')]);
    expect(wrongKind).toMatchObject({ code: 1, stderr: 'reprise: This take is a WEBM file; save the clip with the .webm extension.' });
    expect((await cli(['--data-dir', dir, 'clips', 'save', clip.id])).code).toBe(2);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['opening.webm']);
  });
});
