import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { validateStatement, type XapiVersion } from '../../src/core/xapi/validate';

/**
 * A Learning Record Store stand-in: no LRS can be installed on the machines these tests run on,
 * so this small server enforces the parts of the xAPI 1.0.3 / 2.0 Statement API that a sender
 * can get wrong: the version header, basic auth, statement rules, an id it already holds (409,
 * and a batch is stored whole or not at all), and a batch that repeats an id (400).
 */
export interface LrsStandIn {
  url: string;
  /** Every statement stored, by id, once. */
  stored: Map<string, unknown>;
  /** Every POST to /statements, with the ids it carried and the answer it got. */
  posts: { ids: string[]; status: number; version: string | undefined }[];
  /** The next POST is stored and then its connection is cut before any answer (a network drop mid-batch). */
  dropNextAfterStoring(): void;
  /** Statements with this id are refused (400) with this reason, as an LRS with stricter rules would; an empty reason accepts it again. */
  refuseId(id: string, reason: string): void;
  close(): Promise<void>;
}

const open: LrsStandIn[] = [];

export async function startLrsStandIn(options: { username?: string; password?: string; versions?: XapiVersion[] } = {}): Promise<LrsStandIn> {
  const username = options.username ?? 'reprise-key';
  const password = options.password ?? 'reprise-secret';
  const versions = options.versions ?? ['1.0.3'];
  const stored = new Map<string, unknown>();
  const posts: LrsStandIn['posts'] = [];
  const refused = new Map<string, string>();
  let dropNext = false;

  const answer = (res: http.ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'X-Experience-API-Version': versions[0]! });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === '/xapi/about' && req.method === 'GET') return answer(res, 200, { version: versions });
    const version = req.headers['x-experience-api-version'] as string | undefined;
    // 1.0.x speaks to any 1.0 LRS, 2.0.0 to a 2.0 one.
    const speaks = version !== undefined && /^\d\.\d(\.\d+)?$/.test(version) ? versions.find((v) => v.slice(0, 3) === version.slice(0, 3)) : undefined;
    if (!speaks) return answer(res, 400, { message: `X-Experience-API-Version "${version ?? ''}" is not one this LRS speaks (${versions.join(', ')})` });
    const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return answer(res, 401, { message: 'Unknown key or wrong secret' });
    if (url.pathname !== '/xapi/statements') return answer(res, 404, { message: 'No such resource' });
    if (req.method === 'GET') return answer(res, 200, { statements: [], more: '' });
    if (req.method !== 'POST') return answer(res, 405, { message: 'Method not allowed' });
    if (!String(req.headers['content-type']).startsWith('application/json')) return answer(res, 400, { message: 'Content-Type must be application/json' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(res, 400, { message: 'The body is not JSON' });
      }
      const list = (Array.isArray(body) ? body : [body]) as { id?: string }[];
      const ids = list.map((s) => s.id ?? '');
      const reply = (status: number, message?: unknown) => {
        posts.push({ ids, status, version });
        answer(res, status, message);
      };
      if (new Set(ids).size !== ids.length) return reply(400, { message: 'The batch holds the same statement id more than once' });
      for (const s of list) {
        const problems = validateStatement(s, speaks);
        if (problems.length) return reply(400, { message: `Statement ${s.id}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}` });
        if (refused.has(s.id ?? '')) return reply(400, { message: refused.get(s.id ?? '') });
      }
      const conflict = ids.find((id) => stored.has(id));
      if (conflict) return reply(409, { message: `Statement ${conflict} is already stored` });
      for (const s of list) stored.set(s.id!, s);
      if (dropNext) {
        dropNext = false;
        posts.push({ ids, status: 0, version });
        req.socket.destroy();
        return;
      }
      reply(200, ids);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const standIn: LrsStandIn = {
    url: `http://127.0.0.1:${port}/xapi`,
    stored,
    posts,
    dropNextAfterStoring: () => {
      dropNext = true;
    },
    refuseId: (id, reason) => (reason ? refused.set(id, reason) : refused.delete(id)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(standIn);
  return standIn;
}

afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
