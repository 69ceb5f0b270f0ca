import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { formatMoment } from '../../shared/rubrics';
import type { ChannelMap, DeclaredMedia, Marker, MediaProblem, Peaks, Recording, RecordingDetail, RecordingMode, RecordingStatus, VoiceTrack } from '../../shared/recordings';
import type { SessionsSeen } from '../access/audience';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { assertRevision, nextRevision } from '../revision';
import { probe, resolveFfmpeg, stopStrayProcesses, type FfmpegTools } from '../media/ffmpeg';
import { writeVoiceTracks } from '../media/voice-tracks';
import type { SessionsService } from '../sessions/sessions-service';
import { adoptDeclared, adoptMedia, decodedAudioFile, finalizeMedia, makeAdoptedExtras, plausibleDeclaration, probeAdopted, sha256, type Companion } from './finalize';
import { writeTransaction } from '../db/open-database';
import { ownerOnlyFile } from '../owner-only';
import { S3TakeStore } from '../media/take-store';

/** A marker set live is timed by the renderer, which may run a moment ahead of our start time. */
const markerSlackMs = 2_000;

interface RecordingRow {
  id: string;
  session_id: string;
  mode: RecordingMode;
  status: RecordingStatus;
  mime_type: string;
  file_name: string | null;
  size_bytes: number;
  duration_ms: number | null;
  sha256: string | null;
  channels: number | null;
  channel_map: string | null;
  has_video: number;
  video_width: number | null;
  video_height: number | null;
  has_thumbnail: number;
  recovered: number;
  error: string | null;
  source_name: string | null;
  owner_pid: number | null;
  next_seq: number;
  started_at: string;
  stopped_at: string | null;
  finalized_at: string | null;
  media_check: 'ok' | MediaProblem | null;
  media_checked_at: string | null;
}

export interface VerifyResult {
  id: string;
  problem: MediaProblem | null;
  message: string | null;
  checkedAt: string;
}

export interface RecordingsOptions {
  mediaDir: string;
  /** Free bytes on the media folder's disk; injectable so tests can run out of space. */
  freeBytes?: (dir: string) => number;
  /** Below this many free bytes a take will not start, and a running one stops cleanly. */
  minFreeBytes?: number;
  /** Resolves ffmpeg; injectable for tests of the "missing ffmpeg" path. */
  tools?: () => FfmpegTools;
  /** How often appended chunks are forced to disk. */
  fsyncEveryMs?: number;
  /**
   * A take that hears nothing from its recorder (no chunk, no keep-alive) for this long is
   * stopped and finalized as recovered: the window closed or crashed mid-take.
   */
  idleStopMs?: number;
  /** Called when a take recorded in the app is ready (not for imports); a failure here is ignored. */
  onTakeReady?: (recording: Recording) => void;
  /** Called when any take or import is ready (a connected desktop queues its upload); a failure here is ignored. */
  onReady?: (recording: Recording) => void;
  /**
   * Called when the hub's probe finds sound in an adopted take its desktop declared silent (the
   * take was not analysed when it was taken in); a failure here is ignored.
   */
  onSoundFound?: (recording: Recording) => void;
  /** Called when every recording has been re-hashed (a verify without an id ran to its end). */
  onVerifiedAll?: () => void;
}

interface ActiveTake {
  fd: number;
  bytes: number;
  lastSync: number;
  lastHeard: number;
}

const defaultMinFree = 500 * 1024 * 1024;
/**
 * In a take's folder: this import is one voice of an import of one file per voice, not joined yet.
 * Recovery drops such a folder instead of finishing it as a take.
 */
const trackMarker = 'voice-track';

export function diskFreeBytes(dir: string): number {
  const stats = fs.statfsSync(dir);
  return Number(stats.bavail) * Number(stats.bsize);
}

function extensionFor(mimeType: string): string {
  if (mimeType.includes('mp4')) return 'mp4';
  if (mimeType.includes('matroska')) return 'mkv';
  return 'webm';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes are streamed to disk chunk by chunk as the recorder produces them (nothing grows in the
 * renderer), finalized off the calling thread by ffmpeg child processes, and recovered from disk
 * when a crash, a kill or a power cut left them unfinished.
 */
/** The name an uploaded take is kept under on the hub (`recording.<ext>`), or null for a kind of file it does not take. */
export function adoptedFileName(fileName: string): string | null {
  const ext = path.extname(fileName).toLowerCase();
  return ['.webm', '.mkv', '.mp4', '.m4a', '.wav', '.mp3', '.ogg'].includes(ext) ? `recording${ext}` : null;
}

export class RecordingsService {
  private readonly sql: (text: string) => Statement;
  private readonly active = new Map<string, ActiveTake>();
  private readonly finalizing = new Map<string, { controller: AbortController; done: Promise<void> }>();
  /** Uploaded takes being taken in now, by id: a second copy waits for the first instead of racing it. */
  private readonly adopting = new Map<string, Promise<void>>();
  /** Adopted takes whose peaks or thumbnail the hub is making itself, after it answered the upload. */
  private readonly preparing = new Map<string, Promise<void>>();
  private extrasQueue: Promise<void> = Promise.resolve();
  /** Peaks and thumbnails the hub made itself for adopted takes (their desktop sent none, or ones that did not check). */
  readonly adoptedExtrasMade = { peaks: 0, thumbnails: 0, refusedCompanions: 0 };
  /** Adopted takes whose declared facts the hub's own probe found wrong (corrected, or failed as not media). */
  correctedDeclarations = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly verifying = new AbortController();
  readonly mediaDir: string;
  readonly minFreeBytes: number;
  private readonly freeBytes: (dir: string) => number;
  private readonly tools: () => FfmpegTools;
  private readonly fsyncEveryMs: number;
  private readonly idleStopMs: number;
  private readonly onTakeReady: (recording: Recording) => void;
  private readonly onReady: (recording: Recording) => void;
  private readonly onSoundFound: (recording: Recording) => void;
  private readonly onVerifiedAll: () => void;
  private readonly watchdog: ReturnType<typeof setInterval>;
  /** A hub's bucket, when its takes live in S3-compatible storage; null keeps them in the media folder. */
  private remote: S3TakeStore | null = null;

  constructor(
    private readonly db: Database,
    private readonly sessions: SessionsService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
    options: RecordingsOptions,
  ) {
    this.sql = statementCache(db);
    this.mediaDir = options.mediaDir;
    fs.mkdirSync(path.join(this.mediaDir, 'recordings'), { recursive: true });
    this.freeBytes = options.freeBytes ?? diskFreeBytes;
    this.minFreeBytes = options.minFreeBytes ?? defaultMinFree;
    this.tools = options.tools ?? (() => resolveFfmpeg());
    this.fsyncEveryMs = options.fsyncEveryMs ?? 2000;
    this.idleStopMs = options.idleStopMs ?? 60_000;
    this.onTakeReady = options.onTakeReady ?? (() => undefined);
    this.onReady = options.onReady ?? (() => undefined);
    this.onSoundFound = options.onSoundFound ?? (() => undefined);
    this.onVerifiedAll = options.onVerifiedAll ?? (() => undefined);
    this.watchdog = setInterval(() => this.stopSilentTakes(), Math.min(15_000, Math.max(50, this.idleStopMs / 4)));
    this.watchdog.unref();
  }

  /** Keeps takes in `store` from now on (null: the media folder); the hub's media setting decides. */
  useStore(store: S3TakeStore | null): void {
    this.remote = store;
  }

  get store(): S3TakeStore | null {
    return this.remote;
  }

  /** How long an address ffmpeg reads a take from stays valid: the longest analysis of a long take. */
  static readonly ffmpegUrlSeconds = 6 * 3600;

  /** What ffmpeg reads a take from: its file, or for a take in a bucket a presigned address. */
  async inputOf(media: { file: string; key: string | null }): Promise<string> {
    if (!media.key || !this.remote) return media.file;
    return this.remote.presign(media.key, RecordingsService.ffmpegUrlSeconds);
  }

  dirOf(id: string): string {
    return path.join(this.mediaDir, 'recordings', id);
  }

  private partFile(row: Pick<RecordingRow, 'id' | 'mime_type' | 'mode' | 'source_name'>): string {
    const ext = row.mode === 'import' ? path.extname(row.source_name ?? '').slice(1).toLowerCase() || 'bin' : extensionFor(row.mime_type);
    return path.join(this.dirOf(row.id), `take.part.${ext.replace(/[^a-z0-9]/g, '') || 'bin'}`);
  }

  disk(): { freeBytes: number; minFreeBytes: number; ffmpeg: string | null; ffmpegError: string | null } {
    let ffmpeg: string | null = null;
    let ffmpegError: string | null = null;
    try {
      const tools = this.tools();
      ffmpeg = `${tools.ffmpeg} (${tools.source})`;
    } catch (error) {
      ffmpegError = error instanceof Error ? error.message : String(error);
    }
    return { freeBytes: this.freeBytes(this.mediaDir), minFreeBytes: this.minFreeBytes, ffmpeg, ffmpegError };
  }

  /** Starts a take after every participant of the session has been confirmed as consenting. */
  start(input: {
    sessionId: string;
    mode: Exclude<RecordingMode, 'import'>;
    mimeType: string;
    consents: { repId: string; share?: boolean }[];
    confirmedBy: string;
    channelMap: ChannelMap | null;
  }): Recording {
    const session = this.sessions.get(input.sessionId);
    const consenting = new Set(input.consents.map((c) => c.repId));
    const missing = session.participants.filter((p) => !consenting.has(p.repId));
    if (missing.length) {
      throw new AppError(
        'consent_missing',
        `Recording needs everyone's consent first. Not yet confirmed: ${missing.map((p) => p.name).join(', ')}.`,
        [{ path: 'consents', message: 'Every participant must consent' }],
      );
    }
    const strangers = input.consents.filter((c) => !session.participants.some((p) => p.repId === c.repId));
    if (strangers.length) {
      throw new AppError(ErrorCode.invalidInput, 'A consent was given for someone who is not in this session.', [
        { path: 'consents', message: 'Not a participant' },
      ]);
    }
    this.assertDiskSpace();
    this.tools();
    const now = this.clock().toISOString();
    const id = uuidv7(this.clock().getTime());
    writeTransaction(this.db, () => {
      this.sql(
        `INSERT INTO recordings (id, session_id, mode, status, mime_type, channel_map, owner_pid, started_at)
         VALUES (?, ?, ?, 'recording', ?, ?, ?, ?)`,
      ).run(id, session.id, input.mode, input.mimeType, input.channelMap ? JSON.stringify(input.channelMap) : null, process.pid, now);
      const consent = this.sql('INSERT INTO recording_consents (recording_id, rep_id, confirmed_at, confirmed_by, shared) VALUES (?, ?, ?, ?, ?)');
      const shares = new Map<string, boolean>();
      for (const c of input.consents) shares.set(c.repId, (shares.get(c.repId) ?? false) || Boolean(c.share));
      for (const [repId, share] of shares) consent.run(id, repId, now, input.confirmedBy, share ? 1 : 0);
    });
    this.open(id);
    this.events.emit('recordings:changed', { ids: [id] });
    return this.get(id);
  }

  /** Starts an upload of an existing file into a session; chunks then arrive through `append`. */
  beginImport(input: { sessionId: string; fileName: string; mimeType: string; track?: VoiceTrack }): Recording {
    this.sessions.get(input.sessionId);
    this.assertDiskSpace();
    this.tools();
    const id = uuidv7(this.clock().getTime());
    // Marked before the row exists, so no moment is left in which recovery could take this file
    // for a take on its own: one voice of two is never a take.
    if (input.track) this.markTrack(id, input.track);
    this.sql(
      `INSERT INTO recordings (id, session_id, mode, status, mime_type, source_name, owner_pid, started_at)
       VALUES (?, ?, 'import', 'recording', ?, ?, ?, ?)`,
    ).run(id, input.sessionId, input.mimeType || 'application/octet-stream', path.basename(input.fileName), process.pid, this.clock().toISOString());
    this.open(id);
    this.events.emit('recordings:changed', { ids: [id] });
    return this.get(id);
  }

  private open(id: string): void {
    const row = this.row(id);
    fs.mkdirSync(this.dirOf(id), { recursive: true, mode: 0o700 });
    // Not O_APPEND: each chunk is written at the offset the database holds, which append mode ignores.
    const fd = fs.openSync(this.partFile(row), fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600);
    this.active.set(id, { fd, bytes: fs.fstatSync(fd).size, lastSync: Date.now(), lastHeard: Date.now() });
  }

  private assertDiskSpace(): void {
    const free = this.freeBytes(this.mediaDir);
    if (free < this.minFreeBytes) {
      throw new AppError(
        'disk_low',
        `Only ${formatBytes(free)} free on the disk that holds recordings; Reprise needs at least ${formatBytes(this.minFreeBytes)} to start. Free some space and try again.`,
      );
    }
  }

  /**
   * Appends one chunk. `seq` makes a retried chunk harmless: one already written is skipped,
   * and a gap is refused so the file never has a hole. The chunk is written at the offset the
   * database records, and only then is that offset moved on: when the update fails (another
   * process holds the write lock too long), the retry writes the same bytes over the same place.
   */
  append(input: { id: string; seq: number; data: string; peaks?: number[][] }): { bytes: number; freeBytes: number; stop: 'disk_low' | null } {
    const take = this.active.get(input.id);
    const row = this.row(input.id);
    if (!take || row.status !== 'recording') {
      throw new AppError(
        'take_not_active',
        'This take is no longer being recorded (Reprise was restarted or it was stopped). What was recorded has been kept.',
      );
    }
    take.lastHeard = Date.now();
    const freeBytes = this.freeBytes(this.mediaDir);
    if (input.seq < row.next_seq) return { bytes: take.bytes, freeBytes, stop: null };
    if (input.seq > row.next_seq) {
      throw new AppError('chunk_gap', `Chunk ${input.seq} arrived before chunk ${row.next_seq}; send them in order.`);
    }
    const bytes = Buffer.from(input.data, 'base64');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(take.fd, bytes, written, bytes.length - written, row.size_bytes + written);
    if (Date.now() - take.lastSync >= this.fsyncEveryMs) {
      fs.fdatasyncSync(take.fd);
      take.lastSync = Date.now();
    }
    this.sql('UPDATE recordings SET next_seq = ?, size_bytes = ? WHERE id = ?').run(input.seq + 1, row.size_bytes + bytes.length, input.id);
    take.bytes = row.size_bytes + bytes.length;
    // After the update, so a retried chunk never adds a second line; a lost line only thins the live waveform.
    if (input.peaks?.length) {
      fs.appendFileSync(path.join(this.dirOf(input.id), 'peaks.jsonl'), `${JSON.stringify({ s: input.seq, c: input.peaks })}\n`);
    }
    return { bytes: take.bytes, freeBytes, stop: freeBytes < this.minFreeBytes / 2 ? 'disk_low' : null };
  }

  /** Takes being recorded in a window right now (imports excluded): closing the window would end them. */
  liveTakes(): string[] {
    return [...this.active.keys()].filter((id) => this.row(id).mode !== 'import');
  }

  /** The recorder is paused but still there: no chunks arrive, and none are missing. */
  keepAlive(id: string): { active: boolean } {
    const take = this.active.get(id);
    if (take) take.lastHeard = Date.now();
    return { active: Boolean(take) };
  }

  private stopSilentTakes(): void {
    // The database was closed under this service (a door switched away from its core, a crash
    // simulated in a test): its takes stay on disk for the next start's recovery, and the watch ends.
    if (!this.db.open) {
      void this.shutdown();
      return;
    }
    const now = Date.now();
    const heard = (take: { lastHeard: number }) => now - take.lastHeard < this.idleStopMs;
    for (const [id, take] of this.active) {
      if (heard(take)) continue;
      if (this.isTrack(id)) {
        // One voice of a pair waits, silent, while the other file goes up; once neither is heard
        // the sender is gone, and half a pair is never a take.
        const session = this.row(id).session_id;
        const partnerHeard = [...this.active].some(([other, t]) => other !== id && heard(t) && this.isTrack(other) && this.row(other).session_id === session);
        if (!partnerHeard) this.dropImport(id);
        continue;
      }
      this.close(id);
      this.sql("UPDATE recordings SET status = 'finalizing', stopped_at = ?, error = ? WHERE id = ?").run(
        this.clock().toISOString(),
        'The recorder stopped sending (its window closed or crashed). Everything received until then was kept.',
        id,
      );
      this.events.emit('recordings:changed', { ids: [id] });
      void this.finalize(id, true);
    }
  }

  /**
   * Stops the take and finalizes it in the background; progress and the result arrive as
   * events. An upload of an existing file is finalized before this returns, so a file that
   * cannot be used is refused with its reason and leaves nothing behind.
   */
  async stop(id: string, reason: 'user' | 'disk_low' | 'error' = 'user'): Promise<Recording> {
    const row = this.row(id);
    if (row.status !== 'recording') return this.get(id);
    this.close(id);
    this.sql("UPDATE recordings SET status = 'finalizing', stopped_at = ?, error = ? WHERE id = ?").run(
      this.clock().toISOString(),
      reason === 'disk_low' ? 'Stopped early: the disk is almost full. Everything up to that moment was kept.' : null,
      id,
    );
    this.events.emit('recordings:changed', { ids: [id] });
    const done = this.finalize(id, false);
    if (row.mode === 'import') {
      await done;
      return this.settleImport(id);
    }
    return this.get(id);
  }

  /** A failed import is removed whole and its reason thrown; nothing else changed. */
  private settleImport(id: string): Recording {
    const result = this.get(id);
    if (result.status !== 'failed') return result;
    this.sql('DELETE FROM recordings WHERE id = ?').run(id);
    fs.rmSync(this.dirOf(id), { recursive: true, force: true });
    this.events.emit('recordings:changed', { ids: [id] });
    throw new AppError('import_failed', result.error ?? 'The file could not be imported.');
  }

  private close(id: string): void {
    const take = this.active.get(id);
    if (!take) return;
    fs.fsyncSync(take.fd);
    fs.closeSync(take.fd);
    this.active.delete(id);
  }

  /** Waits for the background finalize of `id` (tests, CLI). */
  async whenFinalized(id: string): Promise<Recording> {
    await this.finalizing.get(id)?.done;
    return this.get(id);
  }

  private finalize(id: string, recovered: boolean): Promise<void> {
    const existing = this.finalizing.get(id);
    if (existing) return existing.done;
    const controller = new AbortController();
    const done = (this.queue = this.queue.then(() => this.runFinalize(id, recovered, controller.signal))).then(
      () => undefined,
      () => undefined,
    );
    this.finalizing.set(id, { controller, done });
    void done.then(() => this.finalizing.delete(id));
    return done;
  }

  private async runFinalize(id: string, recovered: boolean, signal: AbortSignal): Promise<void> {
    const row = this.row(id);
    const dir = this.dirOf(id);
    const source = this.partFile(row);
    try {
      const result = await finalizeMedia({
        tools: this.tools(),
        source,
        dir,
        livePeaksFile: path.join(dir, 'peaks.jsonl'),
        // An import's audio is decoded for its peaks; kept, its analysis does not decode it again.
        ...(row.mode === 'import' ? { keepDecodedAudio: true } : { mimeType: row.mime_type }),
        strict: row.mode === 'import',
        signal,
        onProgress: (phase, percent) => this.events.emit('recordings:progress', { id, phase, percent }),
      });
      this.sql(
        `UPDATE recordings SET status = 'ready', file_name = @fileName, size_bytes = @sizeBytes, duration_ms = @durationMs,
           sha256 = @sha256, channels = @channels, mime_type = @mimeType, has_video = @hasVideo, video_width = @videoWidth,
           video_height = @videoHeight, has_thumbnail = @hasThumbnail, recovered = @recovered, owner_pid = NULL,
           finalized_at = @now, stopped_at = coalesce(stopped_at, @now) WHERE id = @id`,
      ).run({
        ...result,
        hasVideo: result.hasVideo ? 1 : 0,
        hasThumbnail: result.hasThumbnail ? 1 : 0,
        recovered: recovered ? 1 : 0,
        now: this.clock().toISOString(),
        id,
      });
      fs.rmSync(source, { force: true });
      fs.rmSync(path.join(dir, 'peaks.jsonl'), { force: true });
      if (row.mode !== 'import') {
        try {
          this.onTakeReady(this.get(id));
        } catch {
          // What others do with a finished take must not undo the take itself.
        }
      }
      try {
        this.onReady(this.get(id));
      } catch {
        // Likewise: queueing an upload must not undo the take.
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A failed take keeps its raw file, so nothing recorded is ever deleted by a failure.
      this.sql(
        `UPDATE recordings SET status = 'failed', error = ?, recovered = ?, owner_pid = NULL,
           stopped_at = coalesce(stopped_at, ?) WHERE id = ?`,
      ).run(message, recovered ? 1 : 0, this.clock().toISOString(), id);
    }
    this.events.emit('recordings:changed', { ids: [id] });
  }

  /**
   * Finalizes every take that a crash, a kill or a power cut left unfinished: those still
   * marked recording or finalizing whose owning process is gone. Returns them when done.
   */
  async recover(): Promise<Recording[]> {
    const rows = this.sql("SELECT * FROM recordings WHERE status IN ('recording', 'finalizing')").all() as RecordingRow[];
    const unowned = rows.filter(
      (r) => !this.active.has(r.id) && !this.finalizing.has(r.id) && !(r.owner_pid && r.owner_pid !== process.pid && processAlive(r.owner_pid)),
    );
    // One voice of an import of one file per voice, interrupted before the two became one take:
    // the import was one unit, so it goes whole, never finished as half a conversation.
    const halves = unowned.filter((r) => this.isTrack(r.id));
    for (const row of halves) {
      await stopStrayProcesses(this.dirOf(row.id));
      this.dropImport(row.id);
    }
    this.dropUnclaimedTracks();
    const orphans = unowned.filter((r) => !halves.includes(r));
    for (const row of orphans) {
      // The process that owned the take is gone, but an ffmpeg it started may still be writing.
      await stopStrayProcesses(this.dirOf(row.id));
      const leftovers = fs.existsSync(this.dirOf(row.id)) ? fs.readdirSync(this.dirOf(row.id)).filter((n) => n.startsWith('.finalizing')) : [];
      for (const name of leftovers) fs.rmSync(path.join(this.dirOf(row.id), name), { force: true });
      const part = this.partFile(row);
      const size = fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0;
      this.sql("UPDATE recordings SET status = 'finalizing', size_bytes = ? WHERE id = ?").run(size, row.id);
    }
    await Promise.all(orphans.map((r) => this.finalize(r.id, true)));
    const recovered = orphans.map((r) => this.get(r.id));
    const droppedPairs = new Set(halves.map((r) => r.session_id)).size;
    if (recovered.length || droppedPairs) {
      this.events.emit('recordings:recovered', { recordings: recovered.map((r) => ({ id: r.id, durationMs: r.durationMs })), droppedPairs });
    }
    return recovered;
  }

  /** Imports a file from disk (the CLI's path): copied into the media folder, then finalized. */
  async importFile(input: { sessionId: string; file: string }): Promise<Recording> {
    const { id, size } = await this.stageFile(input.sessionId, input.file);
    this.sql("UPDATE recordings SET status = 'finalizing', size_bytes = ?, stopped_at = ? WHERE id = ?").run(size, this.clock().toISOString(), id);
    await this.finalize(id, false);
    return this.settleImport(id);
  }

  /** Imports one file per voice from disk (the CLI's path) as one take, through `joinTracks`. */
  async importTracks(input: { sessionId: string; seller: string; buyer: string }): Promise<Recording> {
    const seller = (await this.stageFile(input.sessionId, input.seller, 'seller')).id;
    let buyer: string;
    try {
      buyer = (await this.stageFile(input.sessionId, input.buyer, 'buyer')).id;
    } catch (error) {
      this.dropImport(seller);
      throw error;
    }
    return this.joinTracks(seller, buyer);
  }

  /**
   * Two imports of the same session, each sent in full and not stopped yet, one file per voice
   * (Zoom saves each participant's audio apart), become one stereo take: aligned by their start,
   * the shorter padded with silence, the seller left and the buyer right, each side named after the
   * session's seller and buyer so the analysis reads one voice per channel. The buyer's import is
   * gone after; a failure removes both and says why.
   */
  async joinTracks(sellerId: string, buyerId: string): Promise<Recording> {
    const seller = this.row(sellerId);
    const buyer = this.row(buyerId);
    const pending = (r: RecordingRow) => r.mode === 'import' && r.status === 'recording' && !this.finalizing.has(r.id);
    if (sellerId === buyerId || !pending(seller) || !pending(buyer)) {
      throw new AppError(ErrorCode.conflict, 'Send the seller\'s and the buyer\'s file each as an import not finished yet, then join them.');
    }
    if (seller.session_id !== buyer.session_id) throw new AppError(ErrorCode.conflict, 'Both files must be imported into the same session.');
    this.close(sellerId);
    this.close(buyerId);
    // From here on both voices live in the seller's folder: marked, so an interruption drops them.
    this.markTrack(sellerId, 'seller');
    this.markTrack(buyerId, 'buyer');
    const dir = this.dirOf(sellerId);
    const ext = (row: RecordingRow) => path.extname(this.partFile(row));
    const sellerFile = path.join(dir, `voice-seller${ext(seller)}`);
    const buyerFile = path.join(dir, `voice-buyer${ext(buyer)}`);
    fs.renameSync(this.partFile(seller), sellerFile);
    fs.renameSync(this.partFile(buyer), buyerFile);
    this.dropImport(buyerId);
    const stem = (row: RecordingRow) => path.parse(row.source_name ?? 'track').name;
    this.sql('UPDATE recordings SET source_name = ? WHERE id = ?').run(`${stem(seller)} + ${stem(buyer)}.m4a`, sellerId);
    const part = this.partFile(this.row(sellerId));
    // All or nothing: a file that cannot be read drops both imports, and the message names the
    // file to fix, so the person does not have to guess which of the two it was.
    for (const [role, file, row] of [['seller', sellerFile, seller], ['buyer', buyerFile, buyer]] as const) {
      const info = await probe(this.tools(), file).catch(() => null);
      if (!info?.audio || info.audio.channels < 1) {
        this.dropImport(sellerId);
        throw new AppError(
          'import_failed',
          `The ${role}'s file (${row.source_name ?? path.basename(file)}) cannot be read as audio, so nothing was imported. Fix or replace that file and import both again.`,
        );
      }
    }
    try {
      await writeVoiceTracks(this.tools(), { seller: sellerFile, buyer: buyerFile }, part);
    } catch (error) {
      this.dropImport(sellerId);
      const why = error instanceof Error ? error.message : String(error);
      throw new AppError('import_failed', `The two files could not be made into one take, so nothing was imported: ${why}`);
    }
    fs.rmSync(sellerFile, { force: true });
    fs.rmSync(buyerFile, { force: true });
    // The joined file holds both voices: from now on it is a take that recovery may finish.
    fs.rmSync(path.join(this.dirOf(sellerId), trackMarker), { force: true });
    const people = this.sql('SELECT p.role, r.id, r.name FROM session_participants p JOIN reps r ON r.id = p.rep_id WHERE p.session_id = ?').all(seller.session_id) as {
      role: string;
      id: string;
      name: string;
    }[];
    const side = (role: 'seller' | 'buyer') => {
      const who = people.find((p) => p.role === role);
      return { label: who?.name ?? (role === 'seller' ? 'Seller' : 'Buyer'), repId: who?.id ?? null };
    };
    const map: ChannelMap = { left: side('seller'), right: side('buyer') };
    this.sql("UPDATE recordings SET status = 'finalizing', channel_map = ?, size_bytes = ?, stopped_at = ? WHERE id = ?").run(
      JSON.stringify(map),
      fs.statSync(part).size,
      this.clock().toISOString(),
      sellerId,
    );
    this.events.emit('recordings:changed', { ids: [sellerId, buyerId] });
    await this.finalize(sellerId, false);
    return this.settleImport(sellerId);
  }

  /**
   * A file on disk copied in as an import not finished yet. Read as a stream, so a pipe (a shell's
   * `<(...)`) works as well as a file.
   */
  private async stageFile(sessionId: string, file: string, track?: VoiceTrack): Promise<{ id: string; size: number }> {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.isDirectory()) throw new AppError('file_unreadable', `No such file: ${file}`);
    const recording = this.beginImport({ sessionId, fileName: file, mimeType: '', track });
    this.close(recording.id);
    const part = this.partFile(this.row(recording.id));
    try {
      await pipeline(fs.createReadStream(file), fs.createWriteStream(part, { mode: 0o600 }));
    } catch (error) {
      this.dropImport(recording.id);
      throw new AppError('file_unreadable', `Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { id: recording.id, size: fs.statSync(part).size };
  }

  /**
   * Drops an import still being sent, on the word of whoever sends it: the dialog sending one file
   * per voice, when the second file fails before the two are joined.
   */
  discardImport(id: string): { id: string } {
    const row = this.row(id);
    if (row.mode !== 'import' || row.status !== 'recording' || this.finalizing.has(id)) {
      throw new AppError(ErrorCode.conflict, 'Only an import still being sent can be discarded; this one is already a take.');
    }
    this.dropImport(id);
    return { id };
  }

  private markTrack(id: string, track: VoiceTrack): void {
    fs.mkdirSync(this.dirOf(id), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(this.dirOf(id), trackMarker), track, { mode: 0o600 });
  }

  private isTrack(id: string): boolean {
    return fs.existsSync(path.join(this.dirOf(id), trackMarker));
  }

  /** Folders of a voice marked before its row was written, the process killed in between. */
  private dropUnclaimedTracks(): void {
    const known = this.sql('SELECT 1 FROM recordings WHERE id = ?');
    const folder = path.join(this.mediaDir, 'recordings');
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && !known.get(entry.name) && this.isTrack(entry.name)) fs.rmSync(this.dirOf(entry.name), { recursive: true, force: true });
    }
  }

  /** An import that will not become a take: its row and its folder go. */
  private dropImport(id: string): void {
    this.close(id);
    this.sql('DELETE FROM recordings WHERE id = ?').run(id);
    fs.rmSync(this.dirOf(id), { recursive: true, force: true });
    this.events.emit('recordings:changed', { ids: [id] });
  }

  /**
   * Takes in a take a desktop recorded, finalized and uploaded to this hub (its bytes already
   * checked against `sha256`). The id is the desktop's, so a second upload of the same take is the
   * same recording: answered with what is here, never a duplicate.
   */
  async adoptUpload(input: {
    id: string;
    sessionId: string;
    /** The uploaded file; unused when `uploadKey` names the upload's object in the hub's bucket. */
    file: string;
    /** The object holding the upload's bytes: the take's own place when the upload was made there (then nothing is copied). */
    uploadKey?: string;
    /** The upload's leftovers in the bucket (its `.info`), removed once the take is in; `${uploadKey}.info` when not given. */
    uploadLeftovers?: string[];
    sizeBytes?: number;
    fileName: string;
    sha256: string;
    mode: RecordingMode;
    startedAt: string;
    stoppedAt: string | null;
    recovered: boolean;
    channelMap: ChannelMap | null;
    consents: { repId: string; confirmedAt: string; confirmedBy: string; shared: boolean }[];
    /** The desktop's peaks and thumbnail of the take, sent with it, with the sha256 it declared. */
    companions?: { peaks?: Companion; thumbnail?: Companion };
    /** What the desktop's finalize found of the take: the take is ready at once and probed after the answer. */
    declared?: DeclaredMedia;
  }): Promise<Recording> {
    const ext = path.extname(input.fileName).toLowerCase();
    if (!adoptedFileName(input.fileName)) {
      throw new AppError('unsupported_media', 'Send a WebM, MKV, MP4, M4A, WAV, MP3 or OGG recording.');
    }
    // The id is claimed by a row, in one transaction with the check, before any file moves in: a
    // second copy of the take finds the claim, and a different file under the same id is refused,
    // so no row's sha256 ever names a file other than its own.
    const claim = writeTransaction(this.db, (): 'claimed' | 'there' | 'under-way' | 'again' => {
      const existing = this.sql('SELECT sha256, status FROM recordings WHERE id = ?').get(input.id) as { sha256: string | null; status: string } | undefined;
      if (existing) {
        if (existing.sha256 !== input.sha256) throw new AppError(ErrorCode.conflict, 'A different recording with this id is already on the hub.');
        if (existing.status === 'ready') return 'there';
        // The same take: being taken in now, or left half-done by a hub stopped meanwhile.
        return this.adopting.has(input.id) ? 'under-way' : 'again';
      }
      this.sessions.get(input.sessionId);
      this.sql(
        `INSERT INTO recordings (id, session_id, mode, status, mime_type, sha256, channel_map, owner_pid, started_at, stopped_at, recovered)
         VALUES (?, ?, ?, 'finalizing', 'application/octet-stream', ?, ?, ?, ?, ?, ?)`,
      ).run(input.id, input.sessionId, input.mode, input.sha256, input.channelMap ? JSON.stringify(input.channelMap) : null, process.pid, input.startedAt, input.stoppedAt, input.recovered ? 1 : 0);
      return 'claimed';
    });
    if (claim === 'there' || claim === 'under-way') {
      // Already there (or arriving by another upload): this copy is not needed.
      await this.adopting.get(input.id);
      await this.discardUpload(input);
      // Taken in on its declared facts by a hub stopped before it checked them: checked now.
      if (claim === 'there' && this.unchecked(input.id)) this.prepareExtras(input.id, { peaks: false, thumbnail: false });
      return this.get(input.id);
    }
    const work = this.adoptClaimed(input, ext).finally(() => this.adopting.delete(input.id));
    this.adopting.set(input.id, work);
    await work;
    this.events.emit('recordings:changed', { ids: [input.id] });
    return this.get(input.id);
  }

  /** The media work and the move of a take whose id this process has claimed. */
  private async discardUpload(input: { id: string; fileName: string; file: string; uploadKey?: string; uploadLeftovers?: string[] }): Promise<void> {
    if (input.uploadKey && this.remote) {
      // An upload made at the take's place is the take itself: only its leftovers go.
      const placed = input.uploadKey === S3TakeStore.keyOf(input.id, adoptedFileName(input.fileName)!);
      await this.remote.remove(...(placed ? [] : [input.uploadKey]), ...(input.uploadLeftovers ?? [`${input.uploadKey}.info`]));
    } else fs.rmSync(input.file, { force: true });
  }

  private async adoptClaimed(
    input: {
      id: string;
      sessionId: string;
      file: string;
      uploadKey?: string;
      uploadLeftovers?: string[];
      sizeBytes?: number;
      sha256: string;
      consents: { repId: string; confirmedAt: string; confirmedBy: string; shared: boolean }[];
      companions?: { peaks?: Companion; thumbnail?: Companion };
      declared?: DeclaredMedia;
    },
    ext: string,
  ): Promise<void> {
    this.sql('UPDATE recordings SET owner_pid = ? WHERE id = ?').run(process.pid, input.id);
    const dir = this.dirOf(input.id);
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `recording${ext}`);
    // The media work reads the upload where it lies: a hub stopped meanwhile still has the whole
    // upload, and does it again when the desktop asks.
    let result: Awaited<ReturnType<typeof adoptMedia>> | null = null;
    let failure: string | null = null;
    const remote = input.uploadKey && this.remote ? { store: this.remote, key: input.uploadKey } : null;
    // Facts the desktop declared are taken now (no probe before the answer) and checked after it;
    // until then the take says its waveform is being prepared, and a hub stopped meanwhile checks at its next start.
    const declared = input.declared && plausibleDeclaration(input.declared, ext) ? input.declared : null;
    try {
      if (declared) {
        fs.writeFileSync(path.join(dir, RecordingsService.uncheckedFile), JSON.stringify(declared));
        result = adoptDeclared({
          dir,
          fileName: path.basename(target),
          sizeBytes: input.sizeBytes ?? fs.statSync(input.file).size,
          sha256: input.sha256,
          declared,
          ...(input.companions ? { companions: input.companions } : {}),
        });
      } else {
        const file = remote ? await remote.store.presign(remote.key, RecordingsService.ffmpegUrlSeconds) : input.file;
        result = await adoptMedia({
          tools: this.tools(),
          file,
          dir,
          sha256: input.sha256,
          ...(input.sizeBytes !== undefined ? { sizeBytes: input.sizeBytes } : {}),
          ...(input.companions ? { companions: input.companions } : {}),
        });
      }
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (remote) {
      // ffmpeg cannot tell a gateway that stopped answering from a damaged file: ask the gateway,
      // and leave the take claimed (not failed) for the desktop's next try when it is the gateway.
      if (failure) await remote.store.stat(remote.key);
      const place = S3TakeStore.keyOf(input.id, path.basename(target));
      const leftovers = input.uploadLeftovers ?? [`${remote.key}.info`];
      if (remote.key === place) {
        // Uploaded to its place (its sha256 stored with it when the upload began): nothing to copy.
        await remote.store.remove(...leftovers);
      } else {
        // The take's checked sha256 goes with it, so a later copy on the gateway is checked without reading it.
        await remote.store.copy(remote.key, place, undefined, input.sha256 ? { sha256: input.sha256 } : {});
        await remote.store.remove(remote.key, ...leftovers);
      }
    } else {
      // Linked, and the upload removed only once the row is written: a hub stopped in between still
      // holds the whole upload, so its desktop's next try resumes it instead of sending it all again.
      fs.rmSync(target, { force: true });
      try {
        fs.linkSync(input.file, target);
      } catch {
        fs.renameSync(input.file, target);
      }
      ownerOnlyFile(target);
    }
    const known = new Set(this.sql('SELECT rep_id FROM session_participants WHERE session_id = ?').pluck().all(input.sessionId) as string[]);
    // Written in one go: ready with what the media work found, or failed with why.
    writeTransaction(this.db, () => {
      this.sql(`UPDATE recordings SET status = 'failed', error = ?, owner_pid = NULL WHERE id = ?`).run(failure, input.id);
      if (result) {
        this.sql(
          `UPDATE recordings SET status = 'ready', error = NULL, file_name = @fileName, size_bytes = @sizeBytes, duration_ms = @durationMs,
             sha256 = @sha256, channels = @channels, mime_type = @mimeType, has_video = @hasVideo, video_width = @videoWidth,
             video_height = @videoHeight, has_thumbnail = @hasThumbnail, finalized_at = @now WHERE id = @id`,
        ).run({
          ...result,
          fileName: path.basename(target),
          hasVideo: result.hasVideo ? 1 : 0,
          hasThumbnail: result.hasThumbnail ? 1 : 0,
          now: this.clock().toISOString(),
          id: input.id,
        });
      }
      const consent = this.sql('INSERT OR IGNORE INTO recording_consents (recording_id, rep_id, confirmed_at, confirmed_by, shared) VALUES (?, ?, ?, ?, ?)');
      for (const c of input.consents) if (known.has(c.repId)) consent.run(input.id, c.repId, c.confirmedAt, c.confirmedBy, c.shared ? 1 : 0);
    });
    if (!remote) fs.rmSync(input.file, { force: true });
    if (result) {
      this.adoptedExtrasMade.refusedCompanions += result.refused.length;
      // The take is ready now; what its desktop did not send (or sent wrong) is made after the answer.
      if (declared || result.toMake.peaks || result.toMake.thumbnail) this.prepareExtras(input.id, result.toMake);
    }
  }

  /** Beside an adopted take taken in on its desktop's declared facts until the hub's own probe has checked them. */
  static readonly uncheckedFile = 'declared-unchecked.json';

  private unchecked(id: string): boolean {
    return fs.existsSync(path.join(this.dirOf(id), RecordingsService.uncheckedFile));
  }

  /**
   * Probes an adopted take taken in on declared facts and corrects its row where they were wrong
   * (or fails the take, with why, when it is not a recording); returns what is still to be made.
   * Null: not checked this time (a bucket not answering), tried again at the hub's next start.
   */
  private async checkDeclared(id: string, file: string, toMake: { peaks: boolean; thumbnail: boolean }): Promise<{ peaks: boolean; thumbnail: boolean } | null> {
    const dir = this.dirOf(id);
    let declared: Partial<DeclaredMedia> = {};
    try {
      declared = JSON.parse(fs.readFileSync(path.join(dir, RecordingsService.uncheckedFile), 'utf8')) as DeclaredMedia;
    } catch {
      // Cut off by a stop while written: every fact is taken from the probe.
    }
    let found: DeclaredMedia;
    try {
      found = await probeAdopted(this.tools(), file);
    } catch (error) {
      if (this.remote) await this.remote.stat(S3TakeStore.keyOf(id, this.row(id).file_name!));
      this.sql(`UPDATE recordings SET status = 'failed', error = ? WHERE id = ?`).run(error instanceof Error ? error.message : String(error), id);
      fs.rmSync(path.join(dir, RecordingsService.uncheckedFile), { force: true });
      this.correctedDeclarations++;
      return { peaks: false, thumbnail: false };
    }
    const row = this.row(id);
    const wrong = (Object.keys(found) as (keyof DeclaredMedia)[]).some((k) => found[k] !== declared[k]);
    const next = { ...toMake };
    if (wrong) {
      // The row says what the file is, whatever its desktop said.
      const hasThumbnail = found.hasVideo && Boolean(row.has_thumbnail);
      if (!hasThumbnail) fs.rmSync(path.join(dir, 'thumbnail.jpg'), { force: true });
      this.sql(
        `UPDATE recordings SET duration_ms = ?, channels = ?, mime_type = ?, has_video = ?, video_width = ?, video_height = ?, has_thumbnail = ? WHERE id = ?`,
      ).run(found.durationMs, found.channels, found.mimeType, found.hasVideo ? 1 : 0, found.videoWidth, found.videoHeight, hasThumbnail ? 1 : 0, id);
      // A waveform placed for a take said to have no sound (or the other way round) is made again.
      if ((found.channels > 0) !== ((declared.channels ?? 0) > 0)) {
        fs.rmSync(path.join(dir, 'peaks.json'), { force: true });
        next.peaks = true;
      }
      // Taken in as silent, so not analysed then: its analysis is queued now, not at the hub's next start.
      if (found.channels > 0 && !((declared.channels ?? 0) > 0)) {
        try {
          this.onSoundFound(this.get(id));
        } catch {
          // The take is corrected either way; the hub's next start analyses whatever is still due.
        }
      }
      next.thumbnail = found.hasVideo && !hasThumbnail;
      this.correctedDeclarations++;
    }
    fs.rmSync(path.join(dir, RecordingsService.uncheckedFile), { force: true });
    return next;
  }

  /**
   * Makes an adopted take's missing peaks or thumbnail in the background, from the take where it
   * now lies; the take is ready meanwhile and its waveform is "being prepared". A failure leaves
   * the take as it is (it still plays), and a later read of its peaks tries again.
   */
  private prepareExtras(id: string, toMake: { peaks: boolean; thumbnail: boolean }): void {
    if (this.preparing.has(id)) return;
    // One at a time, after those before it: many older desktops sending at once do not start a decode each.
    const work = this.extrasQueue.then(async () => {
      const row = this.row(id);
      if (!row.file_name) return;
      const file = this.remote ? await this.remote.presign(S3TakeStore.keyOf(id, row.file_name), RecordingsService.ffmpegUrlSeconds) : path.join(this.dirOf(id), row.file_name);
      if (this.unchecked(id)) {
        const next = await this.checkDeclared(id, file, toMake);
        this.events.emit('recordings:changed', { ids: [id] });
        if (!next) return;
        toMake = next;
        if (!toMake.peaks && !toMake.thumbnail) return;
      }
      const hasThumbnail = await makeAdoptedExtras({ tools: this.tools(), file, dir: this.dirOf(id), toMake });
      if (toMake.peaks) this.adoptedExtrasMade.peaks++;
      if (hasThumbnail) {
        this.adoptedExtrasMade.thumbnails++;
        this.sql('UPDATE recordings SET has_thumbnail = 1 WHERE id = ?').run(id);
      }
      this.events.emit('recordings:changed', { ids: [id] });
    })
      .catch(() => undefined)
      .finally(() => this.preparing.delete(id));
    this.extrasQueue = work;
    this.preparing.set(id, work);
  }

  /**
   * Makes again what adopted takes still lack (the hub stopped before it had made their peaks or
   * thumbnail in the background): the peaks file missing, or a video without its thumbnail.
   * Returns how many takes it started on.
   */
  prepareMissingExtras(ids: string[]): number {
    let started = 0;
    for (const id of ids) {
      const row = this.sql('SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;
      if (!row || row.status !== 'ready' || !row.file_name || this.preparing.has(id)) continue;
      const toMake = { peaks: !fs.existsSync(path.join(this.dirOf(id), 'peaks.json')), thumbnail: Boolean(row.has_video) && !row.has_thumbnail };
      if (!toMake.peaks && !toMake.thumbnail && !this.unchecked(id)) continue;
      this.prepareExtras(id, toMake);
      started++;
    }
    return started;
  }

  /** Resolves when the hub has made what an adopted take came without (at once when nothing is being made). */
  async whenExtrasPrepared(id: string): Promise<void> {
    await this.adopting.get(id);
    await this.preparing.get(id);
  }

  /** A finished take's own peaks and thumbnail files, as a desktop sends them with the take (null: none here). */
  companionFiles(id: string): { peaks: string | null; thumbnail: string | null } {
    const row = this.row(id);
    const at = (name: string) => {
      const file = path.join(this.dirOf(id), name);
      return fs.existsSync(file) ? file : null;
    };
    return { peaks: at('peaks.json'), thumbnail: row.has_thumbnail ? at('thumbnail.jpg') : null };
  }

  /** Recordings, of one session or all; with `seen`, only those of sessions the caller may see. */
  list(filter: { sessionId?: string } = {}, seen: SessionsSeen | null = null): Recording[] {
    const where = [...(filter.sessionId ? ['session_id = @sessionId'] : []), ...(seen ? [seen.where('session_id')] : [])];
    const rows = this.sql(`SELECT * FROM recordings${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC`).all({
      ...(filter.sessionId ? { sessionId: filter.sessionId } : {}),
      ...seen?.params,
    }) as RecordingRow[];
    return rows.map((r) => this.toRecording(r));
  }

  get(id: string): RecordingDetail {
    const row = this.row(id);
    const markers = this.sql('SELECT * FROM markers WHERE recording_id = ? ORDER BY offset_ms, created_at').all(id) as MarkerRow[];
    return { ...this.toRecording(row), markers: markers.map(toMarker) };
  }

  peaks(id: string): Peaks {
    const row = this.row(id);
    const file = path.join(this.dirOf(id), 'peaks.json');
    if (!fs.existsSync(file) || (row.status === 'ready' && this.unchecked(id))) {
      if (row.status !== 'ready') throw new AppError(ErrorCode.notFound, 'This recording has no waveform yet; it appears when the recording is ready.');
      if (this.preparing.has(id) || this.unchecked(id)) throw new AppError(ErrorCode.notFound, 'The waveform of this recording is being prepared; it appears in a moment. The recording already plays.');
      const problem = this.mediaProblem(row);
      throw new AppError(
        problem ? mediaProblemCode : ErrorCode.notFound,
        problem ? describeMediaProblem(problem, row.size_bytes, this.remote !== null) : 'The waveform file of this recording is missing from its folder; the recording itself still plays.',
      );
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Peaks;
  }

  /**
   * The finished media file of a ready recording, for the media route, with what is wrong with
   * it (checked now: it exists and has the size it was sealed with).
   */
  mediaFile(
    id: string,
    kind: 'recording' | 'thumbnail',
  ): MediaFile | null {
    const row = this.sql('SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;
    if (!row || row.status !== 'ready' || !row.file_name) return null;
    if (kind === 'thumbnail') return row.has_thumbnail ? { file: path.join(this.dirOf(id), 'thumbnail.jpg'), key: null, mimeType: 'image/jpeg', refused: null, ...sealOf(row) } : null;
    const problem = this.mediaProblem(row);
    // A file with the same size but other bytes may still mostly play; only what cannot be the
    // sealed recording (gone, cut off, replaced) is refused.
    const refused = problem === 'missing' || problem === 'size_changed';
    return {
      file: path.join(this.dirOf(id), row.file_name),
      key: this.remote ? S3TakeStore.keyOf(id, row.file_name) : null,
      mimeType: row.mime_type,
      refused: refused ? { problem, message: describeMediaProblem(problem, row.size_bytes, this.remote !== null) } : null,
      ...sealOf(row),
    };
  }

  /** The audio an import's finalize decoded for its peaks, kept for its first analysis; null when there is none. */
  decodedAudio(id: string): { file: string; channels: number } | null {
    for (const channels of [1, 2]) {
      const file = path.join(this.dirOf(id), decodedAudioFile(channels));
      if (fs.existsSync(file)) return { file, channels };
    }
    return null;
  }

  /** Drops that audio once the analysis has read it (or could not use it). */
  dropDecodedAudio(id: string): void {
    for (const channels of [1, 2]) fs.rmSync(path.join(this.dirOf(id), decodedAudioFile(channels)), { force: true });
  }

  /** Compares a ready recording's file with what was sealed: existence and size now, bytes as of the last verify. */
  private mediaProblem(row: RecordingRow): MediaProblem | null {
    if (row.status !== 'ready' || !row.file_name) return null;
    // A take in a bucket is not asked after on every read (a request to the gateway each time):
    // what the last verify found stands.
    if (this.remote) return row.media_check === 'ok' ? null : row.media_check;
    const stat = fs.statSync(path.join(this.dirOf(row.id), row.file_name), { throwIfNoEntry: false });
    if (!stat) return 'missing';
    if (stat.size !== row.size_bytes) return 'size_changed';
    return row.media_check === 'hash_mismatch' ? 'hash_mismatch' : null;
  }

  /**
   * Takes in the media folder (or the hub's bucket) whose recording is not in the database: a take that arrived after the backup
   * the database was restored from. Its sender still has it and sends it again; until then it is listed.
   */
  async mediaWithoutRow(): Promise<string[]> {
    // A hub whose takes live in a bucket: the takes are there (its media folder keeps only the
    // thumbnails and waveforms made from them).
    const folder = path.join(this.mediaDir, 'recordings');
    const names = this.remote
      ? await this.remote.takeIds()
      : fs.existsSync(folder)
        ? fs.readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
        : [];
    const known = this.sql('SELECT 1 FROM recordings WHERE id = ?');
    return names.filter((name) => !known.get(name)).sort();
  }

  /**
   * Re-hashes one ready recording, or all of them, against the sha256 each was sealed with, and
   * keeps the result so the Library shows a damaged file until it is checked again.
   */
  async verify(id?: string): Promise<VerifyResult[]> {
    const rows = (
      id ? [this.row(id)] : this.sql("SELECT * FROM recordings WHERE status = 'ready' ORDER BY started_at").all()
    ) as RecordingRow[];
    const results: VerifyResult[] = [];
    const signal = this.verifying.signal;
    for (const row of rows) {
      if (row.status !== 'ready' || !row.file_name) {
        if (id) throw new AppError(ErrorCode.conflict, 'This recording is not finished yet, so there is nothing to verify.');
        continue;
      }
      let problem: MediaProblem | null;
      if (this.remote) {
        problem = await this.verifyRemote(this.remote, row, signal);
      } else {
        problem = this.mediaProblem({ ...row, media_check: null });
        if (!problem && row.sha256) {
          const digest = await sha256(path.join(this.dirOf(row.id), row.file_name), signal);
          if (digest !== row.sha256) problem = 'hash_mismatch';
        }
      }
      const checkedAt = this.clock().toISOString();
      this.sql('UPDATE recordings SET media_check = ?, media_checked_at = ? WHERE id = ?').run(problem ?? 'ok', checkedAt, row.id);
      results.push({ id: row.id, problem, message: problem ? describeMediaProblem(problem, row.size_bytes, this.remote !== null) : null, checkedAt });
    }
    if (results.length) this.events.emit('recordings:changed', { ids: results.map((r) => r.id) });
    if (!id) this.onVerifiedAll();
    return results;
  }

  /** A take in the bucket against its seal: there, its size, then its bytes read as a stream. */
  private async verifyRemote(store: S3TakeStore, row: RecordingRow, signal: AbortSignal): Promise<MediaProblem | null> {
    const key = S3TakeStore.keyOf(row.id, row.file_name!);
    const stat = await store.stat(key);
    if (!stat) return 'missing';
    if (stat.size !== row.size_bytes) return 'size_changed';
    if (!row.sha256) return null;
    const digest = await store.sha256(key, signal);
    if (digest === null) return 'missing';
    return digest === row.sha256 ? null : 'hash_mismatch';
  }

  /** `authorId`: who set it (null from the local owner's own app); they may change it later. */
  addMarker(input: { recordingId: string; offsetMs: number; note: string; tag: string | null }, authorId: string | null = null): Marker {
    const end = this.endMs(this.row(input.recordingId));
    if (end === null) {
      throw new AppError(ErrorCode.conflict, 'This recording is still being imported; add moments when it is ready.');
    }
    if (input.offsetMs > end) {
      const message = `The recording is ${formatMoment(end)} long; pick a moment within it.`;
      throw new AppError(ErrorCode.invalidInput, message, [{ path: 'offsetMs', message }]);
    }
    const id = uuidv7(this.clock().getTime());
    const now = this.clock().toISOString();
    this.sql('INSERT INTO markers (id, recording_id, offset_ms, note, tag, created_at, updated_at, author_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      id,
      input.recordingId,
      input.offsetMs,
      input.note,
      input.tag || null,
      now,
      now,
      authorId,
    );
    this.events.emit('recordings:changed', { ids: [input.recordingId] });
    return this.marker(id);
  }

  /** `baseRevision`: the updatedAt the edit was made on (a desktop that made it offline); a newer one stored refuses it. */
  updateMarker(id: string, patch: { note?: string; tag?: string | null }, baseRevision?: string): Marker {
    const current = this.marker(id);
    assertRevision(current.updatedAt, baseRevision);
    this.sql('UPDATE markers SET note = ?, tag = ?, updated_at = ? WHERE id = ?').run(
      patch.note ?? current.note,
      patch.tag !== undefined ? patch.tag || null : current.tag,
      nextRevision(current.updatedAt, this.clock()),
      id,
    );
    this.events.emit('recordings:changed', { ids: [current.recordingId] });
    return this.marker(id);
  }

  /** A deletion made on an older revision (the note was changed elsewhere since) is refused as stale, like an edit. */
  deleteMarker(id: string, baseRevision?: string): { id: string } {
    const current = this.marker(id);
    assertRevision(current.updatedAt, baseRevision);
    this.sql('DELETE FROM markers WHERE id = ?').run(id);
    this.events.emit('recordings:changed', { ids: [current.recordingId] });
    return { id };
  }

  /** Cancels running finalizes and closes open takes (their data stays on disk for recovery). */
  async shutdown(): Promise<void> {
    clearInterval(this.watchdog);
    this.verifying.abort();
    for (const id of [...this.active.keys()]) this.close(id);
    for (const { controller } of this.finalizing.values()) controller.abort();
    await Promise.all([...this.finalizing.values()].map((f) => f.done));
  }

  private marker(id: string): Marker {
    const row = this.sql('SELECT * FROM markers WHERE id = ?').get(id) as MarkerRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No marker with id ${id}.`);
    return toMarker(row);
  }

  /**
   * The last moment a marker may point at: the probed length, or for a take still being
   * recorded the time since it started (a little slack for the renderer's own clock).
   * Null while an import has no length yet.
   */
  private endMs(row: RecordingRow): number | null {
    if (row.duration_ms !== null) return row.duration_ms;
    if (row.mode === 'import') return null;
    const until = row.stopped_at ? Date.parse(row.stopped_at) : this.clock().getTime();
    return Math.max(0, until - Date.parse(row.started_at)) + markerSlackMs;
  }

  private row(id: string): RecordingRow {
    const row = this.sql('SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No recording with id ${id}.`);
    return row;
  }

  private toRecording(row: RecordingRow): Recording {
    const consents = this.sql(
      `SELECT c.rep_id, r.name, c.confirmed_at, c.confirmed_by, c.shared FROM recording_consents c JOIN reps r ON r.id = c.rep_id
       WHERE c.recording_id = ? ORDER BY r.name`,
    ).all(row.id) as { rep_id: string; name: string; confirmed_at: string; confirmed_by: string; shared: number }[];
    return {
      id: row.id,
      sessionId: row.session_id,
      mode: row.mode,
      status: row.status,
      mimeType: row.mime_type,
      sizeBytes: row.size_bytes,
      durationMs: row.duration_ms,
      sha256: row.sha256,
      channels: row.channels,
      channelMap: row.channel_map ? (JSON.parse(row.channel_map) as ChannelMap) : null,
      hasVideo: row.has_video === 1,
      videoWidth: row.video_width,
      videoHeight: row.video_height,
      hasThumbnail: row.has_thumbnail === 1,
      recovered: row.recovered === 1,
      error: row.error,
      sourceName: row.source_name,
      startedAt: row.started_at,
      stoppedAt: row.stopped_at,
      finalizedAt: row.finalized_at,
      mediaProblem: this.mediaProblem(row),
      mediaCheckedAt: row.media_checked_at,
      consents: consents.map((c) => ({ repId: c.rep_id, name: c.name, confirmedAt: c.confirmed_at, confirmedBy: c.confirmed_by, shared: c.shared === 1 })),
    };
  }
}

interface MarkerRow {
  id: string;
  recording_id: string;
  offset_ms: number;
  note: string;
  tag: string | null;
  created_at: string;
  updated_at: string;
}

function toMarker(row: MarkerRow): Marker {
  return { id: row.id, recordingId: row.recording_id, offsetMs: row.offset_ms, note: row.note, tag: row.tag, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** A ready take's media for the media route, clips and analysis. */
export interface MediaFile {
  /** The file in the media folder (for a take in a bucket: where it would be; read `key` instead). */
  file: string;
  /** The take's object in the hub's bucket, or null when it is a file. */
  key: string | null;
  mimeType: string;
  refused: { problem: MediaProblem; message: string } | null;
  /** What the take was sealed with: an ETag and Last-Modified that hold wherever it is kept. */
  sha256: string | null;
  sizeBytes: number;
  finalizedAt: string | null;
}

function sealOf(row: RecordingRow): { sha256: string | null; sizeBytes: number; finalizedAt: string | null } {
  return { sha256: row.sha256, sizeBytes: row.size_bytes, finalizedAt: row.finalized_at };
}

/** The error code of a media request refused because the file is not the sealed recording any more. */
export const mediaProblemCode = 'media_damaged';

/** What is wrong with a recording's file and what to do about it, for the CLI and the media route. */
export function describeMediaProblem(problem: MediaProblem, sealedBytes: number, inBucket = false): string {
  const where = inBucket ? "the hub's media bucket" : 'the media folder';
  const fix = `Put the file back from a backup of ${where}, then run \`reprise recordings verify\` to check it again.`;
  if (problem === 'missing') return `The recording's file is missing from ${where} (deleted or moved). ${fix}`;
  if (problem === 'size_changed') {
    return `The recording's file is not the size it was saved with (${formatBytes(sealedBytes)}): it was cut off or replaced. ${fix}`;
  }
  return `The recording's file has changed since it was saved: its bytes no longer match its checksum, so parts may not play. ${fix}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} kB`;
}
