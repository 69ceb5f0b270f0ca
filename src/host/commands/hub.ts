import fs from 'node:fs';
import { accessRoles, type AccessRole } from '../../shared/access';
import { inviteHours } from '../../shared/hub';
import type { HostOptions } from '../server';
import { migrateMedia } from '../../core/media/migrate-media';
import { presignSecondsRange } from '../../core/recordings/media-route';
import { applyMediaChoice, mediaFlags, mediaLocationOf, refuseWhileHubRuns } from './hub-media';
import { finishTakes, serveUntilStopped } from './serve';
import { call } from './call';
import { UsageError, type Command } from './types';

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/** `HOST:PORT`, `:PORT`, `PORT` or `[v6]:PORT` → host and port. */
export function parseListen(value: string | undefined): { host: string; port: number } {
  if (value === undefined) return { host: '127.0.0.1', port: 5318 };
  const match = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d+)$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError('--listen takes HOST:PORT, for example 0.0.0.0:8443 or 127.0.0.1:5318.');
  }
  const host = match[1] ?? (match[2] || '127.0.0.1');
  return { host: host === 'localhost' ? '127.0.0.1' : host, port };
}

/** What `reprise hub` will run as, or a usage error that says what to add. */
export function hubPlan(flags: Record<string, string | boolean | undefined>): Pick<HostOptions, 'listenHost' | 'port' | 'hub'> & {
  tlsFiles: { cert: string; key: string } | null;
} {
  const { host, port } = parseListen(flags.listen as string | undefined);
  const cert = flags['tls-cert'] as string | undefined;
  const key = flags['tls-key'] as string | undefined;
  const trustProxy = Boolean(flags['trust-proxy']);
  const publicUrl = flags['public-url'] as string | undefined;
  const hopsFlag = flags['proxy-hops'] as string | undefined;
  const proxyHops = hopsFlag === undefined ? 1 : Number(hopsFlag);
  if (hopsFlag !== undefined && !trustProxy) throw new UsageError('--proxy-hops goes with --trust-proxy.');
  if (!Number.isInteger(proxyHops) || proxyHops < 1 || proxyHops > 10) throw new UsageError('--proxy-hops is a whole number from 1 to 10: how many proxies stand in front of the hub.');
  if (Boolean(cert) !== Boolean(key)) throw new UsageError('Give both --tls-cert and --tls-key, or neither.');
  if (cert && trustProxy) throw new UsageError('Use --tls-cert/--tls-key or --trust-proxy, not both.');
  if (!loopback.has(host) && !cert && !trustProxy) {
    throw new UsageError(
      `A hub listening on ${host} must use HTTPS: give --tls-cert and --tls-key, or --trust-proxy when a proxy in front of it terminates TLS.`,
    );
  }
  if (publicUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(publicUrl);
    } catch {
      throw new UsageError('--public-url must be a full address such as https://reprise.example.com.');
    }
    if (parsed.protocol !== 'https:' && !loopback.has(parsed.hostname)) throw new UsageError('--public-url must start with https:// (or be a loopback address).');
  } else if (!loopback.has(host)) {
    throw new UsageError('Say how people reach the hub with --public-url (for example https://reprise.example.com).');
  }
  const minFreeMb = flags['min-free-mb'] === undefined ? undefined : Number(flags['min-free-mb']);
  if (minFreeMb !== undefined && !(Number.isFinite(minFreeMb) && minFreeMb >= 0)) throw new UsageError('--min-free-mb takes a number of megabytes, such as 2048.');
  const presignFlag = flags['s3-presign-seconds'];
  const presignSeconds = presignFlag === undefined ? undefined : Number(presignFlag);
  if (presignSeconds !== undefined) {
    const { min, max } = presignSecondsRange;
    if (typeof presignFlag !== 'string' || !/^\d+$/.test(presignFlag.trim()) || !Number.isSafeInteger(presignSeconds) || presignSeconds < min || presignSeconds > max) {
      throw new UsageError(`--s3-presign-seconds is a whole number of seconds from ${min} to ${max} (7 days, the longest an S3 presigned address lives), such as 300.`);
    }
    if (flags['media-via-hub']) throw new UsageError('--s3-presign-seconds has no use with --media-via-hub: players get every take through the hub, never by a presigned address.');
  }
  return {
    listenHost: host,
    port,
    tlsFiles: cert && key ? { cert, key } : null,
    hub: {
      secure: Boolean(cert) || trustProxy,
      trustProxy,
      ...(trustProxy ? { proxyHops } : {}),
      ...(publicUrl ? { publicUrl } : {}),
      ...(minFreeMb !== undefined ? { uploads: { minFreeBytes: minFreeMb * 1024 ** 2 } } : {}),
      ...(flags['media-via-hub'] ? { mediaViaHub: true } : {}),
      ...(presignSeconds !== undefined ? { presignSeconds } : {}),
    },
  };
}

export const hubCommands: Command[] = [
  {
    path: ['hub'],
    usage: '[--listen HOST:PORT] [--tls-cert F --tls-key F | --trust-proxy [--proxy-hops N]] [--public-url URL] [--min-free-mb N] [--media local|s3://BUCKET [--s3-endpoint URL] [--s3-region R] [--s3-path-style] [--media-via-hub | --s3-presign-seconds N]]',
    summary: "Run the team's hub: everyone signs in, and sees what their role allows\n(--s3-presign-seconds: how long a player's address to a take in the bucket lives, 60 by default)",
    flags: {
      listen: 'string',
      'tls-cert': 'string',
      'tls-key': 'string',
      'trust-proxy': 'boolean',
      'proxy-hops': 'string',
      'public-url': 'string',
      'min-free-mb': 'string',
      media: 'string',
      'media-via-hub': 'boolean',
      's3-presign-seconds': 'string',
      ...mediaFlags,
    },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const plan = hubPlan(ctx.flags);
      // Before the hub serves: its uploads go where the takes live.
      const location = await applyMediaChoice(ctx, ctx.core());
      if (plan.hub?.presignSeconds !== undefined && location.kind !== 's3') {
        throw new UsageError('--s3-presign-seconds goes with a hub whose takes are in a bucket (--media s3://BUCKET): this one keeps them on its own disk.');
      }
      const tls = plan.tlsFiles ? { cert: fs.readFileSync(plan.tlsFiles.cert), key: fs.readFileSync(plan.tlsFiles.key) } : undefined;
      return serveUntilStopped(ctx, { listenHost: plan.listenHost, port: plan.port, hub: plan.hub, ...(tls ? { tls } : {}) }, (core) => {
        if (!core.access.list().some((e) => e.role === 'admin')) ctx.io.out('No admin yet: invite one with `reprise hub invite EMAIL --role admin`.');
        core.xapi.start();
        finishTakes(ctx, core);
      });
    },
  },
  {
    path: ['hub', 'media', 'migrate'],
    usage: '--to local|s3://BUCKET [--s3-endpoint URL] [--s3-region R] [--s3-path-style] [--delete-local] [--json]',
    summary: "Copy every take to the other media location, each checked by its sha256, and switch the hub\nonly when all are there (refused while the hub runs; run again to resume; local files stay unless --delete-local)",
    flags: { to: 'string', 'delete-local': 'boolean', ...mediaFlags },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      if (ctx.flags.to === undefined) throw new UsageError('Say where to: --to local or --to s3://BUCKET.');
      const to = mediaLocationOf(ctx.flags.to as string, ctx.flags);
      if (ctx.flags['delete-local'] && to.kind !== 's3') throw new UsageError('--delete-local goes with --to s3://BUCKET (it removes the local copies once the bucket has them all).');
      refuseWhileHubRuns(ctx);
      const json = Boolean(ctx.flags.json);
      const report = await migrateMedia(ctx.core(), to, {
        deleteLocal: Boolean(ctx.flags['delete-local']),
        onTake: (id, outcome, done, total) => {
          if (!json) ctx.io.out(`${done}/${total} ${id}: ${outcome === 'copied' ? 'copied and checked' : outcome === 'there' ? 'already there' : 'FAILED'}`);
        },
      });
      if (json) ctx.io.out(JSON.stringify(report, null, 2));
      else {
        for (const f of report.failed) ctx.io.err(`reprise: ${f.id}: ${f.reason}`);
        ctx.io.out(
          report.switched
            ? `All ${report.copied.length + report.alreadyThere.length} take(s) are in ${report.to}; the hub now uses it.${report.deletedLocal ? ` Removed ${report.deletedLocal} local take file(s).` : ''}`
            : `${report.failed.length} take(s) could not be copied; the hub still uses ${report.from}. Run the same command again to go on.`,
        );
      }
      return report.switched ? 0 : 1;
    },
  },
  {
    path: ['hub', 'invite'],
    usage: 'EMAIL [--role admin|manager|coach|rep] [--hours N] [--json]',
    summary: 'Make a one-time sign-in code for someone on the roster\n(works while the hub runs; the code is shown once)',
    flags: { role: 'string', hours: 'string' },
    async run(ctx) {
      if (ctx.args.length !== 1) throw new UsageError('hub invite takes one EMAIL.');
      const role = ctx.flags.role as string | undefined;
      if (role !== undefined && !accessRoles.includes(role as AccessRole)) throw new UsageError(`--role is one of ${accessRoles.join(', ')}.`);
      const hours = ctx.flags.hours === undefined ? inviteHours.default : Number(ctx.flags.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > inviteHours.max) throw new UsageError(`--hours is a whole number from 1 to ${inviteHours.max}.`);
      const core = ctx.core();
      const email = ctx.args[0]!.trim().toLowerCase();
      const rep = (await call(core, 'people:list', { includeArchived: false })).find((r) => r.email.toLowerCase() === email);
      if (!rep) {
        ctx.io.err(`reprise: ${email} is not on the roster. Add them first (reprise reps import roster.csv).`);
        return 1;
      }
      const invite = await call(core, 'invites:create', { repId: rep.id, role: (role as AccessRole | undefined) ?? null, hours });
      if (ctx.flags.json) ctx.io.out(JSON.stringify(invite, null, 2));
      else ctx.io.out(`Sign-in code for ${invite.name} <${invite.email}> (${invite.role}): ${invite.code}\nValid until ${invite.expiresAt}; it works once.`);
      return 0;
    },
  },
  {
    path: ['hub', 'invites'],
    usage: '[--revoke CODE] [--json]',
    summary: 'List the sign-in codes not used yet, or take one back with --revoke',
    flags: { revoke: 'string' },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const core = ctx.core();
      const code = ctx.flags.revoke as string | undefined;
      if (code !== undefined) {
        const revoked = await call(core, 'invites:revoke', { code });
        if (ctx.flags.json) ctx.io.out(JSON.stringify(revoked, null, 2));
        else ctx.io.out(`Took back the invitation for ${revoked.name} <${revoked.email}>: its code no longer signs anyone in.`);
        return 0;
      }
      const open = await call(core, 'invites:list', {});
      if (ctx.flags.json) ctx.io.out(JSON.stringify(open, null, 2));
      else if (open.length === 0) ctx.io.out('No open invitations.');
      else for (const i of open) ctx.io.out(`${i.name} <${i.email}> (${i.role}), made ${i.createdAt}${i.createdByName ? ` by ${i.createdByName}` : ''}, valid until ${i.expiresAt}`);
      return 0;
    },
  },
];
