import type { Scene } from './conversation';

/**
 * Material the detector's settings were tuned on. The analysis tests use other lines, voices and
 * seeds (test/unit/analysis.test.ts), so the tolerances are checked on takes it has never seen.
 */
export const tuningScenes: Scene[] = [
  {
    seller: { name: 'en-us', speed: 165, pitch: 45 },
    buyer: { name: 'en-gb+f3', speed: 180, pitch: 60 },
    leadMs: 1200,
    tailMs: 1500,
    lines: [
      { who: 'seller', text: 'Thanks for making the time today. How is the quarter going for your team so far?' },
      { who: 'buyer', text: 'Busy, honestly. We onboarded twelve new people and the ramp is slower than we hoped.', after: 700 },
      { who: 'seller', text: 'right', over: 1800 },
      { who: 'seller', text: 'What does slower look like in numbers?', after: 900 },
      { who: 'buyer', text: 'About five months to full quota instead of three.', after: 500 },
      { who: 'seller', text: 'And what have you tried so far to shorten that?', after: 1200 },
      { who: 'buyer', text: 'We ran a boot camp, but people forget most of it after a few weeks and the managers have no time to coach.', after: 600 },
      { who: 'seller', text: 'That makes sense, most teams we talk to see the same thing happen.', after: -500 },
      { who: 'buyer', text: 'ha ha ha', over: 900 },
    ],
  },
  {
    seller: { name: 'en-gb-x-rp', speed: 150, pitch: 40 },
    buyer: { name: 'en-us+m3', speed: 170, pitch: 50 },
    leadMs: 3000,
    tailMs: 4000,
    lines: [
      { who: 'buyer', text: 'So tell me again what this costs for a team of forty.' },
      { who: 'seller', text: 'Before the price, can I ask how you measure coaching today?', after: 1500 },
      { who: 'buyer', text: 'We do not, really. Managers sit in on a call now and then.', after: 800 },
      { who: 'seller', text: 'okay', over: 1200 },
      { who: 'seller', text: 'How often is now and then?', after: 400 },
      { who: 'buyer', text: 'Maybe once a month if we are lucky.', after: 300 },
      { who: 'seller', text: 'So each rep gets perhaps twelve coached calls a year. If that went to one a week, what would change for you?', after: 2500 },
      { who: 'buyer', text: 'I think the new hires would ramp a lot faster.', after: 900 },
    ],
  },
];
