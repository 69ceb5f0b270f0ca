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
  internal: 'internal',
} as const;

export class AppError extends Error {
  constructor(
    readonly code: string,
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
