import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { invite as inviteAs, redeem, rpcAs, runProcess, startSync } from '../support/hub-team';
import { tempDir } from '../support/temp-dir';
import { useCeph } from './ceph';
import { launchChromium, openApp, startHostProcess, type RunningHost } from './harness';

/**
 * A hub on S3 started with a short presigned-address lifetime (`--s3-presign-seconds 2`): the
 * address a player was sent to runs out, and asking the hub again (what a player's Range request
 * after a seek does) gets a fresh address and the right bytes. Against Debian's Ceph started by
 * the project's script, as test/e2e/hub-s3.test.ts does (REPRISE_TEST_CEPH_DIR keeps one running).
 */
const ceph = useCeph();
const s3env = ceph.env;

const hubs: RunningHost[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.stop('SIGKILL');
});

const run = (dataDir: string, args: string[]) => runProcess(dataDir, args, s3env);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const presignSeconds = 2;

/** A hub on a fresh bucket with addresses good for 2 s, and Sam's take of about `takeMb` MB sent up by his desktop. */
async function hubWithTake(takeMb: number) {
  const bucket = `reprise-presign-${process.pid}-${takeMb}`;
  const hubDir = tempDir();
  fs.writeFileSync(
    path.join(hubDir, 'roster.csv'),
    'name,email,role,team,coach,coach_email\nAda Admin,ada@example.com,Enablement,Ops,,\nCora Coach,cora@example.com,Coach,North,yes,\nSam Seller,sam@example.com,AE,North,,cora@example.com\n',
  );
  await run(hubDir, ['reps', 'import', path.join(hubDir, 'roster.csv')]);
  const hub = await startHostProcess(hubDir, s3env, [
    ...['hub', '--listen', '127.0.0.1:0', '--media', `s3://${bucket}`, '--s3-endpoint', s3env.REPRISE_S3_ENDPOINT!, '--s3-path-style'],
    ...['--s3-presign-seconds', String(presignSeconds)],
  ]);
  hubs.push(hub);
  const admin = await redeem(hub.url, await inviteAs(hubDir, 'ada@example.com', 'admin', s3env));
  const people = await rpcAs<{ id: string; email: string }[]>(hub.url, admin, 'people:list', {});
  const sam = people.find((p) => p.email === 'sam@example.com')!.id;
  const session = await rpcAs<{ id: string }>(hub.url, admin, 'sessions:create', { focusAreaId: 'discovery', participants: [{ repId: sam, role: 'seller' }] });
  const desktopDir = tempDir();
  await run(desktopDir, ['connect', hub.url, '--code', await inviteAs(hubDir, 'sam@example.com', undefined, s3env), '--device', 'Laptop']);
  const media = path.join(tempDir(), 'take.mkv');
  // Random frames (they do not compress) with a voice-like noise: a take of about takeMb MB.
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '160x90', '-r', '25', '-i', '/dev/urandom'],
    ...['-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.3:sample_rate=48000', '-fs', String(takeMb * 1024 * 1024)],
    ...['-c:v', 'mpeg4', '-q:v', '1', '-c:a', 'libopus', media],
  ]);
  const take = JSON.parse(await run(desktopDir, ['recordings', 'import', media, '--session', session.id, '--json'])) as { id: string; sha256: string };
  const takeDir = path.join(desktopDir, 'media', 'recordings', take.id);
  const bytes = fs.readFileSync(path.join(takeDir, fs.readdirSync(takeDir).find((name) => name.startsWith('recording'))!));
  expect(sha(bytes)).toBe(take.sha256);
  for (let round = 0; ; round++) {
    if ((await startSync(desktopDir).exited) === 0) {
      const status = JSON.parse(await run(desktopDir, ['sync', 'status', '--json'])) as { uploads: { done: number } };
      if (status.uploads.done === 1) break;
    }
    if (round === 3) throw new Error('The take did not reach the hub in 4 rounds of sync');
  }
  /** A browser signed in to the hub as `email`: its sign-in cookie. */
  const browserCookie = async (email: string) => {
    const answer = await fetch(`${hub.url}/auth/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: await inviteAs(hubDir, email, undefined, s3env) }),
    });
    expect(answer.status).toBe(200);
    return answer.headers.get('set-cookie')!.split(';')[0]!;
  };
  return { hub, take, bytes, bucket, browserCookie };
}

/** What the test reads of the page's <audio>/<video> (the test runs in Node, without the DOM's types). */
interface MediaElement {
  readyState: number;
  duration: number;
  currentTime: number;
  error: { code: number } | null;
  addEventListener(type: 'error', listener: () => void): void;
}

/** Asks the storage address until the gateway refuses it: it has run out (no clock is read here). */
async function untilRefused(address: string): Promise<number> {
  let status = 0;
  await expect
    .poll(
      async () => {
        status = (await fetch(address, { headers: { range: 'bytes=0-0' } })).status;
        return status;
      },
      { interval: 250, timeout: 30_000 },
    )
    .toBe(403);
  return status;
}

describe(`a hub on S3 whose presigned addresses live ${presignSeconds} s (--s3-presign-seconds)`, () => {
  it('sends a player to an address that runs out; a Range request through the hub afterwards gets a fresh address and the right bytes', async () => {
    const { hub, take, bytes, bucket, browserCookie } = await hubWithTake(1);
    const cookie = await browserCookie('cora@example.com');
    /** What a page's <video> asks the hub for after a seek: same-origin, a Range, the redirect left to the caller. */
    const seek = (range: string) =>
      fetch(`${hub.url}/media/recording/${take.id}`, { headers: { cookie, range, 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'video' }, redirect: 'manual' });

    const first = await seek('bytes=1000-1999');
    expect(first.status).toBe(302);
    const address = first.headers.get('location')!;
    expect(address).toMatch(new RegExp(`^${s3env.REPRISE_S3_ENDPOINT}/${bucket}/recordings/${take.id}/`));
    expect(new URL(address).searchParams.get('X-Amz-Expires')).toBe(String(presignSeconds));
    const before = await fetch(address, { headers: { range: 'bytes=1000-1999' } });
    expect(before.status).toBe(206);
    expect(Buffer.from(await before.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);

    // The address runs out: the gateway refuses the seek a player would make on it.
    expect(await untilRefused(address)).toBe(403);

    // The player asks the hub again (useMediaRecovery reloads its source): a new address, good again.
    const again = await seek(`bytes=${bytes.length - 5000}-`);
    expect(again.status).toBe(302);
    const fresh = again.headers.get('location')!;
    expect(fresh).not.toBe(address);
    expect(new URL(fresh).searchParams.get('X-Amz-Expires')).toBe(String(presignSeconds));
    const after = await fetch(fresh, { headers: { range: `bytes=${bytes.length - 5000}-` } });
    expect(after.status).toBe(206);
    expect(after.headers.get('content-range')).toBe(`bytes ${bytes.length - 5000}-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await after.arrayBuffer()).equals(bytes.subarray(bytes.length - 5000))).toBe(true);
    // Followed as a browser follows it, the Range goes with the redirect and the bytes come from the bucket.
    const followed = await fetch(`${hub.url}/media/recording/${take.id}`, { headers: { cookie, range: 'bytes=300000-300999', 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'video' } });
    expect(followed.status).toBe(206);
    expect(followed.url.startsWith(`${s3env.REPRISE_S3_ENDPOINT}/`)).toBe(true);
    expect(Buffer.from(await followed.arrayBuffer()).equals(bytes.subarray(300_000, 301_000))).toBe(true);
  }, 240_000);

  it('in Chromium, a seek after the address ran out plays on from the new place (the page asks the hub again)', async () => {
    const { hub, take, browserCookie } = await hubWithTake(6);
    const [name, value] = (await browserCookie('cora@example.com')).split('=') as [string, string];
    const browser = await launchChromium();
    try {
      const { page, problems } = await openApp(browser, `${hub.url}/`);
      await page.context().addCookies([{ name, value, url: hub.url }]);
      const sentTo: string[] = [];
      page.on('response', (response) => {
        if (!response.url().startsWith(`${hub.url}/media/recording/${take.id}`)) return;
        const location = response.headers().location;
        if (location) sentTo.push(location);
      });
      // A fresh document with the cookie: going to a new #route alone keeps the page that was
      // loaded without it, which may already have asked who is there and shown the sign-in.
      await page.goto(`${hub.url}/#/library/${take.id}`);
      await page.reload();
      const player = page.locator('video.player, audio.player');
      // The page and its chunks come slowly from a hub on a busy machine.
      await player.waitFor({ timeout: 90_000 });
      await expect.poll(() => player.evaluate((m: MediaElement) => m.readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
      const duration = await player.evaluate((m: MediaElement) => m.duration);
      expect(duration).toBeGreaterThan(4);
      expect(sentTo.length).toBeGreaterThanOrEqual(1);
      // The player holds the start; the address it was sent to runs out (the gateway refuses it now).
      const sentBefore = sentTo.length;
      const old = sentTo[sentBefore - 1]!;
      expect(await untilRefused(old)).toBe(403);
      const target = Math.floor(duration * 0.8);
      await player.evaluate((m: MediaElement, at: number) => {
        (globalThis as { mediaErrors?: number }).mediaErrors = 0;
        m.addEventListener('error', () => ((globalThis as { mediaErrors?: number }).mediaErrors! += 1));
        m.currentTime = at;
      }, target);
      // It plays on from there: the element has the media at that place and no error left.
      await expect
        .poll(() => player.evaluate((m: MediaElement) => ({ at: Math.floor(m.currentTime), ready: m.readyState >= 2, error: m.error?.code ?? null })), { timeout: 60_000 })
        .toEqual({ at: target, ready: true, error: null });
      // The seek on the old address failed, and the page asked the hub again, which sent it to a fresh one.
      expect(await page.evaluate(() => (globalThis as { mediaErrors?: number }).mediaErrors)).toBeGreaterThanOrEqual(1);
      expect(sentTo.length).toBeGreaterThan(sentBefore);
      expect(sentTo.slice(sentBefore)).not.toContain(old);
      expect(await page.getByRole('status').filter({ hasText: 'could not be played' }).count()).toBe(0);
      expect(problems.filter((p) => !/403|Failed to load resource/.test(p))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
