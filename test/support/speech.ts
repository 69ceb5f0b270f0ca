import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { tempDir } from './temp-dir';

/**
 * A WAV for Chromium's fake microphone: silence, then two spoken sentences with a pause
 * between, then silence; 48 kHz mono. Returns its path and where the speech is (ms).
 */
export function makeSpeechWav(leadSilenceS = 5, totalS = 30): { file: string } {
  const dir = tempDir('reprise-speech-');
  const a = path.join(dir, 'a.wav');
  const b = path.join(dir, 'b.wav');
  execFileSync('espeak-ng', ['-w', a, 'Tell me about your current process for onboarding new customers.']);
  execFileSync('espeak-ng', ['-w', b, 'What happens when that goes wrong?']);
  const file = path.join(dir, 'speech.wav');
  execFileSync('sox', [a, b, file, 'rate', '48000', 'pad', String(leadSilenceS), '0']);
  // Pad the tail so the take ends in silence.
  execFileSync('sox', [file, `${file}.tmp.wav`, 'pad', '0', String(Math.max(1, totalS - leadSilenceS - 6))]);
  execFileSync('mv', [`${file}.tmp.wav`, file]);
  return { file };
}

/** RMS energy per 50 ms window of a media file's first audio channel, by decoding it with ffmpeg. */
export function envelope(file: string): number[] {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vn', '-ac', '1', '-ar', '8000', '-f', 's16le', '-'], {
    maxBuffer: 1 << 28,
  });
  const windowSamples = 400;
  const out: number[] = [];
  for (let start = 0; start + windowSamples * 2 <= pcm.length; start += windowSamples * 2) {
    let sum = 0;
    for (let i = 0; i < windowSamples; i++) {
      const v = pcm.readInt16LE(start + i * 2) / 32768;
      sum += v * v;
    }
    out.push(Math.sqrt(sum / windowSamples));
  }
  return out;
}

/** Whether each window is speech (above a threshold relative to the loudest window). */
export function voiced(env: number[]): boolean[] {
  const max = Math.max(...env, 1e-9);
  return env.map((v) => v > max * 0.1);
}

/**
 * The lag (in windows) at which the recording's speech best lines up with the source's, and how
 * well: F1 of voiced windows (speech in both), so silence agreeing with silence earns nothing.
 */
export function bestAlignment(source: boolean[], recorded: boolean[]): { lag: number; f1: number; recordedVoiced: number } {
  const recordedVoiced = recorded.filter(Boolean).length;
  let best = { lag: 0, f1: 0, recordedVoiced };
  for (let lag = 0; lag + recorded.length * 0.9 <= source.length; lag++) {
    let both = 0;
    let sourceVoiced = 0;
    let recVoiced = 0;
    for (let i = 0; i < recorded.length && i + lag < source.length; i++) {
      const s = source[i + lag]!;
      const r = recorded[i]!;
      if (s) sourceVoiced++;
      if (r) recVoiced++;
      if (s && r) both++;
    }
    const f1 = sourceVoiced + recVoiced ? (2 * both) / (sourceVoiced + recVoiced) : 0;
    if (f1 > best.f1) best = { lag, f1, recordedVoiced };
  }
  return best;
}
