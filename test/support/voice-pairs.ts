import type { Scene, Voice } from './conversation';

/**
 * Pairs of voices for the one-track tests, built into short scenes at test time: different voices
 * that are close (two men of one engine at the same pitch, two engines' men), and pairs that are
 * the same voice twice (nothing can tell them apart; the confidence must say so).
 */
export interface VoicePair {
  label: string;
  seller: Voice;
  buyer: Voice;
  /** The same voice (or the same recorded speaker through two engines): not to be told apart. */
  same: boolean;
}

const espeak = (name: string, pitch: number, speed = 165): Voice => ({ name, speed, pitch });
const flite = (name: string, pitch: number, speed = 170): Voice => ({ engine: 'flite', name, speed, pitch });
const festival = (speed = 170): Voice => ({ engine: 'festival', name: 'voice_kal_diphone', speed, pitch: 0 });

export const voicePairs: VoicePair[] = [
  { label: 'espeak-ng en-us and en-gb+m3, both at pitch 40', seller: espeak('en-us', 40), buyer: espeak('en-gb+m3', 40, 175), same: false },
  { label: 'espeak-ng en-us+m1 and en-us+m7, both at pitch 45', seller: espeak('en-us+m1', 45), buyer: espeak('en-us+m7', 45, 155), same: false },
  { label: 'flite kal and awb at 110 Hz', seller: flite('kal', 110), buyer: flite('awb', 110, 160), same: false },
  { label: 'flite awb and rms at 105 Hz', seller: flite('awb', 105), buyer: flite('rms', 105, 180), same: false },
  { label: 'Festival kal_diphone and flite awb', seller: festival(), buyer: flite('awb', 110), same: false },
  { label: 'Festival kal_diphone and flite rms', seller: festival(160), buyer: flite('rms', 100, 175), same: false },
  { label: 'espeak-ng en-gb+m2 and flite kal', seller: espeak('en-gb+m2', 35), buyer: flite('kal', 105), same: false },
  { label: 'flite slt and espeak-ng en-us+f3', seller: flite('slt', 180), buyer: espeak('en-us+f3', 55), same: false },
  { label: 'espeak-ng en-us twice, pitch 40', seller: espeak('en-us', 40), buyer: espeak('en-us', 40, 175), same: true },
  { label: 'flite awb twice at 110 Hz', seller: flite('awb', 110), buyer: flite('awb', 110, 160), same: true },
  { label: 'flite rms twice at 100 Hz', seller: flite('rms', 100), buyer: flite('rms', 100, 180), same: true },
];

/** Two short scripts (about 20 s each): who opens, backchannels and an interruption differ. */
const scripts: Omit<Scene, 'seller' | 'buyer'>[] = [
  {
    leadMs: 1000,
    tailMs: 1500,
    lines: [
      { who: 'seller', text: 'Thanks for making time today. I wanted to hear how onboarding went for the new team.' },
      { who: 'buyer', text: 'It went fine, but the reps still struggle with the first discovery call.', after: 700 },
      { who: 'seller', text: 'right', over: 1800 },
      { who: 'seller', text: 'What happens on that call?', after: 1100 },
      { who: 'buyer', text: 'They talk too much and forget to ask about the budget and the timeline.', after: 600 },
      { who: 'seller', text: 'Would a weekly role play help them?', after: 1500 },
      { who: 'buyer', text: 'Probably, if the managers have time to run it.', after: 400 },
    ],
  },
  {
    leadMs: 1500,
    tailMs: 1500,
    lines: [
      { who: 'buyer', text: 'Before we start, I only have fifteen minutes today.' },
      { who: 'seller', text: 'No problem, I will keep it short and focus on the pricing question you raised.', after: 900 },
      { who: 'buyer', text: 'Good. The per seat price is higher than what we pay now.', after: 800 },
      { who: 'seller', text: 'yeah', over: 1500 },
      { who: 'seller', text: 'Is the concern the total cost or how it grows with the team?', after: 1200 },
      { who: 'buyer', text: 'Mostly how it grows, we hire twenty people a quarter.', after: -300 },
    ],
  },
];

/** Every pair in both scripts: the scene, and which role opens it. */
export function pairScenes(pairs: VoicePair[] = voicePairs): { pair: VoicePair; scene: Scene; script: number }[] {
  return pairs.flatMap((pair) => scripts.map((s, script) => ({ pair, script, scene: { ...s, seller: pair.seller, buyer: pair.buyer } })));
}
