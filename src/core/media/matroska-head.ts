import fs from 'node:fs';
import type { ProbeResult } from './ffmpeg';

/**
 * What a probe would find of a WebM/Matroska file ffmpeg has just written, read from the
 * elements at its head (Info and Tracks) instead of starting ffprobe: a finalize needs only the
 * length and the first sound and picture streams. Null when the head does not say all of it
 * (no Duration, a codec outside WebM's, a head cut short): then the file is probed.
 */
export function readMatroskaHead(file: string, maxBytes = 256 * 1024): ProbeResult | null {
  let bytes: Buffer;
  const fd = fs.openSync(file, 'r');
  try {
    bytes = Buffer.alloc(maxBytes);
    bytes = bytes.subarray(0, fs.readSync(fd, bytes, 0, maxBytes, 0));
  } finally {
    fs.closeSync(fd);
  }
  try {
    return parseHead(bytes);
  } catch {
    return null;
  }
}

const ids = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackType: 0x83,
  codecId: 0x86,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  audio: 0xe1,
  samplingFrequency: 0xb5,
  channels: 0x9f,
  cluster: 0x1f43b675,
} as const;

/** The codecs a WebM holds, under the names ffprobe gives them. */
const codecNames: Record<string, string> = { V_VP8: 'vp8', V_VP9: 'vp9', V_AV1: 'av1', A_OPUS: 'opus', A_VORBIS: 'vorbis' };

interface Element {
  id: number;
  /** Where its data starts and ends (the end may lie past the bytes read). */
  start: number;
  end: number;
}

function vint(bytes: Buffer, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } {
  const first = bytes[at];
  if (first === undefined || first === 0) throw new Error('bad vint');
  const length = Math.clz32(first) - 23;
  if (at + length > bytes.length) throw new Error('cut short');
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    if (bytes[at + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function* children(bytes: Buffer, start: number, end: number): Generator<Element> {
  let at = start;
  while (at < Math.min(end, bytes.length)) {
    const id = vint(bytes, at, true);
    const size = vint(bytes, at + id.length, false);
    const dataStart = at + id.length + size.length;
    const dataEnd = size.unknown ? end : dataStart + size.value;
    yield { id: id.value, start: dataStart, end: dataEnd };
    at = dataEnd;
  }
}

function uint(bytes: Buffer, e: Element): number {
  if (e.end > bytes.length) throw new Error('cut short');
  let value = 0;
  for (let i = e.start; i < e.end; i++) value = value * 256 + bytes[i]!;
  return value;
}

function float(bytes: Buffer, e: Element): number {
  if (e.end > bytes.length) throw new Error('cut short');
  if (e.end - e.start === 4) return bytes.readFloatBE(e.start);
  if (e.end - e.start === 8) return bytes.readDoubleBE(e.start);
  throw new Error('bad float');
}

function parseHead(bytes: Buffer): ProbeResult | null {
  let segment: Element | null = null;
  for (const e of children(bytes, 0, bytes.length)) {
    if (e.id === ids.segment) {
      segment = e;
      break;
    }
    if (e.id !== ids.ebml) return null;
  }
  if (!segment) return null;
  let scale = 1_000_000;
  let duration: number | null = null;
  let tracksSeen = false;
  let audio: ProbeResult['audio'] = null;
  let video: ProbeResult['video'] = null;
  for (const e of children(bytes, segment.start, segment.end)) {
    if (e.id === ids.cluster) break;
    if (e.id === ids.info) {
      for (const f of children(bytes, e.start, e.end)) {
        if (f.id === ids.timecodeScale) scale = uint(bytes, f);
        if (f.id === ids.duration) duration = float(bytes, f);
      }
    } else if (e.id === ids.tracks) {
      if (e.end > bytes.length) return null;
      tracksSeen = true;
      for (const entry of children(bytes, e.start, e.end)) {
        if (entry.id !== ids.trackEntry) continue;
        let type = 0;
        let codec = '';
        let width = 0;
        let height = 0;
        let channels = 1;
        let sampleRate = 8000;
        for (const f of children(bytes, entry.start, entry.end)) {
          if (f.id === ids.trackType) type = uint(bytes, f);
          if (f.id === ids.codecId) codec = bytes.toString('latin1', f.start, f.end).replace(/\0+$/, '');
          if (f.id === ids.video) {
            for (const g of children(bytes, f.start, f.end)) {
              if (g.id === ids.pixelWidth) width = uint(bytes, g);
              if (g.id === ids.pixelHeight) height = uint(bytes, g);
            }
          }
          if (f.id === ids.audio) {
            for (const g of children(bytes, f.start, f.end)) {
              if (g.id === ids.channels) channels = uint(bytes, g);
              if (g.id === ids.samplingFrequency) sampleRate = float(bytes, g);
            }
          }
        }
        const name = codecNames[codec];
        // A codec a WebM does not hold (or a track of another kind): ffprobe says what it is.
        if (!name || (type !== 1 && type !== 2)) return null;
        if (type === 1 && !video) video = { codec: name, width, height };
        if (type === 2 && !audio) audio = { codec: name, channels, sampleRate: Math.round(sampleRate) };
      }
    }
    if (tracksSeen && duration !== null) break;
  }
  if (!tracksSeen || duration === null || !(audio || video)) return null;
  if (video && !(video.width > 0 && video.height > 0)) return null;
  // As ffmpeg's demuxer turns the Duration into microseconds (truncated), and a probe into milliseconds.
  const micros = Math.trunc((duration * scale) / 1000);
  return { formatName: 'matroska,webm', durationMs: Math.round(micros / 1000), audio, video };
}
