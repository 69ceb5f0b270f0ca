import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { runCli } from '../../src/host/cli';
import { startHost, type Host } from '../../src/host/server';
import { makeMedia } from '../support/media';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const open: { hosts: Host[]; cores: Core[] } = { hosts: [], cores: [] };
afterEach(async () => {
  for (const host of open.hosts.splice(0)) await host.close();
  for (const core of open.cores.splice(0)) core.close();
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A hub with Ada (admin), Aino (rep, sells), Cole (Aino's coach on the roster, and the session's peer coach), Cai (rep, not in it). */
async function team() {
  const hub = testCore();
  const ada = hub.people.create({ name: 'Ada', email: 'ada@example.com' });
  const cole = hub.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
  const aino = hub.people.create({ name: 'Aino', email: 'aino@example.com', coachedById: cole.id });
  const cai = hub.people.create({ name: 'Cai', email: 'cai@example.com' });
  hub.access.setRole(ada.id, 'admin');
  const session = hub.sessions.create({
    focusAreaId: 'discovery',
    title: 'Aino practises discovery',
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: cole.id, role: 'buyer' },
    ],
  });
  hub.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(cole.id, session.id);
  const host = await startHost({ core: hub, rendererDir: tempDir(), hub: { secure: false, trustProxy: false } });
  open.hosts.push(host);
  const desktop = async (repId: string) => {
    const dir = tempDir();
    const connected = await cli(['--data-dir', dir, 'connect', host.url, '--code', hub.accounts.createInvite(repId, null, 24, null).code, '--device', 'Laptop']);
    expect(connected.code, connected.stderr).toBe(0);
    return dir;
  };
  return { hub, host, ada, aino, cole, cai, session, desktop };
}

function desktopCore(dir: string): Core {
  const core = createCore({ dataDir: dir });
  open.cores.push(core);
  return core;
}

const bearerOf = (dir: string) => ({ authorization: `Bearer ${fs.readFileSync(`${dir}/hub-token`, 'utf8').trim()}` });

describe('desktops and a team hub', () => {
  it('a take imported on one desktop reaches the coach on another after sync; a rep outside the session cannot see it until made admin', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const b = await t.desktop(t.cole.id);
    const c = await t.desktop(t.cai.id);
    expect(fs.statSync(`${a}/hub-token`).mode & 0o777).toBe(0o600);

    // Rep A imports a recording for the session: kept locally, queued, then sent.
    const file = makeMedia('webm-audio', 2);
    const imported = await cli(['--data-dir', a, 'recordings', 'import', file, '--session', t.session.id, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const recording = JSON.parse(imported.stdout) as { id: string; sha256: string };
    expect(t.hub.recordings.list({}).map((r) => r.id)).toEqual([]);
    const status = JSON.parse((await cli(['--data-dir', a, 'sync', 'status', '--json'])).stdout) as { uploads: { waiting: number } };
    expect(status.uploads.waiting).toBe(1);

    // ...and scores it (a self-review), through the hub.
    const coreA = desktopCore(a);
    const card = await coreA.handlers['scorecards:start']({ sessionId: t.session.id, reviewerId: t.aino.id, recordingId: recording.id }, { caller: { kind: 'owner' } });
    await coreA.handlers['scorecards:submit'](
      {
        id: card.id,
        scores: card.template.criteria.map((criterion) => ({ criterionId: criterion.id, score: 3 })),
        sections: Object.fromEntries(card.template.sections.filter((s) => s.required).map((s) => [s.key, 'Ask about budget earlier'])),
        reason: '',
      },
      { caller: { kind: 'owner' } },
    );
    coreA.close();
    open.cores.pop();

    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ uploaded: 1, failed: 0, state: 'online' });
    const onHub = t.hub.recordings.get(recording.id);
    expect(onHub).toMatchObject({ status: 'ready', sha256: recording.sha256 });

    // Coach B sees the take and the scorecard, and plays the media.
    const listedB = JSON.parse((await cli(['--data-dir', b, 'recordings', 'list', '--json'])).stdout) as { id: string }[];
    expect(listedB.map((r) => r.id)).toEqual([recording.id]);
    const media = await fetch(`${t.host.url}/media/recording/${recording.id}`, { headers: bearerOf(b) });
    expect(media.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await media.arrayBuffer())).digest('hex')).toBe(recording.sha256);
    const coreB = desktopCore(b);
    const aboutAino = await coreB.handlers['scorecards:about']({ revieweeId: t.aino.id }, { caller: { kind: 'owner' } });
    expect(aboutAino.flatMap((s) => s.scorecards.map((x) => x.reviewer.id))).toEqual([t.aino.id]);

    // Rep C, not in the session: no media, no scorecard; made admin, sees both.
    expect((await fetch(`${t.host.url}/media/recording/${recording.id}`, { headers: bearerOf(c) })).status).toBe(403);
    const coreC = desktopCore(c);
    const cards = () => coreC.handlers['scorecards:list']({}, { caller: { kind: 'owner' } });
    expect(await cards()).toEqual([]);
    await expect(coreC.handlers['scorecards:about']({ revieweeId: t.aino.id }, { caller: { kind: 'owner' } })).rejects.toMatchObject({ code: 'forbidden' });
    t.hub.access.setRole(t.cai.id, 'admin');
    expect((await cards()).map((x) => x.id)).toEqual([card.id]);
    expect((await fetch(`${t.host.url}/media/recording/${recording.id}`, { headers: bearerOf(c) })).status).toBe(200);

    // A second sync sends nothing again: no duplicate recording or scorecard.
    expect(JSON.parse((await cli(['--data-dir', a, 'sync', '--once', '--json'])).stdout)).toMatchObject({ uploaded: 0, sent: 0 });
    expect(t.hub.recordings.list({})).toHaveLength(1);
    expect(t.hub.db.prepare('SELECT count(*) FROM scorecards').pluck().get()).toBe(1);
  });

  it("serves a hub take's media on a connected desktop's own host, Range and all, and a 503 when the hub is away", async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const b = await t.desktop(t.cole.id);
    const imported = await cli(['--data-dir', a, 'recordings', 'import', makeMedia('webm-audio', 2), '--session', t.session.id, '--json']);
    const recording = JSON.parse(imported.stdout) as { id: string; sha256: string; sizeBytes: number };
    expect((await cli(['--data-dir', a, 'sync', '--once'])).code).toBe(0);

    // Coach B's `reprise serve`: the page asks its own host, which fetches from the hub with B's token.
    const coreB = desktopCore(b);
    const hostB = await startHost({ core: coreB, rendererDir: tempDir() });
    open.hosts.push(hostB);
    const whole = await fetch(`${hostB.url}/media/recording/${recording.id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(createHash('sha256').update(Buffer.from(await whole.arrayBuffer())).digest('hex')).toBe(recording.sha256);
    const part = await fetch(`${hostB.url}/media/recording/${recording.id}`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${recording.sizeBytes}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    // The hub decides who may play what: a take B may not see is refused here as there.
    expect(whole.headers.get('set-cookie')).toBeNull();
    const direct = await coreB.link!.fetchMedia('recording', recording.id, () => undefined, true);
    expect([...direct.headers.keys()].sort()).toEqual(['accept-ranges', 'cache-control', 'content-length', 'content-type', 'etag', 'last-modified', 'x-content-type-options']);
    // The player's conditions reach the hub: its own copy is answered 304, a stale If-Range the whole take.
    const etag = whole.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    expect((await fetch(`${hostB.url}/media/recording/${recording.id}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const stale = await fetch(`${hostB.url}/media/recording/${recording.id}`, { headers: { range: 'bytes=0-9', 'if-range': '"not-this-one"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(recording.sizeBytes);
    expect((await fetch(`${hostB.url}/media/recording/${recording.id}`, { headers: { range: 'bytes=0-9', 'if-range': etag } })).status).toBe(206);
    expect((await fetch(`${hostB.url}/media/recording/00000000-0000-7000-8000-000000000000`)).status).toBe(403);

    await t.host.close();
    open.hosts.splice(open.hosts.indexOf(t.host), 1);
    expect((await fetch(`${hostB.url}/media/recording/${recording.id}`)).status).toBe(503);
    expect(coreB.link!.status().state).toBe('offline');
  });

  it('keeps a take on the desktop when not everyone agreed to share it, and says so', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const core = desktopCore(a);
    await core.link!.mirrorSession(t.session.id);
    const take = core.recordings.start({
      sessionId: t.session.id,
      mode: 'microphone',
      mimeType: 'audio/webm',
      consents: [
        { repId: t.aino.id, share: true },
        { repId: t.cole.id, share: false },
      ],
      confirmedBy: 'Aino',
      channelMap: null,
    });
    const bytes = fs.readFileSync(makeMedia('webm-audio', 2));
    core.recordings.append({ id: take.id, seq: 0, data: bytes.toString('base64') });
    await core.recordings.stop(take.id);
    await core.recordings.whenFinalized(take.id);
    expect((await core.handlers['sync:uploads']({}, { caller: { kind: 'owner' } })).map((u) => u.state)).toEqual(['kept-local']);
    const report = await core.handlers['sync:run']({}, { caller: { kind: 'owner' } });
    expect(report.uploaded).toBe(0);
    expect(t.hub.recordings.list({})).toEqual([]);
  });

  it('queues a write made while the hub is away, sends it once when it is back, and never twice', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const core = desktopCore(a);
    const card = await core.handlers['scorecards:start']({ sessionId: t.session.id, reviewerId: t.aino.id }, { caller: { kind: 'owner' } });
    const before = await core.handlers['scorecards:list']({}, { caller: { kind: 'owner' } });
    const port = t.host.port;
    await t.host.close();
    open.hosts.pop();
    const offline = core.handlers['scorecards:save-draft']({ id: card.id, sections: {} }, { caller: { kind: 'owner' } });
    // Offline is a mode: the card started online is kept here, so the save is answered from it and waits.
    await expect(offline).resolves.toMatchObject({ id: card.id, status: 'draft' });
    expect(core.db.prepare(`SELECT state FROM outbox WHERE channel = 'scorecards:save-draft'`).pluck().all()).toEqual(['pending']);
    // What was fetched before is still shown while offline, with what was saved here since.
    expect(await core.handlers['scorecards:list']({}, { caller: { kind: 'owner' } })).toEqual([{ ...before[0], draftSavedAt: expect.any(String), updatedAt: expect.any(String) }]);
    await expect(core.handlers['coaching-notes:list']({}, { caller: { kind: 'owner' } })).rejects.toMatchObject({ code: 'hub_unreachable' });
    expect((await core.handlers['sync:status']({}, { caller: { kind: 'owner' } })).state).toBe('offline');
    // Opened again while the hub is still away (a restart), it still says how old the data it shows is.
    const fetchedAt = core.db.prepare('SELECT max(fetched_at) FROM hub_cache').pluck().get() as string;
    expect(fetchedAt).toBeTruthy();
    expect(await desktopCore(a).handlers['sync:status']({}, { caller: { kind: 'owner' } })).toMatchObject({ lastContactAt: fetchedAt });

    // A new coaching note saved again and again while offline (autosave) waits as one. Notes are
    // written about someone one coaches or manages: Aino manages Cai.
    t.hub.people.update(t.cai.id, { managerId: t.aino.id });
    for (const practised of ['Open', 'Open questions', 'Open questions first']) {
      await expect(
        core.handlers['coaching-notes:save']({ fields: { coachId: t.aino.id, repId: t.cai.id, weekOf: '2026-11-23', sessionId: null, goalsReviewed: '', practised, actions: [], followUpOn: null } }, { caller: { kind: 'owner' } }),
      ).rejects.toMatchObject({ code: 'queued_offline' });
    }
    expect(core.db.prepare(`SELECT count(*) FROM outbox WHERE channel = 'coaching-notes:save'`).pluck().get()).toBe(1);
    const again = await startHost({ core: t.hub, rendererDir: tempDir(), port, hub: { secure: false, trustProxy: false } });
    open.hosts.push(again);
    const report = await core.handlers['sync:run']({}, { caller: { kind: 'owner' } });
    expect(report).toMatchObject({ sent: 2, refused: 0, state: 'online' });
    expect(t.hub.db.prepare('SELECT practised FROM coaching_notes').pluck().all()).toEqual(['Open questions first']);
    // The hub answers a replay of the same key with its first answer, doing nothing again.
    // (The same request: a key is bound to the input it was first sent with.)
    const sent = core.db.prepare(`SELECT id, input, base_revision AS base FROM outbox WHERE channel = 'scorecards:save-draft'`).get() as { id: string; input: string; base: string | null };
    const key = sent.id;
    const replay = await fetch(`${again.url}/rpc/scorecards:save-draft`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearerOf(a) },
      body: JSON.stringify({ ...(JSON.parse(sent.input) as object), ...(sent.base ? { baseRevision: sent.base } : {}) }),
    });
    expect(replay.status).toBe(200);
    expect(t.hub.db.prepare('SELECT count(*) FROM hub_idempotency WHERE key = ?').pluck().get(key)).toBe(1);
  });
});
