import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { importRoster } from '../../src/core/people/roster-import';

const dirs: string[] = [];
function freshCore(): Core {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
  dirs.push(dir);
  return createCore({ dataDir: dir });
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function roster(count: number): string {
  const teams = ['Nordics', 'DACH', 'UK&I', 'Benelux', 'France', 'Iberia'];
  const lines = ['name;email;role;team;hire_date;manager_email;coach'];
  for (let i = 0; i < count; i++) {
    const manager = i % 10 === 0 ? '' : `rep${i - (i % 10)}@example.com`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`"Rep ${i}, Test";rep${i}@example.com;AE;${teams[i % teams.length]};20${10 + (i % 16)}-03-${day};${manager};${i % 10 === 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

const csv1000 = roster(1000);
const listed = freshCore();
await importRoster(listed.db, listed.people, roster(5000));

describe('roster import', () => {
  bench('import 1,000 new reps (fresh database)', async () => {
    const core = freshCore();
    await importRoster(core.db, core.people, csv1000);
    core.close();
  }, { iterations: 5, time: 0 });
});

describe('roster list (5,000 reps)', () => {
  bench('people:list, no filter', () => {
    listed.people.list();
  }, { iterations: 20 });
  bench('people:list, search "rep 12" + team', () => {
    listed.people.list({ query: 'rep 12', team: 'Nordics' });
  }, { iterations: 50 });
});
