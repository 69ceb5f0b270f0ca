import { fileURLToPath } from 'node:url';
import { analyzeFileCommand } from './commands/analysis';
import type { Io } from './commands/types';
import { processIo, runCommands } from './run-commands';

/**
 * `reprise analyze` on its own: it reads one media file and opens no data folder, so it starts
 * without the core, the hub, uploads or the document writers, and a short file's analysis is not
 * mostly start-up. `bin/reprise.mjs` picks this entry when the command is `analyze`.
 */
export function runAnalyzeCli(argv: string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommands(
    {
      commands: [analyzeFileCommand],
      rendererDir: fileURLToPath(new URL('../renderer', import.meta.url)),
      openCore: () => {
        throw new Error('reprise analyze opens no data folder.');
      },
    },
    argv,
    io,
    env,
  );
}
