import type { ReminderNotification } from '../shared/certification';
import type { Result } from '../shared/errors';

export interface Notice {
  title: string;
  body: string;
  /** Where a click takes the window: the rep's page. */
  hash: string;
}

/**
 * The desktop notifications an answer calls for. The core hands each certification reminder out
 * once (`certifications:claim-reminders`, asked by the window for the person using it); the shell
 * shows what it handed out with the system's notifications. Any other answer shows nothing.
 */
export function noticesFor(channel: string, result: Result<unknown>): Notice[] {
  if (channel !== 'certifications:claim-reminders' || !result.ok) return [];
  return (result.value as ReminderNotification[]).map((r) => ({ title: r.title, body: r.body, hash: `#/people/${encodeURIComponent(r.rep.id)}` }));
}
