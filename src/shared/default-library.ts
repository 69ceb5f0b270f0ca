/**
 * The persona briefs and scenarios Reprise ships with, seeded by migration 0004. Written so either
 * side of a role-play can pick one up cold: the buyer gets a person to play and what to reveal when;
 * the seller gets a goal. The product is left as "your product" so any team can use them.
 *
 * Seeded once: changing text here does not change a database that already has it. New default
 * content goes in through a later migration. The Finnish is in default-content-fi.ts.
 */

export interface DefaultPersona {
  id: string;
  name: string;
  role: string;
  company: string;
  situation: string;
  pains: string[];
  objections: string[];
  uncover: string[];
}

export interface DefaultScenario {
  id: string;
  title: string;
  focusAreaId: string | null;
  personaId: string;
  setup: string;
  sellerGoal: string;
  buyerNotes: string;
}

export const defaultPersonas: DefaultPersona[] = [
  {
    id: 'builtin-cfo-maria',
    name: 'Maria Lindqvist',
    role: 'Chief Financial Officer',
    company: 'Nordfrakt, a logistics company with 600 employees in four countries',
    situation:
      'The board has asked for two points more operating margin this year. Maria froze new software spend until the Q3 budget round and is consolidating vendors. She is sharp, polite and short on time, and she has been burned by a finance project that ran a year late.',
    pains: [
      'Month-end close takes twelve working days; decisions wait for numbers that are already old',
      'Forecasts are built in spreadsheets that three people maintain by hand',
      'Three tools in the company overlap and nobody can say what each one costs per user',
    ],
    objections: [
      'We froze new software spend until Q3.',
      'Our ERP vendor says their next release does this.',
      'Show me the payback in months, not a slide.',
    ],
    uncover: [
      'What the slow close costs: overtime, late pricing decisions, an auditor who bills by the hour',
      'That the freeze has an exception process, and who can approve it',
      'Who owns the vendor consolidation and what "consolidated" means to the board',
      'What went wrong in the late finance project and what she would need to see to trust a plan',
    ],
  },
  {
    id: 'builtin-it-jonas',
    name: 'Jonas Berg',
    role: 'Head of IT',
    company: 'Caremo, a private healthcare provider with 2,000 employees',
    situation:
      'Jonas runs a team of six. A security audit in the spring found weak access control, and the fixes are due before the next audit in November. His integration backlog is forty tickets long and every new tool the business buys lands on it.',
    pains: [
      'Audit findings on who can see patient-adjacent data, with a hard deadline',
      'Departments buy tools on their own and IT finds out when something breaks',
      'Six people, forty integration tickets, and two of the six are on parental leave in autumn',
    ],
    objections: [
      'We do not have the capacity to integrate another tool this year.',
      'Where is the data stored? We need EU hosting and a signed DPA before anything else.',
      'Without single sign-on this is a non-starter.',
    ],
    uncover: [
      'The November audit date and what happens if the findings are still open',
      'Which identity provider they use and who in his team would own the integration',
      'How their security review works, who signs it and how long it usually takes',
      'Which business sponsor is pushing for a solution, so IT is not carrying it alone',
    ],
  },
  {
    id: 'builtin-vp-sales-priya',
    name: 'Priya Nair',
    role: 'VP of Sales',
    company: 'Lumora, a software scale-up with 150 employees',
    situation:
      'Lumora missed its number two quarters in a row and hired a new Chief Revenue Officer, who reports to the board on ramp time and forecast accuracy. Priya has eight new account executives starting before the sales kick-off in six weeks.',
    pains: [
      'New account executives take seven months to reach full quota',
      'The Monday forecast call takes two hours and still misses by twenty percent',
      'Her best reps are too busy closing to help the new ones',
    ],
    objections: [
      'My reps will not use another tool.',
      'We tried something like this two years ago and nobody logged in after a month.',
      'Can you be live before the kick-off? If not, it is next year.',
    ],
    uncover: [
      'What the new CRO measures her on, and by when',
      'What a month of slower ramp costs: quota per rep times the months lost',
      'Why the last tool failed: no manager involvement, no time set aside, or the wrong problem',
      'Who else has to say yes: the CRO, RevOps, finance',
    ],
  },
  {
    id: 'builtin-ops-tomi',
    name: 'Tomi Heikkinen',
    role: 'Production planning manager (the person who would use your product every day)',
    company: 'Kivimetalli, a metal parts plant running three shifts, 280 employees',
    situation:
      'Tomi plans the shifts for three production lines. He is practical, a little tired of consultants, and not the budget holder: his plant director, Anneli, is. If Tomi likes something he will push for it; if he does not, it will quietly die.',
    pains: [
      'Planning the next week takes his whole Friday afternoon, in a spreadsheet only he understands',
      'A sick call at 5 a.m. means phoning people one by one to fill the shift',
      'Overtime mistakes end up in payroll and he spends Mondays fixing them',
    ],
    objections: [
      'I do not have time to learn something new.',
      'Will it work on the tablets on the floor, with gloves on?',
      'It is not my call, talk to Anneli.',
    ],
    uncover: [
      'What a normal Friday looks like, hour by hour, and what he would do with the time back',
      'What happens to planning when Tomi is on holiday',
      'What Anneli cares about (overtime cost, delivery reliability) and how Tomi could bring it to her',
      'What would make him look good in front of the plant director',
    ],
  },
  {
    id: 'builtin-procurement-sofia',
    name: 'Sofia Martins',
    role: 'Category manager, indirect procurement',
    company: 'Verde Retail, a chain of 120 stores',
    situation:
      'Sofia runs a formal tender with three shortlisted vendors. She is measured on savings against the budget line and on contract terms. She follows the process to the letter and does not like vendors going around her to the business.',
    pains: [
      'The business brings her in after they have already chosen a vendor',
      'Contracts from earlier years auto-renewed with price increases nobody noticed',
      'Savings targets that ignore what the business actually needs',
    ],
    objections: [
      'Your competitor is thirty percent cheaper.',
      'We need a three-year price lock.',
      'Answer the tender first. No meetings with the business until the shortlist is final.',
    ],
    uncover: [
      'The evaluation criteria and how they are weighted (price is rarely 100%)',
      'Who the business sponsor is and what they need this project to achieve',
      'The decision date and what happens after it: legal, security, signature',
      'How her savings are counted, so a better deal for her is not only a lower list price',
    ],
  },
  {
    id: 'builtin-founder-daniel',
    name: 'Daniel Okafor',
    role: 'Founder and CEO',
    company: 'Brightside, a 40-person digital agency',
    situation:
      'Daniel decides quickly and alone, answers email during meetings and watches cash closely. Growth stalled this year after two clients left over missed deadlines. He took the call because a friend recommended you.',
    pains: [
      'Every approval goes through him and he is the bottleneck',
      'Two clients churned over delivery slips that nobody saw coming',
      'He does not know which projects make money until the quarter is over',
    ],
    objections: [
      'Just send me the price.',
      'We are too small for something like this.',
      'Let me think about it and get back to you.',
    ],
    uncover: [
      'His growth goal for the year and what is standing in the way',
      'What he personally spends his week on that he wishes he did not',
      'What losing a client costs them in revenue and in team morale',
      'Whose advice he trusts before buying (the friend who referred you, his operations lead)',
    ],
  },
];

export const defaultScenarios: DefaultScenario[] = [
  {
    id: 'builtin-discovery-frozen-budget',
    title: 'The frozen budget',
    focusAreaId: 'discovery',
    personaId: 'builtin-cfo-maria',
    setup:
      'First call. Maria\'s controller booked 30 minutes after a webinar; Maria joins for the first fifteen and says so at the start.',
    sellerGoal:
      'Find out what the slow close costs and whether the spending freeze has an exception process. Leave with a second meeting that includes the controller.',
    buyerNotes:
      'Open guarded and brief. Mention the twelve-day close only if asked about month-end or reporting. Mention the board\'s margin target only if asked about company goals. If the seller starts presenting features in the first five minutes, look at the clock and say you need to drop soon. Warm up when the seller puts a number on the problem with you.',
  },
  {
    id: 'builtin-discovery-audit-deadline',
    title: 'The audit deadline',
    focusAreaId: 'discovery',
    personaId: 'builtin-it-jonas',
    setup: 'Inbound. Jonas downloaded a guide on access management and accepted a 25-minute call "to see what you do".',
    sellerGoal:
      'Find the trigger behind the download, the deadline that makes it urgent, and how their security review works. Agree on who from the business should join next time.',
    buyerNotes:
      'Say you are "just researching". Reveal the audit findings only if asked what prompted the research; reveal the November date only if asked about timing or consequences. Push back hard on anything that sounds like work for your team. If the seller asks about your team\'s capacity before pitching, tell them about the parental leaves.',
  },
  {
    id: 'builtin-discovery-stalled-ramp',
    title: 'The stalled ramp',
    focusAreaId: 'discovery',
    personaId: 'builtin-vp-sales-priya',
    setup: 'Priya agreed to a call after a cold email that mentioned ramp time. She has 30 minutes and her camera off.',
    sellerGoal:
      'Quantify what slow ramp costs Lumora, learn why the last tool failed, and map who besides Priya decides.',
    buyerNotes:
      'Be friendly but vague ("ramp could be better"). Give the seven-month figure when asked how long ramp takes today. Tell the story of the failed tool only if asked what was tried before. If the seller asks what the new CRO expects of you, turn your camera on: that is the question that matters to you.',
  },
  {
    id: 'builtin-demo-friday-afternoon',
    title: 'Show me my Friday afternoon',
    focusAreaId: 'demo',
    personaId: 'builtin-ops-tomi',
    setup:
      'Second meeting. Discovery found that weekly planning eats Tomi\'s Friday and that sick calls are handled by phone. Tomi asked to "see it" for 20 minutes.',
    sellerGoal:
      'Show no more than three things, each tied to a pain Tomi named, checking in after each one. End with Tomi agreeing to bring it to Anneli, and how.',
    buyerNotes:
      'Interrupt with practical questions: "how would I do that on the tablet?", "what if two people call in sick?". If the seller shows a screen that has nothing to do with your week, say "okay..." and go quiet. If they ask how you would explain it to Anneli, tell them she cares about overtime cost.',
  },
  {
    id: 'builtin-demo-payback',
    title: 'The payback demo',
    focusAreaId: 'demo',
    personaId: 'builtin-cfo-maria',
    setup:
      'Maria gives you 20 minutes after her controller liked the first demo. She wants to know what it is worth, not how it works.',
    sellerGoal:
      'Tie every screen to money or risk in Maria\'s own numbers (the twelve-day close, the spreadsheet forecasts). End with agreement on building a business case together.',
    buyerNotes:
      'Ask "and what does that save us?" after any feature that is not tied to a number. Be impressed only by a payback you can check yourself. If the seller asks which assumptions you would want to test, offer your controller\'s time.',
  },
  {
    id: 'builtin-demo-technical-room',
    title: 'Demo with IT in the room',
    focusAreaId: 'demo',
    personaId: 'builtin-it-jonas',
    setup:
      'The business sponsor invited Jonas to the demo at the last minute. He has a list of technical questions and a short temper for marketing.',
    sellerGoal:
      'Answer single sign-on, hosting and integration questions plainly, park the deep ones for a follow-up with the right people, and keep the demo on the business problem. Agree on the security review as the next step.',
    buyerNotes:
      'Ask about SSO within the first three minutes, then about where the data lives. If the seller bluffs, press on the detail. If they say "I will find out and send it by Thursday" and write it down, relax and let them continue.',
  },
  {
    id: 'builtin-personas-cfo-chair',
    title: 'Speak like the CFO',
    focusAreaId: 'personas',
    personaId: 'builtin-cfo-maria',
    setup: 'A 15-minute slot Maria gave you between two board preparation meetings.',
    sellerGoal:
      'Ask questions in a CFO\'s language: cash, margin, risk, timing. Avoid product terms entirely. Find out which of her board\'s goals your product touches.',
    buyerNotes:
      'Answer questions about features with "my team can look at that". Answer questions about margin, risk or the board with detail and interest. Count the product words the seller uses and mention it at the end if there were many.',
  },
  {
    id: 'builtin-personas-end-user',
    title: 'The user who decides more than he says',
    focusAreaId: 'personas',
    personaId: 'builtin-ops-tomi',
    setup: 'You meet Tomi on the plant floor between shifts, 15 minutes, standing up.',
    sellerGoal:
      'Ask what a daily user cares about (time, hassle, looking good), not what a budget holder cares about. Find out what would make Tomi champion the change to his director.',
    buyerNotes:
      'Say "it is not my decision" early. If the seller accepts that and asks for Anneli\'s number, end the conversation politely. If they ask about your Fridays and your holidays, open up and say that if it really saved your Fridays you would take it to Anneli yourself.',
  },
  {
    id: 'builtin-personas-procurement',
    title: 'Through the procurement gate',
    focusAreaId: 'personas',
    personaId: 'builtin-procurement-sofia',
    setup: 'Sofia invited you to a clarification call in the middle of the tender. The business sponsor is not on the call.',
    sellerGoal:
      'Learn the evaluation criteria and their weights and how Sofia\'s savings are counted, and earn a sanctioned way to talk to the business sponsor without going around her.',
    buyerNotes:
      'Stick to the process. If the seller asks to "just have a quick chat" with the business, get cold. If they ask what a good outcome looks like for you personally, explain the savings target. If they propose a joint session with you present, agree.',
  },
  {
    id: 'builtin-objection-cheaper-competitor',
    title: 'Your competitor is thirty percent cheaper',
    focusAreaId: 'objection-handling',
    personaId: 'builtin-procurement-sofia',
    setup: 'Final negotiation call. Sofia opens with the competitor\'s price.',
    sellerGoal:
      'Hear the objection out, find out what exactly is being compared, and answer without arguing or discounting in the first five minutes.',
    buyerNotes:
      'Repeat "thirty percent" whenever the seller defends the price. If the seller asks what is included in the other offer, admit that implementation is charged separately there. Respect a seller who holds the price and offers to change the scope instead.',
  },
  {
    id: 'builtin-objection-send-price',
    title: 'Just send me the price',
    focusAreaId: 'objection-handling',
    personaId: 'builtin-founder-daniel',
    setup: 'Daniel answers your follow-up call while walking to a meeting.',
    sellerGoal:
      'Acknowledge the request, earn two minutes to understand what the price needs to be compared with, and agree on a short next call instead of a price list in an email.',
    buyerNotes:
      'Say "just send me the price" twice. If the seller sends it without asking anything, say thanks and hang up: you will never reply. If they ask what you would compare it against, mention the two churned clients.',
  },
  {
    id: 'builtin-open-busy-founder',
    title: 'Open practice: the busy founder',
    focusAreaId: null,
    personaId: 'builtin-founder-daniel',
    setup:
      'A 20-minute call Daniel accepted because a friend recommended you. Use it for whatever this week\'s focus area is.',
    sellerGoal: 'Practise this week\'s focus area with a buyer who is distracted and decides fast. Leave with a clear next step.',
    buyerNotes:
      'Check your phone now and then. Give short answers to generic questions and long ones to questions about growth, churned clients or your own week. Decide on the spot if the seller earns it.',
  },
];
