import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { email as emailSchema, isoDate, type ImportReport, type Rep } from '../../shared/people';
import { parseCsv } from '../csv';
import type { PeopleService } from './people-service';
import { writeTransaction } from '../db/open-database';

export const rosterColumns = ['name', 'email', 'role', 'team', 'hire_date', 'manager_email', 'coach'] as const;
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
}

const truthy = new Set(['1', 'yes', 'y', 'true', 'x', 'kyllä', 'k', 'coach']);
const falsy = new Set(['0', 'no', 'n', 'false', 'ei', '-']);

function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** ISO dates as they are; day.month.year (how Finnish spreadsheets write dates) turned into ISO. */
function parseDate(raw: string): string | null {
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw);
  const iso = dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}` : raw;
  return isoDate.safeParse(iso).success ? iso : null;
}

/**
 * Imports a roster CSV. Valid rows are written in one transaction; every rejected row is
 * reported with the line it starts on and why, and changes nothing. A rep is matched by
 * email, so importing again updates; an empty cell leaves the stored value as it was.
 */
export function importRoster(db: Database, people: PeopleService, csv: string): ImportReport {
  const parsed = parseCsv(csv);
  const [header, ...rows] = parsed.records;
  if (!header) throw new AppError(ErrorCode.invalidInput, 'The file is empty: it needs a header row and one row per rep.');
  const columns = header.fields.map(normalizeHeader);
  const missing = (['name', 'email'] as const).filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new AppError(
      ErrorCode.invalidInput,
      `The header row (line ${header.line}) needs the column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}. ` +
        `Expected columns: ${rosterColumns.join(', ')}. Found: ${header.fields.join(', ') || 'nothing'}.`,
    );
  }
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [], warnings: [] };
  const unknown = columns.filter((c) => c !== '' && !(rosterColumns as readonly string[]).includes(c));
  if (unknown.length) report.warnings.push(`Ignored unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);

  const reject = (line: number, emailValue: string | null, reason: string) =>
    report.rejected.push({ line, email: emailValue, reason });

  const byEmail = new Map<string, Candidate>();
  for (const record of rows) {
    if (record.fields.length > columns.length) {
      reject(
        record.line,
        null,
        `Has ${record.fields.length} fields but the header has ${columns.length}. Put quotes around a value that contains "${parsed.delimiter}".`,
      );
      continue;
    }
    const cell = (c: Column): string => {
      const index = columns.indexOf(c);
      return index < 0 ? '' : (record.fields[index] ?? '').trim();
    };
    const rawEmail = cell('email');
    const emailParsed = emailSchema.safeParse(rawEmail);
    if (!rawEmail) {
      reject(record.line, null, 'The email is empty; every rep needs one.');
      continue;
    }
    if (!emailParsed.success) {
      reject(record.line, rawEmail, `"${rawEmail}" is not a valid email address.`);
      continue;
    }
    const email = emailParsed.data;
    const name = cell('name');
    const existing = people.findByEmail(email);
    if (!name && !existing) {
      reject(record.line, email, 'The name is empty; a new rep needs a name.');
      continue;
    }
    if (name.length > 200) {
      reject(record.line, email, 'The name is longer than 200 characters.');
      continue;
    }
    const earlier = byEmail.get(email);
    if (earlier) {
      reject(record.line, email, `${email} appears already on line ${earlier.line}; each rep once per file.`);
      continue;
    }
    const candidate: Candidate = { line: record.line, name, email };
    const role = cell('role');
    const team = cell('team');
    if (role) candidate.role = role.slice(0, 200);
    if (team) candidate.team = team.slice(0, 200);
    const hire = cell('hire_date');
    if (hire) {
      const date = parseDate(hire);
      if (!date) {
        reject(record.line, email, `hire_date "${hire}" is not a date; use YYYY-MM-DD (or D.M.YYYY).`);
        continue;
      }
      candidate.hireDate = date;
    }
    const coach = cell('coach').toLowerCase();
    if (coach) {
      if (truthy.has(coach)) candidate.coach = true;
      else if (falsy.has(coach)) candidate.coach = false;
      else {
        reject(record.line, email, `coach "${cell('coach')}" is not yes or no.`);
        continue;
      }
    }
    const manager = cell('manager_email');
    if (manager) {
      const managerParsed = emailSchema.safeParse(manager);
      if (!managerParsed.success) {
        reject(record.line, email, `manager_email "${manager}" is not a valid email address.`);
        continue;
      }
      if (managerParsed.data === email) {
        reject(record.line, email, 'manager_email is the rep themselves.');
        continue;
      }
      candidate.managerEmail = managerParsed.data;
    }
    byEmail.set(email, candidate);
  }

  // A manager may be in the roster already or anywhere in this file; a row whose manager is
  // neither is rejected, and so, in turn, are the rows that named that rep as their manager.
  let removed = true;
  while (removed) {
    removed = false;
    for (const candidate of byEmail.values()) {
      if (!candidate.managerEmail) continue;
      if (byEmail.has(candidate.managerEmail) || people.findByEmail(candidate.managerEmail)) continue;
      reject(
        candidate.line,
        candidate.email,
        `manager_email ${candidate.managerEmail} is neither in the roster nor a valid row of this file.`,
      );
      byEmail.delete(candidate.email);
      removed = true;
    }
  }

  const written: string[] = [];
  const quiet = { notify: false };
  writeTransaction(db, () => {
    const ids = new Map<string, string>();
    for (const c of byEmail.values()) {
      const existing = people.findByEmail(c.email);
      const fields = {
        ...(c.name ? { name: c.name } : {}),
        ...(c.role !== undefined ? { role: c.role } : {}),
        ...(c.team !== undefined ? { team: c.team } : {}),
        ...(c.hireDate !== undefined ? { hireDate: c.hireDate } : {}),
        ...(c.coach !== undefined ? { coach: c.coach } : {}),
      };
      if (existing) {
        ids.set(c.email, existing.id);
        if (differs(existing, fields)) {
          people.update(existing.id, fields, quiet);
          report.updated++;
          written.push(existing.id);
        } else report.unchanged++;
      } else {
        const created = people.create({ name: c.name, email: c.email, ...fields }, quiet);
        ids.set(c.email, created.id);
        report.created++;
        written.push(created.id);
      }
    }
    for (const c of byEmail.values()) {
      if (!c.managerEmail) continue;
      const id = ids.get(c.email)!;
      const managerId = ids.get(c.managerEmail) ?? people.findByEmail(c.managerEmail)!.id;
      const current = people.get(id);
      if (current.managerId === managerId) continue;
      try {
        people.update(id, { managerId }, quiet);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        report.warnings.push(`Line ${c.line}: ${c.email} kept their previous manager: ${error.message}`);
        continue;
      }
      if (!written.includes(id)) {
        written.push(id);
        report.unchanged--;
        report.updated++;
      }
    }
  });
  people.notifyChanged(written);
  if (parsed.unterminatedQuoteAtLine !== undefined) {
    reject(parsed.unterminatedQuoteAtLine, null, 'A quote opened on this line is never closed; the rest of the file was not read.');
  }
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

function differs(rep: Rep, fields: Partial<Pick<Rep, 'name' | 'role' | 'team' | 'hireDate' | 'coach'>>): boolean {
  return (Object.keys(fields) as (keyof typeof fields)[]).some((k) => fields[k] !== rep[k]);
}
