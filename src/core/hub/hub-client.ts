import type { ApiErrorShape, Result } from '../../shared/errors';
import { AppError, ErrorCode, type ErrorCodeValue } from '../../shared/errors';

/**
 * The hub could not be used this time: no network, refused, dropped, timed out, or it answered
 * with a fault of its own (5xx, 507 out of space), busy (429) or a timeout (408). The call may be
 * retried; nothing about the write itself was wrong. `status` is the HTTP status when the hub
 * answered, `retryAfterMs` what its Retry-After asked for.
 */
export class HubUnreachable extends Error {
  constructor(
    readonly reason: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(status === null ? `The team hub cannot be reached (${reason}).` : `The team hub could not take this now (HTTP ${status}: ${reason}).`);
    this.name = 'HubUnreachable';
  }
}

/** HTTP answers that say "not now" rather than "no": a retry later may succeed. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Retry-After in seconds or as a date, as milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Header with which a hub names the generation of its database; a restore from a backup starts a new one. */
export const hubGenerationHeader = 'reprise-hub-generation';

export const hubErrorCodes = {
  signedOut: ErrorCode.hubSignedOut,
  unreachable: ErrorCode.hubUnreachable,
  queued: ErrorCode.queuedOffline,
} as const;

export interface HubClientOptions {
  url: string;
  token: string;
  /** Milliseconds before a call counts as unreachable. */
  timeoutMs?: number;
}

/** The contract over HTTPS to a team hub, with this device's token. */
export class HubClient {
  readonly url: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  /** The generation of the hub's database, as its last answer named it (a restore from a backup starts a new one). */
  generation: string | null = null;

  constructor(options: HubClientOptions) {
    this.url = options.url.replace(/\/$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  get authorization(): string {
    return `Bearer ${this.token}`;
  }

  /**
   * Calls a channel on the hub. Answers of the hub (success or a refusal) come back as a Result;
   * a hub that cannot be reached throws HubUnreachable. `idempotencyKey` makes a retry of the
   * same write answer with the first result instead of doing it twice.
   */
  async call(channel: string, input: unknown, idempotencyKey?: string, timeoutMs = this.timeoutMs): Promise<Result<unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/rpc/${channel}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: this.authorization,
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify(input ?? {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new HubUnreachable(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
    }
    this.generation = response.headers.get(hubGenerationHeader) ?? this.generation;
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      // A proxy's error page or a cut-off answer: nothing we can trust, so try again later.
      throw new HubUnreachable(`HTTP ${response.status} without an answer from Reprise`, isRetryableStatus(response.status) ? response.status : null);
    }
    const result = body as Result<unknown>;
    if (isRetryableStatus(response.status)) {
      const message = typeof result === 'object' && result !== null && 'ok' in result && !result.ok ? result.error.message : `HTTP ${response.status}`;
      throw new HubUnreachable(message, response.status, retryAfterMs(response.headers.get('retry-after')));
    }
    if (response.status === 401) {
      return { ok: false, error: { code: hubErrorCodes.signedOut, message: 'This computer is no longer signed in to the team hub. Connect again with a new code.' } };
    }
    if (typeof result !== 'object' || result === null || !('ok' in result)) throw new HubUnreachable(`HTTP ${response.status} without an answer from Reprise`);
    return result;
  }

  /** Like call(), but returns the value or throws the hub's error as an AppError. */
  async value<T>(channel: string, input: unknown, timeoutMs?: number): Promise<T> {
    const result = await this.call(channel, input, undefined, timeoutMs);
    if (!result.ok) throw toAppError(result.error);
    return result.value as T;
  }
}

export function toAppError(error: ApiErrorShape): AppError {
  // A code from the hub that this desktop does not know keeps its text; the HTTP door maps it to 500.
  return new AppError(error.code as ErrorCodeValue, error.message, error.issues);
}

/** Redeems a one-time code for a desktop token. */
export async function redeemCode(url: string, code: string, deviceName: string): Promise<{ token: string; deviceId: string; repId: string; name: string }> {
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/$/, '')}/auth/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, kind: 'desktop', device: deviceName }),
      signal: AbortSignal.timeout(20_000),
    });
  } catch (error) {
    throw new AppError(hubErrorCodes.unreachable, `Cannot reach ${url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}. Check the address and your network.`);
  }
  const body = (await response.json().catch(() => null)) as Result<{ token: string; device: { id: string; repId: string; repName: string } }> | null;
  if (!body) throw new AppError(hubErrorCodes.unreachable, `${url} did not answer like a Reprise hub (HTTP ${response.status}).`);
  if (!body.ok) throw toAppError(body.error);
  return { token: body.value.token, deviceId: body.value.device.id, repId: body.value.device.repId, name: body.value.device.repName };
}
