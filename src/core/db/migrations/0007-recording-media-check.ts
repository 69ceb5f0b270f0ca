import type { Migration } from './types';

/**
 * The result of the last re-hash of a recording's file against the sha256 it was sealed with, so
 * a damaged file found by `recordings verify` stays visible in the Library until checked again.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'recording-media-check',
  up: `
    ALTER TABLE recordings ADD COLUMN media_check TEXT CHECK (media_check IN ('ok', 'missing', 'size_changed', 'hash_mismatch'));
    ALTER TABLE recordings ADD COLUMN media_checked_at TEXT;
  `,
};
