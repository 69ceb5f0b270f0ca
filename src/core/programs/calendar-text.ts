import type { Persona, ProgramSession, Scenario } from '../../shared/programs';
import type { ParticipantRole } from '../../shared/sessions';

export type CalendarLanguage = 'en' | 'fi';

const words = {
  en: {
    rolePlay: (focus: string) => `${focus} role-play`,
    with: 'with',
    and: 'and',
    you: (role: string) => `you: ${role}`,
    roles: { seller: 'seller', buyer: 'buyer', observer: 'observer' } as Record<ParticipantRole, string>,
    program: 'Program',
    people: 'People',
    coach: 'Peer coach this week',
    scenario: 'Scenario',
    setup: 'Setup',
    goal: "Seller's goal",
    persona: 'Buyer persona',
    situation: 'Situation',
    pains: 'Pains',
    objections: 'Likely objections',
    uncover: 'What a great seller uncovers',
    buyerNotes: 'How to play the buyer',
    hidden: 'The rest of the buyer brief is for the buyer and the observer; the seller finds it out in the role-play.',
    cancelled: 'Cancelled',
  },
  fi: {
    rolePlay: (focus: string) => `Roolipeli: ${focus}`,
    with: 'kanssa',
    and: 'ja',
    you: (role: string) => `sinä: ${role}`,
    roles: { seller: 'myyjä', buyer: 'ostaja', observer: 'tarkkailija' } as Record<ParticipantRole, string>,
    program: 'Ohjelma',
    people: 'Osallistujat',
    coach: 'Vertaisvalmentaja tällä viikolla',
    scenario: 'Skenaario',
    setup: 'Lähtötilanne',
    goal: 'Myyjän tavoite',
    persona: 'Ostajapersoona',
    situation: 'Tilanne',
    pains: 'Kipupisteet',
    objections: 'Todennäköiset vastaväitteet',
    uncover: 'Mitä erinomainen myyjä saa selville',
    buyerNotes: 'Näin pelaat ostajaa',
    hidden: 'Ostajan muu taustatieto on ostajalle ja tarkkailijalle; myyjä saa sen selville roolipelissä.',
    cancelled: 'Peruttu',
  },
} as const;

function list(items: string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/**
 * SUMMARY and DESCRIPTION for one session. For the seller the brief stops at what a seller would
 * know before a real call (who, where, the setup and the goal): the pains, objections and what to
 * uncover would give the role-play away. A program-wide calendar shows only that part too.
 */
export function eventText(
  session: ProgramSession,
  scenario: Scenario | null,
  persona: Persona | null,
  viewerRepId: string | null,
  language: CalendarLanguage,
): { summary: string; description: string } {
  const w = words[language];
  const me = viewerRepId ? session.participants.find((p) => p.repId === viewerRepId) : undefined;
  const others = session.participants.filter((p) => p.repId !== viewerRepId);
  const names = others.map((p) => p.name);
  const joined = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${w.and} ${names.at(-1)}` : (names[0] ?? '');
  let summary: string;
  if (me) {
    summary =
      language === 'fi'
        ? `${w.rolePlay(session.focusAreaName)}, ${joined} (${w.you(w.roles[me.role])})`
        : `${w.rolePlay(session.focusAreaName)} ${w.with} ${joined} (${w.you(w.roles[me.role])})`;
  } else {
    summary = `${w.rolePlay(session.focusAreaName)}: ${session.participants.map((p) => `${p.name} (${w.roles[p.role]})`).join(', ')}`;
  }
  if (session.status === 'cancelled') summary = `${w.cancelled}: ${summary}`;

  const coach = session.participants.find((p) => p.repId === session.coachRepId);
  const parts: string[] = [
    `${w.program}: ${session.programName}`,
    `${w.people}: ${session.participants.map((p) => `${p.name} (${w.roles[p.role]})`).join(', ')}`,
  ];
  if (coach) parts.push(`${w.coach}: ${coach.name}`);
  if (scenario) {
    parts.push('', `${w.scenario}: ${scenario.title}`);
    if (scenario.setup) parts.push(`${w.setup}: ${scenario.setup}`);
    if (scenario.sellerGoal) parts.push(`${w.goal}: ${scenario.sellerGoal}`);
  }
  if (persona) {
    parts.push('', `${w.persona}: ${persona.name}, ${persona.role}${persona.company ? `, ${persona.company}` : ''}`);
    if (persona.situation) parts.push(`${w.situation}: ${persona.situation}`);
    const fullBrief = me !== undefined && me.role !== 'seller';
    if (fullBrief) {
      if (persona.pains.length) parts.push('', `${w.pains}:`, list(persona.pains));
      if (persona.objections.length) parts.push('', `${w.objections}:`, list(persona.objections));
      if (persona.uncover.length) parts.push('', `${w.uncover}:`, list(persona.uncover));
      if (scenario?.buyerNotes) parts.push('', `${w.buyerNotes}: ${scenario.buyerNotes}`);
    } else {
      parts.push('', w.hidden);
    }
  }
  return { summary, description: parts.join('\n') };
}
