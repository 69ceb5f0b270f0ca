import type { Core } from '../../core/core';

export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /**
   * Resolves once what `out` wrote has been taken by the reader (stdout into a pipe buffers in the
   * process while the reader lags). A command printing a long answer in slices awaits it between them.
   */
  drained?: () => Promise<void>;
}

/** Parsed flags shared by every command; a command reads the ones it declares. */
export type Flags = Record<string, string | boolean | undefined>;

export interface CommandContext {
  args: string[];
  flags: Flags;
  /** The values of the command's 'strings' flags, each given any number of times. */
  lists: Record<string, string[]>;
  io: Io;
  dataDir: string;
  /** The built renderer (out/renderer), found from the CLI entry's own location. */
  rendererDir: string;
  /** The command's environment (the language at the terminal, say). */
  env: NodeJS.ProcessEnv;
  /** Opens the core on the data folder (once); closed by the CLI when the command ends. */
  core(): Core;
}

export interface Command {
  /** The words that select it, e.g. ['reps', 'import']. */
  path: string[];
  /** One help line: arguments and flags after the path. */
  usage: string;
  summary: string;
  /** Flags this command accepts beyond the global ones (name → kind; 'strings' may be given more than once). */
  flags?: Record<string, 'string' | 'strings' | 'boolean'>;
  run(ctx: CommandContext): Promise<number>;
}

export function expectArgs(ctx: CommandContext, count: number, what: string): string[] {
  if (ctx.args.length !== count) throw new UsageError(`${what}`);
  return ctx.args;
}
