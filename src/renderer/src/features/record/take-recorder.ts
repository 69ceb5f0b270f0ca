import { ApiError, type Api } from '../../api/api';
import type { Capture } from './media-capture';
import { blobToBase64 } from './blob-base64';

export type TakeState = 'recording' | 'paused' | 'stopping' | 'stopped';

/** Whether chunks reach the core as they are recorded, or wait here for it to answer again. */
export type SavingStatus = { behind: false } | { behind: true; waitingChunks: number };

export interface TakeEvents {
  onState(state: TakeState): void;
  /** The core asked to stop (disk almost full) or it refused the take (it was stopped or is gone). */
  onProblem(problem: 'disk_low' | 'save_failed', message: string): void;
  /** Saving fell behind (the core is busy or unreachable) or caught up again. */
  onSaving?(status: SavingStatus): void;
}

/** Answers after which sending the same chunk again cannot help: the take is over on the core's side. */
const finalCodes = new Set(['take_not_active', 'not_found', 'chunk_gap', 'invalid_input']);
const retryDelaysMs = [250, 500, 1000, 2000];

const peakIntervalMs = 50;

/**
 * One take: MediaRecorder with a 1 s timeslice, each chunk sent to the core as it arrives (in
 * order, one at a time) together with the peaks measured while it was recorded. Nothing here
 * grows with the length of the take while the core keeps up: a chunk is dropped once the core
 * has it, and the peaks buffer is emptied with every chunk. When the core does not answer (busy
 * with a long write, restarting, unreachable), chunks wait here in order and the one at the head
 * is sent again until the core takes it; the core skips a chunk it already has, so a retry never
 * writes twice. Only an answer that the take is over ends it.
 */
export class TakeRecorder {
  private readonly recorder: MediaRecorder;
  private seq = 0;
  private sending: Promise<void> = Promise.resolve();
  private peaks: number[][];
  private peakTimer: ReturnType<typeof setInterval> | null = null;
  private startedAt = 0;
  private pausedTotal = 0;
  private pausedAt: number | null = null;
  private state: TakeState = 'recording';
  private stopRequested = false;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  /** Chunks handed over by MediaRecorder and not yet taken by the core. */
  private waiting = 0;
  /** The last call to the core failed and is being made again. */
  private retrying = false;
  private shownBehind = false;
  private failed = false;

  constructor(
    private readonly api: Api,
    readonly recordingId: string,
    private readonly capture: Capture,
    mimeType: string,
    private readonly events: TakeEvents,
  ) {
    this.peaks = Array.from({ length: capture.channels }, () => []);
    this.recorder = new MediaRecorder(capture.stream, { mimeType, videoBitsPerSecond: 1_500_000, audioBitsPerSecond: 96_000 });
    this.recorder.ondataavailable = (event) => {
      if (event.data.size === 0) return;
      const peaks = this.peaks;
      this.peaks = Array.from({ length: capture.channels }, () => []);
      const seq = this.seq++;
      const blob = event.data;
      this.waiting++;
      this.reportSaving();
      this.sending = this.sending.then(() => this.send(seq, blob, peaks)).finally(() => {
        this.waiting--;
        this.reportSaving();
      });
    };
  }

  start(): void {
    this.startedAt = performance.now();
    this.recorder.start(1000);
    this.peakTimer = setInterval(() => {
      if (this.state !== 'recording') return;
      this.capture.levels().forEach((level, channel) => this.peaks[channel]?.push(Math.round(level * 255)));
    }, peakIntervalMs);
    this.setState('recording');
  }

  /** Milliseconds of recorded time (pauses excluded): where a marker dropped now will sit. */
  elapsedMs(): number {
    if (!this.startedAt) return 0;
    const end = this.pausedAt ?? performance.now();
    return Math.max(0, Math.round(end - this.startedAt - this.pausedTotal));
  }

  pause(): void {
    if (this.state !== 'recording') return;
    this.recorder.pause();
    this.pausedAt = performance.now();
    // No chunks arrive while paused; tell the core the recorder is still here.
    this.keepAlive = setInterval(() => void this.api.invoke('recordings:keep-alive', { id: this.recordingId }).catch(() => undefined), 15_000);
    this.setState('paused');
  }

  resume(): void {
    if (this.state !== 'paused' || this.pausedAt === null) return;
    this.pausedTotal += performance.now() - this.pausedAt;
    this.pausedAt = null;
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.recorder.resume();
    this.setState('recording');
  }

  /** Stops, waits until every chunk is with the core, then asks the core to finalize. */
  async stop(reason: 'user' | 'disk_low' | 'error' = 'user'): Promise<void> {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.setState('stopping');
    if (this.peakTimer) clearInterval(this.peakTimer);
    if (this.keepAlive) clearInterval(this.keepAlive);
    if (this.recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        this.recorder.addEventListener('stop', () => resolve(), { once: true });
        this.recorder.stop();
      });
    }
    await this.sending;
    this.capture.stop();
    if (this.failed) {
      this.setState('stopped');
      return;
    }
    await this.untilAnswered(() => this.api.invoke('recordings:stop', { id: this.recordingId, reason }));
    this.setState('stopped');
  }

  private async send(seq: number, blob: Blob, peaks: number[][]): Promise<void> {
    if (this.failed) return;
    const data = await blobToBase64(blob);
    try {
      const answer = await this.untilAnswered(() =>
        this.api.invoke('recordings:append', { id: this.recordingId, seq, data, peaks: peaks.map((c) => c.slice(0, 400)) }),
      );
      if (answer.stop === 'disk_low' && !this.stopRequested) {
        this.events.onProblem('disk_low', '');
        void this.stop('disk_low');
      }
    } catch (error) {
      // The core will take no more of this take: stop recording what can no longer be kept.
      this.failed = true;
      this.events.onProblem('save_failed', error instanceof Error ? error.message : String(error));
      if (!this.stopRequested) {
        this.stopRequested = true;
        if (this.peakTimer) clearInterval(this.peakTimer);
        if (this.keepAlive) clearInterval(this.keepAlive);
        if (this.recorder.state !== 'inactive') this.recorder.stop();
        this.capture.stop();
        this.setState('stopped');
      }
    }
  }

  /** Calls until the core answers; rethrows only an answer that says the take is over. */
  private async untilAnswered<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await call();
        this.retrying = false;
        return answer;
      } catch (error) {
        if (error instanceof ApiError && finalCodes.has(error.code)) throw error;
        if (attempt >= 1 && !this.retrying) {
          this.retrying = true;
          this.reportSaving();
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)]));
      }
    }
  }

  /**
   * Saving is behind when a call is being retried, or when chunks pile up because the core is
   * slow to answer at all (a core that hangs never fails a call). The UI hears only while it is
   * behind, and once when it has caught up.
   */
  private reportSaving(): void {
    const behind = this.waiting > 0 && (this.retrying || this.waiting >= 3);
    if (behind) this.events.onSaving?.({ behind: true, waitingChunks: this.waiting });
    else if (this.shownBehind) this.events.onSaving?.({ behind: false });
    this.shownBehind = behind;
  }

  private setState(state: TakeState): void {
    this.state = state;
    this.events.onState(state);
  }
}
