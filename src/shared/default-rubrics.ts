/**
 * The rubric templates Reprise ships, seeded by migration 0003 as `builtin-<focus area>` version 1.
 * Shared so the renderer can tell an untouched shipped text from a team's own and show it in the
 * active language (see default-content-fi.ts).
 *
 * Seeded once: changing text here does not change a database that already has it.
 */

export interface DefaultCriterion {
  key: string;
  name: string;
  description: string;
  weight: number;
  /** What the reviewer saw or heard at levels 1 to 5. */
  anchors: [string, string, string, string, string];
}

export interface DefaultTemplate {
  focusAreaId: string;
  name: string;
  description: string;
  criteria: DefaultCriterion[];
}

export const defaultRubricSections = [
  { key: 'went-well', title: 'What went well', prompt: 'The moments that worked, and why they worked.', required: false },
  { key: 'to-improve', title: 'What to improve', prompt: 'One or two things, with the moment each happened.', required: false },
  {
    key: 'practise-next',
    title: 'The one thing to practise next',
    prompt: 'One concrete behaviour to practise in next week’s role-play.',
    required: true,
  },
];

const nextStep: DefaultCriterion = {
  key: 'next-step',
  name: 'Next step',
  description: 'The conversation ends with a concrete next step that the buyer agrees to.',
  weight: 1,
  anchors: [
    'The role-play ended without a next step, or with “I’ll send you some information”.',
    'A vague next step (“let’s talk again soon”) with no date and no owner.',
    'A next step with a date that the buyer said yes to.',
    'A dated next step with a clear purpose, and the seller asked who else from the buyer’s side should join.',
    'A dated next step tied to the pain that was uncovered, booked during the conversation, with what each side will prepare.',
  ],
};

/**
 * The templates Reprise ships. Each anchor describes what a reviewer sees or hears at that
 * level, so two reviewers watching the same role-play land on the same number.
 */
export const defaultRubricTemplates: DefaultTemplate[] = [
  {
    focusAreaId: 'discovery',
    name: 'Discovery call',
    description: 'Did the seller let the buyer talk, find the pain and what it costs, and agree a next step?',
    criteria: [
      {
        key: 'open-questions',
        name: 'Open questions',
        description: 'Questions that let the buyer describe their situation in their own words.',
        weight: 1,
        anchors: [
          'Almost only yes/no or leading questions (“So you’d agree that…?”); the buyer answered in a few words.',
          'One or two open questions, then back to closed ones, or pitching before the buyer had finished.',
          'Most topics opened with an open question (what, how, tell me about); follow-ups were mostly closed.',
          'Open questions throughout, and at least twice a follow-up built on the buyer’s own words (“You said X. What does that look like?”).',
          'The buyer did most of the talking; each question built on the last answer, and the seller summarised what they heard before moving on.',
        ],
      },
      {
        key: 'pain-and-impact',
        name: 'Pain and impact',
        description: 'The problems behind the situation, and what they mean for the business and for the buyer personally.',
        weight: 2,
        anchors: [
          'No pain was named; the conversation stayed on features or on the tools the buyer uses today.',
          'A pain came up, but the seller moved on without asking why it matters or whom it affects.',
          'At least one pain named, and the seller asked how it affects the team or the business.',
          'A pain connected both to a business impact and to the buyer personally (their goals, workload or standing), in the buyer’s words.',
          'Several pains uncovered, the buyer ranked them, and the seller confirmed the top one (“So the biggest issue is…, is that right?”).',
        ],
      },
      {
        key: 'quantifying',
        name: 'Quantifying',
        description: 'Numbers on the problem: time, money, volume or risk.',
        weight: 1.5,
        anchors: [
          'No numbers were asked for or offered.',
          'A number was asked for, but “a lot” or “quite often” was accepted without a follow-up.',
          'At least one concrete figure came out (hours a week, a cost, the number of deals affected).',
          'Figures for the main pain, and the seller worked out with the buyer what they add up to over a month or a year.',
          'The buyer stated the cost of doing nothing in their own numbers and agreed with the total the seller summarised.',
        ],
      },
      {
        key: 'listening',
        name: 'Listening',
        description: 'Letting the buyer finish, reacting to what was said, leaving room.',
        weight: 1,
        anchors: [
          'Interrupted or talked over the buyer more than once; the seller spoke most of the time.',
          'Let the buyer finish, but went straight to the next prepared question without reacting to the answer.',
          'Paused after answers and acknowledged what the buyer said before moving on.',
          'Left silences for the buyer to fill, and picked up a hint the buyer dropped in passing.',
          'The buyer spoke more than half of the time; the seller’s summaries used the buyer’s words and the buyer confirmed them.',
        ],
      },
      nextStep,
    ],
  },
  {
    focusAreaId: 'demo',
    name: 'Demo',
    description: 'Did the demo follow the pains found in discovery, tell a story, and keep the buyer involved?',
    criteria: [
      {
        key: 'tailoring',
        name: 'Tailored to discovered pains',
        description: 'What was shown, and in what order, came from what the buyer said in discovery.',
        weight: 2,
        anchors: [
          'The standard feature tour; nothing was linked to what the buyer had said.',
          'A pain was mentioned at the start, then features were shown in the product’s own order.',
          'Showed the parts that address the buyer’s main pains, and said which pain each part solves.',
          'Opened by restating the pains in the buyer’s words and getting a yes; skipped features the buyer does not need.',
          'Every part started from a named pain and ended with what it means in the buyer’s numbers; the buyer linked it to their own work unprompted.',
        ],
      },
      {
        key: 'storytelling',
        name: 'Storytelling',
        description: 'A realistic story with a problem, a path and a result, rather than a walk through screens.',
        weight: 1,
        anchors: [
          'Clicked through screens, narrating what the buttons do.',
          'A generic example (“imagine a company…”) unrelated to the buyer.',
          'One realistic scenario from the buyer’s day, with a beginning (the problem) and an end (the result).',
          'The scenario used the buyer’s roles, data or terms, and showed a before and an after.',
          'A similar customer’s problem and result told with a concrete number, then the same path shown for the buyer; the buyer could retell it.',
        ],
      },
      {
        key: 'checking-in',
        name: 'Checking in',
        description: 'Stopping to ask how it lands, and adjusting to the answers.',
        weight: 1,
        anchors: [
          'The seller asked the buyer nothing during the demo.',
          '“Any questions?” once or twice, moving on after a silence.',
          'Stopped after each main part to ask how it fits the buyer’s situation.',
          'Specific questions (“How would your team use this at month-end?”) and the demo changed based on the answers.',
          'The demo became a conversation: the buyer asked to see things, and the seller changed the plan on the spot to follow them.',
        ],
      },
      nextStep,
    ],
  },
  {
    focusAreaId: 'personas',
    name: 'Buyer persona',
    description: 'Did the seller ask what this role cares about and speak this role’s language?',
    criteria: [
      {
        key: 'persona-questions',
        name: 'Persona-specific questions',
        description: 'Questions that fit what this role is responsible for and measured on.',
        weight: 2,
        anchors: [
          'The same questions as for any buyer; nothing showed the seller knew whom they were talking to.',
          'The buyer’s role was mentioned, but the questions stayed generic.',
          'At least two questions that fit the role’s responsibilities (budget and payback for a CFO, integration and security for an IT lead).',
          'Questions covered the role’s goals, how they are measured and what worries them, with follow-ups on the answers.',
          'Anticipated the role’s priorities, asked about the people they answer to, and uncovered something the persona brief held back.',
        ],
      },
      {
        key: 'persona-language',
        name: 'Language of the persona’s role',
        description: 'Value described in the words and metrics this role uses.',
        weight: 1.5,
        anchors: [
          'Product jargon, or the wrong vocabulary for the role (features to a CFO, pricing detail to an end user).',
          'Mostly product language, with one or two of the role’s terms.',
          'Value described in the terms the role uses (cost, risk, time saved, ease of use) most of the time.',
          'Reused the buyer’s own words and metrics; no jargon the buyer would need translated.',
          'Sounded like a peer of the role: every point framed in the role’s metrics, and the buyer answered in kind.',
        ],
      },
      {
        key: 'role-value',
        name: 'Value that fits the role',
        description: 'Benefits and proof that matter to this person, not to someone else in the company.',
        weight: 1,
        anchors: [
          'No value claimed, or a claim that matters to a different role.',
          'General benefits (“it saves time”) not tied to the role.',
          'One benefit linked to what this role is measured on.',
          'Benefits linked to the role’s goals and to the concerns of the people around them.',
          'Proof relevant to this role (a customer like them, a number), and the buyer agreed it matters to them.',
        ],
      },
      {
        key: 'adapting',
        name: 'Adapting to the buyer',
        description: 'Pace and depth adjusted to how this persona reacts.',
        weight: 1,
        anchors: [
          'Same pace and level of detail whatever the buyer did.',
          'Noticed impatience or confusion but did not change approach.',
          'Changed the level of detail once when the buyer signalled it (shorter for an executive, deeper for a specialist).',
          'Matched the role’s pace and depth throughout and checked whether the level was right.',
          'Read the cues early, set the agenda to match, and the buyer said or showed it was time well spent.',
        ],
      },
    ],
  },
  {
    focusAreaId: 'objection-handling',
    name: 'Objection handling',
    description: 'Did the seller hear the objection out, find what is behind it, and answer without arguing?',
    criteria: [
      {
        key: 'hearing-out',
        name: 'Hearing the objection out',
        description: 'Letting the buyer finish and acknowledging the concern before answering.',
        weight: 1,
        anchors: [
          'Interrupted, or started answering before the buyer had finished.',
          'Let the buyer finish, but answered at once without a pause.',
          'Let the buyer finish, paused, and acknowledged the concern without agreeing or arguing.',
          'Acknowledged it and restated it in the buyer’s words, checking it was understood correctly.',
          'Calm and curious; the buyer said more about the concern because of how it was received.',
        ],
      },
      {
        key: 'root-cause',
        name: 'Finding what is behind it',
        description: 'The real concern behind the stated objection.',
        weight: 2,
        anchors: [
          'Took the objection at face value and asked nothing about it.',
          'One question, then straight to an answer.',
          'At least one open question that surfaced the real concern (for example, “too expensive” really meant unclear value).',
          'Separated the stated objection from the underlying one and confirmed with the buyer which one mattered more.',
          'Found the real concern and whether it was the only thing in the way (“If we solved that, would you…?”).',
        ],
      },
      {
        key: 'answer',
        name: 'Answering without arguing',
        description: 'A calm answer to the real concern, with evidence that fits this buyer.',
        weight: 1.5,
        anchors: [
          'Argued, contradicted the buyer, or dropped the price at once.',
          'A generic feature list or a rehearsed line that did not match the concern.',
          'A relevant answer to the actual concern, given calmly.',
          'Evidence that fits the buyer (a number, a customer, a trial), tied back to their pain.',
          'Led the buyer to the answer through questions and evidence; the buyer said the concern was resolved.',
        ],
      },
      {
        key: 'confirming',
        name: 'Checking it is resolved',
        description: 'Making sure the concern is settled before moving on.',
        weight: 1,
        anchors: [
          'Moved on without checking.',
          '“Does that make sense?”, then moved on whatever the answer.',
          'Asked whether the answer addressed the concern.',
          'Confirmed it was resolved and asked whether anything else stood in the way.',
          'Confirmed, asked about other concerns, and turned the resolution into an agreed next step.',
        ],
      },
    ],
  },
];
