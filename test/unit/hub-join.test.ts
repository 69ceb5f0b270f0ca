import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { Workspace } from '../../src/core/demo/demo-workspace';
import { dispatch } from '../../src/shared/dispatch';
import { recordTake, team } from '../support/hub-team';
import { tempDir } from '../support/temp-dir';

const workspaces: Workspace[] = [];
afterEach(() => {
  for (const w of workspaces.splice(0)) w.close();
});

/** The local door of `reprise serve` and the desktop app: one data folder, switched while it runs. */
function localDoor(dir = tempDir()) {
  const open = (folder: string) => createCore({ dataDir: folder, backups: false });
  const workspace = new Workspace({ dataDir: dir, core: open(dir), open });
  workspaces.push(workspace);
  const call = (channel: string, input: unknown) => dispatch(workspace.handlers, channel, input);
  return { dir, workspace, call };
}

const rpc = async (url: string, channel: string, input: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${url}/rpc/${channel}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return (await response.json()) as { ok: boolean; error?: { code: string } };
};

describe('joining a team hub from the app (hub:join, hub:leave)', () => {
  it('joins with a code, shows the hub data without a restart, leaves keeping the waiting take, and joins again to send it', async () => {
    const t = await team();
    const door = localDoor();
    expect(door.workspace.core.link).toBeNull();
    const sessionsBefore = await door.call('sessions:list', {});
    expect(sessionsBefore).toMatchObject({ ok: true, value: [] });

    // Clear refusals, each with its own code for the form to explain.
    expect(await door.call('hub:join', { url: 'not an address', code: 'X' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await door.call('hub:join', { url: 'http://example.com', code: 'X' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await door.call('hub:join', { url: 'http://127.0.0.1:1', code: 'ABCD-EFGH-JK23' })).toMatchObject({ ok: false, error: { code: 'hub_unreachable' } });
    expect(await door.call('hub:join', { url: t.host.url, code: 'ABCD-EFGH-JK23' })).toMatchObject({ ok: false, error: { code: 'invite_invalid' } });
    expect(await door.call('hub:join', { url: t.host.url, code: 'x'.repeat(65) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fs.existsSync(`${door.dir}/hub.json`)).toBe(false);

    const switched: unknown[] = [];
    door.workspace.events.onAny((name, payload) => { if (name === 'demo:switched') switched.push(payload); });
    const joined = await door.call('hub:join', { url: `${t.host.url}/`, code: t.hub.accounts.createInvite(t.aino.id, null, 24, null).code, device: 'Aino laptop' });
    expect(joined).toEqual({ ok: true, value: { hubUrl: t.host.url, name: 'Aino' } });
    // The same door now answers from the hub: no restart of the app.
    expect(switched).toHaveLength(1);
    expect(door.workspace.core.link).not.toBeNull();
    expect(await door.call('sync:status', {})).toMatchObject({ ok: true, value: { hubUrl: t.host.url, name: 'Aino' } });
    expect(await door.call('sessions:list', {})).toMatchObject({ ok: true, value: [{ id: t.session.id, title: 'Aino practises discovery' }] });
    expect(t.hub.db.prepare("SELECT name FROM hub_devices WHERE revoked_at IS NULL AND name = 'Aino laptop'").pluck().all()).toEqual(['Aino laptop']);

    // Already joined: said so, and the link stays as it is.
    const again = await door.call('hub:join', { url: t.host.url, code: t.hub.accounts.createInvite(t.aino.id, null, 24, null).code });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_connected' } });

    // A take recorded here waits to go up (the background sender is not running in this test).
    const take = await recordTake(door.workspace.core, t.session.id, [
      { repId: t.aino.id, share: true },
      { repId: t.cole.id, share: true },
    ]);
    expect(t.hub.recordings.list({ sessionId: t.session.id })).toEqual([]);

    // Leaving says what stays here, and the folder is on its own again.
    expect(await door.call('hub:leave', {})).toEqual({ ok: true, value: { waitingTakes: 1, waitingChanges: 0 } });
    expect(door.workspace.core.link).toBeNull();
    expect(fs.existsSync(`${door.dir}/hub.json`)).toBe(false);
    expect(fs.existsSync(`${door.dir}/hub-token`)).toBe(false);
    expect(fs.existsSync(`${door.dir}/media`) && fs.readdirSync(`${door.dir}/media`, { recursive: true }).length > 0).toBe(true);
    expect(await door.call('sync:status', {})).toMatchObject({ ok: true, value: { state: 'local' } });
    expect(await door.call('hub:leave', {})).toMatchObject({ ok: false, error: { code: 'not_connected' } });

    // Joining the same hub again is allowed (the folder's copies came from it), and the take goes up.
    const rejoined = await door.call('hub:join', { url: t.host.url, code: t.hub.accounts.createInvite(t.aino.id, null, 24, null).code });
    expect(rejoined).toMatchObject({ ok: true, value: { name: 'Aino' } });
    expect(await door.call('sync:run', {})).toMatchObject({ ok: true, value: { uploaded: 1, failed: 0 } });
    expect(t.hub.recordings.list({ sessionId: t.session.id }).map((r) => r.id)).toEqual([take]);
  });

  it('a folder with a team of its own is not joined to a hub (its people would never reach it)', async () => {
    const t = await team();
    const door = localDoor();
    door.workspace.core.people.create({ name: 'Local Lee', email: 'lee@example.com' });
    const refused = await door.call('hub:join', { url: t.host.url, code: t.hub.accounts.createInvite(t.aino.id, null, 24, null).code });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_empty' } });
    expect(door.workspace.core.link).toBeNull();
  });

  it('the demo is left before joining', async () => {
    const t = await team();
    const door = localDoor();
    await door.workspace.enter({ fast: true });
    const refused = await door.call('hub:join', { url: t.host.url, code: t.hub.accounts.createInvite(t.aino.id, null, 24, null).code });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a hub refuses hub:join and hub:leave to a member, an admin and a stranger', async () => {
    const t = await team();
    const bearer = (repId: string) => ({ authorization: `Bearer ${t.hub.accounts.redeem(t.hub.accounts.createInvite(repId, null, 24, null).code, 'desktop', 'Laptop').token}` });
    for (const headers of [bearer(t.cai.id), bearer(t.ada.id)]) {
      expect(await rpc(t.host.url, 'hub:join', { url: 'https://elsewhere.example.com', code: 'ABCD-EFGH-JK23' }, headers)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await rpc(t.host.url, 'hub:leave', {}, headers)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await rpc(t.host.url, 'hub:join', { url: 'https://elsewhere.example.com', code: 'ABCD-EFGH-JK23' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await rpc(t.host.url, 'hub:leave', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // The rule itself: nobody signed in to a hub, whatever their role.
    expect(() => t.hub.guard.allow('hub:join', { kind: 'person', repId: t.ada.id, role: 'admin' }, { url: 'https://x.example.com', code: 'A' })).toThrow();
    // And a plain core (the CLI's) has no app to switch: it says where joining is done.
    expect(await dispatch(t.hub.handlers, 'hub:join', { url: t.host.url, code: 'A' }, undefined)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
