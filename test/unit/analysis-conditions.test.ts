import { describe, expect, it } from 'vitest';
import { analyzeMedia } from '../../src/core/analysis/analyze-media';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import type { SpeechAnalysis } from '../../src/shared/analysis';
import { buildTake, type Conditions, type Scene } from '../support/conversation';
import { tempDir } from '../support/temp-dir';

/**
 * Conditions of real rooms and calls, on voices of other engines than the detector was tuned on
 * (flite and Festival; the tuning material is espeak-ng only): background chatter, an echo of the
 * far side arriving late, reverberant rooms, desk thumps, one mixed track saved twice. The truth
 * is where each line was placed.
 */
export const otherEngines: Scene[] = [
  {
    seller: { engine: 'flite', name: 'slt', speed: 165, pitch: 185 },
    buyer: { engine: 'festival', name: 'voice_kal_diphone', speed: 175, pitch: 0 },
    leadMs: 1500,
    tailMs: 2000,
    lines: [
      { who: 'seller', text: 'Thanks for joining. Last time you mentioned that the renewal is coming up in March and that the board wants a clearer picture of adoption.' },
      { who: 'buyer', text: 'right', over: 3000 },
      { who: 'buyer', text: 'Yes, and honestly the usage reports we get today are hard to read for anyone outside my team.', after: 800 },
      { who: 'seller', text: 'What would the board need to see?', after: 700 },
      { who: 'buyer', text: 'Which teams use it every week, and whether their win rates moved.', after: 1200 },
      { who: 'seller', text: 'okay', over: 1500 },
      { who: 'seller', text: 'We can build that view together before the meeting, if you can share last quarter numbers.', after: 1800 },
      { who: 'buyer', text: 'I can do that by Friday.', after: 500 },
    ],
  },
  {
    seller: { engine: 'flite', name: 'awb', speed: 160, pitch: 110 },
    buyer: { engine: 'flite', name: 'slt', speed: 180, pitch: 210 },
    leadMs: 2500,
    tailMs: 2500,
    lines: [
      { who: 'buyer', text: 'Before we go further I have to say the budget for this year is already spent.' },
      { who: 'seller', text: 'Understood. When does the next budget cycle start for you?', after: 1000 },
      { who: 'buyer', text: 'In September, but the requests are due in June and they need a business case.', after: 600 },
      { who: 'seller', text: 'yeah', over: 2200 },
      { who: 'seller', text: 'Would it help if we wrote that case with you, using your own ramp numbers?', after: 1400 },
      { who: 'buyer', text: 'It would, as long as the numbers are ours and not a vendor estimate.', after: 900 },
      { who: 'seller', text: 'Of course, we only use what your team measures.', after: -400 },
    ],
  },
];

type Tolerance = { ratio: number; monologueMs: number; switches: number; patienceMs: number };
const clean: Tolerance = { ratio: 2, monologueMs: 500, switches: 0, patienceMs: 150 };
const noisy: Tolerance = { ratio: 5, monologueMs: 1500, switches: 1, patienceMs: 300 };

function errorsOf(got: SpeechAnalysis, truth: SpeechAnalysis) {
  return {
    ratio: Math.abs(got.speakers!.seller.talkRatio - truth.speakers!.seller.talkRatio) * 100,
    monologueMs: Math.max(...(['seller', 'buyer'] as const).map((w) => Math.abs(got.speakers![w].longestMonologueMs - truth.speakers![w].longestMonologueMs))),
    switches: Math.abs(got.speakerSwitches! - truth.speakerSwitches!),
    patienceMs: Math.abs((got.patienceMs ?? 0) - (truth.patienceMs ?? 0)),
  };
}

function expectWithin(got: SpeechAnalysis, truth: SpeechAnalysis, t: Tolerance) {
  expect(got.speakers).not.toBeNull();
  const e = errorsOf(got, truth);
  expect({ ...e, ok: e.ratio <= t.ratio && e.monologueMs <= t.monologueMs && e.switches <= t.switches && e.patienceMs <= t.patienceMs }).toMatchObject({ ok: true });
}

const cases: [string, Conditions, Tolerance][] = [
  ['clean, AAC', { format: 'm4a' }, clean],
  ['pink noise at 20 dB', { snrDb: 20, pink: true, format: 'm4a' }, noisy],
  ['babble at 20 dB', { babbleDb: 20, format: 'webm' }, noisy],
  ['babble at 25 dB', { babbleDb: 25, format: 'webm' }, noisy],
  ['babble at 30 dB', { babbleDb: 30, format: 'webm' }, noisy],
  ['the far side echoing into the seller\'s microphone 30 ms late', { bleed: 0.2, bleedDelayMs: 30, snrDb: 30, format: 'webm' }, noisy],
  ['the far side echoing 120 ms late', { bleed: 0.2, bleedDelayMs: 120, snrDb: 30, format: 'webm' }, noisy],
  ['the far side echoing 250 ms late into a noisy microphone', { bleed: 0.15, bleedDelayMs: 250, snrDb: 20, format: 'webm' }, noisy],
  ['reverberant rooms (RT60 0.8 s)', { reverbRt60: 0.8, snrDb: 35, format: 'webm' }, noisy],
  ['desk thumps on the seller\'s channel', { thumps: true, snrDb: 30, format: 'webm' }, noisy],
];

describe('two-channel analysis under real conditions, on voices of other engines', () => {
  const tools = resolveFfmpeg();
  for (const [label, conditions, tolerance] of cases) {
    it.each(otherEngines.map((scene, i) => [i, scene] as const))(`${label}, take %i`, async (i, scene) => {
      const take = buildTake(scene, { ...conditions, seed: 700 + i }, tempDir());
      const got = await analyzeMedia(tools, take.file);
      expect(got.channels).toBe('stereo');
      expectWithin(got, take.truth, tolerance);
    });
  }
});

describe('one mixed track saved on both channels', () => {
  const tools = resolveFfmpeg();
  it.each([
    ['as the app\'s call mode reads it (left seller, right buyer)', { layout: 'stereo', roles: { left: 'seller', right: 'buyer' } }],
    ['with the channels swapped', { layout: 'stereo', roles: { left: 'buyer', right: 'seller' } }],
    ['left to tell from the file', { layout: 'auto' }],
  ] as const)('is measured as one track and says so, %s', async (_label, options) => {
    const take = buildTake(otherEngines[0]!, { identical: true, snrDb: 30, seed: 801, format: 'm4a' }, tempDir());
    const got = await analyzeMedia(tools, take.file, options);
    expect(got.channels).toBe('mono');
    expect(got.identicalChannels).toBe(true);
    expect(Math.abs(got.silenceRatio - take.truth.silenceRatio)).toBeLessThan(0.05);
  });

  it('is not said of a true two-voice take', async () => {
    const take = buildTake(otherEngines[1]!, { snrDb: 30, seed: 802, format: 'm4a' }, tempDir());
    const got = await analyzeMedia(tools, take.file, { layout: 'stereo' });
    expect(got.channels).toBe('stereo');
    expect(got.identicalChannels).toBeUndefined();
  });

  it('says so in the CLI\'s words', async () => {
    const { runCli } = await import('../../src/host/cli');
    const take = buildTake(otherEngines[0]!, { identical: true, seed: 803, format: 'wav' }, tempDir());
    const out: string[] = [];
    const code = await runCli(['analyze', take.file, '--channels', 'left=seller,right=buyer'], { out: (t) => out.push(t), err: () => undefined }, {});
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('Both channels carry the same sound');
  });
});
