import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { probe, run, type FfmpegTools, type ProbeResult } from '../media/ffmpeg';
import { readMatroskaHead } from '../media/matroska-head';
import { decodePeaks, parseLivePeaks, peakResolutionMs } from '../media/peaks';
import type { DeclaredMedia } from '../../shared/recordings';
import { ownerOnlyTree } from '../owner-only';

export interface FinalizeInput {
  tools: FfmpegTools;
  /** The take as written while recording, or the imported file. */
  source: string;
  /** The folder the results go to. */
  dir: string;
  /** Live peaks written while recording (one JSON line per chunk), if any. */
  livePeaksFile?: string;
  /** The type the recorder declared (a take recorded here): the copy starts without a probe. */
  mimeType?: string;
  /**
   * Keep the audio decoded for the peaks (`decodedAudioFile`) for the speech analysis that
   * follows, so an import is decoded once.
   */
  keepDecodedAudio?: boolean;
  /** Imports are checked strictly; a recorded take keeps whatever can be decoded. */
  strict: boolean;
  signal?: AbortSignal;
  onProgress?: (phase: string, percent: number) => void;
}

export interface FinalizeResult {
  fileName: string;
  sizeBytes: number;
  durationMs: number;
  sha256: string;
  channels: number;
  mimeType: string;
  hasVideo: boolean;
  videoWidth: number | null;
  videoHeight: number | null;
  hasThumbnail: boolean;
}

type Target = { ext: string; mimeType: string; args: string[] };

const webmCodecs = new Set(['vp8', 'vp9', 'av1', 'opus', 'vorbis']);

/** Container for the stream copy: the one the streams came in, made seekable. */
function targetFor(info: ProbeResult): Target {
  const format = info.formatName;
  const hasVideo = info.video !== null;
  if (format.includes('matroska') || format.includes('webm')) {
    const webm = [info.audio?.codec, info.video?.codec].every((c) => c === undefined || webmCodecs.has(c));
    if (webm) return { ext: 'webm', mimeType: hasVideo ? 'video/webm' : 'audio/webm', args: ['-f', 'webm'] };
    return { ext: 'mkv', mimeType: hasVideo ? 'video/x-matroska' : 'audio/x-matroska', args: ['-f', 'matroska'] };
  }
  if (format.includes('mp4') || format.includes('mov')) {
    return hasVideo
      ? { ext: 'mp4', mimeType: 'video/mp4', args: ['-f', 'mp4', '-movflags', '+faststart'] }
      : { ext: 'm4a', mimeType: 'audio/mp4', args: ['-f', 'ipod', '-movflags', '+faststart'] };
  }
  if (format === 'wav') return { ext: 'wav', mimeType: 'audio/wav', args: ['-f', 'wav'] };
  if (format === 'mp3') return { ext: 'mp3', mimeType: 'audio/mpeg', args: ['-f', 'mp3'] };
  if (format === 'ogg') return { ext: 'ogg', mimeType: 'audio/ogg', args: ['-f', 'ogg'] };
  throw new AppError('unsupported_media', `Reprise cannot keep "${format}" files; use WebM, MP4, M4A, MKV, WAV, MP3 or OGG.`);
}

/**
 * The container for a take recorded here, told from the type the recorder declared instead of
 * from a probe of the take; null when the type says too little (then the take is probed).
 */
function targetForMime(mimeType: string): (Target & { hasVideo: boolean }) | null {
  const [base = '', ...params] = mimeType.toLowerCase().split(';').map((p) => p.trim());
  const listed = params.find((p) => p.startsWith('codecs='))?.slice('codecs='.length).replace(/"/g, '');
  const codecs = (listed ?? '').split(',').map((c) => ({ vp09: 'vp9', av01: 'av1' })[c.trim().split('.')[0]!] ?? c.trim().split('.')[0]!);
  const hasVideo = base.startsWith('video/');
  if (base === 'video/webm' || base === 'audio/webm') {
    if (!listed) return null;
    const webm = codecs.every((c) => webmCodecs.has(c));
    return webm
      ? { ext: 'webm', mimeType: hasVideo ? 'video/webm' : 'audio/webm', args: ['-f', 'webm'], hasVideo }
      : { ext: 'mkv', mimeType: hasVideo ? 'video/x-matroska' : 'audio/x-matroska', args: ['-f', 'matroska'], hasVideo };
  }
  if (base === 'video/x-matroska' || base === 'audio/x-matroska') {
    return { ext: 'mkv', mimeType: hasVideo ? 'video/x-matroska' : 'audio/x-matroska', args: ['-f', 'matroska'], hasVideo };
  }
  if (base === 'video/mp4') return { ext: 'mp4', mimeType: 'video/mp4', args: ['-f', 'mp4', '-movflags', '+faststart'], hasVideo };
  if (base === 'audio/mp4') return { ext: 'm4a', mimeType: 'audio/mp4', args: ['-f', 'ipod', '-movflags', '+faststart'], hasVideo };
  return null;
}

/**
 * The file's SHA-256, read a megabyte at a time into one buffer: a read stream allocates a new
 * buffer for every chunk, and filling fresh memory cost more processor time than the hash;
 * with one buffer it costs about what `openssl dgst -sha256` of the same file does.
 */
export async function sha256(file: string, signal?: AbortSignal): Promise<string> {
  const cancelled = () => new AppError('cancelled', 'Cancelled.');
  if (signal?.aborted) throw cancelled();
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const handle = await fs.promises.open(file, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (signal?.aborted) throw cancelled();
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * The audio an import's peaks were decoded from (8 kHz float samples, `channels` interleaved),
 * kept until its speech analysis has read it.
 */
export const decodedAudioFile = (channels: number) => `decoded-audio.${channels}ch.f32`;

/** Files a finalize writes before renaming them into place; any left over belong to a run that died. */
export const temporaryPrefix = '.finalizing-';

/**
 * Turns a take (or an imported file) into a playable, seekable recording without re-encoding:
 * stream copy into a container with a duration and cues, thumbnail, peaks and sha256.
 * Runs in child processes and streams, so it never blocks the process that calls it.
 *
 * A take recorded here is not probed before the copy: the recorder said what it holds. The
 * thumbnail is cut from the take in the copy's own ffmpeg run, and the copy's length and streams are read from
 * its head (a WebM; other files are probed) beside its hash, so the time a take waits is about the
 * copy's plus the hash's.
 */
export async function finalizeMedia(input: FinalizeInput): Promise<FinalizeResult> {
  const { tools, source, dir, signal } = input;
  const progress = input.onProgress ?? (() => undefined);
  const size = fs.statSync(source, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0) {
    throw new AppError('empty_media', input.strict ? 'The file is empty (0 bytes).' : 'Nothing was recorded: the take has no data.');
  }
  const live = input.livePeaksFile && fs.existsSync(input.livePeaksFile) ? parseLivePeaks(fs.readFileSync(input.livePeaksFile, 'utf8')) : null;
  const declared = !input.strict && input.mimeType ? targetForMime(input.mimeType) : null;
  // Each run writes its own files: an ffmpeg left running by a killed process never shares them.
  const runId = randomUUID();
  const thumbnailTemp = path.join(dir, `${temporaryPrefix}${runId}.jpg`);
  try {
    let copied: { target: Target; info: ProbeResult | null; temporary: string; thumbnail: Promise<boolean> } | null = null;
    if (declared) {
      const estimateMs = live?.[0]?.length ? live[0].length * peakResolutionMs : null;
      copied = await copyStreams(input, declared, null, estimateMs, declared.hasVideo, runId, thumbnailTemp).catch((error: unknown) => {
        // The take is not what its type said (a recovered take of another kind): probe it, as an import is.
        if (error instanceof AppError && error.code === 'cancelled') throw error;
        return null;
      });
    }
    if (!copied) {
      progress('probe', 2);
      let info: ProbeResult;
      try {
        info = await probe(tools, source, signal);
      } catch (error) {
        if (error instanceof AppError && error.code === 'cancelled') throw error;
        throw new AppError('not_media', 'This is not a recording Reprise can read (not audio or video, or damaged at the start).');
      }
      // A take without sound (a camera whose microphone gave no track, a silent screen capture) is still
      // kept and played: it simply has no waveform and no speech analysis.
      if (!info.audio && !info.video) {
        throw new AppError('not_media', 'This is not a recording Reprise can read (not audio or video, or damaged at the start).');
      }
      copied = await copyStreams(input, targetFor(info), info, info.durationMs, info.video !== null, runId, thumbnailTemp);
    }
    const { target, temporary } = copied;
    const output = path.join(dir, `recording.${target.ext}`);
    let result: ProbeResult & { durationMs: number };
    let digest: string;
    let hasThumbnail: boolean;
    try {
      // The copy is final once written: hash it while its length is read and the thumbnail is cut.
      const hashing = sha256(temporary, signal);
      hashing.catch(() => undefined);
      progress('hash', 62);
      // A WebM's head says its length and streams (the muxer wrote them at the end of the copy): no ffprobe to start.
      const probed = (target.ext === 'webm' || target.ext === 'mkv' ? readMatroskaHead(temporary) : null) ?? (await probe(tools, temporary, signal));
      if (!(probed.audio || probed.video) || !probed.durationMs || probed.durationMs < 200) {
        throw new AppError('truncated_media', 'The file is cut off too early to be used: less than a fraction of a second can be played.');
      }
      result = { ...probed, durationMs: probed.durationMs };
      hasThumbnail = await copied.thumbnail;
      // Cut again from the copy when the take was too short for where it was cut, or damaged there.
      if (!hasThumbnail && result.video) hasThumbnail = await makeThumbnail(tools, temporary, thumbnailTemp, thumbnailAt(result.durationMs, !input.strict), signal, dir);
      digest = await hashing;
      fs.renameSync(temporary, output);
    } finally {
      // Nothing of this run keeps writing once it has failed (the frame is cut by then, or cancelled).
      await copied.thumbnail.catch(() => false);
      fs.rmSync(temporary, { force: true });
    }
    if (hasThumbnail) fs.renameSync(thumbnailTemp, path.join(dir, 'thumbnail.jpg'));
    progress('peaks', 70);
    await writePeaks(tools, output, dir, result, live, signal, progress, input.keepDecodedAudio ? runId : undefined);
    ownerOnlyTree(dir);
    progress('done', 100);
    return describe(output, result, targetFor(result).mimeType, digest, hasThumbnail);
  } finally {
    fs.rmSync(thumbnailTemp, { force: true });
  }
}

/**
 * Where the thumbnail is cut, in seconds. A take recorded here: its first frame, the picture its
 * preview showed when the take started (a frame later on is decoded from the keyframe before
 * it, every frame in between). Any other file (an import, an adopted take that came without
 * one): a second in, or halfway through a shorter one, past a black or fading start.
 */
const thumbnailAt = (durationMs: number | null, recordedHere = false) =>
  recordedHere ? '0.00' : (durationMs ? Math.min(1, durationMs / 2000) : 1).toFixed(2);

/** The thumbnail's output: one frame, 480 pixels wide. */
const thumbnailOutput = ['-frames:v', '1', '-vf', 'scale=480:-2'];

const hasFile = (file: string) => (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;

/**
 * The stream copy into `target`; for a video, the thumbnail is cut in the same ffmpeg run: a
 * `movie` source in its filter graph reads the take again from the frame's moment and stops
 * at the first frame there, so no second process starts, nothing past the frame is decoded, and the run
 * keeps a single input (ffmpeg 5 reads two inputs on threads that stall the copy on a busy
 * machine). When that run fails (a take whose picture is damaged there, a type that promised a
 * picture the take lacks) the copy is made alone with the thumbnail cut beside it, as separate
 * runs. On failure nothing of this run keeps writing.
 */
async function copyStreams(
  input: FinalizeInput,
  target: Target,
  info: ProbeResult | null,
  estimateMs: number | null,
  video: boolean,
  runId: string,
  thumbnailTemp: string,
): Promise<{ target: Target; info: ProbeResult | null; temporary: string; thumbnail: Promise<boolean> }> {
  const { tools, source, dir, signal } = input;
  const progress = input.onProgress ?? (() => undefined);
  const temporary = path.join(dir, `${temporaryPrefix}${runId}.${target.ext}`);
  // Without a probe the streams are taken where they are: the first sound and the first picture.
  const maps = info ? [...(info.audio ? ['-map', '0:a:0'] : []), ...(info.video ? ['-map', '0:v:0'] : [])] : ['-map', '0:a:0?', '-map', '0:v:0?'];
  const at = thumbnailAt(estimateMs, !input.strict);
  // The movie source names the take from its own folder: a plain name needs no escaping in a filter graph.
  // The first trim drops what comes before the moment, the second ends the source after the first
  // frame it lets through: the movie is read no further than that frame (a source is read until
  // its graph ends, whatever -frames says; a window of seconds decoded every frame in it).
  const frame = `movie=filename=${path.basename(source)}:seek_point=${at},trim=start=${at},trim=end_frame=1,scale=480:-2[thumbnail]`;
  const copy = (withFrame: boolean) =>
    run(
      tools.ffmpeg,
      [
        '-v', 'error', '-nostdin', '-y', '-progress', 'pipe:2',
        ...(input.strict ? [] : ['-err_detect', 'ignore_err', '-fflags', '+genpts+discardcorrupt']),
        '-i', path.resolve(source),
        ...(withFrame ? ['-filter_complex', frame] : []),
        ...maps, '-c', 'copy', ...target.args, path.resolve(temporary),
        ...(withFrame ? ['-map', '[thumbnail]', '-frames:v', '1', path.resolve(thumbnailTemp)] : []),
      ],
      {
        signal,
        durationMs: estimateMs,
        onProgress: (f) => progress('remux', 5 + Math.round(f * 55)),
        noteIn: dir,
        ...(withFrame ? { cwd: path.dirname(path.resolve(source)) } : {}),
      },
    );
  const removeAll = () => {
    fs.rmSync(temporary, { force: true });
    fs.rmSync(thumbnailTemp, { force: true });
  };
  progress('remux', 5);
  if (video && /^[\w.-]+$/.test(path.basename(source))) {
    try {
      await copy(true);
      return { target, info, temporary, thumbnail: Promise.resolve(hasFile(thumbnailTemp)) };
    } catch (error) {
      removeAll();
      if (error instanceof AppError && error.code === 'cancelled') throw error;
    }
  }
  const stopThumbnail = new AbortController();
  const onAbort = () => stopThumbnail.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const thumbnail = video ? makeThumbnail(tools, source, thumbnailTemp, at, stopThumbnail.signal, dir) : Promise.resolve(false);
  void thumbnail.then(
    () => signal?.removeEventListener('abort', onAbort),
    () => signal?.removeEventListener('abort', onAbort),
  );
  try {
    await copy(false);
  } catch (error) {
    stopThumbnail.abort();
    await thumbnail.catch(() => false);
    removeAll();
    throw error;
  }
  return { target, info, temporary, thumbnail };
}

/** What the recordings table keeps of a finished file. */
function describe(file: string, result: ProbeResult, mimeType: string, digest: string, hasThumbnail: boolean, sizeBytes?: number): FinalizeResult {
  return {
    fileName: path.basename(file),
    sizeBytes: sizeBytes ?? fs.statSync(file).size,
    durationMs: result.durationMs ?? 0,
    sha256: digest,
    channels: result.audio?.channels ?? 0,
    mimeType,
    hasVideo: result.video !== null,
    videoWidth: result.video?.width ?? null,
    videoHeight: result.video?.height ?? null,
    hasThumbnail,
  };
}

/**
 * Cuts one frame of `file` into `target`, the first from `at` seconds (`thumbnailAt`).
 * False when there is no frame there or the file cannot be read; throws only when cancelled.
 */
async function makeThumbnail(tools: FfmpegTools, file: string, target: string, at: string, signal: AbortSignal | undefined, noteIn: string): Promise<boolean> {
  try {
    await run(tools.ffmpeg, ['-v', 'error', '-nostdin', '-y', '-ss', at, '-i', file, ...thumbnailOutput, target], { signal, noteIn });
    return fs.existsSync(target);
  } catch (error) {
    fs.rmSync(target, { force: true });
    if (error instanceof AppError && error.code === 'cancelled' && signal?.aborted) throw error;
    return false;
  }
}

async function writePeaks(
  tools: FfmpegTools,
  output: string,
  dir: string,
  result: ProbeResult,
  live: number[][] | null,
  signal: AbortSignal | undefined,
  progress: (phase: string, percent: number) => void,
  keepPcmRun?: string,
): Promise<void> {
  const durationMs = result.durationMs ?? 0;
  // No sound, no voices to draw: the player shows a flat line and says why.
  if (!result.audio) {
    fs.writeFileSync(path.join(dir, 'peaks.json'), JSON.stringify({ resolutionMs: peakResolutionMs, channels: [] }));
    return;
  }
  const expected = Math.ceil(durationMs / peakResolutionMs);
  // Live peaks are trusted when they cover the take; otherwise (imports, old takes) decode.
  let channels: number[][];
  if (live && live[0] && live[0].length >= expected * 0.8) {
    channels = live.map((c) => c.slice(0, expected));
  } else {
    const count = Math.min(2, result.audio.channels);
    // Written under this run's name and moved in whole: the analysis never reads half a decode.
    const pcm = keepPcmRun ? path.join(dir, `${temporaryPrefix}${keepPcmRun}.f32`) : undefined;
    try {
      channels = await decodePeaks(tools, output, count, {
        signal,
        durationMs,
        onProgress: (f) => progress('peaks', 70 + Math.round(f * 20)),
        ...(pcm ? { keepPcm: pcm } : {}),
      });
      if (pcm) fs.renameSync(pcm, path.join(dir, decodedAudioFile(count)));
    } finally {
      if (pcm) fs.rmSync(pcm, { force: true });
    }
  }
  fs.writeFileSync(path.join(dir, 'peaks.json'), JSON.stringify({ resolutionMs: peakResolutionMs, channels }));
}

/** Peaks or a thumbnail a desktop made of a take and sent with it, with the sha256 it declared. */
export interface Companion {
  file: string;
  sha256: string;
}

/** Whether `file` holds peaks as a finalize writes them (50 ms resolution, one array of numbers per channel). */
function validPeaks(bytes: Buffer): boolean {
  try {
    const peaks = JSON.parse(bytes.toString('utf8')) as { resolutionMs?: unknown; channels?: unknown };
    return (
      peaks.resolutionMs === peakResolutionMs &&
      Array.isArray(peaks.channels) &&
      peaks.channels.every((c) => Array.isArray(c) && (c as unknown[]).every((v) => typeof v === 'number'))
    );
  } catch {
    return false;
  }
}

/**
 * Puts a companion in place when its bytes are the ones the desktop declared (and look like what
 * they say they are); false when it is missing or does not check, so the hub makes its own.
 */
function takeCompanion(companion: Companion | undefined, target: string, looksRight: (bytes: Buffer) => boolean): boolean {
  if (!companion) return false;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(companion.file);
  } catch {
    return false;
  }
  if (createHash('sha256').update(bytes).digest('hex') !== companion.sha256 || !looksRight(bytes)) return false;
  fs.writeFileSync(target, bytes);
  return true;
}

const isJpeg = (bytes: Buffer) => bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/** The probe of a file that must be a recording (sound or picture, and a length); `not_media` otherwise. */
async function probeRecording(tools: FfmpegTools, file: string, signal?: AbortSignal): Promise<ProbeResult & { durationMs: number }> {
  const notMedia = () => new AppError('not_media', 'This is not a recording Reprise can read (not audio or video, or damaged at the start).');
  let result: ProbeResult;
  try {
    result = await probe(tools, file, signal);
  } catch (error) {
    if (error instanceof AppError && error.code === 'cancelled') throw error;
    throw notMedia();
  }
  if (!(result.audio || result.video) || !result.durationMs) throw notMedia();
  return result as ProbeResult & { durationMs: number };
}

/**
 * Takes in a recording another Reprise already finalized (a desktop's upload to the hub): the
 * file is kept byte for byte, so its sha256 stays the one the desktop sealed it with. Only the
 * probe is made here; the peaks and the thumbnail are the desktop's when they came with the take
 * and check against the sha256 it declared. What did not come (an older desktop) or did not check
 * is listed in `toMake`, for `makeAdoptedExtras` after the take is taken in.
 */
export async function adoptMedia(input: {
  tools: FfmpegTools;
  /** A file, or an address ffmpeg can read (a presigned URL of a take in a bucket; then give `sizeBytes`). */
  file: string;
  dir: string;
  sha256: string;
  sizeBytes?: number;
  companions?: { peaks?: Companion; thumbnail?: Companion };
  signal?: AbortSignal;
}): Promise<FinalizeResult & { toMake: { peaks: boolean; thumbnail: boolean }; refused: ('peaks' | 'thumbnail')[] }> {
  const { tools, file, dir, signal } = input;
  const result = await probeRecording(tools, file, signal);
  const target = targetFor(result);
  const placed = placeCompanions(dir, input.companions, result.audio !== null, Boolean(result.video && result.durationMs));
  return { ...describe(file, result, target.mimeType, input.sha256, placed.thumbnail, input.sizeBytes), toMake: placed.toMake, refused: placed.refused };
}

/** The companions of an adopted take put in place (or an empty waveform for a take without sound). */
function placeCompanions(
  dir: string,
  companions: { peaks?: Companion; thumbnail?: Companion } | undefined,
  audio: boolean,
  wantsThumbnail: boolean,
): { thumbnail: boolean; toMake: { peaks: boolean; thumbnail: boolean }; refused: ('peaks' | 'thumbnail')[] } {
  const refused: ('peaks' | 'thumbnail')[] = [];
  let peaks = true;
  if (audio) {
    peaks = takeCompanion(companions?.peaks, path.join(dir, 'peaks.json'), validPeaks);
    if (!peaks && companions?.peaks) refused.push('peaks');
  } else {
    fs.writeFileSync(path.join(dir, 'peaks.json'), JSON.stringify({ resolutionMs: peakResolutionMs, channels: [] }));
  }
  let thumbnail = false;
  if (wantsThumbnail) {
    thumbnail = takeCompanion(companions?.thumbnail, path.join(dir, 'thumbnail.jpg'), isJpeg);
    if (!thumbnail && companions?.thumbnail) refused.push('thumbnail');
  }
  ownerOnlyTree(dir);
  return { thumbnail, toMake: { peaks: !peaks, thumbnail: wantsThumbnail && !thumbnail }, refused };
}

/** The types a kept file of each extension may be (what `targetFor` names them). */
const mimeTypesOf: Record<string, string[]> = {
  '.webm': ['video/webm', 'audio/webm'],
  '.mkv': ['video/x-matroska', 'audio/x-matroska'],
  '.mp4': ['video/mp4'],
  '.m4a': ['audio/mp4'],
  '.wav': ['audio/wav'],
  '.mp3': ['audio/mpeg'],
  '.ogg': ['audio/ogg'],
};

/** Whether facts a desktop declared of a take could be true of a file with this extension (else the hub probes first). */
export function plausibleDeclaration(declared: DeclaredMedia, ext: string): boolean {
  const video = declared.mimeType.startsWith('video/');
  return (
    (mimeTypesOf[ext] ?? []).includes(declared.mimeType) &&
    video === declared.hasVideo &&
    (declared.channels > 0 || declared.hasVideo) &&
    (declared.hasVideo ? declared.videoWidth !== null && declared.videoHeight !== null : declared.videoWidth === null && declared.videoHeight === null)
  );
}

/**
 * Takes in a finalized take on the facts its desktop declared, without a probe: the hub answers
 * the upload once the bytes are in and their sha256 checks, and `probeAdopted` checks the facts
 * after the answer. The companions are placed as `adoptMedia` places them.
 */
export function adoptDeclared(input: {
  dir: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  declared: DeclaredMedia;
  companions?: { peaks?: Companion; thumbnail?: Companion };
}): FinalizeResult & { toMake: { peaks: boolean; thumbnail: boolean }; refused: ('peaks' | 'thumbnail')[] } {
  const { declared } = input;
  const placed = placeCompanions(input.dir, input.companions, declared.channels > 0, declared.hasVideo);
  return {
    fileName: input.fileName,
    sizeBytes: input.sizeBytes,
    durationMs: declared.durationMs,
    sha256: input.sha256,
    channels: declared.channels,
    mimeType: declared.mimeType,
    hasVideo: declared.hasVideo,
    videoWidth: declared.hasVideo ? declared.videoWidth : null,
    videoHeight: declared.hasVideo ? declared.videoHeight : null,
    hasThumbnail: placed.thumbnail,
    toMake: placed.toMake,
    refused: placed.refused,
  };
}

/**
 * The facts of an adopted take as the hub's own probe finds them (what `adoptMedia` would have
 * stored); throws `not_media` (or `unsupported_media`) when the file is not a recording Reprise keeps.
 */
export async function probeAdopted(tools: FfmpegTools, file: string, signal?: AbortSignal): Promise<DeclaredMedia> {
  const result = await probeRecording(tools, file, signal);
  return {
    durationMs: result.durationMs,
    channels: result.audio?.channels ?? 0,
    hasVideo: result.video !== null,
    videoWidth: result.video?.width ?? null,
    videoHeight: result.video?.height ?? null,
    mimeType: targetFor(result).mimeType,
  };
}

/**
 * Makes the peaks and the thumbnail of an adopted take that came without them (or with ones that
 * did not check), from the take where it now lies. Returns whether a thumbnail was made.
 */
export async function makeAdoptedExtras(input: {
  tools: FfmpegTools;
  file: string;
  dir: string;
  toMake: { peaks: boolean; thumbnail: boolean };
  signal?: AbortSignal;
}): Promise<boolean> {
  const { tools, file, dir, signal } = input;
  const result = await probe(tools, file, signal);
  const noProgress = () => undefined;
  let hasThumbnail = false;
  if (input.toMake.thumbnail && result.video && result.durationMs) {
    // Written under its own name and moved in whole: a stray ffmpeg of a killed run never shares it.
    const thumbnail = path.join(dir, `${temporaryPrefix}${randomUUID()}.jpg`);
    try {
      hasThumbnail = await makeThumbnail(tools, file, thumbnail, thumbnailAt(result.durationMs), signal, dir);
      if (hasThumbnail) fs.renameSync(thumbnail, path.join(dir, 'thumbnail.jpg'));
    } finally {
      fs.rmSync(thumbnail, { force: true });
    }
  }
  if (input.toMake.peaks) {
    // Written beside and moved in whole: a reader never sees half a file.
    const temporary = path.join(dir, `${temporaryPrefix}${randomUUID()}`);
    fs.mkdirSync(temporary, { recursive: true });
    try {
      await writePeaks(tools, file, temporary, result, null, signal, noProgress);
      fs.renameSync(path.join(temporary, 'peaks.json'), path.join(dir, 'peaks.json'));
    } finally {
      fs.rmSync(temporary, { recursive: true, force: true });
    }
  }
  ownerOnlyTree(dir);
  return hasThumbnail;
}
