import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dir';

/** Small real media made with ffmpeg for a test; returns the file path. */
export function makeMedia(
  kind: 'webm-av' | 'webm-audio' | 'webm-video-only' | 'mp4-av' | 'mp4-video-only' | 'm4a' | 'wav',
  seconds = 3,
  dir = tempDir('reprise-media-'),
): string {
  const tone = ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`];
  const stereo = ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`, '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.3:sample_rate=48000:duration=${seconds}`];
  const video = ['-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10:duration=${seconds}`];
  const file = path.join(dir, { 'webm-av': 'av.webm', 'webm-audio': 'a.webm', 'webm-video-only': 'v.webm', 'mp4-av': 'av.mp4', 'mp4-video-only': 'v.mp4', m4a: 'a.m4a', wav: 'a.wav' }[kind]);
  const args: Record<typeof kind, string[]> = {
    'webm-av': [...video, ...tone, '-c:v', 'libvpx', '-b:v', '200k', '-c:a', 'libopus', '-shortest'],
    'webm-audio': [...stereo, '-filter_complex', '[0][1]amerge=inputs=2', '-c:a', 'libopus'],
    'webm-video-only': [...video, '-c:v', 'libvpx', '-b:v', '200k'],
    'mp4-av': [...video, ...tone, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest'],
    'mp4-video-only': [...video, '-c:v', 'libx264', '-preset', 'ultrafast'],
    m4a: [...tone, '-c:a', 'aac'],
    wav: [...tone],
  };
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args[kind], file]);
  return file;
}

/** Splits a file's bytes into chunks the way a recorder hands them over. */
export function chunksOf(file: string, count: number): Buffer[] {
  const bytes = fs.readFileSync(file);
  const size = Math.ceil(bytes.length / count);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}
