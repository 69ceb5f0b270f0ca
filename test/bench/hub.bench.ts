import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import inspector from 'node:inspector';
import path from 'node:path';
import Database from 'better-sqlite3';
import { bench, describe } from 'vitest';
import { uploadChunkBytes } from '../../src/core/hub/desktop-link';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { probeAdopted } from '../../src/core/recordings/finalize';
import { startHostProcess, type RunningHost } from '../e2e/harness';
import { measureScreen, percentile, summary, today, call, type Screen } from './hub-screens';
import { makeTakeFile, ownCpuMs, processCpuMs, receivedMs, seedHubTeam, seedUploadHub, takeMetadata, timedCommand, tokenFor, tusUpload } from './hub-team';

/**
 * A team hub under a year of data, measured through its HTTP API from another process (the hub
 * runs as `reprise hub`, as in production; the clients here share the machine's other core):
 * - a rep's Today and Library screens (the channels those pages call, all at once as the page
 *   does), p50/p95 of the whole screen and of each call; the same for a manager and a coach;
 * - the same screens while every rep's desktop asks for status every 15 s (`access:me`, what a
 *   desktop asks before each sync), as a hub of that size would see;
 * - a scorecard submit, alone and while 200 clients poll status every second;
 * - a take uploaded the desktop's way (it asks the hub for the take, then sends it with tus in its
 *   chunks, its peaks and thumbnail beside it) until the hub has adopted it, against `curl -T` of
 *   the same file to a bare Node server on the same machine that writes it and hashes it (sha256).
 * REPRISE_BENCH_HUB_REPS=500,1000,2000 measures several team sizes (the README's capacity);
 * REPRISE_BENCH_HUB_UPLOAD_MB sizes the upload (default 64), REPRISE_BENCH_HUB_CHUNK_MB its chunks
 * (16,64: each round at both, in turn), REPRISE_BENCH_HUB_UPLOADS the rounds (default 6),
 * REPRISE_BENCH_A_CLI another build's out/main/cli.js to run beside this one (A/B, in turn), and
 * REPRISE_BENCH_A_LIBRARY_SOURCE=1 has A's takes read and sent by tus-js-client's own file source
 * and HTTP stack, as the desktop sent them before `takeUpload` (so A is that build end to end),
 * REPRISE_BENCH_HUB_PROFILE_DIR a folder for the hubs' CPU profiles and the uploading side's (bench-client.cpuprofile);
 * REPRISE_BENCH_HUB_NO_DECLARED=1 sends the takes without the media facts a desktop declares (the hub probes before answering).
 */
const sizes = (process.env.REPRISE_BENCH_HUB_REPS ?? '500').split(',').map(Number);
const uploadMb = Number(process.env.REPRISE_BENCH_HUB_UPLOAD_MB ?? 64);
const pollers = Number(process.env.REPRISE_BENCH_HUB_POLLERS ?? 200);
const pollEveryMs = Number(process.env.REPRISE_BENCH_HUB_POLL_MS ?? 1000);
const mb = 1024 * 1024;
/**
 * The desktop's chunk size unless asked otherwise (REPRISE_BENCH_HUB_CHUNK_MB=16,64 sends each
 * round at both, in turn): a larger one means fewer requests, and more sent again after a kill.
 */
const chunkSizes = (process.env.REPRISE_BENCH_HUB_CHUNK_MB ?? '').split(',').map((c) => Number(c) * mb).filter((c) => c > 0);
if (!chunkSizes.length) chunkSizes.push(uploadChunkBytes());
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 } as const;

/** What the Library page asks (library-page.tsx). */
const library: Screen = [
  { channel: 'recordings:list', input: () => ({}) },
  { channel: 'sessions:list', input: () => ({}) },
];

function report(label: string, result: Awaited<ReturnType<typeof measureScreen>>): void {
  console.log(`  ${label}: ${summary(result.whole)}`);
  for (const [channel, values] of result.byChannel) console.log(`      ${channel}: ${summary(values)}`);
}

interface Team {
  host: RunningHost;
  dir: string;
  reps: { repId: string; token: string }[];
  manager: { repId: string; token: string };
  coach: { repId: string; token: string };
  pollerTokens: string[];
  writer: { token: string; drafts: string[]; scores: { criterionId: string; score: number }[]; sections: Record<string, string> };
}

async function startTeam(repCount: number): Promise<Team> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-hubbench-'));
  const t0 = performance.now();
  const team = seedHubTeam(dir, repCount);
  const { core } = team;
  const sample = team.reps.filter((_, i) => i % Math.max(1, Math.floor(repCount / 20)) === 0).slice(0, 20);
  const reps = sample.map((repId) => ({ repId, token: tokenFor(core, repId) }));
  const manager = { repId: team.managers[0]!, token: tokenFor(core, team.managers[0]!) };
  const coach = { repId: team.coaches[0]!, token: tokenFor(core, team.coaches[0]!) };
  const pollerTokens = team.reps.slice(0, pollers).map((repId) => tokenFor(core, repId));
  // Drafts to submit: self-reviews of ad-hoc sessions of one rep (outside the program).
  const writerId = team.reps[1]!;
  const drafts: string[] = [];
  let template: { criteria: { id: string }[]; sections: { key: string; required: boolean }[] } | null = null;
  for (let i = 0; i < 80; i++) {
    const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: writerId, role: 'seller' }, { repId: team.reps[2]!, role: 'buyer' }] }, { notify: false });
    const card = core.scorecards.cards.start({ sessionId: session.id, reviewerId: writerId });
    template = card.template;
    drafts.push(card.id);
  }
  const writer = {
    token: tokenFor(core, writerId),
    drafts,
    scores: template!.criteria.map((c) => ({ criterionId: c.id, score: 4 })),
    sections: Object.fromEntries(template!.sections.filter((s) => s.required).map((s) => [s.key, 'Ask about budget earlier'])),
  };
  core.close();
  console.log(
    `\n  ${repCount} reps, ${team.managers.length} managers, ${team.coaches.length} coaches: ${team.sessions} sessions, ${team.recordings} recordings, ${team.scorecards} scorecards (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${(fs.statSync(path.join(dir, 'reprise.sqlite')).size / 1e6).toFixed(0)} MB); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  const host = await startHostProcess(dir, {}, ['hub', '--listen', '127.0.0.1:0']);
  return { host, dir, reps, manager, coach, pollerTokens, writer };
}

async function stopTeam(team: Team): Promise<void> {
  await team.host.stop();
  fs.rmSync(team.dir, { recursive: true, force: true });
}

/** Runs `work` while each token asks the hub for status (`access:me`) every `everyMs`; returns what `work` did and the polls' times. */
async function whilePolling<T>(team: Team, everyMs: number, work: () => Promise<T>): Promise<{ result: T; polls: number[] }> {
  const polls: number[] = [];
  let stop = false;
  const loops = team.pollerTokens.map(async (token, i) => {
    // Spread the clients over the interval, as real ones are.
    await new Promise((resolve) => setTimeout(resolve, (i * everyMs) / team.pollerTokens.length));
    while (!stop) {
      const t0 = performance.now();
      await call(team.host.url, token, 'access:me', {});
      const took = performance.now() - t0;
      polls.push(took);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - took)));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, Math.min(everyMs, 2000)));
  const result = await work();
  stop = true;
  await Promise.all(loops);
  return { result, polls };
}

/** Submits drafts one after another. */
async function measureSubmits(team: Team, drafts: string[]): Promise<number[]> {
  const submits: number[] = [];
  for (const id of drafts) {
    const t0 = performance.now();
    await call(team.host.url, team.writer.token, 'scorecards:submit', { id, scores: team.writer.scores, sections: team.writer.sections, reason: '' });
    submits.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return submits;
}

for (const repCount of sizes) {
  describe(`team hub with ${repCount} reps and a year of sessions`, () => {
    bench('Today and Library through HTTP; scorecard submit under 200 status pollers', async () => {
      const team = await startTeam(repCount);
      try {
        // Warm the hub's statement cache and the page cache, as a hub that has been running.
        await measureScreen(team.host.url, team.reps.slice(0, 3), [...today, ...library], 1);
        report(`a rep's Today (${today.length} calls)`, await measureScreen(team.host.url, team.reps, today, 5));
        report(`a rep's Library (${library.length} calls)`, await measureScreen(team.host.url, team.reps, library, 5));
        report(`a manager's Library (10 reports)`, await measureScreen(team.host.url, [team.manager], library, 20));
        report(`a coach's Library`, await measureScreen(team.host.url, [team.coach], library, 20));
        // Every rep's desktop asks the hub for status before each sync, every 15 s: repCount / 15 polls a second.
        const everyMs = (15_000 * team.pollerTokens.length) / repCount;
        const busyToday = await whilePolling(team, everyMs, async () => ({
          today: await measureScreen(team.host.url, team.reps, today, 3),
          library: await measureScreen(team.host.url, team.reps, library, 3),
        }));
        console.log(`  with every rep's desktop syncing (${(repCount / 15).toFixed(0)} status polls a second):`);
        report(`  a rep's Today`, busyToday.result.today);
        report(`  a rep's Library`, busyToday.result.library);
        console.log(`        the polls themselves: ${summary(busyToday.polls)}`);
        console.log(`  scorecards:submit alone: ${summary(await measureSubmits(team, team.writer.drafts.slice(0, 30)))}`);
        const busy = await whilePolling(team, pollEveryMs, () => measureSubmits(team, team.writer.drafts.slice(30)));
        console.log(`  scorecards:submit with ${team.pollerTokens.length} clients polling access:me every ${pollEveryMs} ms: ${summary(busy.result)}`);
        console.log(`      the polls themselves: ${summary(busy.polls)}`);
        console.log(`  load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
      } finally {
        await stopTeam(team);
      }
    }, once);
  });
}

/** Milliseconds the hub took from an upload's bytes checked to its take adopted (both stamped by the hub). */
function adoptedAfterReceivedMs(hubDb: Database.Database, recordingId: string): number {
  const row = hubDb.prepare('SELECT received_at, adopted_at FROM hub_uploads WHERE recording_id = ?').get(recordingId) as Record<string, string>;
  return Date.parse(row.adopted_at!) - Date.parse(row.received_at!);
}

/**
 * A bare Node server that writes a PUT body to disk and hashes it (sha256) as it arrives, answering
 * with the digest: what an upload that is checked costs without tus and without the hub.
 */
const plainPutServer = `
const http = require('node:http'); const fs = require('node:fs'); const path = require('node:path'); const crypto = require('node:crypto');
const dir = process.argv[1];
http.createServer((req, res) => {
  const out = fs.createWriteStream(path.join(dir, 'put-' + Date.now()));
  const hash = crypto.createHash('sha256');
  req.on('data', (chunk) => hash.update(chunk));
  req.pipe(out);
  out.on('finish', () => { res.writeHead(200); res.end(hash.digest('hex')); });
}).listen(0, '127.0.0.1', function () { console.log('Listening on http://127.0.0.1:' + this.address().port); });
`;

/** The floor's client: `curl -T FILE URL`, the digest the server answered checked; answers curl's processor time (ms). */
async function putFile(url: string, file: string, sha: string): Promise<number> {
  const { stdout, cpuMs } = await timedCommand('curl', ['-sS', '--fail', '-T', file, url]);
  if (stdout.trim() !== sha) throw new Error(`The PUT server hashed ${stdout.trim()}`);
  return cpuMs;
}

describe(`upload of a ~${uploadMb} MB take to a hub on this machine`, () => {
  bench(`tus (desktop client, ${chunkSizes.map((c) => c / mb).join(' and ')} MB chunks) against curl -T to a bare server that writes and hashes`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-uploadbench-'));
    const file = path.join(dir, 'take.mkv');
    const { size, sha256: sha } = makeTakeFile(file, uploadMb);
    const rounds = Number(process.env.REPRISE_BENCH_HUB_UPLOADS ?? 6);
    // This build's hub, and another build's beside it (REPRISE_BENCH_A_CLI, its out/main/cli.js) for an A/B in turn.
    const builds: { label: string; cli: string | undefined; source: 'take' | 'library' }[] = [{ label: 'this build', cli: undefined, source: 'take' }];
    if (process.env.REPRISE_BENCH_A_CLI) {
      const library = process.env.REPRISE_BENCH_A_LIBRARY_SOURCE === '1';
      builds.unshift({ label: `A (REPRISE_BENCH_A_CLI${library ? ", tus-js-client's file source" : ''})`, cli: path.resolve(process.env.REPRISE_BENCH_A_CLI), source: library ? 'library' : 'take' });
    }
    // REPRISE_BENCH_HUB_PROFILE_DIR: the hub writes a CPU profile (.cpuprofile) there when it stops.
    const profile = process.env.REPRISE_BENCH_HUB_PROFILE_DIR;
    const hubs = [];
    for (const [index, build] of builds.entries()) {
      const hubDir = path.join(dir, `hub-${index}`);
      const { sessions, token } = seedUploadHub(hubDir, rounds * chunkSizes.length);
      const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
      const host = await startHostProcess(hubDir, {}, ['hub', '--listen', '127.0.0.1:0'], { nodeArgs, ...(build.cli ? { cli: build.cli } : {}) });
      hubs.push({ ...build, sessions, token, host, db: new Database(path.join(hubDir, 'reprise.sqlite'), { readonly: true }) });
    }
    const plainDir = path.join(dir, 'plain');
    fs.mkdirSync(plainDir);
    const plain = spawn(process.execPath, ['-e', plainPutServer, plainDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const plainUrl = await new Promise<string>((resolve) => plain.stdout!.on('data', (b: Buffer) => /Listening on (\S+)/.test(b.toString()) && resolve(/Listening on (\S+)/.exec(b.toString())![1]!)));
    try {
      const putTimes: number[] = [];
      const putCpu: number[] = [];
      const results = hubs.map((hub) => ({
        hub,
        bySize: new Map(chunkSizes.map((c) => [c, { tus: [] as number[], sent: [] as number[], adopt: [] as number[], cpu: [] as number[], client: [] as number[], hub: [] as number[] }])),
      }));
      // The desktop's peaks and thumbnail of the take, as it sends them ahead of the take.
      const companions = {
        peaks: Buffer.from(JSON.stringify({ resolutionMs: 50, channels: [Array.from({ length: 2000 }, (_, i) => (i % 97) / 97)] })),
        thumbnail: execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', file, '-frames:v', '1', '-vf', 'scale=480:-2', '-f', 'mjpeg', 'pipe:1']),
      };
      const withCompanions = process.env.REPRISE_BENCH_HUB_NO_COMPANIONS !== '1';
      // What the desktop's finalize found of the take, declared with the upload (the hub probes it after answering).
      const facts = process.env.REPRISE_BENCH_HUB_NO_DECLARED === '1' ? null : await probeAdopted(resolveFfmpeg(), file);
      // With REPRISE_BENCH_HUB_PROFILE_DIR the desktop's side (this process) is profiled too: bench-client.cpuprofile.
      const clientProfile = profile ? new inspector.Session() : null;
      const post = (method: string) => new Promise<unknown>((resolve, reject) => clientProfile!.post(method, (error, result) => (error ? reject(error) : resolve(result))));
      if (clientProfile) {
        clientProfile.connect();
        await post('Profiler.enable');
        await post('Profiler.start');
      }
      for (let round = 0; round < rounds; round++) {
        // In turn: the floor, then the take through the hub at each chunk size (A, B, A, B...).
        let t0 = performance.now();
        const plainCpu = processCpuMs(plain.pid!);
        const curlCpu = await putFile(plainUrl, file, sha);
        putTimes.push(performance.now() - t0);
        putCpu.push(curlCpu + processCpuMs(plain.pid!) - plainCpu);
        for (const { hub: { host: hub, token, sessions, db: hubDb, source }, bySize } of results) for (const chunk of chunkSizes) {
          const sessionId = sessions[round * chunkSizes.length + chunkSizes.indexOf(chunk)]!;
          const times = bySize.get(chunk)!;
          t0 = performance.now();
          const client0 = ownCpuMs();
          const hub0 = processCpuMs(hub.process.pid!);
          const recordingId = crypto.randomUUID();
          // As the desktop's sync does first: is the take already on the hub? (It is not.)
          await call(hub.url, token, 'recordings:get', { id: recordingId }).catch(() => undefined);
          const declared: Record<string, string> = {};
          let companionsIn: Promise<unknown> = Promise.resolve();
          if (withCompanions) {
            // Side by side and beside the take, as the desktop sends them; the take's last chunk waits for them.
            companionsIn = Promise.all(
              Object.entries(companions).map(async ([kind, bytes]) => {
                declared[`${kind}Sha256`] = createHash('sha256').update(bytes).digest('hex');
                await fetch(`${hub.url}/uploads/companions/${recordingId}/${kind}?session=${sessionId}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: bytes });
              }),
            );
          }
          if (facts) declared.media = JSON.stringify(facts);
          await tusUpload(hub.url, token, file, takeMetadata(recordingId, sessionId, sha, declared), chunk, companionsIn, source);
          times.tus.push(performance.now() - t0);
          times.client.push(ownCpuMs() - client0);
          times.hub.push(processCpuMs(hub.process.pid!) - hub0);
          times.cpu.push(times.client.at(-1)! + times.hub.at(-1)!);
          times.sent.push(receivedMs(hubDb, recordingId));
          times.adopt.push(adoptedAfterReceivedMs(hubDb, recordingId));
          // What the hub makes after answering (the thumbnail when none came along, the speech
          // analysis) is done before the next take, so it neither slows that one nor counts in its
          // processor time.
          const deadline = performance.now() + 120_000;
          const busy = () =>
            !hubDb.prepare('SELECT has_thumbnail FROM recordings WHERE id = ?').pluck().get(recordingId) ||
            hubDb.prepare(`SELECT 1 FROM recording_analyses WHERE recording_id = ? AND state IN ('pending', 'running')`).pluck().get(recordingId);
          while (busy() && performance.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
      if (clientProfile) {
        const { profile: taken } = (await post('Profiler.stop')) as { profile: unknown };
        fs.mkdirSync(path.resolve(profile!), { recursive: true });
        fs.writeFileSync(path.join(path.resolve(profile!), 'bench-client.cpuprofile'), JSON.stringify(taken));
        clientProfile.disconnect();
      }
      if (process.env.REPRISE_BENCH_HUB_VERBOSE) console.log(JSON.stringify({ putTimes, putCpu, results: results.map(({ hub, bySize }) => ({ build: hub.label, bySize: [...bySize.entries()] })) }));
      const mbps = (ms: number) => ((size / 1e6) / (ms / 1000)).toFixed(0);
      const putMs = percentile(putTimes, 50);
      console.log(
        `\n  ${(size / 1e6).toFixed(0)} MB, median of ${rounds} a side, taken in turn; floor: curl -T to a bare Node server that writes and hashes (sha256) ${putMs.toFixed(0)} ms (${mbps(putMs)} MB/s), processor time (curl and the server) ${percentile(putCpu, 50).toFixed(0)} ms`,
      );
      for (const { hub, bySize } of results) for (const [chunk, times] of bySize) {
        const tusMs = percentile(times.tus, 50);
        const sentMs = percentile(times.sent, 50);
        console.log(
          `  product (${hub.label}), ${chunk / mb} MB chunks, the desktop's way (asks the hub for the take, sends ${withCompanions ? 'its peaks and thumbnail beside it' : 'the take alone'}, ${facts ? 'facts declared' : 'no facts declared: probed before the answer'}): in and checked ${sentMs.toFixed(0)} ms (${mbps(sentMs)} MB/s), until the take is adopted ${tusMs.toFixed(0)} ms (${mbps(tusMs)} MB/s; on the hub from checked to adopted ${percentile(times.adopt, 50).toFixed(0)} ms)`,
        );
        console.log(
          `    processor time until adopted ${percentile(times.cpu, 50).toFixed(0)} ms (the desktop's client ${percentile(times.client, 50).toFixed(0)}, the hub ${percentile(times.hub, 50).toFixed(0)}), ${(percentile(putCpu, 50) / percentile(times.cpu, 50)).toFixed(2)} of the floor's rate by processor time\n    ratio product/floor: ${(putMs / sentMs).toFixed(2)} until in and checked, ${(putMs / tusMs).toFixed(2)} until adopted (goal ≥ 0.8); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
        );
      }
    } finally {
      plain.kill();
      for (const hub of hubs) {
        hub.db.close();
        await hub.host.stop();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, once);
});
