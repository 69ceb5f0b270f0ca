import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import { hubPlan } from '../../src/host/commands/hub';
import { maxEventClients, startHost, type Host } from '../../src/host/server';
import type { HubDoorOptions } from '../../src/host/hub-door';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

/** The ways a person could widen their own reach at the hub's door, each refused. */

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

function rendererDir(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Reprise</title>');
  return dir;
}

async function hub(options: Partial<HubDoorOptions> = {}) {
  const core = testCore();
  const ada = core.people.create({ name: 'Ada', email: 'ada@example.com' });
  const sam = core.people.create({ name: 'Sam', email: 'sam@example.com' });
  const bea = core.people.create({ name: 'Bea', email: 'bea@example.com' });
  const otto = core.people.create({ name: 'Otto', email: 'otto@example.com' });
  core.access.setRole(ada.id, 'admin');
  const session = core.sessions.create({
    focusAreaId: 'discovery',
    participants: [
      { repId: sam.id, role: 'seller' },
      { repId: bea.id, role: 'buyer' },
    ],
  });
  const host = await startHost({ core, rendererDir: rendererDir(), hub: { secure: false, trustProxy: false, ...options } });
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

type TestCore = Awaited<ReturnType<typeof hub>>['core'];

async function token(core: TestCore, host: Host, repId: string, device = 'Test laptop'): Promise<string> {
  const { code } = core.accounts.createInvite(repId, null, 24, null);
  const answer = await post(host, '/auth/redeem', { code, kind: 'desktop', device });
  expect(answer.status).toBe(200);
  return (answer.body.value as { token: string }).token;
}

describe('sign-in limits', () => {
  it('lets an office sign in on its first day: many wrong codes from one address, then a right one works', async () => {
    const { core, host, sam } = await hub();
    for (let i = 0; i < 40; i++) expect((await post(host, '/auth/redeem', { code: `WRONG-CODE-${i}` })).status).toBe(401);
    const { code } = core.accounts.createInvite(sam.id, null, 24, null);
    expect((await post(host, '/auth/redeem', { code, kind: 'desktop' })).status).toBe(200);
  });

  it('bounds guessing per address, and in total without making a fresh address wait', async () => {
    const { core, host, sam, bea } = await hub({ trustProxy: true, maxFailures: 6, maxTotalFailures: 8 });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let i = 0; i < 6; i++) expect((await post(host, '/auth/redeem', { code: `WRONG-${i}` }, from('198.51.100.1'))).status).toBe(401);
    const blocked = await post(host, '/auth/redeem', { code: core.accounts.createInvite(sam.id, null, 24, null).code, kind: 'desktop' }, from('198.51.100.1'));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Wrong codes from elsewhere fill the total: an address that was wrong a few times waits now…
    for (let i = 0; i < 5; i++) expect((await post(host, '/auth/redeem', { code: `WRONG-B${i}` }, from('198.51.100.2'))).status).toBe(401);
    expect(core.accounts.auditLog(100).filter((e) => e.action === 'sign-in-refused')).toHaveLength(11);
    expect((await post(host, '/auth/redeem', { code: 'WRONG-B9' }, from('198.51.100.2'))).status).toBe(429);
    // …while someone at a new address with a right code still gets in.
    const { code } = core.accounts.createInvite(bea.id, null, 24, null);
    expect((await post(host, '/auth/redeem', { code, kind: 'desktop' }, from('198.51.100.3'))).status).toBe(200);
  });
});

describe('--trust-proxy', () => {
  it('takes the client address from the right of X-Forwarded-For, where the proxy wrote it', async () => {
    const { core, host, sam } = await hub({ trustProxy: true, maxFailures: 3 });
    // A guesser writes a new address of its own on the left each time; the proxy appends the real one.
    for (let i = 0; i < 3; i++) {
      expect((await post(host, '/auth/redeem', { code: `WRONG-${i}` }, { 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` })).status).toBe(401);
    }
    expect((await post(host, '/auth/redeem', { code: 'WRONG-X' }, { 'x-forwarded-for': '10.9.9.9, 203.0.113.7' })).status).toBe(429);
    const refused = core.accounts.auditLog(100).filter((e) => e.action === 'sign-in-refused');
    expect(new Set(refused.map((e) => e.address))).toEqual(new Set(['203.0.113.7']));
    const { code } = core.accounts.createInvite(sam.id, null, 24, null);
    expect((await post(host, '/auth/redeem', { code, kind: 'desktop' }, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
  });

  it('counts hops for a chain of proxies', async () => {
    const { core, host } = await hub({ trustProxy: true, proxyHops: 2 });
    await post(host, '/auth/redeem', { code: 'WRONG' }, { 'x-forwarded-for': '10.0.0.1, 203.0.113.7, 192.0.2.10' });
    expect(core.accounts.auditLog(10).find((e) => e.action === 'sign-in-refused')?.address).toBe('203.0.113.7');
    expect(hubPlan({ listen: '0.0.0.0:8443', 'trust-proxy': true, 'proxy-hops': '2', 'public-url': 'https://r.example.com' }).hub).toMatchObject({ proxyHops: 2 });
    expect(() => hubPlan({ 'proxy-hops': '2' })).toThrow(/--trust-proxy/);
    expect(() => hubPlan({ 'trust-proxy': true, 'proxy-hops': '0' })).toThrow(/--proxy-hops/);
  });
});

describe('tus uploads', () => {
  it('checks the owner of the upload tus will act on, however its address is written', async () => {
    const { core, host, sam, otto, session } = await hub();
    const tus = (t: string) => ({ ...bearer(t), 'tus-resumable': '1.0.0' });
    const [samToken, ottoToken] = [await token(core, host, sam.id), await token(core, host, otto.id)];
    const meta = { recordingId: '0190a0a0-0000-7000-8000-000000000001', sessionId: session.id, sha256: 'a'.repeat(64), mode: 'microphone', consents: '[]' };
    const created = await fetch(`${host.url}/uploads/`, {
      method: 'POST',
      headers: {
        ...tus(samToken),
        'upload-length': '1000',
        'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(','),
      },
    });
    expect(created.status).toBe(201);
    const at = new URL(created.headers.get('location')!, host.url).pathname;
    const id = at.split('/').pop()!;
    const escaped = `/uploads/${id.slice(0, 31)}%${id.charCodeAt(31).toString(16)}`;
    for (const address of [`${at}/`, `/uploads/x/${id}`, escaped, `${at}?x=1`]) {
      for (const method of ['HEAD', 'DELETE', 'PATCH']) {
        const answer = await fetch(`${host.url}${address}`, {
          method,
          headers: { ...tus(ottoToken), 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
          ...(method === 'PATCH' ? { body: 'x'.repeat(10) } : {}),
        });
        expect([403, 404], `${method} ${address}`).toContain(answer.status);
      }
    }
    const own = await fetch(`${host.url}${at}`, { method: 'HEAD', headers: tus(samToken) });
    expect(own.status).toBe(200);
    expect(own.headers.get('upload-offset')).toBe('0');
    expect(fs.existsSync(path.join(core.dataDir, 'uploads', id))).toBe(true);
  });
});

describe('Idempotency-Key', () => {
  it('replays an answer only to the same device, channel and input, while access allows, for a day at most', async () => {
    const { core, host, sam, otto } = await hub();
    const [laptop, phone] = [await token(core, host, sam.id, 'Laptop'), await token(core, host, sam.id, 'Phone')];
    const send = (t: string, key: string, channel: string, input: unknown) => post(host, `/rpc/${channel}`, input, { ...bearer(t), 'idempotency-key': key });
    const adHoc = { focusAreaId: 'discovery', participants: [{ repId: sam.id, role: 'seller' }] };
    const idOf = (a: Answer) => (a.body.value as { id: string }).id;

    const first = await send(laptop, 'k1', 'sessions:create', adHoc);
    expect(first.status).toBe(200);
    expect(idOf(await send(laptop, 'k1', 'sessions:create', adHoc))).toBe(idOf(first));
    // Another device's key is its own, even when it happens to be the same text.
    const fromPhone = await send(phone, 'k1', 'sessions:create', adHoc);
    expect(fromPhone.status).toBe(200);
    expect(idOf(fromPhone)).not.toBe(idOf(first));
    // The same key with another input or channel is not answered with the first answer.
    const otherInput = await send(laptop, 'k1', 'sessions:create', { ...adHoc, title: 'Another' });
    expect(otherInput.status).toBe(409);
    expect((await send(laptop, 'k1', 'sessions:list', {})).status).toBe(409);

    // After a day the answer is forgotten: the same key runs again.
    core.setNow('2026-11-28T09:00:01Z');
    const later = await send(laptop, 'k1', 'sessions:create', adHoc);
    expect(later.status).toBe(200);
    expect(idOf(later)).not.toBe(idOf(first));
    expect(core.db.prepare("SELECT count(*) FROM hub_idempotency WHERE created_at < '2026-11-28'").pluck().get()).toBe(0);

    // A role taken away is not given back by replaying an answer from when it was held.
    core.access.setRole(otto.id, 'admin');
    const ottoToken = await token(core, host, otto.id);
    const made = await send(ottoToken, 'k2', 'focus-areas:create', { name: 'Negotiation' });
    expect(made.status).toBe(200);
    core.access.setRole(otto.id, 'rep');
    expect((await send(ottoToken, 'k2', 'focus-areas:create', { name: 'Negotiation' })).status).toBe(403);
  });
});

describe('/events on a hub', () => {
  /** An open event stream and everything it has received so far. */
  async function follow(host: Host, t: string, signal: AbortSignal) {
    const response = await fetch(`${host.url}/events`, { headers: bearer(t), signal });
    const stream = { status: response.status, text: '' };
    if (response.status === 200) {
      const reader = response.body!.getReader();
      void (async () => {
        for (;;) {
          const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (done) return;
          stream.text += Buffer.from(value!).toString('utf8');
        }
      })();
    } else {
      await response.body?.cancel();
    }
    return stream;
  }

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(check()).toBe(true);
  }

  it('limits streams per person, so one person with many tabs never shuts out another', async () => {
    const { core, host, sam, otto } = await hub();
    const [samToken, ottoToken] = [await token(core, host, sam.id), await token(core, host, otto.id)];
    const controller = new AbortController();
    try {
      for (let i = 0; i < maxEventClients; i++) expect((await follow(host, ottoToken, controller.signal)).status).toBe(200);
      expect((await follow(host, ottoToken, controller.signal)).status).toBe(503);
      expect((await follow(host, samToken, controller.signal)).status).toBe(200);
    } finally {
      controller.abort();
    }
  });

  it('sends each person only the ids they may see', async () => {
    const { core, host, sam, otto, session } = await hub();
    const [samToken, ottoToken] = [await token(core, host, sam.id), await token(core, host, otto.id)];
    const controller = new AbortController();
    try {
      const [samStream, ottoStream] = [await follow(host, samToken, controller.signal), await follow(host, ottoToken, controller.signal)];
      await until(() => samStream.text.includes(': connected') && ottoStream.text.includes(': connected'));
      core.sessions.update(session.id, { title: 'Discovery practice' });
      core.events.emit('recordings:progress', { id: 'rec-of-nobody', phase: 'finalizing', percent: 50 });
      core.sessions.createFocusArea({ name: 'Negotiation' });
      await until(() => samStream.text.includes('focus-areas:changed') && ottoStream.text.includes('focus-areas:changed'));
      expect(samStream.text).toContain(session.id);
      expect(ottoStream.text).not.toContain(session.id);
      expect(ottoStream.text).not.toContain('sessions:changed');
      expect(ottoStream.text).not.toContain('rec-of-nobody');
    } finally {
      controller.abort();
    }
  });
});

describe("changing a session's participants", () => {
  it('is for the coach and managers among people they lead, never a rep, and every change is audited', async () => {
    const { core, host, ada, sam, bea, otto, session } = await hub();
    const mia = core.people.create({ name: 'Mia', email: 'mia@example.com' });
    const rae = core.people.create({ name: 'Rae', email: 'rae@example.com' });
    for (const report of [sam, rae]) core.people.update(report.id, { managerId: mia.id });
    const [samToken, miaToken, adaToken] = [await token(core, host, sam.id), await token(core, host, mia.id), await token(core, host, ada.id)];
    const update = (t: string, patch: unknown) => post(host, '/rpc/sessions:update', { id: session.id, patch }, bearer(t));
    const people = (extra: { repId: string; role: string }[] = []) => [{ repId: sam.id, role: 'seller' }, { repId: bea.id, role: 'buyer' }, ...extra];

    // A rep in the session cannot bring a colleague in (who would then see it), nor swap roles…
    expect((await update(samToken, { participants: people([{ repId: otto.id, role: 'observer' }]) })).status).toBe(403);
    expect((await update(samToken, { participants: [{ repId: sam.id, role: 'buyer' }, { repId: bea.id, role: 'seller' }] })).status).toBe(403);
    // …but still edits the session, the people sent along unchanged.
    expect((await update(samToken, { title: 'Discovery, take two', participants: people() })).status).toBe(200);
    // A manager moves their own people only: not someone from another team.
    expect((await update(miaToken, { participants: people([{ repId: otto.id, role: 'observer' }]) })).status).toBe(403);
    expect((await update(miaToken, { participants: people([{ repId: rae.id, role: 'observer' }]) })).status).toBe(200);
    expect(core.sessions.get(session.id).participants.map((p) => p.repId)).toContain(rae.id);
    expect((await update(adaToken, { participants: people([{ repId: otto.id, role: 'observer' }]) })).status).toBe(200);

    // Each change is in the audit log with who made it and the new list; an edit that left the people as they were is not.
    const log = core.accounts.auditLog(100).filter((e) => e.action === 'participants-change');
    expect(log.map((e) => e.actorId).sort()).toEqual([ada.id, mia.id].sort());
    expect(log.every((e) => e.subject === 'sessions:update')).toBe(true);
    expect(log.find((e) => e.actorId === mia.id)!.detail).toContain(rae.id);
  });
});

describe('invitations', () => {
  it('sign a person in with the role they have when they redeem, not the one the invite was made with', async () => {
    const { core, host, ada, otto } = await hub();
    const adaToken = await token(core, host, ada.id);
    const made = await post(host, '/rpc/invites:create', { repId: otto.id, role: 'admin' }, bearer(adaToken));
    expect(made.body.value).toMatchObject({ role: 'admin' });
    // The admin thinks better of it before Otto signs in.
    expect((await post(host, '/rpc/access:set-role', { repId: otto.id, role: 'rep' }, bearer(adaToken))).status).toBe(200);
    const redeemed = await post(host, '/auth/redeem', { code: (made.body.value as { code: string }).code, kind: 'desktop' });
    expect(redeemed.status).toBe(200);
    const ottoToken = (redeemed.body.value as { token: string }).token;
    expect((await post(host, '/rpc/access:me', {}, bearer(ottoToken))).body.value).toMatchObject({ role: 'rep' });
    expect((await post(host, '/rpc/audit:list', {}, bearer(ottoToken))).status).toBe(403);
  });

  it('are listed for admins without their codes and can be taken back, in the app and on the command line', async () => {
    const { core, host, ada, sam, otto } = await hub();
    const [adaToken, samToken] = [await token(core, host, ada.id), await token(core, host, sam.id)];
    const forOtto = core.accounts.createInvite(otto.id, 'coach', 24, ada.id);
    const forSam = core.accounts.createInvite(sam.id, null, 24, ada.id);
    const listed = await post(host, '/rpc/invites:list', {}, bearer(adaToken));
    const open = listed.body.value as { id: string; email: string; role: string; createdByName: string }[];
    expect(open.map((i) => [i.email, i.role, i.createdByName]).sort()).toEqual([['otto@example.com', 'coach', 'Ada'], ['sam@example.com', 'rep', 'Ada']]);
    expect(JSON.stringify(open)).not.toContain(forOtto.code);
    expect((await post(host, '/rpc/invites:list', {}, bearer(samToken))).status).toBe(403);
    expect((await post(host, '/rpc/invites:revoke', { code: forOtto.code }, bearer(samToken))).status).toBe(403);

    const samInvite = open.find((i) => i.email === 'sam@example.com')!;
    expect((await post(host, '/rpc/invites:revoke', { id: samInvite.id }, bearer(adaToken))).status).toBe(200);
    expect((await post(host, '/auth/redeem', { code: forSam.code, kind: 'desktop' })).status).toBe(401);
    expect(core.accounts.auditLog(50).some((e) => e.action === 'invite-revoked' && e.subject === 'sam@example.com')).toBe(true);

    const run = async (args: string[]) => {
      const out: string[] = [];
      const code = await runCli(['--data-dir', core.dataDir, ...args], { out: (t) => out.push(t), err: (t) => out.push(t) }, { REPRISE_NOW: '2026-11-27T10:00:00Z' });
      return { code, text: out.join('\n') };
    };
    core.close();
    const listedCli = await run(['hub', 'invites']);
    expect(listedCli).toMatchObject({ code: 0 });
    expect(listedCli.text).toMatch(/Otto <otto@example.com> \(coach\)/);
    expect(listedCli.text).not.toMatch(/sam@example.com/);
    expect(await run(['hub', 'invites', '--revoke', forOtto.code.toLowerCase()])).toMatchObject({ code: 0 });
    expect((await run(['hub', 'invites', '--json'])).text).toBe('[]');
    expect((await run(['hub', 'invites', '--revoke', forOtto.code])).code).not.toBe(0);
  });
});
