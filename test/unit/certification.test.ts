import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import type { CertificationStatus } from '../../src/shared/certification';
import { dispatch } from '../../src/shared/dispatch';
import { storeGrant } from './certification-support';
import { call, fail, team } from './scorecards-support';

const day = (n: number) => new Date(Date.parse('2027-01-04T10:00:00Z') + n * 86_400_000).toISOString();

type Team = ReturnType<typeof team>;

/**
 * A role-play on day `n` in which `sellerId` sells; each reviewer submits a discovery scorecard
 * with every criterion at the given score (or the scores by criterion key).
 */
async function roleplay(t: Team, n: number, sellerId: string, reviews: { reviewerId: string; score: number; byKey?: Record<string, number> }[]) {
  t.core.setNow(day(n));
  const others = [t.ben, t.chloe, t.pia, t.aino].filter((p) => p.id !== sellerId);
  const session = t.core.sessions.create({
    focusAreaId: 'discovery',
    title: `Day ${n}`,
    startsAt: day(n),
    participants: [
      { repId: sellerId, role: 'seller' },
      { repId: others[0]!.id, role: 'buyer' },
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
  return session;
}

async function statusOf(t: Team, repId: string, at: number): Promise<CertificationStatus> {
  t.core.setNow(day(at));
  const [status] = await call(t.core, 'certifications:list', { repId, focusAreaId: 'discovery' });
  return status!;
}

describe('who certifies', () => {
  it('lets the same coach-flagged reviewer certify one rep after another: the first grant is no dead end', async () => {
    const t = team(day(0));
    // Otto is coach-flagged, not marked, manages nobody and holds no level.
    await roleplay(t, 1, t.ben.id, [{ reviewerId: t.otto.id, score: 4 }]);
    await roleplay(t, 2, t.ben.id, [{ reviewerId: t.otto.id, score: 4 }]);
    expect(await statusOf(t, t.ben.id, 3)).toMatchObject({ level: 'Beginner', certifier: { name: 'Otto' } });
    await roleplay(t, 4, t.chloe.id, [{ reviewerId: t.otto.id, score: 4 }]);
    await roleplay(t, 5, t.chloe.id, [{ reviewerId: t.otto.id, score: 4 }]);
    const chloe = await statusOf(t, t.chloe.id, 6);
    expect(chloe.verdicts.map((v) => v.reason)).toEqual([null, null]);
    expect(chloe).toMatchObject({ level: 'Beginner', certifier: { name: 'Otto' } });
  });

  it('counts someone with the coach role, a holder of the level, never a plain peer; a manager as the setting says', async () => {
    const t = team(day(0));
    // Pia has the coach role though not the roster flag; Ben holds Beginner already.
    t.core.db.prepare("UPDATE reps SET access_role = 'coach' WHERE id = ?").run(t.pia.id);
    storeGrant(t.core, { repId: t.ben.id, focusAreaId: 'discovery', levelIndex: 0, levelName: 'Beginner', grantedAt: day(0), validDays: null, code: 'BEN0BEN0BEN0' });
    // Chloé holds nothing and coaches no one: her review of Pia is practice.
    await roleplay(t, 1, t.pia.id, [{ reviewerId: t.chloe.id, score: 4 }]);
    expect((await statusOf(t, t.pia.id, 1)).verdicts.map((v) => v.reason)).toEqual(['not-certifier']);
    await roleplay(t, 2, t.chloe.id, [{ reviewerId: t.pia.id, score: 4 }]);
    await roleplay(t, 3, t.chloe.id, [{ reviewerId: t.ben.id, score: 4 }]);
    expect(await statusOf(t, t.chloe.id, 4)).toMatchObject({ level: 'Beginner' });

    // Maija manages Aino and is coach-flagged: by default her review counts.
    await roleplay(t, 6, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    expect((await statusOf(t, t.aino.id, 7)).verdicts.map((v) => v.counted)).toEqual([true]);
    // With "never", a manager's review of their own people counts only through a mark or a held level.
    const program = await call(t.core, 'certifications:program', { focusAreaId: 'discovery' });
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: { ...program, managerReviews: 'never' } });
    await roleplay(t, 8, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    expect((await statusOf(t, t.aino.id, 9)).verdicts.map((v) => v.reason)).toEqual(['not-certifier', 'not-certifier']);
    // With "always", a manager without the coach flag counts for their own people (and only for them).
    t.core.db.prepare('UPDATE reps SET coach = 0 WHERE id = ?').run(t.maija.id);
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: { ...program, managerReviews: 'always' } });
    await roleplay(t, 10, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    await roleplay(t, 11, t.otto.id, [{ reviewerId: t.maija.id, score: 4 }]);
    // Role-plays not yet decided are judged again under the new setting: day 8 now counts too.
    expect(await statusOf(t, t.aino.id, 12)).toMatchObject({ level: 'Beginner', grantedAt: day(8) });
    expect((await statusOf(t, t.otto.id, 12)).verdicts.map((v) => v.reason)).toEqual(['not-certifier']);
  });

  it('names the levels nobody can certify until an admin marks someone', async () => {
    const t = team(day(0));
    t.core.db.prepare('UPDATE reps SET coach = 0').run();
    const gaps = async () => (await call(t.core, 'certifications:certifiers', { focusAreaId: 'discovery' })).uncertifiable.map((u) => u.levelName);
    expect(await gaps()).toEqual(['Beginner', 'Intermediate', 'Advanced']);
    // A current holder of Beginner can certify Beginner: the dead end starts one level up.
    storeGrant(t.core, { repId: t.ben.id, focusAreaId: 'discovery', levelIndex: 0, levelName: 'Beginner', grantedAt: day(0), validDays: null, code: 'BEN1BEN1BEN1' });
    expect(await gaps()).toEqual(['Intermediate', 'Advanced']);
    await call(t.core, 'certifications:mark-certifier', { repId: t.pia.id, focusAreaId: 'discovery', certifier: true });
    expect(await gaps()).toEqual([]);
    await call(t.core, 'certifications:mark-certifier', { repId: t.pia.id, focusAreaId: 'discovery', certifier: false });
    t.core.db.prepare('UPDATE reps SET coach = 1 WHERE id = ?').run(t.otto.id);
    expect(await gaps()).toEqual([]);
  });
});

describe('certification path', () => {
  it('walks beginner → intermediate (not before 30 days) → advanced → expired after a quarter → renewed', async () => {
    const t = team(day(0));
    const maija = { reviewerId: t.maija.id };
    // Maija is marked for discovery (she is also a coach, which alone would do as well).
    await call(t.core, 'certifications:mark-certifier', { repId: t.maija.id, focusAreaId: 'discovery', certifier: true });

    await roleplay(t, 1, t.aino.id, [{ ...maija, score: 4 }]);
    let aino = await statusOf(t, t.aino.id, 2);
    expect(aino).toMatchObject({ level: null, state: 'in-progress', missing: [{ kind: 'roleplays', level: 'Beginner', remaining: 1, minScore: 60 }] });

    await roleplay(t, 3, t.aino.id, [{ ...maija, score: 4 }]);
    aino = await statusOf(t, t.aino.id, 4);
    expect(aino).toMatchObject({ level: 'Beginner', state: 'certified', grantedAt: day(3), expiresAt: null, certifier: { name: 'Maija' } });
    expect(aino.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(aino.missing).toEqual([
      { kind: 'roleplays', level: 'Intermediate', required: 2, remaining: 2, minScore: 70, blockers: [] },
      { kind: 'wait', level: 'Intermediate', until: day(33) },
    ]);

    // Perfect scores right away still wait for the 30 days.
    await roleplay(t, 5, t.aino.id, [{ ...maija, score: 5 }]);
    await roleplay(t, 8, t.aino.id, [{ ...maija, score: 5 }]);
    aino = await statusOf(t, t.aino.id, 20);
    expect(aino).toMatchObject({ level: 'Beginner', nextOpensAt: day(33), missing: [{ kind: 'wait', level: 'Intermediate', until: day(33) }] });
    expect(aino.verdicts.map((v) => v.counted)).toEqual([true, true]);
    aino = await statusOf(t, t.aino.id, 34);
    expect(aino).toMatchObject({ level: 'Intermediate', state: 'certified', grantedAt: day(33) });
    // The path shows which scorecards a level was granted on.
    expect(aino.history.at(-1)!.evidence.map((e) => ({ reviewer: e.reviewer.name, overall: e.overall }))).toEqual([
      { reviewer: 'Maija', overall: 100 },
      { reviewer: 'Maija', overall: 100 },
    ]);

    await roleplay(t, 40, t.aino.id, [{ ...maija, score: 5 }]);
    await roleplay(t, 47, t.aino.id, [{ ...maija, score: 5 }]);
    await roleplay(t, 70, t.aino.id, [{ ...maija, score: 5 }]);
    aino = await statusOf(t, t.aino.id, 71);
    expect(aino).toMatchObject({ level: 'Advanced', state: 'certified', grantedAt: day(70), expiresAt: day(160), nextOpensAt: day(146), missing: [] });

    expect(await statusOf(t, t.aino.id, 150)).toMatchObject({ level: 'Advanced', state: 'due', missing: [{ kind: 'renewal', level: 'Advanced', minScore: 80 }] });
    // Asked for renewals only, the team's list holds this level and nothing of anyone else's.
    const renewals = (await call(t.core, 'certifications:list', { renewals: true })) as CertificationStatus[];
    expect(renewals.map((s) => [s.rep.id, s.focusArea.id, s.state])).toEqual([[t.aino.id, 'discovery', 'due']]);
    aino = await statusOf(t, t.aino.id, 161);
    expect(aino).toMatchObject({ level: 'Advanced', state: 'expired' });
    expect(aino.history.map((h) => [h.level, h.grantedAt, h.expiredAt])).toEqual([
      ['Beginner', day(3), null],
      ['Intermediate', day(33), null],
      ['Advanced', day(70), day(160)],
    ]);
    const lapsedCode = aino.code!;
    expect(await call(t.core, 'certifications:verify', { code: lapsedCode.toLowerCase() })).toMatchObject({ genuine: true, current: false, level: 'Advanced' });

    // One role-play at the bar renews it; the lapse stays in the history.
    await roleplay(t, 165, t.aino.id, [{ ...maija, score: 5 }]);
    aino = await statusOf(t, t.aino.id, 166);
    expect(aino).toMatchObject({ level: 'Advanced', state: 'certified', grantedAt: day(165), expiresAt: day(255) });
    expect(aino.history.map((h) => [h.level, h.kind, h.expiredAt])).toEqual([
      ['Beginner', 'grant', null],
      ['Intermediate', 'grant', null],
      ['Advanced', 'grant', day(160)],
      ['Advanced', 'renewal', null],
    ]);
    expect(await call(t.core, 'certifications:verify', { code: aino.code! })).toMatchObject({ genuine: true, current: true, rep: 'Aino', certifier: 'Maija' });
    expect(await call(t.core, 'certifications:verify', { code: 'ZZZZ-ZZZZ-ZZZZ' })).toMatchObject({ genuine: false, current: false });
  });

  it('sees what another program wrote and where the clock stands, however often it is asked', async () => {
    const t = team(day(0));
    await roleplay(t, 1, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    await roleplay(t, 3, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    const first = await statusOf(t, t.aino.id, 4);
    expect(first).toMatchObject({ level: 'Beginner', grantedAt: day(3) });
    expect(await statusOf(t, t.aino.id, 4)).toMatchObject({ code: first.code });
    // Back before the second role-play, then forward again.
    expect(await statusOf(t, t.aino.id, 2)).toMatchObject({ level: null, code: null });
    expect(await statusOf(t, t.aino.id, 4)).toMatchObject({ level: 'Beginner', code: first.code });
    // Another process (the command line, a second window) takes the grant back: it is made anew, with a new code.
    const other = new BetterSqlite3(t.core.db.name);
    other.prepare('DELETE FROM certification_grants WHERE rep_id = ?').run(t.aino.id);
    other.close();
    const again = await statusOf(t, t.aino.id, 4);
    expect(again).toMatchObject({ level: 'Beginner', grantedAt: day(3) });
    expect(again.code).not.toBe(first.code);
  });

  it('fails a level on a blocker criterion whatever the total', async () => {
    const t = team(day(0));
    const program = await call(t.core, 'certifications:program', { focusAreaId: 'discovery' });
    expect(program.custom).toBe(false);
    const levels = program.levels.map((l, i) => (i === 0 ? { ...l, roleplays: 1, blockers: [{ criterionKey: 'next-step', minScore: 3 }] } : l));
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: { ...program, levels } });

    await roleplay(t, 1, t.aino.id, [{ reviewerId: t.maija.id, score: 5, byKey: { 'next-step': 2 } }]);
    const aino = await statusOf(t, t.aino.id, 2);
    expect(aino).toMatchObject({ level: null, state: 'in-progress' });
    // Screens name the criterion in its newest wording, not by its key.
    expect(aino.verdicts).toMatchObject([{ counted: false, reason: 'blocker', criterionKey: 'next-step', criterionName: 'Next step' }]);
    expect(aino.missing).toMatchObject([{ kind: 'roleplays', required: 1, remaining: 1, blockers: [{ criterionKey: 'next-step', minScore: 3, criterionName: 'Next step' }] }]);
    expect(aino.verdicts[0]!.overall).toBeGreaterThan(80);

    await roleplay(t, 2, t.aino.id, [{ reviewerId: t.maija.id, score: 4, byKey: { 'next-step': 3 } }]);
    expect(await statusOf(t, t.aino.id, 3)).toMatchObject({ level: 'Beginner', grantedAt: day(2) });
  });

  it('counts a certifier outside the calibration band, a peer, or a self-review as practice, saying why', async () => {
    const t = team(day(0));
    await call(t.core, 'certifications:mark-certifier', { repId: t.maija.id, focusAreaId: 'discovery', certifier: true });
    await call(t.core, 'certifications:mark-certifier', { repId: t.otto.id, focusAreaId: 'discovery', certifier: true });
    await roleplay(t, 1, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    await roleplay(t, 2, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    // Otto scores a full point below three other reviewers: outside the 0.75 band.
    await roleplay(t, 3, t.chloe.id, [
      { reviewerId: t.maija.id, score: 4 },
      { reviewerId: t.pia.id, score: 4 },
      { reviewerId: t.aino.id, score: 4 },
      { reviewerId: t.otto.id, score: 3 },
    ]);
    await roleplay(t, 4, t.ben.id, [{ reviewerId: t.otto.id, score: 5 }]);
    await roleplay(t, 5, t.ben.id, [{ reviewerId: t.ben.id, score: 5 }, { reviewerId: t.pia.id, score: 5 }]);
    const ben = await statusOf(t, t.ben.id, 5);
    expect(ben).toMatchObject({ level: null, state: 'in-progress' });
    expect(Object.fromEntries(ben.verdicts.map((v) => [v.reviewer.name, v.reason]))).toEqual({ Otto: 'calibration', Ben: 'self', Pia: 'not-certifier' });

    // The admin's certifiers list says who is outside the band and who is not judged yet; anyone else learns only who is marked.
    const { certifiers, calibration } = await call(t.core, 'certifications:certifiers', { focusAreaId: 'discovery' });
    expect(certifiers.map((c) => c.rep.name).sort()).toEqual(['Maija', 'Otto']);
    const standing = Object.fromEntries(calibration.map((c) => [c.reviewer.name, c.standing]));
    expect(standing).toMatchObject({ Otto: 'out-of-band', Maija: 'in-band' });
    expect(calibration.find((c) => c.reviewer.name === 'Otto')!.meanDeviation).toBeLessThanOrEqual(-0.75);
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: { ...(await call(t.core, 'certifications:program', { focusAreaId: 'discovery' })), calibrationMinComparisons: 100 } });
    const unjudged = await call(t.core, 'certifications:certifiers', { focusAreaId: 'discovery' });
    expect(new Set(unjudged.calibration.map((c) => c.standing))).toEqual(new Set(['not-judged']));
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: null });
    const asAino = await dispatch(t.core.handlers, 'certifications:certifiers', { focusAreaId: 'discovery' }, { caller: t.core.access.callerFor(t.aino.id), guard: t.core.guard });
    expect(asAino).toMatchObject({ ok: true, value: { calibration: [] } });
    expect((asAino as { value: { certifiers: unknown[] } }).value.certifiers).toHaveLength(2);

    // Unmarked, Otto no longer certifies at all; Maija (marked, within the band) does.
    await roleplay(t, 6, t.ben.id, [{ reviewerId: t.maija.id, score: 4 }]);
    await roleplay(t, 7, t.ben.id, [{ reviewerId: t.maija.id, score: 4 }]);
    expect(await statusOf(t, t.ben.id, 8)).toMatchObject({ level: 'Beginner', grantedAt: day(7) });
  });

  it('keeps a decision when the rubric or the levels change afterwards', async () => {
    const t = team(day(0));
    await roleplay(t, 1, t.aino.id, [{ reviewerId: t.maija.id, score: 3, byKey: { listening: 5, 'open-questions': 5 } }]);
    await roleplay(t, 2, t.aino.id, [{ reviewerId: t.maija.id, score: 3, byKey: { listening: 5, 'open-questions': 5 } }]);
    const before = await statusOf(t, t.aino.id, 3);
    expect(before).toMatchObject({ level: 'Beginner', grantedAt: day(2) });
    const evidence = t.core.db.prepare('SELECT evidence FROM certification_grants').pluck().get() as string;

    // Weigh the criteria Aino did poorly on ten times, and raise the bar.
    const template = await call(t.core, 'rubric-templates:get', { id: 'builtin-discovery' });
    await call(t.core, 'rubric-templates:update', {
      id: template.id,
      fields: {
        focusAreaId: 'discovery',
        name: template.name,
        criteria: template.criteria.map((c) => ({ key: c.key, name: c.name, anchors: c.anchors, weight: ['listening', 'open-questions'].includes(c.key) ? 1 : 10 })),
        sections: template.sections,
      },
    });
    const program = await call(t.core, 'certifications:program', { focusAreaId: 'discovery' });
    await call(t.core, 'certifications:set-program', {
      focusAreaId: 'discovery',
      fields: { ...program, levels: program.levels.map((l) => ({ ...l, minScore: 95 })) },
    });

    const after = await statusOf(t, t.aino.id, 10);
    expect(after).toMatchObject({ level: 'Beginner', grantedAt: day(2), code: before.code });
    expect(t.core.db.prepare('SELECT evidence FROM certification_grants').pluck().get()).toBe(evidence);
    expect(JSON.parse(evidence)).toMatchObject([{ templateVersionId: 'builtin-discovery-v1' }, { templateVersionId: 'builtin-discovery-v1' }]);
  });

  it('refuses levels that do not make sense, in words', async () => {
    const t = team(day(0));
    const program = await call(t.core, 'certifications:program', { focusAreaId: 'discovery' });
    const error = await fail(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: { ...program, levels: [] } });
    expect(error.issues).toEqual([{ path: 'fields.levels', message: 'A program needs at least one level' }]);
    expect((await fail(t.core, 'certifications:program', { focusAreaId: 'nope' })).code).toBe('not_found');
  });
});

/** A finished call take of the session, analysed: the seller talked `talkRatio` of the time, or a mono take that cannot tell. */
function analysedTake(t: Team, sessionId: string, talkRatio: number | 'mono') {
  const id = `take-${sessionId}`;
  const startedAt = t.core.sessions.get(sessionId).startsAt!;
  t.core.db.prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES (?, ?, 'call', 'ready', 'audio/webm', ?)`).run(id, sessionId, startedAt);
  const speaker = (ratio: number) => ({ talkMs: 60_000 * ratio, talkRatio: ratio, longestMonologueMs: 20_000, turns: 10, interruptions: 1, backchannels: 2 });
  const result = {
    durationMs: 600_000,
    channels: talkRatio === 'mono' ? 'mono' : 'stereo',
    speakers: talkRatio === 'mono' ? null : { seller: speaker(talkRatio), buyer: speaker(1 - talkRatio) },
    speakerSwitches: talkRatio === 'mono' ? null : 20,
    interactivityPerMinute: talkRatio === 'mono' ? null : 2,
    patienceMs: talkRatio === 'mono' ? null : 900,
    overlapMs: null,
    silenceRatio: 0.1,
    speechMs: 540_000,
    pauses: { count: 10, meanMs: 800, longestMs: 3000 },
    segments: [],
    turns: [],
    backchannels: [],
    analyzerVersion: 1,
  };
  t.core.db
    .prepare(`INSERT INTO recording_analyses (recording_id, analyzer_version, state, result, updated_at) VALUES (?, 1, 'done', ?, ?)`)
    .run(id, JSON.stringify(result), startedAt);
}

describe('a conversation metric in a level', () => {
  it('counts a role-play only when its analysed recording is within range, says why not, and freezes the range with the grant', async () => {
    const t = team(day(0));
    const program = await call(t.core, 'certifications:program', { focusAreaId: 'discovery' });
    const bound = { metricKey: 'seller-talk-ratio' as const, min: null, max: 60 };
    const levels = program.levels.map((l, i) => (i === 0 ? { ...l, metrics: [bound] } : l));
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: { ...program, levels } });
    const maija = { reviewerId: t.maija.id, score: 4 };

    analysedTake(t, (await roleplay(t, 1, t.aino.id, [maija])).id, 0.55);
    await roleplay(t, 2, t.aino.id, [maija]);
    analysedTake(t, (await roleplay(t, 3, t.aino.id, [maija])).id, 0.72);
    analysedTake(t, (await roleplay(t, 4, t.aino.id, [maija])).id, 'mono');
    let aino = await statusOf(t, t.aino.id, 4);
    expect(aino).toMatchObject({ level: null, missing: [{ kind: 'roleplays', level: 'Beginner', remaining: 1, metrics: [bound] }] });
    expect(aino.verdicts.map((v) => [v.at, v.counted, v.reason, v.metricKey])).toEqual([
      [day(1), true, null, null],
      [day(2), false, 'no-analysis', 'seller-talk-ratio'],
      [day(3), false, 'metric', 'seller-talk-ratio'],
      [day(4), false, 'no-analysis', 'seller-talk-ratio'],
    ]);

    // Exactly 60 % is within "at most 60".
    analysedTake(t, (await roleplay(t, 5, t.aino.id, [maija])).id, 0.6);
    aino = await statusOf(t, t.aino.id, 6);
    expect(aino).toMatchObject({ level: 'Beginner', grantedAt: day(5) });
    const frozen = JSON.parse(t.core.db.prepare('SELECT requirement FROM certification_grants').pluck().get() as string) as { metrics: unknown };
    expect(frozen.metrics).toEqual([bound]);

    // Dropping the range later changes the levels ahead, not the grant made under it.
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: program });
    expect(await statusOf(t, t.aino.id, 7)).toMatchObject({ level: 'Beginner', grantedAt: day(5), code: aino.code });
    expect(JSON.parse(t.core.db.prepare('SELECT requirement FROM certification_grants').pluck().get() as string)).toMatchObject({ metrics: [bound] });
  });

  it('refuses ranges that do not make sense, in words', async () => {
    const t = team(day(0));
    const program = await call(t.core, 'certifications:program', { focusAreaId: 'discovery' });
    const withMetrics = (metrics: unknown[]) => ({ focusAreaId: 'discovery', fields: { ...program, levels: program.levels.map((l, i) => (i === 0 ? { ...l, metrics } : l)) } });
    const issues = async (metrics: unknown[]) =>
      (await fail(t.core, 'certifications:set-program', withMetrics(metrics) as Parameters<typeof fail<'certifications:set-program'>>[2])).issues;
    expect(await issues([{ metricKey: 'patience', min: null, max: null }])).toEqual([{ path: 'fields.levels.0.metrics.0.max', message: 'Give a minimum, a maximum or both' }]);
    expect(await issues([{ metricKey: 'patience', min: 3, max: 1 }])).toEqual([{ path: 'fields.levels.0.metrics.0.min', message: 'The minimum is above the maximum' }]);
    expect(await issues([{ metricKey: 'seller-talk-ratio', max: 160 }])).toEqual([{ path: 'fields.levels.0.metrics.0.max', message: 'A talk ratio is a percentage from 0 to 100' }]);
    expect(await issues([{ metricKey: 'patience', min: 1 }, { metricKey: 'patience', max: 3 }])).toEqual([
      { path: 'fields.levels.0.metrics.1.metricKey', message: 'This metric already has a range in this level' },
    ]);
    // A program stored before metric ranges existed reads as levels without any.
    const old = { ...program, levels: program.levels.map(({ metrics: _none, ...level }) => level) };
    t.core.db.prepare(`INSERT INTO certification_programs (focus_area_id, fields, updated_at) VALUES ('discovery', ?, ?)`).run(JSON.stringify(old), day(0));
    expect((await call(t.core, 'certifications:program', { focusAreaId: 'discovery' })).levels.map((l) => l.metrics)).toEqual([[], [], []]);
  });
});

describe('reprise certifications', () => {
  async function cli(args: string[], env: NodeJS.ProcessEnv) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, env);
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('lists each rep and focus area as JSON on the day REPRISE_NOW names, and verifies a code', async () => {
    const t = team(day(0));
    await roleplay(t, 1, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    await roleplay(t, 3, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    const dir = t.core.dataDir;
    t.core.close();

    const before = await cli(['--data-dir', dir, 'certifications', 'list', '--rep', 'AINO@example.com', '--json'], { REPRISE_NOW: day(2) });
    expect(before.code).toBe(0);
    const early = JSON.parse(before.stdout) as Record<string, unknown>[];
    expect(early.map((s) => s.focusArea)).toEqual(['discovery', 'demo', 'personas', 'objection-handling']);
    expect(early[0]).toMatchObject({
      rep: 'aino@example.com',
      level: null,
      state: 'in-progress',
      grantedAt: null,
      expiresAt: null,
      missing: ['Beginner: 1 more role-play scored 60 or above by a certifier'],
      history: [],
    });

    const after = await cli(['--data-dir', dir, 'certifications', 'list', '--json'], { REPRISE_NOW: day(40) });
    const list = JSON.parse(after.stdout) as { rep: string; focusArea: string; level: string | null; code: string | null; missing: string[]; history: unknown[] }[];
    const aino = list.find((s) => s.rep === 'aino@example.com' && s.focusArea === 'discovery')!;
    expect(aino).toMatchObject({
      level: 'Beginner',
      state: 'certified',
      grantedAt: day(3),
      missing: ['Intermediate: 2 more role-plays scored 70 or above by a certifier'],
      history: [{ level: 'Beginner', grantedAt: day(3), expiredAt: null }],
    });
    expect(list.filter((s) => s.focusArea === 'discovery' && s.level === null)).toHaveLength(5);

    const verified = await cli(['--data-dir', dir, 'certifications', 'verify', aino.code!, '--json'], { REPRISE_NOW: day(40) });
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ genuine: true, current: true, rep: 'Aino', focusArea: 'Discovery', level: 'Beginner', certifier: 'Maija' });
    const forged = await cli(['--data-dir', dir, 'certifications', 'verify', 'ABCD-EFGH-JKMN'], {});
    expect(forged).toMatchObject({ code: 1, stdout: 'ABCD-EFGH-JKMN: not a certificate issued here.' });
    expect((await cli(['--data-dir', dir, 'certifications', 'list', '--rep', 'nobody@example.com'], {})).code).toBe(1);
  });

  it('says in words what a level’s conversation metric asks and why a role-play without analysis did not count', async () => {
    const t = team(day(0));
    const program = await call(t.core, 'certifications:program', { focusAreaId: 'discovery' });
    const levels = program.levels.map((l, i) => (i === 0 ? { ...l, metrics: [{ metricKey: 'seller-talk-ratio' as const, min: null, max: 60 }] } : l));
    await call(t.core, 'certifications:set-program', { focusAreaId: 'discovery', fields: { ...program, levels } });
    await roleplay(t, 1, t.aino.id, [{ reviewerId: t.maija.id, score: 4 }]);
    const dir = t.core.dataDir;
    t.core.close();
    const listed = await cli(['--data-dir', dir, 'certifications', 'list', '--rep', 'aino@example.com'], { REPRISE_NOW: day(2) });
    expect(listed.stdout.split('\n').slice(0, 3)).toEqual([
      'Aino <aino@example.com> · Discovery: in progress',
      '    needs Beginner: 2 more role-plays scored 60 or above by a certifier, with the seller’s talk ratio at most 60 % in the recording',
      '    the role-play on 2027-01-05 did not count for Beginner: it has no analysed recording that measures the seller’s talk ratio',
    ]);
  });

  it('says a level that lapsed expired on its day, not that it expires then', async () => {
    const t = team(day(0));
    storeGrant(t.core, { repId: t.aino.id, grantedAt: '2026-09-01T10:00:00.000Z', validDays: 90, code: 'AINO-0000-0001' });
    const dir = t.core.dataDir;
    t.core.close();
    const line = async (now: string) =>
      (await cli(['--data-dir', dir, 'certifications', 'list', '--rep', 'aino@example.com'], { REPRISE_NOW: now })).stdout.split('\n').find((l) => l.includes('· Demo'));
    expect(await line('2026-11-01T10:00:00Z')).toBe('Aino <aino@example.com> · Demo: Advanced (certified, expires 2026-11-30)');
    expect(await line('2026-12-02T10:00:00Z')).toBe('Aino <aino@example.com> · Demo: Advanced (expired 2026-11-30)');
  });
});
