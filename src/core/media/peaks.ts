import { run, type FfmpegTools } from './ffmpeg';

export const peakResolutionMs = 50;
const sampleRate = 8000;
const samplesPerPeak = (sampleRate * peakResolutionMs) / 1000;

/**
 * Peaks by decoding the audio: used for imported files and for takes whose live peaks are
 * missing. Streams the PCM through, holding only the peaks. For a take recorded in the app the
 * peaks measured live are used instead, because decoding costs far more than the remux.
 */
export async function decodePeaks(
  tools: FfmpegTools,
  file: string,
  channels: number,
  options: { signal?: AbortSignal; durationMs?: number | null; onProgress?: (f: number) => void } = {},
): Promise<number[][]> {
  const count = Math.max(1, Math.min(2, channels));
  const result: number[][] = Array.from({ length: count }, () => []);
  const current = new Array<number>(count).fill(0);
  let inWindow = 0;
  let leftover: Buffer | null = null;
  const frameBytes = 2 * count;
  // -flush_packets 0: without it ffmpeg writes each decoded packet to the pipe on its own, a small
  // write per audio frame, and each is a read and a copy here.
  await run(
    tools.ffmpeg,
    ['-v', 'error', '-nostdin', '-progress', 'pipe:2', '-i', file, '-vn', '-ac', String(count), '-ar', String(sampleRate), '-f', 's16le', '-flush_packets', '0', 'pipe:1'],
    {
      ...options,
      stdout: (chunk) => {
        const data: Buffer = leftover ? Buffer.concat([leftover, chunk]) : chunk;
        const whole = data.length - (data.length % frameBytes);
        for (let offset = 0; offset < whole; offset += frameBytes) {
          for (let c = 0; c < count; c++) {
            const value = Math.abs(data.readInt16LE(offset + 2 * c));
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
