import fs from 'node:fs';
import type { CertificationStatus, ConversationMetricKey, MetricBound, MissingItem, RepReinforcement, Verification } from '../../shared/certification';
import { isoDate } from '../../shared/people';
import { AppError, ErrorCode } from '../../shared/errors';
import { call } from './call';
import { expectArgs, UsageError, type Command } from './types';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

const metricNames: Record<ConversationMetricKey, { name: string; unit: string }> = {
  'seller-talk-ratio': { name: 'the seller’s talk ratio', unit: ' %' },
  'seller-longest-monologue': { name: 'the seller’s longest monologue', unit: ' s' },
  interactivity: { name: 'interactivity', unit: ' switches a minute' },
  patience: { name: 'patience', unit: ' s' },
  'seller-interruptions': { name: 'the seller’s interruptions', unit: '' },
};

/** "the seller's talk ratio at most 60 %" */
export function describeMetric(b: MetricBound): string {
  const { name, unit } = metricNames[b.metricKey];
  if (b.min !== null && b.max !== null) return `${name} between ${b.min} and ${b.max}${unit}`;
  return b.min !== null ? `${name} at least ${b.min}${unit}` : `${name} at most ${b.max}${unit}`;
}

/** Why a role-play did not count, for the reasons a level's conversation metrics add. */
function describeMetricVerdict(v: CertificationStatus['verdicts'][number]): string | null {
  if (!v.metricKey || (v.reason !== 'metric' && v.reason !== 'no-analysis')) return null;
  const name = metricNames[v.metricKey].name;
  return v.reason === 'no-analysis'
    ? `the role-play on ${day(v.at)} did not count for ${v.level}: it has no analysed recording that measures ${name}`
    : `the role-play on ${day(v.at)} did not count for ${v.level}: ${name} was outside the level’s range`;
}

/** What the next step still needs, in a sentence. */
export function describeMissing(item: MissingItem): string {
  const conditions =
    item.kind === 'wait'
      ? []
      : [...item.blockers.map((b) => `${b.criterionKey} at ${b.minScore} or above`), ...(item.metrics ?? []).map((m) => `${describeMetric(m)} in the recording`)];
  const blockers = conditions.length === 0 ? '' : `, with ${conditions.join(' and ')}`;
  switch (item.kind) {
    case 'roleplays':
      return `${item.level}: ${item.remaining} more ${item.remaining === 1 ? 'role-play' : 'role-plays'} scored ${item.minScore} or above by a certifier${blockers}`;
    case 'wait':
      return `${item.level}: opens on ${day(item.until)}`;
    case 'renewal':
      return `${item.level}: one role-play scored ${item.minScore} or above by a certifier to renew${blockers}`;
  }
}

/** The promised JSON shape, with the verification code and the certifier besides. */
function toJson(s: CertificationStatus) {
  return {
    rep: s.rep.email,
    focusArea: s.focusArea.id,
    level: s.level,
    state: s.state,
    grantedAt: s.grantedAt,
    expiresAt: s.expiresAt,
    missing: s.missing.map(describeMissing),
    history: s.history.map((h) => ({ level: h.level, grantedAt: h.grantedAt, expiredAt: h.expiredAt })),
    certifier: s.certifier?.name ?? null,
    code: s.code,
  };
}

function formatList(list: CertificationStatus[]): string {
  if (list.length === 0) return 'No reps yet.';
  return list
    .map((s) => {
      const expiry = s.expiresAt === null ? '' : s.state === 'expired' ? ` ${day(s.expiresAt)}` : `, expires ${day(s.expiresAt)}`;
      const level = s.level ? `${s.level} (${s.state}${expiry})` : 'in progress';
      const missing = s.missing.map((m) => `\n    needs ${describeMissing(m)}`).join('');
      const uncounted = s.verdicts.map(describeMetricVerdict).flatMap((text) => (text ? [`\n    ${text}`] : [])).join('');
      return `${s.rep.name} <${s.rep.email}> · ${s.focusArea.name}: ${level}${missing}${uncounted}`;
    })
    .join('\n');
}

function formatVerification(v: Verification): string {
  if (!v.genuine) return `${v.code}: not a certificate issued here.`;
  const when = `granted ${day(v.grantedAt)}${v.expiresAt ? `, ${v.current ? 'valid until' : 'expired'} ${day(v.expiresAt)}` : ''}`;
  return `${v.code}: genuine. ${v.rep}, ${v.focusArea}, ${v.level}; ${when}${v.certifier ? `; certified by ${v.certifier}` : ''}. ${v.current ? 'Current.' : 'Not current.'}`;
}

function reinforcementJson(r: RepReinforcement) {
  return {
    rep: r.rep.email,
    due: r.cards.map((c) => ({
      ...(c.kind === 'focus-area' ? { focusArea: c.key } : { criterion: c.key }),
      name: c.name,
      retrievability: Math.round(c.retrievability * 1000) / 1000,
      dueAt: c.dueAt,
    })),
  };
}

function formatDue(list: RepReinforcement[]): string {
  if (list.length === 0) return 'Nothing is due for reinforcement.';
  return list
    .map((r) => [`${r.rep.name} <${r.rep.email}>`, ...r.cards.map((c) => `  ${c.name}: retention ${c.retrievability.toFixed(2)}, due ${day(c.dueAt)}`)].join('\n'))
    .join('\n');
}

export const certificationsCommands: Command[] = [
  {
    path: ['certifications', 'list'],
    usage: '[--rep EMAIL] [--json]',
    summary: 'Each rep\'s certification level per focus area, its state and\nexpiry, and what the next level still needs',
    flags: { rep: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const core = ctx.core();
      let repId: string | undefined;
      if (typeof ctx.flags.rep === 'string') {
        const email = ctx.flags.rep.toLowerCase();
        const rep = (await call(core, 'people:list', { includeArchived: true })).find((r) => r.email.toLowerCase() === email);
        if (!rep) throw new AppError(ErrorCode.notFound, `No rep with the email ${ctx.flags.rep}.`, [{ path: 'rep', message: 'Unknown email' }]);
        repId = rep.id;
      }
      const list = await call(core, 'certifications:list', repId ? { repId } : {});
      ctx.io.out(ctx.flags.json ? JSON.stringify(list.map(toJson), null, 2) : formatList(list));
      return 0;
    },
  },
  {
    path: ['certifications', 'verify'],
    usage: 'CODE [--json]',
    summary: 'Whether a certificate\'s verification code is genuine and current\n(exit 1 when it is not)',
    async run(ctx) {
      const [code] = expectArgs(ctx, 1, 'certifications verify needs the code, e.g. reprise certifications verify 7KQ2-M9XD-44TB');
      const result = await call(ctx.core(), 'certifications:verify', { code: code! });
      ctx.io.out(ctx.flags.json ? JSON.stringify(result, null, 2) : formatVerification(result));
      return result.genuine && result.current ? 0 : 1;
    },
  },
  {
    path: ['certifications', 'certificate'],
    usage: 'CODE --out FILE.pdf [--html FILE.html] [--lang en|fi] [--json]',
    summary: 'Write the printable certificate of a verification code as an A4 PDF\n(and as an HTML page); one that no longer holds says so',
    flags: { out: 'string', html: 'string', lang: 'string' },
    async run(ctx) {
      const [code] = expectArgs(ctx, 1, 'certifications certificate needs the code, e.g. reprise certifications certificate 7KQ2-M9XD-44TB --out certificate.pdf');
      const out = ctx.flags.out;
      if (typeof out !== 'string' || out === '') throw new UsageError('certifications certificate needs --out FILE.pdf.');
      const html = ctx.flags.html;
      if (html !== undefined && (typeof html !== 'string' || html === '')) throw new UsageError('--html needs a file name.');
      const lang = ctx.flags.lang ?? 'en';
      if (lang !== 'en' && lang !== 'fi') throw new UsageError('--lang is en or fi.');
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const result = await call(ctx.core(), 'certifications:certificate', { code: code!, language: lang, timeZone });
      const write = (file: string, data: string | Buffer) => {
        try {
          fs.writeFileSync(file, data);
        } catch (error) {
          const reason = (error as NodeJS.ErrnoException).code;
          throw new AppError('file_unwritable', `Cannot write ${file} (${reason}). Check that the folder exists and you may write there.`);
        }
      };
      write(out, Buffer.from(result.pdf, 'base64'));
      if (typeof html === 'string') write(html, result.html);
      const { document } = result;
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ pdf: out, html: html ?? null, code: document.code, standing: document.standing }));
      else {
        const standing = document.standing === 'current' ? '' : ` It is no longer current (${document.standing}).`;
        ctx.io.out(`Wrote the certificate of ${document.rep.name} (${document.focusArea.name}, ${document.level}) to ${out}${typeof html === 'string' ? ` and ${html}` : ''}.${standing}`);
      }
      return 0;
    },
  },
  {
    path: ['reinforcement', 'due'],
    usage: '[--on YYYY-MM-DD] [--json]',
    summary: 'Focus areas and criteria due for practice on a day (default today),\nper rep, with the predicted retention (FSRS)',
    flags: { on: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const on = ctx.flags.on;
      if (on !== undefined && (typeof on !== 'string' || !isoDate.safeParse(on).success)) throw new UsageError('--on needs a date such as 2026-12-02.');
      const list = await call(ctx.core(), 'reinforcement:due', typeof on === 'string' ? { on } : {});
      ctx.io.out(ctx.flags.json ? JSON.stringify(list.map(reinforcementJson), null, 2) : formatDue(list));
      return 0;
    },
  },
];
