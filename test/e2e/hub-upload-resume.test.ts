import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { uploadChunkBytes as chunkSizeFrom } from '../../src/core/hub/desktop-link';

// 4 MB chunks (the desktops spawned here inherit this), so a 20 MB take is five chunks and a kill
// lands mid-take quickly; the default of 64 MB would need a take sixteen times the size.
process.env.REPRISE_UPLOAD_CHUNK_MB = '4';
const uploadChunkBytes = chunkSizeFrom(process.env);
import { invite, redeem, rpcAs, runProcess, startSync } from '../support/hub-team';
import { tempDir } from '../support/temp-dir';
import { startHostProcess, type RunningHost } from './harness';

/**
 * A take on its way from a desktop to a team hub, both real processes, through a proxy in this
 * test that counts the bytes of every PATCH (what tus sends), can hold an upload where it is, and
 * can cut connections at random (seeded). Kill -9 either side mid-upload, or cut at random: the
 * take arrives once, whole, and no more than one chunk per interruption is sent twice.
 */
const running: { hubs: RunningHost[]; servers: http.Server[] } = { hubs: [], servers: [] };
afterEach(async () => {
  for (const hub of running.hubs.splice(0)) await hub.stop('SIGKILL');
  for (const server of running.servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A small fast generator with a seed, so a run that fails can be run again the same way. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Proxy {
  url: string;
  /** Where requests go: changes when the hub comes back on another port. */
  target: string;
  /** Bytes of PATCH bodies passed on to the hub. */
  patchBytes: number;
  /** Connections cut on purpose. */
  cuts: number;
  /** What was cut: method and path, for the log of a run that fails. */
  cutLog: string[];
  /** Refuse every connection (the hub "cannot be reached"). */
  down: boolean;
  /** Resolves once this many PATCH bytes have passed, and holds the upload there. */
  holdAt(bytes: number): Promise<void>;
  /** Cut connections at random: a PATCH partway through its body, other requests after the hub answered. */
  cutAtRandom(seed: number, patchChance: number, answerChance: number): void;
  /** Paths whose next answer is cut after the hub did the work (a write the desktop must not repeat). */
  cutNextAnswer: Set<string>;
}

async function startProxy(): Promise<Proxy> {
  let hold: { at: number; reached: () => void } | null = null;
  let random: { next: () => number; patchChance: number; answerChance: number } | null = null;
  const proxy: Proxy = {
    url: '',
    target: '',
    patchBytes: 0,
    cuts: 0,
    cutLog: [],
    cutNextAnswer: new Set(),
    down: false,
    holdAt: (at) => new Promise((resolve) => (hold = { at, reached: resolve })),
    cutAtRandom: (seed, patchChance, answerChance) => (random = { next: seeded(seed), patchChance, answerChance }),
  };
  const server = http.createServer((req, res) => {
    if (proxy.down) return void req.socket.destroy();
    const target = new URL(proxy.target);
    const cut = () => {
      upstream.destroy();
      req.socket.destroy();
    };
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        const targeted = proxy.cutNextAnswer.delete(req.url ?? '');
        if (targeted || (req.method !== 'PATCH' && random && random.next() < random.answerChance)) {
          // The hub did the work; its answer never reaches the desktop.
          proxy.cuts++;
          proxy.cutLog.push(`${req.method} ${req.url} (answer)`);
          answer.resume();
          return void req.socket.destroy();
        }
        const headers = { ...answer.headers };
        if (headers.location) headers.location = headers.location.replace(target.origin, proxy.url);
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    // A desktop that went away mid-request (killed) leaves the hub with a request cut short, as it would without us.
    req.on('close', () => {
      if (!req.complete) upstream.destroy();
    });
    const isPatch = req.method === 'PATCH';
    const length = Number(req.headers['content-length'] ?? 0);
    let cutAt = isPatch && random && random.next() < random.patchChance ? Math.floor(random.next() * length) : Infinity;
    let passed = 0;
    req.on('data', (chunk: Buffer) => {
      if (!isPatch) return void upstream.write(chunk);
      if (passed >= cutAt) return;
      const part = passed + chunk.length > cutAt ? chunk.subarray(0, cutAt - passed) : chunk;
      passed += part.length;
      proxy.patchBytes += part.length;
      upstream.write(part);
      if (passed >= cutAt) {
        proxy.cuts++;
        proxy.cutLog.push(`PATCH ${req.url} at ${passed}`);
        cutAt = -1;
        // Let what passed reach the hub, then cut both sides.
        setTimeout(cut, 100);
      } else if (hold && proxy.patchBytes >= hold.at) {
        req.pause();
        hold.reached();
        hold = null;
      }
    });
    req.on('end', () => upstream.end());
  });
  running.servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const run = (dataDir: string, args: string[]) => runProcess(dataDir, args);

/**
 * Random frames with a voice track: about 20 MB (five chunks). Made once for the file: every test
 * imports it on its own desktop, which copies it, so no test sees another's take.
 */
let media = '';
beforeAll(() => {
  media = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-test-')), 'take.mkv');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '640x360', '-r', '25', '-i', '/dev/urandom'],
    ...['-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.3:sample_rate=48000', '-fs', String(20 * 1024 * 1024)],
    ...['-c:v', 'mpeg4', '-q:v', '1', '-c:a', 'libopus', media],
  ]);
});
afterAll(() => fs.rmSync(path.dirname(media), { recursive: true, force: true }));

/**
 * A hub (behind the proxy) with Sam and Bea in a session, and Sam's desktop connected through
 * the proxy with a take of several chunks waiting to go up and a submitted self-review that
 * waits in the outbox (written while the hub could not be reached).
 */
async function setUp() {
  const hubDir = tempDir();
  fs.writeFileSync(path.join(hubDir, 'roster.csv'), 'name,email,role,team\nAda Admin,ada@example.com,Enablement,Ops\nSam Seller,sam@example.com,AE,North\nBea Buyer,bea@example.com,AE,North\n');
  await run(hubDir, ['reps', 'import', path.join(hubDir, 'roster.csv')]);
  const hub = { current: await startHostProcess(hubDir, {}, ['hub', '--listen', '127.0.0.1:0']) };
  running.hubs.push(hub.current);
  const proxy = await startProxy();
  proxy.target = hub.current.url;
  const admin = await redeem(hub.current.url, await invite(hubDir, 'ada@example.com', 'admin'));
  const people = await rpcAs<{ id: string; email: string }[]>(hub.current.url, admin, 'people:list', {});
  const sam = people.find((p) => p.email === 'sam@example.com')!.id;
  const bea = people.find((p) => p.email === 'bea@example.com')!.id;
  const session = await rpcAs<{ id: string }>(hub.current.url, admin, 'sessions:create', {
    focusAreaId: 'discovery',
    participants: [
      { repId: sam, role: 'seller' },
      { repId: bea, role: 'buyer' },
    ],
  });

  const desktopDir = tempDir();
  await run(desktopDir, ['connect', proxy.url, '--code', await invite(hubDir, 'sam@example.com'), '--device', 'Laptop']);
  const take = JSON.parse(await run(desktopDir, ['recordings', 'import', media, '--session', session.id, '--json'])) as { id: string; sha256: string; sizeBytes: number };
  expect(take.sizeBytes).toBeGreaterThan(4 * uploadChunkBytes);

  const desktop = createCore({ dataDir: desktopDir });
  const card = await desktop.handlers['scorecards:start']({ sessionId: session.id, reviewerId: sam, recordingId: take.id }, { caller: { kind: 'owner' } });
  proxy.down = true;
  await expect(
    desktop.handlers['scorecards:submit'](
      {
        id: card.id,
        scores: card.template.criteria.map((c) => ({ criterionId: c.id, score: 4 })),
        sections: Object.fromEntries(card.template.sections.filter((s) => s.required).map((s) => [s.key, 'Quantify the pain earlier'])),
        reason: '',
      },
      { caller: { kind: 'owner' } },
    ),
    // Offline is a mode: the submitted card is answered from this computer and waits to go up.
  ).resolves.toMatchObject({ id: card.id, status: 'submitted' });
  proxy.down = false;
  desktop.close();

  /** Starts the hub again on its data folder (a new port) and points the proxy at it. */
  const restartHub = async () => {
    hub.current = await startHostProcess(hubDir, {}, ['hub', '--listen', '127.0.0.1:0']);
    running.hubs.push(hub.current);
    proxy.target = hub.current.url;
  };

  /** Runs sync rounds until one ends online with nothing left (a round cut short exits 1). */
  const syncUntilDone = async (rounds: number) => {
    for (let i = 0; i < rounds; i++) {
      if ((await startSync(desktopDir).exited) === 0) {
        const status = JSON.parse(await run(desktopDir, ['sync', 'status', '--json'])) as { uploads: { done: number }; outbox: { pending: number } };
        if (status.uploads.done === 1 && status.outbox.pending === 0) return i + 1;
      }
    }
    throw new Error(`Not synced after ${rounds} rounds`);
  };

  /** What the hub holds: its recordings, Sam's scorecards, and the sha256 of the take's media as the hub serves it. */
  const onHub = async () => {
    const recordings = await rpcAs<{ id: string; sha256: string | null; status: string }[]>(hub.current.url, admin, 'recordings:list', {});
    const cards = await rpcAs<{ id: string; status: string }[]>(hub.current.url, admin, 'scorecards:list', {});
    const media = await fetch(`${hub.current.url}/media/recording/${take.id}`, { headers: { authorization: `Bearer ${admin}` } });
    const served = createHash('sha256').update(Buffer.from(await media.arrayBuffer())).digest('hex');
    return { recordings, cards, served };
  };

  return { hubDir, hub, proxy, desktopDir, take, card, restartHub, syncUntilDone, onHub };
}

function expectArrivedOnce(t: Awaited<ReturnType<typeof setUp>>, found: Awaited<ReturnType<Awaited<ReturnType<typeof setUp>>['onHub']>>) {
  expect(found.recordings.map((r) => [r.id, r.sha256, r.status])).toEqual([[t.take.id, t.take.sha256, 'ready']]);
  expect(found.served).toBe(t.take.sha256);
  expect(found.cards.map((c) => [c.id, c.status])).toEqual([[t.card.id, 'submitted']]);
}

describe('a take going up to a team hub', () => {
  it('resumes after the desktop is killed mid-upload, sending at most one chunk again', async () => {
    const t = await setUp();
    const held = t.proxy.holdAt(Math.floor(2.5 * uploadChunkBytes));
    const first = startSync(t.desktopDir);
    await held;
    first.child.kill('SIGKILL');
    await first.exited;
    const before = t.proxy.patchBytes;
    expect(before).toBeLessThan(t.take.sizeBytes);

    await t.syncUntilDone(1);
    const resent = t.proxy.patchBytes - t.take.sizeBytes;
    console.log(`desktop killed at ${before} of ${t.take.sizeBytes} bytes: ${resent} bytes sent again (a chunk is ${uploadChunkBytes})`);
    expect(resent).toBeGreaterThanOrEqual(0);
    expect(resent).toBeLessThanOrEqual(uploadChunkBytes);
    expectArrivedOnce(t, await t.onHub());
  });

  it('resumes after the hub is killed mid-upload and comes back, sending at most one chunk again', async () => {
    const t = await setUp();
    const held = t.proxy.holdAt(Math.floor(2.5 * uploadChunkBytes));
    const sync = startSync(t.desktopDir);
    await held;
    const before = t.proxy.patchBytes;
    await t.hub.current.stop('SIGKILL');
    await t.restartHub();
    // The desktop's retries may finish the round; if they ran out first, the next round does.
    if ((await sync.exited) !== 0) await t.syncUntilDone(2);
    else await t.syncUntilDone(1);
    const resent = t.proxy.patchBytes - t.take.sizeBytes;
    console.log(`hub killed at ${before} of ${t.take.sizeBytes} bytes: ${resent} bytes sent again (a chunk is ${uploadChunkBytes})`);
    expect(resent).toBeGreaterThanOrEqual(0);
    expect(resent).toBeLessThanOrEqual(uploadChunkBytes);
    expectArrivedOnce(t, await t.onHub());
  });

  it('takes the take in after the hub is killed between the last byte and adopting it', async () => {
    const t = await setUp();
    const held = t.proxy.holdAt(t.take.sizeBytes);
    const sync = startSync(t.desktopDir);
    await held;
    // Every byte is on the hub's disk: it is hashing and adopting the take now.
    const uploads = path.join(t.hubDir, 'uploads');
    const received = () => fs.readdirSync(uploads).some((f) => !f.endsWith('.json') && fs.statSync(path.join(uploads, f)).size === t.take.sizeBytes);
    // Taken in on the facts its desktop declared, the take may be adopted within milliseconds of its
    // last byte: its folder then appears, and the kill lands before the desktop hears the answer.
    const adopting = () => fs.existsSync(path.join(t.hubDir, 'media', 'recordings', t.take.id));
    await expect.poll(() => received() || adopting(), { interval: 5, timeout: 20_000 }).toBe(true);
    await t.hub.current.stop('SIGKILL');
    await t.restartHub();
    if ((await sync.exited) !== 0) await t.syncUntilDone(2);
    else await t.syncUntilDone(1);
    expect(t.proxy.patchBytes - t.take.sizeBytes).toBeLessThanOrEqual(uploadChunkBytes);
    expectArrivedOnce(t, await t.onHub());
  });

  it('takes the take in after the hub is killed while it makes the thumbnail and waveform', async () => {
    const t = await setUp();
    const held = t.proxy.holdAt(t.take.sizeBytes);
    const sync = startSync(t.desktopDir);
    await held;
    // The take's media folder appears when the hub starts adopting it.
    const adopting = path.join(t.hubDir, 'media', 'recordings', t.take.id);
    await expect.poll(() => fs.existsSync(adopting), { interval: 2, timeout: 20_000 }).toBe(true);
    await t.hub.current.stop('SIGKILL');
    await t.restartHub();
    if ((await sync.exited) !== 0) await t.syncUntilDone(2);
    else await t.syncUntilDone(1);
    expect(t.proxy.patchBytes - t.take.sizeBytes).toBeLessThanOrEqual(uploadChunkBytes);
    expectArrivedOnce(t, await t.onHub());
  });

  it('gets everything there once through a proxy that cuts connections at random', async () => {
    const t = await setUp();
    t.proxy.cutAtRandom(20261130, 0.35, 0.25);
    // Whatever the dice say, the scorecard's submit is made on the hub once with its answer lost.
    t.proxy.cutNextAnswer.add('/rpc/scorecards:submit');
    const rounds = await t.syncUntilDone(25);
    const resent = t.proxy.patchBytes - t.take.sizeBytes;
    console.log(`${t.proxy.cuts} connections cut over ${rounds} sync rounds: ${resent} bytes sent again (a chunk is ${uploadChunkBytes})\n${t.proxy.cutLog.join('\n')}`);
    expect(t.proxy.cuts).toBeGreaterThan(0);
    expect(resent).toBeLessThanOrEqual(t.proxy.cuts * uploadChunkBytes);
    expectArrivedOnce(t, await t.onHub());
  });
});
