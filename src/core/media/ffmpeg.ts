import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  /** Where they came from, for the user: 'setting', 'ffmpeg-static' or 'PATH'. */
  source: 'setting' | 'ffmpeg-static' | 'PATH';
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const exe = process.platform === 'win32' ? `${name}.exe` : name;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function sibling(ffmpeg: string, name: string): string {
  return path.join(path.dirname(ffmpeg), process.platform === 'win32' ? `${name}.exe` : name);
}

function ffmpegStatic(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const found = require('ffmpeg-static') as string | null;
    return found && fs.existsSync(found) ? found : null;
  } catch {
    return null;
  }
}

/**
 * ffmpeg and ffprobe, in this order: an explicit setting (REPRISE_FFMPEG / FFMPEG_BIN, and
 * REPRISE_FFPROBE), the binary of the optional ffmpeg-static package, then the PATH. ffprobe is
 * looked for beside ffmpeg, then on the PATH.
 */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  const configured = env.REPRISE_FFMPEG || env.FFMPEG_BIN;
  let ffmpeg: string | null;
  let source: FfmpegTools['source'] = 'PATH';
  if (configured) {
    if (!fs.existsSync(configured)) {
      throw new AppError('ffmpeg_missing', `ffmpeg was set to ${configured}, but there is no file there. Fix the setting or unset it.`);
    }
    ffmpeg = configured;
    source = 'setting';
  } else {
    ffmpeg = ffmpegStatic();
    if (ffmpeg) source = 'ffmpeg-static';
    else ffmpeg = onPath('ffmpeg', env);
  }
  if (!ffmpeg) {
    throw new AppError(
      'ffmpeg_missing',
      'Reprise needs ffmpeg to finish recordings and none was found. Install it (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg) or set REPRISE_FFMPEG to its path.',
    );
  }
  const probeSetting = env.REPRISE_FFPROBE;
  const ffprobe = probeSetting || (fs.existsSync(sibling(ffmpeg, 'ffprobe')) ? sibling(ffmpeg, 'ffprobe') : onPath('ffprobe', env));
  if (!ffprobe || !fs.existsSync(ffprobe)) {
    throw new AppError(
      'ffprobe_missing',
      `Found ffmpeg (${ffmpeg}) but not ffprobe, which comes with it. Install the full ffmpeg package or set REPRISE_FFPROBE.`,
    );
  }
  return { ffmpeg, ffprobe, source };
}

/**
 * The filter that resamples to the 8 kHz the speech analysis reads (and the peaks of a decoded
 * file come from, whose samples the analysis then reuses): `-af` it, or end a filter graph with
 * it. Its filter is 16 taps per input-rate sample period instead of ffmpeg's default 32, and it is
 * a filter rather than `-ar`: together they take about a sixth off ffmpeg's whole decode of a
 * 48 kHz AAC take to 8 kHz, where the resampler had cost half a bare decode again. Eight taps cost
 * a little less but let enough of a pink noise fold into the band read to move the diarization's
 * confidence past its calibration.
 */
export const speechResampler = 'aresample=8000:filter_size=16';

export interface RunOptions {
  signal?: AbortSignal;
  /** Total length of the input, to turn ffmpeg's `out_time` into a fraction. */
  durationMs?: number | null;
  onProgress?: (fraction: number) => void;
  /** Collect stdout (for ffprobe and PCM); off by default. */
  stdout?: (chunk: Buffer) => void;
  /**
   * A folder to note the running process in while it writes a file there. ffmpeg ignores
   * SIGPIPE and so outlives a killed parent; the note lets the next start stop such a stray
   * (`stopStrayProcesses`) before anything else writes in that folder.
   */
  noteIn?: string;
  /** The folder the process runs in (relative paths in its arguments are read from there). */
  cwd?: string;
}

const notePattern = /^\.ffmpeg-(\d+)\.json$/;

function noteFile(dir: string, pid: number): string {
  return path.join(dir, `.ffmpeg-${pid}.json`);
}

/** The command line of a running process, or null where it cannot be read (gone, a zombie, no /proc or ps). */
function commandLine(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) Z/.test(stat)) return null;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    // No /proc (macOS): ask ps. Windows has neither; its strays finish on their own, into paths no one else uses.
  }
  if (process.platform === 'win32') return null;
  try {
    const line = execFileSync('ps', ['-o', 'stat=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return line && !line.startsWith('Z') ? line.split(/\s+/).slice(1) : null;
  } catch {
    return null;
  }
}

/**
 * Stops every ffmpeg a previous, killed process left running in `dir`: each was noted with its
 * arguments, and is killed only if the process with that pid still runs those same arguments
 * (a pid reused by something else is left alone). Waits until they are gone.
 */
export async function stopStrayProcesses(dir: string): Promise<number> {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let stopped = 0;
  for (const name of names) {
    const match = notePattern.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    let args: string[] = [];
    try {
      args = (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { args: string[] }).args;
    } catch {
      // A note cut short: nothing to match against, so nothing is killed.
    }
    const running = commandLine(pid);
    const output = args.at(-1);
    if (pid !== process.pid && running && output && running.includes(output)) {
      try {
        process.kill(pid, 'SIGKILL');
        stopped++;
      } catch {
        // Gone in the meantime.
      }
      for (let waited = 0; waited < 5000 && commandLine(pid); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    fs.rmSync(path.join(dir, name), { force: true });
  }
  return stopped;
}

export class FfmpegError extends AppError {
  constructor(message: string, readonly stderr: string) {
    super('ffmpeg_failed', message);
  }
}

/**
 * Runs one ffmpeg/ffprobe process: cancellable through the AbortSignal, progress from
 * `-progress pipe:2` lines, and an error that carries the end of stderr.
 */
export function run(binary: string, args: string[], options: RunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new AppError('cancelled', 'Cancelled.'));
    const child = spawn(binary, args, { stdio: ['ignore', options.stdout ? 'pipe' : 'ignore', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
    const note = options.noteIn && child.pid ? noteFile(options.noteIn, child.pid) : null;
    if (note) fs.writeFileSync(note, JSON.stringify({ args }));
    const forget = () => {
      if (note) fs.rmSync(note, { force: true });
    };
    let stderr = '';
    let pending = '';
    const abort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', abort, { once: true });
    if (options.stdout) child.stdout!.on('data', options.stdout);
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr = (stderr + text).slice(-8000);
      if (!options.onProgress || !options.durationMs) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^out_time_(?:us|ms)=(\d+)/.exec(line);
        if (match) options.onProgress(Math.min(1, Number(match[1]) / 1000 / options.durationMs));
      }
    });
    child.on('error', (error) => {
      forget();
      options.signal?.removeEventListener('abort', abort);
      reject(new AppError('ffmpeg_failed', `Could not run ${path.basename(binary)}: ${error.message}`));
    });
    child.on('close', (code) => {
      forget();
      options.signal?.removeEventListener('abort', abort);
      if (options.signal?.aborted) return reject(new AppError('cancelled', 'Cancelled.'));
      if (code === 0) return resolve();
      const last = stderr.trim().split('\n').filter((l) => !/^\w+=/.test(l)).slice(-3).join(' | ');
      reject(new FfmpegError(`${path.basename(binary)} failed (exit ${code}): ${last || 'no message'}`, stderr));
    });
  });
}

export interface ProbeResult {
  formatName: string;
  durationMs: number | null;
  audio: { codec: string; channels: number; sampleRate: number } | null;
  video: { codec: string; width: number; height: number } | null;
}

interface FfprobeJson {
  format?: { format_name?: string; duration?: string };
  streams?: { codec_type?: string; codec_name?: string; channels?: number; sample_rate?: string; width?: number; height?: number; duration?: string }[];
}

export async function probe(tools: FfmpegTools, file: string, signal?: AbortSignal): Promise<ProbeResult> {
  const chunks: Buffer[] = [];
  await run(tools.ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file], {
    signal,
    stdout: (c) => chunks.push(c),
  });
  const json = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as FfprobeJson;
  const audio = json.streams?.find((s) => s.codec_type === 'audio');
  const video = json.streams?.find((s) => s.codec_type === 'video' && s.codec_name !== 'mjpeg' && s.codec_name !== 'png');
  const seconds = Number(json.format?.duration ?? audio?.duration ?? video?.duration);
  return {
    formatName: json.format?.format_name ?? '',
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : null,
    audio: audio ? { codec: audio.codec_name ?? '', channels: audio.channels ?? 0, sampleRate: Number(audio.sample_rate ?? 0) } : null,
    video: video ? { codec: video.codec_name ?? '', width: video.width ?? 0, height: video.height ?? 0 } : null,
  };
}
