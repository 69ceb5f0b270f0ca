import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../src/core/progress/calendar';
import { dispatch } from '../../src/shared/dispatch';
import type { TeamProgress } from '../../src/shared/progress';
import { testCore } from '../support/core';
import { call, fullContent } from './scorecards-support';

type TestCore = ReturnType<typeof testCore>;

/** A session the rep took part in, on a given local day (as a Helsinki program writes it) and status. */
function held(core: TestCore, repId: string, localDate: string, startsAt: string, status: 'done' | 'missed' | 'cancelled' = 'done', focusAreaId = 'discovery') {
  const session = core.sessions.create({ focusAreaId, startsAt, participants: [{ repId, role: 'seller' }] });
  core.db.prepare('UPDATE sessions SET status = ?, local_date = ? WHERE id = ?').run(status, localDate, session.id);
  return session;
}

describe('the 46–179 band', () => {
  it('counts calendar days on the local date across a daylight-saving change', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const rep = core.people.create({ name: 'Aino', email: 'aino@example.com', hireDate: '2026-03-16' });
    // Helsinki moves to summer time on 2026-03-29. Day 46 is 2026-05-01; a session at 00:30 local
    // time that day starts on 2026-04-30 in UTC and still belongs to the band.
    held(core, rep.id, '2026-03-16', '2026-03-16T13:00:00Z');
    held(core, rep.id, '2026-04-30', '2026-04-30T12:00:00Z');
    held(core, rep.id, '2026-05-01', '2026-04-30T21:30:00Z');
    held(core, rep.id, '2026-09-11', '2026-09-11T12:00:00Z');
    held(core, rep.id, '2026-09-12', '2026-09-12T12:00:00Z');
    const arc = await call(core, 'progress:rep', { repId: rep.id });
    expect(arc.marks).toEqual({ day0: '2026-03-16', day45: '2026-04-30', day90: '2026-06-14', day180: '2026-09-12', bandStart: '2026-05-01', bandEnd: '2026-09-11' });
    const team = await call(core, 'progress:team', {});
    // Days 0–45: 2 sessions in 46 days; days 46–179: 2 in 134 days.
    expect(team.gap.reps).toEqual([{ repId: rep.id, hireDate: '2026-03-16', earlyPerWeek: 0.3, bandPerWeek: 0.1 }]);
    expect(team.gap).toMatchObject({ medianEarlyPerWeek: 0.3, medianBandPerWeek: 0.1 });
  });

  it('puts a leap day in its place: hired 2024-01-15, day 45 is 29 February and day 46 is 1 March', async () => {
    expect(addDays('2024-01-15', 45)).toBe('2024-02-29');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    const core = testCore('2024-12-01T09:00:00Z');
    const rep = core.people.create({ name: 'Leo', email: 'leo@example.com', hireDate: '2024-01-15' });
    held(core, rep.id, '2024-02-29', '2024-02-29T12:00:00Z');
    held(core, rep.id, '2024-03-01', '2024-03-01T12:00:00Z');
    const arc = await call(core, 'progress:rep', { repId: rep.id });
    expect(arc.marks).toMatchObject({ day45: '2024-02-29', bandStart: '2024-03-01', bandEnd: '2024-07-12' });
    const { gap } = await call(core, 'progress:team', {});
    expect(gap.reps[0]).toMatchObject({ earlyPerWeek: round((1 / 46) * 7), bandPerWeek: round((1 / 134) * 7) });
  });

  it('leaves the band empty for a rep not yet at day 46, and leaves out reps hired over a year ago', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const fresh = core.people.create({ name: 'Fresh', email: 'fresh@example.com', hireDate: '2026-11-01' });
    core.people.create({ name: 'Old', email: 'old@example.com', hireDate: '2024-01-01' });
    const { gap } = await call(core, 'progress:team', {});
    expect(gap.reps).toEqual([{ repId: fresh.id, hireDate: '2026-11-01', earlyPerWeek: 0, bandPerWeek: null }]);
  });
});

const round = (v: number) => Math.round(v * 100) / 100;

/** A weekly program with these people in it, from a day far enough back not to plan anything new. */
async function program(core: TestCore, repIds: string[], focusAreaIds = ['discovery']) {
  return call(core, 'programs:create', {
    name: 'Weekly',
    weekday: 'wed',
    time: '14:00',
    durationMinutes: 45,
    timeZone: 'Europe/Helsinki',
    startDate: '2026-09-01',
    repIds,
    focusAreaIds,
  });
}

describe('a rep\'s arc', () => {
  it('counts sessions per week, scores per focus area and criterion, and keeps the profile\'s earlier values', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const coach = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
    const rep = core.people.create({ name: 'Aino', email: 'aino@example.com', hireDate: '2026-11-02', profile: { careerGoals: 'Close a first deal' } });
    const first = held(core, rep.id, '2026-11-04', '2026-11-04T12:00:00Z');
    held(core, rep.id, '2026-11-11', '2026-11-11T12:00:00Z', 'missed');
    held(core, rep.id, '2026-11-12', '2026-11-12T12:00:00Z', 'cancelled');
    core.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(coach.id, first.id);
    const card = await call(core, 'scorecards:start', { sessionId: first.id, reviewerId: coach.id });
    await call(core, 'scorecards:submit', fullContent(card, [2, 4]));
    core.setNow('2027-01-10T09:00:00Z');
    await call(core, 'people:update', { id: rep.id, patch: { profile: { careerGoals: 'Lead the Nordics team' } } });

    const arc = await call(core, 'progress:rep', { repId: rep.id });
    expect(arc.weeks.slice(0, 2)).toEqual([
      { weekStart: '2026-11-02', day: 0, held: 1, missed: 0, cancelled: 0, recordings: 0, scorecards: 1, coachingNotes: 0 },
      { weekStart: '2026-11-09', day: 7, held: 0, missed: 1, cancelled: 1, recordings: 0, scorecards: 0, coachingNotes: 0 },
    ]);
    expect(arc.weeks.at(-1)!.weekStart).toBe('2027-01-04');
    const discovery = arc.scores.find((s) => s.focusAreaId === 'discovery')!;
    const scores = card.template.criteria.map((_, i) => (i === 0 ? 2 : 4));
    expect(discovery.points).toEqual([
      { date: '2026-11-04', scorecardId: card.id, sessionId: first.id, role: 'coach', score: round(scores.reduce((a, b) => a + b, 0) / scores.length) },
    ]);
    expect(discovery.criteria.map((c) => [c.key, c.points.map((p) => p.score)])).toEqual(card.template.criteria.map((c, i) => [c.key, [scores[i]]]));
    expect(arc.profile.careerGoals).toBe('Lead the Nordics team');
    expect(arc.profileHistory).toMatchObject([{ careerGoals: 'Close a first deal', replacedAt: '2027-01-10T09:00:00.000Z' }]);
  });
});

describe('the team', () => {
  it('hides a cohort smaller than the minimum and says how many were hidden', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    for (let i = 0; i < 5; i++) core.people.create({ name: `Doer ${i}`, email: `doer${i}@example.com`, profile: { learningPreference: 'doing' } });
    core.people.create({ name: 'Reader', email: 'reader@example.com', profile: { learningPreference: 'reading' } });
    const { cohorts } = await call(core, 'progress:team', { minCohort: 5 });
    expect(cohorts.byLearningPreference).toEqual([{ key: 'doing', n: 5, meanScore: null, sessionsPerWeek: 0 }]);
    expect(cohorts.hidden).toBe(1);
  });

  it('finds who missed two in a row and whose scores fall, with the numbers behind it', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const coach = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
    const rep = core.people.create({ name: 'Sam', email: 'sam@example.com' });
    await program(core, [coach.id, rep.id]);
    const days = ['2026-10-07', '2026-10-14', '2026-10-21', '2026-10-28'];
    for (const [i, day] of days.entries()) {
      const session = held(core, rep.id, day, `${day}T12:00:00Z`);
      core.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(coach.id, session.id);
      const card = await call(core, 'scorecards:start', { sessionId: session.id, reviewerId: coach.id });
      await call(core, 'scorecards:submit', fullContent(card, [5 - i]));
    }
    held(core, rep.id, '2026-11-18', '2026-11-18T12:00:00Z', 'missed');
    held(core, rep.id, '2026-11-25', '2026-11-25T12:00:00Z', 'missed');
    const team = await call(core, 'progress:team', {});
    expect(team.cadence.missedTwoInARow).toEqual([{ repId: rep.id, dates: ['2026-11-18', '2026-11-25'] }]);
    const sam = team.slipping.find((s) => s.repId === rep.id)!;
    expect(sam.reasons).toEqual([
      { kind: 'trend', slope: -1, scores: [5, 4, 3, 2] },
      { kind: 'missed', missed: 2, weeks: 8 },
    ]);
    expect(team.circles.pairs).toEqual([{ coachId: coach.id, repId: rep.id, count: 8, kind: 'senior-senior' }]);
    expect(team.circles.coachedNobody).toEqual([rep.id]);
    const row = team.heatmap.find((h) => h.focusAreaId === 'discovery')!.rows.find((r) => r.repId === rep.id)!;
    expect(row.cells.every((c) => c.mean === 2 && c.n === 1)).toBe(true);
    expect(row.scorecards).toEqual([{ id: expect.any(String), date: '2026-10-28', role: 'coach' }]);
  });

  it("shows each criterion's latest scores from the last day it was scored, even when a later scorecard left it blank", async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const coach = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
    const rep = core.people.create({ name: 'Sam', email: 'sam@example.com' });
    const cards = [];
    for (const [day, score] of [['2026-10-07', 4], ['2026-10-14', 2]] as const) {
      const session = held(core, rep.id, day, `${day}T12:00:00Z`);
      const card = await call(core, 'scorecards:start', { sessionId: session.id, reviewerId: coach.id });
      await call(core, 'scorecards:submit', fullContent(card, [score]));
      cards.push(card);
    }
    // An optional criterion left unscored on the later scorecard.
    const [first, ...rest] = cards[1]!.template.criteria;
    core.db.prepare('UPDATE scorecard_scores SET score = NULL WHERE scorecard_id = ? AND criterion_id = ?').run(cards[1]!.id, first!.id);
    const team = await call(core, 'progress:team', { heatmap: 'latest' });
    const row = team.heatmap.find((h) => h.focusAreaId === 'discovery')!.rows.find((r) => r.repId === rep.id)!;
    expect(Object.fromEntries(row.cells.map((c) => [c.key, [c.mean, c.n]]))).toEqual({
      [first!.key]: [4, 1],
      ...Object.fromEntries(rest.map((c) => [c.key, [2, 1]])),
    });
    expect(row.scorecards!.map((c) => c.date)).toEqual(['2026-10-14', '2026-10-07']);
  });

  it("leaves a summary's click-through lists out, keeping every count, and gives a cell's scorecards on their own", async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const coach = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
    const rep = core.people.create({ name: 'Sam', email: 'sam@example.com' });
    for (const day of ['2026-10-07', '2026-10-14']) {
      const session = held(core, rep.id, day, `${day}T12:00:00Z`);
      core.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(coach.id, session.id);
      const card = await call(core, 'scorecards:start', { sessionId: session.id, reviewerId: coach.id });
      await call(core, 'scorecards:submit', fullContent(card, [3]));
    }
    const full = await call(core, 'progress:team', {});
    const summary = await call(core, 'progress:team', { detail: 'summary' });
    const { pairs, ...counted } = full.circles;
    expect(pairs).toHaveLength(1);
    expect(summary.circles).toEqual({ ...counted, pairCount: 1, coachedNobodyCount: counted.coachedNobody.length });
    expect(summary.heatmap).toEqual(full.heatmap.map((area) => ({ ...area, rows: area.rows.map(({ scorecards: _left, ...row }) => row) })));
    expect({ ...summary, heatmap: [], circles: null, reps: [] }).toEqual({ ...full, heatmap: [], circles: null, reps: [] });
    // Only the reps it names: Sam, in the heatmap; Cole is counted and his team listed.
    expect(summary.reps).toEqual(full.reps.filter((r) => r.id === rep.id));
    expect(summary).toMatchObject({ repCount: 2, teams: full.teams });
    const cell = await call(core, 'progress:cell', { focusAreaId: 'discovery', repId: rep.id, heatmap: 'latest', windowWeeks: 12 });
    const row = full.heatmap.find((h) => h.focusAreaId === 'discovery')!.rows.find((r) => r.repId === rep.id)!;
    expect(cell.map((c) => c.date)).toEqual(['2026-10-14']);
    expect(cell).toEqual(row.scorecards);
    // Asked with the window's mean, the cell is the one the mean heatmap counted.
    const meanCell = await call(core, 'progress:cell', { focusAreaId: 'discovery', repId: rep.id, heatmap: 'mean' });
    expect(meanCell.map((c) => c.date)).toEqual(['2026-10-14', '2026-10-07']);
    expect(await call(core, 'progress:cell', { focusAreaId: 'discovery', repId: coach.id })).toEqual([]);
  });

  it('answers the heatmap alone as the whole view has it, the rest empty, before the whole is made and after, and only for the people in view', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const mia = core.people.create({ name: 'Mia', email: 'mia@example.com', team: 'North' });
    const coach = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true, team: 'West' });
    const rep = core.people.create({ name: 'Sam', email: 'sam@example.com', managerId: mia.id, team: 'North' });
    const other = core.people.create({ name: 'Otto', email: 'otto@example.com', team: 'South' });
    core.access.setRole(mia.id, 'manager');
    for (const [who, day] of [[rep, '2026-10-07'], [other, '2026-10-14']] as const) {
      const session = held(core, who.id, day, `${day}T12:00:00Z`);
      for (const later of [addDays(day, 7), addDays(day, 14)]) held(core, who.id, later, `${later}T12:00:00Z`, 'missed');
      const card = await call(core, 'scorecards:start', { sessionId: session.id, reviewerId: coach.id });
      await call(core, 'scorecards:submit', fullContent(card, [3]));
    }
    const options = { detail: 'summary' } as const;
    // Asked first, with nothing kept; then with the whole view kept.
    const first = await call(core, 'progress:team', { ...options, sections: 'heatmap' });
    const whole = await call(core, 'progress:team', options);
    const again = await call(core, 'progress:team', { ...options, sections: 'heatmap' });
    expect(whole.cadence.missedTwoInARow.map((m) => m.repId).sort()).toEqual([rep.id, other.id].sort());
    const heatmapOf = (view: TeamProgress) => ({ asOf: view.asOf, repCount: view.repCount, teams: view.teams, heatmap: view.heatmap, reps: view.reps.filter((r) => view.heatmap.some((a) => a.rows.some((row) => row.repId === r.id))) });
    for (const top of [first, again]) {
      expect(top.heatmap.flatMap((a) => a.rows.map((r) => r.repId)).sort()).toEqual([rep.id, other.id].sort());
      expect(top.reps.map((r) => r.id).sort()).toEqual([rep.id, other.id].sort());
      expect(heatmapOf(top)).toEqual(heatmapOf(whole));
      expect(top).toMatchObject({ repCount: 4, teams: ['North', 'South', 'West'], slipping: [], linking: [], cadence: { byTeam: [], byProgram: [], missedTwoInARow: [] }, gap: { reps: [] } });
    }
    // A manager's heatmap holds only their own tree.
    const mine = await dispatch(core.handlers, 'progress:team', { ...options, sections: 'heatmap' }, { caller: core.access.callerFor(mia.id), guard: core.guard });
    expect(mine.ok && (mine.value as TeamProgress).heatmap.flatMap((a) => a.rows.map((r) => r.repId))).toEqual([rep.id]);
    expect(mine.ok && (mine.value as TeamProgress)).toMatchObject({ repCount: 1, reps: [{ id: rep.id }] });
  });

  it('makes the whole view in turns, answering other calls between its parts, and shows the data after a write made meanwhile', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const rep = core.people.create({ name: 'Sam', email: 'sam@example.com', team: 'North' });
    for (const day of ['2026-11-11', '2026-11-18']) held(core, rep.id, day, `${day}T12:00:00Z`, 'missed');
    const options = { heatmap: 'latest', windowWeeks: 12, trendSessions: 5, idleWeeks: 8, minCohort: 5, detail: 'summary' } as const;
    let done = false;
    const made = core.progress.teamInTurns(options, null).finally(() => (done = true));
    // Another call's turn comes before the view is done: it writes.
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    const nea = core.people.create({ name: 'Nea', email: 'nea@example.com', team: 'West' });
    for (const day of ['2026-11-12', '2026-11-19']) held(core, nea.id, day, `${day}T12:00:00Z`, 'missed');
    const view = await made;
    expect(view).toMatchObject({ repCount: 2, teams: ['North', 'West'] });
    expect(view.cadence.missedTwoInARow.map((m) => m.repId).sort()).toEqual([rep.id, nea.id].sort());
    expect(view).toEqual(core.progress.team(options, null));
  });

  it("names on a summary's 46–179 chart the first 100 hires of the year, counts them all and keeps the medians of everyone", async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    for (let i = 0; i < 105; i++) core.people.create({ name: `Hire ${String(i).padStart(3, '0')}`, email: `hire${i}@example.com`, team: 'Nordics', hireDate: '2026-06-01' });
    const full = await call(core, 'progress:team', {});
    const summary = await call(core, 'progress:team', { detail: 'summary' });
    expect(full.gap.reps).toHaveLength(105);
    expect(summary.gap).toEqual({ ...full.gap, reps: full.gap.reps.slice(0, 100), repCount: 105 });
    expect(new Set(summary.reps.map((r) => r.id))).toEqual(new Set(summary.gap.reps.map((r) => r.repId)));
  });

  it("names in a summary the reps it shows, the first 100 who coached nobody, and counts the rest", async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const reps = Array.from({ length: 105 }, (_, i) =>
      core.people.create({ name: `Rep ${String(i).padStart(3, '0')}`, email: `rep${i}@example.com`, team: i % 2 ? 'Nordics' : 'DACH' }),
    );
    core.people.create({ name: 'Outside', email: 'outside@example.com', team: 'Baltics' });
    core.programs.programs.create({ name: 'Weekly', weekday: 'wed', time: '15:00', durationMinutes: 45, timeZone: 'UTC', startDate: '2026-11-30', repIds: reps.map((r) => r.id) });
    const full = await call(core, 'progress:team', {});
    const summary = await call(core, 'progress:team', { detail: 'summary' });
    expect(full.circles.coachedNobody).toHaveLength(105);
    expect(summary.circles.coachedNobody).toEqual(full.circles.coachedNobody.slice(0, 100));
    expect(summary.circles.coachedNobodyCount).toBe(105);
    expect(summary).toMatchObject({ repCount: 106, teams: ['Baltics', 'DACH', 'Nordics'] });
    // Every id the summary shows has its name, and no one else's is sent.
    const shown = new Set([...summary.circles.coachedNobody, ...summary.slipping.map((s) => s.repId), ...summary.gap.reps.map((r) => r.repId)]);
    expect(new Set(summary.reps.map((r) => r.id))).toEqual(shown);
    expect(summary.reps).toEqual(full.reps.filter((r) => shown.has(r.id)));
  });

  it('answers again from the data after anything is written, by this program or another, and on the next day', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const coach = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
    const rep = core.people.create({ name: 'Sam', email: 'sam@example.com' });
    const session = held(core, rep.id, '2026-11-25', '2026-11-25T12:00:00Z');
    const card = await call(core, 'scorecards:start', { sessionId: session.id, reviewerId: coach.id });
    await call(core, 'scorecards:submit', fullContent(card, [4]));
    const cellsOf = (team: TeamProgress) => team.heatmap[0]!.rows.find((r) => r.repId === rep.id)!.cells.map((c) => c.mean);
    expect(cellsOf(await call(core, 'progress:team', {}))).toEqual(card.template.criteria.map(() => 4));
    expect(cellsOf(await call(core, 'progress:team', {}))).toEqual(card.template.criteria.map(() => 4));
    const other = new BetterSqlite3(core.db.name);
    other.prepare('UPDATE scorecard_scores SET score = 2 WHERE scorecard_id = ?').run(card.id);
    other.close();
    expect(cellsOf(await call(core, 'progress:team', {}))).toEqual(card.template.criteria.map(() => 2));
    core.people.create({ name: 'Nea', email: 'nea@example.com' });
    expect((await call(core, 'progress:team', {})).reps.map((r) => r.name)).toContain('Nea');
    expect((await call(core, 'progress:team', {})).asOf).toBe('2026-11-27');
    core.setNow('2026-11-28T09:00:00Z');
    expect((await call(core, 'progress:team', {})).asOf).toBe('2026-11-28');
  });

  it('shows a manager only their own tree', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const mia = core.people.create({ name: 'Mia', email: 'mia@example.com' });
    const sam = core.people.create({ name: 'Sam', email: 'sam@example.com', managerId: mia.id });
    core.people.create({ name: 'Otto', email: 'otto@example.com' });
    const answer = await dispatch(core.handlers, 'progress:team', {}, { caller: core.access.callerFor(mia.id), guard: core.guard });
    expect(answer.ok && (answer.value as TeamProgress).reps.map((r) => r.id)).toEqual([sam.id]);
  });
});

describe("a coach's team view", () => {
  it('shows a coach the people they coach (on the roster or in a program they coach) and no one else; a rep and a stranger nothing', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const cole = core.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
    const sam = core.people.create({ name: 'Sam', email: 'sam@example.com', coachedById: cole.id, team: 'North' });
    const pia = core.people.create({ name: 'Pia', email: 'pia@example.com', team: 'West' });
    const otto = core.people.create({ name: 'Otto', email: 'otto@example.com', team: 'South' });
    const program = core.programs.programs.create({ name: 'Weekly', weekday: 'wed', time: '15:00', durationMinutes: 45, timeZone: 'UTC', startDate: '2026-11-30', repIds: [pia.id, otto.id] });
    core.db.prepare('INSERT INTO program_coaches (program_id, rep_id) VALUES (?, ?)').run(program.id, cole.id);
    held(core, otto.id, '2026-11-20', '2026-11-20T12:00:00Z');
    const as = (id: string) => ({ caller: core.access.callerFor(id), guard: core.guard });
    // Otto leaves the program: Cole no longer coaches him.
    core.db.prepare('DELETE FROM program_reps WHERE rep_id = ?').run(otto.id);
    const team = await dispatch(core.handlers, 'progress:team', { detail: 'summary' }, as(cole.id));
    expect(team.ok && (team.value as TeamProgress)).toMatchObject({ repCount: 2, teams: ['North', 'West'] });
    const full = await dispatch(core.handlers, 'progress:team', {}, as(cole.id));
    expect(full.ok && (full.value as TeamProgress).reps.map((r) => r.id).sort()).toEqual([sam.id, pia.id].sort());
    expect(full.ok && (full.value as TeamProgress).cadence.byTeam.map((t) => t.team)).not.toContain('South');
    const cell = await dispatch(core.handlers, 'progress:cell', { focusAreaId: 'discovery', repId: otto.id }, as(cole.id));
    expect(cell).toEqual({ ok: true, value: [] });
    for (const channel of ['progress:team', 'progress:certified', 'progress:cell'] as const) {
      const input = channel === 'progress:cell' ? { focusAreaId: 'discovery', repId: sam.id } : {};
      const rep = await dispatch(core.handlers, channel, input, as(sam.id));
      expect(rep, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const stranger = await dispatch(core.handlers, channel, input, { caller: { kind: 'stranger' }, guard: core.guard });
      expect(stranger, channel).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
  });
});

describe('what happened, not what was marked', () => {
  /** A finished take of `seconds` in the session, as a recording that was kept. */
  function take(core: TestCore, sessionId: string, startedAt: string, seconds: number) {
    const id = `take-${sessionId}`;
    core.db
      .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at, duration_ms) VALUES (?, ?, 'microphone', 'ready', 'audio/webm', ?, ?)`)
      .run(id, sessionId, startedAt, seconds * 1000);
  }

  it('counts a session with a take as held on the arc, the cadence and the 46–179 band, though nobody marked it', async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const rep = core.people.create({ name: 'Aino', email: 'aino@example.com', hireDate: '2026-11-02', team: 'Nordics' });
    // Recorded on its day; its status was never changed (a desktop recorded it while its hub was away).
    const recorded = held(core, rep.id, '2026-11-18', '2026-11-18T12:00:00Z', 'done');
    core.db.prepare(`UPDATE sessions SET status = 'scheduled' WHERE id = ?`).run(recorded.id);
    take(core, recorded.id, '2026-11-18T12:01:00Z', 600);
    // A device check of ten seconds is not practice.
    const tried = held(core, rep.id, '2026-11-25', '2026-11-25T12:00:00Z', 'done');
    core.db.prepare(`UPDATE sessions SET status = 'scheduled' WHERE id = ?`).run(tried.id);
    take(core, tried.id, '2026-11-25T12:01:00Z', 10);

    const arc = await call(core, 'progress:rep', { repId: rep.id });
    expect(arc.weeks.find((w) => w.weekStart === '2026-11-16')).toMatchObject({ held: 1, recordings: 1 });
    expect(arc.weeks.find((w) => w.weekStart === '2026-11-23')).toMatchObject({ held: 0 });
    const team = await call(core, 'progress:team', {});
    expect(team.cadence.byTeam).toEqual([
      {
        team: 'Nordics',
        weeks: [
          { weekStart: '2026-11-16', planned: 1, held: 1, share: 1 },
          { weekStart: '2026-11-23', planned: 1, held: 0, share: 0 },
        ],
      },
    ]);
    // Days 0–45 so far: one held session in 26 days.
    expect(team.gap.reps).toEqual([{ repId: rep.id, hireDate: '2026-11-02', earlyPerWeek: round((1 / 26) * 7), bandPerWeek: null }]);
  });

  it("lists as slipping only focus areas scheduled for the person and overdue, and only people in a program; 'coached nobody' too", async () => {
    const core = testCore('2026-11-27T09:00:00Z');
    const sam = core.people.create({ name: 'Sam', email: 'sam@example.com' });
    const bea = core.people.create({ name: 'Bea', email: 'bea@example.com' });
    const outside = core.people.create({ name: 'Otto', email: 'otto@example.com' });
    // The program lists three areas; only discovery and demo came due for Sam.
    await program(core, [sam.id, bea.id], ['discovery', 'demo', 'personas']);
    held(core, sam.id, '2026-09-02', '2026-09-02T12:00:00Z', 'done', 'discovery');
    held(core, sam.id, '2026-11-25', '2026-11-25T12:00:00Z', 'done', 'demo');
    held(core, bea.id, '2026-11-25', '2026-11-25T12:00:00Z', 'done', 'discovery');
    // Otto, in no program, missed two ad-hoc role-plays: nothing was asked of him by a program.
    held(core, outside.id, '2026-11-18', '2026-11-18T12:00:00Z', 'missed');
    held(core, outside.id, '2026-11-25', '2026-11-25T12:00:00Z', 'missed');

    const team = await call(core, 'progress:team', {});
    expect(team.slipping).toEqual([{ repId: sam.id, reasons: [{ kind: 'idle', focusAreaId: 'discovery', lastPractised: '2026-09-02', weeks: 8 }] }]);
    expect(team.circles.coachedNobody.sort()).toEqual([sam.id, bea.id].sort());
  });
});
