import { id, idFilter, z } from './validation';

export const recordingMode = z.enum(['camera', 'microphone', 'screen', 'call', 'import']);
export type RecordingMode = z.infer<typeof recordingMode>;

export const recordingStatus = z.enum(['recording', 'finalizing', 'ready', 'failed']);
export type RecordingStatus = z.infer<typeof recordingStatus>;

/** Which audio channel carries whom; in call mode left = local participant, right = remote. */
export const channelMap = z.object({
  left: z.object({ label: z.string().max(100), repId: idFilter.nullable() }),
  right: z.object({ label: z.string().max(100), repId: idFilter.nullable() }).nullable(),
});
export type ChannelMap = z.infer<typeof channelMap>;

/**
 * What a desktop's own finalize found of a take, declared with its upload so the hub can answer
 * once the bytes are in and checked, and probe the take itself afterwards (correcting the row).
 */
export const declaredMedia = z.object({
  durationMs: z.number().int().positive(),
  channels: z.number().int().min(0).max(64),
  hasVideo: z.boolean(),
  videoWidth: z.number().int().positive().nullable(),
  videoHeight: z.number().int().positive().nullable(),
  mimeType: z.string().max(100),
});
export type DeclaredMedia = z.infer<typeof declaredMedia>;

export const consent = z.object({
  repId: z.string(),
  name: z.string(),
  confirmedAt: z.string(),
  confirmedBy: z.string(),
  /** Agreed that the take may go to the team hub for coaching and analysis. */
  shared: z.boolean(),
});
export type Consent = z.infer<typeof consent>;

export const marker = z.object({
  id: z.string(),
  recordingId: z.string(),
  offsetMs: z.number().int().min(0),
  note: z.string(),
  tag: z.string().nullable(),
  createdAt: z.string(),
  /** The revision it was last saved at: an edit made on an older one is refused as stale. */
  updatedAt: z.string(),
});
export type Marker = z.infer<typeof marker>;

/**
 * What is wrong with a ready recording's file: gone from the media folder, a different size than
 * when it was sealed (cut off or replaced), or, found by the last verify, bytes that no longer
 * match its sha256.
 */
export const mediaProblem = z.enum(['missing', 'size_changed', 'hash_mismatch']);
export type MediaProblem = z.infer<typeof mediaProblem>;

export const recording = z.object({
  id: z.string(),
  sessionId: z.string(),
  mode: recordingMode,
  status: recordingStatus,
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  durationMs: z.number().int().nullable(),
  sha256: z.string().nullable(),
  channels: z.number().int().nullable(),
  channelMap: channelMap.nullable(),
  hasVideo: z.boolean(),
  videoWidth: z.number().int().nullable(),
  videoHeight: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
  recovered: z.boolean(),
  error: z.string().nullable(),
  sourceName: z.string().nullable(),
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  consents: z.array(consent),
  /** Checked against the file on every read; null while the file is as it was sealed (or not ready yet). */
  mediaProblem: mediaProblem.nullable(),
  /** When the file was last re-hashed against its sha256, if ever. */
  mediaCheckedAt: z.string().nullable(),
  /**
   * Only in a connected desktop's list answered while the hub is away and never fetched from it:
   * the session's takes this computer knows of, not the team's. The team may have more, so a
   * take's number among these would mislead.
   */
  teamTakesUnknown: z.literal(true).optional(),
});
export type Recording = z.infer<typeof recording>;

export const recordingDetail = recording.extend({ markers: z.array(marker) });
export type RecordingDetail = z.infer<typeof recordingDetail>;

/** Waveform: per channel, one peak (0-255) per `resolutionMs`. */
export const peaks = z.object({ resolutionMs: z.number().int(), channels: z.array(z.array(z.number().int().min(0).max(255))) });
export type Peaks = z.infer<typeof peaks>;

/** MediaRecorder types we accept; WebM first because a killed WebM take still decodes up to its last chunk. */
export const recordableMimeType = z
  .string()
  .max(100)
  .regex(/^(video|audio)\/(webm|mp4|x-matroska)(;.*)?$/, 'Record as WebM, MP4 or Matroska');

const byId = z.object({ id });
export const voiceTrack = z.enum(['seller', 'buyer']);
export type VoiceTrack = z.infer<typeof voiceTrack>;
const peaksChunk = z.array(z.array(z.number().int().min(0).max(255)).max(400)).max(2);

export const recordingsChannels = {
  'recordings:start': {
    input: z.object({
      sessionId: id,
      mode: recordingMode.exclude(['import']),
      mimeType: recordableMimeType,
      consents: z
        .array(
          z.object({
            repId: id,
            /** The second question: may the take be shared with the team hub for coaching and analysis. */
            share: z.boolean().default(false),
          }),
        )
        .min(1, 'Each participant must consent first'),
      confirmedBy: z.string().trim().min(1, 'Say who confirmed the consents').max(200),
      channelMap: channelMap.nullable().default(null),
    }),
    output: recording,
  },
  'recordings:append': {
    input: z.object({
      id,
      seq: z.number().int().min(0),
      /** The chunk's bytes, base64. */
      data: z.string().max(40_000_000),
      /** Peaks the renderer measured while this chunk was recorded (per channel, one per 50 ms). */
      peaks: peaksChunk.optional(),
    }),
    output: z.object({
      bytes: z.number().int(),
      freeBytes: z.number().int(),
      /** Set when the recording must stop now (low disk); the take so far is kept. */
      stop: z.enum(['disk_low']).nullable(),
    }),
  },
  'recordings:keep-alive': { input: byId, output: z.object({ active: z.boolean() }) },
  'recordings:stop': {
    input: byId.extend({ reason: z.enum(['user', 'disk_low', 'error']).default('user') }),
    output: recording,
  },
  'recordings:import': {
    input: z.object({
      sessionId: id,
      fileName: z.string().min(1).max(300),
      mimeType: z.string().max(100).default(''),
      /** One voice of an import of one file per voice: dropped whole if interrupted before the join. */
      track: voiceTrack.optional(),
    }),
    output: recording,
  },
  /** Drops an import still being sent (the other voice's file failed before the join). */
  'recordings:discard-import': { input: byId, output: z.object({ id: z.string() }) },
  /**
   * Zoom's separate audio per participant: two imports of one session, each sent in full and not
   * stopped, become one stereo take (seller left, buyer right, aligned by their start).
   */
  'recordings:join-tracks': { input: z.object({ sellerId: id, buyerId: id }), output: recording },
  'recordings:list': {
    input: z.object({ sessionId: idFilter.optional() }).default({}),
    output: z.array(recording),
  },
  'recordings:get': { input: byId, output: recordingDetail },
  'recordings:peaks': { input: byId, output: peaks },
  'recordings:verify': {
    /** Without an id, every ready recording. */
    input: z.object({ id: id.optional() }).default({}),
    output: z.array(
      z.object({ id: z.string(), problem: mediaProblem.nullable(), message: z.string().nullable(), checkedAt: z.string() }),
    ),
  },
  'recordings:recover': { input: z.object({}).default({}), output: z.array(recording) },
  'recordings:disk': {
    input: z.object({}).default({}),
    output: z.object({ freeBytes: z.number().int(), minFreeBytes: z.number().int(), ffmpeg: z.string().nullable(), ffmpegError: z.string().nullable() }),
  },
  'markers:add': {
    input: z.object({
      recordingId: id,
      offsetMs: z.number().int().min(0),
      note: z.string().trim().max(2000).default(''),
      tag: z.string().trim().max(100).nullable().default(null),
    }),
    output: marker,
  },
  /** baseRevision: the marker's updatedAt this edit (or deletion) was made on; an older one is refused as stale. */
  'markers:update': {
    input: byId.extend({
      note: z.string().trim().max(2000).optional(),
      tag: z.string().trim().max(100).nullable().optional(),
      baseRevision: z.string().max(40).optional(),
    }),
    output: marker,
  },
  'markers:delete': { input: byId.extend({ baseRevision: z.string().max(40).optional() }), output: z.object({ id: z.string() }) },
} as const;

export const recordingsEvents = {
  'recordings:changed': z.object({ ids: z.array(z.string()) }),
  'recordings:progress': z.object({ id: z.string(), phase: z.string(), percent: z.number().min(0).max(100) }),
  'recordings:recovered': z.object({
    recordings: z.array(z.object({ id: z.string(), durationMs: z.number().int().nullable() })),
    /** Imports of one file per voice cut off before the join: dropped whole, nothing kept. */
    droppedPairs: z.number().int().min(0).optional(),
  }),
  /** The desktop window is closing and the user chose to stop: the recorder of each take hands over its last chunks and stops. */
  'recordings:stop-requested': z.object({ ids: z.array(z.string()) }),
} as const;
