import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../src/host/server';
import { makeMedia } from '../support/media';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

/** A hub with Sam in a session, Sam's desktop token, and a small real take of his. */
async function hub() {
  const core = testCore();
  const sam = core.people.create({ name: 'Sam', email: 'sam@example.com' });
  const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: sam.id, role: 'seller' }] });
  const host = await startHost({ core, rendererDir: tempDir(), hub: { secure: false, trustProxy: false } });
  hosts.push(host);
  const token = core.accounts.redeem(core.accounts.createInvite(sam.id, null, 24, null).code, 'desktop', 'Laptop').token;
  const file = makeMedia('webm-audio', 2);
  const bytes = fs.readFileSync(file);
  const take = { id: randomUUID(), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  const headers = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  const create = async () => {
    const meta = { recordingId: take.id, sessionId: session.id, sha256: take.sha256, mode: 'microphone', filename: 'take.webm', consents: '[]' };
    const response = await fetch(`${host.url}/uploads/`, {
      method: 'POST',
      headers: {
        ...headers,
        'upload-length': String(bytes.length),
        'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(','),
      },
    });
    expect(response.status).toBe(201);
    return new URL(response.headers.get('location')!, host.url).pathname;
  };
  const head = (at: string) => fetch(`${host.url}${at}`, { method: 'HEAD', headers });
  return { core, host, take, headers, create, head };
}

describe('resuming an upload to a hub', () => {
  it('takes the take in when asked where to resume, if the hub stopped after the last byte and before checking it', async () => {
    const t = await hub();
    const at = await t.create();
    // What a hub killed during its check leaves: every byte on disk, no recording yet.
    fs.writeFileSync(path.join(t.core.dataDir, 'uploads', path.basename(at)), t.take.bytes);
    expect(t.core.db.prepare('SELECT count(*) FROM recordings').pluck().get()).toBe(0);

    const answer = await t.head(at);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('upload-offset')).toBe(String(t.take.bytes.length));
    // tus-js-client takes "offset = length" for done and sends nothing more: the take must be in by now.
    expect(t.core.recordings.get(t.take.id)).toMatchObject({ status: 'ready', sha256: t.take.sha256 });
    expect((await t.head(at)).status).toBe(200);
    expect(t.core.db.prepare('SELECT count(*) FROM recordings').pluck().get()).toBe(1);
  });

  it('answers "complete" for a take already taken in, so a client that missed the answer does not send it all again', async () => {
    const t = await hub();
    const at = await t.create();
    const patch = await fetch(`${t.host.url}${at}`, {
      method: 'PATCH',
      headers: { ...t.headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: t.take.bytes,
    });
    expect(patch.status).toBe(204);
    expect(t.core.recordings.get(t.take.id)).toMatchObject({ status: 'ready', sha256: t.take.sha256 });

    const answer = await t.head(at);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('upload-offset')).toBe(String(t.take.bytes.length));
    expect(answer.headers.get('upload-length')).toBe(String(t.take.bytes.length));
  });

  it('refuses a take whose bytes are not the ones it was sealed with, sent in one go or in pieces, and keeps nothing of it', async () => {
    for (const pieces of [1, 3]) {
      const t = await hub();
      const at = await t.create();
      const damaged = Buffer.from(t.take.bytes);
      damaged.writeUInt8(damaged.readUInt8(damaged.length - 10) ^ 0xff, damaged.length - 10);
      const size = Math.ceil(damaged.length / pieces);
      let status = 0;
      for (let offset = 0; offset < damaged.length; offset += size) {
        const answer = await fetch(`${t.host.url}${at}`, {
          method: 'PATCH',
          headers: { ...t.headers, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
          body: damaged.subarray(offset, offset + size),
        });
        status = answer.status;
        await answer.arrayBuffer();
      }
      expect(status, `${pieces} pieces`).toBe(422);
      expect(t.core.db.prepare('SELECT count(*) FROM recordings').pluck().get()).toBe(0);
      expect(fs.existsSync(path.join(t.core.dataDir, 'uploads', path.basename(at)))).toBe(false);
    }
  });

  it('does not answer for an upload still under way: tus tells the offset it has', async () => {
    const t = await hub();
    const at = await t.create();
    fs.writeFileSync(path.join(t.core.dataDir, 'uploads', path.basename(at)), t.take.bytes.subarray(0, 1000));
    const answer = await t.head(at);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('upload-offset')).toBe('1000');
    expect(t.core.db.prepare('SELECT count(*) FROM recordings').pluck().get()).toBe(0);
  });
});
