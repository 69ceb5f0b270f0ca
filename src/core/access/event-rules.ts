import type { EventName, EventPayload } from '../../shared/contract';
import type { View } from './audience';

/**
 * What each pushed event may tell a signed-in person: the payload with only the ids they may see,
 * or null to send them nothing. Declared once per event (a missing one is a compile error), beside
 * the channel rules of rules.ts and asking the same View. Admins and the local owner get every event.
 */
export type EventRules = { [E in EventName]: (view: View, payload: EventPayload<E>) => EventPayload<E> | null };

/** Everyone signed in may read what this event is about (the team directory, programs, templates). */
const team = <T>(_view: View, payload: T): T => payload;
/** Only the admins' business, or the local owner's. */
const adminsOnly = (): null => null;

const some = <T extends object>(payload: T, key: keyof T, ids: string[]): T | null => (ids.length ? { ...payload, [key]: ids } : null);
const recordingSeen = (view: View, id: string): boolean => view.canSeeSession(view.sessionOfRecording(id));

export const eventRules: EventRules = {
  'settings:changed': team,
  'access:changed': team,
  'devices:changed': (v, p) => some(p, 'ids', p.ids.filter((id) => v.isSelf(v.deviceOwner(id)))),
  'sync:changed': team,
  'sync:progress': adminsOnly,
  'people:changed': team,
  'sessions:changed': (v, p) => some(p, 'ids', p.ids.filter((id) => v.canSeeSession(id))),
  'focus-areas:changed': team,
  'recordings:changed': (v, p) => some(p, 'ids', p.ids.filter((id) => recordingSeen(v, id))),
  'recordings:progress': (v, p) => (recordingSeen(v, p.id) ? p : null),
  'recordings:recovered': adminsOnly,
  'recordings:stop-requested': (v, p) => some(p, 'ids', p.ids.filter((id) => recordingSeen(v, id))),
  'analysis:changed': (v, p) => (recordingSeen(v, p.id) ? p : null),
  'comments:changed': (v, p) => (recordingSeen(v, p.recordingId) ? p : null),
  // Great moments are the whole team's (clips:list).
  'clips:changed': team,
  'clips:cut-progress': team,
  'rubric-templates:changed': team,
  'scorecards:changed': (v, p) => some(p, 'ids', p.ids.filter((id) => v.canSeeScorecard(v.scorecard(id)))),
  'coaching-notes:changed': (v, p) => some(p, 'ids', p.ids.filter((id) => v.canSeeCoachingNote(v.coachingNote(id)))),
  'programs:changed': team,
  'library:changed': team,
  'certifications:changed': (v, p) => some(p, 'repIds', p.repIds.filter((id) => v.isSelf(id) || v.reportIds().has(id))),
  'outcomes:changed': team,
  'demo:progress': adminsOnly,
  'demo:switched': adminsOnly,
  'xapi:changed': adminsOnly,
};
