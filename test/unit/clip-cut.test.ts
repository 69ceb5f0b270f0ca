import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutRange } from '../../src/core/media/cut';
import { probe, resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { tempDir } from '../support/temp-dir';
import { makeMedia } from '../support/media';

const tools = resolveFfmpeg();
/** 10 fps: a frame is 100 ms. */
const frameMs = 100;

/** Six seconds of 10 fps video with a keyframe every second, and a tone. */
function videoWithKeyframesEverySecond(): string {
  const file = path.join(tempDir('reprise-cut-'), 'take.mp4');
  execFileSync(tools.ffmpeg, [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10:duration=6',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-keyint_min', '10', '-sc_threshold', '0', '-c:a', 'aac', '-shortest', file,
  ]);
  return file;
}

describe('cutting a clip into a file', () => {
  it('copies the packets when the range starts on a keyframe, and the cut is as long as the range', async () => {
    const input = videoWithKeyframesEverySecond();
    const output = path.join(path.dirname(input), 'clip.mp4');
    const progress: number[] = [];
    const result = await cutRange({ tools, input, output, startMs: 2000, endMs: 4500, onProgress: (f) => progress.push(f) });
    expect(result.mode).toBe('copy');
    const cut = await probe(tools, output);
    expect(Math.abs(cut.durationMs! - 2500)).toBeLessThanOrEqual(2 * frameMs);
    expect(cut.video).not.toBeNull();
    expect(progress.at(-1)).toBe(1);
  });

  it('encodes again when the range starts between keyframes, so no frame before the start shows', async () => {
    const input = videoWithKeyframesEverySecond();
    const output = path.join(path.dirname(input), 'clip.mp4');
    const result = await cutRange({ tools, input, output, startMs: 1450, endMs: 3050 });
    expect(result.mode).toBe('reencode');
    const cut = await probe(tools, output);
    expect(Math.abs(cut.durationMs! - 1600)).toBeLessThanOrEqual(2 * frameMs);
  });

  it('copies audio anywhere: every audio packet starts cleanly', async () => {
    const input = makeMedia('webm-audio', 4);
    const output = path.join(path.dirname(input), 'clip.webm');
    const result = await cutRange({ tools, input, output, startMs: 1234, endMs: 2734 });
    expect(result.mode).toBe('copy');
    expect(Math.abs((await probe(tools, output)).durationMs! - 1500)).toBeLessThanOrEqual(60);
  });

  it('cuts a WebM with long clusters at the range, not from the cluster before it', async () => {
    const file = path.join(tempDir('reprise-cut-'), 'long-clusters.webm');
    // A take finished by Reprise has clusters of up to ten seconds; a seek lands on a cluster's start.
    execFileSync(tools.ffmpeg, [
      '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=30',
      '-c:a', 'libopus', '-cluster_time_limit', '10000', '-cluster_size_limit', '10000000', file,
    ]);
    const output = path.join(path.dirname(file), 'clip.webm');
    await cutRange({ tools, input: file, output, startMs: 12_000, endMs: 19_000 });
    expect(Math.abs((await probe(tools, output)).durationMs! - 7_000)).toBeLessThanOrEqual(60);
  });

  it('says the source is damaged instead of passing on ffmpeg’s words, and leaves no partial file', async () => {
    const dir = tempDir('reprise-cut-');
    const input = path.join(dir, 'broken.webm');
    fs.writeFileSync(input, Buffer.alloc(4096, 7));
    const output = path.join(dir, 'clip.webm');
    await expect(cutRange({ tools, input, output, startMs: 0, endMs: 1000 })).rejects.toMatchObject({ code: 'media_damaged' });
    expect(fs.readdirSync(dir)).toEqual(['broken.webm']);
  });

  it('stops when cancelled and leaves no partial file', async () => {
    const input = videoWithKeyframesEverySecond();
    const output = path.join(path.dirname(input), 'clip.mp4');
    const controller = new AbortController();
    controller.abort();
    await expect(cutRange({ tools, input, output, startMs: 1450, endMs: 3050, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(fs.existsSync(output)).toBe(false);
  });
});
