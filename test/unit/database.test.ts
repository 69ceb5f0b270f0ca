import { createHash } from 'node:crypto';
import { clockFromEnv } from '../../src/core/clock';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, openDatabase, writeTransaction } from '../../src/core/db/open-database';
import { migrations } from '../../src/core/db/migrations';
import { inLibrarySearchBatch } from '../../src/core/db/library-search-batch';
import { AppError } from '../../src/shared/errors';
import { tempDir } from '../support/temp-dir';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  it('creates the file with WAL, foreign keys, a busy timeout and the latest schema', () => {
    const file = path.join(tempDir(), 'nested', 'reprise.sqlite');
    const db = openDatabase(file);
    expect(fs.existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    db.close();
  });

  it('makes every table STRICT', () => {
    const db = openDatabase(':memory:');
    const tables = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      strict: number;
    }[];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) expect({ table: table.name, strict: table.strict }).toEqual({ table: table.name, strict: 1 });
    expect(() =>
      db.prepare("INSERT INTO reps (id, name, email, coach, created_at, updated_at) VALUES ('x', 'X', 'x@x.fi', 'yes', '', '')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('is idempotent: opening again applies nothing twice', () => {
    const file = path.join(tempDir(), 'reprise.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'reprise.sqlite');
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE future (x TEXT)');
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.close();
    const before = sha(file);
    let caught: unknown;
    try {
      openDatabase(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('database_too_new');
    expect((caught as AppError).message).toMatch(/newer version of Reprise/);
    expect(sha(file)).toBe(before);
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('rolls a failing migration back whole and keeps the previous version', () => {
    const db = new BetterSqlite3(':memory:');
    const broken = [
      ...migrations,
      { version: latestVersion() + 1, name: 'broken', up: 'CREATE TABLE half (x TEXT) STRICT; INSERT INTO nope VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nope/);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 1: people', () => {
  it('creates reps with a case-insensitive unique email and a profile that goes with the rep', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 1));
    const insert = db.prepare(
      "INSERT INTO reps (id, name, email, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    );
    insert.run('a', 'Aino', 'aino@example.com');
    expect(() => insert.run('b', 'Other', 'AINO@example.com')).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO rep_profiles (rep_id, notes) VALUES ('a', 'likes demos')").run();
    db.prepare("DELETE FROM reps WHERE id = 'a'").run();
    expect(db.prepare('SELECT count(*) AS n FROM rep_profiles').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 6: program pairing seed', () => {
  it('gives every program saved before it its id as the seed, so its pairings do not change', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 5));
    db.prepare(
      `INSERT INTO programs (id, name, weekday, time, duration_minutes, time_zone, start_date, strategy, created_at, updated_at)
       VALUES ('p1', 'Nordics', 2, '15:00', 45, 'Europe/Helsinki', '2026-12-01', 'mixed', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    ).run();
    migrate(db, migrations.filter((m) => m.version <= 6));
    expect(db.prepare('SELECT pairing_seed FROM programs').all()).toEqual([{ pairing_seed: 'p1' }]);
    db.close();
  });
});

describe('migration 10: session coach index', () => {
  it("finds a coach's sessions through an index instead of reading every session", () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 10));
    const plan = (db.prepare('EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE coach_rep_id = ?').all('c1') as { detail: string }[]).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX sessions_coach/);
  });
});

describe('migration 20: session focus area index', () => {
  it("finds a focus area's role-plays through an index instead of reading every scorecard revision", () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 20));
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT r.overall FROM sessions s JOIN scorecards sc ON sc.session_id = s.id
           JOIN scorecard_revisions r ON r.scorecard_id = sc.id AND r.revision = sc.revision WHERE s.focus_area_id = ?`,
        )
        .all('demo') as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/SEARCH s USING (COVERING )?INDEX sessions_focus_area/);
    db.close();
  });
});

describe('migration 21: coaching assignments', () => {
  it('keeps each rep\'s coach and each program\'s coaches, found by the coach through indexes', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 21));
    const at = '2026-01-01T00:00:00Z';
    const rep = db.prepare('INSERT INTO reps (id, name, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    rep.run('c1', 'Coach', 'c@example.com', at, at);
    rep.run('r1', 'Rep', 'r@example.com', at, at);
    db.prepare("UPDATE reps SET coached_by = 'c1' WHERE id = 'r1'").run();
    expect(() => db.prepare("UPDATE reps SET coached_by = 'nobody' WHERE id = 'r1'").run()).toThrow(/FOREIGN KEY/);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('c1') as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan('SELECT id FROM reps WHERE coached_by = ?')).toMatch(/INDEX reps_coached_by/);
    expect(plan('SELECT program_id FROM program_coaches WHERE rep_id = ?')).toMatch(/INDEX program_coaches_rep/);
    db.close();
  });
});

describe('migration 22: idempotency binding', () => {
  it('keys a remembered answer by person, device and key, so the same key from two devices is two answers', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 20));
    db.prepare("INSERT INTO hub_idempotency (key, rep_id, channel, result, created_at) VALUES ('k', 'r1', 'sessions:create', '{}', '2026-01-01')").run();
    migrate(db, migrations.filter((m) => m.version <= 22));
    expect(db.prepare('SELECT count(*) FROM hub_idempotency').pluck().get()).toBe(0);
    const insert = db.prepare(
      "INSERT INTO hub_idempotency (rep_id, device_id, key, channel, input_hash, result, created_at) VALUES ('r1', ?, 'k', 'sessions:create', 'h', '{}', '2026-01-01')",
    );
    insert.run('d1');
    insert.run('d2');
    expect(() => insert.run('d1')).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('migration 12: certification', () => {
  it('keeps grants with one code each, never an expiry before the grant, and a program per focus area', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 12));
    const at = '2026-01-01T00:00:00.000Z';
    db.prepare("INSERT INTO reps (id, name, email, created_at, updated_at) VALUES ('a', 'Aino', 'aino@example.com', ?, ?)").run(at, at);
    const grant = db.prepare(
      `INSERT INTO certification_grants (id, rep_id, focus_area_id, level_index, level_name, kind, granted_at, expires_at, code, requirement, evidence, created_at)
       VALUES (?, 'a', 'discovery', ?, 'Beginner', 'grant', ?, ?, ?, '{}', '[]', ?)`,
    );
    grant.run('g1', 0, at, null, 'AAAA-BBBB-CCCC', at);
    expect(() => grant.run('g2', 1, at, null, 'AAAA-BBBB-CCCC', at)).toThrow(/UNIQUE/);
    expect(() => grant.run('g3', 2, at, '2025-12-01T00:00:00.000Z', 'DDDD-BBBB-CCCC', at)).toThrow(/CHECK/);
    expect(() => grant.run('g4', 0, at, null, 'EEEE-BBBB-CCCC', at)).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO certification_programs (focus_area_id, fields, updated_at) VALUES ('discovery', '[]', ?)").run(at)).toThrow(/CHECK/);
    const strict = db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'certification_%' AND type = 'table' AND sql LIKE '%STRICT'").pluck().all();
    expect(strict.sort()).toEqual(['certification_certifiers', 'certification_grants', 'certification_programs']);
    // Programs saved before keep the fixed rotation.
    db.prepare(
      `INSERT INTO programs (id, name, weekday, time, duration_minutes, time_zone, start_date, strategy, pairing_seed, created_at, updated_at)
       VALUES ('p1', 'Nordics', 2, '15:00', 45, 'Europe/Helsinki', '2026-12-01', 'mixed', 'p1', ?, ?)`,
    ).run(at, at);
    expect(db.prepare('SELECT focus_strategy FROM programs').pluck().get()).toBe('rotation');
    expect(() => db.prepare("UPDATE programs SET focus_strategy = 'random'").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('the migration list', () => {
  it('numbers versions in rising order without repeats (numbers are handed out per change, so gaps are allowed)', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});

describe('migration 25: library search batch', () => {
  const seed = (db: BetterSqlite3.Database) =>
    db.exec(`
      INSERT INTO reps (id, name, email, created_at, updated_at) VALUES ('r1', 'Åsa Öberg', 'asa@example.com', '', ''), ('r2', 'Pekka Mäki', 'pekka@example.com', '', '');
      INSERT INTO personas (id, name, role, company, created_at, updated_at) VALUES ('p1', 'Kaisa', 'CFO', 'Konepaja Oy', '', '');
      INSERT INTO scenarios (id, title, setup, persona_id, focus_area_id, created_at, updated_at) VALUES ('sc1', 'Budjettikysymys', 'Asiakas epäröi', 'p1', 'discovery', '', '');
    `);
  const insert = (db: BetterSqlite3.Database, id: string) => {
    db.prepare(`INSERT INTO sessions (id, focus_area_id, title, scenario_id, starts_at, created_at, updated_at) VALUES (?, 'discovery', 'Viikkoharjoitus', 'sc1', '2026-11-02T10:00:00Z', '', '')`).run(id);
    db.prepare(`INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, 'r1', 'seller'), (?, 'r2', 'buyer')`).run(id, id);
  };
  const documents = (db: BetterSqlite3.Database) =>
    db.prepare(`SELECT d.kind, d.source_id, s.body FROM library_search_docs d JOIN library_search s ON s.rowid = d.id ORDER BY d.source_id`).all();

  it('builds the same search document once at the end of a batch as the triggers build insert by insert', () => {
    const one = new BetterSqlite3(':memory:');
    const batch = new BetterSqlite3(':memory:');
    for (const db of [one, batch]) {
      migrate(db, migrations);
      seed(db);
    }
    for (const id of ['s1', 's2']) insert(one, id);
    writeTransaction(batch, () => {
      inLibrarySearchBatch(batch, () => {
        for (const id of ['s1', 's2']) insert(batch, id);
        // Inside the batch the documents wait for its end.
        expect(batch.prepare('SELECT count(*) AS n FROM library_search').get()).toEqual({ n: 0 });
      });
    });
    expect(documents(batch)).toEqual(documents(one));
    expect(documents(one)).toHaveLength(2);
    expect(String((documents(one)[0] as { body: string }).body)).toContain('Öberg');
    expect(batch.prepare('SELECT count(*) AS n FROM library_search_pending').get()).toEqual({ n: 0 });
    expect(batch.prepare('SELECT count(*) AS n FROM library_search_batch').get()).toEqual({ n: 0 });
    // After the batch, the triggers index each insert again.
    insert(batch, 's3');
    insert(one, 's3');
    expect(documents(batch)).toEqual(documents(one));
  });

  it('indexes a session from before the batch that gains a participant in it, as the triggers do', () => {
    const one = new BetterSqlite3(':memory:');
    const batch = new BetterSqlite3(':memory:');
    for (const db of [one, batch]) {
      migrate(db, migrations);
      seed(db);
      db.exec(`INSERT INTO reps (id, name, email, created_at, updated_at) VALUES ('r3', 'Liisa Virtanen', 'liisa@example.com', '', '')`);
      insert(db, 's1');
    }
    const third = (db: BetterSqlite3.Database) => db.prepare(`INSERT INTO session_participants (session_id, rep_id, role) VALUES ('s1', 'r3', 'observer')`).run();
    third(one);
    insert(one, 's2');
    writeTransaction(batch, () =>
      inLibrarySearchBatch(batch, () => {
        third(batch);
        insert(batch, 's2');
      }),
    );
    expect(documents(batch)).toEqual(documents(one));
    expect(String((documents(batch)[0] as { body: string }).body)).toContain('Virtanen');
    const triggers = (db: BetterSqlite3.Database) => db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all();
    expect(triggers(batch)).toEqual(triggers(one));
  });

  it('leaves nothing behind when the batch fails: its transaction is rolled back whole', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations);
    seed(db);
    expect(() =>
      writeTransaction(db, () =>
        inLibrarySearchBatch(db, () => {
          insert(db, 's1');
          throw new Error('stop');
        }),
      ),
    ).toThrow('stop');
    expect(db.prepare('SELECT (SELECT count(*) FROM sessions) + (SELECT count(*) FROM library_search_batch) + (SELECT count(*) FROM library_search_pending) AS n').get()).toEqual({ n: 0 });
    insert(db, 's1');
    expect(documents(db)).toHaveLength(1);
  });
});

describe('migration 32: program pair across teams', () => {
  it('keeps the same-team preference for programs saved before it and accepts only yes or no', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 25));
    db.exec(`INSERT INTO programs (id, name, weekday, time, duration_minutes, time_zone, start_date, strategy, created_at, updated_at) VALUES ('p1', 'Nordics', 2, '15:00', 45, 'Europe/Helsinki', '2026-11-30', 'mixed', '', '')`);
    migrate(db, migrations);
    expect(db.prepare('SELECT pair_across_teams FROM programs').get()).toEqual({ pair_across_teams: 0 });
    expect(() => db.prepare(`UPDATE programs SET pair_across_teams = 2`).run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 35: marker revision and sent writes', () => {
  it('gives a marker set before it the revision of the moment it was set, and lets a sent write keep the revision the hub answered', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 34));
    // Only the marker's own columns matter here, not the take it belongs to.
    db.pragma('foreign_keys = OFF');
    db.exec(`INSERT INTO markers (id, recording_id, offset_ms, note, tag, created_at) VALUES ('m1', 'r1', 500, 'Budget', NULL, '2026-11-20T09:06:00.000Z')`);
    db.exec(`INSERT INTO outbox (id, seq, channel, input, created_at, state, sent_at) VALUES ('o1', 1, 'markers:add', '{}', 'now', 'sent', '2026-11-20T09:07:00.000Z')`);
    migrate(db, migrations);
    expect(db.prepare('SELECT updated_at FROM markers').pluck().get()).toBe('2026-11-20T09:06:00.000Z');
    expect(db.prepare('SELECT answer_revision FROM outbox').pluck().get()).toBeNull();
    db.prepare(`UPDATE outbox SET answer_revision = '2026-11-20T09:07:00.000Z' WHERE id = 'o1'`).run();
    expect(db.prepare(`SELECT id FROM outbox WHERE state = 'sent' AND sent_at < ?`).pluck().all('2026-12-01')).toEqual(['o1']);
    db.close();
  });
});

describe('migration 36: progress indexes', () => {
  it("walks sessions in the order of their day without a temporary sort, and reads a scorecard's scores from an index alone", () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 36));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    const day = 'COALESCE(s.local_date, substr(s.starts_at, 1, 10))';
    const sessions = plan(`SELECT sp.rep_id, ${day} AS date FROM session_participants sp JOIN sessions s ON s.id = sp.session_id WHERE ${day} <= '2026-11-30' ORDER BY date`);
    expect(sessions).toMatch(/SEARCH s USING (COVERING )?INDEX sessions_day/);
    expect(sessions).not.toMatch(/TEMP B-TREE/);
    expect(plan("SELECT avg(score) FROM scorecard_scores WHERE scorecard_id = 'c1' AND score IS NOT NULL")).toMatch(/USING COVERING INDEX scorecard_scores_card_score/);
    db.close();
  });
});

describe('migration 39: roster order index', () => {
  it('reads people in roster order from an index, without sorting the whole roster first', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 39));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    const page = plan('SELECT r.id FROM reps r WHERE r.archived_at IS NULL ORDER BY r.name COLLATE NOCASE, r.email LIMIT 101');
    expect(page).toMatch(/SCAN r USING INDEX reps_roster_order/);
    expect(page).not.toMatch(/TEMP B-TREE/);
    expect(plan("SELECT DISTINCT role FROM reps WHERE trim(role) <> ''")).toMatch(/COVERING INDEX reps_role/);
    const insert = db.prepare("INSERT INTO reps (id, name, email, created_at, updated_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    for (const [id, name, email] of [['1', 'bea', 'b@example.com'], ['2', 'Aino', 'z@example.com'], ['3', 'aino', 'a@example.com'], ['4', 'Ärla', 'x@example.com']]) insert.run(id, name, email);
    // The same order as before: ASCII letters without regard to case, then the email.
    expect(db.prepare('SELECT id FROM reps ORDER BY name COLLATE NOCASE, email').pluck().all()).toEqual(['3', '2', '1', '4']);
    db.close();
  });
});

describe('writeTransaction', () => {
  it('waits for a writer in another connection when it reads before it writes, instead of failing at once', async () => {
    const file = path.join(tempDir(), 'reprise.sqlite');
    const db = openDatabase(file);
    db.prepare("INSERT INTO settings (key, value) VALUES ('counter', '0')").run();
    const held = new Int32Array(new SharedArrayBuffer(4));
    // Another connection (the CLI, say) takes the write lock, changes the row, and commits a moment later.
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const Database = require('better-sqlite3');
       const other = new Database(workerData.file);
       other.exec('BEGIN IMMEDIATE');
       other.prepare("UPDATE settings SET value = '1' WHERE key = 'counter'").run();
       Atomics.store(workerData.held, 0, 1);
       Atomics.notify(workerData.held, 0);
       Atomics.wait(workerData.held, 0, 1, 300);
       other.exec('COMMIT');
       other.close();`,
      { eval: true, workerData: { file, held } },
    );
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    Atomics.wait(held, 0, 0, 10_000);
    const counted = writeTransaction(db, () => {
      const current = Number(db.prepare("SELECT value FROM settings WHERE key = 'counter'").pluck().get());
      db.prepare("UPDATE settings SET value = ? WHERE key = 'counter'").run(String(current + 1));
      return current + 1;
    });
    expect(counted).toBe(2);
    await exited;
    db.close();
  });
});

describe('REPRISE_NOW', () => {
  it('moves today for the CLI and the hosts, runs on from there, and refuses a date it cannot read', () => {
    const clock = clockFromEnv({ REPRISE_NOW: '2027-03-01T09:00:00Z' });
    const first = clock().getTime();
    expect(first).toBeGreaterThanOrEqual(Date.parse('2027-03-01T09:00:00Z'));
    expect(first).toBeLessThan(Date.parse('2027-03-01T09:00:05Z'));
    expect(clockFromEnv({})().getFullYear()).toBe(new Date().getFullYear());
    expect(() => clockFromEnv({ REPRISE_NOW: 'next tuesday' })).toThrow(/ISO-8601/);
  });
});

describe('migration 15: progress', () => {
  it('keeps opportunities consistent: a won deal is closed and a closed deal has a close date', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 15));
    const insert = db.prepare(
      `INSERT INTO opportunities (id, owner_email, created_date, close_date, amount, stage, closed, won, imported_at) VALUES (?, 'a@example.com', '2026-01-01', ?, 100, '', ?, ?, '2026-01-02T00:00:00Z')`,
    );
    insert.run('ok', '2026-02-01', 1, 1);
    expect(() => insert.run('won-open', '2026-02-01', 0, 1)).toThrow(/CHECK/);
    expect(() => insert.run('closed-undated', null, 1, 0)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO quotas (owner_email, period, amount) VALUES ('a@example.com', '2026-Q5', 1)").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 16: certification reminders', () => {
  it('keeps one row per grant and reminder point, only at 30, 7 or 1 days, and only for a grant that exists', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 16));
    const at = '2026-01-01T00:00:00.000Z';
    db.prepare("INSERT INTO reps (id, name, email, created_at, updated_at) VALUES ('a', 'Aino', 'aino@example.com', ?, ?)").run(at, at);
    db.prepare(
      `INSERT INTO certification_grants (id, rep_id, focus_area_id, level_index, level_name, kind, granted_at, expires_at, code, requirement, evidence, created_at)
       VALUES ('g1', 'a', 'demo', 2, 'Advanced', 'grant', ?, '2026-04-01T00:00:00.000Z', 'AAAA-BBBB-CCCC', '{}', '[]', ?)`,
    ).run(at, at);
    const sent = db.prepare('INSERT INTO certification_reminders_sent (grant_id, days_before, sent_at) VALUES (?, ?, ?)');
    sent.run('g1', 30, at);
    expect(() => sent.run('g1', 30, at)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => sent.run('g1', 14, at)).toThrow(/CHECK/);
    expect(() => sent.run('nope', 7, at)).toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'certification_reminders_sent'").pluck().get()).toMatch(/STRICT/);
    db.close();
  });
});

describe('migration 18: clips', () => {
  it('keeps a clip a forward range of its recording, and removes it with the recording', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 18));
    db.prepare(`INSERT INTO sessions (id, focus_area_id, status, created_at, updated_at) VALUES ('s', 'discovery', 'scheduled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run();
    db.prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's', 'microphone', 'ready', 'audio/webm', '2026-01-01T00:00:00Z')`).run();
    const insert = db.prepare(
      `INSERT INTO clips (id, recording_id, start_ms, end_ms, title, focus_area_id, criteria, created_at, updated_at) VALUES (?, 'r', ?, ?, ?, 'discovery', ?, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')`,
    );
    insert.run('ok', 0, 1000, 'Opening', '["open-questions"]');
    expect(() => insert.run('backwards', 1000, 1000, 'x', '[]')).toThrow(/CHECK/);
    expect(() => insert.run('untitled', 0, 1000, '', '[]')).toThrow(/CHECK/);
    expect(() => insert.run('not-a-list', 0, 1000, 'x', '{}')).toThrow(/CHECK/);
    db.prepare("DELETE FROM recordings WHERE id = 'r'").run();
    expect(db.prepare('SELECT count(*) FROM clips').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 17: xapi', () => {
  it('keeps one LRS configuration and one statement per record and revision, each sent with a time or refused with a reason', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 17));
    const at = '2027-01-01T00:00:00.000Z';
    const config = db.prepare("INSERT INTO xapi_config (id, enabled, endpoint, version, updated_at) VALUES (?, 1, 'https://lrs.example.com/xapi', ?, ?)");
    config.run(1, '1.0.3', at);
    expect(() => config.run(2, '1.0.3', at)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE xapi_config SET version = '0.95'").run()).toThrow(/CHECK/);
    const insert = db.prepare(
      `INSERT INTO xapi_outbox (id, verb, record_id, revision, statement, timestamp, state, next_try_at, last_error, sent_at, created_at)
       VALUES (?, ?, 'card-1', ?, '{}', ?, ?, ?, ?, ?, ?)`,
    );
    const id = (n: number) => `00000000-0000-5000-8000-00000000000${n}`;
    insert.run(id(1), 'scored', 1, at, 'queued', at, null, null, at);
    expect(() => insert.run(id(2), 'scored', 1, at, 'queued', at, null, null, at)).toThrow(/UNIQUE/);
    insert.run(id(3), 'scored', 2, at, 'sent', at, null, at, at);
    expect(() => insert.run(id(4), 'scored', 3, at, 'sent', at, null, null, at)).toThrow(/CHECK/);
    expect(() => insert.run(id(5), 'failed', 1, at, 'refused', at, null, null, at)).toThrow(/CHECK/);
    expect(() => insert.run(id(6), 'completed', 1, at, 'queued', at, null, null, at)).toThrow(/CHECK/);
    expect(() => insert.run('short', 'passed', 1, at, 'queued', at, null, null, at)).toThrow(/CHECK/);
    const strict = db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'xapi_%' AND type = 'table' AND sql LIKE '%STRICT'").pluck().all();
    expect(strict.sort()).toEqual(['xapi_config', 'xapi_outbox']);
    db.close();
  });
});

describe('migration 19: clip search', () => {
  it('keeps every search document and the triggers that fill it when the table is rebuilt for clips', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 18));
    db.prepare(`INSERT INTO sessions (id, focus_area_id, status, title, created_at, updated_at) VALUES ('s', 'discovery', 'scheduled', 'Hinnoittelu', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run();
    const before = db.prepare('SELECT * FROM library_search_docs ORDER BY id').all();
    expect(before).toHaveLength(1);
    migrate(db, migrations);
    expect(db.prepare('SELECT * FROM library_search_docs ORDER BY id').all()).toEqual(before);
    // The session's triggers still write to the rebuilt table.
    db.prepare(`INSERT INTO sessions (id, focus_area_id, status, title, created_at, updated_at) VALUES ('s2', 'discovery', 'scheduled', 'Kysymykset', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`).run();
    db.prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's2', 'microphone', 'ready', 'audio/webm', '2026-01-01T00:00:00Z')`).run();
    db.prepare(`INSERT INTO clips (id, recording_id, start_ms, end_ms, title, focus_area_id, created_at, updated_at) VALUES ('c', 'r', 5, 10, 'Budjetti', 'discovery', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z')`).run();
    const found = (word: string) => db.prepare('SELECT d.kind, d.source_id AS id FROM library_search JOIN library_search_docs d ON d.id = library_search.rowid WHERE library_search MATCH ?').all(word);
    expect(found('kysymykset')).toEqual([{ kind: 'session', id: 's2' }]);
    expect(found('budjetti')).toEqual([{ kind: 'clip', id: 'c' }]);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%library_search_docs_next%'").pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 23: library sessions without REPLACE', () => {
  it("lets an upsert of a session with takes update it (a connected desktop's copy of the hub's session), and keeps the Library row in step", () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 23));
    db.exec(`INSERT INTO sessions (id, focus_area_id, title, status, created_at, updated_at) VALUES ('s', 'discovery', 'Discovery', 'scheduled', 'x', 'x');
      INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's', 'import', 'ready', 'audio/webm', '2026-11-02T09:00:00Z');`);
    const upsert = db.prepare(`INSERT INTO sessions (id, focus_area_id, title, starts_at, status, created_at, updated_at) VALUES ('s', 'discovery', 'Discovery', ?, 'scheduled', 'x', 'y')
      ON CONFLICT (id) DO UPDATE SET starts_at = excluded.starts_at, updated_at = excluded.updated_at`);
    upsert.run('2026-11-01T09:00:00Z');
    upsert.run(null);
    expect(db.prepare('SELECT session_id, at FROM library_sessions').all()).toEqual([{ session_id: 's', at: '2026-11-02T09:00:00Z' }]);
    db.exec(`INSERT OR REPLACE INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's', 'import', 'ready', 'audio/webm', '2026-11-03T09:00:00Z')`);
    expect(db.prepare('SELECT at FROM library_sessions').pluck().all()).toEqual(['2026-11-03T09:00:00Z']);
  });
});
