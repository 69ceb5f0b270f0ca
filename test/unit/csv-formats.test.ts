import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlCharacterProblem, parseCsv, textAfterQuoteProblem } from '../../src/core/csv';
import { importRoster } from '../../src/core/people/roster-import';
import { decodeTextFile } from '../../src/shared/text-file';
import { testCore } from '../support/core';
import { call } from './scorecards-support';

/** The CSV cases spreadsheets and CRMs produce, as the files themselves (test/fixtures/csv). */
const fixture = (name: string) => decodeTextFile(fs.readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url)));

describe('CSV files as spreadsheets write them', () => {
  it('reads Finnish Excel\'s "CSV": Windows-1252, a sep=; first line, and trailing ;;;; rows skipped', async () => {
    const { text, encoding } = fixture('roster-excel-fi-windows-1252.csv');
    expect(encoding).toBe('Windows-1252');
    const parsed = parseCsv(text);
    expect(parsed.delimiter).toBe(';');
    // The sep= line is line 1, so the header is line 2; the ;;;; rows are no records.
    expect(parsed.records.map((r) => r.line)).toEqual([2, 3, 4]);

    const core = testCore();
    const report = await call(core, 'people:import', { csv: text, encoding });
    expect(report).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: [], warnings: [], encoding: 'Windows-1252' });
    expect(core.people.list().map((r) => [r.name, r.team, r.managerName])).toEqual([
      ['Åsa Järvinen', 'Myynti €', null],
      ['Öberg, Pär', 'Myynti €', 'Åsa Järvinen'],
    ]);
  });

  it('reads Excel\'s "Unicode text": UTF-16 with a BOM, tab-separated, right-to-left names intact', async () => {
    const { text, encoding } = fixture('roster-unicode-text-utf16le.txt');
    expect(encoding).toBe('UTF-16LE');
    expect(parseCsv(text).delimiter).toBe('\t');
    const core = testCore();
    const report = await call(core, 'people:import', { csv: text, encoding });
    expect(report).toMatchObject({ created: 3, rejected: [], encoding: 'UTF-16LE' });
    expect(core.people.list().map((r) => r.name).sort()).toEqual(['Zoë Ångström', 'דנה כהן', 'ليلى حداد'].sort());
  });

  it('decodes UTF-16BE and UTF-8 with their BOMs, and plain UTF-8 as UTF-8', () => {
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('ä', 'utf16le').swap16()]);
    expect(decodeTextFile(be)).toEqual({ text: 'ä', encoding: 'UTF-16BE' });
    expect(decodeTextFile(Buffer.from('\ufeffä', 'utf8'))).toEqual({ text: 'ä', encoding: 'UTF-8' });
    expect(decodeTextFile(Buffer.from('ä€', 'utf8'))).toEqual({ text: 'ä€', encoding: 'UTF-8' });
  });

  it('refuses "x"y and control characters with their lines and reads the other rows', async () => {
    const { text } = fixture('roster-quotes-and-controls.csv');
    const core = testCore();
    const report = await importRoster(core.db, core.people, text);
    expect(report.rejected).toEqual([
      { line: 2, email: null, reason: textAfterQuoteProblem },
      { line: 4, email: null, reason: controlCharacterProblem },
      { line: 5, email: null, reason: controlCharacterProblem },
    ]);
    expect(report.created).toBe(3);
    // Spaces after a closing quote are allowed; a line break inside quotes is how a cell wraps.
    expect(core.people.list().map((r) => r.name).sort()).toEqual(['Mika Laine', 'Quoted "Q" Person', 'Two Lines']);
  });

  it('reads Finnish amounts (decimal comma, space and no-break space thousands) and refuses one beyond 1e12 or not finite, with its line', async () => {
    const { text, encoding } = fixture('deals-fi.csv');
    const core = testCore('2026-11-27T09:00:00Z');
    core.people.create({ name: 'Aino', email: 'aino@example.com' });
    const report = await call(core, 'outcomes:import', { csv: text, encoding });
    expect(report).toMatchObject({ created: 3, encoding: 'Windows-1252' });
    expect(report.rejected.map((r) => r.line)).toEqual([6, 7]);
    for (const r of report.rejected) expect(r.reason).toMatch(/^Amount ".*" is larger than 1 000 000 000 000; check the column\.$/);
    const amounts = core.db.prepare('SELECT id, amount FROM opportunities ORDER BY id').all();
    expect(amounts).toEqual([
      { id: 'D1', amount: 12500 },
      { id: 'D2', amount: 1234.5 },
      { id: 'D3', amount: 7000 },
    ]);
  });

  it('honours sep=, and a tab header, and skips rows of empty quoted fields', () => {
    expect(parseCsv('sep=,\r\na;b,c\r\n').records).toEqual([{ line: 2, fields: ['a;b', 'c'] }]);
    expect(parseCsv('a\tb\n1\t2\n').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parseCsv('a,b\n"",""\n , \n1,2\n').records.map((r) => r.line)).toEqual([1, 4]);
  });
});
