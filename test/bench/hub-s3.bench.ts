import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import Database from 'better-sqlite3';
import { bench, describe } from 'vitest';
import { uploadChunkBytes } from '../../src/core/hub/desktop-link';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { parseMediaLocation, storeMediaLocation } from '../../src/core/media/take-store';
import { probeAdopted } from '../../src/core/recordings/finalize';
import { startHostProcess } from '../e2e/harness';
import { call, percentile } from './hub-screens';
import { makeTakeFile, ownCpuMs, processCpuMs, receivedMs, seedUploadHub, takeMetadata, tusUpload } from './hub-team';

/**
 * A hub whose takes live in S3-compatible storage (Debian's Ceph, started by
 * scripts/ceph-start.sh in a temp folder): a ~70 MB take uploaded through the hub as the desktop
 * sends it (tus in its chunks, its peaks and thumbnail beside it, the facts its finalize found
 * declared; into the bucket and its sha256 checked) against a bare multipart upload of the same
 * file to the same gateway (the AWS SDK's Upload, the hub's part size, the SDK's default of 4
 * parts at once), one after the other, take by take; and playback start, the first byte of a Range
 * request, streamed through the hub against the redirect to a presigned address, followed. Prints
 * numbers (wall time, and processor time of the client, the hub and the gateway's daemons), never
 * fails on a time. REPRISE_BENCH_S3_RUNS takes a side (default 5); REPRISE_BENCH_S3_CHUNK_MB=16,64
 * sends each round at both chunk sizes; REPRISE_BENCH_A_CLI=<another build>/main/cli.js runs that
 * build's hub beside this one's, in turn (an A/B), with REPRISE_BENCH_A_LIBRARY_SOURCE=1 sending A's
 * takes the way desktops did before `takeUpload`; REPRISE_CEPH_PORT_BASE moves the gateway's ports.
 */
const root = path.resolve(__dirname, '../..');
const uploadMb = Number(process.env.REPRISE_BENCH_HUB_UPLOAD_MB ?? 70);
const runs = Number(process.env.REPRISE_BENCH_S3_RUNS ?? 5);
/** The desktop's chunk sizes to send at, in turn (REPRISE_BENCH_S3_CHUNK_MB=16,64); the desktop's default otherwise. */
const chunkSizes = (process.env.REPRISE_BENCH_S3_CHUNK_MB ?? '').split(',').map((c) => Number(c) * 1024 ** 2).filter((c) => c > 0);
if (!chunkSizes.length) chunkSizes.push(uploadChunkBytes());
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** Milliseconds the hub took from an upload's bytes checked to its take adopted (both stamped by the hub). */
function adoptedAfterReceivedMs(hubDb: Database.Database, recordingId: string): number {
  const row = hubDb.prepare('SELECT received_at, adopted_at FROM hub_uploads WHERE recording_id = ?').get(recordingId) as Record<string, string>;
  return Date.parse(row.adopted_at!) - Date.parse(row.received_at!);
}

/** Milliseconds until the first byte of the body arrives. */
async function firstByte(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(url, { headers });
  const reader = response.body!.getReader();
  await reader.read();
  const ms = performance.now() - t0;
  await reader.cancel();
  if (response.status !== 206) throw new Error(`Range answered ${response.status}`);
  return ms;
}

describe(`a hub with its takes in S3-compatible storage (Ceph on this machine)`, () => {
  bench(`upload of a ~${uploadMb} MB take through the hub against a bare multipart PUT; Range first byte`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-s3bench-'));
    const cephDir = path.join(dir, 'ceph');
    execFileSync('bash', [path.join(root, 'scripts/ceph-start.sh'), cephDir], { stdio: 'inherit' });
    // Whatever fails below, the gateway started here is stopped and removed.
    try {
      const env = Object.fromEntries(
        fs.readFileSync(path.join(cephDir, 's3.env'), 'utf8').trim().split('\n').map((line) => line.split('=', 2) as [string, string]),
      );
      const endpoint = env.REPRISE_S3_ENDPOINT!;
      const s3 = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      const file = path.join(dir, 'take.mkv');
      const { size, sha256: sha } = makeTakeFile(file, uploadMb);
      // The gateway's daemons, whose processor time counts on both sides.
      const gatewayPids = ['mon', 'osd', 'rgw'].map((name) => Number(fs.readFileSync(path.join(cephDir, 'run', `${name}.pid`), 'utf8').trim()));
      const gatewayCpuMs = () => gatewayPids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
      // This build's hub, and another build's beside it (REPRISE_BENCH_A_CLI, its out/main/cli.js) for an A/B in turn.
      const builds: { label: string; cli: string | undefined; source: 'take' | 'library' }[] = [{ label: 'this build', cli: undefined, source: 'take' }];
      if (process.env.REPRISE_BENCH_A_CLI) {
        // REPRISE_BENCH_A_LIBRARY_SOURCE=1: A's takes sent by tus-js-client's own file source and HTTP stack, as desktops before `takeUpload`.
        const library = process.env.REPRISE_BENCH_A_LIBRARY_SOURCE === '1';
        builds.unshift({ label: `A (REPRISE_BENCH_A_CLI${library ? ", tus-js-client's file source" : ''})`, cli: path.resolve(process.env.REPRISE_BENCH_A_CLI), source: library ? 'library' : 'take' });
      }
      const hubs = [];
      for (const [index, build] of builds.entries()) {
        const hubDir = path.join(dir, `hub-${index}`);
        // The seeded team's recordings are rows without media: the hub is set to the bucket directly
        // (`hub --media` would rightly refuse to leave takes behind).
        const seeded = seedUploadHub(hubDir, runs * chunkSizes.length, (core) => storeMediaLocation(core.db, parseMediaLocation(`s3://bench-hub-${index}`, { endpoint, pathStyle: true })));
        const host = await startHostProcess(hubDir, env, ['hub', '--listen', '127.0.0.1:0'], build.cli ? { cli: build.cli } : {});
        hubs.push({ ...build, ...seeded, hubDir, host, db: new Database(path.join(hubDir, 'reprise.sqlite'), { readonly: true }) });
      }
      await s3.send(new CreateBucketCommand({ Bucket: 'bench-bare' }));
      try {
      const putTimes: number[] = [];
      const putCpu: number[] = [];
      const results = hubs.map((hub) => ({ hub, bySize: new Map(chunkSizes.map((c) => [c, { sent: [] as number[], tus: [] as number[], adopt: [] as number[], cpu: [] as number[] }])) }));
      const ids: string[] = [];
      // What the desktop sends with a take: its peaks and thumbnail, and the facts its finalize found.
      const companions = {
        peaks: Buffer.from(JSON.stringify({ resolutionMs: 50, channels: [Array.from({ length: 2000 }, (_, i) => (i % 97) / 97)] })),
        thumbnail: execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1', '-vf', 'scale=480:-2', '-f', 'mjpeg', 'pipe:1']),
      };
      const facts = JSON.stringify(await probeAdopted(resolveFfmpeg(), file));
      for (let round = 0; round < runs; round++) {
        let t0 = performance.now();
        let cpu0 = ownCpuMs() + gatewayCpuMs();
        // The floor: the same file straight to the same gateway, multipart with the hub's part size.
        await new Upload({ client: s3, params: { Bucket: 'bench-bare', Key: `take-${round}.mkv`, Body: fs.createReadStream(file) }, partSize: 8 * 1024 ** 2 }).done();
        putTimes.push(performance.now() - t0);
        putCpu.push(ownCpuMs() + gatewayCpuMs() - cpu0);
        for (const { hub, bySize } of results) {
          for (const [chunk, times] of bySize) {
            const sessionId = hub.sessions[round * chunkSizes.length + chunkSizes.indexOf(chunk)]!;
            t0 = performance.now();
            cpu0 = ownCpuMs() + gatewayCpuMs() + processCpuMs(hub.host.process.pid!);
            const recordingId = crypto.randomUUID();
            // As the desktop's sync does first: is the take already on the hub? (It is not.)
            await call(hub.host.url, hub.token, 'recordings:get', { id: recordingId }).catch(() => undefined);
            const declared: Record<string, string> = { media: facts };
            // Side by side with the take, as the desktop sends them; the take's last chunk waits for them.
            const companionsIn = Promise.all(
              Object.entries(companions).map(async ([kind, bytes]) => {
                declared[`${kind}Sha256`] = createHash('sha256').update(bytes).digest('hex');
                const answer = await fetch(`${hub.host.url}/uploads/companions/${recordingId}/${kind}?session=${sessionId}`, { method: 'PUT', headers: { authorization: `Bearer ${hub.token}` }, body: bytes });
                if (!answer.ok) throw new Error(`The ${kind} answered ${answer.status}`);
              }),
            );
            await tusUpload(hub.host.url, hub.token, file, takeMetadata(recordingId, sessionId, sha, declared), chunk, companionsIn, hub.source);
            times.tus.push(performance.now() - t0);
            times.cpu.push(ownCpuMs() + gatewayCpuMs() + processCpuMs(hub.host.process.pid!) - cpu0);
            times.sent.push(receivedMs(hub.db, recordingId));
            times.adopt.push(adoptedAfterReceivedMs(hub.db, recordingId));
            if (!hub.cli) ids.push(recordingId);
            // What the hub does after answering (its own probe of the declared facts, the speech
            // analysis) ends before the next take, so it does not count in that one's processor time.
            const deadline = performance.now() + 120_000;
            const busy = () =>
              fs.existsSync(path.join(hub.hubDir, 'media', 'recordings', recordingId, 'declared-unchecked.json')) ||
              hub.db.prepare(`SELECT 1 FROM recording_analyses WHERE recording_id = ? AND state IN ('pending', 'running')`).pluck().get(recordingId);
            while (busy() && performance.now() < deadline) {
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          }
        }
      }
      const mbps = (ms: number) => (size / 1e6 / (ms / 1000)).toFixed(0);
      const putMs = percentile(putTimes, 50);
      const floorCpu = percentile(putCpu, 50);
      if (process.env.REPRISE_BENCH_S3_VERBOSE) console.log(JSON.stringify({ putTimes, putCpu, results: results.map(({ hub, bySize }) => ({ build: hub.label, bySize: [...bySize.entries()] })) }));
      console.log(
        `\n  ${(size / 1e6).toFixed(0)} MB, median of ${runs} a side, taken in turn; floor: a bare multipart upload to the gateway (8 MB parts, 4 at once) ${putMs.toFixed(0)} ms (${mbps(putMs)} MB/s), processor time (the client and the gateway's daemons) ${floorCpu.toFixed(0)} ms`,
      );
      for (const { hub, bySize } of results) {
        for (const [chunk, times] of bySize) {
          const sentMs = percentile(times.sent, 50);
          const tusMs = percentile(times.tus, 50);
          const cpuMs = percentile(times.cpu, 50);
          console.log(
            `  product (${hub.label}), ${chunk / 1024 ** 2} MB chunks, the desktop's way (asks the hub for the take, tus, peaks and thumbnail beside it, facts declared): in the bucket and checked ${sentMs.toFixed(0)} ms (${mbps(sentMs)} MB/s), until the desktop hears it adopted ${tusMs.toFixed(0)} ms (checked to adopted on the hub: median ${percentile(times.adopt, 50).toFixed(0)} ms); processor time (client, hub, gateway) ${cpuMs.toFixed(0)} ms`,
          );
          console.log(
            `    ratio product/floor: ${(putMs / sentMs).toFixed(2)} until in and checked, ${(putMs / tusMs).toFixed(2)} until adopted (goal ≥ 0.8); by processor time ${(floorCpu / cpuMs).toFixed(2)}; load ${load()}`,
          );
        }
      }
      const hub = hubs.at(-1)!;
      const token = hub.token;

      const streamed: number[] = [];
      const presigned: number[] = [];
      const auth = { authorization: `Bearer ${token}` };
      for (let i = 0; i < 60; i++) {
        const id = ids[i % ids.length]!;
        const start = Math.floor(Math.random() * (size - 1_000_000));
        const range = { range: `bytes=${start}-${start + 65_535}` };
        streamed.push(await firstByte(`${hub.host.url}/media/recording/${id}?stream`, { ...auth, ...range }));
        // The player's way: ask the hub for the address (302), then the gateway for the bytes.
        const t0 = performance.now();
        // Followed by hand to count each step; a player follows it the same way.
        const redirect = await fetch(`${hub.host.url}/media/recording/${id}?presigned`, { headers: auth, redirect: 'manual' });
        await redirect.arrayBuffer();
        const location = redirect.headers.get('location')!;
        presigned.push(performance.now() - t0 + (await firstByte(location, range)));
      }
      console.log(
        `  Range first byte, p50/p95 of 60: streamed through the hub ${percentile(streamed, 50).toFixed(1)}/${percentile(streamed, 95).toFixed(1)} ms; presigned (302 + gateway) ${percentile(presigned, 50).toFixed(1)}/${percentile(presigned, 95).toFixed(1)} ms (goal < 100 ms p95); load ${load()}`,
      );
      } finally {
        for (const hub of hubs) {
          hub.db.close();
          await hub.host.stop();
        }
      }
    } finally {
      execFileSync('bash', [path.join(root, 'scripts/ceph-stop.sh'), cephDir, '--purge'], { stdio: 'inherit' });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, once);
});
