import { describe, expect, it } from 'vitest';
import { mondayOf } from '../../src/core/scorecards/coaching-notes-service';
import { call, fail, team } from './scorecards-support';

describe('the weekly peer-coaching form', () => {
  it('saves a coach’s notes on a colleague’s week, without a recording, filed under that week’s Monday', async () => {
    const { core, ben, aino } = team();
    const note = await call(core, 'coaching-notes:save', {
      fields: {
        coachId: ben.id,
        repId: aino.id,
        weekOf: '2026-11-26',
        goalsReviewed: 'Two discovery calls a day; ask about impact every time',
        practised: 'Quantifying the pain',
        actions: [{ text: 'Prepare three impact questions' }, { text: 'Listen back to Tuesday’s call', done: true }],
        followUpOn: '2026-12-03',
      },
    });
    expect(note).toMatchObject({
      coach: { id: ben.id, name: 'Ben' },
      rep: { id: aino.id, name: 'Aino' },
      weekOf: '2026-11-23',
      sessionId: null,
      actions: [
        { text: 'Prepare three impact questions', done: false },
        { text: 'Listen back to Tuesday’s call', done: true },
      ],
      followUpOn: '2026-12-03',
    });

    const updated = await call(core, 'coaching-notes:save', {
      id: note.id,
      fields: { coachId: ben.id, repId: aino.id, weekOf: '2026-11-23', practised: 'Quantifying, and silence after questions' },
    });
    expect(updated).toMatchObject({ id: note.id, practised: 'Quantifying, and silence after questions', actions: [], followUpOn: null });
    expect((await call(core, 'coaching-notes:list', { repId: aino.id })).map((n) => n.id)).toEqual([note.id]);
    expect(await call(core, 'coaching-notes:list', { coachId: aino.id })).toEqual([]);
  });

  it('keeps one set of notes per coach, colleague and week, and links a session when given', async () => {
    const { core, ben, aino, chloe, session } = team();
    const s = session();
    await call(core, 'coaching-notes:save', { fields: { coachId: ben.id, repId: aino.id, weekOf: '2026-11-23', sessionId: s.id } });
    const clash = await fail(core, 'coaching-notes:save', { fields: { coachId: ben.id, repId: aino.id, weekOf: '2026-11-29' } });
    expect(clash).toMatchObject({ code: 'conflict', issues: [{ path: 'fields.weekOf' }] });
    const other = await call(core, 'coaching-notes:save', { fields: { coachId: chloe.id, repId: aino.id, weekOf: '2026-11-29' } });
    expect(other.weekOf).toBe('2026-11-23');
    expect((await call(core, 'coaching-notes:list', { repId: aino.id })).map((n) => [n.coach.name, n.sessionId])).toEqual([
      ['Ben', s.id],
      ['Chloé', null],
    ]);
  });

  it('refuses bad input with the field path', async () => {
    const { core, ben, aino } = team();
    const cases: [object, string][] = [
      [{ coachId: ben.id, repId: ben.id, weekOf: '2026-11-23' }, 'fields.repId'],
      [{ coachId: ben.id, repId: aino.id, weekOf: '2026-02-30' }, 'fields.weekOf'],
      [{ coachId: ben.id, repId: aino.id, weekOf: '2026-11-23', actions: [{ text: ' ' }] }, 'fields.actions.0.text'],
      [{ coachId: 'nobody', repId: aino.id, weekOf: '2026-11-23' }, 'fields.coachId'],
      [{ coachId: ben.id, repId: aino.id, weekOf: '2026-11-23', sessionId: 'none' }, 'fields.sessionId'],
    ];
    for (const [fields, path] of cases) {
      const error = await fail(core, 'coaching-notes:save', { fields: fields as never });
      expect(error.code, path).toBe('invalid_input');
      expect(error.issues?.map((i) => i.path), path).toContain(path);
    }
    expect(await call(core, 'coaching-notes:list', {})).toEqual([]);
  });

  it('deletes notes', async () => {
    const { core, ben, aino } = team();
    const note = await call(core, 'coaching-notes:save', { fields: { coachId: ben.id, repId: aino.id, weekOf: '2026-11-23' } });
    await call(core, 'coaching-notes:delete', { id: note.id });
    expect((await fail(core, 'coaching-notes:get', { id: note.id })).code).toBe('not_found');
  });

  it('finds the Monday of any day', () => {
    expect(['2026-11-23', '2026-11-25', '2026-11-29', '2027-01-01'].map(mondayOf)).toEqual(['2026-11-23', '2026-11-23', '2026-11-23', '2026-12-28']);
  });
});
