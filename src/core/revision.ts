import { AppError, ErrorCode } from '../shared/errors';

/**
 * An edit made on an older revision than the one stored (another desktop saved in between) is
 * refused rather than written over the newer one; the writer is shown both and chooses.
 */
export function assertRevision(current: string, base: string | undefined): void {
  if (base !== undefined && base !== current) {
    throw new AppError(ErrorCode.staleRevision, `This was changed elsewhere (at ${current}) after the copy you edited (${base}). Choose which to keep.`, [
      { path: 'baseRevision', message: current },
    ]);
  }
}

/**
 * The revision an edit stores: now, or just after the current one when the clock has not moved
 * past it (two saves in one millisecond, or a clock set back), so every save leaves a revision of
 * its own and an edit made on the one before is always seen as stale.
 */
export function nextRevision(current: string, now: Date): string {
  const after = Date.parse(current);
  return Number.isFinite(after) && now.getTime() <= after ? new Date(after + 1).toISOString() : now.toISOString();
}
