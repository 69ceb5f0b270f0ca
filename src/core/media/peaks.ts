import fs from 'node:fs';
import { run, speechResampler, type FfmpegTools } from './ffmpeg';

export const peakResolutionMs = 50;
/** The rate `speechResampler` gives. */
const sampleRate = 8000;
const samplesPerPeak = (sampleRate * peakResolutionMs) / 1000;

/**
 * Peaks by decoding the audio: used for imported files and for takes whose live peaks are
 * missing. Streams the PCM through, holding only the peaks. For a take recorded in the app the
 * peaks measured live are used instead, because decoding costs far more than the remux.
 *
 * With `keepPcm` the decode is the one the speech analysis makes (8 kHz float samples of the
 * first audio track) and its samples are also written to that file, so the analysis that follows
 * an import reads them instead of decoding the file a second time (`analyzeMedia`'s `decoded`).
 */
export async function decodePeaks(
  tools: FfmpegTools,
  file: string,
  channels: number,
  options: { signal?: AbortSignal; durationMs?: number | null; onProgress?: (f: number) => void; keepPcm?: string } = {},
): Promise<number[][]> {
  const { keepPcm, ...runOptions } = options;
  const count = Math.max(1, Math.min(2, channels));
  const result: number[][] = Array.from({ length: count }, () => []);
  // Each window's highest and lowest sample per channel, as they came: a peak is the larger of the
  // two turned into a 16-bit sample (that turn is monotonic, so it is the largest of any sample).
  const high = new Float64Array(count).fill(-Infinity);
  const low = new Float64Array(count).fill(Infinity);
  let inWindow = 0;
  let leftover: Buffer | null = null;
  const sampleBytes = keepPcm ? 4 : 2;
  const frameBytes = sampleBytes * count;
  // As ffmpeg turns a float sample into a 16-bit one, so both decodes give the same peaks.
  const toInt = keepPcm ? (v: number) => Math.min(32767, Math.max(-32768, Math.round(v * 32768))) : (v: number) => v;
  const level = (v: number) => Math.abs(toInt(v));
  const closeWindow = () => {
    for (let c = 0; c < count; c++) {
      const peak = inWindow > 0 ? Math.max(level(high[c]!), level(low[c]!)) : 0;
      result[c]!.push(Math.min(255, Math.round((peak / 32768) * 255)));
      high[c] = -Infinity;
      low[c] = Infinity;
    }
    inWindow = 0;
  };
  // The samples read in place (the host's byte order is little-endian on every platform Reprise
  // ships for, as ffmpeg writes them); a chunk that does not start on a sample's boundary is copied.
  const samplesOf = (data: Buffer, bytes: number): Float32Array | Int16Array => {
    const aligned = data.byteOffset % sampleBytes === 0 ? data : Buffer.from(data.subarray(0, bytes));
    return keepPcm ? new Float32Array(aligned.buffer, aligned.byteOffset, bytes / 4) : new Int16Array(aligned.buffer, aligned.byteOffset, bytes / 2);
  };
  const fd = keepPcm ? fs.openSync(keepPcm, 'w') : null;
  // -flush_packets 0: without it ffmpeg writes each decoded packet to the pipe on its own, a small
  // write per audio frame, and each is a read and a copy here.
  try {
    await run(
      tools.ffmpeg,
      [
        '-v', 'error', '-nostdin', '-progress', 'pipe:2', '-i', file, '-map', '0:a:0', '-vn', '-ac', String(count), '-af', speechResampler,
        '-f', keepPcm ? 'f32le' : 's16le', '-flush_packets', '0', 'pipe:1',
      ],
      {
        ...runOptions,
        stdout: (chunk) => {
          if (fd !== null) fs.writeSync(fd, chunk);
          const data: Buffer = leftover ? Buffer.concat([leftover, chunk]) : chunk;
          const whole = data.length - (data.length % frameBytes);
          const samples = samplesOf(data, whole);
          for (let at = 0; at < samples.length; ) {
            // The rest of this window, or of this chunk.
            const frames = Math.min(samplesPerPeak - inWindow, (samples.length - at) / count);
            for (let c = 0; c < count; c++) {
              let hi = high[c]!;
              let lo = low[c]!;
              for (let i = at + c, end = at + frames * count; i < end; i += count) {
                const v = samples[i]!;
                if (v > hi) hi = v;
                if (v < lo) lo = v;
              }
              high[c] = hi;
              low[c] = lo;
            }
            at += frames * count;
            inWindow += frames;
            if (inWindow === samplesPerPeak) closeWindow();
          }
          leftover = whole < data.length ? Buffer.from(data.subarray(whole)) : null;
        },
      },
    );
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (inWindow > 0) closeWindow();
  return result;
}

/** Live peaks as the recorder sent them: one JSON line per chunk; a torn last line is skipped. */
export function parseLivePeaks(text: string): number[][] | null {
  const channels: number[][] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const lists = (parsed as { c?: unknown }).c;
    if (!Array.isArray(lists)) continue;
    lists.forEach((values, c) => {
      if (!Array.isArray(values)) return;
      channels[c] ??= [];
      for (const v of values) channels[c]!.push(typeof v === 'number' ? v : 0);
    });
  }
  return channels.length ? channels : null;
}
