import type { Migration } from './types';

/**
 * Team Progress after a write still built its heatmap from every score `progress_latest` holds
 * (about 17,000 rows at 500 reps, four times that at 2,000), sorting them all to find each cell's
 * scores and the order the rows, criteria and areas are shown in. `progress_heat_cells` keeps each
 * cell already summed: per person, focus area and criterion key, the day of its latest scores, how
 * many there are and their sum, and the first of them in the heatmap's order (the lowest scorecard
 * id, then the lowest criterion position), whose criterion gives the key its shown name.
 *
 * A cell is made again from `progress_latest` whenever a row of it is added or dropped there (which
 * 0043 does inside the writing transaction, for the person and area a write touches), so a write
 * costs a few small reads of one person's area, and the view reads one row per cell.
 *
 * The view's other reads of a window (participations and scorecard means of the last weeks, each
 * person's latest means, the window's closed deals) get indexes that hold every column they read, in
 * the order they read it, so none of them looks up table rows or sorts; each replaces the index
 * that was its prefix.
 */
const refreshCell = (rep: string, area: string, key: string) => `
  DELETE FROM progress_heat_cells WHERE rep_id = ${rep} AND focus_area_id = ${area} AND key = ${key};
  ${cellRows(`pl.rep_id = ${rep} AND pl.focus_area_id = ${area} AND pl.key = ${key}`)}`;

const cellRows = (where: string) => `
  INSERT INTO progress_heat_cells (rep_id, focus_area_id, key, date, n, total, scorecard_id, criterion_id)
    SELECT pl.rep_id, pl.focus_area_id, pl.key, max(pl.date), count(*), sum(pl.score),
           (SELECT f.scorecard_id FROM progress_latest f JOIN rubric_criteria fc ON fc.id = f.criterion_id
            WHERE f.rep_id = pl.rep_id AND f.focus_area_id = pl.focus_area_id AND f.key = pl.key
            ORDER BY f.scorecard_id, fc.position LIMIT 1),
           (SELECT f.criterion_id FROM progress_latest f JOIN rubric_criteria fc ON fc.id = f.criterion_id
            WHERE f.rep_id = pl.rep_id AND f.focus_area_id = pl.focus_area_id AND f.key = pl.key
            ORDER BY f.scorecard_id, fc.position LIMIT 1)
    FROM progress_latest pl WHERE ${where}
    GROUP BY pl.rep_id, pl.focus_area_id, pl.key;`;

const cell = (row: string) => `rep_id = ${row}.rep_id AND focus_area_id = ${row}.focus_area_id AND key = ${row}.key`;
const position = (criterion: string) => `(SELECT position FROM rubric_criteria WHERE id = ${criterion})`;

/**
 * A score added to a cell: counted into it, and its first score if it comes before the one kept.
 * All of a cell's scores are of one day (0043 makes a person's area again whole, dropping its rows
 * before adding the new latest ones); should a score of another day come, the cell is made again
 * from its rows instead.
 */
const addScore = `
  INSERT INTO progress_heat_cells (rep_id, focus_area_id, key, date, n, total, scorecard_id, criterion_id)
    VALUES (new.rep_id, new.focus_area_id, new.key, new.date, 1, new.score, new.scorecard_id, new.criterion_id)
    ON CONFLICT (rep_id, focus_area_id, key) DO UPDATE SET
      n = n + 1,
      total = total + excluded.total,
      scorecard_id = CASE WHEN (excluded.scorecard_id, ${position('excluded.criterion_id')}) < (scorecard_id, ${position('criterion_id')}) THEN excluded.scorecard_id ELSE scorecard_id END,
      criterion_id = CASE WHEN (excluded.scorecard_id, ${position('excluded.criterion_id')}) < (scorecard_id, ${position('criterion_id')}) THEN excluded.criterion_id ELSE criterion_id END
    WHERE date IS excluded.date;
  DELETE FROM progress_heat_cells WHERE ${cell('new')} AND date IS NOT new.date;
  ${cellRows(`pl.rep_id = new.rep_id AND pl.focus_area_id = new.focus_area_id AND pl.key = new.key AND NOT EXISTS (SELECT 1 FROM progress_heat_cells WHERE ${cell('new')})`)}`;

/**
 * A score dropped from a cell: taken out of its count and sum, the cell dropped with its last score,
 * and its first score found again when that was the one dropped.
 */
const dropScore = `
  UPDATE progress_heat_cells SET n = n - 1, total = total - old.score WHERE ${cell('old')};
  DELETE FROM progress_heat_cells WHERE ${cell('old')} AND n = 0;
  ${refreshCell('old.rep_id', 'old.focus_area_id', 'old.key').replace('DELETE FROM progress_heat_cells WHERE', `DELETE FROM progress_heat_cells WHERE scorecard_id = old.scorecard_id AND criterion_id = old.criterion_id AND`).replace('GROUP BY', `AND NOT EXISTS (SELECT 1 FROM progress_heat_cells WHERE ${cell('old')}) GROUP BY`)}`;

export const migration0044: Migration = {
  version: 44,
  name: 'progress-heat-cells',
  up: `
    DROP INDEX progress_participations_day;
    CREATE INDEX progress_participations_window ON progress_participations(date, session_id, rep_id, role, status, program_id, focus_area_id, coach_id);
    DROP INDEX progress_cards_date;
    CREATE INDEX progress_cards_window ON progress_cards(date, scorecard_id, rep_id, reviewer_id, role, version_id, focus_area_id, mean);
    DROP INDEX progress_cards_rep_date;
    CREATE INDEX progress_cards_rep_means ON progress_cards(rep_id, date, scorecard_id, mean);
    CREATE INDEX opportunities_closed ON opportunities(closed, close_date, owner_email, won, amount);

    CREATE INDEX progress_latest_cell ON progress_latest(rep_id, focus_area_id, key, scorecard_id);

    CREATE TABLE progress_heat_cells (
      rep_id TEXT NOT NULL,
      focus_area_id TEXT NOT NULL,
      key TEXT NOT NULL,
      date TEXT,
      n INTEGER NOT NULL,
      total INTEGER NOT NULL,
      scorecard_id TEXT NOT NULL,
      criterion_id TEXT NOT NULL,
      PRIMARY KEY (rep_id, focus_area_id, key)
    ) STRICT;
    ${cellRows('1')}

    CREATE TRIGGER progress_heat_cells_insert AFTER INSERT ON progress_latest BEGIN
      ${addScore}
    END;
    CREATE TRIGGER progress_heat_cells_update AFTER UPDATE ON progress_latest BEGIN
      ${refreshCell('old.rep_id', 'old.focus_area_id', 'old.key')}
      ${refreshCell('new.rep_id', 'new.focus_area_id', 'new.key')}
    END;
    CREATE TRIGGER progress_heat_cells_delete AFTER DELETE ON progress_latest BEGIN
      ${dropScore}
    END;
  `,
};
