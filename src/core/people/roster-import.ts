import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { excerpt } from '../../shared/text';
import { email as emailSchema, parseCalendarDate, type ImportReport, type Rep } from '../../shared/people';
import { CsvReader, type CsvRecord } from '../csv';
import type { PeopleService } from './people-service';
import { writeTransaction } from '../db/open-database';

export const rosterColumns = ['name', 'email', 'role', 'team', 'hire_date', 'manager_email', 'coach', 'coach_email'] as const;
type Column = (typeof rosterColumns)[number];

interface Candidate {
  line: number;
  name: string;
  email: string;
  role?: string;
  team?: string;
  hireDate?: string;
  managerEmail?: string;
  coach?: boolean;
  /** The rep's coach (someone responsible for coaching them), matched by email like the manager. */
  coachEmail?: string;
}

const truthy = new Set(['1', 'yes', 'y', 'true', 'x', 'kyllä', 'k', 'coach']);
const falsy = new Set(['0', 'no', 'n', 'false', 'ei', '-']);

function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/**
 * How an import shares the process: it works in slices of about `sliceMs`, and between slices
 * it awaits `pause`, so that requests (a take's chunks above all) are answered in between and
 * a writer in another process (the app, while the CLI imports) gets the write lock. SQLite's
 * busy handler polls every 25 ms or less in its first 100 ms of waiting, so a pause of 30 ms
 * after a slice of 50 ms lets a waiting writer in within about 80 ms.
 */
export interface ImportPacing {
  sliceMs: number;
  pause(): Promise<void>;
}

export const defaultPacing: ImportPacing = {
  sliceMs: 50,
  pause: () => new Promise((resolve) => setTimeout(resolve, 30)),
};

/** Line breaks and runs of spaces inside a cell are how spreadsheets wrap text, not part of a name or a role. */
function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * Imports a roster CSV. Valid rows are written in short transactions, a slice at a time, so
 * a roster of 100 000 rows never holds the database or the process for long; importing again
 * is safe, so an import cut short by a crash is finished by running it again. Every rejected
 * row is reported with the line it starts on and why, and changes nothing. A rep is matched
 * by email, so importing again updates; an empty cell leaves the stored value as it was.
 */
export async function importRoster(
  db: Database,
  people: PeopleService,
  csv: string,
  pacing: ImportPacing = defaultPacing,
): Promise<ImportReport> {
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
      throw new AppError(
        ErrorCode.invalidInput,
        `The first line is longer than ${reader.tooLong.limit.toLocaleString('en-US')} characters, too long for a header row. Check that this is the roster.`,
      );
    }
    throw new AppError(ErrorCode.invalidInput, 'The file is empty: it needs a header row and one row per rep.');
  }
  const columns = header.fields.map(normalizeHeader);
  const missing = (['name', 'email'] as const).filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new AppError(
      ErrorCode.invalidInput,
      `The header row (line ${header.line}) needs the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}. ` +
        `Expected columns: ${rosterColumns.join(', ')}. Found: ${excerpt(header.fields.join(', ')) || 'nothing'}.`,
    );
  }
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [], warnings: [] };
  const unknown = columns.filter((c) => c !== '' && !(rosterColumns as readonly string[]).includes(c));
  if (unknown.length) report.warnings.push(`Ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);

  const today = people.today();
  const reject = (line: number, emailValue: string | null, reason: string) =>
    report.rejected.push({ line, email: emailValue, reason });

  const columnIndex = new Map(rosterColumns.map((c) => [c, columns.indexOf(c)]));
  const known = people.emailIndex();
  const byEmail = new Map<string, Candidate>();
  for (let record = reader.next(); record; record = reader.next()) {
    const candidate = validate(record);
    if (candidate) byEmail.set(candidate.email, candidate);
    await maybePause();
  }

  function validate(record: CsvRecord): Candidate | null {
    if (record.problem) {
      reject(record.line, null, record.problem);
      return null;
    }
    if (record.fields.length > columns.length) {
      reject(
        record.line,
        null,
        `Has ${record.fields.length} fields but the header has ${columns.length}. Put quotes around a value that contains "${reader.delimiter}".`,
      );
      return null;
    }
    const cell = (c: Column): string => {
      const index = columnIndex.get(c)!;
      return index < 0 ? '' : singleLine(record.fields[index] ?? '');
    };
    const rawEmail = cell('email');
    const emailParsed = emailSchema.safeParse(rawEmail);
    if (!rawEmail) {
      reject(record.line, null, 'The email is empty; every rep needs one.');
      return null;
    }
    if (!emailParsed.success) {
      reject(record.line, rawEmail, `"${rawEmail}" is not a valid email address.`);
      return null;
    }
    const email = emailParsed.data;
    const name = cell('name');
    if (!name && !known.has(email)) {
      reject(record.line, email, 'The name is empty; a new rep needs a name.');
      return null;
    }
    if (name.length > 200) {
      reject(record.line, email, 'The name is longer than 200 characters.');
      return null;
    }
    const earlier = byEmail.get(email);
    if (earlier) {
      reject(record.line, email, `${email} appears already on line ${earlier.line}; each rep once per file.`);
      return null;
    }
    const candidate: Candidate = { line: record.line, name, email };
    const role = cell('role');
    const team = cell('team');
    if (role) candidate.role = role.slice(0, 200);
    if (team) candidate.team = team.slice(0, 200);
    const hire = cell('hire_date');
    if (hire) {
      const date = parseCalendarDate(hire);
      if (!date) {
        reject(record.line, email, `hire_date "${hire}" is not a date; use YYYY-MM-DD (or D.M.YYYY).`);
        return null;
      }
      candidate.hireDate = date;
      // Saved as given (a hire who starts next month is real), but said, as the one-person form asks first.
      if (date > today) {
        report.warnings.push(`Line ${record.line}: ${email} has the hire date ${date}, which is after today. Check it if that is not right.`);
      }
    }
    const coach = cell('coach').toLowerCase();
    if (coach) {
      if (truthy.has(coach)) candidate.coach = true;
      else if (falsy.has(coach)) candidate.coach = false;
      else {
        reject(record.line, email, `coach "${cell('coach')}" is not yes or no.`);
        return null;
      }
    }
    const manager = cell('manager_email');
    if (manager) {
      const managerParsed = emailSchema.safeParse(manager);
      if (!managerParsed.success) {
        reject(record.line, email, `manager_email "${manager}" is not a valid email address.`);
        return null;
      }
      if (managerParsed.data === email) {
        reject(record.line, email, 'manager_email is the rep themselves.');
        return null;
      }
      candidate.managerEmail = managerParsed.data;
    }
    const coachEmail = cell('coach_email');
    if (coachEmail) {
      const coachParsed = emailSchema.safeParse(coachEmail);
      if (!coachParsed.success) {
        reject(record.line, email, `coach_email "${coachEmail}" is not a valid email address.`);
        return null;
      }
      if (coachParsed.data === email) {
        reject(record.line, email, 'coach_email is the rep themselves.');
        return null;
      }
      candidate.coachEmail = coachParsed.data;
    }
    return candidate;
  }

  // A manager may be in the roster already or anywhere in this file; a row whose manager is
  // neither is rejected, and so, in turn, are the rows that named that rep as their manager.
  const reports = new Map<string, Candidate[]>();
  const orphans: Candidate[] = [];
  for (const candidate of byEmail.values()) {
    if (!candidate.managerEmail) continue;
    if (byEmail.has(candidate.managerEmail)) {
      const list = reports.get(candidate.managerEmail);
      if (list) list.push(candidate);
      else reports.set(candidate.managerEmail, [candidate]);
    } else if (!known.has(candidate.managerEmail)) orphans.push(candidate);
  }
  for (let orphan = orphans.pop(); orphan; orphan = orphans.pop()) {
    if (!byEmail.delete(orphan.email)) continue;
    reject(orphan.line, orphan.email, `manager_email ${orphan.managerEmail} is neither in the roster nor a valid row of this file.`);
    orphans.push(...(reports.get(orphan.email) ?? []));
  }

  // A coach, like a manager, is someone on the roster or in this file; coaching does not chain,
  // so a row naming nobody known is rejected alone.
  for (const candidate of [...byEmail.values()]) {
    if (!candidate.coachEmail || byEmail.has(candidate.coachEmail) || known.has(candidate.coachEmail)) continue;
    byEmail.delete(candidate.email);
    reject(candidate.line, candidate.email, `coach_email ${candidate.coachEmail} is neither in the roster nor a valid row of this file.`);
  }

  const written = new Set<string>();
  const ids = new Map<string, string>();
  const candidates = [...byEmail.values()];
  await inSlices(db, candidates, pacing, (c) => {
    const fields = {
      ...(c.name ? { name: c.name } : {}),
      ...(c.role !== undefined ? { role: c.role } : {}),
      ...(c.team !== undefined ? { team: c.team } : {}),
      ...(c.hireDate !== undefined ? { hireDate: c.hireDate } : {}),
      ...(c.coach !== undefined ? { coach: c.coach } : {}),
    };
    const existing = people.rosterFields(c.email);
    try {
      if (existing) {
        ids.set(c.email, existing.id);
        if (differs(existing, fields)) {
          people.patch(existing.id, fields);
          report.updated++;
          written.add(existing.id);
        } else report.unchanged++;
      } else {
        // A manager written already (earlier in the file, or stored before) is set right away;
        // the others are set once everyone is written.
        const managerId = c.managerEmail ? (ids.get(c.managerEmail) ?? (known.has(c.managerEmail) ? people.rosterFields(c.managerEmail)?.id : undefined)) : undefined;
        const id = people.insert({ name: c.name, email: c.email, ...fields, ...(managerId ? { managerId } : {}) });
        ids.set(c.email, id);
        report.created++;
        written.add(id);
      }
    } catch (error) {
      // Someone changed the roster in the app while this import ran; this row loses to them.
      if (!(error instanceof AppError)) throw error;
      reject(c.line, c.email, error.message);
    }
  });
  await inSlices(db, candidates, pacing, (c) => {
    const id = ids.get(c.email);
    if (!c.coachEmail || !id) return;
    const coachId = ids.get(c.coachEmail) ?? people.rosterFields(c.coachEmail)?.id;
    if (!coachId) {
      report.warnings.push(`Line ${c.line}: ${c.email} kept their previous coach: ${c.coachEmail} was not written.`);
      return;
    }
    if (people.rosterFields(c.email)?.coachedById === coachId) return;
    people.patch(id, { coachedById: coachId });
    if (!written.has(id)) {
      written.add(id);
      report.unchanged--;
      report.updated++;
    }
  });
  await inSlices(db, candidates, pacing, (c) => {
    const id = ids.get(c.email);
    if (!c.managerEmail || !id) return;
    const managerId = ids.get(c.managerEmail) ?? people.rosterFields(c.managerEmail)?.id;
    if (!managerId) {
      reject(c.line, c.email, `manager_email ${c.managerEmail} is neither in the roster nor a valid row of this file.`);
      return;
    }
    if (people.rosterFields(c.email)?.managerId === managerId) return;
    try {
      people.patch(id, { managerId });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      report.warnings.push(`Line ${c.line}: ${c.email} kept their previous manager: ${error.message}`);
      return;
    }
    if (!written.has(id)) {
      written.add(id);
      report.unchanged--;
      report.updated++;
    }
  });
  people.notifyChanged([...written]);
  if (reader.unterminatedQuoteAtLine !== undefined) {
    reject(reader.unterminatedQuoteAtLine, null, 'A quote opened on this line is never closed; the rest of the file was not read.');
  }
  if (reader.tooLong) reject(reader.tooLong.line, null, tooLongMessage(reader.tooLong));
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

function tooLongMessage(tooLong: NonNullable<CsvReader['tooLong']>): string {
  const what = tooLong.what === 'field' ? 'A value on this line is' : 'This line is';
  return `${what} longer than ${tooLong.limit.toLocaleString('en-US')} characters; the rest of the file was not read. Check that this is the roster and that its quotes are paired.`;
}

/** Runs `write` for each item in IMMEDIATE transactions of about `pacing.sliceMs`, pausing between them. */
export async function inSlices<T>(db: Database, items: T[], pacing: ImportPacing, write: (item: T) => void): Promise<void> {
  let next = 0;
  while (next < items.length) {
    const sliceStart = performance.now();
    writeTransaction(db, () => {
      while (next < items.length) {
        write(items[next++]!);
        if (performance.now() - sliceStart >= pacing.sliceMs) break;
      }
    });
    if (next < items.length) await pacing.pause();
  }
}

function differs(rep: Pick<Rep, 'name' | 'role' | 'team' | 'hireDate' | 'coach'>, fields: Partial<Pick<Rep, 'name' | 'role' | 'team' | 'hireDate' | 'coach'>>): boolean {
  return (Object.keys(fields) as (keyof typeof fields)[]).some((k) => fields[k] !== rep[k]);
}
