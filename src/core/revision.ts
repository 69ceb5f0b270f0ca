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
