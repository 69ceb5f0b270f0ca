import type { OutboxItem, SyncReport, SyncStatus } from '../../shared/sync';
import { AppError, ErrorCode } from '../../shared/errors';
import { fileTokenStore, readHubLink } from '../../core/hub/connection';
import { hubOrigin, joinHub, leaveHub } from '../../core/hub/join';
import { call } from './call';
import { UsageError, type Command } from './types';

/** What `sync status --json` prints: the status, and the outbox's changes by what happens to them next. */
export interface StatusReport extends SyncStatus {
  waiting: OutboxItem[];
  refused: OutboxItem[];
  conflicts: OutboxItem[];
}

function describeStatus(s: StatusReport): string {
  if (s.state === 'local') return 'Not connected to a team hub: everything stays in this data folder.';
  const state = { online: 'online', offline: 'offline (the hub cannot be used now)', syncing: 'sending', 'signed-out': 'signed out: connect again with a new code', local: 'local' }[s.state];
  const item = (i: OutboxItem) => `  ${i.id} ${i.channel}, saved ${i.createdAt}${i.error ? `: ${i.error}` : ''}`;
  return [
    `Hub: ${s.hubUrl} as ${s.name ?? '?'}, ${state}${s.lastContactAt ? `, last reached ${s.lastContactAt}` : ''}`,
    ...(s.problem ? [`Why: ${s.problem}`] : []),
    `Takes: ${s.uploads.waiting + s.uploads.uploading} waiting, ${s.uploads.paused} paused, ${s.uploads.attention} need attention, ${s.uploads.keptLocal} kept on this computer (not everyone agreed to share), ${s.uploads.done} sent`,
    `Outbox: ${s.waiting.length} waiting, ${s.refused.length} refused by the hub, ${s.conflicts.length} in conflict`,
    ...(s.refused.length ? ['Refused (send again with `reprise sync resend ID`, or drop with `reprise sync discard ID`):', ...s.refused.map(item)] : []),
    ...(s.conflicts.length ? ['In conflict with a newer version on the hub (choose with `reprise sync resolve ID --keep mine|theirs|merged`):', ...s.conflicts.map(item)] : []),
  ].join('\n');
}

function describeReport(r: SyncReport): string {
  const held = r.held ? ` ${r.held} take(s) wait: ${r.problem ?? 'the hub cannot take them now'}.` : '';
  return `Sent ${r.uploaded} take(s) and ${r.sent} change(s); ${r.failed} take(s) need attention; ${r.refused} change(s) refused. Hub: ${r.state}.${held}`;
}

export const syncCommands: Command[] = [
  {
    path: ['connect'],
    usage: 'URL --code CODE [--device NAME]',
    summary: "Join this data folder to your team's hub with a one-time code",
    flags: { code: 'string', device: 'string' },
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('connect takes the hub address, e.g. reprise connect https://reprise.example.com --code ABCD-EFGH-JK23');
      const code = ctx.flags.code as string | undefined;
      if (!code) throw new UsageError('Give the sign-in code with --code.');
      let origin: string;
      try {
        origin = hubOrigin(ctx.args[0]!);
      } catch (error) {
        throw new UsageError(error instanceof AppError ? error.message : String(error));
      }
      if (readHubLink(ctx.dataDir)) throw new AppError(ErrorCode.alreadyConnected, 'This data folder is already connected to a hub. Use another data folder, or `reprise disconnect` first.');
      const core = ctx.core();
      const signedIn = await joinHub(ctx.dataDir, core.db, fileTokenStore(ctx.dataDir), { url: origin, code, device: ctx.flags.device as string | undefined });
      const url = new URL(signedIn.hubUrl);
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ url: url.origin, name: signedIn.name, deviceId: signedIn.deviceId }, null, 2));
      else ctx.io.out(`Connected to ${url.origin} as ${signedIn.name}. Takes recorded here go up with \`reprise sync\` (the app does it by itself).`);
      return 0;
    },
  },
  {
    path: ['disconnect'],
    usage: '',
    summary: 'Leave the hub: forget its address and this sign-in (takes stay in this folder)',
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      if (!readHubLink(ctx.dataDir)) throw new AppError(ErrorCode.notConnected, 'This data folder is not connected to a hub.');
      leaveHub(ctx.dataDir, ctx.core().db, fileTokenStore(ctx.dataDir));
      ctx.io.out('Disconnected. Ask an admin to sign this device out on the hub as well.');
      return 0;
    },
  },
  {
    path: ['sync'],
    usage: '[--once] [--json]',
    summary: 'Send waiting takes and changes to the hub (--once: one round, then exit)',
    flags: { once: 'boolean' },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const core = ctx.core();
      if (!core.link) throw new AppError(ErrorCode.notConnected, 'This data folder is not connected to a hub. Connect it with `reprise connect URL --code CODE`.');
      const round = async () => {
        const report = await call(core, 'sync:run', {});
        ctx.io.out(ctx.flags.json ? JSON.stringify(report) : describeReport(report));
        return report;
      };
      if (ctx.flags.once) {
        const report = await round();
        // Takes the hub would not take now (a full disk) are not sent: a one-off sync says so in its exit code, with the reason.
        if (report.held > 0 && !ctx.flags.json) ctx.io.err(`Not everything was sent: ${report.problem ?? 'the hub cannot take it now'}`);
        return report.state === 'online' && report.failed === 0 && report.refused === 0 && report.held === 0 ? 0 : 1;
      }
      let stopped = false;
      const stop = () => (stopped = true);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      while (!stopped) {
        await round();
        for (let waited = 0; waited < 15_000 && !stopped; waited += 250) await new Promise((r) => setTimeout(r, 250));
      }
      return 0;
    },
  },
  {
    path: ['sync', 'status'],
    usage: '[--json]',
    summary: 'Whether this data folder is connected, and what still waits to go up',
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const core = ctx.core();
      const status = await call(core, 'sync:status', {});
      const outbox = await call(core, 'sync:outbox', {});
      const report: StatusReport = {
        ...status,
        waiting: outbox.filter((i) => i.state === 'pending'),
        // A conflict is a refusal kept beside the hub's newer version (theirs), waiting for a choice.
        refused: outbox.filter((i) => i.state === 'refused' && i.theirs === null),
        conflicts: outbox.filter((i) => i.state === 'refused' && i.theirs !== null),
      };
      ctx.io.out(ctx.flags.json ? JSON.stringify(report, null, 2) : describeStatus(report));
      return 0;
    },
  },
  {
    path: ['sync', 'resend'],
    usage: 'ID [--input JSON] [--json]',
    summary: 'Send a change the hub refused again, last in line (--input: as edited)',
    flags: { input: 'string' },
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('Give the id of the refused change, as `reprise sync status` lists it.');
      let input: Record<string, unknown> | undefined;
      if (ctx.flags.input !== undefined) {
        try {
          input = JSON.parse(ctx.flags.input as string) as Record<string, unknown>;
        } catch {
          throw new UsageError('--input is not valid JSON.');
        }
      }
      const item = await call(ctx.core(), 'sync:outbox-resend', { id: ctx.args[0]!, ...(input ? { input } : {}) });
      ctx.io.out(ctx.flags.json ? JSON.stringify(item, null, 2) : `Waiting to be sent again as ${item.id}.`);
      return 0;
    },
  },
  {
    path: ['sync', 'resolve'],
    usage: 'ID --keep mine|theirs|merged [--input JSON] [--json]',
    summary: 'Choose between your change and the newer one on the hub (--input: the merged text, e.g. {"note":"..."})',
    flags: { keep: 'string', input: 'string' },
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('Give the id of the change in conflict, as `reprise sync status` lists it.');
      const keep = ctx.flags.keep as string | undefined;
      if (keep !== 'mine' && keep !== 'theirs' && keep !== 'merged') throw new UsageError('Say which to keep with --keep mine, --keep theirs or --keep merged.');
      let merged: Record<string, unknown> | undefined;
      if (keep === 'merged') {
        try {
          merged = JSON.parse((ctx.flags.input as string | undefined) ?? '') as Record<string, unknown>;
        } catch {
          throw new UsageError('--keep merged needs --input with the merged text as JSON, e.g. --input \'{"note":"both texts"}\'.');
        }
      }
      const outbox = await call(ctx.core(), 'sync:resolve', { id: ctx.args[0]!, keep, ...(merged ? { merged } : {}) });
      ctx.io.out(ctx.flags.json ? JSON.stringify(outbox, null, 2) : keep === 'theirs' ? 'Kept the version on the hub.' : 'Waiting to be sent again on the hub’s newer version.');
      return 0;
    },
  },
  {
    path: ['sync', 'discard'],
    usage: 'ID',
    summary: 'Drop a change the hub refused, for good',
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('Give the id of the refused change, as `reprise sync status` lists it.');
      await call(ctx.core(), 'sync:outbox-discard', { id: ctx.args[0]! });
      ctx.io.out('Discarded.');
      return 0;
    },
  },
];
