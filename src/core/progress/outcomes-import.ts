import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { email as emailSchema } from '../../shared/people';
import { outcomeFields, type OutcomeField, type OutcomesImportReport } from '../../shared/progress';
import { excerpt } from '../../shared/text';
import type { Clock } from '../clock';
import { CsvReader, type CsvRecord } from '../csv';
import { defaultPacing, inSlices, type ImportPacing } from '../people/roster-import';

/**
 * The header names CRM exports use for each field, normalized (lower case, runs of spaces,
 * dashes, dots and colons as one underscore). Salesforce: report exports ("Opportunity ID",
 * "Owner Email", "Stage", "Won", "Closed") and Data Loader's API names ("Id", "Owner.Email",
 * "StageName", "IsWon", "IsClosed"). HubSpot deal exports ("Record ID", "Deal owner",
 * "Create Date", "Deal Stage", "Is Closed Won", "Is Deal Closed?").
 */
const synonyms: Record<OutcomeField, string[]> = {
  opportunity_id: ['opportunity_id', 'opportunity_id_18', 'id', 'opportunityid', 'record_id', 'deal_id', 'hs_object_id'],
  owner_email: ['owner_email', 'opportunity_owner_email', 'owner_email_address', 'email_owner', 'opportunity_owner', 'owner', 'deal_owner', 'deal_owner_email', 'hubspot_owner_email', 'hubspot_owner_id'],
  created_date: ['created_date', 'createddate', 'create_date', 'createdate', 'created', 'created_on'],
  close_date: ['close_date', 'closedate', 'closed_date', 'close'],
  amount: ['amount', 'deal_amount', 'amount_in_company_currency', 'opportunity_amount', 'total_contract_value'],
  stage: ['stage', 'stagename', 'stage_name', 'deal_stage', 'dealstage'],
  won: ['won', 'iswon', 'is_won', 'is_closed_won', 'hs_is_closed_won', 'closed_won'],
  closed: ['closed', 'isclosed', 'is_closed', 'is_deal_closed', 'is_deal_closed?', 'hs_is_closed'],
};

const required: OutcomeField[] = ['opportunity_id', 'owner_email', 'created_date'];

function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-.:]+/g, '_').replace(/\?$/, '').replace(/^_+|_+$/g, '');
}

const truthy = new Set(['1', 'true', 'yes', 'y', 'x', 'kyllä', 'won', 'closed']);
const falsy = new Set(['0', 'false', 'no', 'n', 'ei', '-', '']);

/** Dates as CRM exports write them: ISO (with or without a time), D.M.YYYY, and M/D/YYYY (US locale exports). */
export function parseExportDate(raw: string): string | null {
  const text = raw.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s.*)?$/.exec(text))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[\s,].*)?$/.exec(text))) [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** Beyond any deal a team books: a larger number is a wrong column (an id, a phone number) or an overflow. */
const maxAmount = 1e12;
const maxAmountText = '1 000 000 000 000';

/**
 * An amount as exports write it: "12500", "12,500.00", "12 500,00 €", "EUR 12500". With both a
 * comma and a point, the last one is the decimal mark; a lone comma followed by one or two
 * digits is a decimal comma, otherwise a thousands separator.
 */
export function parseAmount(raw: string): number | null {
  let text = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^(?:[A-Z]{3}|[$€£¥])|(?:[A-Z]{3}|[$€£¥])$/g, '');
  if (text === '') return null;
  const comma = text.lastIndexOf(',');
  const point = text.lastIndexOf('.');
  if (comma >= 0 && point >= 0) {
    text = comma > point ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (comma >= 0) {
    text = /,\d{1,2}$/.test(text) && text.indexOf(',') === comma ? text.replace(',', '.') : text.replace(/,/g, '');
  }
  if (!/^-?\d+(\.\d+)?$/.test(text)) return Number.NaN;
  return Number(text);
}

/** An owner cell may be "Name <email>" or "Name (email)" (HubSpot writes owners so). */
function ownerEmail(raw: string): string {
  const inside = /[<(]([^<>()\s]+@[^<>()\s]+)[>)]/.exec(raw);
  return (inside ? inside[1]! : raw).trim();
}

function yesNo(raw: string): boolean | null | undefined {
  const value = raw.trim().toLowerCase();
  if (truthy.has(value)) return true;
  if (falsy.has(value)) return value === '' ? undefined : false;
  return null;
}

/** What a stage name says when the export has no won/closed columns. */
function fromStage(stage: string): { closed: boolean; won: boolean } | null {
  const s = stage.trim().toLowerCase();
  if (!s) return null;
  if (/closed\s*won|^won$|voitettu/.test(s)) return { closed: true, won: true };
  if (/closed\s*lost|^lost$|hävitty|menetetty/.test(s)) return { closed: true, won: false };
  return { closed: false, won: false };
}

interface Row {
  line: number;
  id: string;
  ownerEmail: string;
  createdDate: string;
  closeDate: string | null;
  amount: number | null;
  stage: string;
  closed: boolean;
  won: boolean;
}

/**
 * Imports a CRM opportunities export (or a quota file: owner_email, period, quota). Rows are
 * matched by the CRM's opportunity id, so importing a newer export updates; every rejected row is
 * reported with its line and reason, and the valid rows are still written, a slice at a time.
 */
export async function importOutcomes(
  db: Database,
  csv: string,
  clock: Clock,
  mapping: Partial<Record<OutcomeField, string>> = {},
  pacing: ImportPacing = defaultPacing,
): Promise<OutcomesImportReport> {
  const reader = new CsvReader(csv);
  const header = reader.next();
  if (!header) {
    if (reader.tooLong) throw new AppError(ErrorCode.invalidInput, `The first line is longer than ${reader.tooLong.limit.toLocaleString('en-US')} characters, too long for a header row.`);
    throw new AppError(ErrorCode.invalidInput, 'The file is empty: it needs a header row and one row per opportunity.');
  }
  const headers = header.fields.map(normalizeHeader);
  const report: OutcomesImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [], warnings: [], quotas: 0 };
  const reject = (line: number, owner: string | null, reason: string) => report.rejected.push({ line, email: owner, reason });

  if (headers.includes('quota') && headers.includes('period')) return importQuotas(db, reader, headers, report, reject, pacing);

  const index = new Map<OutcomeField, number>();
  for (const field of outcomeFields) {
    const mapped = mapping[field];
    if (mapped !== undefined) {
      const at = headers.indexOf(normalizeHeader(mapped));
      if (at < 0) throw new AppError(ErrorCode.invalidInput, `The mapping names the column "${excerpt(mapped, 60)}" for ${field}, but the header row has no such column.`);
      index.set(field, at);
      continue;
    }
    const at = headers.findIndex((h) => synonyms[field].includes(h));
    if (at >= 0) index.set(field, at);
  }
  const missing = required.filter((f) => !index.has(f));
  if (missing.length) {
    throw new AppError(
      ErrorCode.invalidInput,
      `The header row (line ${header.line}) has no column for ${missing.join(', ')}. Map the columns (for example --map owner_email="Sales Rep") ` +
        `or rename them: ${outcomeFields.join(', ')}. Found: ${excerpt(header.fields.join(', ')) || 'nothing'}.`,
    );
  }
  if (!index.has('won') && !index.has('stage')) {
    throw new AppError(ErrorCode.invalidInput, 'The file needs a won column (or a stage such as Closed Won / Closed Lost) to tell won deals from the others.');
  }

  const rows = new Map<string, Row>();
  const today = clock().toISOString().slice(0, 10);
  for (let record = reader.next(); record; record = reader.next()) {
    const row = validate(record);
    if (row) rows.set(row.id, row);
  }

  function validate(record: CsvRecord): Row | null {
    const cell = (f: OutcomeField) => {
      const at = index.get(f);
      return at === undefined ? '' : (record.fields[at] ?? '').trim();
    };
    if (record.problem) return (reject(record.line, null, record.problem), null);
    const oppId = cell('opportunity_id');
    if (!oppId) return (reject(record.line, null, 'The opportunity id is empty.'), null);
    if (oppId.length > 200) return (reject(record.line, null, 'The opportunity id is longer than 200 characters.'), null);
    const rawOwner = ownerEmail(cell('owner_email'));
    const owner = emailSchema.safeParse(rawOwner);
    if (!owner.success) return (reject(record.line, null, rawOwner ? `Owner "${excerpt(rawOwner, 80)}" is not an email address.` : 'The owner email is empty.'), null);
    const created = parseExportDate(cell('created_date'));
    if (!created) return (reject(record.line, owner.data, `Created date "${excerpt(cell('created_date'), 40)}" is not a date; use YYYY-MM-DD.`), null);
    const rawClose = cell('close_date');
    const closeDate = rawClose ? parseExportDate(rawClose) : null;
    if (rawClose && !closeDate) return (reject(record.line, owner.data, `Close date "${excerpt(rawClose, 40)}" is not a date; use YYYY-MM-DD.`), null);
    const amount = parseAmount(cell('amount'));
    if (amount !== null && (Number.isNaN(amount) || amount < 0)) return (reject(record.line, owner.data, `Amount "${excerpt(cell('amount'), 40)}" is not a number.`), null);
    if (amount !== null && amount > maxAmount) return (reject(record.line, owner.data, `Amount "${excerpt(cell('amount'), 40)}" is larger than ${maxAmountText}; check the column.`), null);
    const stage = cell('stage').slice(0, 200);
    const byStage = fromStage(stage);
    let won = index.has('won') ? yesNo(cell('won')) : byStage?.won;
    if (won === null) return (reject(record.line, owner.data, `Won "${excerpt(cell('won'), 40)}" is not yes or no.`), null);
    let closed = index.has('closed') ? yesNo(cell('closed')) : undefined;
    if (closed === null) return (reject(record.line, owner.data, `Closed "${excerpt(cell('closed'), 40)}" is not yes or no.`), null);
    won ??= byStage?.won ?? false;
    closed ??= won || (byStage?.closed ?? false);
    if (won && !closed) return (reject(record.line, owner.data, 'Marked won but not closed.'), null);
    if (closed && !closeDate) return (reject(record.line, owner.data, 'A closed opportunity needs a close date.'), null);
    if (closeDate && closed && closeDate < created) return (reject(record.line, owner.data, `Closed on ${closeDate}, before it was created (${created}).`), null);
    // Kept, since the export is the CRM's word, but said: a deal closed "in the future" is usually a forecast left in the close date.
    if (closeDate && closed && closeDate > today) report.warnings.push(`Line ${record.line}: opportunity ${excerpt(oppId, 60)} is closed on ${closeDate}, after today; check its close date in the CRM.`);
    const earlier = rows.get(oppId);
    if (earlier) report.warnings.push(`Line ${record.line}: opportunity ${excerpt(oppId, 60)} appears already on line ${earlier.line}; the later row is used.`);
    return { line: record.line, id: oppId, ownerEmail: owner.data, createdDate: created, closeDate, amount, stage, closed, won };
  }

  const now = clock().toISOString();
  const existing = db.prepare('SELECT owner_email AS ownerEmail, created_date AS createdDate, close_date AS closeDate, amount, stage, closed, won FROM opportunities WHERE id = ?');
  const upsert = db.prepare(
    `INSERT INTO opportunities (id, owner_email, created_date, close_date, amount, stage, closed, won, imported_at)
     VALUES (@id, @ownerEmail, @createdDate, @closeDate, @amount, @stage, @closed, @won, @now)
     ON CONFLICT(id) DO UPDATE SET owner_email = excluded.owner_email, created_date = excluded.created_date, close_date = excluded.close_date,
       amount = excluded.amount, stage = excluded.stage, closed = excluded.closed, won = excluded.won, imported_at = excluded.imported_at`,
  );
  await inSlices(db, [...rows.values()], pacing, (row) => {
    const values = { id: row.id, ownerEmail: row.ownerEmail, createdDate: row.createdDate, closeDate: row.closeDate, amount: row.amount, stage: row.stage, closed: row.closed ? 1 : 0, won: row.won ? 1 : 0 };
    const before = existing.get(row.id) as Omit<typeof values, 'id'> | undefined;
    if (before && (Object.keys(before) as (keyof typeof before)[]).every((k) => before[k] === values[k])) {
      report.unchanged++;
      return;
    }
    upsert.run({ ...values, now });
    if (before) report.updated++;
    else report.created++;
  });
  warnUnknownOwners(db, [...rows.values()], report);
  finish(reader, report, reject);
  return report;
}

/**
 * Deals are kept by their owner's email and count for a rep once the roster has that email, so
 * an owner missing from the roster is no error; but until then those deals count for no one,
 * which whoever reads Progress must know.
 */
function warnUnknownOwners(db: Database, rows: Row[], report: OutcomesImportReport): void {
  const known = new Set((db.prepare('SELECT lower(email) AS email FROM reps').all() as { email: string }[]).map((r) => r.email));
  const unknown = new Map<string, number[]>();
  for (const row of rows) if (!known.has(row.ownerEmail)) unknown.set(row.ownerEmail, [...(unknown.get(row.ownerEmail) ?? []), row.line]);
  const shown = 20;
  for (const [owner, lines] of [...unknown].slice(0, shown)) {
    const where = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ` and ${lines.length - 5} more` : ''}`;
    report.warnings.push(`${owner} (${where}) is not in the roster: their deals count for them once they are added.`);
  }
  if (unknown.size > shown) report.warnings.push(`${unknown.size - shown} more owners are not in the roster.`);
}

async function importQuotas(
  db: Database,
  reader: CsvReader,
  headers: string[],
  report: OutcomesImportReport,
  reject: (line: number, owner: string | null, reason: string) => void,
  pacing: ImportPacing,
): Promise<OutcomesImportReport> {
  const ownerAt = headers.findIndex((h) => synonyms.owner_email.includes(h) || h === 'email');
  if (ownerAt < 0) throw new AppError(ErrorCode.invalidInput, 'A quota file needs the columns owner_email, period and quota.');
  const periodAt = headers.indexOf('period');
  const quotaAt = headers.indexOf('quota');
  const rows: { email: string; period: string; amount: number }[] = [];
  for (let record = reader.next(); record; record = reader.next()) {
    if (record.problem) {
      reject(record.line, null, record.problem);
      continue;
    }
    const owner = emailSchema.safeParse(ownerEmail(record.fields[ownerAt] ?? ''));
    if (!owner.success) {
      reject(record.line, null, 'The owner email is empty or not an email address.');
      continue;
    }
    const period = (record.fields[periodAt] ?? '').trim().toUpperCase();
    if (!/^\d{4}-Q[1-4]$/.test(period)) {
      reject(record.line, owner.data, `Period "${excerpt(period, 20)}" is not a quarter; write it as 2026-Q4.`);
      continue;
    }
    const amount = parseAmount(record.fields[quotaAt] ?? '');
    if (amount === null || Number.isNaN(amount) || amount < 0) {
      reject(record.line, owner.data, `Quota "${excerpt(record.fields[quotaAt] ?? '', 40)}" is not a number.`);
      continue;
    }
    if (amount > maxAmount) {
      reject(record.line, owner.data, `Quota "${excerpt(record.fields[quotaAt] ?? '', 40)}" is larger than ${maxAmountText}; check the column.`);
      continue;
    }
    rows.push({ email: owner.data, period, amount });
  }
  const upsert = db.prepare('INSERT INTO quotas (owner_email, period, amount) VALUES (@email, @period, @amount) ON CONFLICT DO UPDATE SET amount = excluded.amount');
  await inSlices(db, rows, pacing, (row) => {
    upsert.run(row);
    report.quotas++;
  });
  finish(reader, report, reject);
  return report;
}

function finish(reader: CsvReader, report: OutcomesImportReport, reject: (line: number, owner: string | null, reason: string) => void): void {
  if (reader.unterminatedQuoteAtLine !== undefined) reject(reader.unterminatedQuoteAtLine, null, 'A quote opened on this line is never closed; the rest of the file was not read.');
  if (reader.tooLong) reject(reader.tooLong.line, null, `A value on this line is longer than ${reader.tooLong.limit.toLocaleString('en-US')} characters; the rest of the file was not read.`);
  report.rejected.sort((a, b) => a.line - b.line);
}
