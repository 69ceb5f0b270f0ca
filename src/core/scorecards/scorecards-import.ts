import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { parseCalendarDate } from '../../shared/people';
import { reviewerRole, type CriterionScore, type ReviewerRole, type ScorecardImportReport, type TemplateVersion } from '../../shared/scorecards';
import { excerpt } from '../../shared/text';
import type { Clock } from '../clock';
import { CsvReader, type CsvRecord } from '../csv';
import { writeTransaction } from '../db/open-database';
import { statementCache } from '../db/statements';
import { defaultPacing, inSlices, type ImportPacing } from '../people/roster-import';
import type { SessionsService } from '../sessions/sessions-service';
import type { ScorecardsService } from './scorecards-service';
import type { TemplatesService } from './templates-service';

export const scorecardColumns = [
  'session_date',
  'focus_area',
  'seller_email',
  'buyer_email',
  'reviewer_email',
  'reviewer_role',
  'criterion',
  'score',
  'comment',
] as const;
type Column = (typeof scorecardColumns)[number];
const requiredColumns: Column[] = ['session_date', 'focus_area', 'seller_email', 'reviewer_email', 'criterion', 'score'];

interface Person {
  id: string;
  name: string;
  email: string;
}

interface Row {
  line: number;
  criterion: string;
  score: number;
  /** Undefined when the file has no comment column: the stored comment is then kept. */
  comment: string | undefined;
  role: ReviewerRole | undefined;
  buyer: Person | undefined;
  buyerEmail: string;
}

/** The rows of one scorecard: one date, focus area, seller and reviewer. */
interface Group {
  lines: number[];
  rows: Row[];
  /** Problem → the lines it was found on. */
  problems: Map<string, number[]>;
  date: string | null;
  focus: { id: string; name: string } | null;
  seller: Person | null;
  reviewer: Person | null;
}

/** A session is placed at midday UTC so that its calendar day is the same in every time zone a team is likely to work in. */
export function importedSessionStart(date: string): string {
  return `${date}T12:00:00.000Z`;
}

function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function linesText(lines: number[], capital = false): string {
  const word = lines.length > 1 ? 'lines' : 'line';
  return `${capital ? 'L' + word.slice(1) : word} ${lines.join(', ')}`;
}

/** A group the checks against the stored data refuse, with every reason found. */
class Refused extends Error {
  constructor(readonly reasons: string[]) {
    super(reasons.join(' '));
  }
}

export interface ImportDeps {
  cards: ScorecardsService;
  templates: TemplatesService;
  sessions: SessionsService;
  clock: Clock;
}

/**
 * Imports submitted scorecards from a spreadsheet, one row per criterion score. The rows of one
 * date, focus area, seller and reviewer make one scorecard on a held session of that day (made
 * when there is none), written through the same service as in the app, so certification and
 * reinforcement cannot tell them apart. Those four values are the scorecard's key: importing
 * again finds the same session and scorecard, leaves it alone when nothing changed, and submits
 * a new revision when a score or comment did, so a corrected spreadsheet corrects the history.
 * A group with any problem is rejected whole, named by its lines; the other groups are imported.
 */
export async function importScorecards(db: Database, deps: ImportDeps, csv: string, pacing: ImportPacing = defaultPacing): Promise<ScorecardImportReport> {
  const { cards, templates, sessions, clock } = deps;
  const sql = statementCache(db);
  let sliceStart = performance.now();
  const maybePause = async () => {
    if (performance.now() - sliceStart < pacing.sliceMs) return;
    await pacing.pause();
    sliceStart = performance.now();
  };

  const reader = new CsvReader(csv);
  const header = reader.next();
  if (!header) {
    if (reader.tooLong) {
      throw new AppError(ErrorCode.invalidInput, `The first line is longer than ${reader.tooLong.limit.toLocaleString('en-US')} characters, too long for a header row.`);
    }
    throw new AppError(ErrorCode.invalidInput, 'The file is empty: it needs a header row and one row per criterion score.');
  }
  const columns = header.fields.map(normalizeHeader);
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new AppError(
      ErrorCode.invalidInput,
      `The header row (line ${header.line}) needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        `Expected columns: ${scorecardColumns.join(', ')}. Found: ${excerpt(header.fields.join(', ')) || 'nothing'}.`,
    );
  }
  const report: ScorecardImportReport = { created: 0, revised: 0, unchanged: 0, sessionsCreated: 0, rejected: [], warnings: [] };
  const unknown = columns.filter((c) => c !== '' && !(scorecardColumns as readonly string[]).includes(c));
  if (unknown.length) report.warnings.push(`Ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);
  const index = new Map(scorecardColumns.map((c) => [c, columns.indexOf(c)]));
  const hasComments = index.get('comment')! >= 0;

  const people = new Map(
    (sql('SELECT id, name, email FROM reps').all() as Person[]).map((p) => [p.email.toLowerCase(), p]),
  );
  const focusAreas = sessions.listFocusAreas({ includeArchived: true });
  const focusByName = new Map<string, (typeof focusAreas)[number]>();
  for (const f of focusAreas) {
    focusByName.set(f.id.toLowerCase(), f);
    focusByName.set(f.name.trim().toLowerCase(), f);
  }
  const today = clock().toISOString().slice(0, 10);
  const groups = new Map<string, Group>();

  for (let record = reader.next(); record; record = reader.next()) {
    readRow(record);
    await maybePause();
  }

  function readRow(record: CsvRecord): void {
    const cell = (c: Column): string => {
      const i = index.get(c)!;
      return i < 0 ? '' : (record.fields[i] ?? '').replace(/\s+/g, ' ').trim();
    };
    const problems: string[] = record.problem ? [record.problem] : [];
    const rawDate = cell('session_date');
    const date = parseCalendarDate(rawDate);
    if (!rawDate) problems.push('session_date is empty.');
    else if (!date) problems.push(`session_date "${excerpt(rawDate)}" is not a date; use YYYY-MM-DD or D.M.YYYY.`);
    else if (date > today) problems.push(`session_date ${date} is in the future; only role-plays that took place can be imported.`);

    const rawFocus = cell('focus_area');
    const focus = focusByName.get(rawFocus.toLowerCase()) ?? null;
    if (!rawFocus) problems.push('focus_area is empty.');
    else if (!focus) {
      problems.push(`focus_area "${excerpt(rawFocus)}" is not a focus area; use one of: ${focusAreas.filter((f) => !f.archived).map((f) => f.name).join(', ')}.`);
    } else if (focus.archived) problems.push(`The focus area ${focus.name} is archived; restore it to import its role-plays.`);

    const person = (c: Column, what: string): Person | undefined => {
      const raw = cell(c).toLowerCase();
      if (!raw) {
        if (c !== 'buyer_email') problems.push(`${c} is empty; every row names its ${what}.`);
        return undefined;
      }
      const found = people.get(raw);
      if (!found) problems.push(`${c} ${excerpt(raw)} is not on the roster; add the ${what} to the roster first.`);
      return found;
    };
    const seller = person('seller_email', 'seller');
    const buyer = person('buyer_email', 'buyer');
    const reviewer = person('reviewer_email', 'reviewer');
    if (seller && buyer && seller.id === buyer.id) problems.push(`buyer_email ${buyer.email} is the seller too; the buyer is someone else.`);

    const rawRole = cell('reviewer_role').toLowerCase();
    const roleParsed = reviewerRole.safeParse(rawRole);
    if (rawRole && !roleParsed.success) problems.push(`reviewer_role "${excerpt(rawRole)}" is not peer, self or coach.`);
    const role = roleParsed.success ? roleParsed.data : undefined;
    if (role === 'self' && seller && reviewer && seller.id !== reviewer.id) {
      problems.push(`reviewer_role is self, but the reviewer ${reviewer.email} is not the seller ${seller.email}; a self-review is written by the seller.`);
    }
    if (role && role !== 'self' && seller && reviewer && seller.id === reviewer.id) {
      problems.push(`The reviewer is the seller ${seller.email}, so reviewer_role is self, not ${role}.`);
    }

    const criterion = cell('criterion').toLowerCase();
    if (!criterion) problems.push('criterion is empty; give the key of a criterion in the focus area’s template.');
    const rawScore = cell('score');
    // "4,0" and "4.0" are how a spreadsheet with decimals shows a whole score.
    const score = /^\d+(?:[.,]0+)?$/.test(rawScore) ? Number(rawScore.replace(',', '.')) : NaN;
    if (!rawScore) problems.push('score is empty; give a whole number from 1 to 5, or leave the row out.');
    else if (!(score >= 1 && score <= 5)) problems.push(`score "${excerpt(rawScore)}" is not a whole number from 1 to 5.`);
    const comment = hasComments ? (record.fields[index.get('comment')!] ?? '').trim() : undefined;
    if (comment !== undefined && comment.length > 4000) problems.push('comment is longer than 4,000 characters.');
    if (record.fields.length > columns.length) {
      problems.push(`The row has ${record.fields.length} fields but the header has ${columns.length}. Put quotes around a value that contains "${reader.delimiter}".`);
    }

    const key = [date ?? rawDate, focus?.id ?? rawFocus.toLowerCase(), cell('seller_email').toLowerCase(), cell('reviewer_email').toLowerCase()].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { lines: [], rows: [], problems: new Map(), date, focus, seller: seller ?? null, reviewer: reviewer ?? null };
      groups.set(key, group);
    }
    group.lines.push(record.line);
    for (const p of problems) group.problems.set(p, [...(group.problems.get(p) ?? []), record.line]);
    group.rows.push({ line: record.line, criterion, score, comment, role, buyer, buyerEmail: cell('buyer_email').toLowerCase() });
  }

  const problem = (group: Group, text: string) => group.problems.set(text, group.lines);
  const reject = (group: Group, reasons: string[]) => report.rejected.push({ lines: group.lines, reasons });
  const reasonsOf = (group: Group) =>
    [...group.problems].map(([text, lines]) => (lines.length === group.lines.length ? text : `${linesText(lines, true)}: ${text}`));

  // Checks across a group's rows, and across the groups of one role-play (the buyer is the role-play's).
  const buyers = new Map<string, { email: string; lines: number[] }>();
  for (const group of groups.values()) {
    const roles = new Map<string, number[]>();
    for (const r of group.rows) if (r.role) roles.set(r.role, [...(roles.get(r.role) ?? []), r.line]);
    if (roles.size > 1) {
      problem(group, `reviewer_role differs within one scorecard: ${[...roles].map(([role, lines]) => `${role} on ${linesText(lines)}`).join(', ')}.`);
    }
    const criteria = new Map<string, number[]>();
    for (const r of group.rows) if (r.criterion) criteria.set(r.criterion, [...(criteria.get(r.criterion) ?? []), r.line]);
    for (const [criterion, lines] of criteria) {
      if (lines.length > 1) problem(group, `criterion ${criterion} is scored on ${linesText(lines)}; one score per criterion.`);
    }
    const named = [...new Set(group.rows.map((r) => r.buyerEmail).filter(Boolean))];
    if (named.length > 1) problem(group, `buyer_email differs within one scorecard: ${named.join(', ')}.`);
    if (group.problems.size || !group.date || !group.focus || !group.seller || named.length !== 1) continue;
    const roleplay = `${group.date}\u0000${group.focus.id}\u0000${group.seller.id}`;
    const earlier = buyers.get(roleplay);
    if (!earlier) buyers.set(roleplay, { email: named[0]!, lines: group.lines });
    else if (earlier.email !== named[0]) {
      problem(group, `buyer_email ${named[0]} differs from ${earlier.email} on ${linesText(earlier.lines)} for the same role-play (same date, focus area and seller).`);
    }
  }

  const findSession = sql(
    `SELECT s.id FROM sessions s
       JOIN session_participants p ON p.session_id = s.id AND p.role = 'seller' AND p.rep_id = @seller
      WHERE s.focus_area_id = @focus AND s.starts_at >= @from AND s.starts_at < @to AND s.status IN ('scheduled', 'done')
      ORDER BY EXISTS (SELECT 1 FROM scorecards sc WHERE sc.session_id = s.id AND sc.reviewer_id = @reviewer) DESC, s.starts_at, s.id
      LIMIT 1`,
  );
  const findCard = sql('SELECT id, role, status, version_id, revision FROM scorecards WHERE session_id = ? AND reviewer_id = ?');
  const lastContent = sql('SELECT content FROM scorecard_revisions WHERE scorecard_id = ? AND revision = ?').pluck();
  const versions = new Map<string, TemplateVersion>();
  const versionOf = (id: string) => {
    let v = versions.get(id);
    if (!v) versions.set(id, (v = templates.version(id)));
    return v;
  };

  // Looked up once per focus area: an import of a year's scores asks thousands of times.
  const defaults = new Map<string, ReturnType<TemplatesService['defaultFor']>>();
  const defaultTemplate = (focusAreaId: string) => {
    if (!defaults.has(focusAreaId)) defaults.set(focusAreaId, templates.defaultFor(focusAreaId));
    return defaults.get(focusAreaId)!;
  };

  const valid: Group[] = [];
  for (const group of groups.values()) {
    if (group.problems.size) reject(group, reasonsOf(group));
    else valid.push(group);
  }
  const changedCards: string[] = [];
  const changedSessions: string[] = [];
  await inSlices(db, valid, pacing, (group) => {
    try {
      // A savepoint per scorecard: a group the services refuse leaves no session or draft behind.
      const outcome = writeTransaction(db, () => writeGroup(group));
      if (outcome.sessionCreated) {
        report.sessionsCreated++;
        changedSessions.push(outcome.sessionId);
      }
      report[outcome.result]++;
      if (outcome.result !== 'unchanged') changedCards.push(outcome.cardId);
    } catch (error) {
      if (error instanceof Refused) reject(group, error.reasons);
      else if (error instanceof AppError) reject(group, [error.message]);
      else throw error;
    }
  });
  sessions.notifyChanged(changedSessions);
  cards.notifyChanged(changedCards);

  function refuse(...reasons: string[]): never {
    throw new Refused(reasons);
  }

  function writeGroup(group: Group): { result: 'created' | 'revised' | 'unchanged'; cardId: string; sessionId: string; sessionCreated: boolean } {
    const date = group.date!;
    const focus = group.focus!;
    const seller = group.seller!;
    const reviewer = group.reviewer!;
    const buyer = group.rows.find((r) => r.buyer)?.buyer;
    const role = group.rows.find((r) => r.role)?.role;
    const where = `The ${focus.name} role-play on ${date} where ${seller.name} sells`;

    let sessionId = (findSession.get({ seller: seller.id, focus: focus.id, from: `${date}T00:00:00`, to: `${nextDay(date)}T00:00:00`, reviewer: reviewer.id }) as
      | { id: string }
      | undefined)?.id;
    let sessionCreated = false;
    if (sessionId) {
      const held = sessions.get(sessionId).participants.find((p) => p.role === 'buyer');
      if (buyer && held?.repId !== buyer.id) {
        refuse(`${where} is already in the app with ${held ? `${held.name} (${held.email}) as buyer` : 'no buyer'}, not ${buyer.email}. Correct buyer_email, or leave it empty to score that role-play.`);
      }
    } else {
      const created = sessions.create(
        {
          focusAreaId: focus.id,
          startsAt: importedSessionStart(date),
          participants: [{ repId: seller.id, role: 'seller' }, ...(buyer ? [{ repId: buyer.id, role: 'buyer' as const }] : [])],
        },
        { notify: false },
      );
      sessions.update(created.id, { status: 'done' }, { notify: false });
      sessionId = created.id;
      sessionCreated = true;
    }

    const existing = findCard.get(sessionId, reviewer.id) as { id: string; role: ReviewerRole; status: string; version_id: string; revision: number } | undefined;
    if (existing && existing.status !== 'submitted') {
      refuse(`${reviewer.name} has an unsubmitted scorecard for ${where.replace(/^The/, 'the')} open in the app; submit or discard it there, then import again.`);
    }
    if (existing && role && existing.role !== role) {
      refuse(`${reviewer.name} already has a ${existing.role} scorecard for ${where.replace(/^The/, 'the')}; the file says ${role}.`);
    }
    const template = existing ? versionOf(existing.version_id) : defaultTemplate(focus.id);
    if (!template) refuse(`There is no rubric template for ${focus.name} yet; create one in the template library first.`);
    const byKey = new Map(template.criteria.map((c) => [c.key, c]));
    const unknownKeys = group.rows.filter((r) => !byKey.has(r.criterion));
    const problems: string[] = [];
    for (const r of unknownKeys) {
      problems.push(`${group.lines.length > 1 ? `Line ${r.line}: ` : ''}criterion "${excerpt(r.criterion)}" is not in the template "${template.name}"; its criteria are ${template.criteria.map((c) => c.key).join(', ')}.`);
    }
    const given = new Map(group.rows.map((r) => [r.criterion, r]));
    const missingRequired = template.criteria.filter((c) => c.required && !given.has(c.key));
    if (missingRequired.length) {
      problems.push(
        `Required criteria without a score: ${missingRequired.map((c) => c.key).join(', ')}. ` +
          'A scorecard needs every required criterion of its template; optional ones may be left out.',
      );
    }
    if (problems.length) refuse(...problems);

    const scores = template.criteria.map((c) => {
      const row = given.get(c.key);
      return { criterionId: c.id, score: row?.score ?? null, ...(row?.comment !== undefined || hasComments ? { comment: row?.comment ?? '' } : {}) };
    });
    if (existing) {
      const stored = JSON.parse(lastContent.get(existing.id, existing.revision) as string) as { scores: CriterionScore[] };
      const storedBy = new Map(stored.scores.map((s) => [s.criterionId, s]));
      const same = scores.every((s) => {
        const was = storedBy.get(s.criterionId);
        return (was?.score ?? null) === s.score && (s.comment === undefined || (was?.comment ?? '') === s.comment);
      });
      if (same) return { result: 'unchanged', cardId: existing.id, sessionId, sessionCreated };
      cards.revise(existing.id, { notify: false });
      cards.submit({ id: existing.id, scores }, { notify: false, sectionsOptional: true });
      return { result: 'revised', cardId: existing.id, sessionId, sessionCreated };
    }
    const card = cards.start({ sessionId, reviewerId: reviewer.id, ...(role ? { role } : {}), templateId: template.templateId }, { notify: false });
    cards.submit({ id: card.id, scores }, { notify: false, sectionsOptional: true });
    return { result: 'created', cardId: card.id, sessionId, sessionCreated };
  }

  if (reader.unterminatedQuoteAtLine !== undefined) {
    report.rejected.push({ lines: [reader.unterminatedQuoteAtLine], reasons: ['A quote opened on this line is never closed; the rest of the file was not read.'] });
  }
  if (reader.tooLong) {
    const what = reader.tooLong.what === 'field' ? 'A value on this line is' : 'This line is';
    report.rejected.push({
      lines: [reader.tooLong.line],
      reasons: [`${what} longer than ${reader.tooLong.limit.toLocaleString('en-US')} characters; the rest of the file was not read.`],
    });
  }
  report.rejected.sort((a, b) => a.lines[0]! - b.lines[0]!);
  return report;
}
