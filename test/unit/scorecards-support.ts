import type { Core } from '../../src/core/core';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';
import type { ApiErrorShape } from '../../src/shared/errors';
import type { CriterionFields, TemplateFields } from '../../src/shared/scorecards';
import { testCore } from '../support/core';

/** Calls a channel the way every door does (contract parsing included) and returns the value. */
export async function call<C extends Channel>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(core.handlers, channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ChannelOutput<C>;
}

/** Calls a channel that must fail and returns the error shape. */
export async function fail<C extends Channel>(core: Core, channel: C, input: ChannelInput<C>): Promise<ApiErrorShape> {
  const result = await dispatch(core.handlers, channel, input);
  if (result.ok) throw new Error(`${channel} succeeded but should have failed`);
  return result.error;
}

export const anchors = ['Saw nothing of it', 'Saw a little', 'Saw it half the time', 'Saw it most of the time', 'Saw it throughout'];

export function criterionFields(name: string, extra: Partial<CriterionFields> = {}): CriterionFields {
  return { name, anchors, ...extra };
}

export function templateFields(extra: Partial<TemplateFields> = {}): TemplateFields {
  return {
    focusAreaId: 'discovery',
    name: 'Short discovery',
    criteria: [criterionFields('Questions', { weight: 2 }), criterionFields('Next step')],
    sections: [{ title: 'Practise next', required: true }],
    ...extra,
  };
}

/**
 * A team: Aino sells, Ben buys, Chloé observes; Maija manages Aino; Otto is a coach outside the
 * session; Pia is another colleague.
 */
export function team(now = '2026-11-27T09:00:00Z') {
  const core = testCore(now);
  const maija = core.people.create({ name: 'Maija', email: 'maija@example.com', coach: true });
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com', managerId: maija.id });
  const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
  const chloe = core.people.create({ name: 'Chloé', email: 'chloe@example.com' });
  const otto = core.people.create({ name: 'Otto', email: 'otto@example.com', coach: true });
  const pia = core.people.create({ name: 'Pia', email: 'pia@example.com' });
  const session = (focusAreaId = 'discovery', startsAt: string | null = '2026-11-26T13:00:00Z', title = 'Weekly role-play') =>
    core.sessions.create({
      focusAreaId,
      title,
      startsAt,
      participants: [
        { repId: aino.id, role: 'seller' },
        { repId: ben.id, role: 'buyer' },
        { repId: chloe.id, role: 'observer' },
      ],
    });
  return { core, maija, aino, ben, chloe, otto, pia, session };
}

/** Scores every criterion of a scorecard (by position) and writes every required section. */
export function fullContent(card: ChannelOutput<'scorecards:get'>, scores: number[], note = 'Ask about budget earlier') {
  return {
    id: card.id,
    scores: card.template.criteria.map((c, i) => ({ criterionId: c.id, score: scores[i] ?? scores[scores.length - 1]! })),
    sections: Object.fromEntries(card.template.sections.filter((s) => s.required).map((s) => [s.key, note])),
  };
}
