import fs from 'node:fs';
import path from 'node:path';
import type { RubricTemplate } from '../../shared/scorecards';
import { AppError } from '../../shared/errors';
import { readTextFile, readAs } from './files';
import { call } from './call';
import { expectArgs, UsageError, type Command } from './types';

/** 3, 4, 5, 9 → "3-5,9": a group of a scorecard's rows is usually consecutive. */
function lineRanges(lines: number[]): string {
  const sorted = [...lines].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function formatWeight(weight: number): string {
  return Number.isInteger(weight) ? String(weight) : weight.toFixed(2).replace(/0+$/, '');
}

/** Each template with its criteria and the five behavioural anchors, as a reviewer would read them. */
function formatTemplates(templates: RubricTemplate[]): string {
  if (templates.length === 0) return 'No rubric templates yet.';
  return templates
    .map((t) => {
      const flags = [t.isDefault ? 'default' : '', t.archived ? 'archived' : '', t.usedBy ? `used by ${t.usedBy}` : ''].filter(Boolean);
      const lines = [`${t.name} (version ${t.version}) · ${t.focusAreaName}${flags.length ? ` · ${flags.join(', ')}` : ''}`, `  id: ${t.id}`];
      if (t.description) lines.push(`  ${t.description}`);
      t.criteria.forEach((c, i) => {
        lines.push(`  ${i + 1}. ${c.name} (weight ${formatWeight(c.weight)}, ${c.required ? 'required' : 'optional'})`);
        if (c.description) lines.push(`     ${c.description}`);
        c.anchors.forEach((anchor, level) => lines.push(`     ${level + 1}: ${anchor}`));
      });
      for (const s of t.sections) lines.push(`  - ${s.title}${s.required ? ' (required)' : ''}${s.prompt ? `: ${s.prompt}` : ''}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

export const scorecardsCommands: Command[] = [
  {
    path: ['templates', 'list'],
    usage: '[--all] [--json]',
    summary: 'List rubric templates with their criteria, anchors and version\n(--all includes archived templates)',
    flags: { all: 'boolean' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const templates = await call(ctx.core(), 'rubric-templates:list', { includeArchived: Boolean(ctx.flags.all) });
      ctx.io.out(ctx.flags.json ? JSON.stringify(templates, null, 2) : formatTemplates(templates));
      return 0;
    },
  },
  {
    path: ['scorecards', 'import'],
    usage: 'FILE [--json]',
    summary:
      'Import submitted scorecards from a CSV, one row per criterion score\n(columns: session_date, focus_area, seller_email, buyer_email, reviewer_email,\nreviewer_role, criterion, score, comment); importing again changes nothing',
    async run(ctx) {
      const [file] = expectArgs(ctx, 1, 'scorecards import takes exactly one FILE.');
      const { text: csv, encoding } = readTextFile(file!);
      const report = await call(ctx.core(), 'scorecards:import', { csv, encoding });
      const name = path.basename(file!);
      const shown = `${name}${readAs(encoding)}`;
      if (ctx.flags.json) ctx.io.out(JSON.stringify(report, null, 2));
      else {
        const count = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;
        ctx.io.out(
          `Imported ${shown}: ${count(report.created, 'scorecard', 'scorecards')} created, ${report.revised} revised, ${report.unchanged} unchanged, ` +
            `${report.rejected.length} rejected; ${count(report.sessionsCreated, 'session', 'sessions')} created.`,
        );
      }
      for (const warning of report.warnings) ctx.io.err(`${name}: warning: ${warning}`);
      for (const r of report.rejected) ctx.io.err(`${name}:${lineRanges(r.lines)}: ${r.reasons.join(' ')}`);
      return report.rejected.length ? 1 : 0;
    },
  },
  {
    path: ['scorecards', 'export'],
    usage: '--format csv|json [--raw] [--excel [--lang en|fi]] [--out FILE]',
    summary:
      "Export submitted scorecards, one row per criterion score\n(to FILE with --out, else to stdout; text that a spreadsheet would run\nas a formula starts with ', unless --raw; --excel: for Excel in that language,\nwith a BOM, its decimal mark and ; in Finnish)",
    flags: { format: 'string', out: 'string', raw: 'boolean', excel: 'boolean', lang: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const format = ctx.flags.format;
      if (format !== 'csv' && format !== 'json') throw new UsageError('scorecards export needs --format csv or --format json.');
      const out = ctx.flags.out;
      if (out !== undefined && (typeof out !== 'string' || out === '')) throw new UsageError('--out needs a file name.');
      if (ctx.flags.raw && format !== 'csv') throw new UsageError('--raw applies to --format csv only.');
      if (ctx.flags.excel && format !== 'csv') throw new UsageError('--excel applies to --format csv only.');
      const lang = ctx.flags.lang ?? 'en';
      if (lang !== 'en' && lang !== 'fi') throw new UsageError('--lang is en or fi.');
      const excel = ctx.flags.excel ? { excel: lang as 'en' | 'fi' } : {};
      const result = await call(ctx.core(), 'scorecards:export', { format, raw: Boolean(ctx.flags.raw), ...excel });
      if (typeof out === 'string') {
        try {
          fs.writeFileSync(out, result.content);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new AppError('file_unwritable', `Cannot write ${out} (${code}). Check that the folder exists and you may write there.`);
        }
        ctx.io.err(`Wrote ${result.rowCount} ${result.rowCount === 1 ? 'row' : 'rows'} to ${path.basename(out)}.`);
      } else {
        // The printer ends the last line itself.
        ctx.io.out(result.content.replace(/\r?\n$/, ''));
      }
      return 0;
    },
  },
];
