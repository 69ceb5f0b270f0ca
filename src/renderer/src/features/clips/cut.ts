import { ApiError } from '../../api/api';

/** The core answers a cut stopped with Cancel with this code: not a failure to show. */
export function isCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'cancelled';
}
