import fs from 'node:fs';
import { AppError } from '../../shared/errors';
import type { SpeechAnalysis } from '../../shared/analysis';
import { probe, run, speechResampler, type FfmpegTools } from '../media/ffmpeg';
import { alignedVoicesInput, probeVoiceTracks, type VoiceTracks } from '../media/voice-tracks';
import { diarize } from './diarize';
import { monoMetrics, stereoMetrics, type Span } from './turns';
import { channelsIdentical, detectSpeech, FrameFeatureExtractor, frameMs, type ChannelFeatures } from './voice-activity';

/**
 * The analyser's version: stored with every analysis, and a stored analysis of an older version
 * is run again. Raise it whenever a change can move a number.
 */
export const analyzerVersion = 6;

/** Decoding rate (`speechResampler`): speech and the click test need nothing above 4 kHz. */
const sampleRate = 8000;

/** Which voice each channel carries. */
export interface ChannelRoles {
  left: 'seller' | 'buyer';
  right: 'seller' | 'buyer';
}

export interface AnalyzeOptions {
  /** 'stereo' when each channel is one voice (call mode), 'mono' for one mixed track, 'auto' to tell from the file. */
  layout?: 'auto' | 'stereo' | 'mono';
  roles?: ChannelRoles;
  /** 2: one track (mono, or two identical channels) is split into its two voices; the numbers are estimates. */
  speakers?: 1 | 2;
  /** Which role the voice heard first has on one track of two voices (the seller when absent). */
  first?: 'seller' | 'buyer';
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /**
   * The file's audio already decoded as the analysis decodes it (8 kHz float, first track), with
   * its channel count: read instead of decoding again when the channels are the ones needed.
   */
  decoded?: { file: string; channels: number };
}

/**
 * Streams a file's audio through ffmpeg as 8 kHz float PCM and keeps only per-frame features:
 * memory grows by a few bytes per 10 ms, never by the decoded audio.
 */
export async function decodeFeatures(
  tools: FfmpegTools,
  file: string,
  channels: 1 | 2,
  options: { signal?: AbortSignal; durationMs?: number | null; onProgress?: (f: number) => void; voices?: boolean } = {},
): Promise<ChannelFeatures[]> {
  return decodeWith(tools, ['-i', file, '-map', '0:a:0', '-vn', '-ac', String(channels), '-af', speechResampler], channels, options);
}

/**
 * Per-frame features of audio already decoded to a file. Read twice when that saves work: what
 * tells two voices apart on one track (band balance, pitch) is measured only when the two
 * channels turn out to hold the same track, and then only on the first, the one analysed.
 */
async function featuresOfDecoded(file: string, channels: 1 | 2, options: AnalyzeOptions): Promise<ChannelFeatures[]> {
  const voices = options.speakers === 2;
  const read = { signal: options.signal, onProgress: options.onProgress };
  if (channels === 1) return readFeatures(file, 1, { ...read, voices });
  const features = await readFeatures(file, 2, { ...read, voices: false });
  if (!voices || !channelsIdentical(features)) return features;
  const [first] = await readFeatures(file, 2, { signal: options.signal, voices: true, onlyFirst: true });
  return [first!, features[1]!];
}

/** Per-frame features of audio decoded to a file (8 kHz float32, `channels` interleaved); `onlyFirst`: of its first channel alone. */
async function readFeatures(
  file: string,
  channels: 1 | 2,
  options: { signal?: AbortSignal; onProgress?: (f: number) => void; voices?: boolean; onlyFirst?: boolean },
): Promise<ChannelFeatures[]> {
  const extractor = new FrameFeatureExtractor(options.onlyFirst ? 1 : channels, sampleRate, options.voices);
  const total = fs.statSync(file).size;
  let read = 0;
  const frameBytes = 4 * channels;
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 18, signal: options.signal })) {
      if (options.onlyFirst) {
        // Whole frames only (one sample of each channel), the rest kept for the next chunk.
        const bytes = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
        const frames = Math.floor(bytes.length / frameBytes);
        const first = new Float32Array(frames);
        for (let f = 0; f < frames; f++) first[f] = bytes.readFloatLE(f * frameBytes);
        extractor.pushSamples(first);
        pending = Buffer.from(bytes.subarray(frames * frameBytes));
      } else {
        extractor.pushBytes(chunk as Buffer);
      }
      read += (chunk as Buffer).length;
      if (total) options.onProgress?.(read / total);
    }
  } catch (error) {
    if (options.signal?.aborted) throw new AppError('cancelled', 'Cancelled.');
    throw error;
  }
  return extractor.finish();
}

async function decodeWith(
  tools: FfmpegTools,
  input: string[],
  channels: 1 | 2,
  options: { signal?: AbortSignal; durationMs?: number | null; onProgress?: (f: number) => void; voices?: boolean },
): Promise<ChannelFeatures[]> {
  const extractor = new FrameFeatureExtractor(channels, sampleRate, options.voices);
  // `-flush_packets 0`: the PCM reaches the pipe in full buffers, not one write per decoded packet
  // (a thousand bytes or so each); the thirty times fewer reads cost both ffmpeg and this process
  // less (a fifth of the processor time of splitting a mono take was spent on them).
  await run(tools.ffmpeg, ['-v', 'error', '-nostdin', '-progress', 'pipe:2', ...input, '-flush_packets', '0', '-f', 'f32le', 'pipe:1'], {
    ...options,
    stdout: (chunk) => extractor.pushBytes(chunk),
  });
  return extractor.finish();
}

/**
 * Analyses one file per voice (Zoom's separate audio per participant) as one two-channel take:
 * each file mixed down to one channel, the two aligned by their start (the shorter padded with
 * silence) and read as seller left, buyer right.
 */
export async function analyzeTracks(
  tools: FfmpegTools,
  tracks: VoiceTracks,
  options: Pick<AnalyzeOptions, 'signal' | 'onProgress'> = {},
): Promise<SpeechAnalysis> {
  const longestMs = await probeVoiceTracks(tools, tracks, options.signal);
  const features = await decodeWith(
    tools,
    alignedVoicesInput(tracks, longestMs, speechResampler),
    2,
    { signal: options.signal, durationMs: longestMs || null, onProgress: options.onProgress },
  );
  const durationMs = (features[0]?.energy.length ?? 0) * frameMs || longestMs;
  const [seller, buyer] = detectSpeech(features) as [Span[], Span[]];
  return stereoMetrics(seller, buyer, durationMs, analyzerVersion);
}

/** Analyses any media file's first audio track; nothing is stored. */
export async function analyzeMedia(tools: FfmpegTools, file: string, options: AnalyzeOptions = {}): Promise<SpeechAnalysis> {
  const info = await probe(tools, file, options.signal);
  if (!info.audio || info.audio.channels < 1) {
    throw new AppError('no_audio', 'This file has no audio track, so there is no speech to analyse.');
  }
  const layout = options.layout ?? 'auto';
  const stereo = layout !== 'mono' && info.audio.channels >= 2;
  const wanted = stereo ? 2 : 1;
  const decode = () =>
    decodeFeatures(tools, file, wanted, {
      signal: options.signal,
      durationMs: info.durationMs,
      onProgress: options.onProgress,
      voices: options.speakers === 2,
    });
  const features =
    options.decoded?.channels === wanted
      ? // Samples kept from the import are a saving, not a need: gone meanwhile, the file is decoded.
        await featuresOfDecoded(options.decoded.file, wanted, options).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return decode();
          throw error;
        })
      : await decode();
  const frames = features[0]?.energy.length ?? 0;
  const durationMs = frames * frameMs || info.durationMs || 0;
  // One mixed track saved on both channels has no voice per channel, whatever the caller says the
  // channels hold (a call recorded from a mono device, a mono file sent in as call mode): it is
  // measured as one track, and the result says why.
  const identical = stereo && channelsIdentical(features);
  if (stereo && !identical) {
    const [left, right] = detectSpeech(features) as [Span[], Span[]];
    const roles = options.roles ?? { left: 'seller', right: 'buyer' };
    const seller = roles.left === 'seller' ? left : right;
    const buyer = roles.left === 'seller' ? right : left;
    return stereoMetrics(seller, buyer, durationMs, analyzerVersion);
  }
  const said = identical ? { identicalChannels: true } : {};
  if (options.speakers === 2) {
    const voices = diarize(features[0]!);
    const firstIsSeller = (options.first ?? 'seller') === 'seller';
    const seller = firstIsSeller ? voices.first : voices.second;
    const buyer = firstIsSeller ? voices.second : voices.first;
    return {
      ...stereoMetrics(seller, buyer, durationMs, analyzerVersion),
      channels: 'mono',
      diarization: { confidence: voices.confidence, first: options.first ?? 'seller' },
      ...said,
    };
  }
  const [speech] = detectSpeech(features.slice(0, 1));
  return { ...monoMetrics(speech!, durationMs, analyzerVersion), ...said };
}
