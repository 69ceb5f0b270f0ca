import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clockFromEnv } from '../core/clock';
import { createCore } from '../core/core';
import { analysisCommands } from './commands/analysis';
import { certificationsCommands } from './commands/certifications';
import { clipsCommands } from './commands/clips';
import { commentsCommands } from './commands/comments';
import { hubCommands } from './commands/hub';
import { libraryCommands } from './commands/library';
import { dbCommands } from './commands/db';
import { demoCommands } from './commands/demo';
import { peopleCommands } from './commands/people';
import { programsCommands } from './commands/programs';
import { progressCommands } from './commands/progress';
import { recordingsCommands } from './commands/recordings';
import { scorecardsCommands } from './commands/scorecards';
import { serveCommand } from './commands/serve';
import { syncCommands } from './commands/sync';
import { xapiCommands } from './commands/xapi';
import type { Command, Io } from './commands/types';
import { processIo, runCommands, type Entry } from './run-commands';

/** Every command; a domain adds its own list here. Longer paths are matched first. */
export const commands: Command[] = [...peopleCommands, ...recordingsCommands, ...libraryCommands, ...commentsCommands, ...clipsCommands, ...analysisCommands, ...scorecardsCommands, ...programsCommands, ...certificationsCommands, ...progressCommands, ...demoCommands, ...dbCommands, serveCommand, ...hubCommands, ...syncCommands, ...xapiCommands];

const entry: Entry = {
  commands,
  rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
  openCore: (dataDir, env) => createCore({ dataDir, clock: clockFromEnv(env) }),
};

/** Runs one CLI invocation; returns the exit code (0 ok, 1 error or rejected rows, 2 bad usage). */
export function runCli(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommands(entry, argv, io, env);
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1]);
if (invokedDirectly) {
  // A reader that stops early (`reprise schedule generate --json | head`) is not an error: what the
  // command did is done, and the rest of its output has nowhere to go.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
