import type { Scene } from './conversation';

/**
 * Scenes in voices of other engines than the detector was tuned on (flite and Festival; the tuning
 * material, test/support/tuning-scenes.ts, is espeak-ng only), for the analysis tests of real
 * conditions and of two voices on one track.
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
  {
    // Two men's voices: pitch tells them apart less, timbre more.
    seller: { engine: 'festival', name: 'voice_kal_diphone', speed: 160, pitch: 0 },
    buyer: { engine: 'flite', name: 'rms', speed: 175, pitch: 100 },
    leadMs: 1000,
    tailMs: 2000,
    lines: [
      { who: 'seller', text: 'How are your managers preparing reps for the first call with a new account?' },
      { who: 'buyer', text: 'Mostly shadowing. A new rep listens to three or four calls and then runs their own.', after: 900 },
      { who: 'seller', text: 'mm hmm', over: 2500 },
      { who: 'seller', text: 'And how do you know they are ready?', after: 1200 },
      { who: 'buyer', text: 'Honestly, we find out on the call itself.', after: 700 },
      { who: 'seller', text: 'What does it cost you when a first call goes badly?', after: 1500 },
      { who: 'buyer', text: 'Usually the whole account, at least for this year.', after: 600 },
    ],
  },
];
