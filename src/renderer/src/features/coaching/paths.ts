import { navigate } from '../../app/routes';

/** The Coaching area keeps its views in the query (`#/coaching?scorecard=ID`), so the shell's area route serves them all. */
export type CoachingTab = 'write' | 'about' | 'notes' | 'templates' | 'calibration';
export const coachingTabs: readonly CoachingTab[] = ['write', 'about', 'notes', 'templates', 'calibration'];

export function coachingPath(params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `/coaching${query ? `?${query}` : ''}`;
}

export const tabPath = (tab: CoachingTab) => coachingPath(tab === 'write' ? {} : { tab });
export const scorecardPath = (id: string) => coachingPath({ scorecard: id });
/** Opens (or first creates) the current person's scorecard for a session, from anywhere that knows only the session. */
export const sessionScorecardPath = (sessionId: string) => coachingPath({ session: sessionId });
export const templatePath = (id: string, focusAreaId?: string) => coachingPath(focusAreaId ? { template: id, focus: focusAreaId } : { template: id });
export const notesPath = (id: string) => coachingPath({ notes: id });

export function goTo(path: string, options?: { replace?: boolean }): void {
  navigate(path, options);
}
