import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import Database from 'better-sqlite3';
import { bench, describe } from 'vitest';
import { parseMediaLocation, storeMediaLocation } from '../../src/core/media/take-store';
import { startHostProcess } from '../e2e/harness';
import { percentile } from './hub-screens';
import { makeTakeFile, receivedMs, seedUploadHub, takeMetadata, tusUpload } from './hub-team';

/**
 * A hub whose takes live in S3-compatible storage (Debian's Ceph, started by
 * scripts/ceph-start.sh in a temp folder): a ~70 MB take uploaded through the hub (tus, the
 * desktop's chunks, into the bucket and its sha256 checked) against a bare multipart PUT of the
 * same file to the same gateway; and playback start, the first byte of a Range request, streamed
 * through the hub against a redirect to a presigned address. Prints numbers, never fails on a time.
 */
const root = path.resolve(__dirname, '../..');
const uploadMb = Number(process.env.REPRISE_BENCH_HUB_UPLOAD_MB ?? 70);
const runs = Number(process.env.REPRISE_BENCH_S3_RUNS ?? 3);
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

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
      const hubDir = path.join(dir, 'hub');
      // The seeded team's recordings are rows without media: the hub is set to the bucket directly
      // (`hub --media` would rightly refuse to leave takes behind).
      const { sessions, token } = seedUploadHub(hubDir, runs, (core) => storeMediaLocation(core.db, parseMediaLocation('s3://bench-hub', { endpoint, pathStyle: true })));
      const hub = await startHostProcess(hubDir, env, ['hub', '--listen', '127.0.0.1:0']);
      const hubDb = new Database(path.join(hubDir, 'reprise.sqlite'), { readonly: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'bench-bare' }));
      try {
      const putTimes: number[] = [];
      const sentTimes: number[] = [];
      const tusTimes: number[] = [];
      const ids: string[] = [];
      for (const [index, sessionId] of sessions.entries()) {
        let t0 = performance.now();
        // The floor: the same file straight to the same gateway, multipart as tus's store does it.
        await new Upload({ client: s3, params: { Bucket: 'bench-bare', Key: `take-${index}.mkv`, Body: fs.createReadStream(file) }, partSize: 8 * 1024 ** 2, queueSize: 1 }).done();
        putTimes.push(performance.now() - t0);
        t0 = performance.now();
        const recordingId = crypto.randomUUID();
        await tusUpload(hub.url, token, file, takeMetadata(recordingId, sessionId, sha));
        tusTimes.push(performance.now() - t0);
        sentTimes.push(receivedMs(hubDb, recordingId));
        ids.push(recordingId);
      }
      const mbps = (ms: number) => (size / 1e6 / (ms / 1000)).toFixed(0);
      const putMs = percentile(putTimes, 50);
      const sentMs = percentile(sentTimes, 50);
      const tusMs = percentile(tusTimes, 50);
      console.log(
        `\n  ${(size / 1e6).toFixed(0)} MB, median of ${runs}: bare multipart PUT ${putMs.toFixed(0)} ms (${mbps(putMs)} MB/s); through the hub: in the bucket and checked (sha256 hashed on the way, size asked of the bucket) ${sentMs.toFixed(0)} ms (${mbps(sentMs)} MB/s), adopted (probe, thumbnail, waveform from the bucket, copied to its place) ${tusMs.toFixed(0)} ms`,
      );
      console.log(`  throughput ratio hub/bare: ${(putMs / sentMs).toFixed(2)} until in and checked, ${(putMs / tusMs).toFixed(2)} until adopted (goal ≥ 0.8); load ${load()}`);

      const streamed: number[] = [];
      const presigned: number[] = [];
      const auth = { authorization: `Bearer ${token}` };
      for (let i = 0; i < 60; i++) {
        const id = ids[i % ids.length]!;
        const start = Math.floor(Math.random() * (size - 1_000_000));
        const range = { range: `bytes=${start}-${start + 65_535}` };
        streamed.push(await firstByte(`${hub.url}/media/recording/${id}?stream`, { ...auth, ...range }));
        // The player's way: ask the hub for the address (302), then the gateway for the bytes.
        const t0 = performance.now();
        const redirect = await fetch(`${hub.url}/media/recording/${id}?presigned`, { headers: auth, redirect: 'manual' });
        await redirect.arrayBuffer();
        const location = redirect.headers.get('location')!;
        presigned.push(performance.now() - t0 + (await firstByte(location, range)));
      }
      console.log(
        `  Range first byte, p50/p95 of 60: streamed through the hub ${percentile(streamed, 50).toFixed(1)}/${percentile(streamed, 95).toFixed(1)} ms; presigned (302 + gateway) ${percentile(presigned, 50).toFixed(1)}/${percentile(presigned, 95).toFixed(1)} ms (goal < 100 ms p95); load ${load()}`,
      );
      } finally {
        hubDb.close();
        await hub.stop();
      }
    } finally {
      execFileSync('bash', [path.join(root, 'scripts/ceph-stop.sh'), cephDir, '--purge'], { stdio: 'inherit' });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, once);
});
