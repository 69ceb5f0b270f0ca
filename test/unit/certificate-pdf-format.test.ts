import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';
import { addDays, storeGrant } from './certification-support';
import { call } from './scorecards-support';

const granted = '2027-01-04T10:00:00.000Z';

/** A certificate PDF of a rep with this name, written to a file for poppler's and qpdf's tools. */
async function certificateOf(name: string, language: 'en' | 'fi' = 'en', daysAfter = 10): Promise<string> {
  const core = testCore(addDays(granted, daysAfter));
  const rep = core.people.create({ name, email: 'rep@example.com' });
  const maija = core.people.create({ name: 'Maija Kärkkäinen', email: 'maija@example.com', coach: true });
  storeGrant(core, { repId: rep.id, grantedAt: granted, code: '7KQ2-M9XD-44TB', reviewers: [maija.id] });
  const cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language });
  const file = path.join(tempDir(), 'certificate.pdf');
  fs.writeFileSync(file, Buffer.from(cert.pdf, 'base64'));
  return file;
}

/** pdffonts' table: name, type, encoding, emb, sub, uni, object. */
function fonts(file: string): { name: string; emb: string; sub: string }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((line) => {
    const cells = line.trim().split(/\s+/);
    return { name: cells[0]!, emb: cells.at(-5)!, sub: cells.at(-4)! };
  });
}

/** Each word pdftotext finds with its box, in points. */
function words(file: string): { text: string; xMin: number; xMax: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    text: m[3]!,
    xMin: Number(m[1]),
    xMax: Number(m[2]),
  }));
}

/** pdfinfo -struct-text's tree: each element's type and depth, with the text lines drawn as its content. */
function structure(file: string): { type: string; depth: number; text: string[] }[] {
  const out = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
  const elements: { type: string; depth: number; text: string[] }[] = [];
  for (const line of out.split('\n')) {
    const text = /^\s*"(.*)"$/.exec(line);
    const element = /^( *)([A-Za-z][A-Za-z0-9]*)(?: \((?:block|inline)\)|:)?$/.exec(line);
    if (text) elements.at(-1)!.text.push(text[1]!);
    else if (element) elements.push({ type: element[2]!, depth: element[1]!.length / 2, text: [] });
  }
  return elements;
}

/**
 * Walks the page's content stream (as qpdf decodes it): every text is shown inside exactly one
 * marked-content sequence with an MCID, every stroke or fill inside an /Artifact one. Returns the
 * MCIDs in the order they are drawn.
 */
function markedContent(file: string): number[] {
  const contents = /content:\s+(\d+) 0 R/.exec(execFileSync('qpdf', ['--show-pages', file], { encoding: 'utf8' }))![1]!;
  const stream = execFileSync('qpdf', [`--show-object=${contents}`, '--filtered-stream-data', file], { encoding: 'latin1' });
  const open: string[] = [];
  const mcids: number[] = [];
  for (const line of stream.split('\n')) {
    const op = line.trim().split(/\s+/).at(-1);
    if (op === 'BDC') {
      const mcid = /^\/\w+ <<\/MCID (\d+)>> BDC$/.exec(line.trim());
      expect(mcid, line).not.toBeNull();
      mcids.push(Number(mcid![1]));
      open.push('mcid');
    } else if (op === 'BMC') {
      expect(line.trim()).toBe('/Artifact BMC');
      open.push('artifact');
    } else if (op === 'EMC') expect(open.pop(), 'EMC without a start').toBeDefined();
    else if (op === 'Tj' || op === 'TJ') expect(open, line).toEqual(['mcid']);
    else if (op === 'S' || op === 'f' || op === 'B' || op === 'b') expect(open, line).toEqual(['artifact']);
  }
  expect(open).toEqual([]);
  return mcids;
}

/**
 * The tallest band of the page with nothing drawn in it, in points, inside the frame (rendered at
 * 72 dpi, where a pixel is a point): the measure of a half-empty page.
 */
function largestEmptyBand(file: string): number {
  const out = path.join(tempDir(), 'page');
  execFileSync('pdftoppm', ['-gray', '-r', '72', '-singlefile', file, out]);
  const image = fs.readFileSync(`${out}.pgm`);
  const [, size] = image.toString('latin1', 0, 40).split('\n');
  const [width, height] = size!.split(' ').map(Number) as [number, number];
  const pixels = image.subarray(image.length - width * height);
  let largest = 0;
  let run = 0;
  for (let y = 40; y < height - 40; y++) {
    const row = pixels.subarray(y * width + 40, y * width + width - 40);
    run = row.every((value) => value >= 200) ? run + 1 : 0;
    largest = Math.max(largest, run);
  }
  return largest;
}

describe('certificate PDF as pdffonts and pdfinfo read it', () => {
  it('embeds every font, the verification code\'s too, as subsets tagged ABCDEF+Name', async () => {
    const file = await certificateOf('Åsa Öhman-Järvinen');
    const list = fonts(file);
    expect(list.length).toBeGreaterThanOrEqual(5);
    for (const font of list) {
      expect(font.emb, font.name).toBe('yes');
      expect(font.sub, font.name).toBe('yes');
      expect(font.name).toMatch(/^[A-Z]{6}\+[A-Za-z-]+$/);
    }
    expect(list.map((f) => f.name.slice(7))).toContain('DejaVuSansMono-Bold');
  });

  it('has a Subject that reads as a sentence, without a stray comma', async () => {
    const file = await certificateOf('Åsa Öhman-Järvinen');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/^Subject: +Åsa Öhman-Järvinen has reached the .+ level in .+\.$/m);
  });

  it('prints Hebrew and Arabic names right to left, in a shipped font that has them', async () => {
    for (const [name, first, second] of [
      ['דנה כהן', 'דנה', 'כהן'],
      ['ليلى حداد', 'ليلى', 'حداد'],
    ] as const) {
      const file = await certificateOf(name);
      // pdftotext gives each word's glyphs in the order they are drawn, left to right: a word set
      // right to left reads reversed, and the first word stands to the right of the second.
      const drawn = words(file);
      const a = drawn.find((w) => w.text === [...first].reverse().join(''));
      const b = drawn.find((w) => w.text === [...second].reverse().join(''));
      expect(a, name).toBeDefined();
      expect(b, name).toBeDefined();
      expect(a!.xMin, name).toBeGreaterThan(b!.xMax);
      expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).not.toContain('?');
    }
  });

  it('shrinks and breaks a name of any length to stay on the page, on one page', async () => {
    const long = 'Maximiliana Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflege';
    const file = await certificateOf(long);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Pages: +1$/m);
    const all = words(file);
    expect(all.map((w) => w.text).join('')).toContain(long.replace(/\s/g, ''));
    for (const word of all) {
      expect(word.xMin, word.text).toBeGreaterThanOrEqual(34);
      expect(word.xMax, word.text).toBeLessThanOrEqual(595 - 34);
    }
  });

  it('is a tagged PDF in the reader\'s language that qpdf accepts, its structure in reading order', async () => {
    for (const [language, lang, heading, intro] of [
      ['en', 'en-GB', 'Certificate', 'This certifies that'],
      ['fi', 'fi-FI', 'Sertifikaatti', 'Tämä todistaa, että'],
    ] as const) {
      const file = await certificateOf('Åsa Öhman-Järvinen', language, 200);
      expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors found');
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/^Tagged: +yes$/m);
      expect(info).toMatch(/^Metadata Stream: +yes$/m);
      expect(execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' })).toMatch(
        new RegExp(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Reprise: ${heading} 7KQ2-M9XD-44TB</rdf:li>`),
      );

      const pdf = await PDFDocument.load(fs.readFileSync(file));
      expect(pdf.catalog.lookup(PDFName.of('Lang'), PDFString).decodeText(), language).toBe(lang);
      expect(pdf.catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))).toBe(PDFBool.True);
      expect(pdf.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict).get(PDFName.of('DisplayDocTitle'))).toBe(PDFBool.True);

      const tree = structure(file);
      expect(tree[0]).toMatchObject({ type: 'Document', depth: 0 });
      const at = (text: string) => tree.findIndex((e) => e.text.join(' ') === text);
      const order = [heading, intro, 'Åsa Öhman-Järvinen', '7KQ2-M9XD-44TB'].map(at);
      expect(order.every((i) => i > 0), `${language}: ${JSON.stringify(tree)}`).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(tree[at(heading)]!.type).toBe('H1');
      expect(tree[at('Åsa Öhman-Järvinen')]!.type).toBe('P');
      // The facts read as a table: each row a label (a row header) and its value.
      expect(tree.filter((e) => e.type === 'TR').length).toBe(5);
      expect(tree.filter((e) => e.type === 'TH').length).toBe(5);
      // The notice of a certificate no longer current is read, between the facts and the code.
      const notice = tree.findIndex((e) => e.text.join(' ').startsWith(language === 'en' ? 'This certificate is no longer current' : 'Tämä sertifikaatti ei ole enää voimassa'));
      expect(notice).toBeGreaterThan(tree.findIndex((e) => e.type === 'Table'));
      expect(notice).toBeLessThan(at('7KQ2-M9XD-44TB'));

      // Every letter on the page is in the tree (nothing drawn outside it), and the page's marked
      // content comes in the tree's order.
      const letters = (text: string) => [...text.replace(/\s/g, '')].sort().join('');
      expect(letters(tree.flatMap((e) => e.text).join(''))).toBe(letters(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })));
      const mcids = markedContent(file);
      expect(mcids).toEqual(mcids.map((_, i) => i));
      expect(mcids.length).toBe(tree.reduce((sum, e) => sum + e.text.length, 0));
    }
  });

  it('gives a right-to-left name to screen readers in the order it is written', async () => {
    for (const name of ['ليلى حداد', 'דנה כהן']) {
      const file = await certificateOf(name);
      const tree = structure(file);
      // poppler lists the glyphs as drawn, right to left, between the intro and the statement.
      const intro = tree.findIndex((e) => e.text.join(' ') === 'This certifies that');
      expect(tree[intro + 1], name).toMatchObject({ type: 'P', text: [[...name].reverse().join('')] });
      const pdf = await PDFDocument.load(fs.readFileSync(file));
      const actual = pdf.context
        .enumerateIndirectObjects()
        .flatMap(([, object]) => (object instanceof PDFDict && object.get(PDFName.of('ActualText')) ? [object] : []))
        .map((element) => ({ type: element.get(PDFName.of('S'))?.toString(), text: element.lookup(PDFName.of('ActualText'), PDFHexString).decodeText() }));
      expect(actual, name).toEqual([{ type: '/P', text: name }]);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Tagged: +yes$/m);
    }
  });

  it('leaves no half-empty page: no empty band inside the frame is taller than 100 pt', async () => {
    for (const [name, language, daysAfter] of [
      ['Åsa Öhman-Järvinen', 'en', 10],
      ['Åsa Öhman-Järvinen', 'fi', 200],
      ['Maximiliana Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflege', 'en', 10],
    ] as const) {
      const file = await certificateOf(name, language, daysAfter);
      expect(largestEmptyBand(file), `${name} (${language})`).toBeLessThanOrEqual(100);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Pages: +1$/m);
    }
  });
});
