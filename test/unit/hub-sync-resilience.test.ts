import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import http from 'node:http';
import { clockFromEnv } from '../../src/core/clock';
import { backoffMs } from '../../src/core/hub/desktop-link';
import { HubClient, HubUnreachable } from '../../src/core/hub/hub-client';
import { cli, closeCore, desktopCore, faultyProxy, owner, recordTake, serveHub, stopHost, team } from '../support/hub-team';

describe('a connected desktop keeps every write it makes', () => {
  it('takes a session three times and imports a fourth, like a desktop on its own, and all four reach the hub', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const core = desktopCore(a);
    const everyone = [
      { repId: t.aino.id, share: true },
      { repId: t.cole.id, share: true },
    ];
    const takes: string[] = [];
    for (let i = 0; i < 3; i++) takes.push(await recordTake(core, t.session.id, everyone));
    // The app's import: the file's bytes go to the same channels as a recorder's.
    const imported = await core.handlers['recordings:import']({ sessionId: t.session.id, fileName: 'fourth.webm', mimeType: 'audio/webm' }, owner);
    await core.handlers['recordings:append']({ id: imported.id, seq: 0, data: fs.readFileSync(makeMedia('webm-audio', 2)).toString('base64') }, owner);
    await core.handlers['recordings:stop']({ id: imported.id, reason: 'user' }, owner);
    await core.recordings.whenFinalized(imported.id);
    takes.push(imported.id);
    expect((await core.handlers['recordings:list']({ sessionId: t.session.id }, owner)).map((r) => r.status)).toEqual(['ready', 'ready', 'ready', 'ready']);
    // The Library here lists the session once, however many takes it has.
    expect(core.db.prepare('SELECT count(*) FROM library_sessions WHERE session_id = ?').pluck().get(t.session.id)).toBe(1);

    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(JSON.parse(synced.stdout)).toMatchObject({ uploaded: 4, failed: 0 });
    expect(t.hub.recordings.list({ sessionId: t.session.id }).map((r) => r.id).sort()).toEqual([...takes].sort());
    // Four takes through real ffmpeg, a hub and a sync process: about 20 s alone, more beside other files.
  }, 120_000);

  it('keeps every change through a hub that answers 500 to everything, then to every write, and sends them all when it is back; only a refusal is final', async () => {
    const t = await team();
    const proxy = await faultyProxy(t.host.url);
    const a = await t.desktop(t.aino.id, proxy.url);
    const core = desktopCore(a);
    const card = await core.handlers['scorecards:start']({ sessionId: t.session.id, reviewerId: t.aino.id }, owner);
    const section = card.template.sections[0]!.key;

    proxy.mode = 'fail-all';
    // A write made while the hub fails waits here, as it would offline.
    // Answered from this computer's copy (offline is a mode, not an error), and kept for the hub.
    await expect(core.handlers['scorecards:save-draft']({ id: card.id, sections: { [section]: 'Ask about budget earlier' } }, owner)).resolves.toMatchObject({ id: card.id, status: 'draft' });
    // A coaching note is written about someone one coaches or manages: Aino manages Cole.
    t.hub.people.update(t.cole.id, { managerId: t.aino.id });
    const note = { coachId: t.aino.id, repId: t.cole.id, weekOf: '2026-11-23', sessionId: null, goalsReviewed: '', practised: 'Open questions', actions: [], followUpOn: null };
    await expect(core.handlers['coaching-notes:save']({ fields: note }, owner)).rejects.toMatchObject({ code: 'queued_offline' });
    // ...and so does one the hub will refuse when it works again (no such scorecard of hers).
    const missing = '01900000-0000-7000-8000-000000000000';
    await expect(core.handlers['scorecards:save-draft']({ id: missing, sections: {} }, owner)).rejects.toMatchObject({ code: 'queued_offline' });
    expect(await core.handlers['sync:run']({}, owner)).toMatchObject({ sent: 0, refused: 0, state: 'offline' });
    expect((await core.handlers['sync:status']({}, owner)).problem).toMatch(/disk is full/);

    // The status check passes, every write fails: each waits, none is refused.
    proxy.mode = 'fail-writes';
    for (let round = 0; round < 2; round++) expect(await core.handlers['sync:run']({}, owner)).toMatchObject({ sent: 0, refused: 0 });
    const waiting = await core.handlers['sync:outbox']({}, owner);
    expect(waiting.map((i) => i.state)).toEqual(['pending', 'pending', 'pending']);
    expect(waiting[0]!.error).toMatch(/disk is full/);

    proxy.mode = 'pass';
    expect(await core.handlers['sync:run']({}, owner)).toMatchObject({ sent: 2, refused: 1, state: 'online' });
    expect(t.hub.db.prepare('SELECT sections FROM scorecards WHERE id = ?').pluck().get(card.id)).toContain('Ask about budget earlier');
    expect(t.hub.db.prepare('SELECT practised FROM coaching_notes').pluck().all()).toEqual(['Open questions']);

    // `sync status` lists what waits, what was refused and why, and conflicts (none here).
    const status = JSON.parse((await cli(['--data-dir', a, 'sync', 'status', '--json'])).stdout) as { state: string; waiting: unknown[]; refused: { id: string; channel: string; error: string; errorCode: string; input: unknown }[]; conflicts: unknown[] };
    expect(status).toMatchObject({ state: 'online', waiting: [], conflicts: [] });
    expect(status.refused).toEqual([expect.objectContaining({ channel: 'scorecards:save-draft', errorCode: 'forbidden', input: { id: missing, sections: {} } })]);
    expect(status.refused[0]!.error).toBeTruthy();

    // Edited and sent again, it goes last in line under a new key; refused again, it can be discarded.
    const resent = await core.handlers['sync:outbox-resend']({ id: status.refused[0]!.id, input: { id: card.id, sections: { [section]: 'Ask about budget first' } } }, owner);
    expect(resent).toMatchObject({ state: 'pending', error: null });
    expect(resent.id).not.toBe(status.refused[0]!.id);
    await core.link!.syncOnce();
    expect(t.hub.db.prepare('SELECT sections FROM scorecards WHERE id = ?').pluck().get(card.id)).toContain('Ask about budget first');
    await expect(core.handlers['scorecards:save-draft']({ id: missing, sections: {} }, owner)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await core.handlers['sync:outbox']({}, owner)).toEqual([]);
    await proxy.close();
  });

  it('replays its outbox in the order it was written when its clock is set back a day', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const monday = desktopCore(a, { clock: clockFromEnv({ REPRISE_NOW: '2026-12-02T09:00:00Z' }) });
    const card = await monday.handlers['scorecards:start']({ sessionId: t.session.id, reviewerId: t.aino.id }, owner);
    const section = card.template.sections[0]!.key;
    const port = t.host.port;
    await stopHost(t.host);
    await expect(monday.handlers['scorecards:save-draft']({ id: card.id, sections: { [section]: 'first thoughts' } }, owner)).resolves.toMatchObject({ id: card.id });
    closeCore(monday);

    // The same desktop, restarted with its clock a day behind, writes again.
    const sunday = desktopCore(a, { clock: clockFromEnv({ REPRISE_NOW: '2026-12-01T09:00:00Z' }) });
    await expect(sunday.handlers['scorecards:save-draft']({ id: card.id, sections: { [section]: 'second thoughts' } }, owner)).resolves.toMatchObject({ id: card.id });
    await serveHub(t.hub, port);
    expect(await sunday.handlers['sync:run']({}, owner)).toMatchObject({ sent: 2, refused: 0 });
    expect(JSON.parse(t.hub.db.prepare('SELECT sections FROM scorecards WHERE id = ?').pluck().get(card.id) as string)).toMatchObject({ [section]: 'second thoughts' });
  });

  it('says offline in `sync status` while the hub is down, checking the hub rather than a remembered flag', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const status = async () => JSON.parse((await cli(['--data-dir', a, 'sync', 'status', '--json'])).stdout) as { state: string; problem: string | null };
    expect(await status()).toMatchObject({ state: 'online', problem: null });
    const port = t.host.port;
    await stopHost(t.host);
    const down = await status();
    expect(down.state).toBe('offline');
    expect(down.problem).toBeTruthy();
    await serveHub(t.hub, port);
    expect(await status()).toMatchObject({ state: 'online', problem: null });
  });

  it('tells "not now" (5xx, 408, 429 with its Retry-After) from "no" (4xx) in what the hub answers, and backs off from 15 s to 10 minutes', async () => {
    const answers: Record<string, { status: number; headers?: Record<string, string> }> = {
      '/rpc/a:busy': { status: 429, headers: { 'retry-after': '120' } },
      '/rpc/a:full': { status: 507 },
      '/rpc/a:down': { status: 503 },
      '/rpc/a:timeout': { status: 408 },
      '/rpc/a:invalid': { status: 400 },
      '/rpc/a:forbidden': { status: 403 },
    };
    const server = http.createServer((req, res) => {
      const answer = answers[req.url ?? '']!;
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(JSON.stringify({ ok: false, error: { code: answer.status === 403 ? 'forbidden' : 'invalid_input', message: `answered ${answer.status}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new HubClient({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, token: 't' });
    try {
      const notNow = async (channel: string) => {
        const error = await client.call(channel, {}).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(HubUnreachable);
        return error as HubUnreachable;
      };
      expect(await notNow('a:busy')).toMatchObject({ status: 429, retryAfterMs: 120_000 });
      expect(await notNow('a:full')).toMatchObject({ status: 507, reason: 'answered 507' });
      expect((await notNow('a:down')).status).toBe(503);
      expect((await notNow('a:timeout')).status).toBe(408);
      expect(await client.call('a:invalid', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await client.call('a:forbidden', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect([1, 2, 3, 10, 20].map((n) => backoffMs(n, null))).toEqual([15_000, 30_000, 60_000, 600_000, 600_000]);
    expect(backoffMs(1, 120_000)).toBe(120_000);
  });
});
