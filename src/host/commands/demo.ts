import { seedDemoRecordings } from '../../core/demo/demo-recordings';
import { markDemoCertifiers } from '../../core/demo/demo-certifiers';
import { seedDemo } from '../../core/demo/demo-seed';
import { clockFromEnv } from '../../core/clock';
import { expectArgs, UsageError, type Command } from './types';

function count(raw: string | boolean | undefined, fallback: number, name: string, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 2 || value > max) throw new UsageError(`--${name} takes a whole number from 2 to ${max}.`);
  return value;
}

export const demoCommands: Command[] = [
  {
    path: ['demo', 'seed'],
    usage: '[--reps N] [--weeks N] [--json]',
    summary: 'Fill an empty data folder with a made-up team to explore\n(roster, a weekly program, scorecards, coaching notes, deals, recordings)',
    flags: { reps: 'string', weeks: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const reps = count(ctx.flags.reps, 12, 'reps', 2000);
      const weeks = count(ctx.flags.weeks, 26, 'weeks', 104);
      const core = ctx.core();
      const team = seedDemo(core.db, clockFromEnv(), { reps, weeks });
      markDemoCertifiers(core.db, core.certification);
      const report = { ...team, recordings: await seedDemoRecordings(core.db, core) };
      if (ctx.flags.json) ctx.io.out(JSON.stringify(report, null, 2));
      else {
        ctx.io.out(
          `Demo team in ${ctx.dataDir}: ${report.reps} people, ${report.sessions} sessions, ${report.scorecards} scorecards, ` +
            `${report.coachingNotes} coaching notes, ${report.opportunities} opportunities, ${report.recordings} recordings.`,
        );
      }
      return 0;
    },
  },
];
