import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SpeechAnalysis } from '../../src/shared/analysis';
import { stereoMetrics, type Span } from '../../src/core/analysis/turns';
import { bridgeMs } from '../../src/core/analysis/voice-activity';

/**
 * Role-play takes built from synthetic speech (espeak-ng, flite or Festival) with sox, mixed here
 * so that the truth is known: where each line of each speaker starts and ends. The expected
 * metrics are the definitions applied to those spans.
 */

export interface Voice {
  /** espeak-ng by default. */
  engine?: 'espeak-ng' | 'flite' | 'festival';
  /** espeak-ng: a voice such as 'en-us' or 'en-gb+f3'; flite: slt, awb, rms, kal16; festival: a voice function such as 'voice_kal_diphone'. */
  name: string;
  /** Words per minute (about 170 is an engine's own pace for flite and Festival). */
  speed: number;
  /** espeak-ng: 0..99; flite: the mean pitch in Hz; Festival: unused. */
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
  /** Pink (1/f) rather than the default coloured white noise, for `snrDb`. */
  pink?: boolean;
  /** Background chatter of several other voices in both rooms, this many dB under each speaker. */
  babbleDb?: number;
  /** How late the far side's bleed reaches the seller's microphone (ms; 4 when absent), as an echo off the speakers. */
  bleedDelayMs?: number;
  /** Both rooms reverberant, with this reverberation time (sox `reverb`; 0.8 s is a bare meeting room). */
  reverbRt60?: 0.8;
  /** Desk thumps in the seller's channel. */
  thumps?: boolean;
  /** The same mixed sound on both channels: a mono call saved as stereo. */
  identical?: boolean;
  format?: 'wav' | 'webm' | 'm4a';
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

/**
 * Spoken lines kept on disk between test files and runs: the engines give the same samples for the
 * same voice and text, and speaking them is most of the time it takes to build a take. Raise the
 * version when `speak` changes what it makes of the engine's output.
 */
const clipFolder = path.join(os.tmpdir(), 'reprise-speech-clips-v1');

const bytesOf = (clip: Float32Array) => Buffer.from(clip.buffer, clip.byteOffset, clip.byteLength);
function clipOf(bytes: Buffer): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** One line spoken by the voice's engine, resampled by sox and trimmed to its speech. */
function speak(voice: Voice, text: string, dir: string): Float32Array {
  const key = `${voice.engine ?? 'espeak-ng'}|${voice.name}|${voice.speed}|${voice.pitch}|${text}`;
  const cached = clipCache.get(key);
  if (cached) return cached;
  const stored = path.join(clipFolder, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.f32`);
  if (fs.existsSync(stored)) {
    const clip = clipOf(fs.readFileSync(stored));
    clipCache.set(key, clip);
    return clip;
  }
  const wav = path.join(dir, `clip-${clipCache.size}.wav`);
  const raw = `${wav}.f32`;
  const engine = voice.engine ?? 'espeak-ng';
  if (engine === 'espeak-ng') execFileSync('espeak-ng', ['-v', voice.name, '-s', String(voice.speed), '-p', String(voice.pitch), '-w', wav, text]);
  else if (engine === 'flite') {
    execFileSync('flite', ['-voice', voice.name, '--setf', `duration_stretch=${(170 / voice.speed).toFixed(3)}`, '--setf', `int_f0_target_mean=${voice.pitch}`, '-t', text, '-o', wav]);
  } else {
    execFileSync('text2wave', ['-eval', `(${voice.name})`, '-eval', `(Parameter.set 'Duration_Stretch ${(170 / voice.speed).toFixed(3)})`, '-o', wav], { input: text });
  }
  execFileSync('sox', [wav, '-t', 'raw', '-e', 'floating-point', '-b', '32', '-c', '1', '-r', String(rate), raw,
    'silence', '1', '0.005', '-50d', 'reverse', 'silence', '1', '0.005', '-50d', 'reverse']);
  const clip = clipOf(fs.readFileSync(raw));
  clipCache.set(key, clip);
  // Written whole under another name first: a test file running beside this one never reads half a clip.
  fs.mkdirSync(clipFolder, { recursive: true });
  const partial = `${stored}.${process.pid}.part`;
  fs.writeFileSync(partial, bytesOf(clip));
  fs.renameSync(partial, stored);
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

/** Pink noise (Paul Kellet's filter over white), unit RMS. */
function pinkNoise(length: number, next: () => number): Float32Array {
  const out = new Float32Array(length);
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const w = next() * 2 - 1;
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
    sum += out[i]! * out[i]!;
  }
  const scale = 1 / Math.sqrt(sum / length);
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/** Voices and lines of the background chatter: none of them is a speaker of any scene. */
const chatterVoices: Voice[] = [
  { engine: 'flite', name: 'kal16', speed: 185, pitch: 105 },
  { engine: 'flite', name: 'rms', speed: 160, pitch: 95 },
  { name: 'en-us+f4', speed: 170, pitch: 65 },
  { name: 'en-gb+m2', speed: 155, pitch: 35 },
  { name: 'en-us+f5', speed: 180, pitch: 55 },
];
const chatterLines = [
  'Did anyone order lunch for the workshop on Thursday?',
  'The printer on the third floor is jammed again.',
  'I moved the review to half past two because the client was late.',
  'Can you send me the slides before the end of the day?',
  'We should book the big room for the planning session next week.',
  'My train was cancelled so I worked from home this morning.',
];

/** Chatter of five voices from the list, each talking on with short breaths, unit RMS. */
function chatter(length: number, next: () => number, dir: string): Float32Array {
  const out = new Float32Array(length);
  for (let talker = 0; talker < 5; talker++) {
    const voice = chatterVoices[Math.floor(next() * chatterVoices.length)]!;
    let at = Math.floor(next() * rate);
    while (at < length) {
      const clip = speak(voice, chatterLines[Math.floor(next() * chatterLines.length)]!, dir);
      for (let i = 0; i < clip.length && at + i < length; i++) out[at + i]! += clip[i]!;
      at += clip.length + Math.floor((0.1 + next() * 0.5) * rate);
    }
  }
  let sum = 0;
  for (let i = 0; i < length; i++) sum += out[i]! * out[i]!;
  const scale = 1 / Math.sqrt(sum / length);
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/** A room's reverberation added to a dry voice by sox (`reverb 45 50 70`: RT60 of about 0.8 s measured on an impulse). */
function reverberate(dry: Float32Array, dir: string): Float32Array {
  const input = path.join(dir, `dry-${Math.random().toString(36).slice(2)}.f32`);
  const output = `${input}.wet.f32`;
  fs.writeFileSync(input, Buffer.from(dry.buffer, dry.byteOffset, dry.byteLength));
  const raw = ['-t', 'raw', '-e', 'floating-point', '-b', '32', '-c', '1', '-r', String(rate)];
  execFileSync('sox', [...raw, input, ...raw, output, 'reverb', '45', '50', '70', '0', '0', '0']);
  const bytes = fs.readFileSync(output);
  fs.rmSync(input);
  fs.rmSync(output);
  const wet = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return wet.length === dry.length ? wet : Float32Array.from({ length: dry.length }, (_, i) => wet[i] ?? 0);
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
  const heard = conditions.reverbRt60 ? { seller: reverberate(voice.seller, dir), buyer: reverberate(voice.buyer, dir) } : voice;
  const left = Float32Array.from(heard.seller);
  const right = Float32Array.from(heard.buyer);
  if (conditions.bleed) {
    const delay = Math.round((rate * (conditions.bleedDelayMs ?? 4)) / 1000);
    for (let i = delay; i < length; i++) left[i]! += conditions.bleed * heard.buyer[i - delay]!;
  }
  if (conditions.snrDb !== undefined) {
    const swing = conditions.floorSwingDb ?? 0;
    for (const [channel, level] of [[left, rms(voice.seller, spans.seller)], [right, rms(voice.buyer, spans.buyer)]] as const) {
      const n = conditions.pink ? pinkNoise(length, next) : noise(length, next);
      const base = level / 10 ** (conditions.snrDb / 20);
      const period = length * (0.6 + next() * 0.4);
      for (let i = 0; i < length; i++) channel[i]! += n[i]! * base * 10 ** ((swing * Math.sin((2 * Math.PI * i) / period)) / 20);
    }
  }
  if (conditions.babbleDb !== undefined) {
    for (const [channel, level] of [[left, rms(voice.seller, spans.seller)], [right, rms(voice.buyer, spans.buyer)]] as const) {
      const n = chatter(length, next, dir);
      const gain = level / 10 ** (conditions.babbleDb / 20);
      for (let i = 0; i < length; i++) channel[i]! += n[i]! * gain;
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
  if (conditions.thumps) {
    const level = rms(voice.seller, spans.seller);
    // A fist or a mug on the desk: a low knock ringing down over a tenth of a second, a few per minute.
    for (let k = 0; k < Math.max(3, totalMs / 8000); k++) {
      const at = Math.round(((next() * (totalMs - 1000)) * rate) / 1000);
      const peak = level * (3 + next() * 4);
      const f1 = 70 + next() * 60;
      const f2 = 180 + next() * 120;
      let lp = 0;
      for (let i = 0; i < rate * 0.25 && at + i < length; i++) {
        lp = 0.8 * lp + 0.2 * (next() * 2 - 1);
        const t = i / rate;
        left[at + i]! += peak * Math.exp(-t / 0.04) * (0.6 * Math.sin(2 * Math.PI * f1 * t) + 0.3 * Math.sin(2 * Math.PI * f2 * t) + 0.4 * lp);
      }
    }
  }
  if (conditions.identical) {
    for (let i = 0; i < length; i++) left[i] = right[i] = (left[i]! + right[i]!) / 2;
  }
  const interleaved = new Float32Array(length * 2);
  for (let i = 0; i < length; i++) {
    interleaved[2 * i] = left[i]!;
    interleaved[2 * i + 1] = right[i]!;
  }
  const raw = path.join(dir, `take-${Date.now()}-${Math.round(next() * 1e9)}.f32`);
  fs.writeFileSync(raw, Buffer.from(interleaved.buffer));
  const format = conditions.format ?? 'wav';
  const file = raw.replace(/\.f32$/, `.${format}`);
  const codec = { webm: ['-c:a', 'libopus', '-b:a', '64k'], m4a: ['-c:a', 'aac', '-b:a', '96k'], wav: ['-c:a', 'pcm_s16le'] }[format];
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'f32le', '-ar', String(rate), '-ac', '2', '-i', raw, ...codec, file]);
  fs.rmSync(raw);
  const seller = mergeSpans(spans.seller);
  const buyer = mergeSpans(spans.buyer);
  return { file, truth: stereoMetrics(seller, buyer, totalMs, 0), spans: { seller, buyer } };
}
