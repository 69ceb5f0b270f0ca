import type http from 'node:http';
import type { Caller } from '../shared/access';
import { AppError, ErrorCode } from '../shared/errors';
import type { Core } from '../core/core';

/** The cookie a browser signed in to a hub carries: HttpOnly, SameSite=Strict, Secure over HTTPS. */
export const sessionCookie = 'reprise_session';

/** How long a browser stays signed in without using the hub; each use starts the 30 days again. */
export const sessionCookieMaxAgeSeconds = 30 * 24 * 3600;

export interface HubDoorOptions {
  /** Cookies get `Secure` (the hub is reached over HTTPS, directly or through a proxy). */
  secure: boolean;
  /** Believe X-Forwarded-For for the client address (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** How many proxies in a row stand in front of the hub, each appending to X-Forwarded-For (default 1). */
  proxyHops?: number;
  /** Wrong sign-in codes one address may send per window before it must wait (signInLimits). */
  maxFailures?: number;
  /** Wrong codes from all addresses together per window, past which addresses already wrong a few times wait. */
  maxTotalFailures?: number;
  failureWindowMs?: number;
}

/**
 * The address a request came from. Behind `hops` trusted proxies, each appends the address it
 * was reached from to X-Forwarded-For, so the client is the entry `hops` from the right: whatever
 * stands left of it was written by the client itself and proves nothing (a guesser would write a
 * new address there on every try to escape the sign-in limit).
 */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean, hops = 1): string {
  const socket = req.socket.remoteAddress ?? '';
  if (!trustProxy) return socket;
  const chain = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return socket;
  return chain[Math.max(0, chain.length - Math.max(1, hops))]!;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** The device token of a request: `Authorization: Bearer` (desktops, the CLI) or the cookie (browsers). */
export function tokenOf(req: http.IncomingMessage): string | null {
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return cookieValue(req.headers.cookie, sessionCookie);
}

/**
 * Bounds wrong sign-in codes per address and in total over a sliding window, without locking out
 * the people who have a right code: a whole office behind one address mistyping on its first day
 * stays far below the per-address bound. Only when wrong codes pour in from everywhere at once
 * (more than `total` in a window) do addresses that have already been wrong a few times
 * (`underPressure`) wait too; an address with no wrong codes is never made to wait.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private everyone: number[] = [];

  constructor(
    private readonly limits: { perAddress: number; total: number; underPressure: number; windowMs: number },
  ) {}

  /** Milliseconds until this address may try again, or 0. */
  waitFor(address: string, now = Date.now()): number {
    const { windowMs } = this.limits;
    const recent = (this.failures.get(address) ?? []).filter((t) => now - t < windowMs);
    if (recent.length) this.failures.set(address, recent);
    else this.failures.delete(address);
    this.everyone = this.everyone.filter((t) => now - t < windowMs);
    if (recent.length >= this.limits.perAddress) return windowMs - (now - recent[recent.length - this.limits.perAddress]!);
    if (this.everyone.length >= this.limits.total && recent.length >= this.limits.underPressure) {
      return windowMs - (now - this.everyone[this.everyone.length - this.limits.total]!);
    }
    return 0;
  }

  fail(address: string, now = Date.now()): void {
    const list = this.failures.get(address) ?? [];
    list.push(now);
    this.failures.set(address, list);
    this.everyone.push(now);
    // Keep only what a bound still looks at: memory stays bounded under a flood too.
    if (this.everyone.length > this.limits.total * 2) this.everyone = this.everyone.slice(-this.limits.total);
    if (list.length > this.limits.perAddress * 2) this.failures.set(address, list.slice(-this.limits.perAddress));
    // Forget addresses that went quiet, so a scan of many addresses cannot grow this for ever.
    if (this.failures.size > 10_000) {
      for (const [key, times] of this.failures) if (times.every((t) => now - t >= this.limits.windowMs)) this.failures.delete(key);
    }
  }
}

/** Wrong codes one address may send per window: far more than an office of people mistyping would. */
export const signInLimits = { perAddress: 200, total: 2000, underPressure: 5, windowMs: 15 * 60_000 } as const;

/**
 * What the hub adds to the browser host: who is at the door, and the sign-in routes.
 * Everything else (the contract, events, media) is the host's, with this caller.
 */
export class HubDoor {
  private readonly limiter: FailureLimiter;

  constructor(
    private readonly core: Core,
    private readonly options: HubDoorOptions,
  ) {
    this.limiter = new FailureLimiter({
      perAddress: options.maxFailures ?? signInLimits.perAddress,
      total: options.maxTotalFailures ?? signInLimits.total,
      underPressure: Math.min(signInLimits.underPressure, options.maxFailures ?? signInLimits.perAddress),
      windowMs: options.failureWindowMs ?? signInLimits.windowMs,
    });
  }

  callerOf(req: http.IncomingMessage): Caller {
    const signedIn = this.core.accounts.authenticate(tokenOf(req));
    return signedIn ? signedIn.caller : { kind: 'stranger' };
  }

  /**
   * The cookie again with a fresh 30 days, for a request its still-valid cookie signed in (not a
   * desktop's Bearer token): a browser in use stays signed in, one left alone signs out.
   */
  renewedCookie(req: http.IncomingMessage): string | null {
    if ((req.headers.authorization ?? '').startsWith('Bearer ')) return null;
    const token = cookieValue(req.headers.cookie, sessionCookie);
    if (!token || !this.core.accounts.authenticate(token)) return null;
    return this.cookie(token);
  }

  address(req: http.IncomingMessage): string {
    return clientAddress(req, this.options.trustProxy, this.options.proxyHops);
  }

  /** Records a refused request in the audit log (who, what, from where). */
  denied(req: http.IncomingMessage, caller: Caller, what: string): void {
    this.core.accounts.audit({
      actorId: caller.kind === 'person' ? caller.repId : null,
      deviceId: caller.kind === 'person' ? (caller.deviceId ?? null) : null,
      action: 'denied',
      subject: what,
      address: this.address(req),
    });
  }

  /**
   * POST /auth/redeem `{ code, device?, kind? }`: a browser gets the cookie, a desktop (kind
   * "desktop") gets `{ token }` to keep in its own secure storage.
   */
  redeem(req: http.IncomingMessage, body: unknown): { status: number; headers: Record<string, string>; body: unknown } {
    const address = this.address(req);
    const wait = this.limiter.waitFor(address);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return {
        status: 429,
        headers: { 'retry-after': String(seconds) },
        body: { ok: false, error: { code: ErrorCode.rateLimited, message: `Too many wrong codes from here. Try again in ${Math.ceil(seconds / 60)} minutes.` } },
      };
    }
    const input = (body ?? {}) as { code?: unknown; device?: unknown; kind?: unknown };
    const code = typeof input.code === 'string' ? input.code.slice(0, 64) : '';
    const kind = input.kind === 'desktop' ? 'desktop' : 'browser';
    const deviceName =
      typeof input.device === 'string' && input.device.trim() ? input.device.trim().slice(0, 200) : describeAgent(req.headers['user-agent']);
    try {
      const { token, device } = this.core.accounts.redeem(code, kind, deviceName, address);
      if (kind === 'desktop') return { status: 200, headers: {}, body: { ok: true, value: { token, device } } };
      return { status: 200, headers: { 'set-cookie': this.cookie(token) }, body: { ok: true, value: { device } } };
    } catch (error) {
      this.limiter.fail(address);
      const shape = error instanceof AppError ? error.toShape() : { code: ErrorCode.internal, message: String(error) };
      return { status: shape.code === ErrorCode.inviteInvalid ? 401 : 500, headers: {}, body: { ok: false, error: shape } };
    }
  }

  /** POST /auth/sign-out: revokes this device's token and clears the cookie. */
  signOut(req: http.IncomingMessage): { status: number; headers: Record<string, string>; body: unknown } {
    const caller = this.callerOf(req);
    if (caller.kind === 'person' && caller.deviceId) this.core.accounts.revoke(caller.deviceId, caller);
    return { status: 200, headers: { 'set-cookie': this.cookie('', 0) }, body: { ok: true, value: {} } };
  }

  private cookie(token: string, maxAgeSeconds = sessionCookieMaxAgeSeconds): string {
    return `${sessionCookie}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${this.options.secure ? '; Secure' : ''}`;
  }
}

/** "Chrome on Linux" from a user agent: enough for a person to recognise a device in their list. */
export function describeAgent(agent: string | undefined): string {
  const ua = agent ?? '';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const system = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Linux/.test(ua) ? 'Linux' : '';
  return system ? `${browser} on ${system}` : browser;
}
