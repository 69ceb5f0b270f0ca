import type { Migration } from './types';

/**
 * Team Progress after any write read every part of the view again (the window's participations and
 * scorecard means, the heatmap's cells, each person's latest means and areas, the window's deals),
 * though a write touches one or two of them: a scorecard changes the means and the heatmap, not
 * the sessions or the deals; a deal import changes only the deals. `progress_versions` counts the
 * writes to each source the view reads, bumped by triggers inside the writing transaction (so any
 * connection, in this process or another, sees it with the data), and the view keeps each part
 * under the counters of the sources it was made from (see ProgressService). A part is made again
 * only when one of its sources was written since; everything else is reused.
 *
 * The parts and their sources:
 * - participations: `progress_participations` (0043 keeps it from sessions, their people and takes)
 * - cards: `progress_cards` (0042 keeps it from scorecards, their scores and sessions)
 * - heat: `progress_heat_cells` (0044) and the names and order of focus areas and criteria
 * - deals: `opportunities`
 * - reps: `reps` and `rep_profiles` (names, teams, hire dates, archiving, assessment, learning preference)
 * - programs: `programs` and `program_reps`
 *
 * `progress_rep_cards` counts the writes to each person's rows of `progress_cards`, so the parts
 * made of every person's scorecards (the window's means, each person's latest means) read again
 * only the people a write touched. A person with no row has a count of 0.
 */
const sources: Record<string, string[]> = {
  participations: ['progress_participations'],
  cards: ['progress_cards'],
  heat: ['progress_heat_cells', 'focus_areas', 'rubric_criteria'],
  deals: ['opportunities'],
  reps: ['reps', 'rep_profiles'],
  programs: ['programs', 'program_reps'],
};

const triggers = Object.entries(sources)
  .flatMap(([part, tables]) =>
    tables.flatMap((table) =>
      ['INSERT', 'UPDATE', 'DELETE'].map(
        (event) => `
    CREATE TRIGGER progress_versions_${table}_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN
      UPDATE progress_versions SET version = version + 1 WHERE part = '${part}';
    END;`,
      ),
    ),
  )
  .join('');

const bumpRep = (rep: string) =>
  `INSERT INTO progress_rep_cards (rep_id, version) VALUES (${rep}, 1) ON CONFLICT (rep_id) DO UPDATE SET version = version + 1;`;

export const migration0047: Migration = {
  version: 47,
  name: 'progress-versions',
  up: `
    CREATE TABLE progress_versions (
      part TEXT PRIMARY KEY,
      version INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    INSERT INTO progress_versions (part, version) VALUES ${Object.keys(sources)
      .map((part) => `('${part}', 0)`)
      .join(', ')};
    ${triggers}

    CREATE TABLE progress_rep_cards (
      rep_id TEXT PRIMARY KEY,
      version INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;
    CREATE TRIGGER progress_rep_cards_insert AFTER INSERT ON progress_cards BEGIN
      ${bumpRep('new.rep_id')}
    END;
    CREATE TRIGGER progress_rep_cards_update AFTER UPDATE ON progress_cards BEGIN
      ${bumpRep('old.rep_id')}
      ${bumpRep('new.rep_id')}
    END;
    CREATE TRIGGER progress_rep_cards_delete AFTER DELETE ON progress_cards BEGIN
      ${bumpRep('old.rep_id')}
    END;
  `,
};
