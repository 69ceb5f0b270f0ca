import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, bench, describe } from 'vitest';
import { library } from './library-data';
import { libraryFilter, type LibraryFilter } from '../../src/shared/library';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
dirs.push(dir);
const core = library(dir);
const run = (filter: LibraryFilter) => () => {
  core.handlers['library:search'](libraryFilter.parse(filter), { caller: { kind: 'owner' } });
};
let n = 0;

describe('library at 10,000 sessions (core; the issue asks p95 < 50 ms)', () => {
  bench('first page, newest first', run({}));
  bench('first page, sorted by score', run({ sort: 'score' }));
  bench('a common word (hits in 10,000 sessions)', run({ query: 'budjetti' }));
  bench('a common word and a rare one, without diacritics', () => {
    n = (n + 1) % 10_000;
    run({ query: `kayttoonotto ${n}-1` })();
  });
  bench('two words across texts, with filters', run({ query: 'aijala hinnoittelu', focus: 'demo', from: '2024-01-01', review: 'reviewed', minScore: 30 }));
});
