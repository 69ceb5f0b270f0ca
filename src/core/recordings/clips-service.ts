import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Clip } from '../../shared/clips';
import { AppError, ErrorCode } from '../../shared/errors';
import { formatMoment } from '../../shared/rubrics';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { assertRevision, nextRevision } from '../revision';
import { cutRange, type CutResult } from '../media/cut';
import { stopStrayProcesses, type FfmpegTools } from '../media/ffmpeg';
import type { RecordingsService } from './recordings-service';

interface Row {
  id: string;
  recording_id: string;
  session_id: string;
  has_video: number;
  focus_area_id: string;
  focus_area_name: string;
  start_ms: number;
  end_ms: number;
  title: string;
  criteria: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: string;
  updated_at: string;
}

const select = `
  SELECT c.*, r.session_id, r.has_video, f.name AS focus_area_name, p.name AS created_by_name
  FROM clips c JOIN recordings r ON r.id = c.recording_id JOIN focus_areas f ON f.id = c.focus_area_id
  LEFT JOIN reps p ON p.id = c.created_by`;

export interface NewClip {
  id?: string;
  recordingId: string;
  startMs: number;
  endMs: number;
  title: string;
  focusAreaId?: string;
  criteria: string[];
}

export interface ClipFilter {
  recordingId?: string;
  focusAreaId?: string;
  criterion?: string;
  limit: number;
  offset: number;
}

export interface ClipFile {
  file: string;
  mimeType: string;
  fileName: string;
  /** How it was cut now, or `kept`: an earlier cut of the same range. */
  mode: CutResult['mode'] | 'kept';
}

/** Cut files keep their recording's container, so the browser plays them as it plays the take. */
const containerOf: Record<string, { ext: string; mimeType: string }> = {
  'audio/webm': { ext: '.webm', mimeType: 'audio/webm' },
  'video/webm': { ext: '.webm', mimeType: 'video/webm' },
  'video/mp4': { ext: '.mp4', mimeType: 'video/mp4' },
  'audio/mp4': { ext: '.m4a', mimeType: 'audio/mp4' },
  'video/x-matroska': { ext: '.mkv', mimeType: 'video/x-matroska' },
  'audio/wav': { ext: '.wav', mimeType: 'audio/wav' },
  'audio/mpeg': { ext: '.mp3', mimeType: 'audio/mpeg' },
  'audio/ogg': { ext: '.ogg', mimeType: 'audio/ogg' },
};

/** A title as a file name any system accepts. */
function fileNameOf(title: string, ext: string): string {
  const base = title.replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'clip';
  return `${base}${ext}`;
}

/**
 * Clips: ranges of a take with a title, a focus area and rubric criteria, which make up each
 * focus area's Great moments. A clip plays the range of its recording; a file of its own is cut
 * only when someone saves it or may not see the whole take, and is kept until the clip changes.
 */
export class ClipsService {
  private readonly sql;
  private readonly cuts = new Map<string, { controller: AbortController; done: Promise<ClipFile> }>();
  readonly cutDir: string;
  /** Cuts a killed Reprise left running are stopped, and their partial files removed, before any new cut. */
  private readonly tidied: Promise<void>;

  constructor(
    db: Database,
    private readonly recordings: RecordingsService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
    private readonly tools: () => FfmpegTools,
    /** The data folder, which a clip is never saved into. */
    private readonly dataDir: string,
  ) {
    this.sql = statementCache(db);
    this.cutDir = path.join(recordings.mediaDir, 'clips');
    this.tidied = stopStrayProcesses(this.cutDir).then(
      () => {
        for (const name of fs.existsSync(this.cutDir) ? fs.readdirSync(this.cutDir) : []) {
          if (name.includes('.part.')) fs.rmSync(path.join(this.cutDir, name), { force: true });
        }
      },
      () => undefined,
    );
  }

  create(input: NewClip, createdBy: string | null): Clip {
    const recording = this.recording(input.recordingId);
    const focusAreaId = input.focusAreaId ?? recording.focusAreaId;
    this.checkRange(input.startMs, input.endMs, recording.durationMs);
    this.checkFocus(focusAreaId, input.criteria);
    if (input.id && this.sql('SELECT 1 FROM clips WHERE id = ?').get(input.id)) {
      throw new AppError(ErrorCode.conflict, 'Another clip already has this id.', [{ path: 'id', message: 'Taken' }]);
    }
    const now = this.clock().toISOString();
    const id = input.id ?? uuidv7(this.clock().getTime());
    this.sql(
      `INSERT INTO clips (id, recording_id, start_ms, end_ms, title, focus_area_id, criteria, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.recordingId, input.startMs, input.endMs, input.title, focusAreaId, JSON.stringify([...new Set(input.criteria)]), createdBy, now, now);
    this.events.emit('clips:changed', { recordingId: input.recordingId });
    return this.get(id);
  }

  /** `baseRevision`: the updatedAt the edit was made on (a desktop that made it offline); a newer one stored refuses it. */
  update(id: string, patch: Partial<Omit<NewClip, 'recordingId'>>, baseRevision?: string): Clip {
    const current = this.get(id);
    assertRevision(current.updatedAt, baseRevision);
    const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Clip;
    const recording = this.recording(current.recordingId);
    this.checkRange(next.startMs, next.endMs, recording.durationMs);
    // Criteria belong to a focus area's rubric: moving a clip to another area without naming new ones drops them.
    if (patch.focusAreaId !== undefined && patch.focusAreaId !== current.focusAreaId && patch.criteria === undefined) next.criteria = [];
    this.checkFocus(next.focusAreaId, next.criteria);
    this.sql('UPDATE clips SET start_ms = ?, end_ms = ?, title = ?, focus_area_id = ?, criteria = ?, updated_at = ? WHERE id = ?').run(
      next.startMs,
      next.endMs,
      next.title,
      next.focusAreaId,
      JSON.stringify([...new Set(next.criteria)]),
      nextRevision(current.updatedAt, this.clock()),
      id,
    );
    if (next.startMs !== current.startMs || next.endMs !== current.endMs) this.dropCut(id);
    this.events.emit('clips:changed', { recordingId: current.recordingId });
    return this.get(id);
  }

  delete(id: string): { id: string } {
    const current = this.get(id);
    this.sql('DELETE FROM clips WHERE id = ?').run(id);
    this.dropCut(id);
    this.events.emit('clips:changed', { recordingId: current.recordingId });
    return { id };
  }

  get(id: string): Clip {
    const row = this.sql(`${select} WHERE c.id = ?`).get(id) as Row | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, 'That clip was deleted.');
    return this.toClip(row);
  }

  /** A take's clips by their moment; otherwise the Great moments, newest first. */
  list(filter: ClipFilter): { total: number; rows: Clip[] } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
    if (filter.recordingId) {
      where.push('c.recording_id = @recordingId');
      params.recordingId = filter.recordingId;
    }
    if (filter.focusAreaId) {
      where.push('c.focus_area_id = @focusAreaId');
      params.focusAreaId = filter.focusAreaId;
    }
    if (filter.criterion) {
      where.push('EXISTS (SELECT 1 FROM json_each(c.criteria) WHERE value = @criterion)');
      params.criterion = filter.criterion;
    }
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.recordingId ? 'c.start_ms, c.created_at' : 'c.created_at DESC, c.id DESC';
    const total = this.sql(`SELECT count(*) FROM clips c ${condition}`).pluck().get(params) as number;
    const rows = this.sql(`${select} ${condition} ORDER BY ${order} LIMIT @limit OFFSET @offset`).all(params) as Row[];
    return { total, rows: rows.map((r) => this.toClip(r)) };
  }

  /**
   * The clip cut into a file of its own, cut now unless a cut of its current range is kept.
   * Callers asking while a cut runs share it; progress goes out as `clips:cut-progress`.
   */
  cut(id: string): Promise<ClipFile> {
    const clip = this.get(id);
    const running = this.cuts.get(id);
    if (running) return running.done;
    const source = this.recordings.mediaFile(clip.recordingId, 'recording');
    if (!source) throw new AppError(ErrorCode.notFound, 'The recording of this clip is not ready, so it cannot be cut yet.');
    if (source.refused) throw new AppError(ErrorCode.mediaDamaged, source.refused.message);
    const container = containerOf[source.mimeType] ?? { ext: path.extname(source.file) || '.webm', mimeType: source.mimeType };
    const file = path.join(this.cutDir, `${id}${container.ext}`);
    const answer = (mode: ClipFile['mode']): ClipFile => ({ file, mimeType: container.mimeType, fileName: fileNameOf(clip.title, container.ext), mode });
    if (fs.existsSync(file)) return Promise.resolve(answer('kept'));
    fs.mkdirSync(this.cutDir, { recursive: true });
    const controller = new AbortController();
    let lastPercent = -1;
    const done = this.tidied.then(async () => cutRange({
      tools: this.tools(),
      input: await this.recordings.inputOf(source),
      output: file,
      startMs: clip.startMs,
      endMs: clip.endMs,
      signal: controller.signal,
      noteIn: this.cutDir,
      onProgress: (fraction) => {
        const percent = Math.floor(fraction * 100);
        if (percent === lastPercent) return;
        lastPercent = percent;
        this.events.emit('clips:cut-progress', { id, percent });
      },
    }))
      .then((result) => answer(result.mode))
      .finally(() => this.cuts.delete(id));
    this.cuts.set(id, { controller, done });
    return done;
  }

  cancelCut(id: string): { cancelled: boolean } {
    const running = this.cuts.get(id);
    running?.controller.abort();
    return { cancelled: running !== undefined };
  }

  /** Cuts a clip straight into a file the caller names (the CLI's `clips save`). */
  /**
   * Cuts a clip into a file the person named. Never into the data folder (the take it cuts from,
   * the database, anything Reprise keeps), and never over an existing file unless `force`.
   */
  async saveAs(id: string, output: string, options: { force?: boolean; onProgress?: (fraction: number) => void } = {}): Promise<CutResult> {
    const { force = false, onProgress } = options;
    const clip = this.get(id);
    const source = this.recordings.mediaFile(clip.recordingId, 'recording');
    if (!source) throw new AppError(ErrorCode.notFound, 'The recording of this clip is not ready, so it cannot be cut yet.');
    if (source.refused) throw new AppError(ErrorCode.mediaDamaged, source.refused.message);
    // Where the file would really land: its folder with links resolved, and its own name.
    let landing: string;
    try {
      landing = path.join(fs.realpathSync(path.dirname(output)), path.basename(output));
    } catch {
      throw new AppError(ErrorCode.fileUnwritable, `The folder ${path.dirname(output)} does not exist.`);
    }
    const dataDir = fs.realpathSync(this.dataDir);
    const landingReal = fs.existsSync(landing) ? fs.realpathSync(landing) : landing;
    if ([landing, landingReal].some((p) => p === dataDir || p.startsWith(dataDir + path.sep)) || (source.key === null && landingReal === fs.realpathSync(source.file))) {
      throw new AppError(ErrorCode.invalidInput, 'Save the clip outside Reprise’s data folder; that folder holds the takes and the database.');
    }
    if (!force && fs.lstatSync(output, { throwIfNoEntry: false })) {
      throw new AppError(ErrorCode.conflict, `${output} already exists; add --force to replace it.`);
    }
    // Copying packets needs a container that holds the take's codecs: its own.
    const ext = (containerOf[source.mimeType]?.ext ?? path.extname(source.file)).toLowerCase();
    if (path.extname(output).toLowerCase() !== ext) {
      throw new AppError(ErrorCode.invalidInput, `This take is a ${ext.slice(1).toUpperCase()} file; save the clip with the ${ext} extension.`);
    }
    return cutRange({ tools: this.tools(), input: await this.recordings.inputOf(source), output, startMs: clip.startMs, endMs: clip.endMs, overwrite: force, ...(onProgress ? { onProgress } : {}) });
  }

  /** Stops running cuts; their partial files are removed by cutRange. */
  shutdown(): void {
    for (const { controller } of this.cuts.values()) controller.abort();
  }

  private dropCut(id: string): void {
    this.cuts.get(id)?.controller.abort();
    for (const name of fs.existsSync(this.cutDir) ? fs.readdirSync(this.cutDir) : []) {
      if (name.startsWith(`${id}.`)) fs.rmSync(path.join(this.cutDir, name), { force: true });
    }
  }

  private recording(id: string): { focusAreaId: string; durationMs: number | null } {
    const row = this.sql(
      `SELECT s.focus_area_id AS focusAreaId, r.duration_ms AS durationMs, r.status FROM recordings r JOIN sessions s ON s.id = r.session_id WHERE r.id = ?`,
    ).get(id) as { focusAreaId: string; durationMs: number | null; status: string } | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, 'That recording does not exist (any more).');
    if (row.status !== 'ready') throw new AppError(ErrorCode.conflict, 'This take is not finished yet; clip it once it is ready.');
    return row;
  }

  private checkRange(startMs: number, endMs: number, durationMs: number | null): void {
    if (endMs <= startMs) {
      const message = 'A clip ends after it starts';
      throw new AppError(ErrorCode.invalidInput, message, [{ path: 'endMs', message }]);
    }
    if (durationMs !== null && endMs > durationMs) {
      const message = `The recording is ${formatMoment(durationMs)} long; end the clip within it.`;
      throw new AppError(ErrorCode.invalidInput, message, [{ path: 'endMs', message }]);
    }
  }

  /** The focus area exists and each criterion is in its rubric (the newest version of its default template). */
  private checkFocus(focusAreaId: string, criteria: string[]): void {
    const area = this.sql('SELECT name FROM focus_areas WHERE id = ?').pluck().get(focusAreaId) as string | undefined;
    if (!area) {
      const message = 'That focus area does not exist; pick one from the list.';
      throw new AppError(ErrorCode.invalidInput, message, [{ path: 'focusAreaId', message }]);
    }
    if (!criteria.length) return;
    const keys = new Set(
      this.sql(
        `SELECT c.key FROM rubric_criteria c JOIN rubric_template_versions v ON v.id = c.version_id JOIN rubric_templates t ON t.id = v.template_id
         WHERE t.focus_area_id = ? AND t.is_default = 1 AND v.version = (SELECT max(version) FROM rubric_template_versions WHERE template_id = t.id)`,
      )
        .pluck()
        .all(focusAreaId) as string[],
    );
    const unknown = criteria.findIndex((k) => !keys.has(k));
    if (unknown >= 0) {
      const message = `“${criteria[unknown]!.slice(0, 64)}” is not a criterion of the ${area} rubric; pick from its list.`;
      throw new AppError(ErrorCode.invalidInput, message, [{ path: `criteria.${unknown}`, message }]);
    }
  }

  private toClip(r: Row): Clip {
    return {
      id: r.id,
      recordingId: r.recording_id,
      sessionId: r.session_id,
      hasVideo: r.has_video === 1,
      focusAreaId: r.focus_area_id,
      focusAreaName: r.focus_area_name,
      startMs: r.start_ms,
      endMs: r.end_ms,
      title: r.title,
      criteria: JSON.parse(r.criteria) as string[],
      createdBy: r.created_by,
      createdByName: r.created_by_name,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      wholeTake: true,
    };
  }
}
