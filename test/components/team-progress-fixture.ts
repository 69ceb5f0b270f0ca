import type { TeamProgress } from '../../src/shared/progress';

/** A team view with nothing in it but what a test gives: every section empty, as the core answers for a new team. */
export function teamProgress(parts: Partial<TeamProgress> = {}): TeamProgress {
  return {
    asOf: '2026-11-30',
    reps: [],
    heatmap: [],
    cadence: { byTeam: [], byProgram: [], missedTwoInARow: [] },
    slipping: [],
    gap: { reps: [], medianEarlyPerWeek: null, medianBandPerWeek: null },
    circles: { pairs: [], pairCount: 0, mix: { seniorNew: 0, seniorSenior: 0, newNew: 0, newSenior: 0 }, coachedNobody: [] },
    cohorts: { minSize: 5, byHireQuarter: [], byAssessment: [], byLearningPreference: [], hidden: 0 },
    linking: [],
    ...parts,
  };
}

export const aino = { id: 'r1', name: 'Aino Virtanen', email: 'aino@example.com', team: 'Nordics', hireDate: '2026-08-01' };
