import type { Span } from './turns';
import { bridge, frameMs, speechRuns, voiceBandsHz, type ChannelFeatures } from './voice-activity';

/**
 * Two voices told apart on one track (a room microphone, a Zoom or Teams recording): the speech
 * is cut into pieces of under a second at the detector's own gaps, each piece described by its
 * pitch and the balance of its energy across six bands (a voice's timbre), and the pieces split
 * into the two groups that sit furthest apart (k-means, k = 2). No model, nothing downloaded:
 * pitch and timbre tell most pairs of voices apart, two similar voices less surely, and the
 * confidence says how clearly the pieces fell into two groups.
 */
export interface Diarization {
  /** The speech of the voice heard first, and of the other one. */
  first: Span[];
  second: Span[];
  /** 0..1: how clearly the pieces fall into two voices (the mean margin of each piece between the two). */
  confidence: number;
}

/** Pieces are at most this long: short enough to fall within one turn, long enough to carry a pitch. */
const pieceMs = 800;
/** A piece's pitch counts only with this many periodic frames. */
const minPitchedFrames = 4;
/** Pitch weighs this much more than each band: it is the surest cue and the bands share one. */
const pitchWeight = 2;

interface Piece extends Span {
  run: number;
  values: Float64Array;
  /** Which values are known (a piece with too few periodic frames has no pitch). */
  known: Uint8Array;
  label: 0 | 1;
  margin: number;
}

const dims = 1 + voiceBandsHz.length;

function describe(features: ChannelFeatures, span: Span, run: number): Piece {
  const voice = features.voice!;
  const nb = voiceBandsHz.length;
  const from = Math.floor(span.startMs / frameMs);
  const to = Math.min(Math.ceil(span.endMs / frameMs), features.energy.length);
  let loudest = 0;
  for (let i = from; i < to; i++) loudest = Math.max(loudest, features.energy[i]!);
  const values = new Float64Array(dims);
  const known = new Uint8Array(dims);
  const pitches: number[] = [];
  let frames = 0;
  for (let i = from; i < to; i++) {
    // The quiet frames of a piece are mostly its gaps and the room; the voice is in the loud ones.
    if (features.energy[i]! < loudest / 100) continue;
    if (voice.pitch[i]! > 0) pitches.push(Math.log2(voice.pitch[i]!));
    let mean = 0;
    for (let b = 0; b < nb; b++) mean += Math.log10(voice.bands[i * nb + b]! + 1e-12);
    mean /= nb;
    for (let b = 0; b < nb; b++) values[1 + b]! += Math.log10(voice.bands[i * nb + b]! + 1e-12) - mean;
    frames++;
  }
  if (frames) for (let b = 0; b < nb; b++) {
    values[1 + b]! /= frames;
    known[1 + b] = 1;
  }
  if (pitches.length >= minPitchedFrames) {
    pitches.sort((a, b) => a - b);
    values[0] = pitches[Math.floor(pitches.length / 2)]!;
    known[0] = 1;
  }
  return { ...span, run, values, known, label: 0, margin: 0 };
}

/** Each dimension scaled to unit spread over the pieces, so a band in dB and a pitch in octaves weigh alike. */
function standardise(pieces: Piece[]): void {
  for (let d = 0; d < dims; d++) {
    const xs = pieces.filter((p) => p.known[d]).map((p) => p.values[d]!);
    if (xs.length < 2) continue;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) || 1;
    const weight = d === 0 ? pitchWeight : 1;
    for (const p of pieces) p.values[d] = p.known[d] ? ((p.values[d]! - mean) / sd) * weight : 0;
  }
}

function distance(p: Piece, centre: Float64Array): number {
  let sum = 0;
  let used = 0;
  for (let d = 0; d < dims; d++) {
    if (!p.known[d]) continue;
    sum += (p.values[d]! - centre[d]!) ** 2;
    used++;
  }
  return used ? Math.sqrt((sum * dims) / used) : 0;
}

function centreOf(pieces: Piece[]): Float64Array {
  const centre = new Float64Array(dims);
  const weight = new Float64Array(dims);
  for (const p of pieces) {
    const w = p.endMs - p.startMs;
    for (let d = 0; d < dims; d++) {
      if (!p.known[d]) continue;
      centre[d]! += p.values[d]! * w;
      weight[d]! += w;
    }
  }
  for (let d = 0; d < dims; d++) centre[d] = weight[d]! ? centre[d]! / weight[d]! : 0;
  return centre;
}

/** Cuts each stretch of speech into equal pieces of at most `pieceMs`. */
function piecesOf(runs: Span[]): { span: Span; run: number }[] {
  const out: { span: Span; run: number }[] = [];
  runs.forEach((r, run) => {
    const count = Math.max(1, Math.round((r.endMs - r.startMs) / pieceMs));
    const step = (r.endMs - r.startMs) / count;
    for (let k = 0; k < count; k++) out.push({ span: { startMs: Math.round(r.startMs + k * step), endMs: Math.round(r.startMs + (k + 1) * step) }, run });
  });
  return out;
}

/** Splits one track's speech into two voices; `features` must carry `voice` (decoded with `voices`). */
export function diarize(features: ChannelFeatures): Diarization {
  if (!features.voice) throw new Error('diarize needs the voice features of the track');
  const runs = speechRuns(features.energy, features.voicedShare);
  const pieces = piecesOf(runs).map(({ span, run }) => describe(features, span, run));
  if (pieces.length < 2) return { first: bridge(pieces), second: [], confidence: 0 };
  standardise(pieces);
  // Start from the piece furthest from the middle and the piece furthest from that one.
  const middle = centreOf(pieces);
  const a = pieces.reduce((best, p) => (distance(p, middle) > distance(best, middle) ? p : best));
  const b = pieces.reduce((best, p) => (distance(p, a.values) > distance(best, a.values) ? p : best));
  let centres: Float64Array[] = [Float64Array.from(a.values), Float64Array.from(b.values)];
  for (let round = 0; round < 30; round++) {
    let moved = false;
    for (const p of pieces) {
      const label = distance(p, centres[0]!) <= distance(p, centres[1]!) ? 0 : 1;
      if (label !== p.label) moved = true;
      p.label = label;
    }
    const groups = [pieces.filter((p) => p.label === 0), pieces.filter((p) => p.label === 1)];
    if (!groups[0]!.length || !groups[1]!.length) break;
    centres = [centreOf(groups[0]!), centreOf(groups[1]!)];
    if (!moved && round > 0) break;
  }
  for (const p of pieces) {
    const own = distance(p, centres[p.label]!);
    const other = distance(p, centres[1 - p.label]!);
    p.margin = own + other > 0 ? (other - own) / (own + other) : 0;
  }
  // A single unsure piece inside one stretch of speech whose neighbours agree is their voice.
  for (let i = 1; i < pieces.length - 1; i++) {
    const [prev, p, next] = [pieces[i - 1]!, pieces[i]!, pieces[i + 1]!];
    if (prev.run === p.run && next.run === p.run && prev.label === next.label && p.label !== prev.label && p.margin < 0.3) {
      p.label = prev.label;
      p.margin = 0;
    }
  }
  const firstLabel = pieces[0]!.label;
  const total = pieces.reduce((sum, p) => sum + (p.endMs - p.startMs), 0);
  const confidence = pieces.reduce((sum, p) => sum + p.margin * (p.endMs - p.startMs), 0) / total;
  const spansOf = (label: number) => bridge(pieces.filter((p) => p.label === label).map((p) => ({ startMs: p.startMs, endMs: p.endMs })));
  return { first: spansOf(firstLabel), second: spansOf(1 - firstLabel), confidence: Math.max(0, Math.min(1, confidence)) };
}
