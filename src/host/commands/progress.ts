import path from 'node:path';
import { AppError, ErrorCode } from '../../shared/errors';
import { outcomeFields, type OutcomeField } from '../../shared/progress';
import { readTextFile, readAs } from './files';
import { call } from './call';
import { expectArgs, UsageError, type Command } from './types';

/** `--map owner_email="Sales Rep",amount=Value`: which header holds each field, for exports Reprise does not recognize. */
function parseMapping(raw: string | undefined): Partial<Record<OutcomeField, string>> | undefined {
  if (!raw) return undefined;
  const mapping: Partial<Record<OutcomeField, string>> = {};
  for (const pair of raw.split(',')) {
    const at = pair.indexOf('=');
    const field = pair.slice(0, at).trim() as OutcomeField;
    if (at < 0 || !outcomeFields.includes(field)) throw new UsageError(`--map takes field=Header pairs; the fields are ${outcomeFields.join(', ')}.`);
    mapping[field] = pair.slice(at + 1).trim().replace(/^"|"$/g, '');
  }
  return mapping;
}

const percent = (value: number | null) => (value === null ? '-' : `${Math.round(value * 100)}%`);

export const progressCommands: Command[] = [
  {
    path: ['outcomes', 'import'],
    usage: 'FILE [--map FIELD=HEADER,...] [--json]',
    summary: 'Import CRM opportunities (Salesforce or HubSpot export) or quotas\n(owner_email, period, quota); again to update by opportunity id',
    flags: { map: 'string' },
    async run(ctx) {
      const [file] = expectArgs(ctx, 1, 'outcomes import takes exactly one FILE.');
      const { text: csv, encoding } = readTextFile(file!);
      const mapping = parseMapping(ctx.flags.map as string | undefined);
      const report = await call(ctx.core(), 'outcomes:import', { csv, encoding, ...(mapping ? { mapping } : {}) });
      const name = path.basename(file!);
      const shown = `${name}${readAs(encoding)}`;
      if (ctx.flags.json) ctx.io.out(JSON.stringify(report, null, 2));
      else if (report.quotas) ctx.io.out(`Imported ${shown}: ${report.quotas} quotas, ${report.rejected.length} rejected.`);
      else ctx.io.out(`Imported ${shown}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected.`);
      for (const warning of report.warnings) ctx.io.err(`${name}: warning: ${warning}`);
      for (const r of report.rejected) ctx.io.err(`${name}:${r.line}: ${r.email ? `${r.email}: ` : ''}${r.reason}`);
      return report.rejected.length ? 1 : 0;
    },
  },
  {
    path: ['progress', 'rep'],
    usage: 'EMAIL [--json]',
    summary: "A rep's arc: weeks, scores per focus area and criterion, results per quarter",
    async run(ctx) {
      const [email] = expectArgs(ctx, 1, 'progress rep takes exactly one EMAIL.');
      const rep = ctx.core().people.findByEmail(email!);
      if (!rep) throw new AppError(ErrorCode.notFound, `No rep with the email ${email}. See reprise reps list.`);
      const arc = await call(ctx.core(), 'progress:rep', { repId: rep.id });
      if (ctx.flags.json) {
        ctx.io.out(JSON.stringify(arc, null, 2));
        return 0;
      }
      const held = arc.weeks.reduce((n, w) => n + w.held, 0);
      const missed = arc.weeks.reduce((n, w) => n + w.missed, 0);
      ctx.io.out(`${arc.rep.name} <${arc.rep.email}>${arc.rep.hireDate ? `, hired ${arc.rep.hireDate}` : ''}`);
      ctx.io.out(`Sessions: ${held} held, ${missed} missed over ${arc.weeks.length} weeks`);
      for (const area of arc.scores) {
        const last = area.points.at(-1);
        ctx.io.out(`${area.focusAreaName}: ${area.points.length} scorecards${last ? `, latest ${last.score} (${last.date})` : ''}`);
      }
      for (const p of arc.outcomes.byPeriod) {
        ctx.io.out(`${p.period}: ${p.won}/${p.closed} won (${percent(p.winRate)}), average deal ${p.avgDealSize ?? '-'}, median ${p.medianDaysToClose ?? '-'} days to close`);
      }
      if (arc.outcomes.firstWonDaysFromHire !== null) ctx.io.out(`First won deal ${arc.outcomes.firstWonDaysFromHire} days after the hire date`);
      return 0;
    },
  },
  {
    path: ['progress', 'team'],
    usage: '[--team NAME] [--json]',
    summary: 'The team at a glance: heatmap, cadence, who is slipping, the 46–179 gap, learning circles,\nresults before and after certification',
    flags: { team: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const team = ctx.flags.team as string | undefined;
      const filter = team ? { team } : {};
      // The app fetches certification's results on their own; the CLI prints the whole view at once.
      const answer = { ...(await call(ctx.core(), 'progress:team', filter)), certified: await call(ctx.core(), 'progress:certified', filter) };
      if (ctx.flags.json) {
        ctx.io.out(JSON.stringify(answer, null, 2));
        return 0;
      }
      const name = new Map(answer.reps.map((r) => [r.id, r.name]));
      ctx.io.out(`${answer.reps.length} reps, as of ${answer.asOf}`);
      for (const s of answer.slipping) ctx.io.out(`Slipping: ${name.get(s.repId)}: ${s.reasons.map((r) => r.kind).join(', ')}`);
      for (const m of answer.cadence.missedTwoInARow) ctx.io.out(`Missed two in a row: ${name.get(m.repId)} (${m.dates.join(', ')})`);
      ctx.io.out(`46–179 gap: median ${answer.gap.medianEarlyPerWeek ?? '-'} sessions a week in days 0–45, ${answer.gap.medianBandPerWeek ?? '-'} in days 46–179`);
      const pct = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}`);
      for (const c of answer.certified) {
        const win = c.measures.find((m) => m.label.startsWith('winRate'))!;
        const interval = win.low === null || win.high === null ? 'too few reps for an interval' : `95% interval ${pct(win.low)} to ${pct(win.high)}`;
        ctx.io.out(
          `Certified ${c.focusAreaName} ${c.level} (${c.reps} reps): win rate ${pct(win.b)}% before the grant (n=${win.nB}), ${pct(win.a)}% 7+ days after (n=${win.nA}); ` +
            `difference ${pct(win.difference)} pp (${interval}); a pattern, not a cause`,
        );
      }
      return 0;
    },
  },
];
