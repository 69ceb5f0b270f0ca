import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import type { CertificateDocument } from '../../shared/certification';
import { pdfFontkit } from './pdf-fontkit';
import { PdfTagger, type StructElement } from './pdf-tags';

/**
 * The certificate as an A4 PDF (pdf-lib, fontkit). A module of its own, loaded when a PDF is made:
 * pdf-lib and fontkit are a good part of a process's start and most processes never make one.
 */
const a4 = { width: 595.28, height: 841.89 };
const ink = rgb(0.13, 0.15, 0.18);
const muted = rgb(0.42, 0.45, 0.5);
const rule = rgb(0.8, 0.82, 0.85);
const accent = rgb(0.16, 0.36, 0.55);
const warning = rgb(0.6, 0.22, 0.12);

/** Strong right-to-left letters (Hebrew, Arabic and their presentation forms) and strong left-to-right ones. */
const rtlLetter = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const ltrLetter = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u9fff\uac00-\ud7af]/u;

/** A line to set right to left: it has right-to-left letters and no left-to-right ones. */
export function rightToLeft(text: string): boolean {
  return rtlLetter.test(text) && !ltrLetter.test(text);
}

/** Letters with a stroke rather than an accent, which Unicode does not decompose. */
const stroked: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', '→': '>' };

const fontFiles = {
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
  serif: 'DejaVuSerif.ttf',
  serifBold: 'DejaVuSerif-Bold.ttf',
  /** The verification code: monospaced, so that 0 and O, 1 and I are told apart. */
  mono: 'DejaVuSansMono-Bold.ttf',
  /** Only for what DejaVu lacks (Chinese, Japanese, Korean); embedded only when a text needs it. */
  fallback: 'DroidSansFallbackFull.ttf',
};
type FontName = keyof typeof fontFiles;

/**
 * The shipped fonts' folder: beside the packaged app (electron-builder copies resources/fonts
 * there), else resources/fonts above this module (the source tree in tests, out/ when built).
 */
function fontDirectory(): string | null {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = packaged ? [path.join(packaged, 'fonts')] : [];
  for (let dir = path.dirname(fileURLToPath(import.meta.url)), i = 0; i < 6; dir = path.dirname(dir), i++) {
    candidates.push(path.join(dir, 'resources', 'fonts'));
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, fontFiles.sans))) ?? null;
}

const fontBytes = new Map<string, Map<FontName, Buffer> | null>();

/** A folder's font files, read once; null when they cannot be read (then the PDF falls back to the standard fonts). */
function loadFontBytes(dir: string | null): Map<FontName, Buffer> | null {
  if (!dir) return null;
  let bytes = fontBytes.get(dir);
  if (bytes === undefined) {
    try {
      bytes = new Map((Object.keys(fontFiles) as FontName[]).map((name) => [name, fs.readFileSync(path.join(dir, fontFiles[name]))]));
    } catch {
      bytes = null;
    }
    fontBytes.set(dir, bytes);
  }
  return bytes;
}

/** A style of text: its main font, and the fonts, in order, for characters the main one lacks. */
interface Face {
  main: PDFFont;
  fallbacks: PDFFont[];
}

interface Run {
  text: string;
  font: PDFFont;
}

/**
 * Writes text in a face, each character in the first font that has it. A character no font has
 * (only possible on the standard-font path, or for a script neither DejaVu nor Droid covers) is
 * written without its accent or stroke where it has one, else as "?", so a name never stops the
 * PDF from being made; the HTML page and the app show every name as written.
 */
class Typesetter {
  private readonly sets = new Map<PDFFont, Set<number>>();

  private has(font: PDFFont, char: string): boolean {
    let set = this.sets.get(font);
    if (!set) this.sets.set(font, (set = new Set(font.getCharacterSet())));
    return set.has(char.codePointAt(0)!);
  }

  covers(font: PDFFont, text: string): boolean {
    return [...text].every((char) => /\s/.test(char) || this.has(font, char));
  }

  runs(text: string, face: Face): Run[] {
    const runs: Run[] = [];
    for (const char of text) {
      let font = face.main;
      let written = char;
      if (!this.has(face.main, char)) {
        const other = face.fallbacks.find((f) => this.has(f, char));
        if (other) font = other;
        else {
          const plain = stroked[char] ?? char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
          written = plain.length > 0 && [...plain].every((c) => this.has(face.main, c)) ? plain : '?';
        }
      }
      const last = runs.at(-1);
      if (last && last.font === font) last.text += written;
      else runs.push({ text: written, font });
    }
    return runs;
  }

  /** Widths already measured, per face: the page is measured before it is drawn, and fontkit lays out text anew each time. */
  private readonly widths = new Map<Face, Map<string, number>>();

  width(text: string, face: Face, size: number): number {
    let known = this.widths.get(face);
    if (!known) this.widths.set(face, (known = new Map()));
    const key = `${size} ${text}`;
    let width = known.get(key);
    if (width === undefined) {
      width = this.runs(text, face).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
      known.set(key, width);
    }
    return width;
  }

  /**
   * Draws a line. A line in a right-to-left script (Hebrew, Arabic) and nothing left-to-right is
   * drawn word by word from the right: fontkit shapes each word (Arabic letters join) and gives
   * its glyphs in visual order, and the words are placed right to left.
   */
  draw(page: PDFPage, text: string, x: number, y: number, face: Face, size: number, color: RGB): void {
    const words = rightToLeft(text) ? text.split(' ').reverse() : [text];
    words.forEach((word, i) => {
      for (const run of this.runs(i < words.length - 1 ? `${word} ` : word, face)) {
        page.drawText(run.text, { x, y, font: run.font, size, color });
        x += run.font.widthOfTextAtSize(run.text, size);
      }
    });
  }

  /** A line as it is, or cut into pieces that fit when it is one word too long for the width. */
  breakWord(line: string, face: Face, size: number, width: number): string[] {
    if (this.width(line, face, size) <= width) return [line];
    const pieces: string[] = [];
    let piece = '';
    for (const char of line) {
      if (piece && this.width(piece + char, face, size) > width) {
        pieces.push(piece);
        piece = '';
      }
      piece += char;
    }
    if (piece) pieces.push(piece);
    return pieces;
  }

  wrap(text: string, face: Face, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (line && this.width(next, face, size) > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  }
}

/**
 * The certificate's faces: DejaVu, embedded as a subset (only the glyphs used), so names in Latin,
 * Greek and Cyrillic print as written, and Droid Sans Fallback for CJK when a text needs it. Only
 * when the font files cannot be read does it fall back to the standard PDF fonts (WinAnsi: Latin-1
 * and a few more), so that a certificate is still made.
 */
async function embedFaces(
  pdf: PDFDocument,
  typesetter: Typesetter,
  fontDir: string | null,
  texts: string[],
  subsetSeed: string,
): Promise<Record<'sans' | 'sansBold' | 'serif' | 'serifBold' | 'mono', Face>> {
  const bytes = loadFontBytes(fontDir);
  if (bytes) {
    try {
      pdf.registerFontkit(pdfFontkit);
      // A subset font is named with a six-letter tag and a plus (ISO 32000-1 9.6.4), which tells
      // readers (and pdffonts) that only some glyphs are there; the tag follows the document.
      const embed = (name: FontName) => {
        const file = bytes.get(name)!;
        const postscript = (fontkit.create(file) as fontkit.Font).postscriptName;
        const digest = createHash('sha256').update(`${subsetSeed}:${name}`).digest();
        const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
        return pdf.embedFont(file, { subset: true, customName: `${tag}+${postscript}` });
      };
      const [sans, sansBold, serif, serifBold, mono] = await Promise.all([embed('sans'), embed('sansBold'), embed('serif'), embed('serifBold'), embed('mono')]);
      const needsFallback = texts.some((text) => ![sans, sansBold, serif, serifBold].every((font) => typesetter.covers(font, text)));
      const cjk = needsFallback ? [await embed('fallback')] : [];
      // DejaVu Serif has no Hebrew or Arabic; DejaVu Sans has both, so a serif line falls back to it.
      return {
        sans: { main: sans, fallbacks: cjk },
        sansBold: { main: sansBold, fallbacks: cjk },
        serif: { main: serif, fallbacks: [sans, ...cjk] },
        serifBold: { main: serifBold, fallbacks: [sansBold, ...cjk] },
        mono: { main: mono, fallbacks: [] },
      };
    } catch {
      // A damaged font file: the standard fonts below still make a certificate.
    }
  }
  const standard = async (name: StandardFonts): Promise<Face> => ({ main: await pdf.embedFont(name), fallbacks: [] });
  return {
    sans: await standard(StandardFonts.Helvetica),
    sansBold: await standard(StandardFonts.HelveticaBold),
    serif: await standard(StandardFonts.TimesRoman),
    serifBold: await standard(StandardFonts.TimesRomanBold),
    mono: await standard(StandardFonts.CourierBold),
  };
}

/** `fontDir`: where the shipped fonts are; found beside the app or in the source tree unless given. */
export async function certificatePdf(doc: CertificateDocument, fontDir: string | null = fontDirectory()): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const documentTitle = `Reprise: ${doc.text.heading} ${doc.code}`;
  // The statement reads on from the name ("Åsa has reached …"), as on the page.
  const subject = `${doc.rep.name} ${doc.text.statement}`;
  const language = doc.language === 'fi' ? 'fi-FI' : 'en-GB';
  pdf.setTitle(documentTitle);
  pdf.setAuthor('Reprise');
  pdf.setSubject(subject);
  pdf.setLanguage(language);
  pdf.setCreator('Reprise');
  pdf.setProducer('Reprise');
  const page = pdf.addPage([a4.width, a4.height]);
  const typesetter = new Typesetter();
  const t = doc.text;
  const { sans, sansBold, serif, serifBold, mono } = await embedFaces(pdf, typesetter, fontDir, [
    t.heading,
    t.intro,
    doc.rep.name,
    t.statement,
    ...t.fields.flatMap((f) => [f.label, f.value]),
    t.notice ?? '',
    t.verifyHeading.toUpperCase(),
    ...t.verifyLines,
  ], doc.code);
  const margin = 64;
  const width = a4.width - margin * 2;
  const tags = new PdfTagger(pdf, page);
  const wrap = (value: string, face: Face, size: number, within: number) => typesetter.wrap(value, face, size, within);

  /**
   * The page is laid out in blocks, each a function from its top edge to its bottom edge that
   * draws only when given the tagger: called once without it to measure, then to draw. Every line
   * of text is marked as content of a structure element, in reading order; frames and rules are
   * artifacts.
   */
  type Block = (top: number, tagger: PdfTagger | null) => number;
  const line = (tagger: PdfTagger | null, element: () => StructElement, value: string, x: number | 'centre', y: number, face: Face, size: number, color = ink) => {
    if (!tagger) return;
    const left = x === 'centre' ? (a4.width - typesetter.width(value, face, size)) / 2 : x;
    tagger.content(element(), () => typesetter.draw(page, value, left, y, face, size, color));
  };
  /** A paragraph's element, made when it is first drawn; a right-to-left text is given in logical order for screen readers. */
  const element = (tagger: PdfTagger | null, type: string, text: string, parent?: () => StructElement, scope?: 'Row') => {
    let made: StructElement | null = null;
    return () => (made ??= tagger!.element(type, parent?.(), { ...(rightToLeft(text) ? { actualText: text } : {}), ...(scope ? { scope } : {}) }));
  };
  const decoration = (tagger: PdfTagger | null, draw: () => void) => tagger?.artifact(draw);
  // Roughly how far a line's letters reach above and below its baseline.
  const above = (size: number) => size * 0.8;
  const below = (size: number) => size * 0.25;

  const title: Block = (top, tagger) => {
    const brand = top - above(11);
    line(tagger, element(tagger, 'P', 'REPRISE'), 'REPRISE', 'centre', brand, sansBold, 11, accent);
    const heading = brand - 70;
    line(tagger, element(tagger, 'H1', t.heading), t.heading, 'centre', heading, serif, 40);
    const mark = heading - 22;
    decoration(tagger, () => page.drawLine({ start: { x: a4.width / 2 - 40, y: mark }, end: { x: a4.width / 2 + 40, y: mark }, thickness: 0.8, color: accent }));
    return mark;
  };

  // A long name shrinks (down to 18 pt) until its longest word fits, then wraps; a word longer
  // than the line even then is broken where it must be.
  let nameSize = 30;
  const longestWord = () => Math.max(...doc.rep.name.split(/\s+/).map((word) => typesetter.width(word, serifBold, nameSize)));
  while (nameSize > 18 && (longestWord() > width || wrap(doc.rep.name, serifBold, nameSize, width).length > 2)) nameSize -= 2;
  const nameLines = wrap(doc.rep.name, serifBold, nameSize, width).flatMap((l) => typesetter.breakWord(l, serifBold, nameSize, width));
  const recipient: Block = (top, tagger) => {
    let y = top - above(12);
    line(tagger, element(tagger, 'P', t.intro), t.intro, 'centre', y, sans, 12, muted);
    y -= 46;
    const name = element(tagger, 'P', doc.rep.name);
    for (const part of nameLines) {
      line(tagger, name, part, 'centre', y, serifBold, nameSize);
      y -= nameSize * 1.2;
    }
    y -= 4;
    const statement = element(tagger, 'P', t.statement);
    for (const part of wrap(t.statement, sans, 13, width)) {
      line(tagger, statement, part, 'centre', y, sans, 13);
      y -= 19;
    }
    return y + 19 - below(13);
  };

  // The facts as a table of two columns: a label heading each row, and its value.
  const labelWidth = 150;
  const details: Block = (top, tagger) => {
    decoration(tagger, () => page.drawLine({ start: { x: margin, y: top }, end: { x: a4.width - margin, y: top }, thickness: 0.5, color: rule }));
    const table = element(tagger, 'Table', '');
    let y = top - 20;
    for (const field of t.fields) {
      const row = element(tagger, 'TR', '', table);
      line(tagger, element(tagger, 'TH', field.label, row, 'Row'), field.label, margin + 24, y, sans, 10, muted);
      const lines = wrap(field.value, sansBold, 12, width - labelWidth - 48);
      const value = element(tagger, 'TD', field.value, row);
      for (const [i, part] of lines.entries()) line(tagger, value, part, margin + 24 + labelWidth, y - i * 16, sansBold, 12);
      y -= 14 + lines.length * 16;
    }
    const end = y + 12;
    decoration(tagger, () => page.drawLine({ start: { x: margin, y: end }, end: { x: a4.width - margin, y: end }, thickness: 0.5, color: rule }));
    return end;
  };

  const notice: Block | null = t.notice
    ? (top, tagger) => {
        const lines = wrap(t.notice!, sansBold, 11, width - 32);
        const boxHeight = 20 + lines.length * 15;
        decoration(tagger, () => page.drawRectangle({ x: margin, y: top - boxHeight, width, height: boxHeight, borderColor: warning, borderWidth: 1, color: rgb(0.99, 0.96, 0.94) }));
        const paragraph = element(tagger, 'P', t.notice!);
        for (const [i, part] of lines.entries()) line(tagger, paragraph, part, margin + 16, top - 16 - i * 15, sansBold, 11, warning);
        return top - boxHeight;
      }
    : null;

  // Verification comes last, at the foot of the page, where a reader looks for it.
  const verification: Block = (top, tagger) => {
    let y = top - above(9);
    line(tagger, element(tagger, 'H2', t.verifyHeading), t.verifyHeading.toUpperCase(), margin, y, sansBold, 9, muted);
    y -= 26;
    line(tagger, element(tagger, 'P', doc.code), doc.code, margin, y, mono, 20);
    y -= 24;
    for (const text of t.verifyLines) {
      const paragraph = element(tagger, 'P', text);
      for (const part of wrap(text, sans, 9.5, width)) {
        line(tagger, paragraph, part, margin, y, sans, 9.5, muted);
        y -= 14;
      }
    }
    return y + 14 - below(9.5);
  };

  // No half-empty page: what the blocks leave of the space inside the frame is shared out evenly
  // between the margins above and below and the gaps between the blocks, so no band is left empty.
  const frame = 34;
  const blocks: { block: Block; gap: number; grows: boolean }[] = [
    { block: title, gap: 40, grows: true },
    { block: recipient, gap: 38, grows: true },
    { block: details, gap: 40, grows: true },
    ...(notice ? [{ block: notice, gap: 24, grows: false }] : []),
    { block: verification, gap: 40, grows: true },
  ];
  const bottomGap = 40;
  const gaps = blocks.reduce((sum, b) => sum + b.gap, bottomGap);
  const spare = a4.height - 2 * frame - gaps - blocks.reduce((sum, b) => sum - b.block(0, null), 0);
  const share = Math.max(0, spare) / (blocks.filter((b) => b.grows).length + 1);
  // Should the text ever not fit (a very long name and notice), the gaps close up rather than the foot running off the page.
  const squeeze = spare < 0 ? Math.max(0, 1 + spare / gaps) : 1;

  // A quiet double frame.
  tags.artifact(() => {
    page.drawRectangle({ x: 28, y: 28, width: a4.width - 56, height: a4.height - 56, borderColor: rule, borderWidth: 1 });
    page.drawRectangle({ x: frame, y: frame, width: a4.width - 2 * frame, height: a4.height - 2 * frame, borderColor: accent, borderWidth: 0.6 });
  });
  let y = a4.height - frame;
  for (const { block, gap, grows } of blocks) y = block(y - gap * squeeze - (grows ? share : 0), tags);

  tags.finish({ language, title: documentTitle, subject, author: 'Reprise', producer: 'Reprise' });
  return pdf.save();
}
