import { z } from './validation';

/** Who a stretch of speech belongs to; `unknown` on a mono take, where voices cannot be told apart. */
export const analysisSpeaker = z.enum(['seller', 'buyer', 'unknown']);
export type AnalysisSpeaker = z.infer<typeof analysisSpeaker>;

export const speechSpan = z.object({ speaker: analysisSpeaker, startMs: z.number().int(), endMs: z.number().int() });
export type SpeechSpan = z.infer<typeof speechSpan>;

export const speakerMetrics = z.object({
  /** Time in this speaker's turns, their pauses included. */
  talkMs: z.number().int(),
  talkRatio: z.number(),
  longestMonologueMs: z.number().int(),
  turns: z.number().int(),
  interruptions: z.number().int(),
  backchannels: z.number().int(),
});
export type SpeakerMetrics = z.infer<typeof speakerMetrics>;

/**
 * What the analysis of one take found. On a mono take the per-speaker fields are null: only
 * speech, silence and pauses can be measured without a channel per voice.
 */
export const speechAnalysis = z.object({
  durationMs: z.number().int(),
  channels: z.enum(['stereo', 'mono']),
  speakers: z.object({ seller: speakerMetrics, buyer: speakerMetrics }).nullable(),
  speakerSwitches: z.number().int().nullable(),
  interactivityPerMinute: z.number().nullable(),
  /** Mean pause between the end of a buyer turn and the start of the seller's next one. */
  patienceMs: z.number().int().nullable(),
  overlapMs: z.number().int().nullable(),
  silenceRatio: z.number(),
  speechMs: z.number().int(),
  /** Pauses between stretches of speech (not the silence before the first or after the last). */
  pauses: z.object({ count: z.number().int(), meanMs: z.number().int().nullable(), longestMs: z.number().int() }),
  /** Speech as the detector heard it, per speaker (short gaps bridged). */
  segments: z.array(speechSpan),
  /** Turns in time order; `interruption` when it started while the other was still speaking. */
  turns: z.array(speechSpan.extend({ interruption: z.boolean() })),
  backchannels: z.array(speechSpan),
  analyzerVersion: z.number().int(),
});
export type SpeechAnalysis = z.infer<typeof speechAnalysis>;
