import { describe, expect, it } from 'vitest';
import { analyzeMedia } from '../../src/core/analysis/analyze-media';
import { buildTurns, stereoMetrics } from '../../src/core/analysis/turns';
import { detectSpeech } from '../../src/core/analysis/voice-activity';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import type { SpeechAnalysis } from '../../src/shared/analysis';
import { buildTake, type Conditions, type Scene } from '../support/conversation';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const s = (startMs: number, endMs: number) => ({ startMs, endMs });

describe('turns from speech', () => {
  it('keeps pauses inside a turn and passes the turn on when the other speaks', () => {
    const m = stereoMetrics([s(0, 2000), s(2500, 4000), s(6000, 7000)], [s(4500, 5500)], 8000, 1);
    expect(m.turns.map((t) => [t.speaker, t.startMs, t.endMs])).toEqual([
      ['seller', 0, 4000],
      ['buyer', 4500, 5500],
      ['seller', 6000, 7000],
    ]);
    expect(m.speakers!.seller.talkMs).toBe(5000);
    expect(m.speakers!.seller.talkRatio).toBeCloseTo(5000 / 6000);
    expect(m.speakers!.seller.longestMonologueMs).toBe(4000);
    expect(m.speakerSwitches).toBe(2);
    expect(m.interactivityPerMinute).toBeCloseTo(2 / (8000 / 60_000));
    expect(m.patienceMs).toBe(500);
    // Silence is time with no speech at all: the pause inside a turn is silence, though it counts as talk.
    expect(m.silenceRatio).toBeCloseTo(1 - 5500 / 8000);
  });

  it('counts a short utterance inside the other turn as a backchannel, not a turn', () => {
    const { turns, backchannels } = buildTurns([s(0, 3000), s(3200, 6000)], [s(1500, 2000), s(7000, 9000)]);
    expect(turns.map((t) => t.speaker)).toEqual(['seller', 'buyer']);
    expect(backchannels).toEqual([{ speaker: 'buyer', startMs: 1500, endMs: 2000 }]);
  });

  it('counts a short word in the pause of a turn that then goes on as a backchannel', () => {
    const { turns, backchannels } = buildTurns([s(0, 3000), s(5000, 8000)], [s(3500, 4000)]);
    expect(turns.map((t) => t.speaker)).toEqual(['seller']);
    expect(backchannels).toEqual([{ speaker: 'buyer', startMs: 3500, endMs: 4000 }]);
  });

  it('takes a short reply as a turn when the other does not go on before the replier speaks again', () => {
    const { turns, backchannels } = buildTurns([s(0, 3000), s(6000, 8000)], [s(3500, 4000), s(4500, 5500)]);
    expect(turns.map((t) => [t.speaker, t.startMs, t.endMs])).toEqual([
      ['seller', 0, 3000],
      ['buyer', 3500, 5500],
      ['seller', 6000, 8000],
    ]);
    expect(backchannels).toEqual([]);
  });

  it('marks a turn started while the other still speaks as an interruption and leaves no pause', () => {
    const m = stereoMetrics([s(0, 3000), s(4600, 8000)], [s(3200, 5000)], 9000, 1);
    expect(m.turns.map((t) => [t.speaker, t.interruption])).toEqual([
      ['seller', false],
      ['buyer', false],
      ['seller', true],
    ]);
    expect(m.speakers!.seller.interruptions).toBe(1);
    expect(m.overlapMs).toBe(400);
    expect(m.patienceMs).toBe(0);
  });

  it('has no patience without a buyer turn followed by a seller turn', () => {
    expect(stereoMetrics([s(0, 3000)], [], 4000, 1).patienceMs).toBeNull();
  });
});

describe('the bleed mask', () => {
  it('keeps the seller talking over a louder buyer when the seller\'s microphone is noisy', () => {
    // 10 ms frames: noise 14 dB under the seller's voice on the left; the buyer's voice, rising and
    // falling, on the right and a fifth of it (by amplitude) leaking left.
    const n = 3000;
    const left = new Float32Array(n).fill(1e-4);
    const right = new Float32Array(n).fill(1e-7);
    const voiced = (from: number, to: number, into: Float32Array) => {
      for (let i = from; i < to; i++) into[i] = 0.8;
    };
    const share = { left: new Float32Array(n).fill(0.2), right: new Float32Array(n).fill(0.2) };
    for (let i = 500; i < 1500; i++) right[i] = 2e-2 * (0.05 + 0.95 * Math.abs(Math.sin(i / 7)));
    voiced(500, 1500, share.right);
    for (let i = 0; i < n; i++) left[i]! += 0.04 * right[i]!;
    // The seller starts 1.5 s before the buyer stops, at an eighth of the buyer's loudness.
    for (let i = 1350; i < 2200; i++) left[i]! += 2.5e-3;
    voiced(1350, 2200, share.left);
    const [seller] = detectSpeech([
      { energy: left, voicedShare: share.left },
      { energy: right, voicedShare: share.right },
    ]);
    expect(seller).toHaveLength(1);
    expect(seller![0]!.startMs).toBeLessThan(13_700);
  });
});

/**
 * Held-out material: other lines, voices, speeds and seeds than the ones the detector was tuned
 * on (test/support/tuning-scenes.ts).
 */
const heldOut: Scene[] = [
  {
    seller: { name: 'en-gb-scotland', speed: 175, pitch: 35 },
    buyer: { name: 'en-us+f2', speed: 160, pitch: 70 },
    leadMs: 2000,
    tailMs: 2500,
    lines: [
      { who: 'seller', text: 'I looked at your hiring plan before the call and I noticed you are opening two new regions next year, which usually means a lot of new account executives learning the product at the same time.' },
      { who: 'buyer', text: 'yeah', over: 3500 },
      { who: 'buyer', text: 'That is exactly the worry. The last time we expanded it took almost two quarters before anyone closed a deal.', after: 1100 },
      { who: 'seller', text: 'mm hmm', over: 2600 },
      { who: 'seller', text: 'Who owned the onboarding that time?', after: 600 },
      { who: 'buyer', text: 'Our enablement lead, but she left in the spring.', after: 1600 },
      { who: 'seller', text: 'And since then nobody has picked it up?', after: -700 },
      { who: 'buyer', text: 'ha ha ha', over: 800 },
      { who: 'buyer', text: 'Not really, no.', after: 4000 },
    ],
  },
  {
    seller: { name: 'en-029', speed: 145, pitch: 55 },
    buyer: { name: 'en-gb-x-gbclan', speed: 190, pitch: 40 },
    leadMs: 4000,
    tailMs: 3000,
    lines: [
      { who: 'buyer', text: 'We are comparing three vendors this month and I want to understand where you are different.' },
      { who: 'seller', text: 'Fair question. What made you start looking in the first place?', after: 900 },
      { who: 'buyer', text: 'Our managers spend their whole week in forecast meetings and the coaching simply never happens.', after: 700 },
      { who: 'seller', text: 'right', over: 2000 },
      { who: 'seller', text: 'How do you know it never happens?', after: 2200 },
      { who: 'buyer', text: 'Because the reps tell us in every survey.', after: 400 },
      { who: 'seller', text: 'What would good look like for you by the end of the year?', after: 1300 },
      { who: 'buyer', text: 'Every rep gets one recorded practice a week and real feedback on it.', after: 1000 },
    ],
  },
];

const noisy: Conditions = { snrDb: 20, bleed: 0.1, clicks: true, rumble: true, floorSwingDb: 3 };

function expectWithin(got: SpeechAnalysis, truth: SpeechAnalysis, t: { ratio: number; monologueMs: number; switches: number; patienceMs: number }) {
  const speakers = got.speakers!;
  expect(Math.abs(speakers.seller.talkRatio - truth.speakers!.seller.talkRatio) * 100).toBeLessThanOrEqual(t.ratio);
  for (const who of ['seller', 'buyer'] as const) {
    expect(Math.abs(speakers[who].longestMonologueMs - truth.speakers![who].longestMonologueMs)).toBeLessThanOrEqual(t.monologueMs);
  }
  expect(Math.abs(got.speakerSwitches! - truth.speakerSwitches!)).toBeLessThanOrEqual(t.switches);
  expect(Math.abs(got.patienceMs! - truth.patienceMs!)).toBeLessThanOrEqual(t.patienceMs);
}

describe('analysis of built takes it was not tuned on', () => {
  const tools = resolveFfmpeg();

  it.each(heldOut.map((scene, i) => [i, scene] as const))('clean stereo take %i: ratio ±2 points, monologue ±0.5 s, switches exact, patience ±0.15 s', async (i, scene) => {
    const take = buildTake(scene, { seed: 101 + i }, tempDir());
    const got = await analyzeMedia(tools, take.file);
    expect(got.channels).toBe('stereo');
    expectWithin(got, take.truth, { ratio: 2, monologueMs: 500, switches: 0, patienceMs: 150 });
    expect(got.speakers!.seller.backchannels + got.speakers!.buyer.backchannels).toBe(
      take.truth.speakers!.seller.backchannels + take.truth.speakers!.buyer.backchannels,
    );
  });

  it.each(heldOut.map((scene, i) => [i, scene] as const))('take %i with noise at 20 dB SNR, a tenth of the far side bleeding in, clicks, rumble, as Opus: ±5 points, ±1.5 s, ±1 switch, ±0.3 s', async (i, scene) => {
    const take = buildTake(scene, { ...noisy, seed: 201 + i, format: 'webm' }, tempDir());
    const got = await analyzeMedia(tools, take.file);
    expectWithin(got, take.truth, { ratio: 5, monologueMs: 1500, switches: 1, patienceMs: 300 });
  });

  it.each(heldOut.map((scene, i) => [i, scene] as const))('take %i with a fifth of the far side bleeding into a noisy microphone: the bleed is not the seller', async (i, scene) => {
    const take = buildTake(scene, { snrDb: 20, bleed: 0.2, clicks: true, seed: 301 + i, format: 'webm' }, tempDir());
    const got = await analyzeMedia(tools, take.file);
    expectWithin(got, take.truth, { ratio: 5, monologueMs: 1500, switches: 1, patienceMs: 300 });
  });

  it('swaps the voices when the channels say the buyer is on the left', async () => {
    const take = buildTake(heldOut[1]!, { seed: 401 }, tempDir());
    const got = await analyzeMedia(tools, take.file, { roles: { left: 'buyer', right: 'seller' } });
    expect(got.speakers!.buyer.talkRatio).toBeCloseTo(take.truth.speakers!.seller.talkRatio, 1);
  });

  it('measures only speech and pauses on a mono take, and on stereo that is one track twice', async () => {
    const dir = tempDir();
    const take = buildTake(heldOut[0]!, { seed: 501 }, dir);
    const mono = path.join(dir, 'mono.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-i', take.file, '-ac', '1', mono]);
    const doubled = path.join(dir, 'doubled.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-i', mono, '-ac', '2', doubled]);
    for (const file of [mono, doubled]) {
      const got = await analyzeMedia(tools, file);
      expect(got.channels).toBe('mono');
      expect(got.speakers).toBeNull();
      expect(got.patienceMs).toBeNull();
      expect(got.speakerSwitches).toBeNull();
      expect(Math.abs(got.silenceRatio - take.truth.silenceRatio)).toBeLessThan(0.05);
      expect(got.pauses.count).toBeGreaterThan(3);
    }
  });

  it('refuses a file without audio with a clear error', async () => {
    await expect(analyzeMedia(tools, makeMedia('webm-video-only', 1))).rejects.toMatchObject({ code: 'no_audio' });
  });
});
