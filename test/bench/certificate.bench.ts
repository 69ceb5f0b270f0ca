import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, bench, describe } from 'vitest';
import { Certificates } from '../../src/core/certification/certificate';
import { pdfFontkit } from '../../src/core/certification/pdf-fontkit';
import { createCore } from '../../src/core/core';
import { addDays, storeGrant } from '../unit/certification-support';

/**
 * Making one certificate (the grant read from the database, the A4 PDF with its fonts subset and
 * its structure tree, and the HTML page), against a floor measured in the same run: pdf-lib
 * embedding the same five fonts as subsets and writing the same lines on one page, with no
 * layout, no tags and no database. Nothing here fails on a time; the load says how busy the
 * machine was.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
const load = () => `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;

const granted = '2027-01-04T10:00:00.000Z';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
dirs.push(dir);
const now = new Date(addDays(granted, 10));
const core = createCore({ dataDir: dir, clock: () => now, backups: false });
const certifier = core.people.create({ name: 'Maija Kärkkäinen', email: 'maija@example.com', coach: true });
for (const [i, name] of ['Åsa Öhman-Järvinen', 'ليلى حداد'].entries()) {
  const rep = core.people.create({ name, email: `rep${i}@example.com` });
  storeGrant(core, { repId: rep.id, grantedAt: granted, code: `7KQ2-M9XD-44T${i}`, reviewers: [certifier.id] });
}
const certificates = new Certificates(core.db, () => now);

const fontDir = path.resolve(import.meta.dirname, '../../resources/fonts');
const fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSansMono-Bold.ttf'].map((f) => fs.readFileSync(path.join(fontDir, f)));

async function floor(lines: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(pdfFontkit);
  const page = pdf.addPage([595.28, 841.89]);
  const fonts = await Promise.all(fontFiles.map((bytes) => pdf.embedFont(bytes, { subset: true })));
  lines.forEach((line, i) => page.drawText(line, { x: 64, y: 760 - i * 30, font: fonts[i % fonts.length]!, size: 12 }));
  return pdf.save();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
/** Median times of the two, run in turn so that a busy moment of the machine weighs on both alike. */
async function inTurn(runs: (() => Promise<unknown>)[], times = 9): Promise<number[]> {
  for (const run of runs) await run();
  const ms = runs.map(() => [] as number[]);
  for (let i = 0; i < times; i++) {
    for (const [k, run] of runs.entries()) {
      const t0 = performance.now();
      await run();
      ms[k]!.push(performance.now() - t0);
    }
  }
  return ms.map(median);
}

describe('one certificate (A4 PDF, tagged, fonts subset, and the HTML page)', () => {
  for (const [label, code] of [
    ['a Latin name, English', '7KQ2-M9XD-44T0'],
    ['an Arabic name, English', '7KQ2-M9XD-44T1'],
  ] as const) {
    bench(`certifications:certificate, ${label}`, async () => {
      const doc = certificates.document(code, 'en');
      const t = doc.text;
      const lines = [t.heading, t.intro, doc.rep.name, t.statement, ...t.fields.flatMap((f) => [f.label, f.value]), t.verifyHeading, doc.code, ...t.verifyLines];
      const [product, least] = (await inTurn([() => certificates.render(code, 'en'), () => floor(lines)])) as [number, number];
      console.log(`  ${label}: product ${product.toFixed(1)} ms, floor ${least.toFixed(1)} ms, ratio ${(product / least).toFixed(2)}; ${load()}`);
    }, { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 });
  }
});
