import { AppError, ErrorCode } from '../shared/errors';

/** Injected wherever "now" matters (seniority, timestamps) so tests can pin it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/**
 * The clock the CLI and the hosts run on: the system's, or, when `REPRISE_NOW` is set (ISO-8601),
 * one that starts at that moment and runs on from there, so demos and tests can move "today".
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const pinned = env.REPRISE_NOW;
  if (!pinned) return systemClock;
  const start = Date.parse(pinned);
  if (Number.isNaN(start)) {
    throw new AppError(ErrorCode.invalidInput, `REPRISE_NOW="${pinned.slice(0, 40)}" is not a date and time; use ISO-8601 such as 2026-12-02T09:00:00Z.`);
  }
  const began = Date.now();
  return () => new Date(start + (Date.now() - began));
}
