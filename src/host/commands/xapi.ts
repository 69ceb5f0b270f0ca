import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import type { XapiRun, XapiStatus } from '../../shared/xapi';
import { call } from './call';
import { UsageError, type Command } from './types';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const stoppedBecause: Record<NonNullable<XapiRun['stopped']>, string> = {
  auth: 'the LRS did not accept the username and password (or key and secret); check them in Settings',
  network: 'the LRS could not be reached',
  server: 'the LRS had a problem',
};

function describeRun(run: XapiRun): string {
  const lines = [`Sent ${plural(run.sent, 'statement', 'statements')}${run.alreadyThere ? ` (${run.alreadyThere} the LRS already had)` : ''}.`];
  if (run.refused) lines.push(`${plural(run.refused, 'statement was', 'statements were')} refused by the LRS; \`reprise xapi status\` shows why.`);
  if (run.stopped) lines.push(`Stopped: ${stoppedBecause[run.stopped]}${run.detail ? ` (${run.detail})` : ''}. ${plural(run.retrying, 'statement waits', 'statements wait')} for the next try.`);
  return lines.join('\n');
}

function describeStatus(s: XapiStatus, endpoint: string, version: string): string {
  const lines = [
    s.enabled ? `Sending: on, to ${endpoint} (xAPI ${version})` : 'Sending: off (turn it on in Settings, as an admin)',
    `Sent ${s.sent}, waiting ${s.queued}${s.retrying ? ` (${s.retrying} after a failed try)` : ''}, refused ${s.refused}.${s.lastSentAt ? ` Last sent ${s.lastSentAt}.` : ''}`,
  ];
  if (s.lastFailure) lines.push(`The last try failed: ${stoppedBecause[s.lastFailure.kind]}${s.lastFailure.detail ? ` (${s.lastFailure.detail})` : ''}. Next try ${s.lastFailure.nextTryAt}.`);
  for (const p of s.refusedList) lines.push(`  refused: ${p.verb} ${p.recordId} (statement ${p.id}): ${p.detail}`);
  return lines.join('\n');
}

export const xapiCommands: Command[] = [
  {
    path: ['xapi', 'export'],
    usage: '--out FILE.json [--since YYYY-MM-DD]',
    summary: "Write the xAPI statements Reprise sends (scorecards, levels passed and failed)\nto a JSON file for an LRS's own import (--since: what happened from that day)",
    flags: { out: 'string', since: 'string' },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const out = ctx.flags.out;
      if (typeof out !== 'string' || out === '') throw new UsageError('xapi export needs --out FILE.json.');
      const since = ctx.flags.since as string | undefined;
      const { statements } = await call(ctx.core(), 'xapi:export', since === undefined ? {} : { since });
      try {
        fs.writeFileSync(out, `${JSON.stringify(statements, null, 2)}\n`);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new AppError('file_unwritable', `Cannot write ${out} (${code}). Check that the folder exists and you may write there.`);
      }
      ctx.io.err(`Wrote ${plural(statements.length, 'statement', 'statements')} to ${path.basename(out)}.`);
      return 0;
    },
  },
  {
    path: ['xapi', 'status'],
    usage: '[--json]',
    summary: 'What waits to go to the LRS, what was sent and what it refused (and why)',
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      const core = ctx.core();
      const status = await call(core, 'xapi:status', {});
      if (ctx.flags.json) ctx.io.out(JSON.stringify(status, null, 2));
      else {
        const settings = await call(core, 'xapi:settings', {});
        ctx.io.out(describeStatus(status, settings.endpoint, settings.version));
      }
      return 0;
    },
  },
  {
    path: ['xapi', 'send'],
    usage: '[--retry-refused] [--json]',
    summary:
      'Send every statement waiting for the LRS now (--retry-refused: also those the LRS\nrefused, once it takes them; exit 1 when any was refused or the run stopped)',
    flags: { 'retry-refused': 'boolean' },
    async run(ctx) {
      if (ctx.args.length) throw new UsageError(`Unexpected argument: ${ctx.args[0]}`);
      if (ctx.flags['retry-refused']) await call(ctx.core(), 'xapi:retry-refused', {});
      const run = await call(ctx.core(), 'xapi:send', {});
      ctx.io.out(ctx.flags.json ? JSON.stringify(run, null, 2) : describeRun(run));
      return run.refused || run.stopped ? 1 : 0;
    },
  },
];
