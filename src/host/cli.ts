import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore, type Core } from '../core/core';
import { defaultUserDataDir, resolveDataDir } from '../core/data-dir';
import { version } from '../core/version';
import { dispatch } from '../shared/dispatch';
import type { Channel, ChannelInput, ChannelOutput } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { Rep } from '../shared/people';
import { startHost } from './server';

const usage = `Usage: reprise [--data-dir DIR] <command>

Commands:
  reps import FILE [--json]     Import or update reps from a roster CSV
                                (columns: name, email, role, team, hire_date, manager_email, coach)
  reps list [--all] [--json]    List reps (--all includes archived reps)
  serve [--port N]              Run Reprise in your browser at http://127.0.0.1:N
  help                          Show this help

Options:
  --data-dir DIR   Where Reprise keeps its data (default: REPRISE_DATA_DIR, else the desktop app's folder)
  --json           Print JSON only, on stdout
  --version        Print the version`;

export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** The same dispatch as IPC and HTTP: input is parsed by the contract, errors keep their shape. */
async function call<C extends Channel>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(core.handlers, channel, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.issues);
  return result.value as ChannelOutput<C>;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function readUtf8(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('file_unreadable', code === 'ENOENT' ? `No such file: ${file}` : `Cannot read ${file} (${code}).`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('not_utf8', `${file} is not UTF-8 text. Save it again as "CSV UTF-8" and import that file.`);
  }
}

function formatTable(reps: Rep[]): string {
  if (reps.length === 0) return 'No reps yet. Import a roster with: reprise reps import roster.csv';
  const rows = [
    ['NAME', 'EMAIL', 'ROLE', 'TEAM', 'HIRED', 'SENIORITY', 'STATUS'],
    ...reps.map((r) => [
      r.name,
      r.email,
      r.role,
      r.team,
      r.hireDate ?? '',
      r.seniority.replace('_', ' '),
      r.archived ? 'archived' : r.coach ? 'active, coach' : 'active',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** Runs one CLI invocation; returns the exit code (0 ok, 1 error or rejected rows, 2 bad usage). */
export async function runCli(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let core: Core | null = null;
  try {
    const { values, positionals } = parse(argv);
    if (values.version) {
      io.out(version);
      return 0;
    }
    const [command, sub, ...rest] = positionals;
    if (values.help || !command || command === 'help') {
      (command || values.help ? io.out : io.err)(usage);
      return command || values.help ? 0 : 2;
    }
    const dataDir = resolveDataDir(values['data-dir'], env, () => defaultUserDataDir());
    const openCore = () => (core = createCore({ dataDir }));

    if (command === 'reps' && sub === 'import') {
      if (rest.length !== 1) throw new UsageError('reps import takes exactly one FILE.');
      const file = rest[0]!;
      const csv = readUtf8(file);
      const report = await call(openCore(), 'people:import', { csv });
      const name = path.basename(file);
      if (values.json) io.out(JSON.stringify(report, null, 2));
      else {
        io.out(
          `Imported ${name}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected.`,
        );
      }
      for (const warning of report.warnings) io.err(`${name}: warning: ${warning}`);
      for (const r of report.rejected) io.err(`${name}:${r.line}: ${r.email ? `${r.email}: ` : ''}${r.reason}`);
      return report.rejected.length ? 1 : 0;
    }
    if (command === 'reps' && sub === 'list') {
      if (rest.length) throw new UsageError(`Unexpected argument: ${rest[0]}`);
      const reps = await call(openCore(), 'people:list', { includeArchived: values.all });
      io.out(values.json ? JSON.stringify(reps, null, 2) : formatTable(reps));
      return 0;
    }
    if (command === 'serve') {
      if (sub) throw new UsageError(`Unexpected argument: ${sub}`);
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535.`);
      const served = openCore();
      const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
      if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
        io.err('The renderer is not built yet; run `npm run build` first. The API is served anyway.');
      }
      const host = await startHost({ core: served, rendererDir, port });
      io.out(`Listening on ${host.url}`);
      io.out(`Data folder: ${dataDir}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      return 0;
    }
    throw new UsageError(`Unknown command: ${[command, sub].filter(Boolean).join(' ')}`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`reprise: ${error.message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof AppError) {
      io.err(`reprise: ${error.message}`);
      for (const issue of error.issues ?? []) io.err(`  ${issue.path || '(input)'}: ${issue.message}`);
      return 1;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      io.err(`reprise: that port is in use; pick another with --port, or --port 0 for any free one.`);
      return 1;
    }
    io.err(`reprise: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    (core as Core | null)?.close();
  }
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1]);
if (invokedDirectly) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
