import fs from 'node:fs';
import path from 'node:path';
import type { EventPayload } from '../../shared/contract';
import type { Recording } from '../../shared/recordings';
import { createCore, type Core } from '../../core/core';
import { clockFromEnv } from '../../core/clock';
import { Workspace } from '../../core/demo/demo-workspace';
import type { HostOptions } from '../server';
import { terminalLanguage } from './hub-media';
import { UsageError, type Command, type CommandContext, type Io } from './types';

const droppedPairsWords = {
  en: (n: number) =>
    n === 1
      ? 'An import of one file per voice was interrupted before the two files were joined, so nothing from it was kept. Import both files again.'
      : `${n} imports of one file per voice were interrupted before their files were joined, so nothing from them was kept. Import the files again.`,
  fi: (n: number) =>
    n === 1
      ? 'Tuonti, jossa oli yksi tiedosto kummallekin äänelle, keskeytyi ennen kuin tiedostot yhdistettiin, joten siitä ei säilytetty mitään. Tuo molemmat tiedostot uudelleen.'
      : `${n} tuontia, joissa oli yksi tiedosto kummallekin äänelle, keskeytyi ennen kuin tiedostot yhdistettiin, joten niistä ei säilytetty mitään. Tuo tiedostot uudelleen.`,
} as const;

/** Why an import of one file per voice is gone after a restart, in the terminal's language. */
export function droppedPairsMessage(count: number, env: NodeJS.ProcessEnv): string {
  return droppedPairsWords[terminalLanguage(env)](count);
}

/** Runs a recovery and hears from its event how many imports of one file per voice it dropped. */
export async function recoverTakes(core: Core, run: () => Promise<Recording[]>): Promise<{ recovered: Recording[]; droppedPairs: number }> {
  let droppedPairs = 0;
  const off = core.events.onAny((name, payload) => {
    if (name === 'recordings:recovered') droppedPairs += (payload as EventPayload<'recordings:recovered'>).droppedPairs ?? 0;
  });
  try {
    return { recovered: await run(), droppedPairs };
  } finally {
    off();
  }
}

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
  void recoverTakes(core, () => core.recordings.recover())
    .then(({ recovered, droppedPairs }) => {
      reportRecovered(ctx.io, recovered);
      if (droppedPairs) ctx.io.out(droppedPairsMessage(droppedPairs, ctx.env));
    })
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
