import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type Host } from '../../src/host/server';
import { testCore } from '../support/core';
import { tempDir } from '../support/temp-dir';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

/** A hub with Sam signed in on his desktop and an upload of his created, as curl speaking tus 1.0 by hand would see it. */
async function hub() {
  const core = testCore();
  const sam = core.people.create({ name: 'Sam', email: 'sam@example.com' });
  const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: sam.id, role: 'seller' }] });
  const host = await startHost({ core, rendererDir: tempDir(), hub: { secure: false, trustProxy: false } });
  hosts.push(host);
  const token = core.accounts.redeem(core.accounts.createInvite(sam.id, null, 24, null).code, 'desktop', 'Laptop').token;
  const auth = { authorization: `Bearer ${token}` };
  const meta = { recordingId: '0194f3c2-1111-7000-8000-000000000001', sessionId: session.id, sha256: 'a'.repeat(64), mode: 'microphone', consents: '[]' };
  const created = await fetch(`${host.url}/uploads/`, {
    method: 'POST',
    headers: {
      ...auth,
      'tus-resumable': '1.0.0',
      'upload-length': '10',
      'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(','),
    },
  });
  expect(created.status).toBe(201);
  const upload = new URL(created.headers.get('location')!, host.url).href;
  return { host, auth, upload, meta };
}

describe('tus 1.0 on the hub, request by request', () => {
  it('answers OPTIONS without sign-in, advertising only the extensions that work', async () => {
    const { host } = await hub();
    const answer = await fetch(`${host.url}/uploads/`, { method: 'OPTIONS' });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('tus-version')).toBe('1.0.0');
    // Not creation-defer-length: an upload must say its size up front. Unfinished uploads expire.
    expect(answer.headers.get('tus-extension')!.split(',')).toEqual(['creation', 'creation-with-upload', 'termination', 'expiration']);
    expect(answer.headers.get('tus-max-size')).toBe(String(20 * 1024 ** 3));
  });

  it('answers a wrong or missing Tus-Resumable with 412 and the version it speaks', async () => {
    const { auth, upload } = await hub();
    for (const version of ['0.2.2', '2.0.0', null]) {
      const answer = await fetch(upload, { method: 'HEAD', headers: { ...auth, ...(version ? { 'tus-resumable': version } : {}) } });
      expect(answer.status, String(version)).toBe(412);
      expect(answer.headers.get('tus-version')).toBe('1.0.0');
    }
  });

  it('answers a PATCH with the wrong Content-Type 415 and one without Upload-Offset 400', async () => {
    const { auth, upload } = await hub();
    const wrongType = await fetch(upload, {
      method: 'PATCH',
      headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/octet-stream' },
      body: 'abc',
    });
    expect(wrongType.status).toBe(415);
    const noOffset = await fetch(upload, {
      method: 'PATCH',
      headers: { ...auth, 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream' },
      body: 'abc',
    });
    expect(noOffset.status).toBe(400);
    // Nothing was written by either.
    const head = await fetch(upload, { method: 'HEAD', headers: { ...auth, 'tus-resumable': '1.0.0' } });
    expect(head.headers.get('upload-offset')).toBe('0');
    // A right PATCH goes on.
    const right = await fetch(upload, {
      method: 'PATCH',
      headers: { ...auth, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: 'abc',
    });
    expect(right.status).toBe(204);
    expect(right.headers.get('upload-offset')).toBe('3');
  });

  it('refuses an upload of deferred length, which it does not advertise', async () => {
    const { host, auth, meta } = await hub();
    const answer = await fetch(`${host.url}/uploads/`, {
      method: 'POST',
      headers: {
        ...auth,
        'tus-resumable': '1.0.0',
        'upload-defer-length': '1',
        'upload-metadata': Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(','),
      },
    });
    // 501 Not Implemented: what tus servers answer for an extension they do not have.
    expect(answer.status).toBe(501);
  });
});
