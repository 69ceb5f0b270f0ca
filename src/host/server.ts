import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { ownerCaller, type Caller } from '../shared/access';
import { contract, isChannel, type EventName } from '../shared/contract';
import { dispatch } from '../shared/dispatch';
import { ErrorCode, httpStatusFor, type ErrorCodeValue, type Result } from '../shared/errors';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import type { Core } from '../core/core';
import type { Workspace } from '../core/demo/demo-workspace';
import { mediaConditions, presignedSeconds, serveClip, serveMedia } from '../core/recordings/media-route';
import { HubDoor, tokenOf, type HubDoorOptions } from './hub-door';
import type { HubUploads, UploadLimits } from './hub-uploads';
import { hubGenerationHeader } from '../core/hub/hub-client';
import { rendererContentTypes as contentTypes } from '../shared/content-types';

export interface HostOptions {
  core: Core;
  /**
   * The local door's switch between the real data and the demo (`reprise serve`): requests, media
   * and events follow its current core instead of `core`. Never given with `hub`.
   */
  workspace?: Workspace;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Where to listen: loopback unless a hub is told otherwise. */
  listenHost?: string;
  /** Serve HTTPS with this certificate and key. */
  tls?: { cert: Buffer; key: Buffer };
  /** Team hub mode: every request signed in. Without it, the one person at this machine owns everything. */
  hub?: HubDoorOptions & {
    /** The address people use (e.g. https://reprise.example.com), accepted as Host and Origin. */
    publicUrl?: string;
    /** Limits on uploads (open per person, free disk space kept); the environment's or defaults otherwise. */
    uploads?: Partial<UploadLimits>;
    /**
     * Players get takes in a bucket through the hub instead of from a presigned storage address
     * (`reprise hub --media-via-hub`: storage that people's browsers and desktops cannot reach).
     */
    mediaViaHub?: boolean;
    /** How long a presigned media address stays valid (`reprise hub --s3-presign-seconds`); 60 s otherwise. */
    presignSeconds?: number;
  };
}

export interface Host {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const maxBodyBytes = 25 * 1024 * 1024;
/** Each open window holds one event stream; more than this for one person is a leak or an attack, not a person. */
export const maxEventClients = 16;
/** Every event stream hears a comment line this often, well inside the minute after which proxies cut idle connections. */
export const heartbeatMs = 25_000;
/**
 * How long a stream's signed-in caller is trusted between events that could change it: asking the
 * database again for every stream at every event cost a hub half a second per change at 3,000 streams.
 */
const callerFreshMs = 30_000;
/**
 * How often a hub asks SQLite whether another process wrote to its database (the CLI on the same
 * data folder: `reprise hub invite --role`, say). `PRAGMA data_version` costs no read of the file;
 * only when it moved are the roles read again, in one query.
 */
export const outsideWritesMs = 1_000;
/** Streams written to before the hub answers waiting requests again. */
const fanOutSlice = 500;


export const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(self), display-capture=(self)',
} as const;

function statusFor(result: Result<unknown>): number {
  return result.ok ? 200 : httpStatusFor(result.error.code);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function fail(res: http.ServerResponse, code: ErrorCodeValue, message: string): void {
  sendJson(res, httpStatusFor(code), { ok: false, error: { code, message } });
}

/**
 * A remembered answer, as the caller may have it now: the rules of the channel are asked again and
 * its answer scoped again. Null when they would now refuse the call, which then runs (and is
 * refused) like any other.
 */
function stillAllowed(core: Core, channel: string, input: unknown, caller: Caller, remembered: Result<unknown>): Result<unknown> | null {
  if (!remembered.ok) return remembered;
  if (!isChannel(channel)) return null;
  const parsed = contract[channel].input.safeParse(input ?? undefined);
  if (!parsed.success) return null;
  try {
    const allowed = core.guard.allow(channel, caller, parsed.data);
    return { ok: true, value: core.guard.scope(channel, caller, remembered.value, allowed) };
  } catch {
    return null;
  }
}

class TooLarge extends Error {}

/**
 * Past the limit the body is no longer kept but still read to its end (answering before that
 * makes the socket close with unread data, which the client sees as a reset), so the client
 * gets a 413 it can show and the connection stays usable.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > maxBodyBytes;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => (tooLarge ? reject(new TooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** A %-decoded path segment, or null when the escapes are malformed or it holds a NUL byte. */
function decodePath(text: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return null;
  }
  return decoded.includes('\0') ? null : decoded;
}

/**
 * Browsers tell where a request comes from in Sec-Fetch-Site even where they send no Origin
 * (a <video> or <img> on another site). Our own pages are same-origin; a typed address is
 * "none"; a client that sends no such header is not a browser page.
 */
function fromAnotherSite(req: http.IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

/**
 * Whether a take's bytes are offered from its media storage (a redirect to a presigned address,
 * good for a minute) rather than streamed by the hub: on a hub whose takes are in a bucket, for a
 * GET of a recording, unless the caller asks for the hub's stream (`?stream`: a desktop whose
 * storage address failed) or holds a version (If-None-Match, If-Range, If-Modified-Since: those
 * are the hub's validators, which the hub answers itself). `?presigned` asks for the address
 * whatever the conditions (a desktop's player). Who may see the take is decided before, in the core.
 */
export function offersPresigned(
  request: { method: string | undefined; kind: string; query: URLSearchParams; header: (name: string) => string | undefined },
  presigning: boolean,
): boolean {
  if (!presigning || request.method !== 'GET' || request.kind !== 'recording') return false;
  if (request.query.has('presigned')) return true;
  if (request.query.has('stream')) return false;
  return !['if-none-match', 'if-range', 'if-modified-since'].some((name) => request.header(name) !== undefined);
}

/** Passes a take's media from the team hub on to the page, Range answers (206, 416) included. */
function proxyMedia(upstream: Response, res: http.ServerResponse): void {
  res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
  if (!upstream.body) return void res.end();
  const body = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('error', () => res.destroy());
  res.on('close', () => body.destroy());
  body.pipe(res);
}

/**
 * Calls `changed` when another connection wrote to the hub's database, with the people whose role
 * (as the hub reads it: set, derived from managing or coaching, or gone with an archived person)
 * changed by that write, so their open event streams hear `access:changed` within a second instead
 * of at the next event after callerFreshMs.
 */
function watchOutsideWrites(core: Core, changed: (repIds: string[]) => void): ReturnType<typeof setInterval> {
  const rolesNow = () =>
    new Map(
      (
        core.db
          .prepare(
            `SELECT r.id, coalesce(r.access_role, '') || '|' || r.coach || '|' || coalesce(r.archived_at, '') || '|' ||
                    EXISTS (SELECT 1 FROM reps x WHERE x.manager_id = r.id AND x.archived_at IS NULL) AS role
             FROM reps r`,
          )
          .all() as { id: string; role: string }[]
      ).map((r) => [r.id, r.role]),
    );
  const version = () => core.db.pragma('data_version', { simple: true }) as number;
  let seen = version();
  let roles = rolesNow();
  const timer = setInterval(() => {
    try {
      const now = version();
      if (now === seen) return;
      seen = now;
      const next = rolesNow();
      const repIds = [...new Set([...roles.keys(), ...next.keys()])].filter((id) => roles.get(id) !== next.get(id));
      roles = next;
      changed(repIds);
    } catch {
      // A database closed under the timer (the hub stopping): nothing to tell.
    }
  }, outsideWritesMs);
  timer.unref();
  return timer;
}

/**
 * The browser host: the real core on 127.0.0.1, the built renderer, `POST /rpc/<channel>`
 * through the same dispatch as Electron's IPC, and server-sent events for pushes.
 */
export function startHost(options: HostOptions): Promise<Host> {
  if (options.workspace && options.hub) throw new Error('A team hub serves one data folder; the demo switch is for the local door.');
  // The hub's upload server (tus, and through it the AWS SDK) loads only for a hub: it takes longer
  // to load than the rest of the CLI, and `reprise serve` and every other command never need it.
  if (!options.hub) return serve(options, null);
  return import('./hub-uploads').then(({ HubUploads: Uploads }) => serve(options, Uploads));
}

function serve(options: HostOptions, Uploads: typeof HubUploads | null): Promise<Host> {
  const { core, workspace } = options;
  /** The core requests reach now: the workspace's current one (real or demo), else the one given. */
  const live = (): Core => workspace?.core ?? core;
  const rendererDir = path.resolve(options.rendererDir);
  /** Each open event stream, and on a hub the device token it was opened with (its caller is read again per event). */
  const sse = new Map<http.ServerResponse, { token: string | null; repId: string | null; deviceId: string | null; caller?: Caller; checkedAt?: number }>();
  /**
   * Ends at once the streams of signed-out devices, of the people named, or (no argument) every
   * stream whose token no longer signs anyone in, rather than at their next event: a sign-out
   * must not leave a window listening while nothing happens.
   */
  const endRevoked = (which: { deviceIds?: readonly string[]; repIds?: readonly string[] } = {}): void => {
    const devices = which.deviceIds ? new Set(which.deviceIds) : null;
    const people = which.repIds ? new Set(which.repIds) : null;
    for (const [res, stream] of [...sse]) {
      if ((devices || people) && !(stream.deviceId && devices?.has(stream.deviceId)) && !(stream.repId && people?.has(stream.repId))) continue;
      stream.caller = core.accounts.authenticate(stream.token)?.caller;
      stream.checkedAt = performance.now();
      if (stream.caller) continue;
      forget(res);
      res.end();
    }
  };
  const unsubscribe = (workspace?.events ?? core.events).onAny((name, payload) => {
    if (!door) {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of sse.keys()) res.write(frame);
      return;
    }
    // Who a stream's device signs in as changes only with these (a role, a sign-out, an archived
    // person): then every stream's caller is read again; otherwise at most every callerFreshMs.
    // A change made outside this process (the CLI on the same data folder) is found by watchOutsideWrites.
    if (name === 'access:changed' || name === 'devices:changed' || name === 'people:changed') {
      for (const stream of sse.values()) stream.caller = undefined;
      // A device signed out: its streams end now, not at the next event they would hear.
      if (name === 'devices:changed') endRevoked({ deviceIds: (payload as { ids: string[] }).ids });
      if (name === 'access:changed') endRevoked({ repIds: (payload as { repIds: string[] }).repIds });
    }
    fanOut.push({ name, payload, streams: [...sse.keys()], next: 0, whole: undefined });
    if (fanOut.length === 1) setImmediate(pump);
  });
  /**
   * Events being written to the streams open when they happened, in order. Thousands of streams
   * are written a slice at a time, so requests are answered in between instead of after them all.
   */
  const fanOut: { name: string; payload: unknown; streams: http.ServerResponse[]; next: number; whole: string | undefined }[] = [];
  function pump(): void {
    const event = fanOut[0];
    if (!event) return;
    const now = performance.now();
    const end = Math.min(event.streams.length, event.next + fanOutSlice);
    for (; event.next < end; event.next++) {
      const res = event.streams[event.next]!;
      const stream = sse.get(res);
      if (!stream || res.writableEnded) continue;
      if (!stream.caller || now - (stream.checkedAt ?? 0) > callerFreshMs) {
        stream.caller = core.accounts.authenticate(stream.token)?.caller;
        stream.checkedAt = now;
      }
      // A device signed out or a person archived since the stream opened hears nothing more.
      const caller = stream.caller;
      if (!caller) {
        forget(res);
        res.end();
        continue;
      }
      const seen = core.guard.event(event.name as EventName, caller, event.payload as never);
      if (seen === null) continue;
      // Most streams may hear the whole payload: it is written out once for all of them.
      if (seen === event.payload) res.write((event.whole ??= `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`));
      else res.write(`event: ${event.name}\ndata: ${JSON.stringify(seen)}\n\n`);
    }
    if (event.next >= event.streams.length) fanOut.shift();
    if (fanOut.length) setImmediate(pump);
  }
  /** Open streams per person, kept as they open and close: a new stream is admitted without walking all of them. */
  const streamCounts = new Map<string | null, number>();
  const streamsOf = (repId: string | null): number => streamCounts.get(repId) ?? 0;
  const forget = (res: http.ServerResponse): void => {
    const stream = sse.get(res);
    if (!stream) return;
    sse.delete(res);
    const left = streamsOf(stream.repId) - 1;
    if (left > 0) streamCounts.set(stream.repId, left);
    else streamCounts.delete(stream.repId);
  };
  /**
   * One timer writes every stream's heartbeat, a comment line that proxies see as traffic and a
   * desktop as a sign of life. Nothing else happens for a stream at rest: no database work.
   */
  const heartbeat = setInterval(() => {
    for (const res of sse.keys()) res.write(': keep-alive\n\n');
  }, heartbeatMs);
  heartbeat.unref();
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const door = options.hub ? new HubDoor(core, options.hub) : null;
  /** Whether players are sent to the hub's media storage for takes there (see offersPresigned). */
  const presigning = Boolean(door && !options.hub?.mediaViaHub);
  const presignSeconds = options.hub?.presignSeconds ?? presignedSeconds;
  let csp = contentSecurityPolicy();
  // The pages may play from the storage players are sent to: its origin, read from an address
  // signed here (no request is made).
  const storage = presigning ? core.recordings.store : null;
  const ready = storage
    ? storage.presign('recordings/origin', presignSeconds).then((address) => {
        csp = contentSecurityPolicy({ mediaOrigins: [new URL(address).origin] });
      }, () => undefined)
    : Promise.resolve();
  const uploads = door && Uploads ? new Uploads(core, options.hub?.uploads) : null;
  const callerOf = (req: http.IncomingMessage): Caller => (door ? door.callerOf(req) : ownerCaller);
  /** The devices of open streams that are signed out now: one query, only for the devices streaming. */
  const signedOutStreaming = (): string[] => {
    const streaming = [...new Set([...sse.values()].map((s) => s.deviceId).filter((id): id is string => id !== null))];
    if (!streaming.length) return [];
    return core.db
      .prepare('SELECT d.id FROM json_each(?) j JOIN hub_devices d ON d.id = j.value WHERE d.revoked_at IS NOT NULL')
      .pluck()
      .all(JSON.stringify(streaming)) as string[];
  };
  const outside = door ? watchOutsideWrites(core, (repIds) => {
    // Whoever a stream signs in as is read again at its next event (a role changed).
    for (const stream of sse.values()) stream.caller = undefined;
    // Devices signed out by another process (`reprise hub` on this data folder, say): told here as
    // if signed out in this process, which ends their streams at once.
    const signedOut = signedOutStreaming();
    if (signedOut.length) core.events.emit('devices:changed', { ids: signedOut });
    if (repIds.length) core.events.emit('access:changed', { repIds });
  }) : null;

  const listener: http.RequestListener = (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) fail(res, ErrorCode.internal, error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener);
  // A hub's uploads are timed apart from everything else (see timeRequest): Node's own limit on a
  // whole request would cut a chunk of a take on a slow link however steadily its bytes came.
  if (uploads) server.requestTimeout = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Nothing we serve is for other sites to embed, not even a script or an image.
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    // On every answer, JSON and errors included: no answer is sniffed into another type, no other
    // site's window shares our browsing context, and only the app itself may ask for the camera,
    // the microphone or the screen.
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    // Only pages served by us may talk to us: refuses DNS rebinding and cross-site posts.
    if (!allowedHosts.has(req.headers.host ?? '')) return fail(res, ErrorCode.wrongHost, 'Unknown host.');
    const origin = req.headers.origin;
    if (origin && !allowedOrigins.has(origin)) {
      return fail(res, ErrorCode.wrongOrigin, 'Requests from other sites are refused.');
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return fail(res, ErrorCode.invalidInput, 'Malformed address.');
    }
    const api = url.pathname.startsWith('/rpc/') || url.pathname === '/events' || url.pathname.startsWith('/media/');
    if (api && fromAnotherSite(req)) return fail(res, ErrorCode.wrongOrigin, 'Requests from other sites are refused.');

    const upload = Boolean(uploads) && (url.pathname === '/uploads' || url.pathname.startsWith('/uploads/'));
    if (uploads) timeRequest(req, res, upload);
    if (upload) return uploads!.handle(req, res, door!.callerOf(req));

    const renewed = door?.renewedCookie(req);
    if (renewed) res.setHeader('set-cookie', renewed);

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return fail(res, ErrorCode.methodNotAllowed, 'Use POST for /rpc/<channel>.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return fail(res, ErrorCode.unsupportedMediaType, 'Send the input as application/json.');
      }
      const channel = decodePath(url.pathname.slice('/rpc/'.length));
      if (channel === null) return fail(res, ErrorCode.invalidInput, 'The channel name in the address is malformed.');
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (error) {
        if (error instanceof TooLarge) return fail(res, ErrorCode.tooLarge, `The request is larger than ${maxBodyBytes / 1024 / 1024} MB.`);
        throw error;
      }
      let input: unknown;
      try {
        input = raw.trim() === '' ? undefined : JSON.parse(raw);
      } catch {
        return fail(res, ErrorCode.invalidInput, 'The request body is not valid JSON.');
      }
            // A create's operation key: the core runs it once and answers a repeat with the first answer.
      const sentKey = req.headers['idempotency-key'];
      const operationKey = typeof sentKey === 'string' ? sentKey : null;
      if (!door) {
        const result = await dispatch(workspace?.handlers ?? core.handlers, channel, input, undefined, { operationKey });
        return sendJson(res, statusFor(result), result);
      }
      const caller = door.callerOf(req);
      res.setHeader(hubGenerationHeader, core.accounts.generation());
      const key = req.headers['idempotency-key'];
      const idempotencyKey = typeof key === 'string' && key.length <= 100 && caller.kind === 'person' ? key : null;
      // A desktop's outbox retries a write with the same key: the first answer is the answer, as long
      // as the caller may still call it (a role taken away meanwhile is not undone by a replay).
      const remembered = idempotencyKey ? core.accounts.remembered(idempotencyKey, caller, channel, input) : null;
      const replay = remembered ? stillAllowed(core, channel, input, caller, remembered) : null;
      if (replay) return sendJson(res, statusFor(replay), replay);
      // Asked before the call, while what it changes is still as it was.
      const audit = core.guard.audit(channel, caller, input);
      const result = await dispatch(core.handlers, channel, input, { caller, guard: core.guard }, { operationKey });
      if (idempotencyKey && !remembered) core.accounts.remember(idempotencyKey, caller, channel, input, result);
      if (!result.ok && result.error.code === ErrorCode.forbidden) door.denied(req, caller, channel);
      if (result.ok && audit && caller.kind === 'person') {
        core.accounts.audit({ actorId: caller.repId, deviceId: caller.deviceId ?? null, action: audit, subject: channel, detail: JSON.stringify(input ?? {}).slice(0, 1000), address: door.address(req) });
      }
      return sendJson(res, statusFor(result), result);
    }

    if (door && url.pathname.startsWith('/auth/')) {
      if (req.method !== 'POST') return fail(res, ErrorCode.methodNotAllowed, 'Use POST.');
      let body: unknown;
      try {
        const raw = await readBody(req);
        body = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        return fail(res, ErrorCode.invalidInput, 'The request body is not valid JSON.');
      }
      const answer =
        url.pathname === '/auth/redeem' ? door.redeem(req, body) : url.pathname === '/auth/sign-out' ? door.signOut(req) : null;
      if (!answer) return fail(res, ErrorCode.notFound, 'Not found.');
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...answer.headers });
      return void res.end(JSON.stringify(answer.body));
    }

    if (url.pathname === '/events') {
      if (req.method !== 'GET') return fail(res, ErrorCode.methodNotAllowed, 'Use GET for /events.');
      const caller = callerOf(req);
      if (caller.kind === 'stranger') return fail(res, ErrorCode.unauthenticated, 'Sign in to Reprise first.');
      const repId = caller.kind === 'person' ? caller.repId : null;
      // The bound is per person: one person's many tabs never keep anyone else from their events.
      if (streamsOf(repId) >= maxEventClients) {
        return fail(res, ErrorCode.tooManyConnections, 'Too many windows are following Reprise; close some and reload.');
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        // A desktop learns from its stream which generation of the hub's database it follows.
        ...(door ? { [hubGenerationHeader]: core.accounts.generation() } : {}),
      });
      res.write(': connected\n\n');
      sse.set(res, { token: door ? tokenOf(req) : null, repId, deviceId: caller.kind === 'person' ? (caller.deviceId ?? null) : null });
      streamCounts.set(repId, streamsOf(repId) + 1);
      req.on('close', () => forget(res));
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, ErrorCode.methodNotAllowed, 'Only GET here.');
    const media = /^\/media\/([a-z]+)\/([^/]+)$/.exec(url.pathname);
    if (media) {
      const id = decodePath(media[2]!);
      if (id === null) return fail(res, ErrorCode.invalidInput, 'The media address is malformed.');
      const caller = callerOf(req);
      if (caller.kind === 'stranger') return fail(res, ErrorCode.unauthenticated, 'Sign in to Reprise first.');
      const kind = media[1]!;
      try {
        // Media follows the rules of the recording it belongs to; a clip's own cut, those of Great moments.
        if (kind === 'clip') live().guard.allow('clips:cut', caller, { id });
        else live().guard.allow('recordings:get', caller, { id });
      } catch {
        door?.denied(req, caller, url.pathname);
        return fail(res, ErrorCode.forbidden, 'You do not have access to this recording.');
      }
      const current = live();
      if (current.link && (kind === 'recording' || kind === 'thumbnail' || kind === 'clip') && current.link.mediaIsRemote(kind, id)) {
        return proxyMedia(await current.link.fetchMedia(kind, id, (name) => req.headers[name] as string | undefined, req.method === 'HEAD'), res);
      }
      const conditions = mediaConditions((name) => req.headers[name] as string | undefined);
      const answer =
        kind === 'clip'
          ? await serveClip(current.clips, id, conditions, req.method === 'HEAD', url.searchParams.has('download'))
          : await serveMedia(current.recordings, kind, id, conditions, req.method === 'HEAD', {
              presigned: offersPresigned({ method: req.method, kind, query: url.searchParams, header: (name) => req.headers[name] as string | undefined }, presigning),
              presignSeconds,
            });
      res.writeHead(answer.status, answer.headers);
      if (answer.body === null) return void res.end();
      if (typeof answer.body === 'string') return void res.end(answer.body);
      answer.body.on('error', () => res.destroy());
      return void answer.body.pipe(res);
    }
    return serveStatic(url.pathname, res, req.method === 'HEAD');
  }

  /** The real path of a file inside the renderer folder, or null when it is missing or (through a link) outside. */
  function insideRenderer(file: string): { real: string; stat: fs.Stats } | null {
    let real: string;
    let root: string;
    try {
      real = fs.realpathSync(file);
      root = fs.realpathSync(rendererDir);
    } catch {
      return null;
    }
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return { real, stat: fs.statSync(real) };
  }

  function serveStatic(pathname: string, res: http.ServerResponse, headOnly: boolean): void {
    const relative = decodePath(pathname);
    if (relative === null) return fail(res, ErrorCode.invalidInput, 'Malformed path.');
    const file = path.resolve(rendererDir, `.${path.posix.normalize(relative)}`);
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) return fail(res, ErrorCode.notFound, 'Not found.');
    let found = insideRenderer(file);
    if (!found || found.stat.isDirectory()) {
      const exists = fs.lstatSync(file, { throwIfNoEntry: false });
      // A link that leads out of the folder is refused, not answered with the app.
      if (exists && !found) return fail(res, ErrorCode.notFound, 'Not found.');
      // The renderer is a single page: unknown paths without an extension get the app.
      if (path.extname(relative) && !found?.stat.isDirectory()) return fail(res, ErrorCode.notFound, 'Not found.');
      found = insideRenderer(path.join(rendererDir, 'index.html'));
      if (!found) {
        return fail(res, ErrorCode.notBuilt, 'The renderer is not built. Run `npm run build`, then start the host again.');
      }
    }
    const type = contentTypes[path.extname(found.real)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': found.stat.size,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (headOnly) return void res.end();
    // Read at once rather than streamed: a stream sends its chunks only between calls, so a screen's
    // code (Progress's charting library) waited behind the calls that screen had asked for with it.
    if (found.stat.size <= 8 * 1024 * 1024) return void res.end(fs.readFileSync(found.real));
    fs.createReadStream(found.real).pipe(res);
  }

  return ready.then(() => new Promise((resolve, reject) => {
    server.once('error', reject);
    const listenHost = options.listenHost ?? '127.0.0.1';
    server.listen(options.port ?? 0, listenHost, () => {
      const { port } = server.address() as AddressInfo;
      const scheme = options.tls ? 'https' : 'http';
      const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
      if (listenHost !== '127.0.0.1' && listenHost !== '0.0.0.0' && listenHost !== '::') hosts.push(listenHost.includes(':') ? `[${listenHost}]:${port}` : `${listenHost}:${port}`);
      const origins = hosts.map((h) => `${scheme}://${h}`);
      if (options.hub?.publicUrl) {
        const publicUrl = new URL(options.hub.publicUrl);
        hosts.push(publicUrl.host);
        origins.push(publicUrl.origin);
      }
      allowedHosts = new Set(hosts);
      allowedOrigins = new Set(origins);
      const shownHost = options.hub?.publicUrl ? null : listenHost === '0.0.0.0' || listenHost === '::' ? '127.0.0.1' : listenHost;
      resolve({
        url: options.hub?.publicUrl ? options.hub.publicUrl.replace(/\/$/, '') : `${scheme}://${shownHost!.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            clearInterval(heartbeat);
            if (outside) clearInterval(outside);
            fanOut.length = 0;
            uploads?.stop();
            for (const res of sse.keys()) res.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  }));
}

/** What Node allows a whole request by default (requestTimeout), kept for every request but an upload's. */
const requestTimeoutMs = 300_000;
/** An upload's chunk may take as long as it needs while its bytes keep coming; it is cut after this long without any. */
const uploadIdleMs = 60_000;

/**
 * Limits how long a request's body may take, in place of Node's requestTimeout (off on a hub): an
 * upload is cut only after `uploadIdleMs` without a byte (a large chunk over a slow link takes as
 * long as it takes; what arrived before a cut is kept, and the desktop resumes there), any other
 * request after `requestTimeoutMs` unless its body is all in (a stream of events lasts).
 */
export function timeRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  upload: boolean,
  limits: { idleMs: number; requestMs: number } = { idleMs: uploadIdleMs, requestMs: requestTimeoutMs },
): void {
  const socket = req.socket;
  let timer: ReturnType<typeof setTimeout> | ReturnType<typeof setInterval>;
  if (upload) {
    let bytes = socket.bytesRead;
    let quietSince = performance.now();
    timer = setInterval(() => {
      if (req.complete) return clearInterval(timer);
      if (socket.bytesRead !== bytes) {
        bytes = socket.bytesRead;
        quietSince = performance.now();
      } else if (performance.now() - quietSince >= limits.idleMs) socket.destroy();
    }, Math.min(5_000, limits.idleMs / 4));
  } else {
    timer = setTimeout(() => {
      if (!req.complete) socket.destroy();
    }, limits.requestMs);
  }
  timer.unref();
  res.once('close', () => clearTimeout(timer));
}
