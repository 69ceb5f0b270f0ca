import { describe, expect, it } from 'vitest';
import { contract } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';
import { scorecardsChannels } from '../../src/shared/scorecards';
import { fullContent, team } from './scorecards-support';

describe('the scorecards part of the contract', () => {
  it('answers every channel with a value that fits its output schema', async () => {
    const { core, aino, ben, session } = team();
    const s = session();
    const answers = new Map<string, unknown>();
    const run = async (channel: keyof typeof scorecardsChannels, input: unknown) => {
      const result = await dispatch(core.handlers, channel, input);
      expect(result, channel).toMatchObject({ ok: true });
      const value = result.ok ? result.value : null;
      const parsed = contract[channel].output.safeParse(value);
      expect(parsed.success, `${channel}: ${parsed.error?.message}`).toBe(true);
      answers.set(channel, value);
      return value as { id: string } & Record<string, unknown>;
    };
    const template = await run('rubric-templates:create', {
      focusAreaId: 'demo',
      name: 'Short demo',
      criteria: [{ name: 'Story', anchors: ['1', '2', '3', '4', '5'] }],
    });
    await run('rubric-templates:list', {});
    await run('rubric-templates:get', { id: template.id });
    await run('rubric-templates:versions', { id: template.id });
    await run('rubric-templates:update', { id: template.id, fields: { focusAreaId: 'demo', name: 'Shorter demo', criteria: [{ name: 'Story', anchors: ['1', '2', '3', '4', '5'] }] } });
    await run('rubric-templates:archive', { id: template.id, archived: true });
    const card = await run('scorecards:start', { sessionId: s.id, reviewerId: ben.id });
    await run('scorecards:get', { id: card.id });
    await run('scorecards:list', {});
    await run('scorecards:to-write', { reviewerId: ben.id });
    await run('scorecards:save-draft', { id: card.id, sections: { 'went-well': 'Calm' } });
    await run('scorecards:submit', fullContent(await core.scorecards.cards.get(card.id), [4]));
    await run('scorecards:revise', { id: card.id });
    await run('scorecards:discard', { id: card.id });
    await run('scorecards:about', { revieweeId: aino.id });
    await run('scorecards:for-session', { sessionId: s.id });
    await run('scorecards:calibration', {});
    await run('scorecards:export', { format: 'csv' });
    await run('scorecards:import', {
      csv: 'session_date,focus_area,seller_email,reviewer_email,criterion,score\n2026-11-20,demo,aino@example.com,ben@example.com,story,9\n',
    });
    const note = await run('coaching-notes:save', { fields: { coachId: ben.id, repId: aino.id, weekOf: '2026-11-23' } });
    await run('coaching-notes:list', {});
    await run('coaching-notes:get', { id: note.id });
    await run('coaching-notes:delete', { id: note.id });
    expect([...answers.keys()].sort()).toEqual(Object.keys(scorecardsChannels).sort());
  });
});
