import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubPlan, parseListen } from '../../src/host/commands/hub';
import { startHost, type Host } from '../../src/host/server';
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

/** A hub on loopback with a small team: Ada (admin), Sam and Bea in a session, Otto outside it. */
async function hub() {
  const core = testCore();
  const ada = core.people.create({ name: 'Ada', email: 'ada@example.com' });
  const sam = core.people.create({ name: 'Sam', email: 'sam@example.com' });
  const bea = core.people.create({ name: 'Bea', email: 'bea@example.com' });
  const otto = core.people.create({ name: 'Otto', email: 'otto@example.com' });
  const session = core.sessions.create({
    focusAreaId: 'discovery',
    participants: [
      { repId: sam.id, role: 'seller' },
      { repId: bea.id, role: 'buyer' },
    ],
  });
  core.db
    .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('rec1', ?, 'microphone', 'ready', 'audio/webm', '2026-11-26T13:00:00Z')`)
    .run(session.id);
  const host = await startHost({ core, rendererDir: rendererDir(), hub: { secure: false, trustProxy: false, maxFailures: 5 } });
  hosts.push(host);
  return { core, host, ada, sam, bea, otto, session };
}

type Answer = { status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; headers: Headers };

async function post(host: Host, pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${host.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signIn(core: Awaited<ReturnType<typeof hub>>['core'], host: Host, repId: string, kind: 'desktop' | 'browser' = 'desktop') {
  const { code } = core.accounts.createInvite(repId, null, 24, null);
  const answer = await post(host, '/auth/redeem', { code, kind, device: 'Test laptop' });
  expect(answer.status).toBe(200);
  return answer;
}

async function token(core: Awaited<ReturnType<typeof hub>>['core'], host: Host, repId: string): Promise<string> {
  return ((await signIn(core, host, repId)).body.value as { token: string }).token;
}

describe('the team hub', () => {
  it('lets no stranger in: rpc, events and media need a sign-in; the app itself loads for the sign-in screen', async () => {
    const { host } = await hub();
    expect((await post(host, '/rpc/people:list', {})).status).toBe(401);
    expect((await fetch(`${host.url}/events`)).status).toBe(401);
    expect((await fetch(`${host.url}/media/recording/rec1`)).status).toBe(401);
    expect((await fetch(`${host.url}/`)).status).toBe(200);
  });

  it('signs a browser in with a one-time code: an HttpOnly, SameSite=Strict cookie, and the code works once', async () => {
    const { core, host, sam } = await hub();
    const { code } = core.accounts.createInvite(sam.id, null, 24, null);
    const first = await post(host, '/auth/redeem', { code: code.toLowerCase().replace(/-/g, ' ') });
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^reprise_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(first.body.value).not.toHaveProperty('token');
    const me = await post(host, '/rpc/access:me', {}, { cookie: cookie.split(';')[0]! });
    expect(me.body).toMatchObject({ ok: true, value: { kind: 'person', repId: sam.id, name: 'Sam', role: 'rep' } });
    const again = await post(host, '/auth/redeem', { code });
    expect(again.status).toBe(401);
    expect(again.body.error?.code).toBe('invite_invalid');
    expect(core.accounts.devices({ kind: 'owner' })).toHaveLength(1);
  });

  it('refuses an expired code, a forged token and a revoked device, and changes nothing', async () => {
    const { core, host, sam } = await hub();
    const { code } = core.accounts.createInvite(sam.id, null, 1, null);
    core.setNow('2026-11-27T10:00:01Z');
    const expired = await post(host, '/auth/redeem', { code });
    expect(expired.status).toBe(401);
    expect(core.accounts.devices({ kind: 'owner' })).toHaveLength(0);

    const forged = await post(host, '/rpc/people:create', { name: 'X', email: 'x@example.com' }, bearer('A'.repeat(43)));
    expect(forged.status).toBe(401);

    const samToken = await token(core, host, sam.id);
    const device = core.accounts.devices({ kind: 'owner' })[0]!;
    expect((await post(host, '/rpc/access:me', {}, bearer(samToken))).status).toBe(200);
    const revoked = await post(host, '/rpc/devices:revoke', { id: device.id }, bearer(samToken));
    expect(revoked.body).toMatchObject({ ok: true, value: { revokedAt: expect.any(String) } });
    expect((await post(host, '/rpc/access:me', {}, bearer(samToken))).status).toBe(401);
    expect(core.people.list({}).map((p) => p.email)).not.toContain('x@example.com');
  });

  it('refuses cross-site requests and foreign Host headers before anything runs', async () => {
    const { core, host, ada } = await hub();
    core.access.setRole(ada.id, 'admin');
    const adaToken = await token(core, host, ada.id);
    const crossSite = await post(host, '/rpc/people:create', { name: 'X', email: 'x@example.com' }, { ...bearer(adaToken), origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const foreignHost = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, method: 'POST', path: '/rpc/people:list', headers: { host: 'evil.example', 'content-type': 'application/json', ...bearer(adaToken) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(foreignHost).toBe(421);
    expect(core.people.list({}).map((p) => p.email)).not.toContain('x@example.com');
  });

  it('slows down guessing: after five wrong codes from one address it answers 429 with Retry-After', async () => {
    const { host } = await hub();
    for (let i = 0; i < 5; i++) expect((await post(host, '/auth/redeem', { code: `WRONG-CODE-${i}` })).status).toBe(401);
    const blocked = await post(host, '/auth/redeem', { code: 'WRONG-CODE-X' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.error?.code).toBe('rate_limited');
  });

  it('shows each person what their role allows, follows a role change, and audits refusals', async () => {
    const { core, host, ada, sam, otto, session } = await hub();
    core.access.setRole(ada.id, 'admin');
    const [adaToken, samToken, ottoToken] = [await token(core, host, ada.id), await token(core, host, sam.id), await token(core, host, otto.id)];
    const sessionsOf = async (t: string) => ((await post(host, '/rpc/sessions:list', {}, bearer(t))).body.value as { id: string }[]).map((s) => s.id);
    expect(await sessionsOf(samToken)).toEqual([session.id]);
    expect(await sessionsOf(ottoToken)).toEqual([]);
    expect((await fetch(`${host.url}/media/recording/rec1`, { headers: bearer(ottoToken) })).status).toBe(403);
    expect((await fetch(`${host.url}/media/recording/rec1`, { headers: bearer(samToken) })).status).not.toBe(403);
    const refused = await post(host, '/rpc/rubric-templates:create', {}, bearer(samToken));
    expect(refused.status).toBe(400); // bad input is told before rights: nothing leaks either way
    const forbidden = await post(host, '/rpc/settings:update', { newHireDays: 90 }, bearer(samToken));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.message).toMatch(/admin/);

    const promoted = await post(host, '/rpc/access:set-role', { repId: otto.id, role: 'admin' }, bearer(adaToken));
    expect(promoted.status).toBe(200);
    expect(await sessionsOf(ottoToken)).toEqual([session.id]);

    const log = (await post(host, '/rpc/audit:list', {}, bearer(adaToken))).body.value as { action: string; subject: string }[];
    const actions = log.map((e) => e.action);
    expect(actions).toContain('sign-in');
    expect(actions).toContain('role-change');
    expect(log.filter((e) => e.action === 'denied').map((e) => e.subject)).toEqual(expect.arrayContaining(['settings:update', '/media/recording/rec1']));
  });

  it('serves HTTPS with a certificate, and will not listen beyond loopback without TLS or a proxy', async () => {
    expect(() => hubPlan({ listen: '0.0.0.0:8443' })).toThrow(/HTTPS/);
    expect(() => hubPlan({ listen: '0.0.0.0:8443', 'trust-proxy': true })).toThrow(/--public-url/);
    expect(hubPlan({ listen: '0.0.0.0:8443', 'trust-proxy': true, 'public-url': 'https://reprise.example.com' }).hub).toMatchObject({ secure: true });
    expect(parseListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListen('[::1]:5318')).toEqual({ host: '::1', port: 5318 });

    const dir = tempDir();
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-days', '1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const core = testCore();
    const host = await startHost({
      core,
      rendererDir: rendererDir(),
      tls: { cert: fs.readFileSync(path.join(dir, 'cert.pem')), key: fs.readFileSync(path.join(dir, 'key.pem')) },
      hub: { secure: true, trustProxy: false },
    });
    hosts.push(host);
    expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(`${host.url}/rpc/people:list`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(status).toBe(405); // reached over TLS; GET is the wrong method
  });
});
