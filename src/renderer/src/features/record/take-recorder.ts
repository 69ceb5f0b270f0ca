import type { Api } from '../../api/api';
import type { Capture } from './media-capture';
import { blobToBase64 } from './blob-base64';

export type TakeState = 'recording' | 'paused' | 'stopping' | 'stopped';

export interface TakeEvents {
  onState(state: TakeState): void;
  /** The core asked to stop (disk almost full) or a chunk could not be saved. */
  onProblem(problem: 'disk_low' | 'save_failed', message: string): void;
}

const peakIntervalMs = 50;

/**
 * One take: MediaRecorder with a 1 s timeslice, each chunk sent to the core as it arrives (in
 * order, one at a time) together with the peaks measured while it was recorded. Nothing here
 * grows with the length of the take: a chunk is dropped once the core has it, and the peaks
 * buffer is emptied with every chunk.
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
      this.sending = this.sending.then(() => this.send(seq, blob, peaks));
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
    await this.api.invoke('recordings:stop', { id: this.recordingId, reason });
    this.setState('stopped');
  }

  private async send(seq: number, blob: Blob, peaks: number[][]): Promise<void> {
    const data = await blobToBase64(blob);
    // A chunk is retried a few times (the core skips one it already has); the take itself is on disk.
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.api.invoke('recordings:append', { id: this.recordingId, seq, data, peaks: peaks.map((c) => c.slice(0, 400)) });
        if (answer.stop === 'disk_low' && !this.stopRequested) {
          this.events.onProblem('disk_low', '');
          void this.stop('disk_low');
        }
        return;
      } catch (error) {
        if (attempt >= 3) {
          this.events.onProblem('save_failed', error instanceof Error ? error.message : String(error));
          if (!this.stopRequested) {
            this.stopRequested = true;
            if (this.peakTimer) clearInterval(this.peakTimer);
            if (this.recorder.state !== 'inactive') this.recorder.stop();
            this.capture.stop();
            this.setState('stopped');
          }
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
      }
    }
  }

  private setState(state: TakeState): void {
    this.state = state;
    this.events.onState(state);
  }
}
