import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { maxBodyBytes, maxEventClients, startHost, type Host } from '../../src/host/server';
import { AppError, ErrorCode, httpStatusFor } from '../../src/shared/errors';
import { testCore } from '../support/core';
import { chunksOf, makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

const rendererDirs = new Map<number, string>();
const fileOf = (host: Host, p: string) => path.join(rendererDirs.get(host.port)!, p);

async function start() {
  const core = testCore();
  const rendererDir = tempDir();
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Reprise</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), `${path.basename(rendererDir)}-secret.txt`), 'secret');
  const host = await startHost({ core, rendererDir });
  hosts.push(host);
  rendererDirs.set(host.port, rendererDir);
  return { core, host };
}

const rpc = (host: Host, channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** fetch() will not let us forge the Host header, so raw requests use node:http. */
function raw(
  host: Host,
  options: http.RequestOptions & { body?: string | Buffer },
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, ...options }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser host', () => {
  it('listens on 127.0.0.1 and serves the contract over POST /rpc/<channel>', async () => {
    const { host } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await rpc(host, 'people:create', { name: 'Aino', email: 'aino@example.com' });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { ok: boolean; value: { email: string } };
    expect(body).toMatchObject({ ok: true, value: { email: 'aino@example.com' } });
    const list = await (await rpc(host, 'people:list', '')).json();
    expect(list).toMatchObject({ ok: true, value: [{ name: 'Aino' }] });
  });

  it('answers bad input with 400 and the field paths, unknown channels with 404', async () => {
    const { host } = await start();
    const bad = await rpc(host, 'people:create', { name: 'A', email: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'email' }] } });
    const unknown = await rpc(host, 'people:fly', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const notJson = await rpc(host, 'people:list', '{oops');
    expect(notJson.status).toBe(400);
    const conflict = await rpc(host, 'people:create', { name: 'A', email: 'a@example.com' });
    expect(conflict.status).toBe(200);
    expect((await rpc(host, 'people:create', { name: 'B', email: 'A@example.com' })).status).toBe(409);
  });

  it('refuses other sites: wrong Host, foreign Origin, non-JSON posts', async () => {
    const { host } = await start();
    const rebinding = await raw(host, { path: '/rpc/people:list', method: 'POST', headers: { host: 'evil.example:80', 'content-type': 'application/json' }, body: '{}' });
    expect(rebinding.status).toBe(421);
    const crossSite = await rpc(host, 'people:list', {}, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const form = await fetch(`${host.url}/rpc/people:list`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    expect((await fetch(`${host.url}/rpc/people:list`)).status).toBe(405);
  });

  it('pushes core events to server-sent-event clients', async () => {
    const { host } = await start();
    const controller = new AbortController();
    const response = await fetch(`${host.url}/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const created = await (await rpc(host, 'people:create', { name: 'Aino', email: 'aino@example.com' })).json() as { value: { id: string } };
    while (!received.includes('event: people:changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    controller.abort();
    expect(received).toContain(`event: people:changed\ndata: {"ids":["${created.value.id}"]}`);
  });

  it('serves the renderer with a CSP, falls back to index.html for app routes, and never leaves its folder', async () => {
    const { host } = await start();
    const index = await fetch(`${host.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await index.text()).toContain('<title>Reprise</title>');
    expect((await fetch(`${host.url}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect(await (await fetch(`${host.url}/people/123`)).text()).toContain('<title>Reprise</title>');
    expect((await fetch(`${host.url}/assets/missing.js`)).status).toBe(404);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2f..%2fetc%2fpasswd', '/assets/%2e%2e/%2e%2e/x.txt']) {
      const res = await raw(host, { path: p, headers: { host: `127.0.0.1:${host.port}` } });
      expect(res.text, p).not.toContain('secret');
      expect(res.text, p).not.toContain('root:');
    }
  });

  it('answers a body over the limit with a 413 the UI can show, and keeps the connection', async () => {
    const { host } = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json' };
    const big = Buffer.alloc(maxBodyBytes + 1024, 0x20);
    // Once with the size announced up front, once streamed without a length.
    const announced = await raw(host, { agent, path: '/rpc/people:list', method: 'POST', headers, body: big });
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.text)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    const streamed = await raw(host, { agent, path: '/rpc/people:list', method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' }, body: big });
    expect(streamed.status).toBe(413);
    expect(streamed.reusedSocket).toBe(true);
    const after = await raw(host, { agent, path: '/rpc/people:list', method: 'POST', headers, body: '{}' });
    expect(after.status).toBe(200);
    expect(after.reusedSocket).toBe(true);
    agent.destroy();
  });

  it('answers malformed %-escapes and NUL bytes with 400, never 500', async () => {
    const { host } = await start();
    const headers = { host: `127.0.0.1:${host.port}`, 'content-type': 'application/json' };
    expect((await raw(host, { path: 'http://[::1/', headers })).status).toBe(400);
    for (const p of ['/rpc/people%E0%A4%A', '/rpc/people:list%00', '/media/recording/%E0%A4%A', '/media/recording/x%00', '/%E0%A4%A', '/index.html%00', '/assets/app.js%00.png']) {
      const res = await raw(host, { path: p, method: p.startsWith('/rpc/') ? 'POST' : 'GET', headers, body: p.startsWith('/rpc/') ? '{}' : undefined });
      expect(res.status, p).toBe(400);
      expect(JSON.parse(res.text), p).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('does not follow a link out of the renderer folder', async () => {
    const { host } = await start();
    const rendererDir = path.dirname(path.dirname(fileOf(host, '/assets/app.js')));
    const outside = path.join(tempDir(), 'passwd');
    fs.writeFileSync(outside, 'root:x:0:0:root:/root:/bin/bash');
    fs.symlinkSync(outside, path.join(rendererDir, 'passwd.txt'));
    fs.symlinkSync(path.dirname(outside), path.join(rendererDir, 'etc'));
    for (const p of ['/passwd.txt', '/etc/passwd', '/etc']) {
      const res = await raw(host, { path: p, headers: { host: `127.0.0.1:${host.port}` } });
      expect(res.text, p).not.toContain('root:');
      expect(res.status, p).toBe(404);
    }
    // A link that stays inside is still served.
    fs.symlinkSync(path.join(rendererDir, 'assets', 'app.js'), path.join(rendererDir, 'assets', 'alias.js'));
    expect((await fetch(`${host.url}/assets/alias.js`)).status).toBe(200);
  });

  it('lets no other site embed media or follow events (Sec-Fetch-Site), and says so with CORP', async () => {
    const { core, host } = await start();
    const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
    const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
    const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }] });
    const take = core.recordings.beginImport({ sessionId: session.id, fileName: 'call.m4a', mimeType: 'audio/mp4' });
    chunksOf(makeMedia('m4a', 1), 2).forEach((c, seq) => core.recordings.append({ id: take.id, seq, data: c.toString('base64') }));
    await core.recordings.stop(take.id);
    const headers = (site?: string) => ({ host: `127.0.0.1:${host.port}`, ...(site ? { 'sec-fetch-site': site } : {}) });
    for (const site of ['cross-site', 'same-site']) {
      const media = await raw(host, { path: `/media/recording/${take.id}`, headers: { ...headers(site), 'sec-fetch-dest': 'video' } });
      expect(media.status, site).toBe(403);
      const events = await raw(host, { path: '/events', headers: headers(site) });
      expect(events.status, site).toBe(403);
    }
    for (const site of ['same-origin', 'none', undefined]) {
      const media = await raw(host, { path: `/media/recording/${take.id}`, headers: headers(site) });
      expect(media.status, site).toBe(200);
      expect(media.headers['cross-origin-resource-policy'], site).toBe('same-origin');
    }
    expect((await fetch(`${host.url}/`)).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('takes only GET at /events and caps the number of open streams', async () => {
    const { host } = await start();
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await fetch(`${host.url}/events`, { method })).status, method).toBe(405);
    const controllers: AbortController[] = [];
    try {
      for (let i = 0; i < maxEventClients; i++) {
        const controller = new AbortController();
        controllers.push(controller);
        expect((await fetch(`${host.url}/events`, { signal: controller.signal })).status).toBe(200);
      }
      const refused = await fetch(`${host.url}/events`);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'too_many_connections' } });
    } finally {
      for (const controller of controllers) controller.abort();
    }
  });

  it('answers domain errors with 4xx and keeps 500 for real faults', async () => {
    const { core, host } = await start();
    const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
    const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
    const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }] });
    const consent = await rpc(host, 'recordings:start', { sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents: [{ repId: aino.id }], confirmedBy: 'Aino' });
    expect(consent.status).toBe(409);
    expect(await consent.json()).toMatchObject({ error: { code: 'consent_missing' } });
    const take = core.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents: [{ repId: aino.id }, { repId: ben.id }], confirmedBy: 'Aino', channelMap: null });
    const gap = await rpc(host, 'recordings:append', { id: take.id, seq: 3, data: 'AAAA' });
    expect(gap.status).toBe(409);
    expect(await gap.json()).toMatchObject({ error: { code: 'chunk_gap' } });
    const pastEnd = await rpc(host, 'markers:add', { recordingId: take.id, offsetMs: 3_600_000 });
    expect(pastEnd.status).toBe(400);
    expect(await pastEnd.json()).toMatchObject({ error: { code: 'invalid_input', issues: [{ path: 'offsetMs' }] } });
    await core.recordings.stop(take.id).catch(() => undefined);
    const inactive = await rpc(host, 'recordings:append', { id: take.id, seq: 0, data: 'AAAA' });
    expect(inactive.status).toBe(409);
    expect(await inactive.json()).toMatchObject({ error: { code: 'take_not_active' } });
    // Every code has its own status; only a fault is 500.
    for (const code of Object.values(ErrorCode)) {
      const status = httpStatusFor(code);
      if (code === ErrorCode.internal || code === ErrorCode.ffmpegFailed) expect(status, code).toBe(500);
      else expect(status, code).not.toBe(500);
    }
    expect(httpStatusFor('something_new')).toBe(500);
    expect(new AppError(ErrorCode.diskLow, 'x').code).toBe('disk_low');
  });
});
