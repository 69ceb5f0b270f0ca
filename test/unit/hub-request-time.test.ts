import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { timeRequest } from '../../src/host/server';

/**
 * How long a hub lets a request's body take (Node's own requestTimeout is off on a hub): an upload
 * as long as its bytes keep coming, cut after a quiet spell; anything else cut when its body is not
 * in by the limit. Small limits here, so the test waits seconds, not minutes.
 */
const limits = { idleMs: 1_000, requestMs: 1_000 };
const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(): Promise<number> {
  const server = http.createServer((req, res) => {
    timeRequest(req, res, req.url!.startsWith('/uploads/'), limits);
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => res.end(String(bytes)));
  });
  server.requestTimeout = 0;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Sends a request whose body comes `pieces` bytes at a time every `everyMs`, then stops (or ends); resolves with the answer or 'cut'. */
function trickle(port: number, url: string, pieces: number, everyMs: number, end: boolean): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer ? answer.split('\r\n\r\n')[1]! : 'cut'));
    socket.on('error', () => undefined);
    const length = pieces + (end ? 0 : 1_000);
    socket.write(`PATCH ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`);
    let sent = 0;
    const timer = setInterval(() => {
      if (sent === pieces) return clearInterval(timer);
      socket.write('x');
      sent++;
    }, everyMs);
  });
}

describe('the time a hub gives a request', () => {
  it('lets an upload take longer than the request limit while its bytes keep coming', async () => {
    const port = await serve();
    // 25 bytes, one every 100 ms: 2.5 s in all, never a second without one.
    expect(await trickle(port, '/uploads/x', 25, 100, true)).toBe('25');
  });

  it('cuts an upload whose bytes stop, and a request of another kind whose body is not in by the limit', async () => {
    const port = await serve();
    const [upload, other] = await Promise.all([trickle(port, '/uploads/x', 3, 100, false), trickle(port, '/rpc/x', 25, 100, true)]);
    expect(upload).toBe('cut');
    expect(other).toBe('cut');
  });
});
