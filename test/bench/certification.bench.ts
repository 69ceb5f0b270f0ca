import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { createCore, type Core } from '../../src/core/core';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const dayMs = 86_400_000;
const start = Date.parse('2025-12-01T09:00:00Z');
const now = new Date(start + 365 * dayMs);

/**
 * 500 reps in 25 teams, each with a coach who is marked as a certifier: a year of weekly role-plays
 * (250 pairs × 52 weeks, the focus area rotating), each scored by the buyer (peer) and the coach.
 * Written straight into the tables, since going through the forms would take minutes.
 */
function year(): { core: Core; rep: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
  dirs.push(dir);
  const core = createCore({ dataDir: dir, clock: () => now, backups: false });
  const db = core.db;
  const areas = ['discovery', 'demo', 'personas', 'objection-handling'];
  const criteria = new Map(
    areas.map((a) => [a, db.prepare('SELECT id FROM rubric_criteria WHERE version_id = ? ORDER BY position').pluck().all(`builtin-${a}-v1`) as string[]]),
  );
  const at = new Date(start).toISOString();
  const insertRep = db.prepare(`INSERT INTO reps (id, name, email, manager_id, coach, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '${at}', '${at}')`);
  const insertSession = db.prepare(`INSERT INTO sessions (id, focus_area_id, starts_at, status, created_at, updated_at) VALUES (?, ?, ?, 'done', '${at}', '${at}')`);
  const insertParticipant = db.prepare('INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, ?)');
  const insertCard = db.prepare(
    `INSERT INTO scorecards (id, session_id, version_id, reviewer_id, reviewee_id, role, status, revision, submitted_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'submitted', 1, ?, ?, ?)`,
  );
  const insertRevision = db.prepare('INSERT INTO scorecard_revisions (scorecard_id, revision, submitted_at, overall, content) VALUES (?, 1, ?, ?, ?)');
  const insertCertifier = db.prepare(`INSERT INTO certification_certifiers (rep_id, focus_area_id, marked_at) VALUES (?, ?, '${at}')`);
  const reps: string[] = [];
  const coachOf = new Map<string, string>();
  db.transaction(() => {
    for (let team = 0; team < 25; team++) {
      const coach = `coach-${team}`;
      insertRep.run(coach, `Coach ${team}`, `coach${team}@example.com`, null, 1);
      for (const area of areas) insertCertifier.run(coach, area);
      for (let i = 0; i < 20; i++) {
        const id = `rep-${team}-${i}`;
        insertRep.run(id, `Rep ${team}-${i}`, `rep${team}-${i}@example.com`, coach, 0);
        reps.push(id);
        coachOf.set(id, coach);
      }
    }
    let n = 0;
    for (let week = 0; week < 52; week++) {
      const when = new Date(start + week * 7 * dayMs).toISOString();
      for (let pair = 0; pair < 250; pair++) {
        const seller = reps[(pair * 2 + week) % 500]!;
        const buyer = reps[(pair * 2 + week + 1) % 500]!;
        const area = areas[(week + pair) % 4]!;
        const session = `s-${week}-${pair}`;
        insertSession.run(session, area, when);
        insertParticipant.run(session, seller, 'seller');
        insertParticipant.run(session, buyer, 'buyer');
        for (const [reviewer, role, base] of [
          [buyer, 'peer', 3],
          [coachOf.get(seller)!, 'coach', 2],
        ] as const) {
          const card = `c-${n++}`;
          const scores = criteria.get(area)!.map((criterionId, i) => ({ criterionId, score: Math.min(5, base + ((i + week + pair) % 3) + Math.floor(week / 20)), comment: '', evidence: [] }));
          const mean = scores.reduce((s, c) => s + c.score, 0) / scores.length;
          insertCard.run(card, session, `builtin-${area}-v1`, reviewer, seller, role, when, when, when);
          insertRevision.run(card, when, ((mean - 1) / 4) * 100, JSON.stringify({ scores, sections: { 'practise-next': 'Quantify the pain' } }));
        }
      }
    }
  })();
  return { core, rep: reps[123]! };
}

const data = year();
// The first look makes the year's grants; the numbers below are for every look after it.
data.core.certification.list();

describe('certification and reinforcement (500 reps, a year: 13,000 role-plays, 26,000 scorecards)', () => {
  bench('certifications:list (the team)', () => {
    data.core.certification.list();
  }, { iterations: 3, time: 0 });
  // Any write changes the data version, so the replay runs again: the first look after a scorecard.
  const write = data.core.db.prepare('UPDATE reps SET name = name WHERE id = ?');
  bench('certifications:list (the team), first call after a write', () => {
    write.run(data.rep);
    data.core.certification.list();
  }, { iterations: 5, warmupIterations: 1 });
  bench('certifications:list (one rep)', () => {
    data.core.certification.list({ repId: data.rep });
  }, { iterations: 5, time: 0 });
  bench('reinforcement:due (the team)', () => {
    data.core.reinforcement.due();
  }, { iterations: 3, time: 0 });
  // The same for the team's reviews.
  bench('reinforcement due, team, first call after a write', () => {
    write.run(data.rep);
    data.core.reinforcement.due();
  }, { iterations: 5, warmupIterations: 1 });
  bench('reinforcement:cards (one rep)', () => {
    data.core.reinforcement.cards({ repId: data.rep });
  }, { iterations: 5, time: 0 });
});
