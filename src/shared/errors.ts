/** The one error shape that crosses every door (IPC, HTTP, CLI). */
export interface ApiErrorShape {
  code: string;
  message: string;
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** Error codes a person or a program can act on. */
export const ErrorCode = {
  invalidInput: 'invalid_input',
  notFound: 'not_found',
  conflict: 'conflict',
  unknownChannel: 'unknown_channel',
  databaseTooNew: 'database_too_new',
  databaseDamaged: 'database_damaged',
  databaseEmptied: 'database_emptied',
  /** Not signed in, or the sign-in is no longer valid. */
  unauthenticated: 'unauthenticated',
  /** Signed in, but this person may not do this. */
  forbidden: 'forbidden',
  /** A hub invite code that is unknown, used or expired. */
  inviteInvalid: 'invite_invalid',
  /** Too many attempts; wait and try again. */
  rateLimited: 'rate_limited',
  // A desktop joined to a hub.
  /** The desktop's sign-in was revoked or has expired: it must connect again. */
  hubSignedOut: 'hub_signed_out',
  hubUnreachable: 'hub_unreachable',
  /** Saved on this computer; it goes to the hub when the hub can be reached. */
  queuedOffline: 'queued_offline',
  /** An edit made on a revision that is no longer the newest: the hub keeps the newer one and says so. */
  staleRevision: 'stale_revision',
  hubLinkDamaged: 'hub_link_damaged',
  /** The system keychain cannot encrypt, so the desktop will not keep a hub sign-in. */
  secureStorageUnavailable: 'secure_storage_unavailable',
  alreadyConnected: 'already_connected',
  notConnected: 'not_connected',
  notEmpty: 'not_empty',
  internal: 'internal',
  // Recording and media.
  consentMissing: 'consent_missing',
  diskLow: 'disk_low',
  takeNotActive: 'take_not_active',
  chunkGap: 'chunk_gap',
  cancelled: 'cancelled',
  ffmpegMissing: 'ffmpeg_missing',
  ffprobeMissing: 'ffprobe_missing',
  ffmpegFailed: 'ffmpeg_failed',
  unsupportedMedia: 'unsupported_media',
  emptyMedia: 'empty_media',
  notMedia: 'not_media',
  noAudio: 'no_audio',
  truncatedMedia: 'truncated_media',
  importFailed: 'import_failed',
  /** A recording's file is missing, cut off or changed since it was sealed. */
  mediaDamaged: 'media_damaged',
  /** A hub's object storage (S3) is down or refusing: nothing is lost, the request is tried again later. */
  storageUnavailable: 'storage_unavailable',
  // Files the CLI reads or writes.
  fileUnreadable: 'file_unreadable',
  fileUnwritable: 'file_unwritable',
  notUtf8: 'not_utf8',
  // Backups.
  nothingToBackUp: 'nothing_to_back_up',
  noBackup: 'no_backup',
  // The browser host's own refusals, before a channel is reached.
  wrongHost: 'wrong_host',
  wrongOrigin: 'wrong_origin',
  methodNotAllowed: 'method_not_allowed',
  unsupportedMediaType: 'unsupported_media_type',
  tooLarge: 'too_large',
  tooManyConnections: 'too_many_connections',
  notBuilt: 'not_built',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The HTTP status of each code. Something the caller can fix or that the state of the data
 * explains is a 4xx; a missing tool or a full disk is the machine's state (503, 507); only a
 * real fault is 500. The record type makes a new code without a status fail to compile.
 */
export const httpStatusOf: Record<ErrorCodeValue, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unknown_channel: 404,
  database_too_new: 503,
  database_damaged: 503,
  database_emptied: 503,
  unauthenticated: 401,
  forbidden: 403,
  invite_invalid: 401,
  rate_limited: 429,
  hub_signed_out: 401,
  hub_unreachable: 503,
  // Accepted for later: the write waits in the desktop's outbox.
  queued_offline: 202,
  stale_revision: 409,
  hub_link_damaged: 422,
  secure_storage_unavailable: 503,
  already_connected: 409,
  not_connected: 409,
  not_empty: 409,
  internal: 500,
  consent_missing: 409,
  disk_low: 507,
  take_not_active: 409,
  chunk_gap: 409,
  cancelled: 409,
  ffmpeg_missing: 503,
  ffprobe_missing: 503,
  ffmpeg_failed: 500,
  unsupported_media: 415,
  empty_media: 422,
  not_media: 415,
  no_audio: 422,
  truncated_media: 422,
  import_failed: 422,
  media_damaged: 409,
  storage_unavailable: 503,
  file_unreadable: 422,
  file_unwritable: 422,
  not_utf8: 415,
  nothing_to_back_up: 409,
  no_backup: 404,
  wrong_host: 421,
  wrong_origin: 403,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  too_large: 413,
  too_many_connections: 503,
  not_built: 503,
};

/** A code from elsewhere (an older core, a plugin) that is not in the table is a fault until it is. */
export function httpStatusFor(code: string): number {
  return Object.prototype.hasOwnProperty.call(httpStatusOf, code) ? httpStatusOf[code as ErrorCodeValue] : 500;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toShape(): ApiErrorShape {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}
