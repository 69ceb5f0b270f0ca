import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SpeechAnalysis } from '../../src/shared/analysis';
import { stereoMetrics, type Span } from '../../src/core/analysis/turns';
import { bridgeMs } from '../../src/core/analysis/voice-activity';

/**
 * Role-play takes built from espeak-ng speech with sox, mixed here so that the truth is known:
 * where each line of each speaker starts and ends. The expected metrics are the definitions
 * applied to those spans.
 */

export interface Voice {
  /** An espeak-ng voice, e.g. 'en-us' or 'en-gb+f3'. */
  name: string;
  /** Words per minute. */
  speed: number;
  pitch: number;
}

export interface Line {
  who: 'seller' | 'buyer';
  text: string;
  /**
   * Where it starts: `after` ms after the end of the conversation so far (negative: talking over
   * its end), or `over` ms after the start of the previous line (a backchannel or a laugh inside it).
   */
  after?: number;
  over?: number;
}

export interface Scene {
  seller: Voice;
  buyer: Voice;
  leadMs: number;
  tailMs: number;
  lines: Line[];
}

export interface Conditions {
  /** Speech-to-noise ratio in dB of each channel; no noise when absent. */
  snrDb?: number;
  /** Amplitude of the buyer's voice leaking into the seller's microphone (0.1 = 10%). */
  bleed?: number;
  /** Keyboard clicks in the seller's channel while they take notes. */
  clicks?: boolean;
  /** Rumble, hum and breathing. */
  rumble?: boolean;
  /** How much the noise level swings over the take, in dB either way. */
  floorSwingDb?: number;
  format?: 'wav' | 'webm';
  seed?: number;
}

const rate = 16000;

/** A small deterministic PRNG (mulberry32), so a failing take can be rebuilt exactly. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clipCache = new Map<string, Float32Array>();

/** One line spoken by espeak-ng, resampled by sox and trimmed to its speech. */
function speak(voice: Voice, text: string, dir: string): Float32Array {
  const key = `${voice.name}|${voice.speed}|${voice.pitch}|${text}`;
  const cached = clipCache.get(key);
  if (cached) return cached;
  const wav = path.join(dir, `clip-${clipCache.size}.wav`);
  const raw = `${wav}.f32`;
  execFileSync('espeak-ng', ['-v', voice.name, '-s', String(voice.speed), '-p', String(voice.pitch), '-w', wav, text]);
  execFileSync('sox', [wav, '-t', 'raw', '-e', 'floating-point', '-b', '32', '-c', '1', '-r', String(rate), raw,
    'silence', '1', '0.005', '-50d', 'reverse', 'silence', '1', '0.005', '-50d', 'reverse']);
  const bytes = fs.readFileSync(raw);
  const clip = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  clipCache.set(key, clip);
  return clip;
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.startMs - last.endMs < bridgeMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push({ ...s });
  }
  return out;
}

const rms = (x: Float32Array, spans: Span[]) => {
  let sum = 0;
  let n = 0;
  for (const s of spans) {
    for (let i = Math.floor((s.startMs * rate) / 1000); i < Math.min(x.length, (s.endMs * rate) / 1000); i++) {
      sum += x[i]! * x[i]!;
      n++;
    }
  }
  return n ? Math.sqrt(sum / n) : 0;
};

/** Coloured noise (white through a gentle low-pass), unit RMS. */
function noise(length: number, next: () => number): Float32Array {
  const out = new Float32Array(length);
  let lp = 0;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const white = next() * 2 - 1;
    lp = 0.7 * lp + 0.3 * white;
    out[i] = 0.6 * lp + 0.4 * white;
    sum += out[i]! * out[i]!;
  }
  const scale = 1 / Math.sqrt(sum / length);
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

export interface BuiltTake {
  file: string;
  truth: SpeechAnalysis;
  spans: { seller: Span[]; buyer: Span[] };
}

/** Builds the take as a stereo file (left seller, right buyer) and the metrics it should yield. */
export function buildTake(scene: Scene, conditions: Conditions, dir: string): BuiltTake {
  const next = random(conditions.seed ?? 1);
  const placed: { line: Line; clip: Float32Array; startMs: number }[] = [];
  let cursor = scene.leadMs;
  let previousStart = scene.leadMs;
  for (const line of scene.lines) {
    const clip = speak(line.who === 'seller' ? scene.seller : scene.buyer, line.text, dir);
    const startMs = line.over !== undefined ? previousStart + line.over : cursor + (line.after ?? 0);
    const endMs = startMs + (clip.length / rate) * 1000;
    placed.push({ line, clip, startMs });
    if (line.over === undefined) {
      previousStart = startMs;
      cursor = Math.max(cursor, endMs);
    }
  }
  const totalMs = Math.max(...placed.map((p) => p.startMs + (p.clip.length / rate) * 1000)) + scene.tailMs;
  const length = Math.ceil((totalMs * rate) / 1000);
  const voice = { seller: new Float32Array(length), buyer: new Float32Array(length) };
  const spans: { seller: Span[]; buyer: Span[] } = { seller: [], buyer: [] };
  for (const p of placed) {
    const at = Math.round((p.startMs * rate) / 1000);
    const track = voice[p.line.who];
    for (let i = 0; i < p.clip.length && at + i < length; i++) track[at + i]! += p.clip[i]!;
    spans[p.line.who].push({ startMs: (at / rate) * 1000, endMs: ((at + p.clip.length) / rate) * 1000 });
  }
  // The far side is quieter than the local microphone, as on a real call.
  for (let i = 0; i < length; i++) voice.buyer[i]! *= 0.6;
  const left = Float32Array.from(voice.seller);
  const right = Float32Array.from(voice.buyer);
  if (conditions.bleed) {
    const delay = Math.round(rate * 0.004);
    for (let i = delay; i < length; i++) left[i]! += conditions.bleed * voice.buyer[i - delay]!;
  }
  if (conditions.snrDb !== undefined) {
    const swing = conditions.floorSwingDb ?? 0;
    for (const [channel, level] of [[left, rms(voice.seller, spans.seller)], [right, rms(voice.buyer, spans.buyer)]] as const) {
      const n = noise(length, next);
      const base = level / 10 ** (conditions.snrDb / 20);
      const period = length * (0.6 + next() * 0.4);
      for (let i = 0; i < length; i++) channel[i]! += n[i]! * base * 10 ** ((swing * Math.sin((2 * Math.PI * i) / period)) / 20);
    }
  }
  if (conditions.rumble) {
    const level = rms(voice.seller, spans.seller);
    const n = noise(length, next);
    let lp = 0;
    for (let i = 0; i < length; i++) {
      lp = 0.995 * lp + 0.005 * n[i]!;
      left[i]! += level * (0.3 * Math.sin((2 * Math.PI * 50 * i) / rate) + 3 * lp);
    }
    // A breath before some of the seller's lines: band noise, well below the voice.
    for (const s of spans.seller) {
      if (next() < 0.5 || s.startMs < 600) continue;
      const at = Math.round(((s.startMs - 500) * rate) / 1000);
      const len = Math.round(0.35 * rate);
      const b = noise(len, next);
      let hp = 0;
      for (let i = 0; i < len; i++) {
        hp = 0.6 * hp + 0.4 * b[i]!;
        left[at + i]! += level * 0.05 * Math.sin((Math.PI * i) / len) * (b[i]! - hp);
      }
    }
  }
  if (conditions.clicks) {
    const level = rms(voice.seller, spans.seller);
    // Bursts of typing, a few keys a second, anywhere in the take.
    for (let burst = 0; burst < Math.max(2, totalMs / 6000); burst++) {
      let t = next() * (totalMs - 3000);
      const end = t + 1000 + next() * 2500;
      while (t < end) {
        const at = Math.round((t * rate) / 1000);
        const peak = level * (2 + next() * 3);
        for (let i = 0; i < rate * 0.012 && at + i < length; i++) {
          const decay = Math.exp(-i / (rate * 0.0015));
          left[at + i]! += peak * decay * ((next() * 2 - 1) * 0.7 + 0.3 * Math.sin((2 * Math.PI * 2600 * i) / rate));
        }
        t += 110 + next() * 250;
      }
    }
  }
  const interleaved = new Float32Array(length * 2);
  for (let i = 0; i < length; i++) {
    interleaved[2 * i] = left[i]!;
    interleaved[2 * i + 1] = right[i]!;
  }
  const raw = path.join(dir, `take-${Date.now()}-${Math.round(next() * 1e9)}.f32`);
  fs.writeFileSync(raw, Buffer.from(interleaved.buffer));
  const file = raw.replace(/\.f32$/, conditions.format === 'webm' ? '.webm' : '.wav');
  const codec = conditions.format === 'webm' ? ['-c:a', 'libopus', '-b:a', '64k'] : ['-c:a', 'pcm_s16le'];
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'f32le', '-ar', String(rate), '-ac', '2', '-i', raw, ...codec, file]);
  fs.rmSync(raw);
  const seller = mergeSpans(spans.seller);
  const buyer = mergeSpans(spans.buyer);
  return { file, truth: stereoMetrics(seller, buyer, totalMs, 0), spans: { seller, buyer } };
}
