import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invite as inviteAs, redeem, rpcAs, runProcess, startSync } from '../support/hub-team';
import { tempDir } from '../support/temp-dir';
import { parseMediaLocation, S3TakeStore, type MediaLocation } from '../../src/core/media/take-store';
import { useCeph } from './ceph';
import { startHostProcess, type RunningHost } from './harness';

/**
 * A team hub whose takes live in a real S3-compatible store: Debian's Ceph (monitor, OSD,
 * radosgw) started by the project's own script in a temp folder, stopped and removed after.
 * Hub and desktop are real processes, as a team runs them.
 */
const ceph = useCeph();
const s3env = ceph.env;
const cephDir = ceph.dir;
let s3: S3Client;

beforeAll(() => {
  s3 = new S3Client({
    endpoint: s3env.REPRISE_S3_ENDPOINT!,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: s3env.AWS_ACCESS_KEY_ID!, secretAccessKey: s3env.AWS_SECRET_ACCESS_KEY! },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}, 120_000);

const running: { hubs: RunningHost[] } = { hubs: [] };
afterEach(async () => {
  for (const hub of running.hubs.splice(0)) await hub.stop('SIGKILL');
});

/** The CLI as its own process, with the S3 credentials. */
const run = (dataDir: string, args: string[]) => runProcess(dataDir, args, s3env);
const invite = (hubDir: string, email: string, role?: string) => inviteAs(hubDir, email, role, s3env);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Between the desktop and the hub: counts the bytes of every PATCH and can hold an upload where it is. */
interface Proxy {
  url: string;
  target: string;
  patchBytes: number;
  /** Bytes of media answers (GET /media/...) that passed through the hub. */
  mediaBytes: number;
  /** Resolves once this many PATCH bytes have passed, holding the upload there until `release()`. */
  holdAt(bytes: number): Promise<void>;
  release(): void;
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function startProxy(target: string): Promise<Proxy> {
  let hold: { at: number; reached: () => void } | null = null;
  const held: http.IncomingMessage[] = [];
  const proxy: Proxy = {
    url: '',
    target,
    patchBytes: 0,
    mediaBytes: 0,
    holdAt: (at) => new Promise((resolve) => (hold = { at, reached: resolve })),
    release: () => {
      for (const req of held.splice(0)) req.resume();
    },
  };
  const server = http.createServer((req, res) => {
    const to = new URL(proxy.target);
    const upstream = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (answer) => {
      const headers = { ...answer.headers };
      if (headers.location) headers.location = headers.location.replace(to.origin, proxy.url);
      res.writeHead(answer.statusCode ?? 502, headers);
      if (req.method === 'GET' && req.url?.startsWith('/media/')) answer.on('data', (chunk: Buffer) => (proxy.mediaBytes += chunk.length));
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.on('close', () => {
      if (!req.complete) upstream.destroy();
    });
    req.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      if (req.method !== 'PATCH') return;
      proxy.patchBytes += chunk.length;
      if (hold && proxy.patchBytes >= hold.at) {
        req.pause();
        held.push(req);
        hold.reached();
        hold = null;
      }
    });
    req.on('end', () => upstream.end());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return proxy;
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let buckets = 0;

/**
 * A take of about `takeMb` MB: random frames and a voice-like noise, made once per size and
 * imported by each case's desktop (each import is its own take). Small frames keep a 1 MB take
 * over two seconds long, enough for a clip and an analysis.
 */
const mediaBySize = new Map<number, string>();
/** Kept for the whole file (a case's own temp folders go with the case), removed after. */
const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-s3-media-'));
afterAll(() => fs.rmSync(mediaDir, { recursive: true, force: true }));
function takeMedia(takeMb: number): string {
  let media = mediaBySize.get(takeMb);
  if (!media) {
    media = path.join(mediaDir, `take-${takeMb}mb.mkv`);
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '160x90', '-r', '25', '-i', '/dev/urandom'],
      ...['-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.3:sample_rate=48000', '-fs', String(takeMb * 1024 * 1024)],
      ...['-c:v', 'mpeg4', '-q:v', '1', '-c:a', 'libopus', media],
    ]);
    mediaBySize.set(takeMb, media);
  }
  return media;
}

/** A hub on a fresh bucket with Sam and Bea in a session, and Sam's desktop connected with a take waiting to go up. */
async function setUp(takeMb = 1, storage: 's3' | 'local' = 's3') {
  const bucket = `reprise-test-${process.pid}-${++buckets}`;
  const hubDir = tempDir();
  fs.writeFileSync(
    path.join(hubDir, 'roster.csv'),
    'name,email,role,team,coach,coach_email\nAda Admin,ada@example.com,Enablement,Ops,,\nCora Coach,cora@example.com,Coach,North,yes,\n' +
      'Sam Seller,sam@example.com,AE,North,,cora@example.com\nBea Buyer,bea@example.com,AE,North,,\nOtto Other,otto@example.com,AE,South,,\n',
  );
  await run(hubDir, ['reps', 'import', path.join(hubDir, 'roster.csv')]);
  // One port for the hub's life, so a desktop finds it again after a restart.
  const port = await freePort();
  const s3Flags = ['--s3-endpoint', s3env.REPRISE_S3_ENDPOINT!, '--s3-path-style'];
  const hubArgs = ['hub', '--listen', `127.0.0.1:${port}`, ...(storage === 's3' ? ['--media', `s3://${bucket}`, ...s3Flags] : [])];
  const hub = { current: await startHostProcess(hubDir, s3env, hubArgs) };
  running.hubs.push(hub.current);
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
  const proxy = await startProxy(hub.current.url);
  await run(desktopDir, ['connect', proxy.url, '--code', await invite(hubDir, 'sam@example.com'), '--device', 'Laptop']);
  const media = takeMedia(takeMb);
  const take = JSON.parse(await run(desktopDir, ['recordings', 'import', media, '--session', session.id, '--json'])) as { id: string; sha256: string; sizeBytes: number; durationMs: number };
  // The take as the desktop sealed it (an import is remuxed into a seekable file).
  const takeDir = path.join(desktopDir, 'media', 'recordings', take.id);
  const takeFile = fs.readdirSync(takeDir).find((name) => name.startsWith('recording'))!;
  const bytes = fs.readFileSync(path.join(takeDir, takeFile));
  expect(sha(bytes)).toBe(take.sha256);

  const syncUntilDone = async (rounds: number) => {
    for (let i = 0; i < rounds; i++) {
      if ((await startSync(desktopDir).exited) === 0) {
        const status = JSON.parse(await run(desktopDir, ['sync', 'status', '--json'])) as { uploads: { done: number } };
        if (status.uploads.done === 1) return i + 1;
      }
    }
    throw new Error(`Not synced after ${rounds} rounds`);
  };
  const restartHub = async (flags: string[] = []) => {
    // No --media: the hub keeps the choice it was first started with.
    hub.current = await startHostProcess(hubDir, s3env, ['hub', '--listen', `127.0.0.1:${port}`, ...flags]);
    running.hubs.push(hub.current);
  };
  const key = `recordings/${take.id}/recording${path.extname(takeFile)}`;
  const media$ = (query = '', headers: Record<string, string> = {}) =>
    fetch(`${hub.current.url}/media/recording/${take.id}${query}`, { headers: { authorization: `Bearer ${admin}`, ...headers }, redirect: 'manual' });
  /** A browser signed in to the hub with a code for `email`: its sign-in cookie. */
  const browser = async (email: string) => {
    const answer = await fetch(`${hub.current.url}/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: await invite(hubDir, email) }) });
    expect(answer.status).toBe(200);
    return answer.headers.get('set-cookie')!.split(';')[0]!;
  };
  /** What a page's <video> asks the hub for, with `cookie`: same-origin, Range, redirects left to the caller. */
  const played = (cookie: string, range = 'bytes=0-', redirect: 'manual' | 'follow' = 'manual') =>
    fetch(`${hub.current.url}/media/recording/${take.id}`, { headers: { cookie, range, 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'video' }, redirect });
  /**
   * A player on another desktop (Ada's, which does not hold the take), through its own door
   * (`reprise serve`, as the app's player asks it), seeking with Range: the bytes and how many of
   * them passed through the hub.
   */
  const seekOnAnotherDesktop = async (start: number, end: number) => {
    const dir = tempDir();
    await run(dir, ['connect', proxy.url, '--code', await invite(hubDir, 'ada@example.com'), '--device', 'Desk']);
    const door = await startHostProcess(dir, s3env, ['serve', '--port', '0']);
    running.hubs.push(door);
    const before = proxy.mediaBytes;
    const answer = await fetch(`${door.url}/media/recording/${take.id}`, { headers: { range: `bytes=${start}-${end}` } });
    const body = Buffer.from(await answer.arrayBuffer());
    await door.stop('SIGTERM');
    return { status: answer.status, contentRange: answer.headers.get('content-range'), body, throughHub: proxy.mediaBytes - before };
  };
  return { bucket, s3Flags, hubDir, hub, proxy, admin, sam, desktopDir, take, bytes, key, media: media$, browser, played, syncUntilDone, restartHub, seekOnAnotherDesktop };
}

/** Bytes of every object in the bucket, by key. */
async function objects(bucket: string): Promise<Record<string, number>> {
  const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return Object.fromEntries((list.Contents ?? []).map((o) => [o.Key!, o.Size!]));
}

describe('a team hub with its takes in S3-compatible storage (Ceph)', () => {
  it('takes a take in to the bucket, plays it with Range streamed and presigned, analyses it, cuts a clip and verifies it', async () => {
    const t = await setUp();
    await t.syncUntilDone(3);

    // The take is in the bucket, checked, and nowhere on the hub's own disk; the upload's own objects are gone.
    const recording = await rpcAs<{ status: string; sha256: string; sizeBytes: number }>(t.hub.current.url, t.admin, 'recordings:get', { id: t.take.id });
    expect(recording).toMatchObject({ status: 'ready', sha256: t.take.sha256, sizeBytes: t.bytes.length });
    expect(await objects(t.bucket)).toEqual({ [t.key]: t.bytes.length });
    const local = fs.readdirSync(path.join(t.hubDir, 'media', 'recordings', t.take.id)).sort();
    expect(local).toEqual(['peaks.json', 'thumbnail.jpg']);

    // Range, streamed through the hub (`?stream`: a desktop whose storage address failed).
    const part = await t.media('?stream', { range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${t.bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(t.bytes.subarray(1000, 2000))).toBe(true);
    const whole = await t.media('?stream');
    expect(whole.status).toBe(200);
    expect(sha(Buffer.from(await whole.arrayBuffer()))).toBe(t.take.sha256);
    // A player that holds this version gets 304, whatever the bucket says.
    expect((await t.media('', { 'if-none-match': whole.headers.get('etag')! })).status).toBe(304);

    // Presigned: a redirect for a minute, and the gateway answers the Range itself.
    const redirect = await t.media('?presigned');
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${s3env.REPRISE_S3_ENDPOINT}/${t.bucket}/recordings/`));
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('60');
    const direct = await fetch(location, { headers: { range: 'bytes=1000-1999' } });
    expect(direct.status).toBe(206);
    expect(Buffer.from(await direct.arrayBuffer()).equals(t.bytes.subarray(1000, 2000))).toBe(true);
    // A desktop's player takes the hub's offer: its Range answer comes from the bucket, not through the hub.
    const seek = await t.seekOnAnotherDesktop(1000, 200_999);
    expect(seek).toMatchObject({ status: 206, contentRange: `bytes 1000-200999/${t.bytes.length}`, throughHub: 0 });
    expect(seek.body.equals(t.bytes.subarray(1000, 201_000))).toBe(true);
    // Someone who may not see the take gets no address at all.
    expect((await fetch(`${t.hub.current.url}/media/recording/${t.take.id}?presigned`, { redirect: 'manual' })).status).toBe(401);

    // A browser signed in to the hub: the page's player is sent to the storage as a desktop is.
    const coach = await t.played(await t.browser('cora@example.com'));
    expect([302, 307]).toContain(coach.status);
    const sent = coach.headers.get('location')!;
    expect(sent).toMatch(new RegExp(`^${s3env.REPRISE_S3_ENDPOINT}/${t.bucket}/recordings/`));
    expect(new URL(sent).searchParams.get('X-Amz-Expires')).toBe('60');
    const seeked = await fetch(sent, { headers: { range: 'bytes=5000-5999' } });
    expect(seeked.status).toBe(206);
    expect(seeked.headers.get('content-range')).toBe(`bytes 5000-5999/${t.bytes.length}`);
    expect(Buffer.from(await seeked.arrayBuffer()).equals(t.bytes.subarray(5000, 6000))).toBe(true);
    // Followed as a browser follows it, the Range goes with it and the bytes come from the bucket.
    const followed = await t.played(await t.browser('cora@example.com'), 'bytes=100-199', 'follow');
    expect(followed.status).toBe(206);
    expect(followed.url).toMatch(new RegExp(`^${s3env.REPRISE_S3_ENDPOINT}/`));
    expect(Buffer.from(await followed.arrayBuffer()).equals(t.bytes.subarray(100, 200))).toBe(true);
    // The hub's pages may play from the storage (its origin in media-src), nothing else is widened.
    const policy = (await fetch(`${t.hub.current.url}/`)).headers.get('content-security-policy')!;
    expect(policy).toContain(`media-src 'self' blob: ${new URL(s3env.REPRISE_S3_ENDPOINT!).origin}`);
    expect(policy).toContain("connect-src 'self';");
    // A signed-in stranger to the take is refused, with no address.
    const stranger = await t.played(await t.browser('otto@example.com'));
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get('location')).toBeNull();
    expect(await stranger.text()).not.toContain(t.bucket);

    // Thumbnail and waveform were made from the bucket (ffmpeg reading a presigned address).
    expect((await fetch(`${t.hub.current.url}/media/thumbnail/${t.take.id}`, { headers: { authorization: `Bearer ${t.admin}` } })).status).toBe(200);

    // Analysis reads the take from the bucket.
    await expect
      .poll(async () => (await rpcAs<{ state: string | null }>(t.hub.current.url, t.admin, 'recordings:analysis', { id: t.take.id })).state, { interval: 500, timeout: 60_000 })
      .toMatch(/^(done|no_sound)$/);

    // A clip cut from the bucket: a real file of the clip's length.
    const clip = await rpcAs<{ id: string }>(t.hub.current.url, t.admin, 'clips:create', { recordingId: t.take.id, startMs: 500, endMs: 1_500, title: 'Opening' });
    const cut = await fetch(`${t.hub.current.url}/media/clip/${clip.id}`, { headers: { authorization: `Bearer ${t.admin}` } });
    expect(cut.status).toBe(200);
    const cutFile = path.join(tempDir(), 'clip.mkv');
    fs.writeFileSync(cutFile, Buffer.from(await cut.arrayBuffer()));
    const seconds = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', cutFile], { encoding: 'utf8' }));
    expect(seconds).toBeGreaterThan(0.5);
    expect(seconds).toBeLessThan(2.5);

    // verify reads the bucket: fine, then a take whose bytes were changed in the bucket.
    expect(JSON.parse(await run(t.hubDir, ['recordings', 'verify', '--json']))).toMatchObject({ checked: 1, problems: [] });
    const changed = Buffer.from(t.bytes);
    changed[changed.length - 100]! ^= 0xff;
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: t.key, Body: changed }));
    const failed = (await run(t.hubDir, ['recordings', 'verify', '--json']).catch((error: { stdout: string }) => error.stdout)) as string;
    expect(JSON.parse(failed)).toMatchObject({ checked: 1, problems: [{ id: t.take.id, problem: 'hash_mismatch' }] });
    await s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: t.key }));
    const gone = (await run(t.hubDir, ['recordings', 'verify', '--json']).catch((error: { stdout: string }) => error.stdout)) as string;
    expect(JSON.parse(gone)).toMatchObject({ problems: [{ id: t.take.id, problem: 'missing' }] });
    // A player is told what is wrong and where to put the file back.
    const refused = await t.media();
    expect(refused.status).toBe(404);
    expect(await refused.text()).toMatch(/missing from the hub's media bucket/);
  }, 180_000);

  it('moves a hub’s takes to the bucket and back, each checked, resumable, switching only when all are there (a backup from before stays on the bucket)', async () => {
    const t = await setUp(1, 'local');
    await t.syncUntilDone(3);
    const localFile = path.join(t.hubDir, 'media', 'recordings', t.take.id, path.basename(t.key));
    expect(sha(fs.readFileSync(localFile))).toBe(t.take.sha256);
    // A hub on its own disk streams the take to a desktop's player itself.
    const seek = await t.seekOnAnotherDesktop(1000, 200_999);
    expect(seek).toMatchObject({ status: 206, contentRange: `bytes 1000-200999/${t.bytes.length}`, throughHub: 200_000 });
    expect(seek.body.equals(t.bytes.subarray(1000, 201_000))).toBe(true);
    // While the hub runs, the move is refused (it would go on taking uploads into the old place).
    const refused = await run(t.hubDir, ['hub', 'media', 'migrate', '--to', `s3://${t.bucket}`, ...t.s3Flags]).catch((error: { stderr: string }) => error.stderr);
    expect(refused).toMatch(/The hub \(or another Reprise program\) is using this data folder\. Stop the hub first/);
    await t.hub.current.stop('SIGTERM');
    const backup = JSON.parse(await run(t.hubDir, ['db', 'backup', '--json'])) as { file: string };

    const migrate = async (args: string[]) => JSON.parse(await run(t.hubDir, ['hub', 'media', 'migrate', ...args, '--json'])) as Record<string, unknown>;
    const toBucket = ['--to', `s3://${t.bucket}`, ...t.s3Flags];
    expect(await migrate([...toBucket, '--delete-local'])).toMatchObject({ copied: [t.take.id], failed: [], switched: true, deletedLocal: 1 });
    expect(await objects(t.bucket)).toEqual({ [t.key]: t.bytes.length });
    expect(fs.existsSync(localFile)).toBe(false);
    // A backup from before the move says "local", where the take no longer is: restored, the hub stays on the bucket.
    expect(JSON.parse(await run(t.hubDir, ['db', 'restore', backup.file, '--yes', '--json']))).toMatchObject({ media: expect.stringMatching(`^s3://${t.bucket} at `) });
    expect(JSON.parse(await run(t.hubDir, ['recordings', 'verify', '--json']))).toMatchObject({ checked: 1, problems: [], mediaWithoutRecording: [] });
    // Run again (as after an interruption): what is there with the right bytes is not copied again.
    expect(await migrate(toBucket)).toMatchObject({ copied: [], alreadyThere: [t.take.id], switched: true });

    // The hub started again without --media uses the bucket it was moved to. With --media-via-hub
    // (storage that players cannot reach) it streams takes itself, to browsers and desktops alike.
    await t.restartHub(['--media-via-hub']);
    const cookie = await t.browser('cora@example.com');
    const viaHub = await t.played(cookie, 'bytes=1000-1999');
    expect(viaHub.status).toBe(206);
    expect(Buffer.from(await viaHub.arrayBuffer()).equals(t.bytes.subarray(1000, 2000))).toBe(true);
    const asked = await t.media('?presigned');
    expect(asked.status).toBe(200);
    expect(sha(Buffer.from(await asked.arrayBuffer()))).toBe(t.take.sha256);
    await t.hub.current.stop('SIGTERM');

    // And back to the hub's own disk; the bucket keeps its copy.
    expect(await migrate(['--to', 'local'])).toMatchObject({ copied: [t.take.id], switched: true });
    expect(sha(fs.readFileSync(localFile))).toBe(t.take.sha256);
    expect(JSON.parse(await run(t.hubDir, ['recordings', 'verify', '--json']))).toMatchObject({ checked: 1, problems: [] });
    await t.restartHub();
    // Takes on the hub's own disk are streamed by the hub to a browser's player (no address to send it to).
    const fromDisk = await t.played(cookie, 'bytes=1000-1999');
    expect(fromDisk.status).toBe(206);
    expect(Buffer.from(await fromDisk.arrayBuffer()).equals(t.bytes.subarray(1000, 2000))).toBe(true);
    // A take that cannot be copied (gone from where the hub keeps it) keeps the hub where it is.
    await t.hub.current.stop('SIGTERM');
    fs.rmSync(localFile);
    await s3.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: t.key }));
    const failed = JSON.parse(
      await run(t.hubDir, ['hub', 'media', 'migrate', ...toBucket, '--json']).catch((error: { stdout: string }) => error.stdout),
    ) as { failed: unknown[]; switched: boolean };
    expect(failed).toMatchObject({ switched: false, failed: [{ id: t.take.id }] });
    expect(JSON.parse(await run(t.hubDir, ['recordings', 'verify', '--json']).catch((error: { stdout: string }) => error.stdout))).toMatchObject({
      problems: [{ id: t.take.id, problem: 'missing' }],
    });
  }, 240_000);

  it('restores a hub on S3 from a backup (the takes stay in the bucket, one newer than the backup is sent again), then moves it to another bucket on the gateway', async () => {
    const t = await setUp();
    // A backup from before the take arrived.
    const backup = JSON.parse(await run(t.hubDir, ['db', 'backup', '--json'])) as { file: string };
    await t.syncUntilDone(3);
    await t.hub.current.stop('SIGTERM');
    const restored = JSON.parse(await run(t.hubDir, ['db', 'restore', backup.file, '--yes', '--json'])) as { media: string };
    expect(restored.media).toMatch(new RegExp(`^s3://${t.bucket} at `));
    // The take is in the bucket, not in the restored database: found there (not by its thumbnail
    // and waveform on the hub's disk, removed here as on a hub moved to a new machine).
    fs.rmSync(path.join(t.hubDir, 'media', 'recordings', t.take.id), { recursive: true });
    const verify = JSON.parse(await run(t.hubDir, ['recordings', 'verify', '--json']).catch((error: { stdout: string }) => error.stdout)) as Record<string, unknown>;
    expect(verify).toMatchObject({ checked: 0, problems: [], mediaWithoutRecording: [t.take.id] });
    // The hub starts again on the bucket; the desktop sees the restored hub and sends the take again.
    await t.restartHub();
    let recording: { status: string; sha256: string } | null = null;
    for (let round = 0; round < 4 && recording?.status !== 'ready'; round++) {
      await startSync(t.desktopDir).exited;
      recording = await rpcAs<{ status: string; sha256: string }>(t.hub.current.url, t.admin, 'recordings:get', { id: t.take.id }).catch(() => null);
    }
    expect(recording).toMatchObject({ status: 'ready', sha256: t.take.sha256 });
    expect(sha(Buffer.from(await (await t.media('?stream')).arrayBuffer()))).toBe(t.take.sha256);
    expect(Object.keys(await objects(t.bucket))).toEqual([t.key]);
    await t.hub.current.stop('SIGTERM');
    expect(JSON.parse(await run(t.hubDir, ['recordings', 'verify', '--json']))).toMatchObject({ checked: 1, problems: [], mediaWithoutRecording: [] });

    // To another bucket on the same gateway: copied there (CopyObject), checked from the sha256 stored
    // with the take and the gateway's ETag of the copy, without reading it.
    const other = `${t.bucket}-other`;
    const migrateTo = (bucket: string) => run(t.hubDir, ['hub', 'media', 'migrate', '--to', `s3://${bucket}`, ...t.s3Flags, '--json']);
    expect(JSON.parse(await migrateTo(other))).toMatchObject({ copied: [t.take.id], onGateway: [t.take.id], checkedWithoutReading: [t.take.id], failed: [], switched: true });
    expect(await objects(other)).toEqual({ [t.key]: t.bytes.length });
    expect(JSON.parse(await run(t.hubDir, ['recordings', 'verify', '--json']))).toMatchObject({ checked: 1, problems: [] });
    // And back, as a run resumed: the first bucket still holds the take, found there the same way.
    expect(JSON.parse(await migrateTo(t.bucket))).toMatchObject({ copied: [], alreadyThere: [t.take.id], onGateway: [], checkedWithoutReading: [t.take.id], switched: true });
    // A take whose bytes were changed where it is (its stored sha256 gone with them) is read back,
    // found wrong and not switched to.
    const changed = Buffer.from(t.bytes);
    changed[1000]! ^= 0xff;
    await s3.send(new PutObjectCommand({ Bucket: t.bucket, Key: t.key, Body: changed }));
    const third = `${t.bucket}-third`;
    const refused = JSON.parse(
      await migrateTo(third).catch((error: { stdout: string }) => error.stdout),
    ) as Record<string, unknown>;
    expect(refused).toMatchObject({ copied: [], onGateway: [], switched: false, failed: [{ id: t.take.id, reason: expect.stringMatching(/does not match the take/) }] });
  }, 240_000);

  it('copies a take past the single-copy limit in parts on the gateway (UploadPartCopy; the 5 GB limit made small here)', async () => {
    const MB = 1024 ** 2;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: s3env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: s3env.AWS_SECRET_ACCESS_KEY });
    const bucket = `reprise-test-${process.pid}-copy`;
    const store = new S3TakeStore(parseMediaLocation(`s3://${bucket}`, { endpoint: s3env.REPRISE_S3_ENDPOINT!, pathStyle: true }) as Extract<MediaLocation, { kind: 's3' }>, { singleCopyLimit: 6 * MB, partBytes: 5 * MB });
    await store.ensureBucket();
    const large = randomBytes(12 * MB + 7);
    const small = randomBytes(MB);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'upload-large', Body: large }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'upload-small', Body: small }));
    expect(await store.copy('upload-large', 'recordings/large/recording.mkv')).toBe('parts');
    expect(await store.copy('upload-small', 'recordings/small/recording.mkv')).toBe('single');
    expect(await store.sha256('recordings/large/recording.mkv')).toBe(sha(large));
    expect(await store.sha256('recordings/small/recording.mkv')).toBe(sha(small));
    expect(await store.takeIds()).toEqual(['large', 'small']);
    // From another bucket on the same gateway (a hub's move between buckets), its sha256 stored with the copy.
    const otherStore = new S3TakeStore(parseMediaLocation(`s3://${bucket}-to`, { endpoint: s3env.REPRISE_S3_ENDPOINT!, pathStyle: true }) as Extract<MediaLocation, { kind: 's3' }>, { singleCopyLimit: 6 * MB, partBytes: 5 * MB });
    await otherStore.ensureBucket();
    expect(await otherStore.copy('upload-large', 'recordings/large/recording.mkv', undefined, { fromBucket: bucket, sha256: sha(large) })).toBe('parts');
    expect(await otherStore.stat('recordings/large/recording.mkv')).toMatchObject({ size: large.length, sha256: sha(large) });
    expect(await otherStore.sha256('recordings/large/recording.mkv')).toBe(sha(large));
    // A copy that fails midway (its source gone) leaves no unfinished upload behind.
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'upload-large' }));
    await expect(store.copy('upload-large', 'recordings/gone/recording.mkv', large.length)).rejects.toThrow(/cannot reach its media storage/);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  }, 120_000);

  it('resumes after the hub is killed mid-upload: the take arrives once, whole', async () => {
    const t = await setUp(14);
    // Held past the first 8 MB part, which is in the bucket by then.
    const held = t.proxy.holdAt(12 * 1024 * 1024);
    const sync = startSync(t.desktopDir);
    await held;
    await t.hub.current.stop('SIGKILL');
    t.proxy.release();
    await t.restartHub();
    // The desktop's retries may finish the round; if they ran out first, the next rounds do.
    await sync.exited;
    await t.syncUntilDone(4);
    const served = await t.media('?stream');
    expect(sha(Buffer.from(await served.arrayBuffer()))).toBe(t.take.sha256);
    expect(Object.keys(await objects(t.bucket))).toEqual([t.key]);
    console.log(`hub killed at 12 MB of ${t.bytes.length} bytes: ${t.proxy.patchBytes - t.bytes.length} bytes sent again`);
    expect(t.proxy.patchBytes - t.bytes.length).toBeLessThanOrEqual(16 * 1024 * 1024);
  }, 240_000);

  it('says the storage cannot be reached when the gateway stops mid-upload, and the desktop sends the take when it is back', async () => {
    const t = await setUp(14);
    const held = t.proxy.holdAt(12 * 1024 * 1024);
    const sync = startSync(t.desktopDir);
    await held;
    // radosgw dies; monitor and OSD keep the data.
    process.kill(Number(fs.readFileSync(path.join(cephDir, 'run', 'rgw.pid'), 'utf8')), 'SIGKILL');
    t.proxy.release();
    // The round ends with the take waiting (not failed): it goes up at a later round.
    await sync.exited;
    const desktopDb = new Database(path.join(t.desktopDir, 'reprise.sqlite'), { readonly: true });
    const waiting = desktopDb.prepare('SELECT state, error FROM outgoing_uploads').get() as { state: string; error: string };
    desktopDb.close();
    expect(waiting.state).toBe('waiting');
    expect(waiting.error).toMatch(/media storage/);
    ceph.start();
    await t.syncUntilDone(4);
    const served = await t.media('?stream');
    expect(sha(Buffer.from(await served.arrayBuffer()))).toBe(t.take.sha256);
    expect(Object.keys(await objects(t.bucket))).toEqual([t.key]);
  }, 240_000);
});
