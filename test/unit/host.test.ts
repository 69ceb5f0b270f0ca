import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../src/host/server';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function start() {
  const core = testCore();
  const rendererDir = tempDir();
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Reprise</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(rendererDir), `${path.basename(rendererDir)}-secret.txt`), 'secret');
  const host = await startHost({ core, rendererDir });
  hosts.push(host);
  return { core, host };
}

const rpc = (host: Host, channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** fetch() will not let us forge the Host header, so raw requests use node:http. */
function raw(host: Host, options: http.RequestOptions & { body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, ...options }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
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
});
