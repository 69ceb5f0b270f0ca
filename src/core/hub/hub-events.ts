import { createParser } from 'eventsource-parser';
import { hubGenerationHeader, isRetryableStatus } from './hub-client';

/**
 * The hub writes a comment line every 25 s; a stream silent for this long is dead (a proxy or a
 * network that dropped it without a FIN), and is opened again.
 */
export const silenceMs = 70_000;

/**
 * Waiting before opening a dropped stream again: 1 s doubling to at most a minute, each wait drawn
 * between half and all of that, so that thousands of desktops do not all knock at the same moment
 * after their hub restarts.
 */
export function reconnectDelayMs(failures: number, random = Math.random): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface HubEventStreamOptions {
  url: string;
  authorization: string;
  /** The stream is open: the hub answers, in the generation its answer named. */
  onOpen(generation: string | null): void;
  /** An event the hub sent this person (only ids they may see). */
  onEvent(name: string, payload: unknown): void;
  /** Any byte from the hub, heartbeats included: it is alive. */
  onAlive(): void;
  /** The stream could not be opened or dropped; it is tried again after a wait. `status` when the hub answered. */
  onDrop(reason: string, status: number | null): void;
  silenceMs?: number;
}

/**
 * One server-sent event stream from the team hub, held open while the desktop runs: the hub tells
 * this desktop what changed instead of being asked every few seconds. Opened again with backoff
 * when it drops, and when it falls silent past the heartbeat.
 */
export class HubEventStream {
  private controller: AbortController | null = null;
  private stopped = true;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private open = false;
  /** The HTTP status of the last drop, when the hub answered the stream with one. */
  private lastDropStatus: number | null = null;

  constructor(private readonly options: HubEventStreamOptions) {}

  /** True while the stream is open and has not fallen silent. */
  get live(): boolean {
    return this.open;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.open = false;
    if (this.retry) clearTimeout(this.retry);
    if (this.watchdog) clearTimeout(this.watchdog);
    this.retry = this.watchdog = null;
    this.controller?.abort();
    this.controller = null;
  }

  /**
   * The hub answered another request: a stream waiting out its backoff is opened now, its waits
   * starting again from 1 s, instead of up to a minute after the hub came back. Nothing is done
   * while it is open or being opened, nor when the hub refused the stream itself for a reason a
   * retry cannot change (each answered request would ask again).
   */
  reconnectNow(): void {
    if (this.stopped || this.open || !this.retry) return;
    if (this.lastDropStatus !== null && !isRetryableStatus(this.lastDropStatus)) return;
    clearTimeout(this.retry);
    this.failures = 0;
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.retry = null;
    const controller = new AbortController();
    this.controller = controller;
    let response: Response;
    try {
      response = await fetch(`${this.options.url}/events`, {
        headers: { authorization: this.options.authorization, accept: 'text/event-stream' },
        signal: controller.signal,
      });
    } catch (error) {
      return this.dropped(controller, describe(error), null);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      return this.dropped(controller, `HTTP ${response.status}`, response.status);
    }
    this.failures = 0;
    this.open = true;
    this.options.onOpen(response.headers.get(hubGenerationHeader));
    const parser = createParser({
      onEvent: (message) => {
        if (!message.event) return;
        let payload: unknown;
        try {
          payload = JSON.parse(message.data);
        } catch {
          return;
        }
        this.options.onEvent(message.event, payload);
      },
    });
    const decoder = new TextDecoder();
    this.arm(controller);
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        this.arm(controller);
        this.options.onAlive();
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
      this.dropped(controller, 'the hub closed the event stream', null);
    } catch (error) {
      this.dropped(controller, describe(error), null);
    }
  }

  /** Restarts the silence timer: without a byte (a heartbeat at least) for silenceMs, the stream is cut and opened again. */
  private arm(controller: AbortController): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => controller.abort(new Error('the event stream fell silent')), this.options.silenceMs ?? silenceMs);
    this.watchdog.unref?.();
  }

  private dropped(controller: AbortController, reason: string, status: number | null): void {
    // A stream stopped or already replaced says nothing about the one open now.
    if (this.stopped || controller !== this.controller) return;
    this.open = false;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    this.failures++;
    this.lastDropStatus = status;
    this.options.onDrop(reason, status);
    this.retry = setTimeout(() => void this.connect(), reconnectDelayMs(this.failures));
    this.retry.unref?.();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? error.cause.message : error.message;
  return String(error);
}
