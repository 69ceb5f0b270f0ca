import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { RecordingsService } from './recordings-service';

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | string | null;
}

const idPattern = /^[0-9a-f-]{36}$/;

/**
 * The one handler behind `media://recording/<id>` (Electron) and `/media/recording/<id>`
 * (browser host). Media is found only by id, never by a path from the caller; the file's real
 * path must stay inside the media folder; Range requests get 206.
 */
export function serveMedia(recordings: RecordingsService, kind: string, id: string, range: string | undefined, headOnly = false): MediaResponse {
  const notFound = (message: string): MediaResponse => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: message });
  if ((kind !== 'recording' && kind !== 'thumbnail') || !idPattern.test(id)) return notFound('No such media.');
  const found = recordings.mediaFile(id, kind);
  if (!found) return notFound('No such media, or it is not ready yet.');
  const refused = found.refused;
  const answerRefused = (problem: NonNullable<typeof refused>): MediaResponse => ({
    status: problem.problem === 'missing' ? 404 : 409,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: problem.message,
  });
  let real: string;
  try {
    real = fs.realpathSync(found.file);
  } catch {
    return refused ? answerRefused(refused) : notFound('The media file is missing from the media folder.');
  }
  const root = fs.realpathSync(recordings.mediaDir);
  if (!real.startsWith(root + path.sep)) return { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Refused.' };
  if (refused) return answerRefused(refused);
  const size = fs.statSync(real).size;
  const base = {
    'content-type': found.mimeType,
    'accept-ranges': 'bytes',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (!range) {
    return { status: 200, headers: { ...base, 'content-length': String(size) }, body: headOnly ? null : fs.createReadStream(real) };
  }
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start: number;
  let end: number;
  if (match && (match[1] || match[2])) {
    if (match[1]) {
      start = Number(match[1]);
      end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
    } else {
      start = Math.max(0, size - Number(match[2]));
      end = size - 1;
    }
  } else {
    start = NaN;
    end = NaN;
  }
  if (!Number.isFinite(start) || start > end || start >= size) {
    return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` }, body: null };
  }
  return {
    status: 206,
    headers: { ...base, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) },
    body: headOnly ? null : fs.createReadStream(real, { start, end }),
  };
}
