import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { certificatePdf } from '../../src/core/certification/certificate-pdf';
import { createCore } from '../../src/core/core';
import { runCli } from '../../src/host/cli';
import { dispatch } from '../../src/shared/dispatch';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';
import { addDays, storeGrant } from './certification-support';
import { call, fail } from './scorecards-support';

const granted = '2027-01-04T10:00:00.000Z';

/** Åsa Öhman-Järvinen holds Demo at Advanced (90 days), certified by Maija and Ben; Sam is her manager. */
function holder(now = addDays(granted, 10)) {
  const core = testCore(now);
  const sam = core.people.create({ name: 'Sam Manager', email: 'sam@example.com' });
  const asa = core.people.create({ name: 'Åsa Öhman-Järvinen', email: 'asa@example.com', managerId: sam.id });
  const maija = core.people.create({ name: 'Maija Kärkkäinen', email: 'maija@example.com', coach: true });
  const ben = core.people.create({ name: 'Ben <b>Bold</b>', email: 'ben@example.com' });
  storeGrant(core, { repId: asa.id, grantedAt: granted, code: '7KQ2-M9XD-44TB', reviewers: [maija.id, ben.id, maija.id] });
  return { core, sam, asa, maija, ben };
}

/** The PDF's text as pdftotext reads it, so what a reader copies out of it is what we check. */
function pdfText(base64: string): string {
  const file = path.join(tempDir(), 'certificate.pdf');
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/**
 * Dark pixels in the band of the page where the rep's name is drawn, between the line above it
 * ("This certifies that") and the one below ("has reached …"): a font whose glyphs were lost while
 * subsetting leaves the text in place for pdftotext but draws nothing.
 */
function inkOfNameLine(base64: string): number {
  const dir = tempDir();
  const file = path.join(dir, 'certificate.pdf');
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  const boxes = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  const edge = (word: string, side: 'yMin' | 'yMax') => Number(new RegExp(`${side}="([\\d.]+)"[^>]*>${word}<`).exec(boxes)![1]);
  const top = Math.ceil(edge('that', 'yMax'));
  const bottom = Math.floor(edge('has', 'yMin'));
  expect(bottom - top).toBeGreaterThan(30);
  execFileSync('pdftoppm', ['-gray', '-r', '72', '-x', '0', '-y', String(top), '-W', '595', '-H', String(bottom - top), '-singlefile', file, path.join(dir, 'band')]);
  const image = fs.readFileSync(path.join(dir, 'band.pgm'));
  const pixels = image.subarray(image.indexOf('\n255\n') + 5);
  return pixels.filter((value) => value < 128).length;
}

describe('certificate', () => {
  it('makes a one-page A4 PDF whose text names the rep, area, level, dates, certifiers and how to verify the code', async () => {
    const { core } = holder();
    const cert = await call(core, 'certifications:certificate', { code: '7kq2 m9xd 44tb', language: 'en', timeZone: 'Europe/Helsinki' });
    expect(cert.document).toMatchObject({ code: '7KQ2-M9XD-44TB', standing: 'current', level: 'Advanced', focusArea: { id: 'demo' } });
    expect(cert.document.certifiers.map((c) => c.name)).toEqual(['Maija Kärkkäinen', 'Ben <b>Bold</b>']);
    expect(cert.filename).toBe('reprise-certificate-asa-ohman-jarvinen-demo-advanced.pdf');

    const pdf = await PDFDocument.load(Buffer.from(cert.pdf, 'base64'));
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);

    const text = pdfText(cert.pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'REPRISE',
      'Certificate',
      'Åsa Öhman-Järvinen',
      'has reached the Advanced level in Demo.',
      'Granted 4 January 2027',
      'Valid until 4 April 2027',
      'Certified by Maija Kärkkäinen, Ben <b>Bold</b>',
      '7KQ2-M9XD-44TB',
      'reprise certifications verify 7KQ2-M9XD-44TB',
      'Settings → Check a certificate',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('no longer current');

    // The HTML page says the same, with names escaped.
    expect(cert.html).toContain('<html lang="en">');
    expect(cert.html).toContain('Åsa Öhman-Järvinen');
    expect(cert.html).toContain('Maija Kärkkäinen, Ben &lt;b&gt;Bold&lt;/b&gt;');
    expect(cert.html).toContain('reprise certifications verify 7KQ2-M9XD-44TB');
    expect(cert.html).not.toMatch(/<script|https?:\/\//);
  });

  it('is written in Finnish for a Finnish reader, with ä, ö and å intact in the PDF', async () => {
    const { core } = holder();
    const cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language: 'fi', timeZone: 'Europe/Helsinki' });
    const text = pdfText(cert.pdf).replace(/\s+/g, ' ');
    for (const expected of ['Sertifikaatti', 'Tämä todistaa, että', 'Åsa Öhman-Järvinen', 'on saavuttanut tason Edistynyt osa-alueella Demo.', 'Myönnetty 4. tammikuuta 2027', 'Voimassa 4. huhtikuuta 2027 asti', 'Tarkistuskoodi'.toUpperCase(), 'Asetukset → Tarkista sertifikaatti']) {
      expect(text).toContain(expected);
    }
    expect(cert.html).toContain('<html lang="fi">');
    expect(cert.filename).toBe('reprise-sertifikaatti-asa-ohman-jarvinen-demo-advanced.pdf');
  });

  it('still renders once expired or replaced by a later grant, and says plainly that it is no longer current', async () => {
    const { core, asa } = holder(addDays(granted, 95));
    let cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language: 'en' });
    expect(cert.document.standing).toBe('expired');
    expect(pdfText(cert.pdf).replace(/\s+/g, ' ')).toContain('This certificate is no longer current: it expired on 4 April 2027.');
    expect(cert.html).toContain('This certificate is no longer current: it expired on 4 April 2027.');

    // Renewed before it lapsed: the older certificate is replaced on the renewal's day, even before its own expiry.
    core.setNow(addDays(granted, 85));
    storeGrant(core, { repId: asa.id, kind: 'renewal', grantedAt: addDays(granted, 80), code: 'RENW-0000-0001' });
    cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language: 'fi' });
    expect(cert.document.standing).toBe('superseded');
    expect(cert.document.text.notice).toBe('Tämä sertifikaatti ei ole enää voimassa: myöhempi sertifikaatti korvasi sen 25. maaliskuuta 2027.');
    expect((await call(core, 'certifications:certificate', { code: 'RENW-0000-0001', language: 'en' })).document.standing).toBe('current');
    // verify keeps its own meaning: the replaced grant's dates still hold.
    expect(await call(core, 'certifications:verify', { code: '7KQ2-M9XD-44TB' })).toMatchObject({ genuine: true, current: true });
  });

  it('prints names in any alphabet exactly, with the fonts embedded as small subsets', async () => {
    const { core, asa } = holder();
    const names = ['Łukasz Żółć', 'Zoë Ångström', '李小龙', 'Αλέξανδρος Παπαδόπουλος', 'Дмитрий Иванов', 'Nguyễn Thị Minh Khai'];
    for (const name of names) {
      core.db.prepare('UPDATE reps SET name = ? WHERE id = ?').run(name, asa.id);
      const cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language: 'en' });
      expect(pdfText(cert.pdf).replace(/\s+/g, ' '), name).toContain(name);
      expect(inkOfNameLine(cert.pdf), name).toBeGreaterThan(300);
      // Only the glyphs used are embedded: a certificate stays a few tens of kilobytes, CJK included.
      expect(Buffer.from(cert.pdf, 'base64').length, name).toBeLessThan(120_000);
    }
    // Certifiers' names, in the sans face, print as written too.
    core.db.prepare('UPDATE reps SET name = ? WHERE name = ?').run('Ólöf Þórsdóttir', 'Maija Kärkkäinen');
    const cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language: 'fi' });
    expect(pdfText(cert.pdf).replace(/\s+/g, ' ')).toContain('Ólöf Þórsdóttir, Ben <b>Bold</b>');
  });

  it('is still made with the standard PDF fonts when the font files cannot be read, dropping only what they cannot draw', async () => {
    const { core, asa } = holder();
    core.db.prepare('UPDATE reps SET name = ? WHERE id = ?').run('Łukasz Dvořák 李', asa.id);
    const cert = await call(core, 'certifications:certificate', { code: '7KQ2-M9XD-44TB', language: 'en' });
    const pdf = await certificatePdf(cert.document, path.join(tempDir(), 'no-fonts-here'));
    expect(pdfText(Buffer.from(pdf).toString('base64'))).toContain('Lukasz Dvorák ?');
    expect(cert.html).toContain('Łukasz Dvořák 李');
    // Tagged all the same, and sound as qpdf reads it.
    const file = path.join(tempDir(), 'standard-fonts.pdf');
    fs.writeFileSync(file, pdf);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Tagged: +yes$/m);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors found');
  });

  it('has no certificate for an unknown code or a grant whose date has not come', async () => {
    const { core, asa } = holder();
    storeGrant(core, { repId: asa.id, focusAreaId: 'discovery', levelIndex: 0, levelName: 'Beginner', grantedAt: addDays(granted, 30), validDays: null, code: 'SOON-0000-0001' });
    expect(await fail(core, 'certifications:certificate', { code: 'SOON-0000-0001', language: 'en' })).toMatchObject({ code: 'not_found' });
    expect(await fail(core, 'certifications:certificate', { code: 'ZZZZ-ZZZZ-ZZZZ', language: 'en' })).toMatchObject({ code: 'not_found' });
  });

  it('is given to the rep and their managers only; anyone else checks the code with verify', async () => {
    const { core, sam, asa, maija } = holder();
    const as = (repId: string) => ({ caller: core.access.callerFor(repId), guard: core.guard });
    const input = { code: '7KQ2-M9XD-44TB', language: 'en' };
    expect((await dispatch(core.handlers, 'certifications:certificate', input, as(asa.id))).ok).toBe(true);
    expect((await dispatch(core.handlers, 'certifications:certificate', input, as(sam.id))).ok).toBe(true);
    expect(await dispatch(core.handlers, 'certifications:certificate', input, as(maija.id))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(core.handlers, 'certifications:verify', { code: input.code }, as(maija.id))).toMatchObject({ ok: true, value: { genuine: true } });
    // The check says whether the certificate itself opens for the one asking, so a screen offers it only to them.
    expect(await dispatch(core.handlers, 'certifications:verify', { code: input.code }, as(maija.id))).toMatchObject({ ok: true, value: { mayOpen: false } });
    expect(await dispatch(core.handlers, 'certifications:verify', { code: input.code }, as(sam.id))).toMatchObject({ ok: true, value: { mayOpen: true } });
    expect(await dispatch(core.handlers, 'certifications:verify', { code: input.code }, as(asa.id))).toMatchObject({ ok: true, value: { mayOpen: true } });
    expect(await call(core, 'certifications:verify', { code: input.code })).toMatchObject({ mayOpen: true });
    expect(await call(core, 'certifications:verify', { code: 'ZZZZ-ZZZZ-ZZZZ' })).toMatchObject({ genuine: false, mayOpen: false });
  });

  it('is written to files by the CLI: PDF and, when asked, the HTML page', async () => {
    const dir = tempDir();
    const seed = createCore({ dataDir: dir, backups: false, clock: () => new Date(addDays(granted, 10)) });
    const asa = seed.people.create({ name: 'Åsa Öhman', email: 'asa@example.com' });
    storeGrant(seed, { repId: asa.id, grantedAt: granted, code: '7KQ2-M9XD-44TB' });
    seed.close();
    const out: string[] = [];
    const err: string[] = [];
    const pdfFile = path.join(dir, 'asa.pdf');
    const htmlFile = path.join(dir, 'asa.html');
    const cli = (args: string[]) => runCli(['--data-dir', dir, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) }, { REPRISE_NOW: addDays(granted, 100) });
    expect(await cli(['certifications', 'certificate', '7KQ2-M9XD-44TB', '--out', pdfFile, '--html', htmlFile, '--lang', 'fi'])).toBe(0);
    expect(err).toEqual([]);
    const text = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Åsa Öhman');
    expect(text).toContain('Tämä sertifikaatti ei ole enää voimassa');
    expect(fs.readFileSync(htmlFile, 'utf8')).toContain('Tämä sertifikaatti ei ole enää voimassa');
    expect(out.join('\n')).toContain(pdfFile);

    expect(await cli(['certifications', 'certificate', '7KQ2-M9XD-44TB'])).toBe(2);
    expect(await cli(['certifications', 'certificate', 'ZZZZ-ZZZZ-ZZZZ', '--out', pdfFile])).toBe(1);
  });
});
