import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/demo/demo-seed';
import { testCore } from '../support/core';
import { call } from './scorecards-support';
import { referenceCells, shownCells } from '../support/progress-cells';

const now = '2026-11-30T09:00:00Z';

describe("team Progress's latest scores against a straightforward reading", () => {
  it('gives the same cells on a seeded team with self-reviews, ties on a day and criteria left blank', async () => {
    const core = testCore(now);
    seedDemo(core.db, () => new Date(now), { reps: 12, weeks: 10, dense: true });
    const db = core.db;
    expect(db.prepare("SELECT count(*) FROM scorecards WHERE role = 'self' AND status = 'submitted'").pluck().get()).toBeGreaterThan(0);
    // Ties: a rep's two latest scored sessions of an area put on the same day, for every rep.
    const latestTwo = db.prepare(
      `SELECT s.id, COALESCE(s.local_date, substr(s.starts_at, 1, 10)) AS date FROM sessions s
       WHERE EXISTS (SELECT 1 FROM scorecards sc WHERE sc.session_id = s.id AND sc.reviewee_id = ? AND sc.role <> 'self' AND sc.status = 'submitted')
         AND s.focus_area_id = ? ORDER BY date DESC LIMIT 2`,
    );
    const pairs = db.prepare("SELECT DISTINCT sc.reviewee_id AS rep, s.focus_area_id AS area FROM scorecards sc JOIN sessions s ON s.id = sc.session_id WHERE sc.role <> 'self'").all() as { rep: string; area: string }[];
    let ties = 0;
    for (const { rep, area } of pairs) {
      const [newest, before] = latestTwo.all(rep, area) as { id: string; date: string }[];
      if (!newest || !before) continue;
      db.prepare('UPDATE sessions SET local_date = ? WHERE id = ?').run(newest.date, before.id);
      ties++;
    }
    expect(ties).toBeGreaterThan(5);
    // Criteria left blank on the newest scorecards, so their cells come from an older day.
    const blanked = db
      .prepare(
        `UPDATE scorecard_scores SET score = NULL WHERE rowid IN (
           SELECT ss.rowid FROM scorecard_scores ss JOIN scorecards sc ON sc.id = ss.scorecard_id JOIN rubric_criteria rc ON rc.id = ss.criterion_id
           WHERE rc.position = 0 AND sc.role <> 'self' AND ss.score IS NOT NULL AND sc.session_id IN (
             SELECT id FROM sessions ORDER BY COALESCE(local_date, substr(starts_at, 1, 10)) DESC LIMIT 10))`,
      )
      .run().changes;
    expect(blanked).toBeGreaterThan(0);

    const team = await call(core, 'progress:team', { heatmap: 'latest', detail: 'full' });
    const shown = shownCells(team);
    const expected = referenceCells(core.db, 'latest');
    expect(Object.keys(expected).length).toBeGreaterThan(50);
    expect(Object.values(expected).some((c) => c.n > 1)).toBe(true);
    expect(Object.fromEntries(Object.entries(shown).sort())).toEqual(Object.fromEntries(Object.entries(expected).sort()));
  });
});
