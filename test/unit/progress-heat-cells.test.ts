import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/demo/demo-seed';
import { migrations } from '../../src/core/db/migrations';
import { migrate } from '../../src/core/db/open-database';
import type { TeamProgress } from '../../src/shared/progress';
import { testCore } from '../support/core';
import { call } from './scorecards-support';

const now = '2026-11-30T09:00:00Z';

/**
 * Every peer and coach score of the last day its criterion was scored, per rep and focus area, read
 * plainly from `counted_scorecards` (no summary table), in the order the heatmap was built from
 * before the cells were kept: area position, newest day, scorecard id, criterion position.
 */
const plainLatest = `
  WITH given AS (
    SELECT sc.id AS scorecardId, sc.role, sc.reviewee_id AS repId, s.focus_area_id AS focusAreaId, fa.name AS focusAreaName, fa.position,
           rc.id AS criterionId, rc.key, rc.name, rc.position AS criterionPosition, ss.score,
           COALESCE(s.local_date, substr(s.starts_at, 1, 10), substr(sc.submitted_at, 1, 10)) AS date
    FROM counted_scorecards sc
    JOIN sessions s ON s.id = sc.session_id
    JOIN focus_areas fa ON fa.id = s.focus_area_id
    JOIN scorecard_scores ss ON ss.scorecard_id = sc.id
    JOIN rubric_criteria rc ON rc.id = ss.criterion_id
    WHERE sc.status = 'submitted' AND sc.role <> 'self' AND ss.score IS NOT NULL)
  SELECT * FROM given g WHERE date = (SELECT max(date) FROM given l WHERE l.repId = g.repId AND l.focusAreaId = g.focusAreaId AND l.key = g.key)
  ORDER BY position, date DESC, scorecardId, criterionPosition`;

type Plain = { scorecardId: string; role: 'peer' | 'coach'; repId: string; focusAreaId: string; focusAreaName: string; criterionId: string; key: string; name: string; score: number; date: string };

/** The 'latest' heatmap as team Progress built it from every latest score, before 0044 kept its cells. */
function referenceHeatmap(db: BetterSqlite3.Database): TeamProgress['heatmap'] {
  const rows = db.prepare(plainLatest).all() as Plain[];
  const areas = new Map<string, { name: string; criteria: Map<string, string>; cells: Map<string, Map<string, number[]>>; cards: Map<string, Map<string, { id: string; date: string; role: 'peer' | 'coach' }>> }>();
  for (const row of rows) {
    let area = areas.get(row.focusAreaId);
    if (!area) areas.set(row.focusAreaId, (area = { name: row.focusAreaName, criteria: new Map(), cells: new Map(), cards: new Map() }));
    if (!area.criteria.has(row.key)) area.criteria.set(row.key, row.name);
    let cells = area.cells.get(row.repId);
    if (!cells) area.cells.set(row.repId, (cells = new Map()));
    cells.set(row.key, [...(cells.get(row.key) ?? []), row.score]);
    let cards = area.cards.get(row.repId);
    if (!cards) area.cards.set(row.repId, (cards = new Map()));
    if (cards.size < 20) cards.set(row.scorecardId, { id: row.scorecardId, date: row.date, role: row.role });
  }
  const round = (v: number) => Math.round(v * 100) / 100;
  return [...areas.entries()].map(([focusAreaId, area]) => ({
    focusAreaId,
    focusAreaName: area.name,
    criteria: [...area.criteria.entries()].map(([key, name]) => ({ key, name })),
    rows: [...area.cells.entries()].map(([repId, cells]) => ({
      repId,
      cells: [...area.criteria.keys()].map((key) => {
        const scores = cells.get(key);
        return { key, mean: scores ? round(scores.reduce((a, b) => a + b, 0) / scores.length) : null, n: scores?.length ?? 0 };
      }),
      scorecards: [...area.cards.get(repId)!.values()],
    })),
  }));
}

/** What `progress_heat_cells` should hold, from the plain reading: per cell its day, count, sum and first score. */
function referenceCells(db: BetterSqlite3.Database): unknown[] {
  const cells = new Map<string, { rep_id: string; focus_area_id: string; key: string; date: string; n: number; total: number; scorecard_id: string; criterion_id: string }>();
  for (const row of db.prepare(plainLatest).all() as Plain[]) {
    const id = `${row.repId}|${row.focusAreaId}|${row.key}`;
    const cell = cells.get(id);
    if (cell) {
      cell.n++;
      cell.total += row.score;
    } else
      cells.set(id, { rep_id: row.repId, focus_area_id: row.focusAreaId, key: row.key, date: row.date, n: 1, total: row.score, scorecard_id: row.scorecardId, criterion_id: row.criterionId });
  }
  return [...cells.values()].sort((a, b) => (a.rep_id + a.focus_area_id + a.key < b.rep_id + b.focus_area_id + b.key ? -1 : 1));
}
const keptCells = (db: BetterSqlite3.Database) =>
  (db.prepare('SELECT rep_id, focus_area_id, key, date, n, total, scorecard_id, criterion_id FROM progress_heat_cells').all() as { rep_id: string; focus_area_id: string; key: string }[]).sort(
    (a, b) => (a.rep_id + a.focus_area_id + a.key < b.rep_id + b.focus_area_id + b.key ? -1 : 1),
  );

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("team Progress's kept heatmap cells against the reading they replace", () => {
  it('give the same heatmap, names, order and scorecards as every latest score did, through submits, edits, withdrawals, deletions and self-reviews', async () => {
    const core = testCore(now);
    seedDemo(core.db, () => new Date(now), { reps: 10, weeks: 10, dense: true });
    const db = core.db;
    const next = random(44);
    const pick = (sql: string): string | number | null => {
      const all = db.prepare(`${sql} ORDER BY 1`).pluck().all() as (string | number)[];
      return all.length ? all[Math.floor(next() * all.length)]! : null;
    };
    let made = 0;
    /** A new submitted card with scores for a session's seller, by one of its other people (or the seller: a self-review). */
    const submit = (role: 'peer' | 'coach' | 'self') => {
      // A reviewer gives one card per session: a self-review where the seller has none yet, another's card by someone who has none there.
      const session = pick(
        role === 'self'
          ? "SELECT DISTINCT p.session_id FROM scorecards p WHERE p.role = 'peer' AND NOT EXISTS (SELECT 1 FROM scorecards q WHERE q.session_id = p.session_id AND q.reviewer_id = p.reviewee_id)"
          : "SELECT DISTINCT session_id FROM scorecards WHERE role = 'peer'",
      );
      if (session === null) return false;
      const template = db.prepare("SELECT * FROM scorecards WHERE session_id = ? AND role = 'peer'").get(session) as Record<string, unknown>;
      const reviewer =
        role === 'self' ? template.reviewee_id : pick(`SELECT id FROM reps WHERE id <> '${String(template.reviewee_id)}' AND id NOT IN (SELECT reviewer_id FROM scorecards WHERE session_id = '${session}')`);
      if (reviewer === null) return false;
      const id = `card-${++made}`;
      const card: Record<string, unknown> = { ...template, id, role, reviewer_id: reviewer };
      const cols = Object.keys(card);
      db.transaction(() => {
        db.prepare(`INSERT INTO scorecards (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => card[c]));
        for (const { criterion_id } of db.prepare('SELECT criterion_id FROM scorecard_scores WHERE scorecard_id = ?').all(template.id) as { criterion_id: string }[])
          db.prepare('INSERT INTO scorecard_scores (scorecard_id, criterion_id, score) VALUES (?, ?, ?)').run(id, criterion_id, next() < 0.15 ? null : 1 + Math.floor(next() * 5));
      })();
      return true;
    };
    const done: Record<string, number> = {};
    const edits: [string, () => boolean][] = [
      ['peer card submitted', () => submit('peer')],
      ['coach card submitted', () => submit('coach')],
      ['self-review submitted', () => submit('self')],
      ['score changed or blanked', () => db.prepare('UPDATE scorecard_scores SET score = ? WHERE rowid = ?').run(next() < 0.25 ? null : 1 + Math.floor(next() * 5), pick('SELECT rowid FROM scorecard_scores')).changes > 0],
      ['self-review rescored', () => db.prepare('UPDATE scorecard_scores SET score = ? WHERE rowid = ?').run(1 + Math.floor(next() * 5), pick("SELECT ss.rowid FROM scorecard_scores ss JOIN scorecards sc ON sc.id = ss.scorecard_id WHERE sc.role = 'self'")).changes > 0],
      ['score removed', () => db.prepare('DELETE FROM scorecard_scores WHERE rowid = ?').run(pick('SELECT rowid FROM scorecard_scores')).changes > 0],
      ['card deleted', () => db.prepare('DELETE FROM scorecards WHERE id = ?').run(pick("SELECT id FROM scorecards WHERE role <> 'self'")).changes > 0],
      ['self-review deleted', () => db.prepare('DELETE FROM scorecards WHERE id = ?').run(pick("SELECT id FROM scorecards WHERE role = 'self'")).changes > 0],
      ['card withdrawn for revision', () => db.prepare("UPDATE scorecards SET status = 'revising' WHERE id = ?").run(pick("SELECT id FROM scorecards WHERE status = 'submitted'")).changes > 0],
      [
        'card resubmitted',
        () => db.prepare("UPDATE scorecards SET status = 'submitted', revision = revision + 1, submitted_at = ? WHERE id = ?").run(now, pick("SELECT id FROM scorecards WHERE status = 'revising'")).changes > 0,
      ],
      [
        // Often onto a day another scored session has, so cells hold scores of two cards of one day.
        'session moved to another scored day',
        () => db.prepare('UPDATE sessions SET local_date = ? WHERE id = ?').run(pick('SELECT DISTINCT local_date FROM sessions WHERE id IN (SELECT session_id FROM scorecards)'), pick('SELECT DISTINCT session_id FROM scorecards')).changes > 0,
      ],
      ['person left a session', () => db.prepare("DELETE FROM session_participants WHERE session_id || '|' || rep_id = ?").run(pick("SELECT session_id || '|' || rep_id FROM session_participants WHERE role <> 'seller'")).changes > 0],
    ];
    const options = { heatmap: 'latest', windowWeeks: 12, detail: 'full' } as const;
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 12; i++) {
        const [name, edit] = edits[Math.floor(next() * edits.length)]!;
        if (edit()) done[name] = (done[name] ?? 0) + 1;
      }
      const expected = referenceCells(db);
      expect(expected.length).toBeGreaterThan(50);
      expect(keptCells(db), `round ${round}`).toEqual(expected);
      const reference = referenceHeatmap(db);
      const team = await call(core, 'progress:team', options);
      expect(team.heatmap, `round ${round}`).toEqual(reference);
      // A cell's scorecards, asked on their own of a summary, are the ones the full view gives.
      await call(core, 'progress:team', { ...options, detail: 'summary' });
      const area = reference[round % reference.length]!;
      const row = area.rows[Math.floor(next() * area.rows.length)]!;
      expect(await call(core, 'progress:cell', { ...options, focusAreaId: area.focusAreaId, repId: row.repId })).toEqual(row.scorecards);
    }
    expect(Object.keys(done).sort()).toEqual(edits.map(([name]) => name).sort());
    // Some cell holds two scores of one day, and some area's rows come from more than one day.
    expect(referenceHeatmap(db).some((a) => a.rows.some((r) => r.cells.some((c) => c.n > 1)))).toBe(true);
  }, 120_000);

  it('stay the sum of their rows when single scores are dropped or a score of another day is added', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    seedDemo(db, () => new Date(now), { reps: 8, weeks: 6, dense: true });
    // Straight from the rows: per cell the latest day, count, sum and first score (by scorecard id, then criterion position).
    const fromRows = () =>
      db
        .prepare(
          `SELECT pl.rep_id, pl.focus_area_id, pl.key, max(pl.date) AS date, count(*) AS n, sum(pl.score) AS total,
                  (SELECT f.scorecard_id || '|' || f.criterion_id FROM progress_latest f JOIN rubric_criteria fc ON fc.id = f.criterion_id
                   WHERE f.rep_id = pl.rep_id AND f.focus_area_id = pl.focus_area_id AND f.key = pl.key ORDER BY f.scorecard_id, fc.position LIMIT 1) AS first
           FROM progress_latest pl GROUP BY pl.rep_id, pl.focus_area_id, pl.key ORDER BY 1, 2, 3`,
        )
        .all();
    const kept = () =>
      db.prepare("SELECT rep_id, focus_area_id, key, date, n, total, scorecard_id || '|' || criterion_id AS first FROM progress_heat_cells ORDER BY 1, 2, 3").all();
    // The first score of cells holding two: dropped alone, so the next one becomes first.
    const firsts = db.prepare('SELECT scorecard_id, criterion_id FROM progress_heat_cells WHERE n > 1 LIMIT 5').all() as { scorecard_id: string; criterion_id: string }[];
    expect(firsts.length).toBeGreaterThan(0);
    for (const f of firsts) db.prepare('DELETE FROM progress_latest WHERE scorecard_id = ? AND criterion_id = ?').run(f.scorecard_id, f.criterion_id);
    expect(kept()).toEqual(fromRows());
    // A score of an older day added to a cell: the cell is summed again from its rows.
    const row = db.prepare('SELECT * FROM progress_latest LIMIT 1').get() as Record<string, unknown>;
    db.prepare('INSERT INTO progress_latest (rep_id, focus_area_id, key, scorecard_id, role, criterion_id, date, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      row.rep_id, row.focus_area_id, row.key, '0-older-card', row.role, row.criterion_id, '2020-01-01', 1,
    );
    expect(kept()).toEqual(fromRows());
    db.close();
  });

  it('are made for what was stored before the version that keeps them', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version < 44));
    seedDemo(db, () => new Date(now), { reps: 8, weeks: 6, dense: true });
    db.prepare("UPDATE scorecard_scores SET score = NULL WHERE rowid % 7 = 0").run();
    migrate(db, migrations);
    const expected = referenceCells(db);
    expect(expected.length).toBeGreaterThan(20);
    expect(keptCells(db)).toEqual(expected);
    db.close();
  });
});
