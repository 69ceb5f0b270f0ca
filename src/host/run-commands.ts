import { parseArgs } from 'node:util';
import type { Core } from '../core/core';
import { defaultUserDataDir, resolveDataDir } from '../core/data-dir';
import { version } from '../core/version';
import { AppError } from '../shared/errors';
import { UsageError, type Command, type Flags, type Io } from './commands/types';

const usageColumn = 36;

function usage(commands: readonly Command[]): string {
  const lines = commands.map((c) => {
    const left = `  ${[...c.path, c.usage].filter(Boolean).join(' ')}`;
    const [first, ...more] = c.summary.split('\n');
    // A long synopsis gets its own line, so the descriptions stay in one column.
    const head = left.length < usageColumn - 1 ? `${left.padEnd(usageColumn)}${first}` : `${left}\n${' '.repeat(usageColumn)}${first}`;
    return [head, ...more.map((m) => `${' '.repeat(usageColumn)}${m}`)].join('\n');
  });
  return `Usage: reprise [--data-dir DIR] <command>

Commands:
${lines.join('\n')}
  help                              Show this help

Options:
  --data-dir DIR   Where Reprise keeps its data (default: REPRISE_DATA_DIR, else the desktop app's folder)
  --json           Print JSON only, on stdout
  --version        Print the version`;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  drained: () => (process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', () => resolve())) : Promise.resolve()),
};

function parse(argv: string[], commands: readonly Command[]) {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    'data-dir': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  };
  for (const command of commands) {
    for (const [name, type] of Object.entries(command.flags ?? {})) options[name] = type === 'strings' ? { type: 'string', multiple: true } : { type };
  }
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function findCommand(commands: readonly Command[], positionals: string[]): Command | undefined {
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => positionals[i] === word));
}

export interface Entry {
  commands: readonly Command[];
  /** The built renderer (out/renderer), found from the entry's own location. */
  rendererDir: string;
  openCore(dataDir: string, env: NodeJS.ProcessEnv): Core;
}

/**
 * Runs one CLI invocation of one of `commands`; returns the exit code (0 ok, 1 error or rejected
 * rows, 2 bad usage). Apart from the entry that names the commands, so a command that needs no
 * core can start without loading it.
 */
export async function runCommands(entry: Entry, argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { commands } = entry;
  let core: Core | null = null;
  try {
    const { values, positionals } = parse(argv, commands);
    if (values.version) {
      io.out(version);
      return 0;
    }
    if (values.help || positionals[0] === 'help') {
      io.out(usage(commands));
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('Name a command.');
    const command = findCommand(commands, positionals);
    if (!command) throw new UsageError(`Unknown command: ${positionals.slice(0, 2).join(' ')}`);
    for (const [name, value] of Object.entries(values)) {
      const global = ['data-dir', 'json', 'help', 'version'].includes(name);
      if (!global && value !== undefined && !(command.flags && name in command.flags)) {
        throw new UsageError(`${command.path.join(' ')} does not take --${name}.`);
      }
    }
    const dataDir = resolveDataDir(values['data-dir'] as string | undefined, env, () => defaultUserDataDir());
    const flags: Flags = {};
    const lists: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(values)) {
      if (Array.isArray(value)) lists[name] = value.map(String);
      else flags[name] = value;
    }
    return await command.run({
      args: positionals.slice(command.path.length),
      flags,
      lists,
      io,
      dataDir,
      rendererDir: entry.rendererDir,
      env,
      core: () => (core ??= entry.openCore(dataDir, env)),
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`reprise: ${error.message}\n\n${usage(commands)}`);
      return 2;
    }
    if (error instanceof AppError) {
      io.err(`reprise: ${error.message}`);
      for (const issue of error.issues ?? []) io.err(`  ${issue.path || '(input)'}: ${issue.message}`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      io.err('reprise: that port is in use; pick another with --port, or --port 0 for any free one.');
      return 1;
    }
    io.err(`reprise: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    (core as Core | null)?.close();
  }
}
