import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { describe, expect, it, onTestFinished } from 'vitest';
import { detectDelimiter, parseCsv, type CsvParseResult } from '../../src/core/csv';

/**
 * Runs parseCsv in a worker thread: a parser that does quadratic work on a large input keeps
 * the worker busy for minutes, and this test then fails by vitest's timeout instead of
 * freezing the test runner with it.
 */
function parseInWorker(text: string): Promise<Omit<CsvParseResult, 'records'> & { fieldLengths: number[][] }> {
  const source = fs.readFileSync(new URL('../../src/core/csv.ts', import.meta.url), 'utf8');
  const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const csv = {};
     new Function('exports', ${JSON.stringify(compiled.outputText)})(csv);
     const { records, ...rest } = csv.parseCsv(workerData);
     parentPort.postMessage({ ...rest, fieldLengths: records.map((r) => r.fields.map((f) => f.length)) });`,
    { eval: true, workerData: text },
  );
  onTestFinished(async () => {
    await worker.terminate();
  });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('parseCsv', () => {
  it('reads comma-separated records with their line numbers', () => {
    const result = parseCsv('a,b\n1,2\n3,4\n');
    expect(result.delimiter).toBe(',');
    expect(result.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('detects semicolons, as spreadsheets in Finnish locales write them', () => {
    expect(detectDelimiter('name;email\nA, B;x@y.fi')).toBe(';');
    expect(parseCsv('name;email\r\n"Virtanen, Aino";aino@example.com\r\n').records[1]!.fields).toEqual([
      'Virtanen, Aino',
      'aino@example.com',
    ]);
  });

  it('strips a UTF-8 BOM and keeps non-ASCII text', () => {
    const result = parseCsv('\uFEFFname,team\nÄäkkönen Örjan,Myynti\n');
    expect(result.records[0]!.fields).toEqual(['name', 'team']);
    expect(result.records[1]!.fields).toEqual(['Ääkkönen Örjan', 'Myynti']);
  });

  it('keeps delimiters, doubled quotes and newlines inside quoted fields, and counts lines past them', () => {
    const text = 'name,note\n"Multi\nline, with ""quotes""",x\nNext,y\n';
    const { records } = parseCsv(text);
    expect(records[1]).toEqual({ line: 2, fields: ['Multi\nline, with "quotes"', 'x'] });
    expect(records[2]).toEqual({ line: 4, fields: ['Next', 'y'] });
  });

  it('skips blank lines but keeps counting them', () => {
    const { records } = parseCsv('a\n\n\nb');
    expect(records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('reports an unterminated quote with the line it opened on', () => {
    const result = parseCsv('a,b\n1,2\n"open,3\n4,5\n');
    expect(result.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(result.unterminatedQuoteAtLine).toBe(3);
  });

  it('keeps empty trailing fields', () => {
    expect(parseCsv('a,b,c\n1,,\n').records[1]!.fields).toEqual(['1', '', '']);
  });

  it('keeps quotes inside an unquoted field as they are', () => {
    expect(parseCsv('a,b\nx"y""z,w\n').records[1]!.fields).toEqual(['x"y""z', 'w']);
  });

  it('reads a field full of quotes in linear time, refusing one over the size limit where it starts', async () => {
    const header = 'name,email,role\n';
    const fine = await parseInWorker(`${header}Aino,aino@example.com,${'a"'.repeat(2_000)}\n`);
    expect(fine.fieldLengths).toEqual([[4, 5, 4], [4, 16, 4_000]]);
    expect(fine.tooLong).toBeUndefined();

    const huge = await parseInWorker(`${header}Aino,aino@example.com,${'a"'.repeat(500_000)}\nBen,ben@example.com,AE\n`);
    expect(huge.fieldLengths).toEqual([[4, 5, 4]]);
    expect(huge.tooLong).toEqual({ line: 2, what: 'field', limit: 10_000 });
  });

  it('refuses a record over the size limit, keeping the records before it', () => {
    const wide = Array.from({ length: 20 }, () => 'x'.repeat(9_000)).join(',');
    const result = parseCsv(`a,b\n1,2\n${wide}\n3,4\n`);
    expect(result.records.map((r) => r.fields.join(',').slice(0, 10))).toEqual(['a,b', '1,2']);
    expect(result.tooLong).toEqual({ line: 3, what: 'record', limit: 100_000 });
  });
});
