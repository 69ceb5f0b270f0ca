import { describe, expect, it } from 'vitest';
import { FSRSAlgorithm, generatorParameters } from 'ts-fsrs';
import { defaultReinforcementSettings, ReinforcementService, schedule } from '../../src/core/certification/reinforcement';
import { runCli } from '../../src/host/cli';
import { describeFocus } from '../../src/shared/programs';
import { call, team } from './scorecards-support';

const dayMs = 86_400_000;
const start = Date.parse('2027-01-04T10:00:00Z');
const day = (n: number) => new Date(start + n * dayMs).toISOString();

type Team = ReturnType<typeof team>;

async function roleplay(t: Team, n: number, focusAreaId: string, reviews: { reviewerId: string; score: number; byKey?: Record<string, number> }[]) {
  t.core.setNow(day(n));
  const session = t.core.sessions.create({
    focusAreaId,
    startsAt: day(n),
    participants: [
      { repId: t.aino.id, role: 'seller' },
      { repId: t.ben.id, role: 'buyer' },
    ],
  });
  for (const review of reviews) {
    const card = await call(t.core, 'scorecards:start', { sessionId: session.id, reviewerId: review.reviewerId });
    await call(t.core, 'scorecards:submit', {
      id: card.id,
      scores: card.template.criteria.map((c) => ({ criterionId: c.id, score: review.byKey?.[c.key] ?? review.score })),
      sections: Object.fromEntries(card.template.sections.filter((s) => s.required).map((s) => [s.key, 'Ask about budget earlier'])),
    });
  }
}

async function cardsOf(t: Team, n: number) {
  t.core.setNow(day(n));
  const [aino] = await call(t.core, 'reinforcement:cards', { repId: t.aino.id });
  return new Map(aino!.cards.map((c) => [`${c.kind}:${c.key}`, c]));
}

describe('FSRS reinforcement', () => {
  it('lets retention fall with time and rise after a good review', async () => {
    const t = team(day(0));
    await roleplay(t, 0, 'discovery', [{ reviewerId: t.maija.id, score: 4 }]);
    const soon = (await cardsOf(t, 1)).get('focus-area:discovery')!;
    const later = (await cardsOf(t, 30)).get('focus-area:discovery')!;
    expect(soon).toMatchObject({ name: 'Discovery', reviews: 1, lastReviewAt: day(0) });
    expect(later.retrievability).toBeLessThan(soon.retrievability);
    expect(Date.parse(soon.dueAt)).toBeGreaterThan(start);

    await roleplay(t, 30, 'discovery', [{ reviewerId: t.ben.id, score: 4 }]);
    const after = (await cardsOf(t, 30)).get('focus-area:discovery')!;
    expect(after.reviews).toBe(2);
    expect(after.retrievability).toBeGreaterThan(later.retrievability);
    expect(after.stability).toBeGreaterThan(later.stability);
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(soon.dueAt));
    // A criterion's card follows its own score; self-reviews are not reviews.
    await roleplay(t, 31, 'discovery', [{ reviewerId: t.aino.id, score: 1 }]);
    const cards = await cardsOf(t, 32);
    expect(cards.get('criterion:listening')).toMatchObject({ name: 'Listening', reviews: 2 });
    expect(cards.get('focus-area:discovery')!.reviews).toBe(2);
  });

  it('maps 1-2 to Again, 3 Hard, 4 Good, 5 Easy, and Easy only from a coach unless configured', async () => {
    const algorithm = new FSRSAlgorithm(generatorParameters({ enable_fuzz: false, enable_short_term: false }));
    const stability = (score: number, fromCoach: boolean, settings = defaultReinforcementSettings) =>
      schedule(algorithm, settings, [{ at: start, score, fromCoach }], start)!.stability;
    const first = algorithm.next_state(null, 0, 1).stability;
    expect(stability(1, true)).toBe(first);
    expect(stability(2, true)).toBe(first);
    expect(stability(3, true)).toBe(algorithm.next_state(null, 0, 2).stability);
    expect(stability(4, true)).toBe(algorithm.next_state(null, 0, 3).stability);
    expect(stability(5, true)).toBe(algorithm.next_state(null, 0, 4).stability);
    expect(stability(5, false)).toBe(algorithm.next_state(null, 0, 3).stability);
    expect(stability(5, false, { ...defaultReinforcementSettings, easyFromPeers: true })).toBe(algorithm.next_state(null, 0, 4).stability);
    expect(stability(3, true, { ...defaultReinforcementSettings, ratings: { ...defaultReinforcementSettings.ratings, 3: 'good' } })).toBe(
      algorithm.next_state(null, 0, 3).stability,
    );

    const t = team(day(0));
    await call(t.core, 'reinforcement:set-settings', { ...defaultReinforcementSettings, easyFromPeers: true });
    expect(await call(t.core, 'reinforcement:settings', {})).toMatchObject({ easyFromPeers: true });
  });

  it('lists what is due on a day, per rep, and prints it from the CLI on the day REPRISE_NOW names', async () => {
    const t = team(day(0));
    await roleplay(t, 0, 'discovery', [{ reviewerId: t.maija.id, score: 2 }]);
    await roleplay(t, 0, 'demo', [{ reviewerId: t.maija.id, score: 5 }]);
    t.core.setNow(day(0));
    expect(await call(t.core, 'reinforcement:due', { on: day(0).slice(0, 10) })).toEqual([]);
    const due = await call(t.core, 'reinforcement:due', { on: day(5).slice(0, 10) });
    expect(due.map((r) => r.rep.name)).toEqual(['Aino']);
    expect(due[0]!.cards.map((c) => c.key)).toContain('discovery');
    expect(due[0]!.cards.map((c) => c.key)).not.toContain('demo');

    const dir = t.core.dataDir;
    t.core.close();
    const out: string[] = [];
    const code = await runCli(['--data-dir', dir, 'reinforcement', 'due', '--json'], { out: (s) => out.push(s), err: () => undefined }, { REPRISE_NOW: day(10) });
    expect(code).toBe(0);
    const [aino] = JSON.parse(out.join('\n')) as { rep: string; due: { focusArea?: string; retrievability: number; dueAt: string }[] }[];
    expect(aino!.rep).toBe('aino@example.com');
    const discovery = aino!.due.find((d) => d.focusArea === 'discovery')!;
    expect(discovery.retrievability).toBeGreaterThan(0);
    expect(discovery.retrievability).toBeLessThan(0.9);
    expect(Date.parse(discovery.dueAt)).toBeLessThanOrEqual(Date.parse(day(10)));
  });
});

describe('the team\'s reviews kept across writes', () => {
  /** The team's cards through the kept scores, and as one rep's own read (straight from SQLite) gives them. */
  async function both(t: Team, n: number) {
    t.core.setNow(day(n));
    const team = (await call(t.core, 'reinforcement:cards', {})).find((r) => r.rep.id === t.aino.id)!.cards;
    const fresh = new ReinforcementService(t.core.db, t.core.events, () => new Date(day(n)));
    expect(team).toEqual(fresh.cards({ repId: t.aino.id })[0]!.cards);
    return new Map(team.map((c) => [`${c.kind}:${c.key}`, c]));
  }

  it('counts a scorecard submitted or revised after the first look, and forgets one deleted', async () => {
    const t = team(day(0));
    await roleplay(t, 0, 'discovery', [{ reviewerId: t.ben.id, score: 3 }]);
    const first = await both(t, 1);
    expect(first.get('criterion:listening')).toMatchObject({ reviews: 1 });

    await roleplay(t, 7, 'discovery', [{ reviewerId: t.maija.id, score: 5, byKey: { listening: 1 } }]);
    const second = await both(t, 8);
    expect(second.get('criterion:listening')).toMatchObject({ reviews: 2 });
    expect(second.get('criterion:listening')!.stability).toBeLessThan(first.get('criterion:listening')!.stability);

    // A revision is new content under the same scorecard: its scores replace the first ones.
    const card = t.core.db.prepare('SELECT id FROM scorecards WHERE reviewer_id = ?').pluck().get(t.maija.id) as string;
    const draft = await call(t.core, 'scorecards:revise', { id: card });
    await call(t.core, 'scorecards:submit', {
      id: draft.id,
      scores: draft.template.criteria.map((c) => ({ criterionId: c.id, score: 5 })),
      sections: Object.fromEntries(draft.template.sections.filter((x) => x.required).map((x) => [x.key, 'Ask about budget earlier'])),
      reason: 'Scored the wrong call',
    });
    const revised = await both(t, 8);
    expect(revised.get('criterion:listening')!.stability).toBeGreaterThan(second.get('criterion:listening')!.stability);

    t.core.db.prepare('DELETE FROM scorecards WHERE id = ?').run(card);
    const after = await both(t, 8);
    expect(after.get('criterion:listening')).toMatchObject({ reviews: 1, stability: first.get('criterion:listening')!.stability });
  });
});

describe('the adaptive focus strategy', () => {
  it("gives each group the seller's weakest focus area, ties by the rotation, and says why in the preview and the schedule", async () => {
    const t = team(day(0));
    // Aino and Ben: discovery scored low five weeks ago, demo well last week. Chloé and Pia: never scored.
    for (const seller of [t.aino, t.ben]) {
      t.core.setNow(day(0));
      for (const [n, focusAreaId, score] of [[0, 'discovery', 3], [28, 'demo', 4]] as const) {
        t.core.setNow(day(n));
        const session = t.core.sessions.create({
          focusAreaId,
          startsAt: day(n),
          participants: [
            { repId: seller.id, role: 'seller' },
            { repId: t.pia.id, role: 'buyer' },
          ],
        });
        const card = await call(t.core, 'scorecards:start', { sessionId: session.id, reviewerId: t.maija.id, role: 'coach' });
        await call(t.core, 'scorecards:submit', {
          id: card.id,
          scores: card.template.criteria.map((c) => ({ criterionId: c.id, score })),
          sections: Object.fromEntries(card.template.sections.filter((s) => s.required).map((s) => [s.key, 'More open questions'])),
        });
      }
    }
    t.core.setNow(day(33));
    const fields = {
      name: 'Nordics',
      weekday: 'mon' as const,
      time: '10:00',
      durationMinutes: 45,
      timeZone: 'Europe/Helsinki',
      startDate: day(34).slice(0, 10),
      repIds: [t.aino.id, t.ben.id, t.chloe.id, t.pia.id],
      focusAreaIds: ['demo', 'discovery'],
    };
    const rotation = await call(t.core, 'programs:preview', { fields, weeks: 1 });
    expect(rotation.weeks[0]!.groups.map((g) => g.focusAreaId)).toEqual(['demo', 'demo']);
    expect(rotation.weeks[0]!.groups.every((g) => g.reason.focus === undefined)).toBe(true);

    const preview = await call(t.core, 'programs:preview', { fields: { ...fields, focusStrategy: 'adaptive' }, weeks: 1 });
    const [week] = preview.weeks;
    const practised = new Set([t.aino.id, t.ben.id]);
    for (const group of week!.groups) {
      const seller = group.members.find((m) => m.role === 'seller')!;
      if (practised.has(seller.repId)) {
        expect(group.focusAreaId).toBe('discovery');
        expect(group.reason.focus).toMatchObject({ focusAreaId: 'discovery', lastPractisedAt: day(0) });
        expect(describeFocus(group.reason.focus!, 'Discovery', week!.startsAt)).toMatch(/^Discovery: retention 0\.\d\d, last practised 5 weeks ago\.$/);
      } else {
        // Never practised either: a tie, and the rotation's area for the week wins.
        expect(group.focusAreaId).toBe('demo');
        expect(group.reason.focus).toEqual({ focusAreaId: 'demo', retrievability: null, lastPractisedAt: null });
      }
    }

    const program = await call(t.core, 'programs:create', { ...fields, focusStrategy: 'adaptive', pairingSeed: preview.pairingSeed });
    expect(program.focusStrategy).toBe('adaptive');
    const { sessions } = await call(t.core, 'schedule:generate', { programId: program.id, weeks: 1 });
    expect(sessions.map((s) => [s.focusAreaId, s.reason?.focus?.focusAreaId]).sort()).toEqual(week!.groups.map((g) => [g.focusAreaId, g.focusAreaId]).sort());
  });
});
