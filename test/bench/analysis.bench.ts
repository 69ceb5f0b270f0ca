import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { analyzeMedia } from '../../src/core/analysis/analyze-media';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { buildTake } from '../support/conversation';
import { tuningScenes } from '../support/tuning-scenes';

/**
 * Analysing a 60-minute stereo Opus take (call mode: seller left, far side right, noise, bleed
 * and clicks) against the floor: a bare ffmpeg decode of the same file to null. The take is one
 * built conversation looped for an hour, encoded once and cached in the temp folder. Memory is
 * sampled while it runs: the PCM is streamed, so the peak should not grow with the take's length.
 */
const tools = resolveFfmpeg();
const cache = path.join(os.tmpdir(), 'reprise-bench-analysis');
fs.mkdirSync(cache, { recursive: true });
const hour = path.join(cache, 'hour.webm');
const tenMinutes = path.join(cache, 'ten-minutes.webm');
const hourMono = path.join(cache, 'hour-mono.m4a');
const shortFile = path.join(cache, 'short.wav');

if (!fs.existsSync(hour)) {
  const scene = { ...tuningScenes[0]!, lines: [...tuningScenes[0]!.lines, ...tuningScenes[1]!.lines.map((l, i) => (i === 0 ? { ...l, after: 900 } : l))] };
  const take = buildTake(scene, { snrDb: 20, bleed: 0.1, clicks: true, rumble: true, format: 'wav', seed: 5 }, cache);
  const seconds = Number(execFileSync(tools.ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', take.file]).toString());
  for (const [file, minutes] of [[hour, 60], [tenMinutes, 10]] as const) {
    const loops = Math.ceil((minutes * 60) / seconds) - 1;
    execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-stream_loop', String(loops), '-i', take.file, '-t', String(minutes * 60), '-c:a', 'libopus', '-b:a', '48k', `${file}.tmp.webm`]);
    fs.renameSync(`${file}.tmp.webm`, file);
  }
}

if (!fs.existsSync(hourMono)) {
  // The same hour mixed to one track as a meeting recording gives it: AAC, both voices together.
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', hour, '-ac', '1', '-c:a', 'aac', '-b:a', '64k', `${hourMono}.tmp.m4a`]);
  fs.renameSync(`${hourMono}.tmp.m4a`, hourMono);
}
if (!fs.existsSync(shortFile)) execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', tenMinutes, '-t', '2', shortFile]);

/**
 * REPRISE_BENCH_ANALYSIS=stereo,mono,cli runs only those parts (default all): `stereo` the 60- and
 * 10-minute stereo takes, `mono` the 60-minute diarization, `cli` the command's start-up.
 */
const parts = new Set((process.env.REPRISE_BENCH_ANALYSIS ?? 'stereo,mono,cli').split(',').map((p) => p.trim()));

const peaks: string[] = [];
/** The last run of each measurement (ms), for the ratios printed at the end. */
const took: Record<string, number> = {};
/**
 * Processor time (ms) of this process and of the children it has waited for (ffprobe, ffmpeg):
 * what a measurement costs whatever else the machine runs. Children's time is read from
 * /proc/self/stat (Linux); elsewhere it is null and only wall time is compared.
 */
function processorMs(): { self: number; children: number | null } {
  const usage = process.cpuUsage();
  const self = (usage.user + usage.system) / 1000;
  try {
    // Fields after the command's closing parenthesis: cutime and cstime are the 14th and 15th, in clock ticks (100 a second).
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return { self, children: ((Number(fields[13]) + Number(fields[14])) * 1000) / 100 };
  } catch {
    return { self, children: null };
  }
}
/** The last run of each measurement in processor time (ms): this process and its children, and the children alone. */
const cpu: Record<string, { total: number; children: number }> = {};
function timed<T>(label: string, work: () => T): T {
  const started = performance.now();
  const before = processorMs();
  const done = () => {
    took[label] = performance.now() - started;
    const after = processorMs();
    if (before.children !== null && after.children !== null) {
      const children = after.children - before.children;
      cpu[label] = { total: after.self - before.self + children, children };
    }
  };
  const result = work();
  if (result instanceof Promise) return result.finally(done) as T;
  done();
  return result;
}
const cli = path.resolve('bin/reprise.mjs');

async function measured(file: string, label: string): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  await analyzeMedia(tools, file);
  clearInterval(timer);
  peaks.push(`${label}: peak RSS +${Math.round((peak - before) / 1e6)} MB over the ${Math.round(before / 1e6)} MB before`);
}

afterAll(() => {
  console.log(`\nMemory while analysing (streamed PCM; only ~16 bytes of features per 10 ms are kept):\n  ${peaks.join('\n  ')}`);
  const ratio = (a: string, b: string) => (took[a] && took[b] ? `${(took[a]! / took[b]!).toFixed(2)}x` : 'not measured');
  console.log(
    [
      'Ratios (last run of each):',
      `  60-min stereo analysis / bare decode of the same file: ${ratio('stereo', 'decode')} (goal <= 1.3x)`,
      cpu.stereo && cpu.decode
        ? `  60-min stereo analysis in processor time: ${Math.round(cpu.stereo.total)} ms (of which ffprobe and ffmpeg ${Math.round(cpu.stereo.children)} ms), bare decode ${Math.round(cpu.decode.total)} ms: ${(cpu.stereo.total / cpu.decode.total).toFixed(2)}x (goal <= 1.3x)`
        : '  60-min stereo analysis in processor time: not measured (needs /proc)',
      `  60-min mono diarization / bare decode of the same file: ${ratio('diarize', 'decode mono')} wall (goal <= 2x)`,
      cpu.diarize && cpu['decode mono']
        ? `  60-min mono diarization in processor time: ${Math.round(cpu.diarize.total)} ms (of which ffprobe and ffmpeg ${Math.round(cpu.diarize.children)} ms), bare decode ${Math.round(cpu['decode mono'].total)} ms: ${(cpu.diarize.total / cpu['decode mono'].total).toFixed(2)}x (goal <= 2x)`
        : '  60-min mono diarization in processor time: not measured (needs /proc)',
      `  CLI analyze of a 2-second file: ${took.cli ? `${Math.round(took.cli)} ms` : 'not measured'}, of which start-up (analyze --help): ${took.startup ? `${Math.round(took.startup)} ms` : 'not measured'} (goal < 300 ms)`,
      // Wall-clock ratios move with what else the machine runs: read them with its load.
      `  load average (1, 5, 15 min): ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} on ${os.cpus().length} cores`,
    ].join('\n'),
  );
});

describe.skipIf(!parts.has('stereo'))(`analyse a 60-minute stereo Opus take (${Math.round(fs.statSync(hour).size / 1e6)} MB)`, () => {
  bench(
    'floor: ffmpeg -i take.webm -f null -',
    () => {
      timed('decode', () => execFileSync(tools.ffmpeg, ['-v', 'error', '-i', hour, '-f', 'null', '-']));
    },
    { iterations: 2, time: 0, warmupIterations: 0 },
  );
  bench(
    'floor: ffmpeg decode to 8 kHz float PCM to null (what the analysis reads)',
    () => {
      execFileSync(tools.ffmpeg, ['-v', 'error', '-i', hour, '-ac', '2', '-ar', '8000', '-f', 'f32le', '-y', '/dev/null']);
    },
    { iterations: 2, time: 0, warmupIterations: 0 },
  );
  bench('Reprise analysis, 60 minutes (decode, detect, turns, metrics)', () => timed('stereo', () => measured(hour, '60 minutes')), { iterations: 2, time: 0, warmupIterations: 0 });
  bench('Reprise analysis, 10 minutes', () => measured(tenMinutes, '10 minutes'), { iterations: 2, time: 0, warmupIterations: 0 });
});

describe.skipIf(!parts.has('mono'))('split a 60-minute mono AAC take into two voices', () => {
  bench(
    'floor: ffmpeg -i hour-mono.m4a -f null -',
    () => {
      timed('decode mono', () => execFileSync(tools.ffmpeg, ['-v', 'error', '-i', hourMono, '-f', 'null', '-']));
    },
    { iterations: 2, time: 0, warmupIterations: 0 },
  );
  bench('Reprise analysis with --speakers 2 (decode, pitch and cepstra, detect, cluster, re-segment, metrics)', () => timed('diarize', () => analyzeMedia(tools, hourMono, { speakers: 2 })), {
    iterations: 2,
    time: 0,
    warmupIterations: 0,
  });
});

describe.skipIf(!parts.has('cli'))('the CLI', () => {
  bench('reprise analyze --help (start-up only)', () => void timed('startup', () => execFileSync(process.execPath, [cli, 'analyze', '--help'])), { iterations: 3, time: 0, warmupIterations: 1 });
  bench('reprise analyze short.wav --json (2 seconds of audio)', () => void timed('cli', () => execFileSync(process.execPath, [cli, 'analyze', shortFile, '--json'])), {
    iterations: 3,
    time: 0,
    warmupIterations: 1,
  });
});
