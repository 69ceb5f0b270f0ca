import type { Database } from 'better-sqlite3';
import type { TeamProgress } from '../../src/shared/progress';

/** Heatmap cells by `area/rep/criterion key`: the mean (to two decimals) and how many scores. */
export type Cells = Record<string, { mean: number; n: number }>;

/**
 * Every heatmap cell asked of the straightforward reading over `counted_scorecards` (no self-review,
 * nothing about a person on a session they have not confirmed, only submitted cards and given
 * scores): the scores of the last day a criterion was scored ('latest'), or every score since
 * `windowStart` ('mean'), averaged per focus area, rep and criterion.
 */
export function referenceCells(db: Database, mode: 'latest' | 'mean', windowStart = ''): Cells {
  const rows = db
    .prepare(
      `WITH given AS (
         SELECT sc.reviewee_id AS rep, s.focus_area_id AS area, rc.key, ss.score,
                COALESCE(s.local_date, substr(s.starts_at, 1, 10), substr(sc.submitted_at, 1, 10)) AS date
         FROM counted_scorecards sc
         JOIN sessions s ON s.id = sc.session_id
         JOIN scorecard_scores ss ON ss.scorecard_id = sc.id
         JOIN rubric_criteria rc ON rc.id = ss.criterion_id
         WHERE sc.status = 'submitted' AND sc.role <> 'self' AND ss.score IS NOT NULL)
       SELECT area, rep, key, avg(score) AS mean, count(*) AS n FROM given g
       WHERE ${mode === 'latest' ? 'date = (SELECT max(date) FROM given l WHERE l.rep = g.rep AND l.area = g.area AND l.key = g.key)' : 'date >= @windowStart'}
       GROUP BY area, rep, key`,
    )
    .all({ ...(mode === 'mean' ? { windowStart } : {}) }) as { area: string; rep: string; key: string; mean: number; n: number }[];
  return Object.fromEntries(rows.map((r) => [`${r.area}/${r.rep}/${r.key}`, { mean: Math.round(r.mean * 100) / 100, n: r.n }]));
}

/** The cells team Progress shows (those with a score), keyed as `referenceCells` keys them. */
export function shownCells(team: TeamProgress): Cells {
  const cells: Cells = {};
  for (const area of team.heatmap)
    for (const row of area.rows) for (const cell of row.cells) if (cell.n > 0) cells[`${area.focusAreaId}/${row.repId}/${cell.key}`] = { mean: cell.mean!, n: cell.n };
  return cells;
}
