import fs from 'node:fs';
import { run, type FfmpegTools } from './ffmpeg';

export const peakResolutionMs = 50;
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
  const current = new Array<number>(count).fill(0);
  let inWindow = 0;
  let leftover: Buffer | null = null;
  const sampleBytes = keepPcm ? 4 : 2;
  const frameBytes = sampleBytes * count;
  // As ffmpeg turns a float sample into a 16-bit one, so both decodes give the same peaks.
  const read = keepPcm
    ? (data: Buffer, at: number) => Math.min(32767, Math.max(-32768, Math.round(data.readFloatLE(at) * 32768)))
    : (data: Buffer, at: number) => data.readInt16LE(at);
  const fd = keepPcm ? fs.openSync(keepPcm, 'w') : null;
  // -flush_packets 0: without it ffmpeg writes each decoded packet to the pipe on its own, a small
  // write per audio frame, and each is a read and a copy here.
  try {
    await run(
      tools.ffmpeg,
      [
        '-v', 'error', '-nostdin', '-progress', 'pipe:2', '-i', file, '-map', '0:a:0', '-vn', '-ac', String(count), '-ar', String(sampleRate),
        '-f', keepPcm ? 'f32le' : 's16le', '-flush_packets', '0', 'pipe:1',
      ],
      {
        ...runOptions,
        stdout: (chunk) => {
          if (fd !== null) fs.writeSync(fd, chunk);
          const data: Buffer = leftover ? Buffer.concat([leftover, chunk]) : chunk;
          const whole = data.length - (data.length % frameBytes);
          for (let offset = 0; offset < whole; offset += frameBytes) {
            for (let c = 0; c < count; c++) {
              const value = Math.abs(read(data, offset + sampleBytes * c));
              if (value > current[c]!) current[c] = value;
            }
            if (++inWindow === samplesPerPeak) {
              for (let c = 0; c < count; c++) {
                result[c]!.push(Math.min(255, Math.round((current[c]! / 32768) * 255)));
                current[c] = 0;
              }
              inWindow = 0;
            }
          }
          leftover = whole < data.length ? data.subarray(whole) : null;
        },
      },
    );
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  if (inWindow > 0) for (let c = 0; c < count; c++) result[c]!.push(Math.min(255, Math.round((current[c]! / 32768) * 255)));
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
