import { EventEmitter } from 'node:events';
import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * Upstream fontkit for pdf-lib's font embedding. pdf-lib's own fork, @pdf-lib/fontkit 1.1.1, is
 * fontkit 1.7 from before two subsetting fixes: its TrueType subsets lose glyphs (a short `loca`
 * table without padding; Droid Sans Fallback's CJK glyphs came out blank, pdf-lib issue #1232),
 * fixed in fontkit 1.8. fontkit 2 encodes a subset in one call where pdf-lib reads a stream, so
 * the subset is handed over as a stream of one chunk.
 */
export const pdfFontkit: PdfLibFontkit = {
  create(bytes) {
    const font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (!('createSubset' in font)) throw new Error('A font collection (.ttc) cannot be embedded; use one font file.');
    const adapted = new Proxy(font, {
      get(target, property) {
        if (property === 'createSubset') {
          return () => {
            const subset = target.createSubset();
            return {
              includeGlyph: (glyph: fontkit.Glyph) => subset.includeGlyph(glyph),
              get cff() {
                return (subset as { cff?: unknown }).cff;
              },
              encodeStream() {
                const stream = new EventEmitter();
                setImmediate(() => {
                  try {
                    stream.emit('data', subset.encode());
                    stream.emit('end');
                  } catch (error) {
                    stream.emit('error', error);
                  }
                });
                return stream;
              },
            };
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return adapted as unknown as ReturnType<PdfLibFontkit['create']>;
  },
};
