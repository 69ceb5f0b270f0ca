import { describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src/core/core';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubEventStream, reconnectDelayMs } from '../../src/core/hub/hub-events';
import type { Channel, ChannelInput, ChannelOutput, EventName } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';
import { bearerOf, cli, closeCore, desktopCore, owner, recordTake, serveHub, stopHost, team } from '../support/hub-team';

async function call<C extends Channel>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(core.handlers, channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as ChannelOutput<C>;
}

/** Every event a desktop's own pages hear, in order, from now on. */
function heard(core: Core): { name: EventName; payload: unknown }[] {
  const seen: { name: EventName; payload: unknown }[] = [];
  core.events.onAny((name, payload) => seen.push({ name, payload }));
  return seen;
}

/** Resolves with the first event after now that `match` accepts. */
function next(core: Core, match: (name: EventName, payload: unknown) => boolean): Promise<{ name: EventName; payload: unknown }> {
  return new Promise((resolve) => {
    const off = core.events.onAny((name, payload) => {
      if (!match(name, payload)) return;
      off();
      resolve({ name, payload });
    });
  });
}

const naming = (id: string) => (name: EventName, payload: unknown) => name === 'sessions:changed' && (payload as { ids: string[] }).ids.includes(id);
const realSetTimeout = globalThis.setTimeout;
const syncing = (name: EventName, payload: unknown) => name === 'sync:changed' && (payload as { state: string }).state === 'syncing';

/** A desktop joined to the hub, its link started (event stream open, first sync done); the fallback poll is far off. */
async function connected(dir: string): Promise<Core> {
  const core = desktopCore(dir);
  core.link!.start(24 * 3_600_000);
  await vi.waitFor(() => expect(core.link!.streamLive).toBe(true), { timeout: 20_000, interval: 50 });
  await core.link!.syncOnce();
  return core;
}

async function rename(url: string, adminDir: string, sessionId: string, title: string): Promise<void> {
  const response = await fetch(`${url}/rpc/sessions:update`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearerOf(adminDir) },
    body: JSON.stringify({ id: sessionId, patch: { title } }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

describe('a hub pushes changes to connected desktops', () => {
  it("a write by one person reaches another's desktop through the stream, and the desktop syncs because of it", async () => {
    const t = await team();
    const admin = await t.desktop(t.ada.id);
    const cole = await connected(await t.desktop(t.cole.id));

    const told = next(cole, naming(t.session.id));
    const synced = told.then(() => next(cole, syncing));
    await rename(t.host.url, admin, t.session.id, 'Discovery, second round');
    expect((await told).payload).toEqual({ ids: [t.session.id] });
    await synced;
    // The page reads again from the hub and finds the change.
    const session = await cole.handlers['sessions:get']({ id: t.session.id }, { caller: { kind: 'owner' } });
    expect(session.title).toBe('Discovery, second round');
  });

  it('a role changed by the CLI on the hub\'s data folder (another connection) reaches the person\'s desktop through the stream', async () => {
    const t = await team();
    const cai = await connected(await t.desktop(t.cai.id));
    const told = next(cai, (name, payload) => name === 'access:changed' && (payload as { repIds: string[] }).repIds.includes(t.cai.id));
    // The write is another core's (its own connection, its own events), as `reprise hub invite --role` in its own process:
    // the hub finds it in the database.
    const changed = await cli(['--data-dir', t.hub.dataDir, 'hub', 'invite', 'cai@example.com', '--role', 'coach']);
    expect(changed.code, changed.stderr).toBe(0);
    expect((await told).payload).toEqual({ repIds: [t.cai.id] });
    expect((await cai.handlers['access:me']({}, { caller: { kind: 'owner' } })).role).toBe('coach');
  });

  it('a person who may not see a session hears no event naming it (the stranger)', async () => {
    const t = await team();
    const admin = await t.desktop(t.ada.id);
    const cai = await connected(await t.desktop(t.cai.id));
    const cole = await connected(await t.desktop(t.cole.id));
    const caiHeard = heard(cai);

    const coleTold = next(cole, naming(t.session.id));
    await rename(t.host.url, admin, t.session.id, 'Not for Cai');
    await coleTold;
    // A change everyone may see, made after: the stream keeps order, so once it arrives anything
    // about the session would have arrived before it.
    const caiTold = next(cai, (name) => name === 'focus-areas:changed');
    const response = await fetch(`${t.host.url}/rpc/focus-areas:create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearerOf(admin) },
      body: JSON.stringify({ name: 'Negotiation' }),
    });
    expect(response.status).toBe(200);
    await caiTold;
    expect(caiHeard.filter((e) => JSON.stringify(e.payload).includes(t.session.id))).toEqual([]);
    expect(caiHeard.some((e) => e.name === 'sessions:changed')).toBe(false);
  });

  it('the stream is opened again after the hub restarts, and pushes arrive on it', async () => {
    const t = await team();
    const admin = await t.desktop(t.ada.id);
    const cole = await connected(await t.desktop(t.cole.id));

    const offline = next(cole, (name, payload) => name === 'sync:changed' && (payload as { state: string }).state === 'offline');
    await stopHost(t.host);
    await offline;
    expect(cole.link!.streamLive).toBe(false);

    const host = await serveHub(t.hub, t.host.port);
    await vi.waitFor(() => expect(cole.link!.streamLive).toBe(true), { timeout: 30_000, interval: 50 });
    const told = next(cole, naming(t.session.id));
    await rename(host.url, admin, t.session.id, 'After the restart');
    expect((await told).payload).toEqual({ ids: [t.session.id] });
  });

  it('a take finished on a connected desktop goes up at once, not at the next slow sync', async () => {
    const t = await team();
    const aino = await connected(await t.desktop(t.aino.id));
    const everyone = [t.aino.id, t.cole.id].map((repId) => ({ repId, share: true }));
    const take = await recordTake(aino, t.session.id, everyone);
    // The fallback sync is a day away and the hub has told of nothing: only the finished take starts the upload.
    await vi.waitFor(async () => expect((await aino.handlers['sync:uploads']({}, owner)).map((u) => u.state)).toEqual(['done']), { timeout: 30_000, interval: 100 });
    expect(t.hub.recordings.list({}).map((r) => r.id)).toEqual([take]);
    // A first upload asks the hub nothing it must refuse: each refusal is a line in the hub's audit log.
    expect(t.hub.db.prepare(`SELECT subject FROM audit_log WHERE action = 'denied'`).pluck().all()).toEqual([]);
  });
});

describe('a hub that comes back', () => {
  /** Polls with the real clock while the link's own timers are fake and never advanced; the bound is the test's, not a speed claim. */
  async function until(ok: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const sleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));
    for (let waited = 0; waited < 30_000; waited += 50) {
      if (await ok()) return;
      await sleep(50);
    }
    throw new Error(`still waiting for ${what}`);
  }

  it('sends what waited offline as soon as the desktop hears the hub again, opens the stream at once, and never says "online" with writes waiting', async () => {
    const t = await team();
    const aino = await connected(await t.desktop(t.aino.id));
    const everyone = [t.aino.id, t.cole.id].map((repId) => ({ repId, share: true }));
    const sent = await recordTake(aino, t.session.id, everyone);
    await until(async () => (await aino.handlers['sync:uploads']({}, owner)).every((u) => u.state === 'done'), 'the first take on the hub');
    // The take's page, opened online: a marker added offline is answered from it.
    await aino.handlers['recordings:get']({ id: sent }, owner);

    // From here the link's timers do not run unless the test moves them, and it never does: the
    // stream's backoff and the slow fallback sync cannot be what sends the writes below.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      const offline = next(aino, (name, payload) => name === 'sync:changed' && (payload as { state: string }).state === 'offline');
      await stopHost(t.host);
      await offline;

      const card = await aino.handlers['scorecards:start']({ sessionId: t.session.id, reviewerId: t.aino.id }, owner);
      const sections = Object.fromEntries(card.template.sections.map((s) => [s.key, 'Ask about budget earlier']));
      const scores = card.template.criteria.map((c) => ({ criterionId: c.id, score: 4 }));
      expect(await call(aino, 'scorecards:submit', { id: card.id, scores, sections })).toMatchObject({ status: 'submitted' });
      await aino.handlers['markers:add']({ recordingId: sent, offsetMs: 700, note: 'Budget', tag: null }, owner);
      const waiting = await recordTake(aino, t.session.id, everyone);
      expect((await aino.handlers['sync:outbox']({}, owner)).map((w) => w.channel)).toEqual(['scorecards:start', 'scorecards:submit', 'markers:add']);
      expect((await aino.handlers['sync:uploads']({}, owner)).find((u) => u.recordingId === waiting)?.state).toBe('waiting');

      const statuses: { state: string; pending: number }[] = [];
      aino.events.onAny((name, payload) => {
        const s = payload as { state: string; outbox: { pending: number } };
        if (name === 'sync:changed') statuses.push({ state: s.state, pending: s.outbox.pending });
      });
      await serveHub(t.hub, t.host.port);
      // The sidebar asks for the status (as it does when the app is shown): the hub answers, so it is back.
      const status = await aino.handlers['sync:status']({}, owner);
      expect(status.outbox.pending === 0 || status.state === 'syncing', JSON.stringify(status)).toBe(true);

      await until(() => t.hub.db.prepare(`SELECT status FROM scorecards WHERE id = ?`).pluck().get(card.id) === 'submitted', 'the scorecard on the hub');
      await until(() => t.hub.recordings.list({}).some((r) => r.id === waiting), 'the take recorded offline on the hub');
      await until(() => t.hub.db.prepare(`SELECT count(*) FROM markers WHERE recording_id = ?`).pluck().get(sent) === 1, 'the marker on the hub');
      await until(() => aino.link!.streamLive, 'the event stream open again');
      await until(async () => (await aino.handlers['sync:outbox']({}, owner)).length === 0, 'an empty outbox');
      await until(() => aino.link!.status().state === 'online', 'online');
      // Never "Online" while a write still waited to be sent.
      expect(statuses.filter((s) => s.state === 'online' && s.pending > 0)).toEqual([]);
      expect(statuses.at(-1)).toEqual({ state: 'online', pending: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('event streams on a hub', () => {
  /** An open stream with what it received so far, and a promise that settles when the hub ends it. */
  async function follow(url: string, headers: Record<string, string>, signal: AbortSignal) {
    const response = await fetch(`${url}/events`, { headers, signal });
    const stream = { status: response.status, text: '', ended: Promise.resolve() };
    if (response.status !== 200) {
      await response.body?.cancel();
      return stream;
    }
    const reader = response.body!.getReader();
    stream.ended = (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done) return;
        stream.text += Buffer.from(value!).toString('utf8');
      }
    })();
    return stream;
  }

  it('a device signed out hears nothing more: the hub ends its stream at the next event', async () => {
    const t = await team();
    const admin = await t.desktop(t.ada.id);
    const coleDir = await t.desktop(t.cole.id);
    const controller = new AbortController();
    try {
      const stream = await follow(t.host.url, bearerOf(coleDir), controller.signal);
      expect(stream.status).toBe(200);
      await rename(t.host.url, admin, t.session.id, 'Heard');
      await vi.waitFor(() => expect(stream.text).toContain('event: sessions:changed'), { timeout: 10_000, interval: 20 });
      const signOut = await fetch(`${t.host.url}/auth/sign-out`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearerOf(coleDir) }, body: '{}' });
      expect(signOut.status).toBe(200);
      await rename(t.host.url, admin, t.session.id, 'Not heard');
      await stream.ended;
      expect(stream.text.split('event: sessions:changed').length - 1).toBe(1);
    } finally {
      controller.abort();
    }
  });

  it('a device signed out by another process (the CLI on the hub\'s data folder) has its stream ended at once, with no event after', async () => {
    const t = await team();
    const coleDir = await t.desktop(t.cole.id);
    const controller = new AbortController();
    try {
      const stream = await follow(t.host.url, bearerOf(coleDir), controller.signal);
      expect(stream.status).toBe(200);
      const device = t.hub.accounts.devices({ kind: 'owner' }).find((d) => d.repId === t.cole.id)!;
      // Another core on the same data folder, with its own connection and its own events, as `reprise` in its own process.
      const other = desktopCore(t.hub.dataDir);
      other.accounts.revoke(device.id, { kind: 'owner' });
      closeCore(other);
      // Nothing else happens on the hub: the stream ends because of the sign-out alone.
      await stream.ended;
      expect(stream.text).not.toContain('event: ');
    } finally {
      controller.abort();
    }
  });

  it('a device signed out on the hub has its stream ended at once, with no event after', async () => {
    const t = await team();
    const coleDir = await t.desktop(t.cole.id);
    const controller = new AbortController();
    try {
      const stream = await follow(t.host.url, bearerOf(coleDir), controller.signal);
      const device = t.hub.accounts.devices({ kind: 'owner' }).find((d) => d.repId === t.cole.id)!;
      t.hub.accounts.revoke(device.id, { kind: 'owner' });
      await stream.ended;
      expect(stream.text).not.toContain('event: sessions:changed');
    } finally {
      controller.abort();
    }
  });

  it("a closed stream frees its place among the person's sixteen", async () => {
    const t = await team();
    const coleDir = await t.desktop(t.cole.id);
    const first = new AbortController();
    const second = new AbortController();
    try {
      const opened = [];
      for (let i = 0; i < 16; i++) opened.push(await follow(t.host.url, bearerOf(coleDir), first.signal));
      expect(opened.map((s) => s.status)).toEqual(Array(16).fill(200));
      expect((await follow(t.host.url, bearerOf(coleDir), second.signal)).status).toBe(503);
      first.abort();
      await Promise.all(opened.map((s) => s.ended));
      await vi.waitFor(async () => expect((await follow(t.host.url, bearerOf(coleDir), second.signal)).status).toBe(200), { timeout: 10_000, interval: 50 });
    } finally {
      first.abort();
      second.abort();
    }
  });
});

describe('opening a dropped stream again', () => {
  it('waits 1 s doubling to a minute, each wait drawn between half and all of it', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => reconnectDelayMs(n, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000]);
    expect([1, 2, 7].map((n) => reconnectDelayMs(n, () => 0))).toEqual([500, 1_000, 30_000]);
  });

  it('is opened at once when the hub answers another request, unless the hub refused the stream itself for good', async () => {
    let answer = 503;
    let asked = 0;
    const server = http.createServer((req, res) => {
      asked++;
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const drops: (number | null)[] = [];
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const stream = new HubEventStream({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      authorization: 'Bearer x',
      onOpen: () => undefined,
      onEvent: () => undefined,
      onAlive: () => undefined,
      onDrop: (_reason, status) => drops.push(status),
    });
    const sleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms));
    const until = async (ok: () => boolean) => {
      for (let waited = 0; !ok() && waited < 10_000; waited += 20) await sleep(20);
      expect(ok()).toBe(true);
    };
    try {
      stream.start();
      await until(() => drops.length === 1);
      // Busy (503): its wait (a fake timer never moved) is cut short by news that the hub answers.
      stream.reconnectNow();
      await until(() => drops.length === 2);
      expect(asked).toBe(2);
      // A refusal no retry changes (404: not a hub that streams): answered requests do not ask again each time.
      answer = 404;
      stream.reconnectNow();
      await until(() => drops.length === 3);
      expect(drops).toEqual([503, 503, 404]);
      stream.reconnectNow();
      // A request, if one were made, is made at once; its fake timer alone could not have made it.
      await sleep(200);
      expect(asked).toBe(3);
    } finally {
      stream.stop();
      vi.useRealTimers();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
