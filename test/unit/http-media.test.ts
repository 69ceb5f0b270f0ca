import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { offersPresigned, startHost, type Host } from '../../src/host/server';
import { makeMedia } from '../support/media';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

function rendererDir(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Reprise</title>');
  return dir;
}

/** The browser host with one real take, and its media address, as curl sees them. */
async function host() {
  const core = testCore();
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
  const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }] });
  const take = await core.recordings.importFile({ sessionId: session.id, file: makeMedia('m4a', 1) });
  const started = await startHost({ core, rendererDir: rendererDir() });
  hosts.push(started);
  const url = `${started.url}/media/recording/${take.id}`;
  const get = (headers: Record<string, string> = {}) => fetch(url, { headers });
  return { core, host: started, take, url, get, size: take.sizeBytes };
}

describe('media over HTTP (RFC 9110 ranges and conditional requests)', () => {
  it('gives a strong ETag and Last-Modified, private and never stored, and answers 304 to If-None-Match and If-Modified-Since', async () => {
    const { get } = await host();
    const first = await get();
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(first.headers.get('last-modified')!).toUTCString()).toBe(first.headers.get('last-modified'));
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    const conditions: Record<string, string>[] = [{ 'if-none-match': etag }, { 'if-none-match': `"other", W/${etag}` }, { 'if-none-match': '*' }, { 'if-modified-since': first.headers.get('last-modified')! }];
    for (const condition of conditions) {
      const again = await get(condition);
      expect(again.status, JSON.stringify(condition)).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    }
    const changed = await get({ 'if-none-match': '"not-this-one"' });
    expect(changed.status).toBe(200);
    await changed.arrayBuffer();
  });

  it('answers one byte range 206, ignores other units, several ranges and malformed ones (200), and an unsatisfiable one 416', async () => {
    const { get, size } = await host();
    const part = await get({ range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(10);
    for (const range of ['items=0-9', 'bytes=0-1,5-6', 'bytes=abc', 'bytes=9-3', 'bytes=-', 'bytes 0-9']) {
      const whole = await get({ range });
      expect(whole.status, range).toBe(200);
      expect((await whole.arrayBuffer()).byteLength).toBe(size);
    }
    for (const range of [`bytes=${size}-`, 'bytes=-0']) {
      const outside = await get({ range });
      expect(outside.status, range).toBe(416);
      expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);
      await outside.arrayBuffer();
    }
  });

  it('sends the range only for the version named in If-Range: a stale or weak ETag gets the whole file', async () => {
    const { get, size } = await host();
    const first = await get({ range: 'bytes=0-9' });
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const same = await get({ range: 'bytes=10-19', 'if-range': etag });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const byDate = await get({ range: 'bytes=10-19', 'if-range': lastModified });
    expect(byDate.status).toBe(206);
    await byDate.arrayBuffer();
    for (const stale of ['"0-0"', `W/${etag}`, 'Thu, 01 Jan 1970 00:00:00 GMT']) {
      const whole = await get({ range: 'bytes=10-19', 'if-range': stale });
      expect(whole.status, stale).toBe(200);
      expect((await whole.arrayBuffer()).byteLength).toBe(size);
    }
  });

  it('sends nosniff, COOP same-origin and a Permissions-Policy on every answer: the page, media, JSON and errors', async () => {
    const { host: started, url } = await host();
    const answers = [
      await fetch(`${started.url}/`),
      await fetch(url),
      await fetch(`${started.url}/rpc/people:list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      await fetch(`${started.url}/rpc/no:such`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      await fetch(`${started.url}/missing.js`),
      await fetch(`${started.url}/media/recording/nope`),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 404, 404]);
    for (const answer of answers) {
      await answer.arrayBuffer();
      expect(answer.headers.get('x-content-type-options'), answer.url).toBe('nosniff');
      expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(answer.headers.get('permissions-policy')).toBe('camera=(self), microphone=(self), display-capture=(self)');
    }
  });
});

describe("the hub's sign-in cookie", () => {
  it('lives 30 days and renews with each use, but not for a desktop token', async () => {
    const core = testCore();
    const sam = core.people.create({ name: 'Sam', email: 'sam@example.com' });
    const started = await startHost({ core, rendererDir: rendererDir(), hub: { secure: false, trustProxy: false } });
    hosts.push(started);
    const redeem = (kind: string) =>
      fetch(`${started.url}/auth/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: core.accounts.createInvite(sam.id, null, 24, null).code, kind }),
      });
    const signedIn = await redeem('browser');
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/; Max-Age=2592000(;|$)/);
    const used = await fetch(`${started.url}/rpc/access:me`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0]! }, body: '{}' });
    expect(used.status).toBe(200);
    expect(used.headers.get('set-cookie')).toBe(cookie);
    // A stranger's or a desktop's request sets no cookie.
    const stranger = await fetch(`${started.url}/rpc/access:me`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'reprise_session=forged' }, body: '{}' });
    expect(stranger.headers.get('set-cookie')).toBeNull();
    const desktop = (await (await redeem('desktop')).json()) as { value: { token: string } };
    const byToken = await fetch(`${started.url}/rpc/access:me`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${desktop.value.token}` }, body: '{}' });
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get('set-cookie')).toBeNull();
  });
});

describe('which media requests a hub on a bucket sends to the storage', () => {
  const ask = (method: string, kind: string, query: string, headers: Record<string, string> = {}, presigning = true) =>
    offersPresigned({ method, kind, query: new URLSearchParams(query), header: (name) => headers[name] }, presigning);

  it("a player's GET of a take (a browser's Range included) and ?presigned; never a HEAD, a thumbnail, ?stream, the hub's validators, or with presigning off", () => {
    expect(ask('GET', 'recording', '', { range: 'bytes=0-' })).toBe(true);
    expect(ask('GET', 'recording', 'presigned', { 'if-none-match': '"x"' })).toBe(true);
    expect(ask('HEAD', 'recording', '')).toBe(false);
    expect(ask('GET', 'thumbnail', '')).toBe(false);
    expect(ask('GET', 'recording', 'stream', { range: 'bytes=0-' })).toBe(false);
    for (const name of ['if-none-match', 'if-range', 'if-modified-since']) expect(ask('GET', 'recording', '', { [name]: '"x"' })).toBe(false);
    expect(ask('GET', 'recording', 'presigned', {}, false)).toBe(false);
  });
});
