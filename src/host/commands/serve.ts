import fs from 'node:fs';
import path from 'node:path';
import type { Recording } from '../../shared/recordings';
import { createCore, type Core } from '../../core/core';
import { clockFromEnv } from '../../core/clock';
import { Workspace } from '../../core/demo/demo-workspace';
import type { HostOptions } from '../server';
import { UsageError, type Command, type CommandContext, type Io } from './types';

/** Tells the person at the terminal which unfinished takes were finished at start. */
export function reportRecovered(io: Io, recovered: Recording[]): void {
  for (const r of recovered) {
    io.out(
      r.status === 'ready'
        ? `Recovered an unfinished recording (${Math.round((r.durationMs ?? 0) / 1000)} s): ${r.id}`
        : `Could not recover recording ${r.id}: ${r.error ?? 'unknown error'} (its raw data is kept)`,
    );
  }
}

export const serveCommand: Command = {
  path: ['serve'],
  usage: '[--port N] [--demo]',
  summary: 'Run Reprise in your browser at http://127.0.0.1:N\n(--demo: open the made-up demo team, made in DATA-DIR/demo the first time)',
  flags: { port: 'string', demo: 'boolean' },
  async run(ctx) {
    if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
    const port = ctx.flags.port === undefined ? 0 : Number(ctx.flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535.');
    const clock = clockFromEnv();
    const workspace = new Workspace({
      dataDir: ctx.dataDir,
      core: ctx.core(),
      clock,
      // The demo is made up: no daily backups of it.
      open: (dataDir, kind) => createCore({ dataDir, clock, backups: kind === 'real' }),
      started: (core) => startBackground(ctx, core),
    });
    try {
      if (ctx.flags.demo) {
        ctx.io.out(workspace.status().seeded ? 'Opening the demo data…' : `Making the demo data in ${workspace.demoDir} (a few seconds)…`);
        await workspace.enter();
        ctx.io.out(`Showing the demo data (${workspace.demoDir}); "Leave demo" in the app returns to your own.`);
      }
      // Entering the demo above started its core already.
      return await serveUntilStopped(ctx, { port, workspace }, (core) => (workspace.active ? undefined : startBackground(ctx, core)));
    } finally {
      workspace.close();
    }
  },
};

/** What a core does in the background while it is served: a hub link sends and fetches, then finishTakes(). */
function startBackground(ctx: CommandContext, core: Core): void {
  // A data folder joined to a team hub sends its takes and changes by itself while it is served; closing the core stops it.
  core.link?.start();
  // A connected desktop's team data lives on the hub, which sends it to the LRS itself.
  if (!core.link) core.xapi.start();
  finishTakes(ctx, core);
}

/** Finishes the takes a crash left unfinished, then the analyses due, in the background. */
export function finishTakes(ctx: CommandContext, core: Core): void {
  void core.recordings
    .recover()
    .then((recovered) => reportRecovered(ctx.io, recovered))
    .finally(() => core.analysis.catchUp());
}

/**
 * Starts the host on the core (`reprise serve` and `reprise hub`), says where it listens, runs
 * `started` (background work: finishTakes()), and serves until SIGINT or SIGTERM.
 */
export async function serveUntilStopped(
  ctx: CommandContext,
  options: Omit<HostOptions, 'core' | 'rendererDir'>,
  started: (core: Core) => void,
): Promise<number> {
  const core = options.workspace?.core ?? ctx.core();
  if (!fs.existsSync(path.join(ctx.rendererDir, 'index.html'))) {
    ctx.io.err('The renderer is not built yet; run `npm run build` first. The API is served anyway.');
  }
  // The server (with tus and its S3 store) is loaded only to serve: every other command starts without it.
  const { startHost } = await import('../server');
  const host = await startHost({ core, rendererDir: ctx.rendererDir, ...options });
  ctx.io.out(`Listening on ${host.url}`);
  ctx.io.out(`Data folder: ${ctx.dataDir}`);
  started(core);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await host.close();
  return 0;
}
