import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import type { XapiErrorKind, XapiRun, XapiSettings, XapiStatus, XapiTest, XapiVersionValue } from '../../shared/xapi';
import type { CertificationService } from '../certification/certification-service';
import type { Clock } from '../clock';
import { writeTransaction } from '../db/open-database';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import type { TokenStore } from '../hub/connection';
import { postStatements, testLrs, type LrsTarget } from './lrs-client';

type SendTarget = LrsTarget & { baseIri: string };
import { defaultBaseIri, failedStatement, normalizeBaseIri, passedStatement, rebase, scoredStatement, type BuiltStatement } from './statements';
import { validateStatement } from './validate';
import { failedRecords, passedRecords, scoredRecords } from './xapi-records';

export interface XapiOptions {
  /** Where the LRS password is kept: the desktop's keychain, else a private file, like the hub token. */
  secrets: TokenStore;
  /** Statements per POST. */
  batchSize?: number;
  /** How often the background loop looks for statements due. */
  intervalMs?: number;
}

interface ConfigRow {
  enabled: number;
  endpoint: string;
  username: string;
  version: XapiVersionValue;
  base_iri: string;
}

interface OutboxRow {
  id: string;
  statement: string;
  attempts: number;
}

const firstRetryMs = 30_000;
const longestWaitMs = 6 * 3_600_000;

/** Waits after the n-th failure: 30 s, 1 min, 2 min … up to 6 hours, so a long outage costs few requests. */
export function retryDelayMs(attempts: number): number {
  return Math.min(longestWaitMs, firstRetryMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Splits rows into batches with no id twice anywhere: an LRS refuses a whole batch that repeats
 * an id (400), and the outbox's ids are unique, but a batch is the last place to make sure.
 */
export function batchesOf<T extends { id: string }>(rows: T[], size: number): T[][] {
  const seen = new Set<string>();
  const out: T[][] = [];
  let batch: T[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    batch.push(row);
    if (batch.length === size) {
      out.push(batch);
      batch = [];
    }
  }
  if (batch.length) out.push(batch);
  return out;
}

const sentences: Record<XapiErrorKind, (detail: string) => string> = {
  refused: (d) => `The LRS refused this statement${d ? `: ${d}` : '.'} It is not sent again.`,
  auth: (d) => `The LRS did not accept the username and password (or key and secret)${d ? ` (${d})` : ''}. Check them in Settings; Reprise tries again later.`,
  network: (d) => `The LRS could not be reached${d ? ` (${d})` : ''}. Reprise tries again later.`,
  server: (d) => `The LRS had a problem${d ? ` (${d})` : ''}. Reprise tries again later.`,
};

/**
 * Sends scorecards and certifications to the team's Learning Record Store. Every statement goes
 * through the outbox: built once when its record is first seen, kept with its state, and posted
 * until the LRS has it. A statement the LRS refuses (400) keeps the LRS's reason and is not sent
 * again; one it could not take (no network, 5xx, a sign-in it refused) waits longer each time.
 */
export class XapiService {
  private readonly sql: (text: string) => Statement;
  private running: Promise<XapiRun> | null = null;
  /** What certification looked like when its verdicts were last read (see catchUp). */
  private certificationSeen = '';
  private timers: { interval: NodeJS.Timeout | null; soon: NodeJS.Timeout | null; unsubscribe: (() => void) | null } = {
    interval: null,
    soon: null,
    unsubscribe: null,
  };

  constructor(
    private readonly db: Database,
    private readonly certification: CertificationService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
    private readonly options: XapiOptions,
  ) {
    this.sql = statementCache(db);
  }

  private config(): ConfigRow {
    const row = this.sql('SELECT enabled, endpoint, username, version, base_iri FROM xapi_config WHERE id = 1').get() as ConfigRow | undefined;
    return row ?? { enabled: 0, endpoint: '', username: '', version: '1.0.3', base_iri: defaultBaseIri };
  }

  settings(): XapiSettings {
    const c = this.config();
    return {
      enabled: c.enabled === 1,
      endpoint: c.endpoint,
      username: c.username,
      hasPassword: Boolean(this.options.secrets.read()),
      version: c.version,
      baseIri: c.base_iri,
    };
  }

  configure(input: { enabled: boolean; endpoint: string; username: string; password?: string | null | undefined; version: XapiVersionValue; baseIri: string }): XapiSettings {
    const endpoint = input.endpoint.replace(/\/+$/, '');
    const baseIri = input.baseIri === '' ? defaultBaseIri : normalizeBaseIri(input.baseIri);
    const keepsPassword = input.password === undefined ? Boolean(this.options.secrets.read()) : Boolean(input.password);
    if (input.enabled) {
      const issues = [
        ...(endpoint ? [] : [{ path: 'endpoint', message: 'Enter the LRS address to turn sending on' }]),
        ...(input.username ? [] : [{ path: 'username', message: 'Enter the username or key the LRS gave you' }]),
        ...(keepsPassword ? [] : [{ path: 'password', message: 'Enter the password or secret the LRS gave you' }]),
      ];
      if (issues.length) throw new AppError(ErrorCode.invalidInput, issues[0]!.message, issues);
    }
    if (input.password === null || input.password === '') this.options.secrets.clear();
    else if (input.password !== undefined) this.options.secrets.write(input.password);
    this.sql(
      `INSERT INTO xapi_config (id, enabled, endpoint, username, version, base_iri, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, endpoint = excluded.endpoint, username = excluded.username,
         version = excluded.version, base_iri = excluded.base_iri, updated_at = excluded.updated_at`,
    ).run(input.enabled ? 1 : 0, endpoint, input.username, input.version, baseIri, this.clock().toISOString());
    this.events.emit('xapi:changed', {});
    if (input.enabled && this.timers.interval) this.soon();
    return this.settings();
  }

  /**
   * Builds a statement for every record that has none yet and keeps it in the outbox. The
   * records are the truth: whatever a crash cut short between a submit and this is found again.
   */
  catchUp(): number {
    // Built under the placeholder base; `rebase` names them under the base set when they go out.
    const base = defaultBaseIri;
    const built: BuiltStatement[] = scoredRecords(this.sql).map((r) => scoredStatement(r, base));
    // Certification's answer changes only with a scorecard, a grant or the day (a level met waits
    // for its date), and reading it replays a focus area, so it is read only when one of those moved.
    const seen = `${this.sql(
      `SELECT (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM scorecard_revisions) || '/' || (SELECT count(*) FROM certification_grants)`,
    )
      .pluck()
      .get() as string}/${this.clock().toISOString().slice(0, 10)}`;
    if (seen !== this.certificationSeen) {
      // Reading certification's answer makes the grants that are due, so it comes before the grants.
      built.push(...failedRecords(this.sql, this.certification).map((r) => failedStatement(r, base)));
      this.certificationSeen = seen;
    }
    built.push(...passedRecords(this.sql, this.clock().toISOString()).map((r) => passedStatement(r, base)));
    if (built.length === 0) return 0;
    const now = this.clock().toISOString();
    let added = 0;
    writeTransaction(this.db, () => {
      const insert = this.sql(
        `INSERT OR IGNORE INTO xapi_outbox (id, verb, record_id, revision, statement, timestamp, state, next_try_at, last_error, error_kind, error_detail, created_at)
         VALUES (@id, @verb, @recordId, @revision, @statement, @timestamp, @state, @now, @lastError, @kind, @detail, @now)`,
      );
      for (const b of built) {
        // Refused here rather than by the LRS: a statement that breaks the rules is never sent.
        const problems = validateStatement(b.statement, '1.0.3');
        const detail = problems.map((p) => `${p.path} ${p.message}`).join('; ');
        added += insert.run({
          id: b.id,
          verb: b.verb,
          recordId: b.recordId,
          revision: b.revision,
          statement: JSON.stringify(b.statement),
          timestamp: b.timestamp,
          state: problems.length ? 'refused' : 'queued',
          now,
          lastError: problems.length ? `Reprise did not send this statement because it breaks xAPI's rules: ${detail}.` : null,
          kind: problems.length ? 'refused' : null,
          detail,
        }).changes;
      }
    });
    if (added) this.events.emit('xapi:changed', {});
    return added;
  }

  status(): XapiStatus {
    const c = this.config();
    const counts = this.sql(
      `SELECT coalesce(sum(state = 'queued'), 0) AS queued, coalesce(sum(state = 'queued' AND attempts > 0), 0) AS retrying,
              coalesce(sum(state = 'sent'), 0) AS sent, coalesce(sum(state = 'refused'), 0) AS refused, max(sent_at) AS last_sent_at
         FROM xapi_outbox`,
    ).get() as { queued: number; retrying: number; sent: number; refused: number; last_sent_at: string | null };
    const refused = this.sql(
      `SELECT id, verb, record_id, attempts, error_detail, timestamp, coalesce(json_extract(statement, '$.actor.name'), '') AS who
         FROM xapi_outbox WHERE state = 'refused' ORDER BY created_at DESC, timestamp DESC, id LIMIT 50`,
    ).all() as { id: string; verb: 'scored' | 'passed' | 'failed'; record_id: string; attempts: number; error_detail: string; timestamp: string; who: string }[];
    const failure = this.sql(
      `SELECT error_kind, error_detail, next_try_at FROM xapi_outbox WHERE state = 'queued' AND attempts > 0 ORDER BY next_try_at DESC LIMIT 1`,
    ).get() as { error_kind: 'auth' | 'network' | 'server'; error_detail: string; next_try_at: string } | undefined;
    return {
      enabled: c.enabled === 1,
      configured: c.endpoint !== '' && c.username !== '' && Boolean(this.options.secrets.read()),
      queued: counts.queued,
      retrying: counts.retrying,
      sent: counts.sent,
      refused: counts.refused,
      lastSentAt: counts.last_sent_at,
      lastFailure: failure ? { kind: failure.error_kind, detail: failure.error_detail, nextTryAt: failure.next_try_at } : null,
      refusedList: refused.map((r) => ({ id: r.id, verb: r.verb, recordId: r.record_id, who: r.who, at: r.timestamp, checkedHere: r.attempts === 0, detail: r.error_detail })),
    };
  }

  private target(): SendTarget {
    const c = this.config();
    const password = this.options.secrets.read();
    if (!c.enabled) {
      throw new AppError(ErrorCode.conflict, 'Sending to the Learning Record Store is turned off. Turn it on in Settings first.');
    }
    if (!c.endpoint || !c.username || !password) {
      throw new AppError(ErrorCode.invalidInput, 'Enter the LRS address, username and password in Settings first.');
    }
    if (normalizeBaseIri(c.base_iri) === defaultBaseIri) {
      // An LRS keeps what it is sent for good: statements wait rather than go out under a placeholder.
      throw new AppError(ErrorCode.conflict, 'Set the base address (the hub’s address) in Settings first: statements name their activities under it.');
    }
    return { endpoint: c.endpoint, username: c.username, password, version: c.version, baseIri: c.base_iri };
  }

  /** Sends what is due (with `force`, everything waiting, without waiting for its next try). One run at a time. */
  send(options: { force?: boolean } = {}): Promise<XapiRun> {
    if (this.running) return this.running;
    let target: SendTarget;
    try {
      target = this.target();
    } catch (error) {
      // Always a rejected promise, never a throw: the background loop only listens to promises.
      return Promise.reject(error);
    }
    this.running = this.run(target, options.force === true).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(target: SendTarget, force: boolean): Promise<XapiRun> {
    this.catchUp();
    const due = this.sql(
      `SELECT id, statement, attempts FROM xapi_outbox WHERE state = 'queued' AND (@force = 1 OR next_try_at <= @now) ORDER BY created_at, id`,
    ).all({ force: force ? 1 : 0, now: this.clock().toISOString() }) as OutboxRow[];
    const run: XapiRun = { sent: 0, alreadyThere: 0, refused: 0, retrying: 0, stopped: null, detail: '' };
    try {
      for (const batch of batchesOf(due, this.options.batchSize ?? 50)) {
        if (!(await this.deliver(target, batch, run))) break;
      }
    } finally {
      this.events.emit('xapi:changed', {});
    }
    return run;
  }

  /** Posts one batch; false when the run should stop (the LRS cannot take anything now). */
  private async deliver(target: SendTarget, batch: OutboxRow[], run: XapiRun): Promise<boolean> {
    const outcome = await postStatements(target, batch.map((r) => rebase(JSON.parse(r.statement), target.baseIri)));
    if (outcome.kind === 'stored') {
      this.markSent(batch, false);
      run.sent += batch.length;
      return true;
    }
    if (outcome.kind === 'conflict' || outcome.kind === 'refused') {
      // A batch is stored whole or not at all: find out which statement it was by sending each alone.
      if (batch.length > 1) {
        for (const row of batch) if (!(await this.deliver(target, [row], run))) return false;
        return true;
      }
      if (outcome.kind === 'conflict') {
        // The same id means the same record and revision: the LRS has it (an answer lost on the way back).
        this.markSent(batch, true);
        run.sent += 1;
        run.alreadyThere += 1;
      } else {
        this.markFailed(batch, 'refused', outcome.detail);
        run.refused += 1;
      }
      return true;
    }
    this.markFailed(batch, outcome.kind, outcome.detail);
    run.retrying += batch.length;
    run.stopped = outcome.kind;
    run.detail = outcome.detail;
    return false;
  }

  private markSent(rows: OutboxRow[], alreadyThere: boolean): void {
    const now = this.clock().toISOString();
    writeTransaction(this.db, () => {
      const update = this.sql(
        `UPDATE xapi_outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, already_there = ?, last_error = NULL, error_kind = NULL, error_detail = '' WHERE id = ?`,
      );
      for (const r of rows) update.run(now, alreadyThere ? 1 : 0, r.id);
    });
  }

  private markFailed(rows: OutboxRow[], kind: XapiErrorKind, detail: string): void {
    const now = this.clock().getTime();
    writeTransaction(this.db, () => {
      const update = this.sql(
        `UPDATE xapi_outbox SET state = ?, attempts = attempts + 1, next_try_at = ?, last_error = ?, error_kind = ?, error_detail = ? WHERE id = ?`,
      );
      for (const r of rows) {
        const next = new Date(now + retryDelayMs(r.attempts + 1)).toISOString();
        update.run(kind === 'refused' ? 'refused' : 'queued', next, sentences[kind](detail), kind, detail, r.id);
      }
    });
  }

  /** The LRS's refusals back in the queue, due now; a statement that breaks xAPI's rules is never sent. */
  retryRefused(): number {
    const changes = this.sql(
      `UPDATE xapi_outbox SET state = 'queued', attempts = 0, next_try_at = ?, last_error = NULL, error_kind = NULL, error_detail = ''
        WHERE state = 'refused' AND attempts > 0`,
    ).run(this.clock().toISOString()).changes;
    if (changes) this.events.emit('xapi:changed', {});
    return changes;
  }

  async test(): Promise<XapiTest> {
    const c = this.config();
    const password = this.options.secrets.read();
    if (!c.endpoint || !c.username || !password) return { outcome: 'not-configured', versions: [], detail: '' };
    return testLrs({ endpoint: c.endpoint, username: c.username, password, version: c.version });
  }

  /** Every statement Reprise would send (since a day, by when it happened), for an LRS's own import. */
  export(since?: string): Record<string, unknown>[] {
    this.catchUp();
    const rows = this.sql(
      `SELECT statement FROM xapi_outbox WHERE NOT (state = 'refused' AND attempts = 0) AND timestamp >= ? ORDER BY timestamp, rowid`,
    ).pluck().all(since ?? '') as string[];
    const base = this.config().base_iri;
    return rows.map((s) => rebase(JSON.parse(s), base) as Record<string, unknown>);
  }

  /**
   * Sends in the background while the app or a host runs: what is due every interval, and soon
   * after a scorecard is submitted or a level changes hands. Only while sending is turned on.
   */
  start(): void {
    if (this.timers.interval) return;
    this.timers.interval = setInterval(() => this.tick(), this.options.intervalMs ?? 60_000);
    this.timers.interval.unref();
    this.timers.unsubscribe = this.events.onAny((name) => {
      if (name === 'scorecards:changed' || name === 'certifications:changed') this.soon();
    });
    this.soon();
  }

  stop(): void {
    if (this.timers.interval) clearInterval(this.timers.interval);
    if (this.timers.soon) clearTimeout(this.timers.soon);
    this.timers.unsubscribe?.();
    this.timers = { interval: null, soon: null, unsubscribe: null };
  }

  private soon(): void {
    if (this.timers.soon) clearTimeout(this.timers.soon);
    this.timers.soon = setTimeout(() => this.tick(), 2_000);
    this.timers.soon.unref();
  }

  private tick(): void {
    this.timers.soon = null;
    if (this.config().enabled !== 1) return;
    // A failure is already in the outbox with its reason; the loop has nobody else to tell.
    void this.send().catch(() => undefined);
  }
}
