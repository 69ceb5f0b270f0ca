import { AppError } from '../../shared/errors';
import { probe, run, type FfmpegTools } from './ffmpeg';

/** One file per voice, as Zoom saves each participant's audio. */
export interface VoiceTracks {
  seller: string;
  buyer: string;
}

/**
 * Checks that each file has sound and answers the longer one's length: both are aligned by their
 * start, and the shorter is padded with silence to it.
 */
export async function probeVoiceTracks(tools: FfmpegTools, tracks: VoiceTracks, signal?: AbortSignal): Promise<number> {
  const infos = await Promise.all([tracks.seller, tracks.buyer].map((file) => probe(tools, file, signal)));
  infos.forEach((info, i) => {
    if (!info.audio || info.audio.channels < 1) {
      throw new AppError('no_audio', `The ${i === 0 ? 'seller' : 'buyer'}'s file has no audio track, so there is no speech to take from it.`);
    }
  });
  return Math.max(...infos.map((info) => info.durationMs ?? 0));
}

/**
 * ffmpeg input arguments that make the two files one stereo stream `[out]`: each mixed down to one
 * channel, the seller left and the buyer right, aligned by their start and as long as the longer;
 * `then`, a filter the stereo stream goes through last (the analysis's resampler).
 */
export function alignedVoicesInput(tracks: VoiceTracks, longestMs: number, then?: string): string[] {
  return [
    '-i', tracks.seller, '-i', tracks.buyer,
    '-filter_complex', `[0:a:0]aformat=channel_layouts=mono,apad[s];[1:a:0]aformat=channel_layouts=mono,apad[b];[s][b]amerge=inputs=2${then ? `,${then}` : ''}[out]`,
    '-map', '[out]', '-t', String(longestMs / 1000),
  ];
}

/** Writes the two voices as one stereo AAC file (`out` ends in .m4a): left seller, right buyer. */
export async function writeVoiceTracks(
  tools: FfmpegTools,
  tracks: VoiceTracks,
  out: string,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<void> {
  const longestMs = await probeVoiceTracks(tools, tracks, options.signal);
  await run(
    tools.ffmpeg,
    ['-v', 'error', '-nostdin', '-progress', 'pipe:2', '-y', ...alignedVoicesInput(tracks, longestMs), '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', out],
    { ...options, durationMs: longestMs || null },
  );
}
