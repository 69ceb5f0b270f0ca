import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { analyzeMedia } from '../../src/core/analysis/analyze-media';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { decodedAudioFile, finalizeMedia } from '../../src/core/recordings/finalize';
import { processorMs, seconds } from './processor-time';

/**
 * Importing a 60-minute stereo Opus file and analysing its speech, as the app does after an
 * import (finalize: probe, copy, peaks; then the analysis), against the floor: a bare decode of
 * the same file (`ffmpeg -i take.webm -f null -`). The two run in turn (A, B, A, B) and the
 * medians are printed as product, floor, ratio and the machine's load (goal: ratio ≤ 2), in wall
 * time and in processor time (this process and the ffmpeg runs it waited for; Linux only).
 * The file is built once from one encoded minute (cached in the temp folder).
 * REPRISE_BENCH_IMPORT_MEDIA_REPS sets the number of turns (3).
 */
const tools = resolveFfmpeg();
const cache = path.join(os.tmpdir(), 'reprise-bench-import');
fs.mkdirSync(cache, { recursive: true });
const reps = Number(process.env.REPRISE_BENCH_IMPORT_MEDIA_REPS ?? 3);
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;

function hourOfAudio(): string {
  const minute = path.join(cache, 'minute.webm');
  const hour = path.join(cache, 'hour.webm');
  if (!fs.existsSync(minute)) {
    execFileSync(tools.ffmpeg, [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000:duration=60',
      '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=60',
      '-filter_complex', '[0][1]amerge=inputs=2[a]', '-map', '[a]', '-c:a', 'libopus', '-b:a', '64k', `${minute}.tmp.webm`,
    ]);
    fs.renameSync(`${minute}.tmp.webm`, minute);
  }
  if (!fs.existsSync(hour)) {
    const list = path.join(cache, 'list.txt');
    fs.writeFileSync(list, Array.from({ length: 60 }, () => `file '${minute}'`).join('\n'));
    execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', `${hour}.tmp.webm`]);
    fs.renameSync(`${hour}.tmp.webm`, hour);
  }
  return hour;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

describe('import a 60-minute file against a bare decode', () => {
  bench(
    'import (finalize + speech analysis)',
    async () => {
      const hour = hourOfAudio();
      const floors: number[] = [];
      const products: number[] = [];
      const floorCpu: number[] = [];
      const productCpu: number[] = [];
      const loadBefore = load();
      for (let i = 0; i < reps; i++) {
        let t0 = performance.now();
        let c0 = processorMs();
        execFileSync(tools.ffmpeg, ['-v', 'error', '-i', hour, '-f', 'null', '-']);
        floors.push(performance.now() - t0);
        if (c0 !== null) floorCpu.push(processorMs()! - c0);
        const dir = path.join(cache, 'import');
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        t0 = performance.now();
        c0 = processorMs();
        const result = await finalizeMedia({ tools, source: hour, dir, strict: true, keepDecodedAudio: true });
        const kept = path.join(dir, decodedAudioFile(result.channels));
        // As the analysis service does: the audio kept by the import, when there is one.
        await analyzeMedia(tools, path.join(dir, result.fileName), {
          layout: 'auto',
          speakers: 2,
          ...(fs.existsSync(kept) ? { decoded: { file: kept, channels: result.channels } } : {}),
        });
        products.push(performance.now() - t0);
        if (c0 !== null) productCpu.push(processorMs()! - c0);
      }
      const product = median(products);
      const floor = median(floors);
      const cpu = floorCpu.length ? { product: median(productCpu), floor: median(floorCpu) } : null;
      console.log(
        `  import 60 min (${Math.round(fs.statSync(hour).size / 1e6)} MB), median of ${reps}: wall: product ${seconds(product)}, floor ${seconds(floor)}, ratio ${(product / floor).toFixed(2)}; ` +
          `processor time: product ${seconds(cpu?.product ?? null)}, floor ${seconds(cpu?.floor ?? null)}, ratio ${cpu ? (cpu.product / cpu.floor).toFixed(2) : 'n/a'} (goal ≤ 2); load ${loadBefore} -> ${load()}`,
      );
    },
    once,
  );
});
