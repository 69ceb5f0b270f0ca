import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';
import { addDays, storeGrant } from './certification-support';
import { call } from './scorecards-support';

const granted = '2027-01-04T10:00:00.000Z';

/** A certificate PDF of a rep with this name, written to a file for poppler's tools. */
async function certificateOf(name: string): Promise<string> {
  const core = testCore(addDays(granted, 10));
  const rep = core.people.create({ name, email: 'rep@example.com' });
  const maija = core.people.create({ name: 'Maija Kärkkäinen', email: 'maija@example.com', coach: true });
  storeGrant(core, { repId: rep.id, grantedAt: granted, code: '7KQ2-M9XD-44TB', reviewers: [maija.id] });
  const cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language: 'en' });
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
});
