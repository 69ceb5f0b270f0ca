import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/demo/demo-seed';
import { migrations } from '../../src/core/db/migrations';
import { migrate } from '../../src/core/db/open-database';
import { heldStatusSql } from '../../src/core/sessions/held';
import { testCore } from '../support/core';
import { call } from './scorecards-support';

const now = '2026-11-30T09:00:00Z';

/** Every participation with the session's status as what happened, read plainly from the sessions and their takes. */
function plainParticipations(db: BetterSqlite3.Database): unknown[] {
  return db
    .prepare(
      `SELECT sp.session_id, sp.rep_id, sp.role, ${heldStatusSql()} AS status, s.program_id, s.focus_area_id, s.coach_rep_id AS coach_id,
              COALESCE(s.local_date, substr(s.starts_at, 1, 10)) AS date
       FROM session_participants sp JOIN sessions s ON s.id = sp.session_id ORDER BY sp.session_id, sp.rep_id`,
    )
    .all();
}
const keptParticipations = (db: BetterSqlite3.Database) =>
  db.prepare('SELECT session_id, rep_id, role, status, program_id, focus_area_id, coach_id, date FROM progress_participations ORDER BY session_id, rep_id').all();

/** Per person, focus area and criterion key, the scores of the last day it was scored, read plainly from `counted_scorecards`. */
function plainLatest(db: BetterSqlite3.Database): unknown[] {
  return db
    .prepare(
      `WITH given AS (
         SELECT sc.reviewee_id AS rep_id, s.focus_area_id, rc.key, sc.id AS scorecard_id, ss.criterion_id, ss.score,
                COALESCE(s.local_date, substr(s.starts_at, 1, 10), substr(sc.submitted_at, 1, 10)) AS date
         FROM counted_scorecards sc
         JOIN sessions s ON s.id = sc.session_id
         JOIN scorecard_scores ss ON ss.scorecard_id = sc.id
         JOIN rubric_criteria rc ON rc.id = ss.criterion_id
         WHERE sc.status = 'submitted' AND sc.role <> 'self' AND ss.score IS NOT NULL)
       SELECT rep_id, focus_area_id, key, scorecard_id, criterion_id, date, score FROM given g
       WHERE date = (SELECT max(date) FROM given l WHERE l.rep_id = g.rep_id AND l.focus_area_id = g.focus_area_id AND l.key = g.key)
       ORDER BY scorecard_id, criterion_id`,
    )
    .all();
}
const keptLatest = (db: BetterSqlite3.Database) =>
  db.prepare('SELECT rep_id, focus_area_id, key, scorecard_id, criterion_id, date, score FROM progress_latest ORDER BY scorecard_id, criterion_id').all();

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("team Progress's kept summaries against a plain reading", () => {
  it('agree after scores, scorecards, sessions, their people and takes are added, changed and removed, and after a person leaves a program', async () => {
    const core = testCore(now);
    seedDemo(core.db, () => new Date(now), { reps: 12, weeks: 14, dense: true });
    const db = core.db;
    const next = random(43);
    const pick = (sql: string): string | number | null => {
      const all = db.prepare(`${sql} ORDER BY 1`).pluck().all() as (string | number)[];
      return all.length ? all[Math.floor(next() * all.length)]! : null;
    };
    const day = () => `2026-${String(8 + Math.floor(next() * 4)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    let made = 0;
    const removed: { card: string; criterion: string }[] = [];
    const done: Record<string, number> = {};
    const edits: [string, () => boolean][] = [
      ['score changed or blanked', () => db.prepare('UPDATE scorecard_scores SET score = ? WHERE rowid = ?').run(next() < 0.25 ? null : 1 + Math.floor(next() * 5), pick('SELECT rowid FROM scorecard_scores')).changes > 0],
      [
        'score removed',
        () => {
          const row = db.prepare('SELECT scorecard_id AS card, criterion_id AS criterion FROM scorecard_scores WHERE rowid = ?').get(pick('SELECT rowid FROM scorecard_scores')) as { card: string; criterion: string } | undefined;
          if (row) removed.push(row);
          return row !== undefined && db.prepare('DELETE FROM scorecard_scores WHERE scorecard_id = ? AND criterion_id = ?').run(row.card, row.criterion).changes > 0;
        },
      ],
      [
        'score added back',
        () => {
          const row = removed.shift();
          return (
            row !== undefined &&
            db
              .prepare('INSERT OR IGNORE INTO scorecard_scores (scorecard_id, criterion_id, score) SELECT id, ?, ? FROM scorecards WHERE id = ?')
              .run(row.criterion, 1 + Math.floor(next() * 5), row.card).changes > 0
          );
        },
      ],
      ['scorecard deleted', () => db.prepare('DELETE FROM scorecards WHERE id = ?').run(pick("SELECT id FROM scorecards WHERE role <> 'self'")).changes > 0],
      ['scorecard reopened for revision', () => db.prepare("UPDATE scorecards SET status = 'revising' WHERE id = ?").run(pick("SELECT id FROM scorecards WHERE status = 'submitted'")).changes > 0],
      [
        'scorecard resubmitted',
        () => db.prepare("UPDATE scorecards SET status = 'submitted', revision = revision + 1, submitted_at = ? WHERE id = ?").run(now, pick("SELECT id FROM scorecards WHERE status = 'revising'")).changes > 0,
      ],
      ['session moved to another day', () => db.prepare('UPDATE sessions SET local_date = ? WHERE id = ?').run(day(), pick('SELECT id FROM sessions')).changes > 0],
      [
        'session marked held, missed, cancelled or planned',
        () => db.prepare('UPDATE sessions SET status = ? WHERE id = ?').run(['done', 'missed', 'cancelled', 'scheduled'][Math.floor(next() * 4)], pick('SELECT id FROM sessions')).changes > 0,
      ],
      ['session given another coach', () => db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(pick('SELECT id FROM reps'), pick('SELECT id FROM sessions')).changes > 0],
      [
        'session planned with two people',
        () => {
          const id = `planned-${made++}`;
          const area = pick('SELECT id FROM focus_areas');
          db.prepare("INSERT INTO sessions (id, focus_area_id, starts_at, status, local_date, created_at, updated_at) VALUES (?, ?, ?, 'scheduled', ?, ?, ?)").run(id, area, `${day()}T09:00:00Z`, day(), now, now);
          const [seller, buyer] = db.prepare('SELECT id FROM reps ORDER BY id LIMIT 2 OFFSET ?').pluck().all(Math.floor(next() * 8)) as string[];
          db.prepare("INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, 'seller'), (?, ?, 'buyer')").run(id, seller, id, buyer);
          return true;
        },
      ],
      ['planned session deleted', () => db.prepare('DELETE FROM sessions WHERE id = ?').run(pick("SELECT id FROM sessions WHERE id LIKE 'planned-%'")).changes > 0],
      [
        'person added to a session',
        () => {
          const session = pick('SELECT id FROM sessions');
          return db.prepare("INSERT OR IGNORE INTO session_participants (session_id, rep_id, role) VALUES (?, ?, 'observer')").run(session, pick('SELECT id FROM reps')).changes > 0;
        },
      ],
      ['person left a session', () => db.prepare("DELETE FROM session_participants WHERE session_id || '|' || rep_id = ?").run(pick("SELECT session_id || '|' || rep_id FROM session_participants WHERE role <> 'seller'")).changes > 0],
      ['role in a session changed', () => db.prepare("UPDATE session_participants SET role = 'observer' WHERE session_id || '|' || rep_id = ?").run(pick("SELECT session_id || '|' || rep_id FROM session_participants WHERE role = 'buyer'")).changes > 0],
      [
        'take recorded',
        () =>
          db
            .prepare("INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at, duration_ms) VALUES (?, ?, 'microphone', ?, 'audio/webm', ?, ?)")
            .run(`take-${made++}`, pick("SELECT id FROM sessions WHERE status IN ('scheduled', 'missed')"), next() < 0.7 ? 'ready' : 'recording', now, next() < 0.7 ? 120_000 : 5_000).changes > 0,
      ],
      ['take finished or cut short', () => db.prepare("UPDATE recordings SET status = 'ready', duration_ms = ? WHERE id = ?").run(next() < 0.5 ? 90_000 : 2_000, pick("SELECT id FROM recordings WHERE id LIKE 'take-%'")).changes > 0],
      ['take deleted', () => db.prepare('DELETE FROM recordings WHERE id = ?').run(pick("SELECT id FROM recordings WHERE id LIKE 'take-%'")).changes > 0],
    ];
    const programId = db.prepare('SELECT id FROM programs LIMIT 1').pluck().get() as string;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 20; i++) {
        const [name, edit] = edits[Math.floor(next() * edits.length)]!;
        if (edit()) done[name] = (done[name] ?? 0) + 1;
      }
      expect(keptParticipations(db), `round ${round}`).toEqual(plainParticipations(db));
      const latest = plainLatest(db);
      expect(latest.length).toBeGreaterThan(20);
      expect(keptLatest(db), `round ${round}`).toEqual(latest);
    }
    expect(Object.keys(done).sort()).toEqual(edits.map(([name]) => name).sort());

    // Someone leaving a program is no longer listed as slipping from it; the kept rows of their sessions stay as they were.
    const program = core.programs.programs.get(programId);
    const slipping = (await call(core, 'progress:team', { detail: 'full' })).slipping.map((s) => s.repId);
    const leaver = program.reps.map((r) => r.repId).find((id) => slipping.includes(id)) ?? program.reps[0]!.repId;
    core.programs.programs.update(programId, { repIds: program.reps.map((r) => r.repId).filter((id) => id !== leaver) });
    expect((await call(core, 'progress:team', { detail: 'full' })).slipping.map((s) => s.repId)).not.toContain(leaver);
    expect(keptParticipations(db)).toEqual(plainParticipations(db));
    expect(keptLatest(db)).toEqual(plainLatest(db));
  }, 120_000);

  it('are made for what was stored before the version that keeps them', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version < 43));
    seedDemo(db, () => new Date(now), { reps: 8, weeks: 6, dense: true });
    migrate(db, migrations);
    const participations = plainParticipations(db);
    const latest = plainLatest(db);
    expect(participations.length).toBeGreaterThan(20);
    expect(latest.length).toBeGreaterThan(20);
    expect(keptParticipations(db)).toEqual(participations);
    expect(keptLatest(db)).toEqual(latest);
    db.close();
  });
});
