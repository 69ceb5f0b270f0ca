import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probe, resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { readMatroskaHead } from '../../src/core/media/matroska-head';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

const tools = resolveFfmpeg();

/** A take copied as a finalize copies it: from a live (chunked, no length) WebM into a seekable one. */
function copied(kind: 'webm-av' | 'webm-audio' | 'webm-video-only', seconds: number, format = 'webm'): string {
  const dir = tempDir();
  const live = path.join(dir, 'take.part.webm');
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', makeMedia(kind, seconds), '-c', 'copy', '-f', 'matroska', '-live', '1', live]);
  const out = path.join(dir, `recording.${format === 'webm' ? 'webm' : 'mkv'}`);
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', live, '-map', '0:a:0?', '-map', '0:v:0?', '-c', 'copy', '-f', format, out]);
  return out;
}

describe("the head of a WebM ffmpeg wrote", () => {
  it.each([
    ['webm-av', 3.3, 'webm'],
    ['webm-audio', 2.7, 'webm'],
    ['webm-video-only', 1.9, 'webm'],
    ['webm-av', 2.2, 'matroska'],
  ] as const)('says what ffprobe says of a %s take of %s s (%s)', async (kind, seconds, format) => {
    const file = copied(kind, seconds, format);
    const probed = await probe(tools, file);
    const head = readMatroskaHead(file);
    expect(head).not.toBeNull();
    expect(head!.durationMs).toBe(probed.durationMs);
    expect(head!.audio).toEqual(probed.audio);
    expect(head!.video).toEqual(probed.video);
  });

  it('says nothing when it does not hold the length, or is not Matroska', () => {
    const dir = tempDir();
    const live = path.join(dir, 'take.part.webm');
    // As a recorder leaves it: no Duration in its head.
    execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', makeMedia('webm-audio', 1), '-c', 'copy', '-f', 'matroska', '-live', '1', live]);
    expect(readMatroskaHead(live)).toBeNull();
    expect(readMatroskaHead(makeMedia('m4a', 1))).toBeNull();
    const cut = path.join(dir, 'cut.webm');
    fs.writeFileSync(cut, fs.readFileSync(copied('webm-av', 1)).subarray(0, 40));
    expect(readMatroskaHead(cut)).toBeNull();
  });
});
