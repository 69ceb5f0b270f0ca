import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { finalizeMedia } from '../../src/core/recordings/finalize';
import { processorMs, seconds } from './processor-time';

/**
 * Finalizing a take (camera: VP8 640x480 + Opus, chunked WebM as MediaRecorder writes it, with
 * the live peaks the recorder sends) against the floor: a bare `ffmpeg -c copy` of the same take
 * followed by `openssl dgst -sha256` of the copy. The two run in turn (A, B, B, A, ...) and the medians
 * are printed as product, floor, ratio and the machine's load (goal: ratio ≤ 1.15 from 10 minutes),
 * in wall time and in processor time (this process and the children it waited for, which the
 * other work on a shared machine moves far less than wall time; Linux only, from /proc).
 * Takes are built once by encoding one minute and concatenating it (cached in the temp folder).
 * REPRISE_BENCH_FINALIZE_REPS sets the number of turns (5).
 */
const tools = resolveFfmpeg();
const cache = path.join(os.tmpdir(), 'reprise-bench-media');
fs.mkdirSync(cache, { recursive: true });
const minute = path.join(cache, 'minute.webm');
const reps = Number(process.env.REPRISE_BENCH_FINALIZE_REPS ?? 5);
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;

function take(minutes: number): { file: string; livePeaks: string } {
  const file = path.join(cache, `take-${minutes}.webm`);
  const livePeaks = path.join(cache, `take-${minutes}.peaks.jsonl`);
  if (!fs.existsSync(minute)) {
    execFileSync(tools.ffmpeg, [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=20:duration=60',
      '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000:duration=60',
      '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=60',
      '-filter_complex', '[1][2]amerge=inputs=2[a]', '-map', '0:v', '-map', '[a]',
      '-c:v', 'libvpx', '-b:v', '800k', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-b:a', '64k',
      '-cluster_time_limit', '1000', `${minute}.tmp.webm`,
    ]);
    fs.renameSync(`${minute}.tmp.webm`, minute);
  }
  if (!fs.existsSync(file)) {
    const list = path.join(cache, `list-${minutes}.txt`);
    fs.writeFileSync(list, Array.from({ length: minutes }, () => `file '${minute}'`).join('\n'));
    // No cues and no duration, like a chunked MediaRecorder take.
    execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-f', 'matroska', '-live', '1', `${file}.tmp.webm`]);
    fs.renameSync(`${file}.tmp.webm`, file);
    const line = JSON.stringify({ c: [new Array(20).fill(90), new Array(20).fill(40)] });
    fs.writeFileSync(livePeaks, `${Array.from({ length: minutes * 60 }, () => line).join('\n')}\n`);
  }
  return { file, livePeaks };
}

const out = (name: string) => {
  const dir = path.join(cache, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

describe('finalize a recorded take against ffmpeg -c copy + openssl sha256', () => {
  for (const minutes of [10, 60]) {
    bench(
      `${minutes}-minute take`,
      async () => {
        const { file, livePeaks } = take(minutes);
        const floors: number[] = [];
        const products: number[] = [];
        const floorCpu: number[] = [];
        const productCpu: number[] = [];
        const loadBefore = load();
        const floor = () => {
          const t0 = performance.now();
          const c0 = processorMs();
          const copy = path.join(out('floor'), 'out.webm');
          execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', file, '-c', 'copy', copy]);
          execFileSync('openssl', ['dgst', '-sha256', copy]);
          floors.push(performance.now() - t0);
          if (c0 !== null) floorCpu.push(processorMs()! - c0);
        };
        const product = async () => {
          const t0 = performance.now();
          const c0 = processorMs();
          await finalizeMedia({ tools, source: file, dir: out('finalize'), livePeaksFile: livePeaks, mimeType: 'video/webm;codecs=vp8,opus', strict: false });
          products.push(performance.now() - t0);
          if (c0 !== null) productCpu.push(processorMs()! - c0);
        };
        // Which goes first alternates, so a load that rises or falls during the loop weighs on both alike.
        for (let i = 0; i < reps; i++) {
          if (i % 2 === 0) {
            floor();
            await product();
          } else {
            await product();
            floor();
          }
        }
        const productMs = median(products);
        const floorMs = median(floors);
        const cpu = floorCpu.length ? { product: median(productCpu), floor: median(floorCpu) } : null;
        console.log(
          `  finalize ${minutes} min (${Math.round(fs.statSync(file).size / 1e6)} MB), median of ${reps}: wall: product ${seconds(productMs)}, floor ${seconds(floorMs)}, ratio ${(productMs / floorMs).toFixed(2)}; ` +
            `processor time: product ${seconds(cpu?.product ?? null)}, floor ${seconds(cpu?.floor ?? null)}, ratio ${cpu ? (cpu.product / cpu.floor).toFixed(2) : 'n/a'} (goal ≤ 1.15); load ${loadBefore} -> ${load()}`,
        );
      },
      once,
    );
  }
});
