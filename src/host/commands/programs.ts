import fs from 'node:fs';
import type { Core } from '../../core/core';
import type { ChannelInput } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import { describeFocus, describePairing, type Program, type ProgramSession } from '../../shared/programs';
import { call } from './call';
import { expectArgs, UsageError, type Command, type CommandContext, type Io } from './types';

function text(ctx: CommandContext, name: string, required: boolean): string | undefined {
  const value = ctx.flags[name];
  if (value === undefined) {
    if (required) throw new UsageError(`Missing --${name}.`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} needs a value.`);
  return value.trim();
}

function integer(ctx: CommandContext, name: string, required: boolean): number | undefined {
  const value = text(ctx, name, required);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}".`);
  return Number(value);
}

const list = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean));

async function repIdsByEmail(core: Core, emails: string[]): Promise<string[]> {
  const reps = await call(core, 'people:list', { includeArchived: true });
  const byEmail = new Map(reps.map((r) => [r.email.toLowerCase(), r.id]));
  const unknown = emails.filter((e) => !byEmail.has(e.toLowerCase()));
  if (unknown.length) {
    throw new AppError(
      ErrorCode.invalidInput,
      `No rep with the email ${unknown.join(', ')}. Import them first (reprise reps import roster.csv) or check the spelling.`,
      unknown.map((e) => ({ path: 'reps', message: `Unknown email ${e}` })),
    );
  }
  return emails.map((e) => byEmail.get(e.toLowerCase())!);
}

const weekdayNames: Record<string, string> = { mon: 'Mondays', tue: 'Tuesdays', wed: 'Wednesdays', thu: 'Thursdays', fri: 'Fridays', sat: 'Saturdays', sun: 'Sundays' };

function describeProgram(p: Program): string {
  const end = p.endDate ? ` to ${p.endDate}` : '';
  return `${weekdayNames[p.weekday]} ${p.time} for ${p.durationMinutes} min, ${p.timeZone}, from ${p.startDate}${end}`;
}

function formatPrograms(programs: Program[]): string {
  if (programs.length === 0) return 'No programs yet. Create one with: reprise programs create --help';
  const rows = [
    ['NAME', 'ID', 'WHEN', 'REPS', 'FOCUS', 'STRATEGY', 'STATUS'],
    ...programs.map((p) => {
      const archivedReps = p.reps.filter((r) => r.archived).length;
      return [
        p.name,
        p.id,
        describeProgram(p),
        `${p.reps.length}${archivedReps ? ` (${archivedReps} archived, left out)` : ''}`,
        p.focusAreaIds.join(' > '),
        p.strategy,
        p.archived ? 'archived' : 'active',
      ];
    }),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** The promised JSON shape: id, programId, week, startsAt, endsAt, focusArea, participants[{email, role}], and a little more. */
function sessionJson(s: ProgramSession) {
  return {
    id: s.id,
    programId: s.programId,
    week: s.week,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    focusArea: s.focusAreaId,
    participants: s.participants.map((p) => ({ email: p.email, role: p.role })),
    status: s.status,
    coach: s.participants.find((p) => p.repId === s.coachRepId)?.email ?? null,
    scenario: s.scenarioTitle,
    reason: s.reason ? describePairing(s.reason) : null,
    focusReason: s.reason?.focus ? describeFocus(s.reason.focus, s.focusAreaName, s.startsAt) : null,
  };
}

/**
 * Prints `JSON.stringify(items.map(map), null, 2)` a hundred items at a time, so a year of
 * sessions for a large team is never held as objects and as one long string at once. Each slice
 * waits until the reader has taken the one before: into a pipe, a year of a team's sessions
 * (tens of megabytes) was otherwise all queued in memory at once. A slice's text stays small (about
 * 150 kB): at 500 items each was a string of the size V8 keeps apart from other new objects, freed
 * only by a full collection, and a year of 2,000 reps' slices added some 20 MB to the peak.
 */
async function outJsonArray<T>(io: Io, items: readonly T[], map: (item: T) => unknown): Promise<void> {
  const out = io.out;
  if (items.length === 0) {
    out('[]');
    return;
  }
  out('[');
  const chunk = 100;
  for (let from = 0; from < items.length; from += chunk) {
    const to = Math.min(items.length, from + chunk);
    // A slice as an array of its own, indented as the items of the whole array are; without its
    // brackets it is the lines of those items (one stringify a slice, not one and a rewrite an item).
    const slice = JSON.stringify(items.slice(from, to).map((item) => map(item)), null, 2);
    out(`${slice.slice(2, -2)}${to < items.length ? ',' : ''}`);
    await io.drained?.();
  }
  out(']');
}

/** Prints the sessions a week at a time (each once the reader has taken the one before), so a year of a large team is never one string. */
async function printSessions(io: Io, sessions: ProgramSession[]): Promise<void> {
  const out = io.out;
  const lines: string[] = [];
  let week = '';
  for (const s of sessions) {
    if (s.week !== week) {
      if (lines.length) {
        out(lines.join('\n'));
        await io.drained?.();
      }
      lines.length = 0;
      week = s.week;
      const local = new Intl.DateTimeFormat('en-GB', { timeZone: s.timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(s.startsAt));
      lines.push(`${s.week}  ${local} ${s.timeZone}${s.reason?.focus ? '' : `  ${s.focusAreaName}`}`);
    }
    const people = s.participants.map((p) => `${p.name} (${p.role})`).join(', ');
    const coach = s.participants.find((p) => p.repId === s.coachRepId);
    lines.push(`  ${people}${coach ? `; coach ${coach.name}` : ''}${s.scenarioTitle ? `; scenario "${s.scenarioTitle}"` : ''}`);
    if (s.reason?.focus) lines.push(`    Focus ${describeFocus(s.reason.focus, s.focusAreaName, s.startsAt)}`);
    if (s.reason) lines.push(`    ${describePairing(s.reason)}`);
  }
  if (lines.length) out(lines.join('\n'));
}

export const programsCommands: Command[] = [
  {
    path: ['programs', 'create'],
    usage: '--name N --weekday DAY --time HH:MM ...',
    summary:
      'Create a weekly role-play program:\n--duration MIN --tz ZONE --start YYYY-MM-DD --reps EMAIL,EMAIL,...\n[--coaches EMAIL,EMAIL] [--end DATE] [--skip DATE,DATE] [--focus discovery,demo,personas]\n[--strategy mixed|cohort|rotate] [--focus-strategy rotation|adaptive]\n[--across-teams] [--window WEEKS] [--reminder MIN] [--json]',
    flags: {
      name: 'string',
      weekday: 'string',
      time: 'string',
      duration: 'string',
      tz: 'string',
      start: 'string',
      end: 'string',
      skip: 'string',
      reps: 'string',
      coaches: 'string',
      focus: 'string',
      strategy: 'string',
      'focus-strategy': 'string',
      'across-teams': 'boolean',
      window: 'string',
      reminder: 'string',
    },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const fields = {
        name: text(ctx, 'name', true)!,
        weekday: text(ctx, 'weekday', true)!.toLowerCase().slice(0, 3),
        time: text(ctx, 'time', true)!,
        durationMinutes: integer(ctx, 'duration', true)!,
        timeZone: text(ctx, 'tz', true)!,
        startDate: text(ctx, 'start', true)!,
        endDate: text(ctx, 'end', false) ?? null,
        skippedDates: list(text(ctx, 'skip', false)),
        focusAreaIds: list(text(ctx, 'focus', false)),
        strategy: text(ctx, 'strategy', false),
        focusStrategy: text(ctx, 'focus-strategy', false),
        repeatWindowWeeks: integer(ctx, 'window', false),
        pairAcrossTeams: Boolean(ctx.flags['across-teams']),
        reminderMinutes: integer(ctx, 'reminder', false),
      };
      const emails = list(text(ctx, 'reps', true))!;
      const repIds = await repIdsByEmail(ctx.core(), emails);
      const coachEmails = list(text(ctx, 'coaches', false));
      const coachIds = coachEmails ? await repIdsByEmail(ctx.core(), coachEmails) : [];
      // The contract checks the values (weekday, time, zone, strategy) and names the flag that is wrong.
      const program = await call(ctx.core(), 'programs:create', { ...fields, repIds, coachIds } as ChannelInput<'programs:create'>);
      if (ctx.flags.json) ctx.io.out(JSON.stringify(program, null, 2));
      else {
        ctx.io.out(`Created ${program.name} (${program.id}): ${describeProgram(program)}; ${program.reps.length} reps;${program.coaches.length ? ` coached by ${program.coaches.map((c) => c.name).join(', ')};` : ''} focus ${program.focusAreaIds.join(' > ')}; ${program.strategy} pairing${program.pairAcrossTeams ? ' across teams' : ''}; ${program.focusStrategy} focus.`);
        ctx.io.out(`Schedule the coming weeks with: reprise schedule generate --program ${program.id} --weeks 4`);
      }
      return 0;
    },
  },
  {
    path: ['programs', 'list'],
    usage: '[--all] [--json]',
    summary: 'List programs (--all includes archived ones)',
    flags: { all: 'boolean' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const programs = await call(ctx.core(), 'programs:list', { includeArchived: Boolean(ctx.flags.all) });
      ctx.io.out(ctx.flags.json ? JSON.stringify(programs, null, 2) : formatPrograms(programs));
      return 0;
    },
  },
  {
    path: ['schedule', 'generate'],
    usage: '--program ID [--weeks N] [--json]',
    summary: "Pair people and schedule the next N weeks (default 4) from the program's\nstart or this week, whichever is later; weeks already scheduled are kept",
    flags: { program: 'string', weeks: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const programId = text(ctx, 'program', true)!;
      const weeks = integer(ctx, 'weeks', false) ?? 4;
      const result = await call(ctx.core(), 'schedule:generate', { programId, weeks });
      if (ctx.flags.json) await outJsonArray(ctx.io, result.sessions, sessionJson);
      else {
        const kept = result.sessions.length - result.created;
        ctx.io.out(`Scheduled ${result.created} new session${result.created === 1 ? '' : 's'}${kept > 0 ? `; ${kept} already scheduled were kept as they are` : ''}.`);
        await printSessions(ctx.io, result.sessions);
      }
      return 0;
    },
  },
  {
    path: ['calendar', 'export'],
    usage: '(--rep EMAIL | --program ID) --out FILE.ics [--lang en|fi]',
    summary: 'Write the sessions of one rep or one program as an iCalendar file\n(Google Calendar, Outlook, Apple Calendar)',
    flags: { rep: 'string', program: 'string', out: 'string', lang: 'string' },
    async run(ctx) {
      expectArgs(ctx, 0, `Unexpected argument: ${ctx.args[0]}`);
      const email = text(ctx, 'rep', false);
      const programId = text(ctx, 'program', false);
      if (Boolean(email) === Boolean(programId)) throw new UsageError('calendar export needs either --rep EMAIL or --program ID.');
      const out = text(ctx, 'out', true)!;
      const lang = text(ctx, 'lang', false) ?? 'en';
      if (lang !== 'en' && lang !== 'fi') throw new UsageError('--lang is en or fi.');
      const repId = email ? (await repIdsByEmail(ctx.core(), [email]))[0] : undefined;
      const result = await call(ctx.core(), 'calendar:export', repId ? { repId, language: lang } : { programId: programId!, language: lang });
      try {
        fs.writeFileSync(out, result.ics);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new AppError('file_unwritable', `Cannot write ${out} (${code}). Check that the folder exists and you may write there.`);
      }
      if (ctx.flags.json) ctx.io.out(JSON.stringify({ file: out, events: result.events }));
      else ctx.io.out(`Wrote ${result.events} event${result.events === 1 ? '' : 's'} to ${out}.`);
      return 0;
    },
  },
];
