import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { parseCsv } from '../../src/core/csv';
import { rpc, startHostProcess, type RunningHost } from '../e2e/harness';

/**
 * Whether a large roster import leaves the host answering, and how the CSV reader copes with
 * a file made to be slow. Prints, for a 200 000-row import through the host (people:import) and
 * through the CLI beside a running take: the longest wait for a cheap call (settings:get) and
 * for a take's chunk (recordings:append), sampled every 20 ms and every 250 ms.
 */
const root = path.resolve(__dirname, '../..');
const rows = Number(process.env.REPRISE_BENCH_IMPORT_ROWS ?? 200_000);

function roster(count: number): string {
  const lines = ['name,email,role,team,hire_date,manager_email,coach'];
  for (let i = 0; i < count; i++) {
    const manager = i % 10 === 0 ? '' : `rep${i - (i % 10)}@example.com`;
    lines.push(`Rep ${i},rep${i}@example.com,Account Executive,Team ${i % 40},2024-03-0${1 + (i % 9)},${manager},${i % 10 === 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

const quoteHeavy = (bytes: number) => `name,email,role\nAino,aino@example.com,${'a"'.repeat(bytes / 2)}\n`;

/** Calls `call` every `everyMs` until `until` settles; returns the longest and the 99th percentile wait. */
async function sampleLatency(call: () => Promise<unknown>, everyMs: number, until: Promise<unknown>): Promise<{ max: number; p99: number; n: number }> {
  let done = false;
  void until.finally(() => (done = true));
  const waits: number[] = [];
  while (!done) {
    const t0 = performance.now();
    await call();
    waits.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  waits.sort((a, b) => a - b);
  return { max: waits[waits.length - 1] ?? 0, p99: waits[Math.floor(waits.length * 0.99)] ?? 0, n: waits.length };
}

async function withHost(run: (host: RunningHost) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-importbench-'));
  const host = await startHostProcess(dataDir);
  try {
    await run(host);
  } finally {
    await host.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A take the host is recording, fed with small chunks the way the recorder sends them. */
async function startTake(url: string): Promise<() => Promise<unknown>> {
  const a = await rpc<{ id: string }>(url, 'people:create', { name: 'Aino Virtanen', email: 'aino@example.com' });
  const b = await rpc<{ id: string }>(url, 'people:create', { name: 'Ben Okafor', email: 'ben@example.com' });
  const session = await rpc<{ id: string }>(url, 'sessions:create', {
    focusAreaId: 'discovery',
    participants: [
      { repId: a.id, role: 'seller' },
      { repId: b.id, role: 'buyer' },
    ],
  });
  const take = await rpc<{ id: string }>(url, 'recordings:start', {
    sessionId: session.id,
    mode: 'microphone',
    mimeType: 'audio/webm;codecs=opus',
    consents: [{ repId: a.id }, { repId: b.id }],
    confirmedBy: 'Aino Virtanen',
    channelMap: null,
  });
  const data = Buffer.alloc(12_000, 7).toString('base64');
  let seq = 0;
  return async () => {
    for (;;) {
      try {
        return await rpc(url, 'recordings:append', { id: take.id, seq, data });
      } catch {
        // The recorder sends the same chunk again; a wait that ends in a retry counts in the latency.
      } finally {
        seq++;
      }
    }
  };
}

const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;

describe('CSV reader on a field full of quotes', () => {
  for (const bytes of [200_000, 10_000_000]) {
    const text = quoteHeavy(bytes);
    bench(`${bytes / 1000} kB field: refused at the field limit`, () => {
      parseCsv(text);
    }, { iterations: 5, time: 0 });
    bench(`${bytes / 1000} kB field: read whole (limits lifted)`, () => {
      parseCsv(text, { maxFieldChars: Infinity, maxRecordChars: Infinity });
    }, { iterations: 3, time: 0 });
  }
  const plain = roster(rows);
  bench(`${rows} plain rows`, () => {
    parseCsv(plain);
  }, { iterations: 3, time: 0 });
});

describe(`host responsiveness during a ${rows}-row roster import`, () => {
  bench('through the host (people:import), pinging settings:get every 20 ms', async () => {
    await withHost(async (host) => {
      const csv = roster(rows);
      const t0 = performance.now();
      const importing = rpc(host.url, 'people:import', { csv });
      const ping = await sampleLatency(() => rpc(host.url, 'settings:get', {}), 20, importing);
      await importing;
      console.log(
        `\n  host import of ${rows} rows: ${((performance.now() - t0) / 1000).toFixed(1)} s; settings:get longest wait ${ping.max.toFixed(0)} ms, p99 ${ping.p99.toFixed(0)} ms over ${ping.n} calls`,
      );
      for (const bytes of [200_000, 10_000_000]) {
        const t1 = performance.now();
        const report = await rpc<{ rejected: { reason: string }[] }>(host.url, 'people:import', { csv: quoteHeavy(bytes) });
        console.log(`  host import of a ${bytes / 1000} kB quote-heavy field: answered in ${(performance.now() - t1).toFixed(0)} ms (${report.rejected[0]?.reason.slice(0, 60)}...)`);
      }
    });
  }, once);

  bench('through the CLI beside a take, appending a chunk every 250 ms', async () => {
    await withHost(async (host) => {
      const file = path.join(host.dataDir, 'roster.csv');
      fs.writeFileSync(file, roster(rows));
      const append = await startTake(host.url);
      const t0 = performance.now();
      const child = spawn(process.execPath, [path.join(root, 'out/main/cli.js'), '--data-dir', host.dataDir, 'reps', 'import', file], { stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const appends = await sampleLatency(append, 250, exited);
      const code = await exited;
      console.log(
        `\n  CLI import of ${rows} rows beside a take: ${((performance.now() - t0) / 1000).toFixed(1)} s (exit ${code}); recordings:append longest wait ${appends.max.toFixed(0)} ms, p99 ${appends.p99.toFixed(0)} ms over ${appends.n} chunks`,
      );
    });
  }, once);
});
