import { createCore, type Core } from '../../src/core/core';

const words = ['budjetti', 'käyttöönotto', 'päätöksentekijä', 'kilpailija', 'hinnoittelu', 'aikataulu', 'integraatio', 'sopimus', 'riski', 'hyöty'];

/**
 * The size: 10,000 sessions, 20,000 takes, 50,000 submitted scorecards and 100,000
 * comments (and as many more per session for a larger `sessions`), all through the real schema
 * and triggers, in the data folder `dir`; returns its open core.
 */
export function library(dir: string, sessions = 10_000): Core {
  const core = createCore({ dataDir: dir, backups: false });
  const db = core.db;
  const at = '2026-01-01T00:00:00.000Z';
  const areas = ['discovery', 'demo', 'personas', 'objection-handling'];
  const start = Date.parse('2023-01-02T09:00:00Z');
  db.transaction(() => {
    const rep = db.prepare(`INSERT INTO reps (id, name, email, team, created_at, updated_at) VALUES (?, ?, ?, ?, '${at}', '${at}')`);
    for (let i = 0; i < 200; i++) rep.run(`rep${i}`, `Myyjä ${i} Äijälä`, `rep${i}@example.com`, `Team ${i % 8}`);
    const session = db.prepare(`INSERT INTO sessions (id, focus_area_id, title, starts_at, created_at, updated_at) VALUES (?, ?, ?, ?, '${at}', '${at}')`);
    const part = db.prepare('INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, ?)');
    const take = db.prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, duration_ms, started_at) VALUES (?, ?, 'camera', 'ready', 'video/webm', 1800000, ?)`);
    const card = db.prepare(
      `INSERT INTO scorecards (id, session_id, version_id, reviewer_id, reviewee_id, role, status, revision, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'peer', 'submitted', 1, '${at}', '${at}')`,
    );
    const revision = db.prepare(`INSERT INTO scorecard_revisions (scorecard_id, revision, submitted_at, overall, content) VALUES (?, 1, '${at}', ?, ?)`);
    const comment = db.prepare(`INSERT INTO comments (id, recording_id, at_ms, body, created_at, updated_at) VALUES (?, ?, ?, ?, '${at}', '${at}')`);
    for (let s = 0; s < sessions; s++) {
      const id = `s${s}`;
      const area = areas[s % 4]!;
      const startsAt = new Date(start + Math.floor(s / 10) * 86_400_000).toISOString();
      session.run(id, area, `Viikkoharjoitus ${s}`, startsAt);
      const seller = `rep${s % 200}`;
      part.run(id, seller, 'seller');
      part.run(id, `rep${(s + 1) % 200}`, 'buyer');
      for (let k = 0; k < 2; k++) take.run(`r${s}-${k}`, id, startsAt);
      for (let c = 0; c < 5; c++) {
        const cardId = `c${s}-${c}`;
        card.run(cardId, id, `builtin-${area}-v1`, `rep${(s + 2 + c) % 200}`, seller);
        const sections = { 'practise-next': `Kysy ${words[(s + c) % 10]} aiemmin` };
        revision.run(cardId, (s * 7 + c * 13) % 101, JSON.stringify({ scores: [], sections }));
      }
      for (let m = 0; m < 10; m++) comment.run(`m${s}-${m}`, `r${s}-${m % 2}`, m * 60_000, `${words[(s + m) % 10]} mainittiin ${s}-${m}`);
    }
  })();
  return core;
}
