import type { Channel } from './contract';

/**
 * Channels that make something new. The renderer sends each call of one with an operation key
 * (`Idempotency-Key` over HTTP, beside the input over IPC); the core runs a key once and answers a
 * repeat of it with the first answer, so a double click or a retried request makes one thing.
 */
export const creatingChannels: ReadonlySet<Channel> = new Set<Channel>([
  'people:create',
  'people:import',
  'focus-areas:create',
  'sessions:create',
  'programs:create',
  'schedule:generate',
  'availability:add',
  'personas:save',
  'scenarios:save',
  'invites:create',
  'recordings:start',
  'recordings:import',
  'markers:add',
  'comments:add',
  'clips:create',
  'rubric-templates:create',
  'scorecards:start',
  'scorecards:import',
  'coaching-notes:save',
  'outcomes:import',
]);

/** An operation key as a door accepts it: a short token of letters, digits, dashes and the like. */
export function validOperationKey(key: unknown): key is string {
  return typeof key === 'string' && /^[\w.:-]{8,100}$/.test(key);
}
