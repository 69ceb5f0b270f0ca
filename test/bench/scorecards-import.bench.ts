import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { importRoster } from '../../src/core/people/roster-import';
import { importScorecards } from '../../src/core/scorecards/scorecards-import';

const dirs: string[] = [];
async function freshCore(): Promise<Core> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
  dirs.push(dir);
  const core = createCore({ dataDir: dir, clock: () => new Date('2027-03-01T09:00:00Z') });
  const reps = ['name,email,manager_email,coach', 'Coach,coach@example.com,,yes'];
  for (let i = 0; i < 40; i++) reps.push(`Rep ${i},rep${i}@example.com,coach@example.com,no`);
  await importRoster(core.db, core.people, reps.join('\n'));
  return core;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * 40,000 rows: 2,000 discovery role-plays over a year (about 5 a day, each with its own seller),
 * each scored by the coach, the buyer, another peer and the seller, on the five criteria.
 */
function history(): string {
  const keys = ['open-questions', 'pain-and-impact', 'quantifying', 'listening', 'next-step'];
  const lines = ['session_date,focus_area,seller_email,buyer_email,reviewer_email,reviewer_role,criterion,score,comment'];
  for (let n = 0; n < 2000; n++) {
    const date = new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(n / 5.5) * 86_400_000).toISOString().slice(0, 10);
    const seller = `rep${(n * 7) % 40}@example.com`;
    const buyer = `rep${(n * 7 + 1) % 40}@example.com`;
    const peer = `rep${(n * 7 + 2) % 40}@example.com`;
    for (const [reviewer, role] of [['coach@example.com', 'coach'], [buyer, 'peer'], [peer, 'peer'], [seller, 'self']] as const) {
      keys.forEach((k, i) => lines.push([date, 'discovery', seller, buyer, reviewer, role, k, ((n + i) % 5) + 1, i === 0 ? '"Good, open questions"' : ''].join(',')));
    }
  }
  return lines.join('\n');
}

const csv = history();
const deps = (core: Core) => ({ cards: core.scorecards.cards, templates: core.scorecards.templates, sessions: core.sessions, clock: () => new Date('2027-03-01T09:00:00Z') });
const imported = await freshCore();
await importScorecards(imported.db, deps(imported), csv);

describe('scorecards import (40,000 rows: 8,000 scorecards on 2,000 sessions)', () => {
  bench('first import (fresh database)', async () => {
    const core = await freshCore();
    const report = await importScorecards(core.db, deps(core), csv);
    if (report.created !== 8000 || report.rejected.length) throw new Error(`Unexpected report: ${JSON.stringify(report).slice(0, 300)}`);
    core.close();
  }, { iterations: 2, time: 0 });
  bench('the same file again (nothing changes)', async () => {
    const report = await importScorecards(imported.db, deps(imported), csv);
    if (report.unchanged !== 8000) throw new Error(`Unexpected report: ${JSON.stringify(report).slice(0, 300)}`);
  }, { iterations: 2, time: 0 });
});
