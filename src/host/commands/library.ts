import type { LibraryFilter, LibraryRow } from '../../shared/library';
import { formatMoment } from '../../shared/rubrics';
import { call } from './call';
import { UsageError, type Command } from './types';

function number(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} takes a number, not "${String(value)}".`);
  return n;
}

/** The session's time in its program's zone (or this machine's, for a role-play outside a program), named, as the app shows it. */
function when(r: LibraryRow): string {
  const timeZone = r.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(r.startsAt));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${timeZone}`;
}

function line(r: LibraryRow): string {
  const people = r.participants.map((p) => `${p.name} (${p.role})`).join(', ') || 'no participants';
  const score = r.score === null ? 'unreviewed' : `score ${Math.round(r.score)} by ${r.reviews}`;
  const head = `${when(r)}  ${r.focusAreaName}  ${people}  ${score}  recording ${r.recordingId}`;
  return r.snippet ? `${head}\n    ${r.atMs !== null ? `at ${formatMoment(r.atMs)}: ` : ''}${r.snippet}` : head;
}

export const libraryCommands: Command[] = [
  {
    path: ['library', 'search'],
    usage: '[QUERY] [--rep EMAIL] [--focus KEY] ...',
    summary:
      'Find recorded sessions by words (names, scenario, persona, markers, scorecards)\nand filters: [--role seller|buyer] [--team T] [--program ID] [--from YYYY-MM-DD]\n[--to YYYY-MM-DD] [--unreviewed|--reviewed] [--min-score N] [--max-score N]\n[--sort date|score|relevance] [--limit N] [--json]',
    flags: {
      rep: 'string',
      role: 'string',
      team: 'string',
      focus: 'string',
      program: 'string',
      from: 'string',
      to: 'string',
      unreviewed: 'boolean',
      reviewed: 'boolean',
      'min-score': 'string',
      'max-score': 'string',
      sort: 'string',
      limit: 'string',
    },
    async run(ctx) {
      if (ctx.flags.unreviewed && ctx.flags.reviewed) throw new UsageError('Use --unreviewed or --reviewed, not both.');
      const role = ctx.flags.role as string | undefined;
      if (role !== undefined && role !== 'seller' && role !== 'buyer') throw new UsageError('--role is seller or buyer.');
      if (role !== undefined && !ctx.flags.rep) throw new UsageError('--role goes with --rep.');
      const sort = ctx.flags.sort as string | undefined;
      if (sort !== undefined && !['date', 'score', 'relevance'].includes(sort)) throw new UsageError('--sort is date, score or relevance.');
      const filter: LibraryFilter = {
        query: ctx.args.join(' '),
        rep: (ctx.flags.rep as string | undefined) ?? '',
        repRole: (role as 'seller' | 'buyer' | undefined) ?? 'either',
        team: (ctx.flags.team as string | undefined) ?? '',
        focus: (ctx.flags.focus as string | undefined) ?? '',
        program: (ctx.flags.program as string | undefined) ?? '',
        from: ctx.flags.from as string | undefined,
        to: ctx.flags.to as string | undefined,
        review: ctx.flags.unreviewed ? 'unreviewed' : ctx.flags.reviewed ? 'reviewed' : 'any',
        minScore: number(ctx.flags['min-score'], 'min-score'),
        maxScore: number(ctx.flags['max-score'], 'max-score'),
        sort: (sort as 'date' | 'score' | 'relevance' | undefined) ?? (ctx.args.length ? 'relevance' : 'date'),
        limit: number(ctx.flags.limit, 'limit') ?? 50,
      };
      const page = await call(ctx.core(), 'library:search', filter);
      if (ctx.flags.json) {
        const rows = page.rows.map((r) => ({
          sessionId: r.sessionId,
          recordingId: r.recordingId,
          focusArea: r.focusArea,
          startsAt: r.startsAt,
          timeZone: r.timeZone ?? null,
          participants: r.participants,
          score: r.score,
          snippet: r.snippet,
          atMs: r.atMs,
        }));
        ctx.io.out(JSON.stringify(rows, null, 2));
      } else if (page.rows.length === 0) {
        ctx.io.out('Nothing found.');
      } else {
        ctx.io.out(page.rows.map(line).join('\n'));
        if (page.total > page.rows.length) ctx.io.out(`(${page.rows.length} of ${page.total}${page.capped ? '+' : ''}; --limit shows more)`);
      }
      return 0;
    },
  },
];
