import type { CertificationPattern, QuotaAttainment, RepArc, TeamProgress } from '../../../../shared/progress';
import { useLayoutEffect } from 'react';
import { useApi } from '../../api/api-context';
import { useApiQuery, usePrefetch, type Query, type QuerySpec } from '../../api/use-api-query';
import type { Me } from '../hub/access-gate';

const refreshOn = ['sessions:changed', 'scorecards:changed', 'people:changed', 'outcomes:changed'] as const;

/** A rep's arc, for the person page to ask for while it still waits for the person. */
export const arcQuery = (repId: string): QuerySpec<RepArc> => ({ key: `arc:${repId}`, load: (api) => api.invoke('progress:rep', { repId }) });

export function useRepArc(repId: string): Query<RepArc> {
  const spec = arcQuery(repId);
  return useApiQuery(spec.key, spec.load, refreshOn);
}

export interface TeamQuery {
  team?: string;
  heatmap: 'latest' | 'mean';
  windowWeeks: number;
  minCohort: number;
}

/** What the team view shows first. */
export const initialTeamQuery: TeamQuery = { heatmap: 'latest', windowWeeks: 12, minCohort: 5 };

/** A rep signed in to a hub sees their own arc: the core would refuse them the team view (a coach's shows the people they coach). */
export function seesTeamView(me: Me): boolean {
  return !(me.kind === 'person' && me.repId && me.role !== 'admin' && me.role !== 'manager' && me.role !== 'coach');
}

/** Heatmaps asked for before the page that shows them has loaded, by their query. */
const early = new Map<string, Promise<TeamProgress>>();

const heatmapOnly = (query: TeamQuery) => ({ ...query, detail: 'summary', sections: 'heatmap' }) as const;

/**
 * Asks for the heatmap while the Progress page's code (it carries the charting library) is
 * still arriving and starting, rather than after: the two used to come one after the other.
 * An answer nobody took is dropped when the page goes away, so it never shows stale data later.
 */
export function usePrefetchTeamProgress(enabled: boolean): void {
  const api = useApi();
  // Before the page's own effects: once its code is loaded (a second visit) the page mounts in the
  // same commit, and its query, run first, asked for the team view a second time.
  useLayoutEffect(() => {
    if (!enabled) return undefined;
    const key = JSON.stringify(initialTeamQuery);
    const promise = api.invoke('progress:team', heatmapOnly(initialTeamQuery));
    // The page's own query reports a failure; this copy only keeps it from going unhandled.
    promise.catch(() => undefined);
    early.set(key, promise);
    return () => {
      if (early.get(key) === promise) early.delete(key);
    };
  }, [api, enabled]);
  // The sections under the heatmap ask for theirs right after, not once the team view has come
  // and drawn them: on a roster of 20,000 that was a second round trip before the page was whole.
  usePrefetch(enabled ? [certifiedQuery(undefined), quotasQuery(undefined, undefined)] : []);
}

/**
 * What the top of the team view draws first: the heatmap, the number of reps and their teams (the
 * rest of the answer empty). For a roster of thousands the rest is most of the core's work.
 */
export function useTeamHeatmap(query: TeamQuery): Query<TeamProgress> {
  const key = JSON.stringify(query);
  return useApiQuery(
    key,
    (api) => {
      const asked = early.get(key);
      early.delete(key);
      return asked ?? api.invoke('progress:team', heatmapOnly(query));
    },
    refreshOn,
  );
}

/**
 * The whole team view, for the parts under the heatmap; asked by them once the heatmap is there,
 * and after the other calls of that moment have gone out: the core answers one call at a time, and
 * a call asked behind this one (who "me" is, the hub's state) would wait for all of it.
 */
export function useWholeTeam(query: TeamQuery): Query<TeamProgress> {
  return useApiQuery(
    `all:${JSON.stringify(query)}`,
    (api) => new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => api.invoke('progress:team', { ...query, detail: 'summary', sections: 'all' })),
    refreshOn,
  );
}

export type CellScorecards = NonNullable<TeamProgress['heatmap'][number]['rows'][number]['scorecards']>;

/**
 * The scorecards behind a heatmap cell, asked when it is picked: the team view leaves them out
 * (a list per rep and area was a quarter of its answer for a team of hundreds).
 */
export function useCellScorecards(query: TeamQuery, focusAreaId: string, repId: string): Query<CellScorecards> {
  const input = { ...query, focusAreaId, repId };
  return useApiQuery(`cell:${JSON.stringify(input)}`, (api) => api.invoke('progress:cell', input), refreshOn);
}

const certifiedQuery = (team: string | undefined): QuerySpec<CertificationPattern[]> => ({
  key: `certified:${team ?? ''}`,
  load: (api) => api.invoke('progress:certified', team === undefined ? {} : { team }),
});

export function useCertifiedProgress(team: string | undefined): Query<CertificationPattern[]> {
  const spec = certifiedQuery(team);
  return useApiQuery(spec.key, spec.load, [...refreshOn, 'certifications:changed']);
}

const quotasQuery = (team: string | undefined, period: string | undefined): QuerySpec<QuotaAttainment> => ({
  key: `quotas:${team ?? ''}:${period ?? ''}`,
  load: (api) => api.invoke('progress:quotas', { ...(team === undefined ? {} : { team }), ...(period ? { period } : {}) }),
});

/** Won against quota per rep in one quarter (the latest with quotas unless one is picked). */
export function useQuotaAttainment(team: string | undefined, period: string | undefined): Query<QuotaAttainment> {
  const spec = quotasQuery(team, period);
  return useApiQuery(spec.key, spec.load, refreshOn);
}

/** The week (by its Monday) a date falls in: the last week that starts on or before it. */
/**
 * The week (its start) that holds `date`, or null when the weeks do not reach it. With `clamp`, a
 * date after the last week is put on the last week (the end of a band that runs on past the chart);
 * without it such a date is not on the chart, so a mark that is still to come is not drawn as today.
 */
export function weekOf(weeks: readonly { weekStart: string }[], date: string, options: { clamp?: boolean } = {}): string | null {
  let found: string | null = null;
  for (const w of weeks) if (w.weekStart <= date) found = w.weekStart;
  if (found !== null && !options.clamp && found === weeks[weeks.length - 1]?.weekStart) {
    const end = new Date(`${found}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 7);
    if (date >= end.toISOString().slice(0, 10)) return null;
  }
  return found;
}

export const round1 = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 10) / 10);
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 100));
