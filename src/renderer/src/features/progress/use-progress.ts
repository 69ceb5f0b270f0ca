import type { CertificationPattern, RepArc, TeamProgress } from '../../../../shared/progress';
import { useApiQuery, type Query } from '../../api/use-api-query';

const refreshOn = ['sessions:changed', 'scorecards:changed', 'people:changed', 'outcomes:changed'] as const;

export function useRepArc(repId: string): Query<RepArc> {
  return useApiQuery(`arc:${repId}`, (api) => api.invoke('progress:rep', { repId }), refreshOn);
}

export interface TeamQuery {
  team?: string;
  heatmap: 'latest' | 'mean';
  windowWeeks: number;
  minCohort: number;
}

export function useTeamProgress(query: TeamQuery): Query<TeamProgress> {
  return useApiQuery(JSON.stringify(query), (api) => api.invoke('progress:team', query), refreshOn);
}

export function useCertifiedProgress(team: string | undefined): Query<CertificationPattern[]> {
  return useApiQuery(`certified:${team ?? ''}`, (api) => api.invoke('progress:certified', team === undefined ? {} : { team }), [...refreshOn, 'certifications:changed']);
}

/** The week (by its Monday) a date falls in: the last week that starts on or before it. */
export function weekOf(weeks: readonly { weekStart: string }[], date: string): string | null {
  let found: string | null = null;
  for (const w of weeks) if (w.weekStart <= date) found = w.weekStart;
  return found;
}

export const round1 = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 10) / 10);
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 100));
