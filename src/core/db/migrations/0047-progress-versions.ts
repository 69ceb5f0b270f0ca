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
  `,
};
