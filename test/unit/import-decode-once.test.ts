import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { decodePeaks } from '../../src/core/media/peaks';
import { buildTake, type Scene } from '../support/conversation';
import { analysisSettled } from '../support/analysis-settled';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const scene: Scene = {
  seller: { name: 'en-us+m2', speed: 170, pitch: 45 },
  buyer: { name: 'en-gb+f4', speed: 165, pitch: 65 },
  leadMs: 800,
  tailMs: 800,
  lines: [
    { who: 'seller', text: 'What would change for your team if new hires ramped a month sooner?' },
    { who: 'buyer', text: 'We would hit the number in the first half for once.', after: 700 },
    { who: 'seller', text: 'How much is that worth to you?', after: 600 },
  ],
};

/** The real tools, for what the test itself runs (not counted). */
const real = resolveFfmpeg();

/** An ffmpeg that logs each command line before running the real one: the decodes are counted from the log. */
function loggingFfmpeg(): () => string[] {
  const dir = tempDir();
  const log = path.join(dir, 'runs.log');
  const wrapper = path.join(dir, 'ffmpeg');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real.ffmpeg}' "$@"\n`, { mode: 0o755 });
  const before = { ffmpeg: process.env.REPRISE_FFMPEG, ffprobe: process.env.REPRISE_FFPROBE };
  process.env.REPRISE_FFMPEG = wrapper;
  process.env.REPRISE_FFPROBE = real.ffprobe;
  restores.push(() => {
    for (const [name, value] of [['REPRISE_FFMPEG', before.ffmpeg], ['REPRISE_FFPROBE', before.ffprobe]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  return () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);
}
const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

/** ffmpeg runs that decode audio to samples on a pipe (peaks or analysis). */
const decodes = (runs: string[]) => runs.filter((r) => / -f (s16le|f32le) /.test(r) && r.endsWith('pipe:1'));

function setup() {
  const core = testCore();
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
  const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
  const session = core.sessions.create({
    focusAreaId: 'discovery',
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: ben.id, role: 'buyer' },
    ],
  });
  const settled = (id: string) => analysisSettled(core, id);
  return { core, session, settled };
}

describe('importing a file', () => {
  for (const kind of ['stereo', 'mono', 'one track on both channels'] as const) {
    it(`decodes its audio once for the peaks and the analysis (${kind}), and the analysis is the one a fresh decode gives`, async () => {
      const channels = kind === 'mono' ? 1 : 2;
      const runs = loggingFfmpeg();
      const { core, session, settled } = setup();
      const dir = tempDir();
      const built = buildTake(scene, { format: 'webm', seed: 3 }, dir).file;
      const file = path.join(dir, 'call.webm');
      if (kind === 'stereo') fs.copyFileSync(built, file);
      // Mixed to one track, kept as one channel or saved on both: the two voices are told apart on it.
      const mix = kind === 'mono' ? ['-ac', '1'] : ['-af', 'pan=mono|c0=0.5*c0+0.5*c1,pan=stereo|c0=c0|c1=c0'];
      if (kind !== 'stereo') execFileSync(real.ffmpeg, ['-v', 'error', '-y', '-i', built, ...mix, '-c:a', 'libopus', file]);

      const imported = await core.recordings.importFile({ sessionId: session.id, file });
      const analysed = await settled(imported.id);
      expect(analysed.state).toBe('done');
      expect(decodes(runs())).toHaveLength(1);
      // Read once, then gone: nothing of the decode stays beside the recording.
      expect(core.recordings.decodedAudio(imported.id)).toBeNull();
      expect(fs.readdirSync(core.recordings.dirOf(imported.id)).sort()).toEqual(['peaks.json', 'recording.webm']);

      // The peaks are the ones a 16-bit decode of the recording gives.
      const recording = core.recordings.mediaFile(imported.id, 'recording')!.file;
      expect(core.recordings.peaks(imported.id).channels).toEqual(await decodePeaks(real, recording, channels));
      // Analysed again without the kept audio, the recording is decoded anew and gives the same numbers.
      const again = await core.analysis.analyzeNow(imported.id, true);
      expect(decodes(runs())).toHaveLength(2);
      expect(again).toEqual(analysed.analysis);
      expect(again.channels).toBe(kind === 'stereo' ? 'stereo' : 'mono');
      if (kind !== 'stereo') expect(again.diarization).toBeDefined();
      if (kind === 'one track on both channels') expect(again.identicalChannels).toBe(true);
    });
  }
});

describe('samples kept from an import', () => {
  it('are a saving, not a need: gone before the analysis reads them, the take is decoded and measured the same', async () => {
    const { analyzeMedia } = await import('../../src/core/analysis/analyze-media');
    const dir = tempDir();
    const file = buildTake(scene, { format: 'webm', seed: 5 }, dir).file;
    const plain = await analyzeMedia(real, file);
    const gone = await analyzeMedia(real, file, { decoded: { file: path.join(dir, 'decoded-audio.2ch.f32'), channels: 2 } });
    expect(gone).toEqual(plain);
  });
});
