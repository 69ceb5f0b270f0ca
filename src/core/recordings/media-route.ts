import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { ClipFile, ClipsService } from './clips-service';
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
  return serveRange(real, found.mimeType, range, headOnly);
}

/**
 * A clip's own cut (`media://clip/<id>`, `/media/clip/<id>`): only the clip's range, so someone
 * who may browse Great moments but not see the session hears the moment and nothing around it.
 * Cut on first request and kept until the clip changes. `download` names the file for saving.
 */
export async function serveClip(clips: ClipsService, id: string, range: string | undefined, headOnly = false, download = false): Promise<MediaResponse> {
  const text = (status: number, message: string): MediaResponse => ({ status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: message });
  if (!idPattern.test(id)) return text(404, 'No such media.');
  let cut: ClipFile;
  try {
    cut = await clips.cut(id);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return text(code === 'not_found' ? 404 : code === 'cancelled' ? 409 : 500, error instanceof Error ? error.message : String(error));
  }
  const real = fs.realpathSync(cut.file);
  if (!real.startsWith(fs.realpathSync(clips.cutDir) + path.sep)) return text(403, 'Refused.');
  const answer = serveRange(real, cut.mimeType, range, headOnly);
  if (download) answer.headers['content-disposition'] = `attachment; filename="${cut.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(cut.fileName)}`;
  return answer;
}

/** A whole file (200) or the byte range asked for (206, or 416 when it is outside the file). */
function serveRange(real: string, mimeType: string, range: string | undefined, headOnly: boolean): MediaResponse {
  const size = fs.statSync(real).size;
  const base = {
    'content-type': mimeType,
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
