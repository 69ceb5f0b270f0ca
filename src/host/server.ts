import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { dispatch } from '../shared/dispatch';
import { ErrorCode, type Result } from '../shared/errors';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import type { Core } from '../core/core';
import { serveMedia } from '../core/recordings/media-route';

export interface HostOptions {
  core: Core;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
}

export interface Host {
  url: string;
  port: number;
  close(): Promise<void>;
}

const maxBodyBytes = 25 * 1024 * 1024;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const csp = contentSecurityPolicy();

function statusFor(result: Result<unknown>): number {
  if (result.ok) return 200;
  switch (result.error.code) {
    case ErrorCode.invalidInput:
      return 400;
    case ErrorCode.unknownChannel:
    case ErrorCode.notFound:
      return 404;
    case ErrorCode.conflict:
      return 409;
    default:
      return 500;
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function fail(res: http.ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new Error('too_large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The browser host: the real core on 127.0.0.1, the built renderer, `POST /rpc/<channel>`
 * through the same dispatch as Electron's IPC, and server-sent events for pushes.
 */
export function startHost(options: HostOptions): Promise<Host> {
  const { core } = options;
  const rendererDir = path.resolve(options.rendererDir);
  const sse = new Set<http.ServerResponse>();
  const unsubscribe = core.events.onAny((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sse) res.write(frame);
  });
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) fail(res, 500, ErrorCode.internal, error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only pages served by us may talk to us: refuses DNS rebinding and cross-site posts.
    if (!allowedHosts.has(req.headers.host ?? '')) return fail(res, 421, 'wrong_host', 'Unknown host.');
    const origin = req.headers.origin;
    if (origin && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
      return fail(res, 403, 'wrong_origin', 'Requests from other sites are refused.');
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return fail(res, 405, 'method_not_allowed', 'Use POST for /rpc/<channel>.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return fail(res, 415, 'unsupported_media_type', 'Send the input as application/json.');
      }
      let raw: string;
      try {
        raw = await readBody(req);
      } catch {
        return fail(res, 413, 'too_large', 'The request is larger than 25 MB.');
      }
      let input: unknown;
      try {
        input = raw.trim() === '' ? undefined : JSON.parse(raw);
      } catch {
        return fail(res, 400, ErrorCode.invalidInput, 'The request body is not valid JSON.');
      }
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
      const result = await dispatch(core.handlers, channel, input);
      return sendJson(res, statusFor(result), result);
    }

    if (url.pathname === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      sse.add(res);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(heartbeat);
        sse.delete(res);
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'method_not_allowed', 'Only GET here.');
    const media = /^\/media\/([a-z]+)\/([^/]+)$/.exec(url.pathname);
    if (media) {
      const answer = serveMedia(core.recordings, media[1]!, decodeURIComponent(media[2]!), req.headers.range, req.method === 'HEAD');
      res.writeHead(answer.status, answer.headers);
      if (answer.body === null) return void res.end();
      if (typeof answer.body === 'string') return void res.end(answer.body);
      answer.body.on('error', () => res.destroy());
      return void answer.body.pipe(res);
    }
    return serveStatic(url.pathname, res, req.method === 'HEAD');
  }

  function serveStatic(pathname: string, res: http.ServerResponse, headOnly: boolean): void {
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      return fail(res, 400, ErrorCode.invalidInput, 'Malformed path.');
    }
    let file = path.resolve(rendererDir, `.${path.posix.normalize(relative)}`);
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) return fail(res, 404, 'not_found', 'Not found.');
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.isDirectory()) {
      // The renderer is a single page: unknown paths without an extension get the app.
      if (path.extname(relative) && !stat?.isDirectory()) return fail(res, 404, 'not_found', 'Not found.');
      file = path.join(rendererDir, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat) {
        return fail(res, 503, 'not_built', 'The renderer is not built. Run `npm run build`, then start the host again.');
      }
    }
    const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': stat.size,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (headOnly) return void res.end();
    fs.createReadStream(file).pipe(res);
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const res of sse) res.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
