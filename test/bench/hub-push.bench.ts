import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { startHostProcess } from '../e2e/harness';
import { call, measureScreen, summary, today } from './hub-screens';
import { seedHubTeam, tokenFor } from './hub-team';

/**
 * A team hub (run as `reprise hub`, as in production) with thousands of desktops connected by their
 * event streams, all held by this one process: a rep's Today with the streams at rest, the hub's
 * memory, how long one change everyone may see takes to reach every stream, and Today while such
 * changes go out. REPRISE_BENCH_PUSH_STREAMS (default 3000) streams over REPRISE_BENCH_PUSH_REPS
 * reps (default 1000; a person with more streams than one holds several desktops, at most 16).
 * Each stream is a socket at both ends: the hub is started with `ulimit -n` raised to the streams
 * and 1,024 more; this process needs as many (run it from a shell with `ulimit -n 20000`, say).
 */
const streamCount = Number(process.env.REPRISE_BENCH_PUSH_STREAMS ?? 3000);
const repCount = Number(process.env.REPRISE_BENCH_PUSH_REPS ?? 1000);
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

/** A process's soft limit on open files (`ulimit -n`), as the kernel holds it. */
function openFilesLimit(pid: number | 'self'): number {
  const line = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return line?.[1] === 'unlimited' ? Infinity : Number(line?.[1] ?? Number.NaN);
}

/** The hub's resident memory, as the kernel counts it. */
function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

interface Stream {
  request: http.ClientRequest;
  /** Called with each chunk the hub writes. */
  onChunk: ((text: string) => void) | null;
}

/** Opens one event stream the way a desktop does (its own connection, its device token). */
function openStream(url: string, token: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const stream: Stream = { request: null as unknown as http.ClientRequest, onChunk: null };
    stream.request = http.get(`${url}/events`, { agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`/events answered ${res.statusCode}`));
      res.setEncoding('utf8');
      res.on('data', (text: string) => stream.onChunk?.(text));
      resolve(stream);
    });
    stream.request.on('error', reject);
  });
}

/** Milliseconds until every stream has heard `event` after `trigger` runs. */
async function fanOut(streams: Stream[], event: string, trigger: () => Promise<unknown>): Promise<number> {
  let waiting = streams.length;
  const t0 = performance.now();
  const all = new Promise<number>((resolve) => {
    for (const stream of streams) {
      stream.onChunk = (text) => {
        if (!text.includes(`event: ${event}`)) return;
        stream.onChunk = null;
        if (--waiting === 0) resolve(performance.now() - t0);
      };
    }
  });
  await trigger();
  return all;
}

describe(`a hub with ${streamCount} desktops connected by event streams`, () => {
  bench("a rep's Today, the hub's memory and a change pushed to every desktop", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-pushbench-'));
    const team = seedHubTeam(dir, repCount);
    const { core } = team;
    const reps = team.reps.filter((_, i) => i % Math.max(1, Math.floor(repCount / 20)) === 0).slice(0, 20).map((repId) => ({ repId, token: tokenFor(core, repId) }));
    const admin = core.people.create({ name: 'Bench admin', email: 'bench-admin@example.com' });
    core.access.setRole(admin.id, 'admin');
    const adminToken = tokenFor(core, admin.id);
    const tokens = Array.from({ length: streamCount }, (_, i) => tokenFor(core, team.reps[i % team.reps.length]!));
    core.close();
    const needed = streamCount + 1024;
    if (openFilesLimit('self') < needed) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`This process may open ${openFilesLimit('self')} files; ${streamCount} streams need ${needed}: run it after \`ulimit -n ${needed}\`.`);
    }
    const host = await startHostProcess(dir, {}, ['hub', '--listen', '127.0.0.1:0'], { openFiles: Math.max(needed, openFilesLimit('self')) });
    const streams: Stream[] = [];
    try {
      await measureScreen(host.url, reps.slice(0, 3), today, 1);
      const rssAlone = rssMb(host.process.pid!);
      const alone = await measureScreen(host.url, reps, today, 5);
      const t0 = performance.now();
      for (let i = 0; i < tokens.length; i += 200) streams.push(...(await Promise.all(tokens.slice(i, i + 200).map((token) => openStream(host.url, token)))));
      const openedMs = performance.now() - t0;
      // Let the hub settle (garbage collected, connections idle) before measuring it at rest.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const rssStreams = rssMb(host.process.pid!);
      const idle = await measureScreen(host.url, reps, today, 5);
      let made = 0;
      const createArea = () => call(host.url, adminToken, 'focus-areas:create', { name: `Bench area ${++made}` });
      const reach = [] as number[];
      for (let i = 0; i < 5; i++) reach.push(await fanOut(streams, 'focus-areas:changed', createArea));
      // A team-wide change every second while reps open Today.
      let stop = false;
      const changes = (async () => {
        while (!stop) {
          await fanOut(streams, 'focus-areas:changed', createArea);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      })();
      const busy = await measureScreen(host.url, reps, today, 3);
      stop = true;
      await changes;

      console.log(`\n  ${repCount} reps; ${streamCount} event streams opened from one process in ${(openedMs / 1000).toFixed(1)} s`);
      console.log(`  a rep's Today, no streams:               ${summary(alone.whole)}`);
      console.log(`  a rep's Today, ${streamCount} streams at rest:   ${summary(idle.whole)}  (goal p95 < 100 ms)`);
      console.log(`  a rep's Today, a team-wide change a second: ${summary(busy.whole)}`);
      console.log(`  one team-wide change reaching all ${streamCount} streams: ${summary(reach)}`);
      console.log(`  hub RSS: ${rssAlone.toFixed(0)} MB without streams, ${rssStreams.toFixed(0)} MB with ${streamCount} (${(((rssStreams - rssAlone) * 1024) / streamCount).toFixed(1)} kB a stream)`);
      console.log(`  open-file limits (ulimit -n): the hub ${openFilesLimit(host.process.pid!)}, this process ${openFilesLimit('self')}`);
      console.log(`  load ${load()} on ${os.cpus().length} cores`);
    } finally {
      for (const stream of streams) stream.request.destroy();
      await host.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, once);
});
