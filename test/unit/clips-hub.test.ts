import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { probe, resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { startHost, type Host } from '../../src/host/server';
import { makeMedia } from '../support/media';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

describe('Great moments on a team hub', () => {
  it('lets a rep outside the session browse and play a clip’s range, but not the rest of the take, and not change the clip', async () => {
    const hub = testCore();
    const aino = hub.people.create({ name: 'Aino', email: 'aino@example.com' });
    const ben = hub.people.create({ name: 'Ben', email: 'ben@example.com' });
    const cai = hub.people.create({ name: 'Cai', email: 'cai@example.com' });
    const session = hub.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }] });
    const recording = await hub.recordings.importFile({ sessionId: session.id, file: makeMedia('webm-audio', 6) });
    const host = await startHost({ core: hub, rendererDir: tempDir(), hub: { secure: false, trustProxy: false } });
    hosts.push(host);
    const tokenOf = (repId: string) => ({ authorization: `Bearer ${hub.accounts.redeem(hub.accounts.createInvite(repId, null, 24, null).code, 'desktop', 'Laptop').token}` });
    const asAino = tokenOf(aino.id);
    const asCai = tokenOf(cai.id);
    const rpc = async (headers: Record<string, string>, channel: string, input: unknown) => {
      const response = await fetch(`${host.url}/rpc/${channel}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return (await response.json()) as { ok: boolean; value: never; error?: { code: string } };
    };

    const made = await rpc(asAino, 'clips:create', { recordingId: recording.id, startMs: 1_000, endMs: 3_500, title: 'Budget question', criteria: ['open-questions'] });
    expect(made).toMatchObject({ ok: true, value: { createdBy: aino.id, createdByName: 'Aino' } });
    const clipId = (made.value as { id: string }).id;
    expect((await rpc(asCai, 'clips:create', { recordingId: recording.id, startMs: 0, endMs: 1_000, title: 'Mine now' })).error?.code).toBe('forbidden');

    const seen = await rpc(asCai, 'clips:list', { focusAreaId: 'discovery' });
    expect((seen.value as { rows: unknown[] }).rows).toEqual([expect.objectContaining({ id: clipId, wholeTake: false })]);
    expect((await rpc(asAino, 'clips:list', {})).value).toMatchObject({ rows: [{ id: clipId, wholeTake: true }] });

    expect((await fetch(`${host.url}/media/recording/${recording.id}`, { headers: asCai })).status).toBe(403);
    const clip = await fetch(`${host.url}/media/clip/${clipId}`, { headers: asCai });
    expect(clip.status).toBe(200);
    expect(clip.headers.get('content-type')).toBe('audio/webm');
    const file = path.join(tempDir(), 'clip.webm');
    fs.writeFileSync(file, Buffer.from(await clip.arrayBuffer()));
    expect(Math.abs((await probe(resolveFfmpeg(), file)).durationMs! - 2_500)).toBeLessThanOrEqual(60);
    expect((await fetch(`${host.url}/media/clip/${clipId}`)).status).toBe(401);

    expect((await rpc(asCai, 'clips:update', { id: clipId, patch: { title: 'Hijacked' } })).error?.code).toBe('forbidden');
    expect((await rpc(asCai, 'clips:delete', { id: clipId })).error?.code).toBe('forbidden');
    expect((await rpc(asAino, 'clips:delete', { id: clipId })).ok).toBe(true);
    expect((await fetch(`${host.url}/media/clip/${clipId}`, { headers: asCai })).status).toBe(404);
  });
});
