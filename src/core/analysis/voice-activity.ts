import type { Span } from './turns';

/** Analysis frames of 10 ms: fine enough for hand-over timing, few enough to keep for an hour. */
export const frameMs = 10;

/** Gaps shorter than this inside one speaker's speech are bridged into one stretch. */
export const bridgeMs = 400;

/** The noise floor is measured per second of frames, and each second's from the eight either side of it. */
const blockFrames = 100;
const floorReach = 8;
/** Frames held before their voice features are computed: the floor of a second needs the eight after it. */
const pendingFrames = 1024;

/** A second-order section (RBJ cookbook): its coefficients; `ChannelFrames.filterRun` runs it. */
class Biquad {
  constructor(
    readonly b0: number,
    readonly b1: number,
    readonly b2: number,
    readonly a1: number,
    readonly a2: number,
  ) {}

  static highPass(sampleRate: number, hz: number): Biquad {
    const w = (2 * Math.PI * hz) / sampleRate;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, (-2 * cos) / a0, (1 - alpha) / a0);
  }

  static lowPass(sampleRate: number, hz: number): Biquad {
    const w = (2 * Math.PI * hz) / sampleRate;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, (-2 * cos) / a0, (1 - alpha) / a0);
  }
}

/** A Float32Array that grows by doubling: per-frame features of a long take without an array of numbers. */
class Track {
  data = new Float32Array(4096);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  values(): Float32Array {
    return this.data.subarray(0, this.length);
  }
}

/** Per-frame features of one channel: energy above the rumble, and how much of it is in the voiced band. */
export interface ChannelFeatures {
  /** Mean square of the signal above ~150 Hz, per frame. */
  energy: Float32Array;
  /** Share of that energy below ~1 kHz, where voiced speech lives; a click's is low. */
  voicedShare: Float32Array;
  /** What tells one voice from another, when asked for (`voices`): see `VoiceFeatures`. */
  voice?: VoiceFeatures;
}

/** Cepstral coefficients kept per frame (c1..c12 of a mel spectrum up to 3.8 kHz): a voice's timbre, level aside. */
export const cepstrumSize = 12;

export interface VoiceFeatures {
  /** Mel cepstrum per frame, `cepstrumSize` values a frame (zeros for a silent frame). */
  cepstra: Float32Array;
  /** The voice's pitch per frame (Hz), 0 where the frame is not clearly periodic. */
  pitch: Float32Array;
}

/** FFT length for the cepstrum: 32 ms at 8 kHz, two pitch periods of a low voice. */
const fftSize = 256;
const melBands = 24;

/**
 * The power spectrum of a real frame of `size` samples, through one complex FFT of half the size
 * (even samples as the real part, odd as the imaginary) with its tables built once: the cepstrum
 * runs for every 10 ms of an hour-long take, and this was the larger part of its cost.
 */
class PowerSpectrum {
  private readonly half: number;
  private readonly reversed: Uint16Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  /** |X[k]|² for k = 0..size/2. */
  readonly power: Float64Array;
  constructor(private readonly size: number) {
    const half = size / 2;
    this.half = half;
    this.reversed = new Uint16Array(half);
    for (let i = 0, bits = Math.log2(half); i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversed[i] = r;
    }
    // Twiddles of the full size: the half-size FFT uses every second one, the split step all.
    this.cos = new Float64Array(half);
    this.sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
    this.power = new Float64Array(half + 1);
  }

  /** Fills `power` from `frame` (length `size`). */
  compute(frame: Float64Array): void {
    const { half, re, im, cos, sin, reversed } = this;
    for (let i = 0; i < half; i++) {
      const j = reversed[i]!;
      re[j] = frame[2 * i]!;
      im[j] = frame[2 * i + 1]!;
    }
    // The first two stages need no twiddles (1, and -i): done apart, they spare a third of the multiplications.
    for (let a = 0; a < half; a += 2) {
      const tr = re[a + 1]!;
      const ti = im[a + 1]!;
      re[a + 1] = re[a]! - tr;
      im[a + 1] = im[a]! - ti;
      re[a]! += tr;
      im[a]! += ti;
    }
    for (let a = 0; a < half; a += 4) {
      let tr = re[a + 2]!;
      let ti = im[a + 2]!;
      re[a + 2] = re[a]! - tr;
      im[a + 2] = im[a]! - ti;
      re[a]! += tr;
      im[a]! += ti;
      // Times -i.
      tr = im[a + 3]!;
      ti = -re[a + 3]!;
      re[a + 3] = re[a + 1]! - tr;
      im[a + 3] = im[a + 1]! - ti;
      re[a + 1]! += tr;
      im[a + 1]! += ti;
    }
    for (let len = 8; len <= half; len <<= 1) {
      const step = this.size / len;
      const h = len >> 1;
      for (let i = 0; i < half; i += len) {
        for (let k = 0; k < h; k++) {
          const a = i + k;
          const b = a + h;
          const wr = cos[k * step]!;
          const wi = sin[k * step]!;
          const tr = re[b]! * wr - im[b]! * wi;
          const ti = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - tr;
          im[b] = im[a]! - ti;
          re[a]! += tr;
          im[a]! += ti;
        }
      }
    }
    // Split the half-size transform Z into the real frame's X: X[k] = E[k] + W^k O[k].
    const power = this.power;
    power[0] = (re[0]! + im[0]!) ** 2;
    power[half] = (re[0]! - im[0]!) ** 2;
    for (let k = 1; k < half; k++) {
      const zr = re[k]!;
      const zi = im[k]!;
      const cr = re[half - k]!;
      const ci = -im[half - k]!;
      const er = (zr + cr) / 2;
      const ei = (zi + ci) / 2;
      // O[k] = (Z[k] - conj Z[N/2-k]) / 2i
      const or = (zi - ci) / 2;
      const oi = -(zr - cr) / 2;
      const xr = er + cos[k]! * or - sin[k]! * oi;
      const xi = ei + cos[k]! * oi + sin[k]! * or;
      power[k] = xr * xr + xi * xi;
    }
  }
}

/** Hann window, mel filter bank and DCT of the cepstrum, built once per sample rate. */
class Cepstrum {
  private readonly window = new Float64Array(fftSize);
  private readonly filters: { from: number; weights: Float64Array }[] = [];
  private readonly dct: Float64Array;
  private readonly frame = new Float64Array(fftSize);
  private readonly spectrum = new PowerSpectrum(fftSize);
  private readonly logMel = new Float64Array(melBands);
  constructor(sampleRate: number) {
    for (let i = 0; i < fftSize; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (fftSize - 1));
    const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
    const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);
    const low = mel(100);
    const high = mel(Math.min(3800, sampleRate * 0.475));
    const edges = Array.from({ length: melBands + 2 }, (_, k) => (hz(low + ((high - low) * k) / (melBands + 1)) * fftSize) / sampleRate);
    for (let b = 0; b < melBands; b++) {
      const [l, c, r] = [edges[b]!, edges[b + 1]!, edges[b + 2]!];
      const from = Math.ceil(l);
      const weights = new Float64Array(Math.max(0, Math.floor(r) - from + 1));
      for (let k = 0; k < weights.length; k++) {
        const bin = from + k;
        weights[k] = bin <= c ? (bin - l) / (c - l) : (r - bin) / (r - c);
      }
      this.filters.push({ from, weights });
    }
    this.dct = new Float64Array(cepstrumSize * melBands);
    for (let q = 0; q < cepstrumSize; q++) {
      for (let b = 0; b < melBands; b++) this.dct[q * melBands + b] = Math.cos((Math.PI * (q + 1) * (b + 0.5)) / melBands);
    }
  }

  /**
   * The cepstrum of the `fftSize` samples of `ring` (a power-of-two ring of the signal) that start
   * at sample `start` of the signal (before its first sample: silence) into `out` from `offset`.
   */
  compute(ring: Float32Array, start: number, out: Float32Array, offset: number): void {
    const { frame, window } = this;
    const mask = ring.length - 1;
    for (let i = 0; i < fftSize; i++) frame[i] = start + i < 0 ? 0 : ring[(start + i) & mask]! * window[i]!;
    this.spectrum.compute(frame);
    const power = this.spectrum.power;
    for (let b = 0; b < melBands; b++) {
      const { from, weights } = this.filters[b]!;
      let sum = 1e-10;
      for (let k = 0; k < weights.length; k++) sum += weights[k]! * power[from + k]!;
      this.logMel[b] = Math.log(sum);
    }
    for (let q = 0; q < cepstrumSize; q++) {
      let c = 0;
      for (let b = 0; b < melBands; b++) c += this.dct[q * melBands + b]! * this.logMel[b]!;
      out[offset + q] = c / melBands;
    }
  }
}

/** Pitch is looked for between these (Hz): low men's voices to high women's. */
const pitchRangeHz = [70, 400] as const;
/** A coarse peak below this correlation is not refined unless it is the highest (the pitch needs 0.6 at the full rate). */
const coarseFloor = 0.2;

class ChannelFrames {
  /** The three filters' coefficients (b0, b1, b2, a1, a2 each): two high-passes, then the low-pass. */
  private readonly coefficients: Float64Array;
  /** The filters' state (x1, x2, y1, y2 each, in the same order), then the open frame's two sums of squares. */
  private readonly state = new Float64Array(14);
  /** Samples in the open frame. */
  private count = 0;
  readonly energy = new Track();
  readonly voiced = new Track();
  private readonly cepstrum: Cepstrum | null;
  /**
   * The signal above the rumble, and the low band at half the rate, of the last `heldFrames` frames
   * or more: the voice features of a frame are computed only once the noise floor around it is
   * known (see `decideBlock`), and only where the frame can be speech.
   */
  private readonly wide: Float32Array;
  private readonly ring: Float32Array;
  /** Samples written to `wide` and `ring` so far. */
  private wideTotal = 0;
  private ringTotal = 0;
  /** Per frame not yet given its voice features: where its samples end in `wide` and `ring`, and whether it sounds at all. */
  private readonly pendingWide = new Float64Array(pendingFrames);
  private readonly pendingRing = new Float64Array(pendingFrames);
  private readonly pendingSounds = new Uint8Array(pendingFrames);
  /** Smoothed levels (dB) per frame, and the background's statistics per second, as `background` makes them. */
  private readonly levels = new Track();
  private readonly blockLow = new Track();
  private readonly blockSpread = new Track();
  private readonly blockSilent = new Track();
  /** Frames whose voice features are in `cepstra` and `pitch`. */
  private decided = 0;
  readonly cepstra = new Track();
  readonly pitch = new Track();
  /** The pitch reads the last 32 ms of the low band at half the rate: enough for two periods of 70 Hz. */
  private readonly pitchSamples = 128;
  /** Scratch, reused every frame: the ring in time order, its running energy, this frame's cepstrum. */
  private readonly ordered = new Float64Array(128);
  private readonly energyTo = new Float64Array(129);
  /** The same at 2 kHz for the coarse pitch search, and its running energy. */
  private readonly coarse = new Float64Array(64);
  private readonly coarseTo = new Float64Array(65);
  /** The coarse search's local peaks (lags at 2 kHz) and their correlations. */
  private readonly peaks = new Int32Array(32);
  private readonly peakValues = new Float64Array(32);
  /** The coarse band's normalised correlation with itself, per lag. */
  private readonly coarseCorrelations = new Float64Array(64);
  private readonly frameCepstrum = new Float32Array(cepstrumSize);
  private half = false;
  constructor(private readonly sampleRate: number, private readonly frameSamples: number, private readonly withVoice: boolean) {
    // Two sections: rumble, hum and handling noise sit below 150 Hz and speech hardly does.
    this.coefficients = Float64Array.from(
      [Biquad.highPass(sampleRate, 150), Biquad.highPass(sampleRate, 150), Biquad.lowPass(sampleRate, 1000)].flatMap((f) => [f.b0, f.b1, f.b2, f.a1, f.a2]),
    );
    this.cepstrum = withVoice ? new Cepstrum(sampleRate) : null;
    // Held: the frames of a second and the eight after it, one more frame, and a window's length.
    const held = 2 ** Math.ceil(Math.log2(pendingFrames * frameSamples + fftSize));
    this.wide = new Float32Array(withVoice ? held : 0);
    this.ring = new Float32Array(withVoice ? held / 2 : 0);
  }

  /**
   * Every `stride`-th sample of `samples` from `start`, a frame at a time: `filterRun` takes the
   * samples up to the frame's end (or the chunk's), then the frame closes.
   */
  addRun(samples: Float32Array, start: number, stride: number): void {
    const { frameSamples } = this;
    for (let i = start; i < samples.length; ) {
      const take = Math.min(frameSamples - this.count, Math.ceil((samples.length - i) / stride));
      i = this.filterRun(samples, i, stride, take);
      this.count += take;
      if (this.count === frameSamples) this.close();
    }
  }

  /**
   * `n` samples, every `stride`-th of `samples` from `start`, through the three filters (direct
   * form I); returns where the next sample is. Their state and the frame's sums live in a
   * Float64Array and in locals for the run, the coefficients likewise: per sample, object fields
   * cost a fifth of the voice features, and numbers whose type the optimiser could not prove (read
   * through destructuring, or across a call) were kept boxed, a new box per filter per sample and
   * most of the analysis's garbage.
   */
  private filterRun(samples: Float32Array, start: number, stride: number, n: number): number {
    const { state, coefficients: k, wide, ring, withVoice } = this;
    const wideMask = wide.length - 1;
    const ringMask = ring.length - 1;
    let h1x1 = state[0]!;
    let h1x2 = state[1]!;
    let h1y1 = state[2]!;
    let h1y2 = state[3]!;
    let h2x1 = state[4]!;
    let h2x2 = state[5]!;
    let h2y1 = state[6]!;
    let h2y2 = state[7]!;
    let lx1 = state[8]!;
    let lx2 = state[9]!;
    let ly1 = state[10]!;
    let ly2 = state[11]!;
    let sum = state[12]!;
    let low = state[13]!;
    const p0 = k[0]!;
    const p1 = k[1]!;
    const p2 = k[2]!;
    const pa1 = k[3]!;
    const pa2 = k[4]!;
    const q0 = k[5]!;
    const q1 = k[6]!;
    const q2 = k[7]!;
    const qa1 = k[8]!;
    const qa2 = k[9]!;
    const r0 = k[10]!;
    const r1 = k[11]!;
    const r2 = k[12]!;
    const ra1 = k[13]!;
    const ra2 = k[14]!;
    let { wideTotal, ringTotal, half } = this;
    let i = start;
    for (let m = 0; m < n; m++, i += stride) {
      const s = samples[i]!;
      const a = p0 * s + p1 * h1x1 + p2 * h1x2 - pa1 * h1y1 - pa2 * h1y2;
      h1x2 = h1x1;
      h1x1 = s;
      h1y2 = h1y1;
      h1y1 = a;
      const x = q0 * a + q1 * h2x1 + q2 * h2x2 - qa1 * h2y1 - qa2 * h2y2;
      h2x2 = h2x1;
      h2x1 = a;
      h2y2 = h2y1;
      h2y1 = x;
      const l = r0 * x + r1 * lx1 + r2 * lx2 - ra1 * ly1 - ra2 * ly2;
      lx2 = lx1;
      lx1 = x;
      ly2 = ly1;
      ly1 = l;
      sum += x * x;
      low += l * l;
      if (withVoice) {
        wide[wideTotal & wideMask] = x;
        wideTotal++;
        half = !half;
        if (half) {
          ring[ringTotal & ringMask] = l;
          ringTotal++;
        }
      }
    }
    state[0] = h1x1;
    state[1] = h1x2;
    state[2] = h1y1;
    state[3] = h1y2;
    state[4] = h2x1;
    state[5] = h2x2;
    state[6] = h2y1;
    state[7] = h2y2;
    state[8] = lx1;
    state[9] = lx2;
    state[10] = ly1;
    state[11] = ly2;
    state[12] = sum;
    state[13] = low;
    this.wideTotal = wideTotal;
    this.ringTotal = ringTotal;
    this.half = half;
    return i;
  }

  close(): void {
    if (!this.count) return;
    const sum = this.state[12]!;
    const low = this.state[13]!;
    this.energy.push(sum / this.count);
    this.voiced.push(sum > 0 ? Math.min(1, low / sum) : 0);
    if (this.withVoice) {
      const f = this.energy.length - 1;
      const at = f % pendingFrames;
      this.pendingWide[at] = this.wideTotal;
      this.pendingRing[at] = this.ringTotal;
      this.pendingSounds[at] = (sum / this.count > 1e-10 ? 1 : 0) | (low / this.count > 1e-9 ? 2 : 0);
      if (f > 0) {
        // The level of the frame before, now that its neighbour is known (as `smoothedLevels` has it).
        const e = this.energy.data;
        this.levels.push(dB((e[Math.max(0, f - 2)]! + e[f - 1]! + e[f]!) / 3));
        if (this.levels.length % blockFrames === 0) {
          const b = this.levels.length / blockFrames - 1;
          const stats = blockStats(this.levels.data.subarray(b * blockFrames, (b + 1) * blockFrames));
          this.blockLow.push(stats.low);
          this.blockSpread.push(stats.spread);
          this.blockSilent.push(stats.silent ? 1 : 0);
          // A second's floor is known once the eight after it are.
          if (b >= floorReach) this.decideBlock(b - floorReach);
        }
      }
    }
    this.count = 0;
    this.state[12] = 0;
    this.state[13] = 0;
  }

  /**
   * The voice features of one second's frames, once its noise floor is known (the seconds around
   * it are): computed where the frame is louder than the floor by what keeps speech going (a
   * frame under it is never speech, so never read), zeros elsewhere. Over a take with pauses and
   * a noisy room this skips about half of the frames, and the features of every frame that can be
   * speech are the same as when all were computed.
   */
  private decideBlock(b: number): void {
    const { floor, spread } = floorOfBlock(this.blockLow.data, this.blockSpread.data, this.blockSilent.data, b, this.blockLow.length);
    this.decideUpTo((b + 1) * blockFrames, () => keepThreshold(floor, spread));
  }

  /** Gives frames from `decided` up to `end` their voice features, where a frame's level passes `thresholdAt`. */
  private decideUpTo(end: number, thresholdAt: (frame: number) => number): void {
    const levels = this.levels.data;
    for (let f = this.decided; f < end; f++) {
      const at = f % pendingFrames;
      const sounds = this.pendingSounds[at]!;
      // A little below the threshold: rounding must never leave out a frame that counts.
      const maybeSpeech = levels[f]! > thresholdAt(f) - 0.5;
      if (maybeSpeech && sounds & 1) this.cepstrum!.compute(this.wide, this.pendingWide[at]! - fftSize, this.frameCepstrum, 0);
      else this.frameCepstrum.fill(0);
      for (let q = 0; q < cepstrumSize; q++) this.cepstra.push(this.frameCepstrum[q]!);
      this.pitch.push(maybeSpeech && sounds & 2 ? this.periodicPitch(this.pendingRing[at]! - this.pitchSamples) : 0);
    }
    this.decided = Math.max(this.decided, end);
  }

  /** Closes the last frame and gives the frames still waiting their voice features, with the whole take's floor. */
  finish(): void {
    this.close();
    if (!this.withVoice) return;
    const energy = this.energy.values();
    const levels = smoothedLevels(energy);
    // The streamed levels are the same but for the last frame, which has no neighbour after it.
    this.levels.length = 0;
    for (let i = 0; i < levels.length; i++) this.levels.push(levels[i]!);
    const { floor, spread } = background(levels);
    this.decideUpTo(energy.length, (f) => keepThreshold(floor[f]!, spread[f]!));
  }

  /**
   * The pitch of the low band's last 32 ms by normalised autocorrelation, 0 when no lag repeats it
   * clearly. Searched coarse then fine: every lag on the band at a quarter of the rate (2 kHz, pairs
   * of samples summed), then, at the full 4 kHz, only the lags around the two best coarse peaks.
   * This finds the lag a search of every lag at 4 kHz finds unless two periods repeat the frame
   * almost equally well, at a third of its cost. Window energies come from running sums.
   */
  private periodicPitch(start: number): number {
    const rate = this.sampleRate / 2;
    const n = this.pitchSamples;
    const mask = this.ring.length - 1;
    const x = this.ordered;
    const to = this.energyTo;
    const coarse = this.coarse;
    const coarseTo = this.coarseTo;
    to[0] = 0;
    coarseTo[0] = 0;
    for (let i = 0; i < n; i++) {
      const v = start + i < 0 ? 0 : this.ring[(start + i) & mask]!;
      x[i] = v;
      to[i + 1] = to[i]! + v * v;
    }
    const m = n >> 1;
    for (let j = 0; j < m; j++) {
      const v = x[2 * j]! + x[2 * j + 1]!;
      coarse[j] = v;
      coarseTo[j + 1] = coarseTo[j]! + v * v;
    }
    const minLag = Math.floor(rate / pitchRangeHz[1]);
    const maxLag = Math.min(Math.ceil(rate / pitchRangeHz[0]), n / 2);
    // The local peaks of the coarse correlation (a lag its neighbours do not exceed): the highest,
    // and every other that could still repeat the frame well enough at the full rate.
    const fromCoarse = minLag >> 1;
    const toCoarse = Math.min(maxLag >> 1, m >> 1);
    const peaks = this.peaks;
    // Every coarse lag's correlation first, in one loop here: a number returned from a call the
    // optimiser did not inline was a new box each time.
    const correlations = this.coarseCorrelations;
    for (let lag = fromCoarse; lag <= toCoarse; lag++) {
      let r = 0;
      for (let i = lag; i < m; i++) r += coarse[i]! * coarse[i - lag]!;
      correlations[lag] = r / Math.sqrt((coarseTo[m]! - coarseTo[lag]!) * coarseTo[m - lag]! + 1e-20);
    }
    let count = 0;
    let top = -1;
    let before = -Infinity;
    let current = correlations[fromCoarse]!;
    for (let lag = fromCoarse; lag <= toCoarse; lag++) {
      const after = lag < toCoarse ? correlations[lag + 1]! : -Infinity;
      if (current >= before && current >= after) {
        if (top < 0 || current > this.peakValues[top]!) top = count;
        peaks[count] = lag;
        this.peakValues[count++] = current;
      }
      before = current;
      current = after;
    }
    let bestLag = 0;
    let best = 0;
    for (let p = 0; p < count; p++) {
      if (p !== top && this.peakValues[p]! < coarseFloor) continue;
      const centre = peaks[p]!;
      for (let lag = Math.max(minLag, 2 * centre - 1); lag <= Math.min(maxLag, 2 * centre + 1); lag++) {
        let r = 0;
        for (let i = lag; i < n; i++) r += x[i]! * x[i - lag]!;
        const e0 = to[n]! - to[lag]!;
        const e1 = to[n - lag]!;
        const c = r / Math.sqrt(e0 * e1 + 1e-20);
        if (c > best) {
          best = c;
          bestLag = lag;
        }
      }
    }
    return best > 0.6 ? rate / bestLag : 0;
  }
}

const emptyBuffer = Buffer.alloc(0);

/**
 * Reduces interleaved float PCM, fed in chunks of any size, to per-frame features per channel.
 * Only the features are kept (a few bytes per 10 ms), never the samples.
 */
export class FrameFeatureExtractor {
  private readonly channels: ChannelFrames[];
  private leftover = emptyBuffer;
  private aligned = new Float32Array(0);
  private next = 0;
  /** `voices`: also keep what tells one voice from another (band balance, pitch), for one track of two voices. */
  constructor(readonly channelCount: number, readonly sampleRate: number, voices = false) {
    const frameSamples = Math.round((sampleRate * frameMs) / 1000);
    this.channels = Array.from({ length: channelCount }, () => new ChannelFrames(sampleRate, frameSamples, voices));
  }

  /** Raw little-endian float32 bytes, interleaved. */
  pushBytes(chunk: Buffer): void {
    const data = this.leftover.length ? Buffer.concat([this.leftover, chunk]) : chunk;
    const usable = data.length - (data.length % 4);
    if (data.byteOffset % 4 === 0) {
      // Read in place: a chunk from a pipe or a file is usually its own aligned memory.
      this.pushSamples(new Float32Array(data.buffer, data.byteOffset, usable / 4));
    } else {
      // Copied into an aligned buffer, kept for the next chunk: a Float32Array cannot view an odd offset of the pool.
      if (this.aligned.length < usable / 4) this.aligned = new Float32Array(usable / 4);
      new Uint8Array(this.aligned.buffer, 0, usable).set(data.subarray(0, usable));
      this.pushSamples(this.aligned.subarray(0, usable / 4));
    }
    this.leftover = usable === data.length ? emptyBuffer : Buffer.from(data.subarray(usable));
  }

  pushSamples(samples: Float32Array): void {
    const n = this.channelCount;
    // Sample i belongs to channel (next + i) mod n: each channel takes its samples in one run.
    for (let c = 0; c < n; c++) this.channels[c]!.addRun(samples, (c - this.next + n) % n, n);
    this.next = (this.next + samples.length) % n;
  }

  finish(): ChannelFeatures[] {
    return this.channels.map((c) => {
      c.finish();
      const features: ChannelFeatures = { energy: c.energy.values(), voicedShare: c.voiced.values() };
      return c.cepstra.length ? { ...features, voice: { cepstra: c.cepstra.values(), pitch: c.pitch.values() } } : features;
    });
  }
}

const dB = (energy: number) => 10 * Math.log10(energy + 1e-12);

/** Below this a frame holds no sound at all (16-bit audio's quietest step is about -96 dB). */
const digitalSilenceDb = -100;

/** A second of background whose quietest third stays within this of its quietest tenth is a room's noise, not voice (dB). */
const steadyNoiseSpreadDb = 3;

/**
 * The p-th quantile of values (0..1) without sorting the caller's array: the element a sort of
 * them as float32 would put at that place (NaN sorting last), found by selection rather than by
 * sorting (an hour's frames took a tenth of a second to sort, several times per channel).
 */
function quantile(values: ArrayLike<number>, p: number): number {
  if (!values.length) return 0;
  const at = Math.min(values.length - 1, Math.floor(p * values.length));
  const copy = new Float32Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) copy[count++] = v;
  }
  if (at >= count) return NaN;
  return select(copy.subarray(0, count), at);
}

/**
 * The value that would stand at index k were `a` sorted (no NaN in it); reorders `a` so that
 * what is before k is no greater and what is after no smaller. Hoare's selection with the median
 * of three as pivot; runs of equal values stop both scans, so they cost no more than any others.
 */
function select(a: Float32Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * The background per frame, in dB: `floor`, per second the level that only the quietest tenth of
 * its (smoothed) frames stay under, and of those the lowest within several seconds around; and
 * `spread`, how far the quietest third reaches above the quietest tenth (the smallest within the
 * same seconds). Speech always has gaps between words, so the floor follows a noise that rises or
 * falls over the take without settling on the voice; a percentile rather than the minimum keeps a
 * noise that fluctuates from being taken for quieter than it is. A steady noise (a fan, hiss) has
 * a spread of a decibel or so; chatter in the background, itself voiced speech, rises and falls by
 * several, and the thresholds rise with it so that its peaks do not pass for the speaker.
 */
function background(levels: Float32Array): { floor: Float32Array; spread: Float32Array } {
  const n = levels.length;
  const blocks = Math.ceil(n / blockFrames);
  const blockLow = new Float32Array(blocks);
  const blockSpread = new Float32Array(blocks);
  const silent = new Float32Array(blocks);
  for (let b = 0; b < blocks; b++) {
    const stats = blockStats(levels.subarray(b * blockFrames, Math.min(n, (b + 1) * blockFrames)));
    blockLow[b] = stats.low;
    blockSpread[b] = stats.spread;
    silent[b] = stats.silent ? 1 : 0;
  }
  const floor = new Float32Array(n);
  const spread = new Float32Array(n);
  for (let b = 0; b < blocks; b++) {
    const at = floorOfBlock(blockLow, blockSpread, silent, b, blocks);
    floor.fill(at.floor, b * blockFrames, Math.min(n, (b + 1) * blockFrames));
    spread.fill(at.spread, b * blockFrames, Math.min(n, (b + 1) * blockFrames));
  }
  return { floor, spread };
}

/** The sounding levels of the second `blockStats` is looking at, sorted in place: one array for the whole take. */
const soundingScratch = new Float32Array(blockFrames);

/** One second's (`blockFrames`) part of `background`: its quietest tenth, its spread and whether it is digital silence. */
function blockStats(all: Float32Array): { low: number; spread: number; silent: boolean } {
  // A little digital silence (a codec's padding at the start or end) is no room's noise: the
  // floor comes from the frames that sound.
  let count = 0;
  for (let i = 0; i < all.length; i++) if (all[i]! > digitalSilenceDb) soundingScratch[count++] = all[i]!;
  const sounding = soundingScratch.subarray(0, count);
  if (all.length >= blockFrames / 2 && sounding.length <= all.length / 2) return { low: Infinity, spread: Infinity, silent: true };
  if (sounding.length < blockFrames / 4) return { low: Infinity, spread: Infinity, silent: false };
  // The quietest third's top, then the quietest tenth's within what is under it (no NaN passed the test above).
  const third = Math.floor(0.3 * sounding.length);
  const tenth = Math.floor(0.1 * sounding.length);
  const upper = select(sounding, third);
  const low = tenth < third ? select(sounding.subarray(0, third), tenth) : upper;
  // A second that is partly digital silence (a codec's near-silence) says nothing of a room's spread.
  const spread = sounding.length >= 0.9 * blockFrames ? upper - low : Infinity;
  return { low, spread, silent: false };
}

/** The floor and spread of second `b` of `blocks` from the seconds' statistics (see `background`). */
function floorOfBlock(blockLow: Float32Array, blockSpread: Float32Array, silent: Float32Array, b: number, blocks: number): { floor: number; spread: number } {
  let m = Infinity;
  let s = Infinity;
  let silence = false;
  for (let k = Math.max(0, b - floorReach); k <= Math.min(blocks - 1, b + floorReach); k++) {
    m = Math.min(m, blockLow[k]!);
    s = Math.min(s, blockSpread[k]!);
    silence ||= silent[k] === 1;
  }
  // Seconds of digital silence are the floor of a clean recording, whose sounding seconds are all
  // voice; beside a room's steady noise (a file that ends or is muted early, a shorter track
  // padded to the longer) they say nothing of that noise.
  if (silence && !(s <= steadyNoiseSpreadDb)) {
    m = digitalSilenceDb;
    s = 0;
  }
  return { floor: Number.isFinite(m) ? m : digitalSilenceDb, spread: Number.isFinite(s) ? s : 0 };
}

/** Levels in dB, each the mean energy of three frames around it: a frame of noise alone jumps about too much. */
function smoothedLevels(energy: Float32Array): Float32Array {
  const n = energy.length;
  const levels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = energy[Math.max(0, i - 1)]!;
    const c = energy[Math.min(n - 1, i + 1)]!;
    levels[i] = dB((a + energy[i]! + c) / 3);
  }
  return levels;
}

export interface DetectorSettings {
  /** dB above the noise floor that starts speech, and that keeps it going. */
  onDb: number;
  offDb: number;
  /** Speech is never quieter than this below the channel's loud speech (dB). */
  rangeDb: number;
  /** Frames within a stretch that must look voiced for it to count as speech (clicks never do). */
  minVoicedFrames: number;
  voicedShare: number;
  /** How far above the expected bleed from the other channel a frame must be to be this speaker's own (dB). */
  dominanceDb: number;
  /** dB the thresholds rise per dB of the background's spread (see `background`). */
  spreadWeight: number;
  maxLiftDb: number;
  /** dB under its recent peak where a stretch's voice ended and the room's echo goes on (see `voiceEnd`). */
  tailDb: number;
  /** A frame this close to the recent peak is still the voice, not its echo (dB). */
  returnDb: number;
  /** A rise between frames smaller than this still counts as decay (noise on a falling level). */
  decayToleranceDb: number;
  /** A stretch whose level only falls after this many frames is a knock, not a voice. */
  knockRiseFrames: number;
  /** How short a knock is, and how far it jumps from the frame before it (dB). */
  knockMaxFrames: number;
  knockJumpDb: number;
}

export const defaultDetector: DetectorSettings = {
  onDb: 12,
  offDb: 6,
  rangeDb: 40,
  minVoicedFrames: 6,
  voicedShare: 0.45,
  dominanceDb: 6,
  spreadWeight: 4,
  maxLiftDb: 10,
  tailDb: 10,
  returnDb: 6,
  decayToleranceDb: 0.5,
  knockRiseFrames: 3,
  knockMaxFrames: 40,
  knockJumpDb: 20,
};

/**
 * The level (dB) a frame must pass, over a background of `floor` and `spread`, to be part of speech
 * with the default settings: the least `speechRuns` asks of a frame it keeps.
 */
function keepThreshold(floor: number, spread: number): number {
  return floor + defaultDetector.offDb + Math.min(defaultDetector.maxLiftDb, defaultDetector.spreadWeight * spread);
}

/** A channel's smoothed levels and their background: worked out once, read by both `aboveFloor` and `speechRuns`. */
interface Levels {
  levels: Float32Array;
  floor: Float32Array;
  spread: Float32Array;
}

function levelsOf(energy: Float32Array): Levels {
  const levels = smoothedLevels(energy);
  return { levels, ...background(levels) };
}

/** The own channel's energy above its noise floor, per frame: what could be voice, own or leaked. */
function aboveFloor(energy: Float32Array, known: Levels = levelsOf(energy)): Float32Array {
  const { floor } = known;
  const out = new Float32Array(energy.length);
  // The floor is the quiet end of the noise; its mean sits about twice as high. It holds for a
  // second at a time, so its energy is worked out only when it changes.
  let floorDb = NaN;
  let noise = 0;
  for (let i = 0; i < energy.length; i++) {
    if (floor[i]! !== floorDb) {
      floorDb = floor[i]!;
      noise = 2 * 10 ** (floorDb / 10);
    }
    out[i] = Math.max(0, energy[i]! - noise);
  }
  return out;
}

/**
 * How much of `other` leaks into `own` (an energy ratio): the low end of own/other over frames
 * where the other channel is loud, with the own channel's noise taken off first (else a noisy
 * microphone would look like a large leak). Where the own speaker talks at the same time the
 * ratio is higher, so a low quantile finds the leak itself.
 */
function leakOf(own: Float32Array, other: Float32Array): number {
  const loud = quantile(other, 0.95);
  const ratios = new Float32Array(other.length);
  let count = 0;
  for (let i = 0; i < other.length; i++) if (other[i]! > loud * 0.3 && other[i]! > 1e-9) ratios[count++] = own[i]! / other[i]!;
  if (count < 20) return 0;
  return Math.min(0.5, quantile(ratios.subarray(0, count), 0.3));
}

/**
 * Where the voice of a stretch of frames [from, to) ended. In a reverberant room the level after
 * the last word falls with the room's echo and stays above the floor for long after the voice
 * stopped (0.6 s in a bare meeting room), rippling as it falls. The voice's own level never comes
 * back near its recent peak in that tail, so the voice ended at its last frame near the peak of
 * the half second before it, once the level fell `tailDb` under that peak.
 */
function voiceEnd(levels: Float32Array, from: number, to: number, settings: DetectorSettings): number {
  const reach = 50;
  const recentPeak = (k: number) => {
    let m = -Infinity;
    for (let q = Math.max(from, k - reach); q <= k; q++) m = Math.max(m, levels[q]!);
    return m;
  };
  let last = to - 1;
  while (last > from && levels[last]! < recentPeak(last) - settings.returnDb) last--;
  const peak = recentPeak(last);
  let end = last + 1;
  while (end < to && levels[end]! >= peak - settings.tailDb) end++;
  return end;
}

/**
 * Speech of one channel from its frame energies. `own` marks the frames loud enough to be this
 * channel's own voice rather than the other channel leaking in; the others can neither start
 * nor carry speech.
 */
function detect(energy: Float32Array, voicedShare: Float32Array, settings: DetectorSettings, own?: Uint8Array, known?: Levels): Span[] {
  return bridge(speechRuns(energy, voicedShare, settings, own, known));
}

/** Stretches of one speaker's speech with gaps under `bridgeMs` joined. */
export function bridge(runs: Span[]): Span[] {
  const bridged: Span[] = [];
  for (const r of runs) {
    const last = bridged.at(-1);
    if (last && r.startMs - last.endMs < bridgeMs) last.endMs = Math.max(last.endMs, r.endMs);
    else bridged.push({ ...r });
  }
  return bridged;
}

/** The stretches of speech of one channel, word groups apart, before short gaps are bridged. */
export function speechRuns(
  energy: Float32Array,
  voicedShare: Float32Array,
  settings: DetectorSettings = defaultDetector,
  own?: Uint8Array,
  known: Levels = levelsOf(energy),
): Span[] {
  const n = energy.length;
  const { levels, floor, spread } = known;
  // A restless background lifts both thresholds by several times its spread; a steady one hardly at all.
  const lift = (i: number) => Math.min(settings.maxLiftDb, settings.spreadWeight * spread[i]!);
  const loud = quantile(levels, 0.98);
  const absolute = Math.max(loud - settings.rangeDb, -80);
  const mine = (i: number) => !own || own[i] === 1;
  const on = (i: number) => mine(i) && levels[i]! > Math.max(floor[i]! + settings.onDb + lift(i), absolute);
  const keep = (i: number) =>
    mine(i) && levels[i]! > Math.max(floor[i]! + settings.offDb + lift(i), absolute - (settings.onDb - settings.offDb));
  const runs: Span[] = [];
  let i = 0;
  while (i < n) {
    if (!keep(i)) {
      i++;
      continue;
    }
    let j = i;
    let triggered = false;
    let voicedFrames = 0;
    while (j < n && keep(j)) {
      if (on(j)) {
        triggered = true;
        if (voicedShare[j]! >= settings.voicedShare) voicedFrames++;
      }
      j++;
    }
    if (triggered && voicedFrames >= settings.minVoicedFrames) {
      // Walk back over the decay the stretch ends on, to where the level last stopped falling.
      let peak = j - 1;
      let highest = levels[peak]!;
      while (peak > i && levels[peak - 1]! >= highest - settings.decayToleranceDb) {
        peak--;
        highest = Math.max(highest, levels[peak]!);
      }
      // A knock (a desk thump, a mug set down) jumps to its peak at once and is all decay after it,
      // over a fraction of a second; a voice rises over a few frames and moves.
      const knock =
        peak - i <= settings.knockRiseFrames &&
        j - i <= settings.knockMaxFrames &&
        levels[peak]! - levels[Math.max(0, i - 3)]! >= settings.knockJumpDb;
      if (!knock) runs.push({ startMs: i * frameMs, endMs: voiceEnd(levels, i, j, settings) * frameMs });
    }
    i = j;
  }
  return runs;
}

/** The longest echo delay looked for: a call's playback and capture path, or a large room (frames). */
export const maxEchoFrames = 250 / frameMs;

/**
 * How many frames late `other` reaches `own` (an echo off the speakers, a far microphone): the lag,
 * 0 to 250 ms, at which the amplitude envelopes correlate best. Turn-taking makes two voices
 * anti-correlated at every lag, so only a real leak gives a clear peak; without one the lag found
 * does no harm, as the leak measured at it is nothing.
 */
export function echoLag(own: Float32Array, other: Float32Array): number {
  const n = Math.min(own.length, other.length);
  if (n < 10 * maxEchoFrames) return 0;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    a[i] = Math.sqrt(own[i]!);
    b[i] = Math.sqrt(other[i]!);
    meanA += a[i]!;
    meanB += b[i]!;
  }
  meanA /= n;
  meanB /= n;
  for (let i = 0; i < n; i++) {
    a[i]! -= meanA;
    b[i]! -= meanB;
  }
  let best = 0;
  let bestScore = -Infinity;
  for (let lag = 0; lag <= maxEchoFrames; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += a[i]! * b[i - lag]!;
    const score = sum / (n - lag);
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best;
}

/** `other` as it arrives in the own channel: `lag` frames late, and smeared over a frame either side. */
function delayed(other: Float32Array, lag: number): Float32Array {
  const out = new Float32Array(other.length);
  for (let i = 0; i < other.length; i++) {
    const at = i - lag;
    out[i] = Math.max(other[at - 1] ?? 0, other[at] ?? 0, other[at + 1] ?? 0);
  }
  return out;
}

/**
 * Speech per channel. With two channels, each frame keeps only what is above the leak expected
 * from the other channel, so the far side heard in the seller's microphone is not the seller.
 * The leak is compared at the delay it arrives with (measured on the take), so the tail of the
 * far side's words, echoing late, is not taken for the listener speaking.
 */
export function detectSpeech(features: ChannelFeatures[], settings: DetectorSettings = defaultDetector): Span[][] {
  if (features.length === 1) return [detect(features[0]!.energy, features[0]!.voicedShare, settings)];
  const [a, b] = features as [ChannelFeatures, ChannelFeatures];
  const n = Math.min(a.energy.length, b.energy.length);
  const margin = 10 ** (settings.dominanceDb / 10);
  const ownFrames = (own: Float32Array, other: Float32Array, known: Levels) => {
    const voice = aboveFloor(own, known);
    const heard = delayed(other.subarray(0, n), echoLag(voice.subarray(0, n), other.subarray(0, n)));
    const leak = leakOf(voice.subarray(0, n), heard) * margin;
    const mask = new Uint8Array(own.length).fill(1);
    for (let i = 0; i < n; i++) if (voice[i]! <= leak * heard[i]!) mask[i] = 0;
    return mask;
  };
  const levelsA = levelsOf(a.energy);
  const levelsB = levelsOf(b.energy);
  return [
    detect(a.energy, a.voicedShare, settings, ownFrames(a.energy, b.energy, levelsA), levelsA),
    detect(b.energy, b.voicedShare, settings, ownFrames(b.energy, a.energy, levelsB), levelsB),
  ];
}

/**
 * Whether a two-channel file really carries one voice track twice (a mono microphone recorded
 * as stereo): the channels' levels agree within a decibel on nearly every sounding frame.
 */
export function channelsIdentical(features: ChannelFeatures[]): boolean {
  if (features.length < 2) return true;
  const [a, b] = features as [ChannelFeatures, ChannelFeatures];
  const n = Math.min(a.energy.length, b.energy.length);
  let sounding = 0;
  let same = 0;
  for (let i = 0; i < n; i++) {
    if (a.energy[i]! < 1e-8 && b.energy[i]! < 1e-8) continue;
    sounding++;
    if (Math.abs(dB(a.energy[i]!) - dB(b.energy[i]!)) < 1) same++;
    // Different on a twentieth of all frames already: at most 95% of the sounding ones can agree.
    else if (sounding - same >= 0.05 * n) return false;
  }
  return sounding > 0 && same / sounding > 0.95;
}
