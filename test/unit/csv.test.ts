import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv } from '../../src/core/csv';

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
});
