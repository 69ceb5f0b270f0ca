import type { RepriseBridge } from '../../../shared/bridge';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../../../shared/contract';
import type { ApiErrorShape, Result } from '../../../shared/errors';
import { creatingChannels } from '../../../shared/operations';

/** The renderer's one way to reach the core, whichever door it came through. */
export interface Api {
  readonly transport: 'ipc' | 'http';
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /**
   * Sends a call that must go out even while the page is closing (no answer is awaited): over HTTP a
   * keepalive request, which the browser finishes after the page is gone.
   */
  sendOnLeave<C extends Channel>(channel: C, input: ChannelInput<C>): void;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Where the renderer loads a recording's media or thumbnail: by id only, never a path. */
  mediaUrl(kind: 'recording' | 'thumbnail' | 'clip', id: string): string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly issues: { path: string; message: string }[];
  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.issues = shape.issues ?? [];
  }
}

function unwrap<T>(result: Result<unknown>): T {
  if (result.ok) return result.value as T;
  throw new ApiError(result.error);
}

/**
 * How long after a create's answer the same create (same channel, same input) still counts as the
 * same click: the second click of a double click can land after a quick answer. Longer than the
 * double-click interval people set; shorter than reading the answer and deciding to do it again.
 */
export const sameClickMs = 1000;

/**
 * The operation key of each create. Every call gets a new one, except the same create sent again
 * while the first is on its way or just answered: that one carries the first's key, and the core
 * answers it with the first answer instead of making the thing twice.
 */
export function operationKeys(now: () => number = () => Date.now()) {
  const recent = new Map<string, { key: string; pending: number; settledAt: number }>();
  const newKey = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return `op-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  };
  return {
    /** The key for this call (undefined for a channel that creates nothing) and a function to call when it is answered. */
    begin(channel: Channel, input: unknown): { key: string | undefined; settled: () => void } {
      if (!creatingChannels.has(channel)) return { key: undefined, settled: () => undefined };
      const at = now();
      for (const [id, entry] of recent) if (entry.pending === 0 && at - entry.settledAt >= sameClickMs) recent.delete(id);
      const id = `${channel} ${JSON.stringify(input ?? {})}`;
      const entry = recent.get(id) ?? { key: newKey(), pending: 0, settledAt: at };
      entry.pending++;
      recent.set(id, entry);
      return {
        key: entry.key,
        settled: () => {
          entry.pending--;
          entry.settledAt = now();
        },
      };
    },
  };
}

async function keyed<T>(keys: ReturnType<typeof operationKeys>, channel: Channel, input: unknown, send: (key: string | undefined) => Promise<T>): Promise<T> {
  const { key, settled } = keys.begin(channel, input);
  try {
    return await send(key);
  } finally {
    settled();
  }
}

export function ipcApi(bridge: RepriseBridge, keys = operationKeys()): Api {
  return {
    transport: 'ipc',
    invoke: async (channel, input) => unwrap(await keyed(keys, channel, input, (key) => (key ? bridge.invoke(channel, input, key) : bridge.invoke(channel, input)))),
    // The desktop shell finalizes a running take itself when its window closes.
    sendOnLeave: (channel, input) => void bridge.invoke(channel, input),
    on: (event, listener) => bridge.on(event, listener as (payload: unknown) => void),
    mediaUrl: (kind, id) => `media://${kind}/${encodeURIComponent(id)}`,
  };
}

export function httpApi(base = '', keys = operationKeys()): Api {
  let source: EventSource | null = null;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const ensureSource = (event: string) => {
    source ??= new EventSource(`${base}/events`);
    if (!listeners.has(event)) {
      listeners.set(event, new Set());
      source.addEventListener(event, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of listeners.get(event) ?? []) listener(payload);
      });
    }
    return listeners.get(event)!;
  };
  return {
    transport: 'http',
    async invoke(channel, input) {
      const body = await keyed(keys, channel, input, async (key) => {
        let response: Response;
        try {
          response = await fetch(`${base}/rpc/${channel}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
            body: JSON.stringify(input ?? {}),
          });
        } catch {
          throw new ApiError({ code: 'offline', message: 'Reprise is not reachable. Is the app still running?' });
        }
        const answer = (await response.json().catch(() => null)) as Result<unknown> | null;
        if (!answer) throw new ApiError({ code: 'internal', message: `Unexpected answer from Reprise (HTTP ${response.status}).` });
        return answer;
      });
      return unwrap(body);
    },
    sendOnLeave(channel, input) {
      void fetch(`${base}/rpc/${channel}`, {
        method: 'POST',
        keepalive: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      }).catch(() => undefined);
    },
    on(event, listener) {
      const set = ensureSource(event);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    mediaUrl: (kind, id) => `${base}/media/${kind}/${encodeURIComponent(id)}`,
  };
}

/** Electron's preload provides `window.reprise`; in a plain browser we talk HTTP to the host that served us. */
export function createApi(): Api {
  const bridge = (window as unknown as { reprise?: RepriseBridge }).reprise;
  return bridge ? ipcApi(bridge) : httpApi();
}
