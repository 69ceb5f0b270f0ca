import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/demo/demo-seed';
import { migrations } from '../../src/core/db/migrations';
import { migrate } from '../../src/core/db/open-database';
import { testCore } from '../support/core';
import { call } from './scorecards-support';
import { referenceCells, shownCells, type Cells } from '../support/progress-cells';

const now = '2026-11-30T09:00:00Z';
const windowStart = '2026-09-07'; // 12 weeks before now

type Core = ReturnType<typeof testCore>;

async function shown(core: Core, mode: 'latest' | 'mean'): Promise<Cells> {
  return shownCells(await call(core, 'progress:team', { heatmap: mode, windowWeeks: 12, detail: 'full' }));
}

/** The scorecard means team Progress counts, read plainly from `counted_scorecards`. */
function plainCards(db: BetterSqlite3.Database): unknown[] {
  return db
    .prepare(
      `SELECT * FROM (SELECT sc.id, sc.reviewee_id AS rep_id, sc.reviewer_id, sc.role, COALESCE(s.local_date, substr(s.starts_at, 1, 10), substr(sc.submitted_at, 1, 10)) AS date,
              sc.version_id, s.focus_area_id, (SELECT avg(ss.score) FROM scorecard_scores ss WHERE ss.scorecard_id = sc.id AND ss.score IS NOT NULL) AS mean
       FROM counted_scorecards sc JOIN sessions s ON s.id = sc.session_id WHERE sc.status = 'submitted' AND sc.role <> 'self') WHERE mean IS NOT NULL ORDER BY id`,
    )
    .all();
}
const keptCards = (db: BetterSqlite3.Database) =>
  db.prepare('SELECT scorecard_id AS id, rep_id, reviewer_id, role, date, version_id, focus_area_id, mean FROM progress_cards ORDER BY id').all();

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("team Progress's heatmap against a straightforward reading, through edits", () => {
  it('agrees after scores are changed and blanked, cards deleted, revised and resubmitted, days moved, people leaving and sessions left unconfirmed or confirmed', async () => {
    const core = testCore(now);
    seedDemo(core.db, () => new Date(now), { reps: 12, weeks: 14, dense: true });
    const db = core.db;
    const next = random(24);
    // One of a query's answers, chosen by the generator (ORDER BY random() could not be replayed).
    const pick = (sql: string): string | number | null => {
      const all = db.prepare(`${sql} ORDER BY 1`).pluck().all() as (string | number)[];
      return all.length ? all[Math.floor(next() * all.length)]! : null;
    };
    const done: Record<string, number> = {};
    const edits: [string, () => boolean][] = [
      [
        'score changed or blanked',
        () => {
          const score = next() < 0.25 ? null : 1 + Math.floor(next() * 5);
          return db.prepare('UPDATE scorecard_scores SET score = ? WHERE rowid = ?').run(score, pick('SELECT rowid FROM scorecard_scores')).changes > 0;
        },
      ],
      ['score removed', () => db.prepare('DELETE FROM scorecard_scores WHERE rowid = ?').run(pick('SELECT rowid FROM scorecard_scores')).changes > 0],
      ['card deleted', () => db.prepare('DELETE FROM scorecards WHERE id = ?').run(pick("SELECT id FROM scorecards WHERE role <> 'self'")).changes > 0],
      ['card reopened for revision', () => db.prepare("UPDATE scorecards SET status = 'revising' WHERE id = ?").run(pick("SELECT id FROM scorecards WHERE status = 'submitted'")).changes > 0],
      [
        'card resubmitted',
        () =>
          db
            .prepare("UPDATE scorecards SET status = 'submitted', revision = revision + 1, submitted_at = ? WHERE id = ?")
            .run(now, pick("SELECT id FROM scorecards WHERE status = 'revising'"))
            .changes > 0,
      ],
      [
        'session moved to another day',
        () => {
          const day = `2026-${String(8 + Math.floor(next() * 4)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
          return db.prepare('UPDATE sessions SET local_date = ? WHERE id = ?').run(day, pick('SELECT DISTINCT session_id FROM scorecards')).changes > 0;
        },
      ],
      [
        'session made ad hoc by one of its people (unconfirmed for the others)',
        () => {
          const session = pick("SELECT DISTINCT session_id FROM scorecards WHERE role <> 'self'");
          const creator = pick(`SELECT rep_id FROM session_participants WHERE session_id = '${session}'`);
          return db.prepare('UPDATE sessions SET created_by = ? WHERE id = ?').run(creator, session).changes > 0;
        },
      ],
      [
        'unconfirmed session confirmed',
        () => {
          const pair = pick("SELECT session_id || '|' || rep_id FROM session_unconfirmed");
          if (pair === null) return false;
          const [session, rep] = String(pair).split('|');
          return db.prepare('INSERT INTO session_confirmations (session_id, rep_id, confirmed_at) VALUES (?, ?, ?)').run(session, rep, now).changes > 0;
        },
      ],
      [
        'confirmation withdrawn',
        () => db.prepare("DELETE FROM session_confirmations WHERE session_id || '|' || rep_id = ?").run(pick("SELECT session_id || '|' || rep_id FROM session_confirmations")).changes > 0,
      ],
      [
        'person left a session',
        () => db.prepare("DELETE FROM session_participants WHERE session_id || '|' || rep_id = ?").run(pick("SELECT session_id || '|' || rep_id FROM session_participants WHERE role <> 'seller'")).changes > 0,
      ],
      [
        'take recorded with the consent of someone unconfirmed',
        () => {
          const pair = pick("SELECT session_id || '|' || rep_id FROM session_unconfirmed");
          if (pair === null) return false;
          const [session, rep] = String(pair).split('|');
          const take = `take-${Object.values(done).reduce((a, b) => a + b, 0)}`;
          db.prepare("INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES (?, ?, 'microphone', 'ready', 'audio/webm', ?)").run(take, session, now);
          return db.prepare('INSERT INTO recording_consents (recording_id, rep_id, confirmed_at, confirmed_by) VALUES (?, ?, ?, ?)').run(take, rep, now, rep).changes > 0;
        },
      ],
      [
        'consent on a take withdrawn',
        () => db.prepare("DELETE FROM recording_consents WHERE recording_id || '|' || rep_id = ?").run(pick("SELECT recording_id || '|' || rep_id FROM recording_consents")).changes > 0,
      ],
    ];
    expect(db.prepare("SELECT count(*) FROM scorecards WHERE role = 'self' AND status = 'submitted'").pluck().get()).toBeGreaterThan(0);
    for (let round = 0; round < 8; round++) {
      for (let i = 0; i < 16; i++) {
        const [name, edit] = edits[Math.floor(next() * edits.length)]!;
        if (edit()) done[name] = (done[name] ?? 0) + 1;
      }
      // The kept scorecard means are exactly what a plain reading of counted_scorecards gives.
      expect(keptCards(db), `round ${round}`).toEqual(plainCards(db));
      for (const mode of ['latest', 'mean'] as const) {
        const expected = referenceCells(core.db, mode, windowStart);
        expect(Object.keys(expected).length).toBeGreaterThan(20);
        expect(await shown(core, mode), `round ${round}, ${mode}`).toEqual(expected);
      }
    }
    // Every kind of edit happened, and some sessions are still unconfirmed for someone scored in them.
    expect(Object.keys(done).sort()).toEqual(edits.map(([name]) => name).sort());
    expect(db.prepare('SELECT count(*) FROM scorecards sc JOIN session_unconfirmed u ON u.session_id = sc.session_id AND u.rep_id = sc.reviewee_id').pluck().get()).toBeGreaterThan(0);
  }, 120_000);

  it('are made for what was stored before the version that keeps them', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version < 42));
    seedDemo(db, () => new Date(now), { reps: 8, weeks: 6, dense: true });
    db.prepare("UPDATE sessions SET created_by = (SELECT rep_id FROM session_participants p WHERE p.session_id = sessions.id AND p.role = 'buyer') WHERE rowid % 3 = 0").run();
    migrate(db, migrations);
    const plain = plainCards(db);
    expect(plain.length).toBeGreaterThan(20);
    expect(keptCards(db)).toEqual(plain);
    db.close();
  });
});
