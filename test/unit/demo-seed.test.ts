import { describe, expect, it } from 'vitest';
import { seedDemoRecordings } from '../../src/core/demo/demo-recordings';
import { seedDemo } from '../../src/core/demo/demo-seed';
import { testCore } from '../support/core';
import { call } from './scorecards-support';

describe('the demo team', () => {
  it('fills an empty data folder with data every progress view can show', async () => {
    const core = testCore('2026-11-30T09:00:00Z');
    const report = seedDemo(core.db, () => new Date('2026-11-30T09:00:00Z'), { reps: 12, weeks: 26 });
    expect(report).toMatchObject({ reps: 14 });
    expect(report.scorecards).toBeGreaterThan(100);
    expect(report.opportunities).toBeGreaterThan(100);
    const team = await call(core, 'progress:team', {});
    expect(team.reps).toHaveLength(14);
    expect(team.heatmap.map((h) => h.focusAreaId).sort()).toEqual(['demo', 'discovery', 'objection-handling', 'personas']);
    expect(team.cadence.byTeam.map((t) => t.team)).toEqual(['DACH', 'Nordics']);
    // The gap the demo is made to show: less practice in days 46–179 than in days 0–45.
    expect(team.gap.medianBandPerWeek!).toBeLessThan(team.gap.medianEarlyPerWeek!);
    const slipping = team.reps.find((r) => r.hireDate === '2026-07-23')!;
    expect(team.slipping.find((s) => s.repId === slipping.id)?.reasons.map((r) => r.kind)).toContain('trend');
    for (const rep of team.reps) {
      const arc = await call(core, 'progress:rep', { repId: rep.id });
      expect(arc.weeks.length).toBeGreaterThan(0);
    }
    const arc = await call(core, 'progress:rep', { repId: slipping.id });
    expect(arc.outcomes.byPeriod.length).toBeGreaterThan(0);
    expect(arc.coachingNotes.length).toBeGreaterThan(0);
  });

  it('numbers its weeks as the schedule does, so planning goes on with this week and not the one after', async () => {
    // A Monday: the demo's last role-plays were last Wednesday, the next is this Wednesday.
    const core = testCore('2026-11-30T09:00:00Z');
    seedDemo(core.db, () => new Date('2026-11-30T09:00:00Z'), { reps: 6, weeks: 26 });
    const [program] = await call(core, 'programs:list', {});
    const held = await call(core, 'schedule:list', { programId: program!.id, from: '2026-01-01T00:00:00Z', to: '2026-11-30T09:00:00Z', includeCancelled: true });
    const last = held.reduce((a, b) => (b.localDate > a.localDate ? b : a));
    expect(last.localDate).toBe('2026-11-25');
    const next = await call(core, 'schedule:generate', { programId: program!.id, weeks: 1 });
    expect(next.created).toBeGreaterThan(0);
    expect(new Set(next.sessions.map((s) => s.localDate))).toEqual(new Set(['2026-12-02']));
    expect(next.sessions[0]!.weekIndex).toBe(last.weekIndex + 1);
  });

  it('records short role-plays with a marked moment for the latest sessions (real ffmpeg)', { timeout: 60_000 }, async () => {
    const core = testCore('2026-11-30T09:00:00Z');
    seedDemo(core.db, () => new Date('2026-11-30T09:00:00Z'), { reps: 4, weeks: 3 });
    expect(await seedDemoRecordings(core.db, core, 2)).toBe(2);
    const recordings = await call(core, 'recordings:list', {});
    expect(recordings.map((r) => r.status)).toEqual(['ready', 'ready']);
    const first = await call(core, 'recordings:get', { id: recordings[0]!.id });
    expect(first.durationMs).toBeGreaterThan(1500);
    expect(first.markers).toHaveLength(1);
    // Great moments: the question and the answer of each take, tagged with discovery's criteria.
    const moments = await call(core, 'clips:list', { limit: 50, offset: 0 });
    expect(moments.total).toBe(4);
    const discovery = new Set((await call(core, 'rubric-templates:list', { focusAreaId: 'discovery' })).find((t) => t.isDefault)!.criteria.map((c) => c.key));
    for (const clip of moments.rows) {
      const take = recordings.find((r) => r.id === clip.recordingId)!;
      expect(clip.startMs).toBeGreaterThanOrEqual(0);
      expect(clip.endMs).toBeGreaterThan(clip.startMs);
      expect(clip.endMs).toBeLessThanOrEqual(take.durationMs!);
      expect(clip.title.length).toBeGreaterThan(10);
      expect(clip.focusAreaId).toBe('discovery');
      expect(clip.criteria.length).toBeGreaterThan(0);
      for (const key of clip.criteria) expect(discovery).toContain(key);
      expect(clip.createdByName).toBeTruthy();
    }
  });

  it('refuses a data folder that already has a team', () => {
    const core = testCore();
    core.people.create({ name: 'Real', email: 'real@example.com' });
    expect(() => seedDemo(core.db, () => new Date(), { reps: 4, weeks: 4 })).toThrow(/already has a team/);
  });
});
