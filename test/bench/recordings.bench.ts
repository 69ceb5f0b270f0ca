import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { decodePeaks } from '../../src/core/media/peaks';
import { finalizeMedia } from '../../src/core/recordings/finalize';

/**
 * Finalizing a 60-minute take (camera: VP8 640x480 + Opus, chunked WebM as MediaRecorder writes
 * it, with the live peaks the recorder sends) against the floor: a bare `ffmpeg -c copy`.
 * The take is built once by encoding one minute and concatenating it (cached in the temp folder).
 */
const tools = resolveFfmpeg();
const cache = path.join(os.tmpdir(), 'reprise-bench-media');
fs.mkdirSync(cache, { recursive: true });
const minute = path.join(cache, 'minute.webm');
const hour = path.join(cache, 'hour.webm');
const livePeaks = path.join(cache, 'hour.peaks.jsonl');

if (!fs.existsSync(hour)) {
  execFileSync(tools.ffmpeg, [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=20:duration=60',
    '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000:duration=60',
    '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=60',
    '-filter_complex', '[1][2]amerge=inputs=2[a]', '-map', '0:v', '-map', '[a]',
    '-c:v', 'libvpx', '-b:v', '800k', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-b:a', '64k',
    '-cluster_time_limit', '1000', minute,
  ]);
  const list = path.join(cache, 'list.txt');
  fs.writeFileSync(list, Array.from({ length: 60 }, () => `file '${minute}'`).join('\n'));
  // No cues and no duration, like a chunked MediaRecorder take.
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-f', 'matroska', '-live', '1', hour.replace('.webm', '.tmp.webm')]);
  fs.renameSync(hour.replace('.webm', '.tmp.webm'), hour);
  const line = JSON.stringify({ c: [new Array(20).fill(90), new Array(20).fill(40)] });
  fs.writeFileSync(livePeaks, `${Array.from({ length: 3600 }, () => line).join('\n')}\n`);
}

const out = (name: string) => {
  const dir = path.join(cache, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

describe(`finalize a 60-minute take (${Math.round(fs.statSync(hour).size / 1e6)} MB)`, () => {
  bench(
    'floor: ffmpeg -i take.webm -c copy out.webm',
    () => {
      execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', hour, '-c', 'copy', path.join(out('floor'), 'out.webm')]);
    },
    { iterations: 3, time: 0, warmupIterations: 0 },
  );
  bench(
    'Reprise finalize (remux, probe, thumbnail, live peaks, sha256)',
    async () => {
      await finalizeMedia({ tools, source: hour, dir: out('finalize'), livePeaksFile: livePeaks, strict: false });
    },
    { iterations: 3, time: 0, warmupIterations: 0 },
  );
  bench(
    'peaks by decoding the audio instead (the import path)',
    async () => {
      await decodePeaks(tools, hour, 2);
    },
    { iterations: 1, time: 0, warmupIterations: 0 },
  );
});
