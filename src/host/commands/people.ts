import path from 'node:path';
import type { Rep } from '../../shared/people';
import { readTextFile, readAs } from './files';
import { call } from './call';
import { expectArgs, type Command } from './types';

function formatTable(reps: Rep[]): string {
  if (reps.length === 0) return 'No reps yet. Import a roster with: reprise reps import roster.csv';
  const rows = [
    ['NAME', 'EMAIL', 'ROLE', 'TEAM', 'HIRED', 'SENIORITY', 'STATUS'],
    ...reps.map((r) => [
      r.name,
      r.email,
      r.role,
      r.team,
      r.hireDate ?? '',
      r.seniority.replace('_', ' '),
      r.archived ? 'archived' : r.coach ? 'active, coach' : 'active',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export const peopleCommands: Command[] = [
  {
    path: ['reps', 'import'],
    usage: 'FILE [--json]',
    summary: 'Import or update reps from a roster CSV\n(columns: name, email, role, team, hire_date, manager_email, coach, coach_email)',
    async run(ctx) {
      const [file] = expectArgs(ctx, 1, 'reps import takes exactly one FILE.');
      const { text: csv, encoding } = readTextFile(file!);
      const report = await call(ctx.core(), 'people:import', { csv, encoding });
      const name = path.basename(file!);
      const shown = `${name}${readAs(encoding)}`;
      if (ctx.flags.json) ctx.io.out(JSON.stringify(report, null, 2));
      else {
        ctx.io.out(
          `Imported ${shown}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.rejected.length} rejected.`,
        );
      }
      for (const warning of report.warnings) ctx.io.err(`${name}: warning: ${warning}`);
      for (const r of report.rejected) ctx.io.err(`${name}:${r.line}: ${r.email ? `${r.email}: ` : ''}${r.reason}`);
      return report.rejected.length ? 1 : 0;
    },
  },
  {
    path: ['reps', 'list'],
    usage: '[--all] [--json]',
    summary: 'List reps (--all includes archived reps)',
    flags: { all: 'boolean' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const reps = await call(ctx.core(), 'people:list', { includeArchived: Boolean(ctx.flags.all) });
      ctx.io.out(ctx.flags.json ? JSON.stringify(reps, null, 2) : formatTable(reps));
      return 0;
    },
  },
];
