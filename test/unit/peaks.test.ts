import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFfmpeg, speechResampler } from '../../src/core/media/ffmpeg';
import { decodePeaks, peakResolutionMs } from '../../src/core/media/peaks';
import { tempDir } from '../support/temp-dir';

/** The peaks of the whole decoded audio (resampled as the streamed decode does), read at once: the plain reading the streamed one must equal. */
function referencePeaks(ffmpeg: string, file: string, channels: number): number[][] {
  const pcm = spawnSync(ffmpeg, ['-v', 'error', '-nostdin', '-i', file, '-vn', '-ac', String(channels), '-af', speechResampler, '-f', 's16le', 'pipe:1'], {
    maxBuffer: 1 << 30,
  }).stdout;
  const perPeak = (8000 * peakResolutionMs) / 1000;
  const frames = pcm.length / (2 * channels);
  const peaks: number[][] = Array.from({ length: channels }, () => []);
  for (let start = 0; start < frames; start += perPeak) {
    for (let c = 0; c < channels; c++) {
      let max = 0;
      for (let f = start; f < Math.min(frames, start + perPeak); f++) max = Math.max(max, Math.abs(pcm.readInt16LE(2 * (f * channels + c))));
      peaks[c]!.push(Math.min(255, Math.round((max / 32768) * 255)));
    }
  }
  return peaks;
}

describe('peaks decoded from a file', () => {
  it('equal the peaks of the whole decoded audio read at once, channel by channel', async () => {
    const tools = resolveFfmpeg();
    const file = path.join(tempDir(), 'take.m4a');
    // 12.34 s of stereo: a tone rising in loudness on the left, noise on the right.
    const made = spawnSync(tools.ffmpeg, [
      '-v', 'error', '-nostdin',
      '-f', 'lavfi', '-i', "aevalsrc=sin(2*PI*440*t)*t/13|0.3*(random(0)*2-1):s=48000:d=12.34",
      '-c:a', 'aac', '-b:a', '96k', file,
    ]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const peaks = await decodePeaks(tools, file, 2);
    expect(peaks[0]!.length).toBeGreaterThanOrEqual(Math.floor(12_340 / peakResolutionMs));
    expect(new Set(peaks[0]).size).toBeGreaterThan(50);
    expect(peaks).toEqual(referencePeaks(tools.ffmpeg, file, 2));
  });
});
