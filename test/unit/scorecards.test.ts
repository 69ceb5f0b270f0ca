import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { computeOverall, normalize } from '../../src/shared/scorecards';
import { makeMedia } from '../support/media';
import { call, fail, fullContent, team, templateFields } from './scorecards-support';

describe('the overall score', () => {
  const criteria = [
    { id: 'a', name: 'A', weight: 2 },
    { id: 'b', name: 'B', weight: 1 },
    { id: 'c', name: 'C', weight: 1 },
  ];

  it('is the weighted mean on the 1-5 scale, normalized to 0-100, with every step shown', () => {
    const result = computeOverall(criteria, [
      { criterionId: 'a', score: 5 },
      { criterionId: 'b', score: 3 },
      { criterionId: 'c', score: 2 },
    ]);
    expect(result.rows.map((r) => r.weighted)).toEqual([10, 3, 2]);
    expect(result.weightSum).toBe(4);
    expect(result.weightedSum).toBe(15);
    expect(result.mean).toBe(3.75);
    expect(result.normalized).toBe(68.75);
  });

  it('maps 1 to 0, 3 to 50 and 5 to 100', () => {
    expect([1, 2, 3, 4, 5].map(normalize)).toEqual([0, 25, 50, 75, 100]);
  });

  it('leaves unscored criteria out instead of counting them as zero', () => {
    const result = computeOverall(criteria, [
      { criterionId: 'a', score: 4 },
      { criterionId: 'b', score: null },
    ]);
    expect(result).toMatchObject({ weightSum: 2, weightedSum: 8, mean: 4, normalized: 75 });
    expect(result.rows[2]).toMatchObject({ score: null, weighted: null });
  });

  it('is null until something with a weight is scored', () => {
    expect(computeOverall(criteria, [])).toMatchObject({ mean: null, normalized: null });
    expect(computeOverall([{ id: 'z', name: 'Z', weight: 0 }], [{ criterionId: 'z', score: 5 }])).toMatchObject({ mean: null, normalized: null });
  });
});

describe('starting a scorecard', () => {
  it('reviews the seller; the role follows from who writes it', async () => {
    const { core, aino, ben, chloe, maija, otto, pia, session } = team();
    const s = session();
    const expectations: [string, string][] = [
      [aino.id, 'self'],
      [ben.id, 'peer'],
      [chloe.id, 'peer'],
      [maija.id, 'coach'],
      [otto.id, 'coach'],
      [pia.id, 'peer'],
    ];
    for (const [reviewerId, role] of expectations) {
      const card = await call(core, 'scorecards:start', { sessionId: s.id, reviewerId });
      expect(card, role).toMatchObject({ role, status: 'draft', revision: 0, reviewee: { id: aino.id, name: 'Aino' }, focusAreaId: 'discovery' });
      expect(card.scores.every((score) => score.score === null)).toBe(true);
    }
    expect(await call(core, 'scorecards:list', { sessionId: s.id })).toHaveLength(6);
  });

  it('returns the same scorecard when started twice', async () => {
    const { core, ben, session } = team();
    const s = session();
    const first = await call(core, 'scorecards:start', { sessionId: s.id, reviewerId: ben.id });
    const second = await call(core, 'scorecards:start', { sessionId: s.id, reviewerId: ben.id });
    expect(second.id).toBe(first.id);
    expect((await fail(core, 'scorecards:start', { sessionId: s.id, reviewerId: ben.id, role: 'coach' })).code).toBe('conflict');
  });

  it('refuses roles that do not fit and sessions that did not happen', async () => {
    const { core, aino, ben, pia, session } = team();
    const s = session();
    expect(await fail(core, 'scorecards:start', { sessionId: s.id, reviewerId: ben.id, role: 'self' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/written by the seller, Aino/),
    });
    expect((await fail(core, 'scorecards:start', { sessionId: s.id, reviewerId: aino.id, role: 'peer' })).message).toMatch(/self-review/);
    expect((await fail(core, 'scorecards:start', { sessionId: s.id, reviewerId: pia.id, role: 'coach' })).message).toMatch(/not marked as a coach/);
    expect((await fail(core, 'scorecards:start', { sessionId: s.id, reviewerId: 'nobody' })).issues).toEqual([{ path: 'reviewerId', message: 'Unknown rep' }]);
    core.people.archive(pia.id);
    expect((await fail(core, 'scorecards:start', { sessionId: s.id, reviewerId: pia.id })).message).toMatch(/archived/);
    const cancelled = session();
    core.sessions.setStatus(cancelled.id, 'cancelled');
    expect((await fail(core, 'scorecards:start', { sessionId: cancelled.id, reviewerId: ben.id })).message).toMatch(/cancelled/);
    expect((await fail(core, 'scorecards:start', { sessionId: 'missing', reviewerId: ben.id })).code).toBe('not_found');
    const other = await call(core, 'rubric-templates:list', { focusAreaId: 'demo' });
    expect((await fail(core, 'scorecards:start', { sessionId: s.id, reviewerId: ben.id, templateId: other[0]!.id })).message).toMatch(
      /Demo template; this session practises Discovery/,
    );
    expect(await call(core, 'scorecards:list', {})).toEqual([]);
  });
});

describe('drafts', () => {
  it('save as the reviewer types, field by field, and are there after a restart', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    const [first, second] = card.template.criteria;
    await call(core, 'scorecards:save-draft', { id: card.id, scores: [{ criterionId: first!.id, score: 4 }] });
    await call(core, 'scorecards:save-draft', { id: card.id, scores: [{ criterionId: first!.id, comment: 'Good follow-up on the CRM pain' }] });
    await call(core, 'scorecards:save-draft', {
      id: card.id,
      scores: [{ criterionId: second!.id, score: 2, evidence: [{ atMs: 95_000, note: 'missed the cost' }, { atMs: 12_000 }] }],
      sections: { 'went-well': 'Calm opening' },
    });
    const saved = await call(core, 'scorecards:save-draft', { id: card.id, sections: { 'practise-next': 'Quantify' } });
    expect(saved.draftSavedAt).toBe('2026-11-27T09:00:00.000Z');

    // A second core on the same folder, as after the app was killed and started again.
    const reopened = createCore({ dataDir: core.dataDir });
    try {
      const loaded = await call(reopened, 'scorecards:get', { id: card.id });
      expect(loaded.status).toBe('draft');
      expect(loaded.scores[0]).toEqual({ criterionId: first!.id, score: 4, comment: 'Good follow-up on the CRM pain', evidence: [] });
      expect(loaded.scores[1]).toEqual({
        criterionId: second!.id,
        score: 2,
        comment: '',
        evidence: [
          { atMs: 12_000, note: '' },
          { atMs: 95_000, note: 'missed the cost' },
        ],
      });
      expect(loaded.sections).toEqual({ 'went-well': 'Calm opening', 'practise-next': 'Quantify' });
      expect(loaded.computation.mean).toBeCloseTo((4 * 1 + 2 * 2) / 3);
    } finally {
      reopened.close();
    }
  });

  it('can clear a score back to unscored', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    const criterionId = card.template.criteria[0]!.id;
    await call(core, 'scorecards:save-draft', { id: card.id, scores: [{ criterionId, score: 3 }] });
    await call(core, 'scorecards:save-draft', { id: card.id, scores: [{ criterionId, score: null }] });
    expect((await call(core, 'scorecards:get', { id: card.id })).scores[0]!.score).toBeNull();
  });

  it('refuse bad input with the field path and change nothing', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    const criterionId = card.template.criteria[0]!.id;
    await call(core, 'scorecards:save-draft', { id: card.id, scores: [{ criterionId, score: 3 }] });
    const bad: [unknown, string][] = [
      [{ scores: [{ criterionId, score: 6 }] }, 'scores.0.score'],
      [{ scores: [{ criterionId, score: 0 }] }, 'scores.0.score'],
      [{ scores: [{ criterionId, score: 2.5 }] }, 'scores.0.score'],
      [{ scores: [{ criterionId, evidence: [{ atMs: -5 }] }] }, 'scores.0.evidence.0.atMs'],
      [{ scores: [{ criterionId, score: 4 }, { criterionId: 'elsewhere', score: 4 }] }, 'scores.1.criterionId'],
      [{ sections: { 'no-such-section': 'x' } }, 'sections.no-such-section'],
    ];
    for (const [patch, path] of bad) {
      const error = await fail(core, 'scorecards:save-draft', { id: card.id, ...(patch as object) });
      expect(error.code, path).toBe('invalid_input');
      expect(error.issues?.map((i) => i.path), path).toContain(path);
    }
    const after = await call(core, 'scorecards:get', { id: card.id });
    expect(after.scores[0]!.score).toBe(3);
    expect(after.sections).toEqual({});
  });
});

describe('submitting', () => {
  it('refuses while a required criterion or section is missing, names them, and saves nothing of that call', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    const content = fullContent(card, [3]);
    const missingOne = { ...content, scores: content.scores.slice(1), sections: {} };
    const error = await fail(core, 'scorecards:submit', missingOne);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/Still required: Open questions, The one thing to practise next/);
    expect(error.issues).toEqual([
      { path: 'scores.0.score', message: 'Score “Open questions”' },
      { path: 'sections.practise-next', message: 'Write “The one thing to practise next”' },
    ]);
    const after = await call(core, 'scorecards:get', { id: card.id });
    expect(after).toMatchObject({ status: 'draft', revision: 0, revisions: [] });
    expect(after.scores.every((s) => s.score === null)).toBe(true);
  });

  it('locks the scorecard and records revision 1 with its overall score', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    core.setNow('2026-11-27T10:00:00Z');
    const submitted = await call(core, 'scorecards:submit', fullContent(card, [5, 5, 3, 3, 1]));
    // Weights 1, 2, 1.5, 1, 1: (5 + 10 + 4.5 + 3 + 1) / 6.5
    const mean = 23.5 / 6.5;
    expect(submitted).toMatchObject({ status: 'submitted', revision: 1, submittedAt: '2026-11-27T10:00:00.000Z' });
    expect(submitted.computation.mean).toBeCloseTo(mean);
    expect(submitted.overall).toBeCloseTo(((mean - 1) / 4) * 100);
    expect(submitted.revisions).toHaveLength(1);
    expect(submitted.revisions[0]!.overall).toBeCloseTo(((mean - 1) / 4) * 100);

    const locked = await fail(core, 'scorecards:save-draft', { id: card.id, sections: { 'went-well': 'late edit' } });
    expect(locked).toMatchObject({ code: 'conflict', message: expect.stringMatching(/locked. Start a revision/) });
    expect((await fail(core, 'scorecards:submit', { id: card.id })).code).toBe('conflict');
    expect((await fail(core, 'scorecards:discard', { id: card.id })).code).toBe('conflict');
  });

  it('lets an optional criterion stay unscored', async () => {
    const { core, ben, session } = team();
    const template = await call(core, 'rubric-templates:create', {
      ...templateFields({ isDefault: true }),
      criteria: [
        { name: 'Questions', anchors: ['1', '2', '3', '4', '5'], weight: 1 },
        { name: 'Humour', anchors: ['1', '2', '3', '4', '5'], weight: 3, required: false },
      ],
    });
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    expect(card.templateId).toBe(template.id);
    const submitted = await call(core, 'scorecards:submit', {
      id: card.id,
      scores: [{ criterionId: card.template.criteria[0]!.id, score: 4 }],
      sections: { 'practise-next': 'Pauses' },
    });
    expect(submitted.overall).toBe(75);
  });
});

describe('revisions', () => {
  it('keep the history; the reviewee sees the last submitted revision until the next one is submitted', async () => {
    const { core, aino, ben, session } = team();
    const s = session();
    const card = await call(core, 'scorecards:start', { sessionId: s.id, reviewerId: ben.id });
    await call(core, 'scorecards:submit', fullContent(card, [3]));
    const revising = await call(core, 'scorecards:revise', { id: card.id });
    expect(revising.status).toBe('revising');
    await call(core, 'scorecards:save-draft', { id: card.id, scores: [{ criterionId: card.template.criteria[0]!.id, score: 5 }] });

    const visible = await call(core, 'scorecards:about', { revieweeId: aino.id });
    expect(visible[0]!.scorecards[0]).toMatchObject({ revision: 1 });
    expect(visible[0]!.scorecards[0]!.scores[0]!.score).toBe(3);

    core.setNow('2026-11-28T08:00:00Z');
    const second = await call(core, 'scorecards:submit', { id: card.id, reason: 'Rewatched the opening' });
    expect(second).toMatchObject({ status: 'submitted', revision: 2, submittedAt: '2026-11-28T08:00:00.000Z' });
    expect(second.revisions.map((r) => [r.revision, r.reason, r.scores[0]!.score])).toEqual([
      [1, '', 3],
      [2, 'Rewatched the opening', 5],
    ]);
    expect(second.revisions[1]!.overall!).toBeGreaterThan(second.revisions[0]!.overall!);
    const now = await call(core, 'scorecards:about', { revieweeId: aino.id });
    expect(now[0]!.scorecards[0]).toMatchObject({ revision: 2, submittedAt: '2026-11-28T08:00:00.000Z' });
  });

  it('discarding a revision in progress restores the submitted content; an unchanged resubmit adds no revision', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    await call(core, 'scorecards:submit', fullContent(card, [3]));
    await call(core, 'scorecards:revise', { id: card.id });
    await call(core, 'scorecards:save-draft', { id: card.id, scores: [{ criterionId: card.template.criteria[0]!.id, score: 1 }] });
    expect(await call(core, 'scorecards:discard', { id: card.id })).toEqual({ id: card.id, deleted: false });
    const restored = await call(core, 'scorecards:get', { id: card.id });
    expect(restored).toMatchObject({ status: 'submitted', revision: 1 });
    expect(restored.scores[0]!.score).toBe(3);

    await call(core, 'scorecards:revise', { id: card.id });
    expect(await call(core, 'scorecards:submit', { id: card.id })).toMatchObject({ status: 'submitted', revision: 1 });
  });

  it('cannot revise a draft; discarding a draft deletes it', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    expect((await fail(core, 'scorecards:revise', { id: card.id })).code).toBe('invalid_input');
    expect(await call(core, 'scorecards:discard', { id: card.id })).toEqual({ id: card.id, deleted: true });
    expect((await fail(core, 'scorecards:get', { id: card.id })).code).toBe('not_found');
  });
});

describe('what to write and what was written about me', () => {
  it('lists sessions that happened where the reviewer took part or manages the seller, until submitted', async () => {
    const { core, aino, ben, maija, otto, session } = team();
    const past = session('discovery', '2026-11-20T13:00:00Z', 'Past');
    session('demo', '2026-12-04T13:00:00Z', 'Future');
    const old = session('discovery', '2026-08-01T13:00:00Z', 'Long ago');
    const cancelled = session('demo', '2026-11-25T13:00:00Z', 'Cancelled');
    core.sessions.setStatus(cancelled.id, 'cancelled');
    const adHoc = session('personas', null, 'Ad hoc');

    const forBen = await call(core, 'scorecards:to-write', { reviewerId: ben.id });
    expect(forBen.map((i) => [i.session.title, i.role, i.reviewee.name, i.status])).toEqual([
      ['Past', 'peer', 'Aino', null],
      ['Ad hoc', 'peer', 'Aino', null],
    ]);
    expect((await call(core, 'scorecards:to-write', { reviewerId: aino.id })).map((i) => i.role)).toEqual(['self', 'self']);
    expect((await call(core, 'scorecards:to-write', { reviewerId: maija.id })).map((i) => i.role)).toEqual(['coach', 'coach']);
    expect(await call(core, 'scorecards:to-write', { reviewerId: otto.id })).toEqual([]);

    const draft = await call(core, 'scorecards:start', { sessionId: old.id, reviewerId: ben.id });
    const card = await call(core, 'scorecards:start', { sessionId: past.id, reviewerId: ben.id });
    await call(core, 'scorecards:submit', fullContent(card, [4]));
    const after = await call(core, 'scorecards:to-write', { reviewerId: ben.id });
    expect(after.map((i) => [i.session.id, i.scorecardId, i.status])).toEqual([
      [old.id, draft.id, 'draft'],
      [adHoc.id, null, null],
    ]);
  });

  it('pages in the query: every item exactly once, in order, across pages cut inside runs of equal start times', async () => {
    const { core, ben, session } = team();
    const starts = ['2026-11-20T13:00:00Z', '2026-11-20T13:00:00Z', '2026-11-20T13:00:00Z', '2026-11-20T13:00:00Z', '2026-11-22T09:00:00Z', '2026-11-22T09:00:00Z', null, null, null, '2026-11-25T10:00:00Z'];
    for (const [i, at] of starts.entries()) session('discovery', at, `Session ${i}`);
    const whole = await call(core, 'scorecards:to-write', { reviewerId: ben.id });
    expect(whole).toHaveLength(starts.length);
    for (const limit of [1, 3, 4]) {
      const pages: string[][] = [];
      let after: { startsAt: string | null; id: string } | undefined;
      for (;;) {
        const page = await call(core, 'scorecards:to-write', { reviewerId: ben.id, limit, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(limit);
        pages.push(page.map((i) => i.session.id));
        const last = page[page.length - 1]!;
        after = { startsAt: last.session.startsAt, id: last.session.id };
      }
      expect(pages.flat(), `limit ${limit}`).toEqual(whole.map((i) => i.session.id));
      expect(pages.length).toBe(Math.ceil(starts.length / limit));
    }
  });

  it('lists a recorded session before its slot, since a take is ready to score whatever the schedule says', async () => {
    // 09:00 on the 27th: one session later today, one next week; only the later-today one has a take.
    const { core, aino, ben, maija, session } = team();
    const laterToday = session('discovery', '2026-11-27T13:00:00Z', 'Later today');
    session('demo', '2026-12-04T13:00:00Z', 'Next week');
    expect((await call(core, 'scorecards:to-write', { reviewerId: ben.id })).map((i) => i.session.title)).toEqual([]);

    await core.recordings.importFile({ sessionId: laterToday.id, file: makeMedia('m4a', 1) });
    for (const [reviewer, role] of [
      [ben, 'peer'],
      [aino, 'self'],
      [maija, 'coach'],
    ] as const) {
      const items = await call(core, 'scorecards:to-write', { reviewerId: reviewer.id });
      expect(items.map((i) => [i.session.title, i.role])).toEqual([['Later today', role]]);
    }

    const card = await call(core, 'scorecards:start', { sessionId: laterToday.id, reviewerId: ben.id });
    await call(core, 'scorecards:submit', fullContent(card, [4]));
    expect(await call(core, 'scorecards:to-write', { reviewerId: ben.id })).toEqual([]);
  });

  it('shows the reviewee every submitted scorecard side by side, never a draft', async () => {
    const { core, aino, ben, chloe, maija, session } = team();
    const s = session();
    for (const [reviewerId, scores] of [
      [aino.id, [4]],
      [ben.id, [3]],
      [maija.id, [2]],
    ] as const) {
      const card = await call(core, 'scorecards:start', { sessionId: s.id, reviewerId });
      await call(core, 'scorecards:submit', fullContent(card, [...scores], `from ${reviewerId}`));
    }
    await call(core, 'scorecards:start', { sessionId: s.id, reviewerId: chloe.id });
    const about = await call(core, 'scorecards:about', { revieweeId: aino.id });
    expect(about).toHaveLength(1);
    expect(about[0]!.session.id).toBe(s.id);
    expect(about[0]!.scorecards.map((c) => [c.reviewer.name, c.role, c.computation.normalized])).toEqual([
      ['Aino', 'self', 75],
      ['Ben', 'peer', 50],
      ['Maija', 'coach', 25],
    ]);
    expect((await call(core, 'scorecards:for-session', { sessionId: s.id })).scorecards).toHaveLength(3);
    expect(await call(core, 'scorecards:about', { revieweeId: ben.id })).toEqual([]);
  });
  it("carries the program's time zone with each session, so every screen shows the time the program set", async () => {
    const { core, aino, ben, maija, session } = team();
    const program = await call(core, 'programs:create', {
      name: 'East coast',
      weekday: 'tue',
      time: '09:00',
      durationMinutes: 45,
      timeZone: 'America/New_York',
      startDate: '2026-11-16',
      repIds: [aino.id, ben.id],
    });
    const planned = core.programs.schedule.generate(program.id, 1).sessions[0]!;
    const adHoc = session('personas', '2026-11-20T13:00:00Z', 'Ad hoc');
    const seller = planned.participants.find((p) => p.role === 'seller')!.repId;
    const reviewer = seller === aino.id ? ben.id : aino.id;

    const owed = await call(core, 'scorecards:to-write', { reviewerId: reviewer });
    expect(owed.map((i) => [i.session.id, i.session.timeZone])).toEqual(
      expect.arrayContaining([
        [planned.id, 'America/New_York'],
        [adHoc.id, null],
      ]),
    );
    expect((await call(core, 'scorecards:for-session', { sessionId: planned.id })).session.timeZone).toBe('America/New_York');

    const card = await call(core, 'scorecards:start', { sessionId: planned.id, reviewerId: maija.id });
    expect(card.sessionTimeZone).toBe('America/New_York');
    await call(core, 'scorecards:submit', fullContent(card, [4]));
    const about = await call(core, 'scorecards:about', { revieweeId: seller });
    expect(about.find((g) => g.session.id === planned.id)?.session.timeZone).toBe('America/New_York');
  });
});

describe('events', () => {
  it('tell listeners which scorecard changed', async () => {
    const { core, ben, session } = team();
    const card = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: ben.id });
    await call(core, 'scorecards:submit', fullContent(card, [4]));
    const ours = core.emitted.filter((e) => e.name === 'scorecards:changed');
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expect(ours.every((e) => (e.payload as { ids: string[] }).ids[0] === card.id)).toBe(true);
  });
});
