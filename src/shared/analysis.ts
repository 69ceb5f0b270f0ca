import { id, z } from './validation';

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
  /** The file had two channels carrying the same sound (one mixed track saved twice), so it was measured as one track. */
  identicalChannels: z.boolean().optional(),
  /**
   * Present when the two voices of one track were told apart by their pitch and timbre: the
   * per-speaker numbers are then estimates. `confidence` (0..1) is how clearly the speech fell
   * into two voices; `first` is the role given to the voice heard first, guessed (the seller) until
   * someone who takes part in the session `confirmed` it.
   */
  diarization: z
    .object({ confidence: z.number().min(0).max(1), first: z.enum(['seller', 'buyer']), confirmed: z.boolean().optional() })
    .optional(),
});
export type SpeechAnalysis = z.infer<typeof speechAnalysis>;

/** `no_sound`: the take has no audio track (video only), so there is nothing to analyse. */
export const analysisState = z.enum(['pending', 'running', 'done', 'failed', 'no_sound']);
export type AnalysisState = z.infer<typeof analysisState>;

/** Medians over the team's other analysed call-mode takes: what "usual" looks like beside this take. */
export const teamMedians = z.object({
  takes: z.number().int(),
  sellerTalkRatio: z.number(),
  sellerLongestMonologueMs: z.number().int(),
  interactivityPerMinute: z.number(),
  patienceMs: z.number().int().nullable(),
});
export type TeamMedians = z.infer<typeof teamMedians>;

export const recordingAnalysis = z.object({
  recordingId: z.string(),
  /** null: the recording is not ready yet (or failed), so there is nothing to analyse. */
  state: analysisState.nullable(),
  percent: z.number().min(0).max(100).nullable(),
  analysis: speechAnalysis.nullable(),
  /** Why the last run failed, in words a person can act on. */
  error: z.string().nullable(),
  /** null with fewer than three other analysed call takes. */
  team: teamMedians.nullable(),
});
export type RecordingAnalysis = z.infer<typeof recordingAnalysis>;

const byRecording = z.object({ id });

/** One analysed call take of a rep as the seller: a point of their trend over time. */
export const trendPoint = z.object({
  recordingId: z.string(),
  sessionId: z.string(),
  startedAt: z.string(),
  talkRatio: z.number(),
  longestMonologueMs: z.number().int(),
  interactivityPerMinute: z.number(),
  patienceMs: z.number().int().nullable(),
  interruptions: z.number().int(),
});
export type TrendPoint = z.infer<typeof trendPoint>;

export const analysisChannels = {
  'recordings:analysis': { input: byRecording, output: recordingAnalysis },
  /** Queues the analysis now (again with `force`, e.g. after a failure); progress comes as events. */
  'analysis:run': { input: byRecording.extend({ force: z.boolean().default(false) }), output: recordingAnalysis },
  /** A rep's metrics over time, oldest first, from the call takes they recorded as the seller (for Progress and certification). */
  'analysis:trend': { input: z.object({ repId: id }), output: z.array(trendPoint) },
  /**
   * On one track of two voices: which role the voice heard first has (`seller`: as guessed,
   * `buyer`: swap them). The numbers follow, and are shown as confirmed rather than guessed.
   */
  'analysis:confirm-voices': { input: byRecording.extend({ first: z.enum(['seller', 'buyer']) }), output: recordingAnalysis },
} as const;

export const analysisEvents = {
  'analysis:changed': z.object({ id: z.string(), state: analysisState, percent: z.number().min(0).max(100) }),
} as const;
