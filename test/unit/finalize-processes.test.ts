import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probe, resolveFfmpeg, type FfmpegTools } from '../../src/core/media/ffmpeg';
import { finalizeMedia } from '../../src/core/recordings/finalize';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

/**
 * ffmpeg and ffprobe that write each command line to a log before running the real ones: how
 * many processes a finalize starts is read from the log, not guessed from timing.
 */
function loggingTools(): { tools: FfmpegTools; runs: () => { ffmpeg: string[]; ffprobe: string[] } } {
  const real = resolveFfmpeg();
  const dir = tempDir();
  const wrap = (name: 'ffmpeg' | 'ffprobe') => {
    const wrapper = path.join(dir, name);
    fs.writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${path.join(dir, `${name}.log`)}'\nexec '${real[name]}' "$@"\n`, { mode: 0o755 });
    return wrapper;
  };
  const read = (name: string) => {
    const log = path.join(dir, `${name}.log`);
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
  };
  return { tools: { ffmpeg: wrap('ffmpeg'), ffprobe: wrap('ffprobe'), source: 'setting' }, runs: () => ({ ffmpeg: read('ffmpeg'), ffprobe: read('ffprobe') }) };
}

/** A take as the recorder leaves it on disk, with the live peaks it sent (one line a second). */
function recordedTake(kind: 'webm-av' | 'webm-audio', seconds: number): { source: string; livePeaks: string; dir: string } {
  const dir = tempDir();
  const source = path.join(dir, 'take.part.webm');
  fs.copyFileSync(makeMedia(kind, seconds), source);
  const livePeaks = path.join(dir, 'peaks.jsonl');
  const line = JSON.stringify({ c: [new Array(20).fill(90), new Array(20).fill(40)] });
  fs.writeFileSync(livePeaks, `${Array.from({ length: seconds }, () => line).join('\n')}\n`);
  return { source, livePeaks, dir };
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('finalizing a take recorded here', () => {
  it('runs one ffmpeg (the copy) and no ffprobe for a take with sound only: its length is read from the copy', async () => {
    const { tools, runs } = loggingTools();
    const { source, livePeaks, dir } = recordedTake('webm-audio', 3);
    const result = await finalizeMedia({ tools, source, dir, livePeaksFile: livePeaks, mimeType: 'audio/webm;codecs=opus', strict: false });
    expect(runs().ffmpeg).toHaveLength(1);
    expect(runs().ffmpeg[0]).toContain('-c copy');
    expect(runs().ffprobe).toHaveLength(0);
    expect(result).toMatchObject({ fileName: 'recording.webm', mimeType: 'audio/webm', channels: 2, hasVideo: false, hasThumbnail: false });
    expect(result.durationMs).toBeGreaterThan(2800);
    expect(result.durationMs).toBeLessThan(3300);
    expect(result.sha256).toBe(sha(path.join(dir, 'recording.webm')));
    // The hash stored is the one any tool gives of the file.
    expect(result.sha256).toBe(execFileSync('sha256sum', [path.join(dir, 'recording.webm')], { encoding: 'utf8' }).split(' ')[0]);
    expect(fs.readdirSync(dir).sort()).toEqual(['peaks.json', 'peaks.jsonl', 'recording.webm', 'take.part.webm']);
  });

  it('cuts the thumbnail of a camera take in the run of its copy: one ffmpeg, no ffprobe', async () => {
    const { tools, runs } = loggingTools();
    const { source, livePeaks, dir } = recordedTake('webm-av', 3);
    const result = await finalizeMedia({ tools, source, dir, livePeaksFile: livePeaks, mimeType: 'video/webm;codecs=vp8,opus', strict: false });
    expect(runs().ffmpeg).toHaveLength(1);
    expect(runs().ffmpeg[0]).toContain('-c copy');
    expect(runs().ffmpeg[0]).toContain('-frames:v 1');
    expect(runs().ffprobe).toHaveLength(0);
    expect(result).toMatchObject({ mimeType: 'video/webm', channels: 1, hasVideo: true, videoWidth: 160, videoHeight: 120, hasThumbnail: true });
    expect(fs.readFileSync(path.join(dir, 'thumbnail.jpg')).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    // The copy has what the take lacked: a length and an index.
    expect((await probe(resolveFfmpeg(), path.join(dir, 'recording.webm'))).durationMs).toBe(result.durationMs);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('makes from that one run the same thumbnail a run of its own cuts, and a copy holding every packet of the take', async () => {
    const { tools, runs } = loggingTools();
    const real = resolveFfmpeg();
    const { source, livePeaks, dir } = recordedTake('webm-av', 4);
    const result = await finalizeMedia({ tools, source, dir, livePeaksFile: livePeaks, mimeType: 'video/webm;codecs=vp8,opus', strict: false });
    expect(runs().ffmpeg).toHaveLength(1);
    expect(result.hasThumbnail).toBe(true);
    // The take's first frame (what its preview showed as it started), 480 wide: byte for byte
    // what cutting it alone from the take gives.
    const alone = path.join(tempDir(), 'alone.jpg');
    execFileSync(real.ffmpeg, ['-v', 'error', '-nostdin', '-y', '-i', source, '-frames:v', '1', '-vf', 'scale=480:-2', alone]);
    expect(fs.readFileSync(path.join(dir, 'thumbnail.jpg')).equals(fs.readFileSync(alone))).toBe(true);
    const size = execFileSync(real.ffprobe, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path.join(dir, 'thumbnail.jpg')], { encoding: 'utf8' });
    expect(size.trim()).toBe('480,360');
    // The copy: every packet of the take's picture and sound, unchanged, at the times a copy made
    // alone gives them (the muxer moves the start a few milliseconds either way).
    const packets = (file: string, map: string) =>
      execFileSync(real.ffmpeg, ['-v', 'error', '-nostdin', '-i', file, '-map', map, '-c', 'copy', '-f', 'framemd5', '-'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
    const payloads = (file: string, map: string) => packets(file, map).map((l) => l.split(',').slice(4).join(',').trim());
    const copyAlone = path.join(tempDir(), 'alone.webm');
    execFileSync(real.ffmpeg, ['-v', 'error', '-nostdin', '-y', '-i', source, '-map', '0:a:0', '-map', '0:v:0', '-c', 'copy', '-f', 'webm', copyAlone]);
    const recording = path.join(dir, 'recording.webm');
    for (const map of ['0:v:0', '0:a:0']) {
      expect(payloads(recording, map).length).toBeGreaterThan(30);
      expect(payloads(recording, map)).toEqual(payloads(source, map));
      expect(packets(recording, map)).toEqual(packets(copyAlone, map));
    }
    expect((await probe(real, path.join(dir, 'recording.webm'))).durationMs).toBe(result.durationMs);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('probes first when the declared type is not what the take holds, and still keeps it', async () => {
    const { tools, runs } = loggingTools();
    const dir = tempDir();
    const source = path.join(dir, 'take.part.webm');
    fs.copyFileSync(makeMedia('mp4-av', 2), source);
    const result = await finalizeMedia({ tools, source, dir, mimeType: 'video/webm;codecs=vp8,opus', strict: false });
    expect(result).toMatchObject({ fileName: 'recording.mp4', mimeType: 'video/mp4', hasVideo: true, hasThumbnail: true });
    expect(runs().ffprobe.length).toBe(2);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('leaves the take whole when its copy is killed midway, and a later finalize makes it', async () => {
    const real = resolveFfmpeg();
    const wrapDir = tempDir();
    const ffmpeg = path.join(wrapDir, 'ffmpeg');
    // The copy reads at the take's own pace (-re) and is killed once it has written its first bytes.
    fs.writeFileSync(
      ffmpeg,
      `#!/bin/sh\ncase "$*" in *"-c copy"*) ;; *) exec '${real.ffmpeg}' "$@";; esac\nfor a; do case "$a" in *.webm) out="$a";; esac; done\n'${real.ffmpeg}' -re "$@" & pid=$!\nwhile [ ! -s "$out" ]; do sleep 0.02; done\nkill -9 $pid\nexit 137\n`,
      { mode: 0o755 },
    );
    const killing: FfmpegTools = { ...real, ffmpeg, source: 'setting' };
    const { source, livePeaks, dir } = recordedTake('webm-av', 4);
    const before = sha(source);
    const input = { source, dir, livePeaksFile: livePeaks, mimeType: 'video/webm;codecs=vp8,opus', strict: false };
    await expect(finalizeMedia({ ...input, tools: killing })).rejects.toThrow(/ffmpeg failed/);
    // The take as recorded is untouched, and nothing half-written is left beside it.
    expect(sha(source)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['peaks.jsonl', 'take.part.webm']);
    const result = await finalizeMedia({ ...input, tools: real });
    expect(result.sha256).toBe(sha(path.join(dir, 'recording.webm')));
    expect((await probe(real, path.join(dir, 'recording.webm'))).durationMs).toBe(result.durationMs);
  });

  it("cuts an import's thumbnail a second in, past a black or fading start, in the run of its copy", async () => {
    const { tools, runs } = loggingTools();
    const real = resolveFfmpeg();
    const dir = tempDir();
    const source = path.join(dir, 'imported.webm');
    fs.copyFileSync(makeMedia('webm-av', 4), source);
    const result = await finalizeMedia({ tools, source, dir, strict: true });
    expect(result.hasThumbnail).toBe(true);
    // One run cuts a frame, the copy's (the other decodes the sound for the peaks an import comes without).
    expect(runs().ffmpeg.filter((r) => r.includes('-frames:v 1'))).toEqual([expect.stringContaining('-c copy')]);
    const alone = path.join(tempDir(), 'alone.jpg');
    execFileSync(real.ffmpeg, ['-v', 'error', '-nostdin', '-y', '-ss', '1.00', '-i', source, '-frames:v', '1', '-vf', 'scale=480:-2', alone]);
    expect(fs.readFileSync(path.join(dir, 'thumbnail.jpg')).equals(fs.readFileSync(alone))).toBe(true);
    const first = path.join(tempDir(), 'first.jpg');
    execFileSync(real.ffmpeg, ['-v', 'error', '-nostdin', '-y', '-i', source, '-frames:v', '1', '-vf', 'scale=480:-2', first]);
    expect(fs.readFileSync(path.join(dir, 'thumbnail.jpg')).equals(fs.readFileSync(first))).toBe(false);
  });

  it('cuts the thumbnail of a take shorter than a second, recorded or imported (halfway through an import)', async () => {
    const { tools } = loggingTools();
    for (const strict of [false, true]) {
      const dir = tempDir();
      const source = path.join(dir, 'take.part.webm');
      fs.copyFileSync(makeMedia('webm-av', 0.6), source);
      const result = await finalizeMedia({ tools, source, dir, ...(strict ? {} : { mimeType: 'video/webm;codecs=vp8,opus' }), strict });
      expect(result.hasThumbnail).toBe(true);
      expect(fs.existsSync(path.join(dir, 'thumbnail.jpg'))).toBe(true);
    }
  });
});
