import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids';
import { makeMedia } from '../support/media';
import { bearerOf, cli, closeCore, desktopCore, owner, recordTake, team } from '../support/hub-team';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const b64 = (text: string) => Buffer.from(text).toString('base64');

/** tus 1.0 by hand, so a test can hold an upload at any byte and race two of them. */
function tusClient(hubUrl: string, auth: { authorization: string }) {
  const headers = { ...auth, 'tus-resumable': '1.0.0' };
  return {
    async create(meta: Record<string, string>, size: number) {
      const response = await fetch(`${hubUrl}/uploads/`, {
        method: 'POST',
        headers: { ...headers, 'upload-length': String(size), 'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${b64(v)}`).join(',') },
      });
      const location = response.headers.get('location');
      return { status: response.status, body: await response.text(), expires: response.headers.get('upload-expires'), url: location ? new URL(location, hubUrl).toString() : '' };
    },
    async patch(url: string, offset: number, bytes: Buffer) {
      const response = await fetch(url, {
        method: 'PATCH',
        headers: { ...headers, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
        body: bytes,
      });
      return { status: response.status, body: await response.text() };
    },
    async head(url: string) {
      return (await fetch(url, { method: 'HEAD', headers })).status;
    },
  };
}

function takeMeta(recordingId: string, sessionId: string, bytes: Buffer): Record<string, string> {
  return { recordingId, sessionId, sha256: sha(bytes), mode: 'microphone', filename: 'recording.webm', startedAt: '2026-11-27T09:00:00.000Z', consents: '[]' };
}

describe('uploads into the hub', () => {
  it('takes two copies of one take racing under one id as one recording, the second "already there"', async () => {
    const t = await team();
    const tus = tusClient(t.host.url, bearerOf(await t.desktop(t.aino.id)));
    const bytes = fs.readFileSync(makeMedia('webm-audio', 2));
    const id = uuidv7();
    const copies = await Promise.all([0, 1].map(() => tus.create(takeMeta(id, t.session.id, bytes), bytes.length)));
    for (const copy of copies) expect((await tus.patch(copy.url, 0, bytes.subarray(0, -1))).status).toBe(204);
    // The last byte of both at once: both adopt the same take at the same moment.
    const last = await Promise.all(copies.map((copy) => tus.patch(copy.url, bytes.length - 1, bytes.subarray(-1))));
    expect(last.map((r) => r.status)).toEqual([204, 204]);
    expect(t.hub.recordings.list({}).map((r) => r.id)).toEqual([id]);
    const onHub = t.hub.recordings.get(id);
    expect(onHub).toMatchObject({ status: 'ready', sha256: sha(bytes) });
    expect(sha(fs.readFileSync(t.hub.recordings.mediaFile(id, 'recording')!.file))).toBe(sha(bytes));
  });

  it('never keeps a row whose sha256 names another file when two different takes race under one id', async () => {
    const t = await team();
    const tus = tusClient(t.host.url, bearerOf(await t.desktop(t.aino.id)));
    const takes = [fs.readFileSync(makeMedia('webm-audio', 2)), fs.readFileSync(makeMedia('webm-audio', 3))];
    const id = uuidv7();
    const copies = await Promise.all(takes.map((bytes) => tus.create(takeMeta(id, t.session.id, bytes), bytes.length)));
    for (const [i, copy] of copies.entries()) expect((await tus.patch(copy.url, 0, takes[i]!.subarray(0, -1))).status).toBe(204);
    const last = await Promise.all(copies.map((copy, i) => tus.patch(copy.url, takes[i]!.length - 1, takes[i]!.subarray(-1))));
    expect(last.map((r) => r.status).sort()).toEqual([204, 409]);
    const onHub = t.hub.recordings.get(id);
    expect(onHub.status).toBe('ready');
    expect(sha(fs.readFileSync(t.hub.recordings.mediaFile(id, 'recording')!.file))).toBe(onHub.sha256);
    // The refused copy is not left lying in the uploads folder.
    const refused = copies[last.findIndex((r) => r.status === 409)]!;
    expect(fs.existsSync(path.join(t.hub.dataDir, 'uploads', refused.url.split('/').pop()!))).toBe(false);
  });

  it('expires unfinished uploads after a day (Upload-Expires, the expiration extension) and limits the uploads a person holds open', async () => {
    const t = await team({ maxOpenPerPerson: 1 });
    const tus = tusClient(t.host.url, bearerOf(await t.desktop(t.aino.id)));
    const auth = bearerOf(await t.desktop(t.cai.id));
    const options = await fetch(`${t.host.url}/uploads/`, { method: 'OPTIONS', headers: { ...auth, 'tus-resumable': '1.0.0' } });
    expect(options.headers.get('tus-extension')).toContain('expiration');
    const bytes = fs.readFileSync(makeMedia('webm-audio', 2));
    const first = await tus.create(takeMeta(uuidv7(), t.session.id, bytes), bytes.length);
    expect(first.status).toBe(201);
    expect(Date.parse(first.expires!) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect((await tus.patch(first.url, 0, bytes.subarray(0, 100))).status).toBe(204);

    const second = await tus.create(takeMeta(uuidv7(), t.session.id, bytes), bytes.length);
    expect(second.status).toBe(429);
    expect(second.body).toMatch(/already have 1 takes on their way/);

    // The first was begun a day and an hour ago and left: it goes, and frees its place.
    const uploadId = first.url.split('/').pop()!;
    const dayAgo = new Date(Date.now() - 25 * 3600_000).toISOString();
    t.hub.db.prepare('UPDATE hub_uploads SET created_at = ? WHERE id = ?').run(dayAgo, uploadId);
    const info = path.join(t.hub.dataDir, 'uploads', `${uploadId}.json`);
    fs.writeFileSync(info, JSON.stringify({ ...JSON.parse(fs.readFileSync(info, 'utf8')), creation_date: dayAgo }));
    expect((await tus.create(takeMeta(uuidv7(), t.session.id, bytes), bytes.length)).status).toBe(201);
    expect(fs.existsSync(path.join(t.hub.dataDir, 'uploads', uploadId))).toBe(false);
    expect([404, 410]).toContain(await tus.head(first.url));
  });

  it('refuses an upload that would leave the hub less free disk space than its margin with a 507 the desktop shows, and keeps the take waiting', async () => {
    const t = await team({ minFreeBytes: 1024 ** 5 });
    const a = await t.desktop(t.aino.id);
    const core = desktopCore(a);
    const take = await recordTake(core, t.session.id, [
      { repId: t.aino.id, share: true },
      { repId: t.cole.id, share: true },
    ]);
    // The hub answers, so it is online; the take waits here with the hub's reason.
    const report = await core.handlers['sync:run']({}, owner);
    expect(report).toMatchObject({ uploaded: 0, failed: 0, state: 'online' });
    const [upload] = await core.handlers['sync:uploads']({}, owner);
    expect(upload).toMatchObject({ recordingId: take, state: 'waiting' });
    expect(upload!.error).toMatch(/running out of disk space/);
    expect(await core.handlers['sync:status']({}, owner)).toMatchObject({ state: 'online', uploads: { waiting: 1, attention: 0 } });
    expect(t.hub.recordings.list({})).toEqual([]);
    expect(t.hub.db.prepare('SELECT count(*) FROM hub_uploads').pluck().get()).toBe(0);
    expect(report).toMatchObject({ held: 1, problem: expect.stringMatching(/running out of disk space/) });

    // A one-off sync from the command line does not end as if all went up: it exits 1 and says why.
    closeCore(core);
    const once = await cli(['--data-dir', a, 'sync', '--once']);
    expect(once.code).toBe(1);
    expect(once.stdout).toMatch(/1 take\(s\) wait: .*running out of disk space/);
    expect(once.stderr).toMatch(/Not everything was sent: .*running out of disk space/);
  });
});
