import type { Database, Statement } from 'better-sqlite3';
import type { AnalysisState, RecordingAnalysis, SpeechAnalysis, TeamMedians, TrendPoint } from '../../shared/analysis';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Recording } from '../../shared/recordings';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { resolveFfmpeg, type FfmpegTools } from '../media/ffmpeg';
import type { RecordingsService } from '../recordings/recordings-service';
import { analyzeMedia, analyzerVersion, type AnalyzeOptions } from './analyze-media';
import { stereoMetrics, type Span } from './turns';

interface AnalysisRow {
  recording_id: string;
  analyzer_version: number;
  state: AnalysisState;
  result: string | null;
  error: string | null;
  voices_first: 'seller' | 'buyer' | null;
}

export interface AnalysisOptions {
  tools?: () => FfmpegTools;
}

/** Fewer takes than this and a median would show one colleague's numbers. */
const minTeamTakes = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const noSoundMessage = 'This take has no sound, so there is no waveform or conversation analysis.';

/** A take finalized without an audio track (video only) has 0 channels; older rows may hold null and are tried. */
function hasSound(recording: Recording): boolean {
  return recording.channels !== 0;
}

/** The same speech with seller and buyer swapped: every per-speaker number measured again from the spans. */
function swapRoles(analysis: SpeechAnalysis): SpeechAnalysis {
  const spansOf = (who: 'seller' | 'buyer'): Span[] =>
    analysis.segments.filter((s) => s.speaker === who).map((s) => ({ startMs: s.startMs, endMs: s.endMs }));
  const swapped = stereoMetrics(spansOf('buyer'), spansOf('seller'), analysis.durationMs, analysis.analyzerVersion);
  return { ...analysis, ...swapped, channels: analysis.channels };
}

/**
 * How a recording's channels map to voices. Call mode records the seller left and the far side
 * right. A take of another mode whose channel map names a voice on each side (a two-microphone
 * setup, a take sent in through the contract, or one file per voice joined on import) is read
 * the same way, unless its two channels turn out to be one mixed voice copied to both ('auto').
 * The app's own microphone mode records one mixed mono track with no right voice.
 */
export function layoutOf(recording: Recording): Pick<AnalyzeOptions, 'layout' | 'roles' | 'speakers' | 'first'> {
  // One track of a role-play holds its two voices: they are told apart, and the voice heard first
  // is taken as the seller's (the one who opens the role-play).
  const twoVoices = { speakers: 2, first: 'seller' } as const;
  if (recording.channelMap?.right) return { layout: recording.mode === 'call' ? 'stereo' : 'auto', roles: { left: 'seller', right: 'buyer' }, ...twoVoices };
  if (recording.mode === 'import') return { layout: 'auto', ...twoVoices };
  return { layout: 'mono', ...twoVoices };
}

/**
 * Analyses each recording once it is ready, one at a time in the background (ffmpeg decodes in a
 * child process; the detector only sees a few numbers per 10 ms), and keeps the result with the
 * analyser's version. A run cut short by closing the app, or stored by an older analyser, is
 * run again at the next `catchUp`.
 */
export class AnalysisService {
  private readonly sql: (text: string) => Statement;
  private queue: Promise<unknown> = Promise.resolve();
  /** Queued and not started yet. */
  private readonly waiting = new Set<string>();
  private running: string | null = null;
  private readonly percent = new Map<string, number>();
  private readonly stopping = new AbortController();
  private readonly tools: () => FfmpegTools;

  constructor(
    db: Database,
    private readonly recordings: RecordingsService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
    options: AnalysisOptions = {},
  ) {
    this.sql = statementCache(db);
    this.tools = options.tools ?? (() => resolveFfmpeg());
  }

  /** Queues every ready recording with no analysis, one from an older analyser, or one cut short. */
  catchUp(): void {
    const due = this.sql(
      `SELECT r.id FROM recordings r LEFT JOIN recording_analyses a ON a.recording_id = r.id
       WHERE r.status = 'ready' AND coalesce(r.channels, 1) > 0 AND (a.recording_id IS NULL OR a.analyzer_version < ? OR a.state IN ('pending', 'running'))
       ORDER BY r.started_at DESC`,
    ).all(analyzerVersion) as { id: string }[];
    for (const { id } of due) this.schedule(id, true);
  }

  /** Queues one recording (again with `force`); answers at once with its state. */
  schedule(id: string, force = false): RecordingAnalysis {
    const recording = this.recordings.get(id);
    if (recording.status !== 'ready') {
      throw new AppError(ErrorCode.conflict, 'This recording is not finished yet; it is analysed as soon as it is ready.');
    }
    if (!hasSound(recording)) return this.get(id);
    const row = this.row(id);
    const current = row && row.analyzer_version === analyzerVersion && (row.state === 'done' || row.state === 'failed');
    if (this.waiting.has(id) || (!force && (current || this.running === id))) return this.get(id);
    this.store(id, 'pending', null, null);
    this.waiting.add(id);
    this.events.emit('analysis:changed', { id, state: 'pending', percent: 0 });
    this.queue = this.queue.then(() => this.runQueued(id)).catch(() => undefined);
    return this.get(id);
  }

  /** Analyses one recording now and stores the result (the CLI); a current stored result is reused unless `force`. */
  async analyzeNow(id: string, force = false): Promise<SpeechAnalysis> {
    const recording = this.recordings.get(id);
    if (recording.status !== 'ready') {
      throw new AppError(ErrorCode.conflict, 'This recording is not finished yet; it is analysed as soon as it is ready.');
    }
    if (!hasSound(recording)) throw new AppError(ErrorCode.noAudio, noSoundMessage);
    // One run at a time per take: the one queued for it (a take just finished or joined) ends first,
    // and its result is the answer, rather than two runs reading (and dropping) its kept samples at once.
    if (this.waiting.has(id) || this.running === id) await this.queue;
    const row = this.row(id);
    if (!force && row?.state === 'done' && row.analyzer_version === analyzerVersion && row.result) {
      return JSON.parse(row.result) as SpeechAnalysis;
    }
    return this.analyze(recording);
  }

  get(id: string): RecordingAnalysis {
    const recording = this.recordings.get(id);
    const row = this.row(id);
    const stale = row && row.analyzer_version !== analyzerVersion;
    const state: AnalysisState | null =
      recording.status !== 'ready' ? null : !hasSound(recording) ? 'no_sound' : !row || stale ? 'pending' : row.state;
    const analysis = state === 'done' && row?.result ? (JSON.parse(row.result) as SpeechAnalysis) : null;
    return {
      recordingId: id,
      state,
      percent: state === 'running' ? (this.percent.get(id) ?? 0) : state === 'done' ? 100 : state === 'pending' ? 0 : null,
      analysis,
      error: state === 'failed' ? row?.error ?? null : null,
      team: analysis?.channels === 'stereo' ? this.team(id) : null,
    };
  }

  /**
   * A rep's metrics over time: every current analysis of a call take in which they were on the
   * left channel, the seller's side (the one who recorded it).
   */
  trend(repId: string): TrendPoint[] {
    const rows = this.sql(
      `SELECT r.id, r.session_id, r.started_at, a.result FROM recordings r JOIN recording_analyses a ON a.recording_id = r.id
       WHERE a.state = 'done' AND a.analyzer_version = ? AND r.mode = 'call' AND json_extract(r.channel_map, '$.left.repId') = ?
       ORDER BY r.started_at`,
    ).all(analyzerVersion, repId) as { id: string; session_id: string; started_at: string; result: string }[];
    return rows.flatMap((row) => {
      const a = JSON.parse(row.result) as SpeechAnalysis;
      if (!a.speakers || a.diarization) return [];
      return [
        {
          recordingId: row.id,
          sessionId: row.session_id,
          startedAt: row.started_at,
          talkRatio: a.speakers.seller.talkRatio,
          longestMonologueMs: a.speakers.seller.longestMonologueMs,
          interactivityPerMinute: a.interactivityPerMinute ?? 0,
          patienceMs: a.patienceMs,
          interruptions: a.speakers.seller.interruptions,
        },
      ];
    });
  }

  /**
   * Someone who knows the take says which role the voice heard first has on one track of two
   * voices. The stored numbers are measured again from the same speech with the roles as said
   * (nothing is decoded again), marked as confirmed, and a later run of the analyser keeps the roles.
   */
  confirmVoices(id: string, first: 'seller' | 'buyer', byRepId: string | null): RecordingAnalysis {
    this.recordings.get(id);
    const row = this.row(id);
    const stored = row?.state === 'done' && row.analyzer_version === analyzerVersion && row.result ? (JSON.parse(row.result) as SpeechAnalysis) : null;
    if (!stored) throw new AppError(ErrorCode.conflict, 'This take is not analysed yet; say who is who once its analysis is done.');
    if (!stored.diarization) {
      throw new AppError(ErrorCode.conflict, 'Each voice of this take has its own channel, so there is nothing to confirm: who is who comes from the channels.');
    }
    const analysis = stored.diarization.first === first ? stored : swapRoles(stored);
    const confirmed: SpeechAnalysis = { ...analysis, diarization: { ...stored.diarization, first, confirmed: true } };
    this.sql(
      `UPDATE recording_analyses SET result = @result, voices_first = @first, voices_confirmed_by = @by, voices_confirmed_at = @now, updated_at = @now
       WHERE recording_id = @id`,
    ).run({ id, result: JSON.stringify(confirmed), first, by: byRepId, now: this.clock().toISOString() });
    this.events.emit('analysis:changed', { id, state: 'done', percent: 100 });
    return this.get(id);
  }

  /** Stops the run under way (it is run again at the next start) and drops the queue. */
  shutdown(): void {
    this.stopping.abort();
    this.waiting.clear();
  }

  private team(exceptId: string): TeamMedians | null {
    const rows = this.sql(
      `SELECT result FROM recording_analyses WHERE state = 'done' AND analyzer_version = ? AND recording_id <> ?`,
    ).all(analyzerVersion, exceptId) as { result: string }[];
    const takes = rows.map((r) => JSON.parse(r.result) as SpeechAnalysis).filter((a) => a.channels === 'stereo' && a.speakers);
    if (takes.length < minTeamTakes) return null;
    const patience = takes.map((a) => a.patienceMs).filter((p): p is number => p !== null);
    return {
      takes: takes.length,
      sellerTalkRatio: median(takes.map((a) => a.speakers!.seller.talkRatio)),
      sellerLongestMonologueMs: Math.round(median(takes.map((a) => a.speakers!.seller.longestMonologueMs))),
      interactivityPerMinute: median(takes.map((a) => a.interactivityPerMinute ?? 0)),
      patienceMs: patience.length ? Math.round(median(patience)) : null,
    };
  }

  private async runQueued(id: string): Promise<void> {
    if (!this.waiting.delete(id) || this.stopping.signal.aborted) return;
    let recording: Recording;
    try {
      recording = this.recordings.get(id);
    } catch {
      return; // deleted while it waited
    }
    this.running = id;
    try {
      await this.analyze(recording);
    } catch {
      // Stored as failed by analyze(), or cut short by shutdown and left for the next start.
    } finally {
      this.running = null;
      this.percent.delete(id);
    }
  }

  private async analyze(recording: Recording): Promise<SpeechAnalysis> {
    const id = recording.id;
    const media = this.recordings.mediaFile(id, 'recording');
    try {
      if (!media) throw new AppError(ErrorCode.conflict, 'This recording is not finished yet; it is analysed as soon as it is ready.');
      if (media.refused) throw new AppError(ErrorCode.mediaDamaged, media.refused.message);
      this.store(id, 'running', null, null);
      this.percent.set(id, 0);
      this.events.emit('analysis:changed', { id, state: 'running', percent: 0 });
      let shown = 0;
      const said = this.row(id)?.voices_first ?? null;
      const layout = layoutOf(recording);
      // An import's audio as its finalize decoded it for the peaks: read, not decoded again.
      const decoded = this.recordings.decodedAudio(id);
      const measured = await analyzeMedia(this.tools(), await this.recordings.inputOf(media), {
        ...layout,
        ...(decoded ? { decoded } : {}),
        ...(said ? { first: said } : {}),
        signal: this.stopping.signal,
        onProgress: (fraction) => {
          const percent = Math.min(99, Math.floor(fraction * 100));
          if (percent <= shown) return;
          shown = percent;
          this.percent.set(id, percent);
          this.events.emit('analysis:changed', { id, state: 'running', percent });
        },
      });
      const analysis = said && measured.diarization ? { ...measured, diarization: { ...measured.diarization, confirmed: true } } : measured;
      this.recordings.dropDecodedAudio(id);
      this.store(id, 'done', JSON.stringify(analysis), null);
      this.events.emit('analysis:changed', { id, state: 'done', percent: 100 });
      return analysis;
    } catch (error) {
      // Closing the app is not a failure: the row stays as it was and the next start runs it again.
      if (!(error instanceof AppError && error.code === 'cancelled')) {
        this.recordings.dropDecodedAudio(id);
        const message = error instanceof Error ? error.message : String(error);
        this.store(id, 'failed', null, message);
        this.events.emit('analysis:changed', { id, state: 'failed', percent: 0 });
      }
      throw error;
    }
  }

  private row(id: string): AnalysisRow | undefined {
    return this.sql('SELECT * FROM recording_analyses WHERE recording_id = ?').get(id) as AnalysisRow | undefined;
  }

  private store(id: string, state: AnalysisState, result: string | null, error: string | null): void {
    this.sql(
      `INSERT INTO recording_analyses (recording_id, analyzer_version, state, result, error, updated_at)
       VALUES (@id, @version, @state, @result, @error, @now)
       ON CONFLICT (recording_id) DO UPDATE SET analyzer_version = @version, state = @state, result = @result, error = @error, updated_at = @now`,
    ).run({ id, version: analyzerVersion, state, result, error, now: this.clock().toISOString() });
  }
}
