import { describe, expect, it } from 'vitest';
import { call, fullContent, team } from './scorecards-support';

type Team = ReturnType<typeof team>;

async function review(t: Team, sessionId: string, reviewerId: string, scores: number[]) {
  const card = await call(t.core, 'scorecards:start', { sessionId, reviewerId });
  return call(t.core, 'scorecards:submit', fullContent(card, scores));
}

describe('calibration', () => {
  it('flags a reviewer who scores consistently below the others, with the numbers behind it', async () => {
    const t = team();
    for (const day of ['2026-11-10', '2026-11-17', '2026-11-24']) {
      const s = t.session('discovery', `${day}T13:00:00Z`);
      await review(t, s.id, t.ben.id, [4]);
      await review(t, s.id, t.chloe.id, [4]);
      await review(t, s.id, t.maija.id, [3]);
    }
    const report = await call(t.core, 'scorecards:calibration', {});
    expect(report).toMatchObject({ threshold: 0.75, minComparisons: 3 });
    expect(report.sessions).toHaveLength(3);
    const maija = report.reviewers[0]!;
    expect(maija).toMatchObject({ reviewer: { name: 'Maija' }, sessions: 3, comparisons: 15, flag: 'harsher' });
    expect(maija.meanDeviation).toBeCloseTo(-1);
    expect(maija.meanAbsoluteDeviation).toBeCloseTo(1);
    for (const other of report.reviewers.slice(1)) {
      expect(other.flag).toBeNull();
      expect(other.meanDeviation).toBeCloseTo(0.5);
    }
  });

  it('shows per session and criterion how far each reviewer sits from the mean of the others', async () => {
    const t = team();
    const s = t.session();
    await review(t, s.id, t.ben.id, [2]);
    await review(t, s.id, t.chloe.id, [4]);
    await review(t, s.id, t.otto.id, [5, 3]);
    const single = t.session('demo', '2026-11-25T13:00:00Z');
    await review(t, single.id, t.ben.id, [3]);

    const report = await call(t.core, 'scorecards:calibration', {});
    expect(report.sessions.map((x) => x.session.id)).toEqual([s.id]);
    const session = report.sessions[0]!;
    expect(session.reviewee.name).toBe('Aino');
    expect(session.reviewers.map((r) => [r.reviewer.name, r.role])).toEqual([
      ['Ben', 'peer'],
      ['Chloé', 'peer'],
      ['Otto', 'coach'],
    ]);
    const open = session.criteria.find((c) => c.key === 'open-questions')!;
    expect(open.mean).toBeCloseTo(11 / 3);
    expect(open.spread).toBe(3);
    const deviation = (name: string) => open.scores.find((x) => x.reviewerId === t[name as 'ben' | 'chloe' | 'otto'].id)!.deviation!;
    expect(deviation('ben')).toBeCloseTo(2 - 4.5);
    expect(deviation('chloe')).toBeCloseTo(4 - 3.5);
    expect(deviation('otto')).toBeCloseTo(5 - 3);
  });

  it('flags a lenient reviewer, and nobody when there are too few comparisons', async () => {
    const t = team();
    const s = t.session();
    await review(t, s.id, t.ben.id, [3]);
    await review(t, s.id, t.otto.id, [5]);
    const report = await call(t.core, 'scorecards:calibration', {});
    expect(report.reviewers.find((r) => r.reviewer.name === 'Otto')).toMatchObject({ flag: 'lenient', meanDeviation: 2, comparisons: 5 });
    expect(report.reviewers.find((r) => r.reviewer.name === 'Ben')).toMatchObject({ flag: 'harsher', meanDeviation: -2 });
    const strict = await call(t.core, 'scorecards:calibration', { minComparisons: 6 });
    expect(strict.reviewers.map((r) => r.flag)).toEqual([null, null]);
    const wide = await call(t.core, 'scorecards:calibration', { threshold: 2.5 });
    expect(wide.reviewers.map((r) => r.flag)).toEqual([null, null]);
  });

  it('compares criteria across template versions by key, and ignores drafts and revisions in progress', async () => {
    const t = team();
    const s = t.session();
    const first = await review(t, s.id, t.ben.id, [2]);
    const discovery = (await call(t.core, 'rubric-templates:list', { focusAreaId: 'discovery' }))[0]!;
    await call(t.core, 'rubric-templates:update', {
      id: discovery.id,
      fields: {
        focusAreaId: 'discovery',
        name: discovery.name,
        sections: discovery.sections,
        criteria: discovery.criteria.map((c) => ({ ...c, name: `${c.name} (v2)` })),
      },
    });
    const second = await review(t, s.id, t.chloe.id, [4]);
    expect(second.templateVersion).toBe(2);
    await call(t.core, 'scorecards:start', { sessionId: s.id, reviewerId: t.otto.id });
    await call(t.core, 'scorecards:revise', { id: first.id });
    await call(t.core, 'scorecards:save-draft', { id: first.id, scores: [{ criterionId: first.template.criteria[0]!.id, score: 5 }] });

    const report = await call(t.core, 'scorecards:calibration', {});
    const criteria = report.sessions[0]!.criteria;
    expect(criteria).toHaveLength(5);
    expect(criteria[0]).toMatchObject({ key: 'open-questions', name: 'Open questions (v2)', mean: 3, spread: 2 });
    expect(criteria[0]!.scores.map((x) => [x.score, x.deviation])).toEqual([
      [2, -2],
      [4, 2],
    ]);
  });

  it('can be narrowed to one focus area', async () => {
    const t = team();
    const s = t.session('demo');
    await review(t, s.id, t.ben.id, [3]);
    await review(t, s.id, t.chloe.id, [4]);
    expect((await call(t.core, 'scorecards:calibration', { focusAreaId: 'demo' })).sessions).toHaveLength(1);
    expect(await call(t.core, 'scorecards:calibration', { focusAreaId: 'discovery' })).toMatchObject({ sessions: [], reviewers: [] });
  });
});
