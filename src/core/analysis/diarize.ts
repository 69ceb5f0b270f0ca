import type { Span } from './turns';
import { bridge, cepstrumSize, frameMs, speechRuns, type ChannelFeatures } from './voice-activity';

/**
 * Two voices told apart on one track (a room microphone, a Zoom or Teams recording), with no
 * model and nothing downloaded. The speech is cut into pieces of under a second at the detector's
 * own gaps. A first split comes from each piece's mean mel cepstrum (a voice's timbre) and pitch,
 * scaled by how much they vary inside one stretch of speech where there are enough of those (one
 * speaker, different sounds), else over all pieces, and split in two (k-means, k = 2) from four
 * starts: along the main direction of spread, from the two pieces furthest apart, by spectral tilt
 * and by pitch. Each start is then re-segmented: one Gaussian per voice over the frames' cepstra
 * (their spread, not only their mean, is the voice), every piece scored against both, and the
 * labels chosen along the take with a cost for each change of voice. The start whose pieces agree
 * most with their neighbours wins (see `agreementOf`), and that agreement is the confidence.
 * Calibrated on generated pairs of voices (test/unit/analysis-diarize.test.ts).
 */
export interface Diarization {
  /** The speech of the voice heard first, and of the other one. */
  first: Span[];
  second: Span[];
  /** 0..1: how clearly the speech falls into two voices (see above). */
  confidence: number;
}

/** Pieces are at most this long: short enough to fall within one turn, long enough to average over several sounds. */
const pieceMs = 800;
/** A piece's pitch counts only with this many periodic frames. */
const minPitchedFrames = 4;
const dims = cepstrumSize + 1;

interface Piece extends Span {
  run: number;
  /** The loud frames' indices, where the voice is. */
  frames: number[];
  values: Float64Array;
  pitched: boolean;
  label: 0 | 1;
}

function describe(features: ChannelFeatures, span: Span, run: number): Piece {
  const voice = features.voice!;
  const from = Math.floor(span.startMs / frameMs);
  const to = Math.min(Math.ceil(span.endMs / frameMs), features.energy.length);
  let loudest = 0;
  for (let i = from; i < to; i++) loudest = Math.max(loudest, features.energy[i]!);
  const values = new Float64Array(dims);
  const pitches: number[] = [];
  const loud: number[] = [];
  let frames = 0;
  for (let i = from; i < to; i++) {
    // The quiet frames of a piece are mostly its gaps and the room; the voice is in the loud ones.
    if (features.energy[i]! < loudest / 30) continue;
    loud.push(i);
    if (voice.pitch[i]! > 0) pitches.push(Math.log2(voice.pitch[i]!));
    for (let q = 0; q < cepstrumSize; q++) values[q]! += voice.cepstra[i * cepstrumSize + q]!;
    frames++;
  }
  if (frames) for (let q = 0; q < cepstrumSize; q++) values[q]! /= frames;
  const pitched = pitches.length >= minPitchedFrames;
  if (pitched) {
    pitches.sort((a, b) => a - b);
    values[cepstrumSize] = pitches[Math.floor(pitches.length / 2)]!;
  }
  return { ...span, run, frames: loud, values, pitched, label: 0 };
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

/** A piece without a pitch takes the median pitch of the others: it then pulls towards neither voice. */
function fillPitch(pieces: Piece[]): void {
  const known = pieces.filter((p) => p.pitched).map((p) => p.values[cepstrumSize]!).sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)]! : 0;
  for (const p of pieces) if (!p.pitched) p.values[cepstrumSize] = median;
}

/**
 * The covariance of the pieces around the mean of their own stretch of speech (what varies with
 * the sounds, not the voice), shrunk towards its diagonal so that a few stretches give a usable
 * matrix; the total covariance when too few stretches have more than one piece.
 */
function withinCovariance(pieces: Piece[]): Float64Array {
  const byRun = new Map<number, Piece[]>();
  for (const p of pieces) byRun.set(p.run, [...(byRun.get(p.run) ?? []), p]);
  const deviations: Float64Array[] = [];
  for (const group of byRun.values()) {
    if (group.length < 2) continue;
    const mean = new Float64Array(dims);
    for (const p of group) for (let d = 0; d < dims; d++) mean[d]! += p.values[d]! / group.length;
    // Deviations from a mean of n pieces understate the spread by (n - 1) / n.
    const scale = Math.sqrt(group.length / (group.length - 1));
    for (const p of group) deviations.push(Float64Array.from(p.values, (v, d) => (v - mean[d]!) * scale));
  }
  if (deviations.length < 2 * dims) {
    const mean = new Float64Array(dims);
    for (const p of pieces) for (let d = 0; d < dims; d++) mean[d]! += p.values[d]! / pieces.length;
    deviations.length = 0;
    for (const p of pieces) deviations.push(Float64Array.from(p.values, (v, d) => v - mean[d]!));
  }
  const cov = new Float64Array(dims * dims);
  for (const x of deviations) for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) cov[i * dims + j]! += (x[i]! * x[j]!) / deviations.length;
  const shrink = 0.3;
  for (let i = 0; i < dims; i++) {
    for (let j = 0; j < dims; j++) if (i !== j) cov[i * dims + j]! *= 1 - shrink;
    // A floor: a feature that never moves inside a stretch must not become infinitely telling.
    cov[i * dims + i] = Math.max(cov[i * dims + i]!, 1e-6);
  }
  return cov;
}

/** Lower-triangular L with L Lᵀ = a. */
function cholesky(a: Float64Array): Float64Array {
  const l = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * dims + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * dims + k]! * l[j * dims + k]!;
      l[i * dims + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * dims + j]!;
    }
  }
  return l;
}

/** Every piece's values as L⁻¹ x: units of the spread inside one stretch of speech. */
function whiten(pieces: Piece[], l: Float64Array): void {
  for (const p of pieces) {
    const y = new Float64Array(dims);
    for (let i = 0; i < dims; i++) {
      let sum = p.values[i]!;
      for (let k = 0; k < i; k++) sum -= l[i * dims + k]! * y[k]!;
      y[i] = sum / l[i * dims + i]!;
    }
    p.values = y;
  }
}

const weightOf = (p: Span) => p.endMs - p.startMs;

function centreOf(pieces: Piece[]): Float64Array {
  const centre = new Float64Array(dims);
  let total = 0;
  for (const p of pieces) {
    for (let d = 0; d < dims; d++) centre[d]! += p.values[d]! * weightOf(p);
    total += weightOf(p);
  }
  for (let d = 0; d < dims; d++) centre[d]! /= total || 1;
  return centre;
}

function distance2(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) sum += (a[d]! - b[d]!) ** 2;
  return sum;
}

/**
 * The direction the pieces spread most along: power iteration from a fixed start (so the same input
 * gives the same split) on their weighted scatter matrix, summed once.
 */
function mainDirection(pieces: Piece[], mean: Float64Array): Float64Array {
  const scatter = new Float64Array(dims * dims);
  const x = new Float64Array(dims);
  for (const p of pieces) {
    const w = weightOf(p);
    for (let d = 0; d < dims; d++) x[d] = p.values[d]! - mean[d]!;
    for (let i = 0; i < dims; i++) for (let j = 0; j <= i; j++) scatter[i * dims + j]! += w * x[i]! * x[j]!;
  }
  for (let i = 0; i < dims; i++) for (let j = 0; j < i; j++) scatter[j * dims + i] = scatter[i * dims + j]!;
  let v = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let round = 0; round < 50; round++) {
    const next = new Float64Array(dims);
    for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) next[i]! += scatter[i * dims + j]! * v[j]!;
    const norm = Math.sqrt(next.reduce((a, b) => a + b * b, 0)) || 1;
    v = next.map((x) => x / norm);
  }
  return v;
}

/**
 * k-means with k = 2 from a first labelling, over the pieces' values and weights copied into flat
 * arrays once (it may take dozens of rounds over thousands of pieces).
 */
function twoMeans(pieces: Piece[], labels: (0 | 1)[]): (0 | 1)[] {
  const n = pieces.length;
  const values = new Float64Array(n * dims);
  const weights = new Float64Array(n);
  pieces.forEach((p, i) => {
    values.set(p.values, i * dims);
    weights[i] = weightOf(p);
  });
  let current = Uint8Array.from(labels);
  let next = new Uint8Array(n);
  // Both centres in one array (`dims` apart), placed by `placeCentres`: a closure over the labels
  // being swapped kept its numbers boxed, a new one per piece and round.
  const centres = new Float64Array(2 * dims);
  placeCentres(values, weights, current, centres);
  for (let round = 0; round < 50; round++) {
    let zeros = 0;
    let moved = false;
    for (let i = 0; i < n; i++) {
      let to0 = 0;
      let to1 = 0;
      for (let d = 0; d < dims; d++) {
        const v = values[i * dims + d]!;
        const d0 = v - centres[d]!;
        const d1 = v - centres[dims + d]!;
        to0 += d0 * d0;
        to1 += d1 * d1;
      }
      const label = to0 <= to1 ? 0 : 1;
      next[i] = label;
      if (label === 0) zeros++;
      if (label !== current[i]) moved = true;
    }
    if (zeros === 0 || zeros === n) break;
    const swap = current;
    current = next;
    next = swap;
    placeCentres(values, weights, current, centres);
    if (!moved) break;
  }
  return Array.from(current, (l) => l as 0 | 1);
}

/** The weighted centre of the pieces labelled 0 into `centres` from 0, of those labelled 1 from `dims`. */
function placeCentres(values: Float64Array, weights: Float64Array, labels: Uint8Array, centres: Float64Array): void {
  centres.fill(0);
  let total0 = 0;
  let total1 = 0;
  for (let i = 0; i < labels.length; i++) {
    const at = labels[i]! * dims;
    const w = weights[i]!;
    for (let d = 0; d < dims; d++) centres[at + d]! += values[i * dims + d]! * w;
    if (at) total1 += w;
    else total0 += w;
  }
  for (let d = 0; d < dims; d++) {
    centres[d]! /= total0 || 1;
    centres[dims + d]! /= total1 || 1;
  }
}

/**
 * How sure a split is, from its agreement (see `agreementOf`): one voice split in two reached up to
 * 0.86 on the generated pairs, and splits of two voices that missed the tolerances up to 0.91;
 * only agreement above 0.94 is taken as sure (0.7 and up).
 */
function confidenceOf(agreement: number): number {
  return Math.max(0, Math.min(1, (agreement - 0.8) / 0.2));
}

/** Rounds of re-segmentation from each start. */
const rounds = 5;

/** A full-covariance Gaussian over frames' cepstra: mean, precision (inverse covariance) and log-determinant. */
interface Gaussian {
  mean: Float64Array;
  precision: Float64Array;
  /** P μ. */
  precisionMean: Float64Array;
  logDet: number;
}

const q = cepstrumSize;
/** Entries of a symmetric q × q matrix kept: its lower triangle, row by row. */
const triangle = (q * (q + 1)) / 2;
/** Per piece in `PieceSums.values`: the frame count, Σ x, and the lower triangle of Σ x xᵀ. */
const stride = 1 + q + triangle;

/**
 * What the re-segmentation needs of each piece's frames, summed once: their count, the sum of
 * their cepstra and of their outer products (its lower triangle; the matrix is symmetric). A
 * voice's Gaussian and a piece's likelihood under it follow from these exactly, so each round costs
 * a few operations per piece rather than per frame. All pieces in one flat array, `stride` apart:
 * every round reads them all, in order.
 */
interface PieceSums {
  values: Float64Array;
  count: number;
}

function pieceSums(cepstra: Float32Array, pieces: Piece[]): PieceSums {
  const values = new Float64Array(pieces.length * stride);
  pieces.forEach((p, n) => {
    const at = n * stride;
    values[at] = p.frames.length;
    for (const f of p.frames) {
      for (let i = 0, t = at + 1 + q; i < q; i++) {
        const a = cepstra[f * q + i]!;
        values[at + 1 + i]! += a;
        for (let j = 0; j <= i; j++, t++) values[t]! += a * cepstra[f * q + j]!;
      }
    }
  });
  return { values, count: pieces.length };
}

/** The two voices' Gaussians from the pieces labelled 0 and 1, in one pass over the sums; null when a voice has too few frames. */
function fitGaussians(sums: PieceSums, pieces: Piece[]): [Gaussian, Gaussian] | null {
  const totals = [new Float64Array(stride), new Float64Array(stride)] as const;
  const { values } = sums;
  for (let n = 0; n < sums.count; n++) {
    const total = totals[pieces[n]!.label];
    for (let k = 0, at = n * stride; k < stride; k++) total[k]! += values[at + k]!;
  }
  if (totals[0][0]! < 2 * q || totals[1][0]! < 2 * q) return null;
  return [fitGaussian(totals[0]), fitGaussian(totals[1])];
}

/** A Gaussian from summed frames (count, Σ x, lower triangle of Σ x xᵀ, as in `PieceSums`). */
function fitGaussian(total: Float64Array): Gaussian {
  const count = total[0]!;
  const outer = (i: number, j: number) => total[1 + q + (i * (i + 1)) / 2 + j]!;
  const mean = new Float64Array(q);
  for (let i = 0; i < q; i++) mean[i] = total[1 + i]! / count;
  const chol = new Float64Array(q * q);
  let logDet = 0;
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      const cov = outer(i, j) / count - mean[i]! * mean[j]!;
      const variance = outer(i, i) / count - mean[i]! * mean[i]!;
      // A little ridge: a voice heard for a few seconds must not give a degenerate Gaussian.
      let sum = cov + (i === j ? 1e-4 + 0.01 * variance : 0);
      for (let k = 0; k < j; k++) sum -= chol[i * q + k]! * chol[j * q + k]!;
      chol[i * q + j] = i === j ? Math.sqrt(Math.max(sum, 1e-9)) : sum / chol[j * q + j]!;
    }
    logDet += 2 * Math.log(chol[i * q + i]!);
  }
  // The precision from the factor: L⁻¹ column by column, then L⁻ᵀ L⁻¹.
  const inverse = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    for (let i = c; i < q; i++) {
      let v = i === c ? 1 : 0;
      for (let k = c; k < i; k++) v -= chol[i * q + k]! * inverse[k * q + c]!;
      inverse[i * q + c] = v / chol[i * q + i]!;
    }
  }
  const precision = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let v = 0;
      for (let k = i; k < q; k++) v += inverse[k * q + i]! * inverse[k * q + j]!;
      precision[i * q + j] = v;
      precision[j * q + i] = v;
    }
  }
  // P μ, once per voice rather than once per piece scored.
  const precisionMean = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let pm = 0;
    for (let j = 0; j < q; j++) pm += precision[i * q + j]! * mean[j]!;
    precisionMean[i] = pm;
  }
  return { mean, precision, precisionMean, logDet };
}

/**
 * Each piece's evidence for voice 1 over voice 0: the log-likelihood ratio of all its frames,
 * log N(x; μ₁, P₁) − log N(x; μ₀, P₀) summed over them, from the piece's sums. Per frame
 * (x−μ)ᵀP(x−μ) sums to tr(P Σxxᵀ) − 2 (Pμ)·Σx + n μᵀPμ, so the ratio needs the difference of the two
 * precisions once (over the triangle, the off-diagonal counted twice) and one pass over each piece.
 */
function evidenceOf(models: [Gaussian, Gaussian], sums: PieceSums, out: Float64Array): void {
  const [g0, g1] = models;
  const difference = new Float64Array(triangle);
  for (let i = 0, t = 0; i < q; i++) {
    for (let j = 0; j <= i; j++, t++) difference[t] = (g1.precision[i * q + j]! - g0.precision[i * q + j]!) * (i === j ? 1 : 2);
  }
  const linear = new Float64Array(q);
  let perFrame = g1.logDet - g0.logDet;
  for (let i = 0; i < q; i++) {
    linear[i] = 2 * (g1.precisionMean[i]! - g0.precisionMean[i]!);
    perFrame += g1.precisionMean[i]! * g1.mean[i]! - g0.precisionMean[i]! * g0.mean[i]!;
  }
  const { values } = sums;
  for (let n = 0; n < sums.count; n++) {
    const at = n * stride;
    let quadratic = values[at]! * perFrame;
    for (let i = 0; i < q; i++) quadratic -= linear[i]! * values[at + 1 + i]!;
    for (let t = 0; t < triangle; t++) quadratic += difference[t]! * values[at + 1 + q + t]!;
    out[n] = -0.5 * quadratic;
  }
}

/** Frames of 10 ms overlap and follow each other: their evidence is worth about this share each. */
const frameEvidence = 0.08;
/** The cost, in log-likelihood, of the voice changing between two pieces of speech less than `bridgeMs` apart. */
const switchCost = 4;

/**
 * Re-segmentation: a Gaussian per voice over the frames given to it, each piece scored against
 * both, and the labels chosen along the take with a cost for each change of voice (Viterbi over
 * the pieces), a few rounds. Returns each piece's own evidence (log-likelihood ratio, voice 1
 * over voice 0) of the last round.
 */
function resegment(pieces: Piece[], sums: PieceSums, rounds: number): Float64Array {
  const evidence = new Float64Array(pieces.length);
  const cost = [new Float64Array(pieces.length), new Float64Array(pieces.length)];
  const from = [new Uint8Array(pieces.length), new Uint8Array(pieces.length)];
  for (let round = 0; round < rounds; round++) {
    const models = fitGaussians(sums, pieces);
    if (!models) break;
    evidenceOf(models, sums, evidence);
    for (let i = 0; i < pieces.length; i++) evidence[i]! *= frameEvidence;
    for (let i = 0; i < pieces.length; i++) {
      const near = i > 0 && pieces[i]!.startMs - pieces[i - 1]!.endMs < 400;
      for (let k = 0; k < 2; k++) {
        const own = k === 0 ? 0 : evidence[i]!;
        if (i === 0) {
          cost[k]![i] = -own;
          continue;
        }
        const stay = cost[k]![i - 1]!;
        const change = cost[1 - k]![i - 1]! + (near ? switchCost : switchCost / 4);
        from[k]![i] = stay <= change ? k : 1 - k;
        cost[k]![i] = Math.min(stay, change) - own;
      }
    }
    let label = (cost[0]![pieces.length - 1]! <= cost[1]![pieces.length - 1]! ? 0 : 1) as 0 | 1;
    let moved = false;
    for (let i = pieces.length - 1; i >= 0; i--) {
      moved ||= pieces[i]!.label !== label;
      pieces[i]!.label = label;
      label = from[label]![i] as 0 | 1;
    }
    if (!moved) break;
  }
  return evidence;
}

/**
 * How often two pieces of speech that follow each other closely lean the same way on their own
 * evidence: in a conversation the voice changes only at turns, so a split into two real voices
 * agrees on nearly every such pair; one voice split in two agrees little more than by chance.
 */
function agreementOf(pieces: Piece[], evidence: Float64Array): number {
  let pairs = 0;
  let same = 0;
  for (let i = 1; i < pieces.length; i++) {
    if (pieces[i]!.startMs - pieces[i - 1]!.endMs >= 400) continue;
    pairs++;
    if (evidence[i]! > 0 === evidence[i - 1]! > 0) same++;
  }
  if (!pairs) return 0;
  // Beyond what two groups of these sizes would agree by chance (a group of one stray piece agrees with itself everywhere).
  const share = pieces.filter((_, i) => evidence[i]! > 0).length / pieces.length;
  const chance = share ** 2 + (1 - share) ** 2;
  return chance < 1 ? Math.max(0, (same / pairs - chance) / (1 - chance)) : 0;
}

/** Splits one track's speech into two voices; `features` must carry `voice` (decoded with `voices`). */
export function diarize(features: ChannelFeatures): Diarization {
  if (!features.voice) throw new Error('diarize needs the voice features of the track');
  const runs = speechRuns(features.energy, features.voicedShare);
  const pieces = piecesOf(runs).map(({ span, run }) => describe(features, span, run));
  if (pieces.length < 2) return { first: bridge(pieces), second: [], confidence: 0 };
  fillPitch(pieces);
  const raw = pieces.map((p) => Float64Array.from(p.values));
  whiten(pieces, cholesky(withinCovariance(pieces)));
  const mean = centreOf(pieces);
  const axis = mainDirection(pieces, mean);
  const projections = pieces.map((p) => p.values.reduce((sum, v, d) => sum + (v - mean[d]!) * axis[d]!, 0));
  const far = pieces.reduce((best, p) => (distance2(p.values, mean) > distance2(best.values, mean) ? p : best));
  const other = pieces.reduce((best, p) => (distance2(p.values, far.values) > distance2(best.values, far.values) ? p : best));
  const byMedian = (xs: number[]) => {
    const m = [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return xs.map((x) => (x < m ? 0 : 1) as 0 | 1);
  };
  const starts: (0 | 1)[][] = [
    twoMeans(pieces, projections.map((x) => (x < 0 ? 0 : 1))),
    twoMeans(pieces, pieces.map((p) => (distance2(p.values, far.values) <= distance2(p.values, other.values) ? 0 : 1))),
    byMedian(raw.map((v) => v[0]!)),
    byMedian(raw.map((v) => v[cepstrumSize]!)),
  ];
  const sums = pieceSums(features.voice!.cepstra, pieces);
  let best: { labels: (0 | 1)[]; agreement: number } | null = null;
  for (const start of starts) {
    pieces.forEach((p, i) => (p.label = start[i]!));
    const evidence = resegment(pieces, sums, rounds);
    const agreement = agreementOf(pieces, evidence);
    if (!best || agreement > best.agreement) best = { labels: pieces.map((p) => p.label), agreement };
  }
  pieces.forEach((p, i) => (p.label = best!.labels[i]!));
  // The voice heard first is the one that holds most of the first two seconds of speech: a first piece alone may be a breath or a stray label.
  const opening = pieces.filter((p) => p.startMs < pieces[0]!.startMs + 2000);
  const held = [0, 1].map((k) => opening.filter((p) => p.label === k).reduce((sum, p) => sum + weightOf(p), 0));
  const firstLabel = held[1]! > held[0]! ? 1 : 0;
  const spansOf = (label: number) => bridge(pieces.filter((p) => p.label === label).map((p) => ({ startMs: p.startMs, endMs: p.endMs })));
  return { first: spansOf(firstLabel), second: spansOf(1 - firstLabel), confidence: confidenceOf(best!.agreement) };
}
