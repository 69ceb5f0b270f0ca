import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/demo/demo-seed';
import { migrations } from '../../src/core/db/migrations';
import { migrate } from '../../src/core/db/open-database';
import { ProgressService, type TeamOptions } from '../../src/core/progress/progress-service';
import { SettingsService } from '../../src/core/settings-service';
import { testCore } from '../support/core';

const now = '2026-11-30T09:00:00Z';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Team Progress worked out from scratch: a copy of the database with everything kept for Progress
 * (the summaries of migrations 0042–0044, the counters of 0047, their triggers) dropped and made
 * again from the stored scorecards, sessions and deals, read by a service that has kept nothing.
 */
function fromScratch(db: BetterSqlite3.Database): { copy: BetterSqlite3.Database; progress: ProgressService } {
  const image = db.serialize();
  // The file is in WAL mode, which a database in memory cannot open: mark the copy as a plain journal's.
  image[18] = 1;
  image[19] = 1;
  const copy = new BetterSqlite3(image);
  const triggers = copy.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'progress\\_%' ESCAPE '\\'").pluck().all() as string[];
  for (const name of triggers) copy.exec(`DROP TRIGGER "${name}"`);
  for (const table of ['progress_heat_cells', 'progress_latest', 'progress_participations', 'progress_cards', 'progress_versions', 'progress_rep_cards']) copy.exec(`DROP TABLE ${table}`);
  copy.exec('DROP INDEX opportunities_closed');
  copy.pragma('user_version = 41');
  migrate(copy, migrations);
  return { copy, progress: new ProgressService(copy, new SettingsService(copy), () => new Date(now)) };
}

describe('team Progress kept part by part, against the same view worked out from scratch', () => {
  it('agrees after a random series of scorecards, moves, archiving, sessions held or cancelled and deals imported', () => {
    const core = testCore(now);
    seedDemo(core.db, () => new Date(now), { reps: 24, weeks: 30, dense: true });
    const db = core.db;
    const next = random(47);
    const pick = (sql: string): string | number | null => {
      const all = db.prepare(`${sql} ORDER BY 1`).pluck().all() as (string | number)[];
      return all.length ? all[Math.floor(next() * all.length)]! : null;
    };
    // Days from June to November: many inside the 8- and 12-week windows before the end of November.
    const day = () => `2026-${String(6 + Math.floor(next() * 6)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    let made = 0;
    const done: Record<string, number> = {};
    const edits: [string, () => boolean][] = [
      [
        'scorecard submitted',
        () => {
          const card = db.prepare("SELECT * FROM scorecards WHERE role <> 'self' AND id = ?").get(pick("SELECT id FROM scorecards WHERE role <> 'self'")) as Record<string, unknown> | undefined;
          const session = pick("SELECT id FROM sessions WHERE status <> 'cancelled'");
          const seller = db.prepare("SELECT rep_id FROM session_participants WHERE session_id = ? AND role = 'seller'").pluck().get(session) as string | undefined;
          const reviewer = pick(`SELECT id FROM reps WHERE id <> '${seller}' AND id NOT IN (SELECT reviewer_id FROM scorecards WHERE session_id = '${session}')`);
          if (!card || !seller || !reviewer) return false;
          const id = `card-${made++}`;
          db.transaction(() => {
            db.prepare(
              `INSERT INTO scorecards (id, session_id, version_id, reviewer_id, reviewee_id, role, recording_id, status, revision, sections, created_at, updated_at, submitted_at)
               SELECT ?, ?, version_id, ?, ?, role, NULL, 'submitted', 1, sections, created_at, updated_at, ? FROM scorecards WHERE id = ?`,
            ).run(id, session, reviewer, seller, now, card.id);
            db.prepare('INSERT INTO scorecard_scores (scorecard_id, criterion_id, score) SELECT ?, criterion_id, 1 + (rowid + ?) % 5 FROM scorecard_scores WHERE scorecard_id = ?').run(id, Math.floor(next() * 5), card.id);
          })();
          return true;
        },
      ],
      [
        'scorecard edited',
        () => db.prepare('UPDATE scorecard_scores SET score = ? WHERE rowid = ?').run(1 + Math.floor(next() * 5), pick('SELECT rowid FROM scorecard_scores')).changes > 0,
      ],
      ['scorecard deleted', () => db.prepare('DELETE FROM scorecards WHERE id = ?').run(pick("SELECT id FROM scorecards WHERE role <> 'self'")).changes > 0],
      ['rep moved to another team', () => db.prepare('UPDATE reps SET team = ? WHERE id = ?').run(next() < 0.5 ? 'North' : 'South', pick('SELECT id FROM reps')).changes > 0],
      ['rep archived', () => db.prepare('UPDATE reps SET archived_at = ? WHERE id = ?').run(now, pick('SELECT id FROM reps WHERE archived_at IS NULL')).changes > 0],
      ['rep renamed', () => db.prepare("UPDATE reps SET name = name || ' Jr' WHERE id = ?").run(pick('SELECT id FROM reps')).changes > 0],
      ['session held', () => db.prepare("UPDATE sessions SET status = 'done' WHERE id = ?").run(pick("SELECT id FROM sessions WHERE status <> 'done'")).changes > 0],
      ['session missed', () => db.prepare("UPDATE sessions SET status = 'missed' WHERE id = ?").run(pick("SELECT id FROM sessions WHERE status <> 'missed'")).changes > 0],
      ['session cancelled', () => db.prepare("UPDATE sessions SET status = 'cancelled' WHERE id = ?").run(pick("SELECT id FROM sessions WHERE status <> 'cancelled'")).changes > 0],
      ['session moved', () => db.prepare('UPDATE sessions SET local_date = ? WHERE id = ?').run(day(), pick('SELECT id FROM sessions')).changes > 0],
      [
        'deals imported',
        () => {
          const insert = db.prepare(
            "INSERT INTO opportunities (id, owner_email, created_date, close_date, amount, closed, won, imported_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
          );
          db.transaction(() => {
            for (let i = 0; i < 5; i++) insert.run(`deal-${made++}`, pick('SELECT email FROM reps'), '2026-05-01', day(), 1000 + Math.floor(next() * 9000), next() < 0.4 ? 1 : 0, now);
          })();
          return true;
        },
      ],
      ['rep left a program', () => db.prepare("DELETE FROM program_reps WHERE program_id || '|' || rep_id = ?").run(pick("SELECT program_id || '|' || rep_id FROM program_reps")).changes > 0],
      ['profile changed', () => db.prepare('UPDATE rep_profiles SET learning_preference = ? WHERE rep_id = ?').run(next() < 0.5 ? 'visual' : null, pick('SELECT rep_id FROM rep_profiles')).changes > 0],
    ];
    const asked: { options: TeamOptions; visible: Set<string> | null }[] = [
      { options: { heatmap: 'latest', windowWeeks: 12, trendSessions: 5, idleWeeks: 8, minCohort: 5, detail: 'summary' }, visible: null },
      { options: { heatmap: 'latest', windowWeeks: 12, trendSessions: 5, idleWeeks: 8, minCohort: 5, detail: 'full' }, visible: null },
      { options: { heatmap: 'latest', windowWeeks: 8, trendSessions: 3, idleWeeks: 4, minCohort: 2, detail: 'full', team: 'North' }, visible: null },
      { options: { heatmap: 'mean', windowWeeks: 12, trendSessions: 5, idleWeeks: 8, minCohort: 5, detail: 'full' }, visible: null },
    ];
    const someone = (db.prepare('SELECT id FROM reps ORDER BY id').pluck().all() as string[]).filter((_, i) => i % 3 === 0);
    asked.push({ options: asked[1]!.options, visible: new Set(someone) });
    db.prepare("UPDATE reps SET team = CASE WHEN rowid % 2 = 0 THEN 'North' ELSE 'South' END").run();
    for (let round = 0; round < 40; round++) {
      // Mostly one write between looks (a part kept when it should have been made again shows), sometimes three.
      for (let i = 0, n = next() < 0.75 ? 1 : 3; i < n; i++) {
        const [name, edit] = edits[Math.floor(next() * edits.length)]!;
        if (edit()) done[name] = (done[name] ?? 0) + 1;
      }
      const { copy, progress } = fromScratch(db);
      for (const { options, visible } of asked) {
        const expected = progress.team(options, visible);
        expect(expected.repCount).toBeGreaterThan(0);
        expect(core.progress.team(options, visible), `round ${round}, ${JSON.stringify(options)}`).toEqual(expected);
      }
      copy.close();
    }
    expect(Object.keys(done).sort()).toEqual(edits.map(([name]) => name).sort());
    // The parts were there to compare: the view is not empty where a write could have gone unseen.
    const last = core.progress.team(asked[1]!.options, null);
    expect(last.linking.length).toBeGreaterThan(0);
    expect(last.slipping.length).toBeGreaterThan(0);
    expect(last.heatmap.length).toBeGreaterThan(0);
  }, 300_000);
});
