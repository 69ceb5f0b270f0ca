import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCode } from '../../shared/errors';
import { FfmpegError, probe, run, type FfmpegTools } from './ffmpeg';

export interface CutRequest {
  tools: FfmpegTools;
  input: string;
  output: string;
  startMs: number;
  endMs: number;
  signal?: AbortSignal;
  /** 0..1 of the range written so far. */
  onProgress?: (fraction: number) => void;
  /** See RunOptions.noteIn: lets the next start stop an ffmpeg a killed process left running. */
  noteIn?: string;
  /** false: refuse (conflict) when `output` exists, checked atomically as the file is put in place. */
  overwrite?: boolean;
}

export interface CutResult {
  /** `copy`: packets copied as they are (the range starts on a keyframe); `reencode`: decoded and encoded again. */
  mode: 'copy' | 'reencode';
  durationMs: number | null;
  bytes: number;
}

/**
 * A start this close to a keyframe is taken as on it: stream copy then starts at most this much
 * early, under two frames of a 30 fps video.
 */
const keyframeSlackMs = 50;
/** A copied cut whose length is off by more than this did not start where asked: encode instead. */
const copyToleranceMs = 120;

/** Re-encoding settings per container: fast presets, since a clip is short and someone is waiting. */
function encoders(output: string): string[] {
  const ext = path.extname(output).toLowerCase();
  if (ext === '.webm') return ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '2M', '-c:a', 'libopus'];
  if (ext === '.mp4' || ext === '.m4a' || ext === '.mov' || ext === '.mkv') return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-c:a', 'aac'];
  return [];
}

/** Keyframe times (ms) of the first video stream within a window, read without decoding the frames in between. */
async function keyframesNear(tools: FfmpegTools, input: string, atMs: number, signal?: AbortSignal): Promise<number[]> {
  const chunks: Buffer[] = [];
  const from = Math.max(0, atMs - 2000) / 1000;
  const to = (atMs + 2000) / 1000;
  await run(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time,best_effort_timestamp_time', '-of', 'csv=p=0', '-read_intervals', `${from}%${to}`, input],
    { signal, stdout: (c) => chunks.push(c) },
  );
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .map((line) => Number(line.split(',').find((v) => v && v !== 'N/A')))
    .filter((s) => Number.isFinite(s))
    .map((s) => Math.round(s * 1000));
}

/** What ffmpeg said, in words a person can act on. */
function explain(error: unknown): unknown {
  if (!(error instanceof FfmpegError)) return error;
  if (/No space left on device/i.test(error.stderr)) {
    return new AppError(ErrorCode.diskLow, 'The disk is full, so the clip could not be saved. Free some space or choose another place, and try again.');
  }
  if (/Invalid data found|moov atom not found|EBML header parsing failed|corrupt|Error while decoding/i.test(error.stderr)) {
    return new AppError(ErrorCode.mediaDamaged, 'The recording’s file is damaged where the clip is, so it could not be cut. Check the recording (Verify) or pick another range.');
  }
  if (/Permission denied|Read-only file system/i.test(error.stderr)) {
    return new AppError(ErrorCode.fileUnwritable, 'The clip could not be written there. Choose a folder you may write to.');
  }
  return error;
}

/**
 * Cuts [startMs, endMs) of a media file into `output` (its extension picks the container). When
 * the range starts on a keyframe (always, for audio) the packets are copied as they are: fast and
 * lossless. Otherwise a copy would start at the keyframe before and show frames outside the
 * range, so the range is encoded again. The result's length is checked either way.
 */
export async function cutRange(request: CutRequest): Promise<CutResult> {
  const { tools, input, output, startMs, endMs, signal } = request;
  const durationMs = endMs - startMs;
  const source = await probe(tools, input, signal).catch((error: unknown) => {
    throw explain(error);
  });
  if (!source.audio && !source.video) throw new AppError(ErrorCode.mediaDamaged, 'The recording’s file cannot be read as audio or video, so it could not be cut.');
  // A copy starts exactly on the keyframe: a packet before it would be dropped by the seek below.
  let copyFrom: number | null = startMs;
  if (source.video) {
    const keyframes = await keyframesNear(tools, input, startMs, signal);
    copyFrom = keyframes.find((k) => Math.abs(k - startMs) <= keyframeSlackMs) ?? null;
  }
  // Beside the output, under a name no one can guess, made here and now (O_EXCL): a link or a
  // file someone put in its place makes this fail instead of being written through.
  const ext = path.extname(output);
  const partial = path.join(path.dirname(output), `.${path.basename(output, ext)}.${randomBytes(8).toString('hex')}.part${ext}`);
  try {
    fs.closeSync(fs.openSync(partial, 'wx', 0o600));
  } catch (error) {
    throw new AppError(ErrorCode.fileUnwritable, `The clip could not be written to ${output}: ${(error as Error).message}`);
  }
  const attempt = async (mode: CutResult['mode']): Promise<CutResult> => {
    const from = mode === 'copy' ? (copyFrom ?? startMs) : startMs;
    const start = (from / 1000).toFixed(3);
    // Seeking the input lands on a cluster or keyframe before the start; a copy would keep what
    // lies between (a WebM take's cluster can be ten seconds), so a copy seeks the output, which
    // drops every packet before the start. Decoding drops those frames itself, so an encode
    // seeks the input: fast on a long take.
    const seek = mode === 'copy' ? ['-i', input, '-ss', start] : ['-ss', start, '-i', input];
    const args = [
      '-v', 'error', '-nostdin', '-y', '-progress', 'pipe:2',
      ...seek, '-t', ((endMs - from) / 1000).toFixed(3),
      '-map', '0:v:0?', '-map', '0:a?',
      ...(mode === 'copy' ? ['-c', 'copy', '-avoid_negative_ts', 'make_zero'] : encoders(output)),
      partial,
    ];
    try {
      await run(tools.ffmpeg, args, { signal, durationMs, onProgress: request.onProgress, noteIn: request.noteIn });
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw explain(error);
    }
    const result = await probe(tools, partial, signal);
    return { mode, durationMs: result.durationMs, bytes: fs.statSync(partial).size };
  };
  let result: CutResult;
  try {
    result = await attempt(copyFrom !== null ? 'copy' : 'reencode');
    if (result.mode === 'copy' && (result.durationMs === null || Math.abs(result.durationMs - durationMs) > copyToleranceMs)) {
      result = await attempt('reencode');
    }
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  try {
    // Without overwrite, a hard link: it fails if anything (a file, a link) took the name meanwhile.
    if (request.overwrite === false) {
      fs.linkSync(partial, output);
      fs.rmSync(partial, { force: true });
    } else fs.renameSync(partial, output);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError(ErrorCode.conflict, `${output} already exists; add --force to replace it.`);
    throw new AppError(ErrorCode.fileUnwritable, `The clip could not be written to ${output}: ${(error as Error).message}`);
  }
  request.onProgress?.(1);
  return result;
}
