import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { analysisSettled } from '../support/analysis-settled';
import { bearerOf, cli, serveHub, stopHost, team } from '../support/hub-team';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

/**
 * An ffmpeg that writes each of its command lines to a log before running the real one: what the
 * hub ran while taking a take in is read from the log, not guessed from timing.
 */
function countingFfmpeg(): { log: string; gate: string; probeGate: string; runs: () => string[]; restore: () => void } {
  const real = resolveFfmpeg();
  const dir = tempDir();
  const log = path.join(dir, 'runs.log');
  const wrapper = path.join(dir, 'ffmpeg');
  // A peaks decode waits until the test opens the gate (a file), so the test sees the take while it is prepared.
  const gate = path.join(dir, 'gate');
  fs.writeFileSync(gate, '');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\necho "$*" >> '${log}'\ncase "$*" in *s16le*) while [ ! -e '${gate}' ]; do sleep 0.05; done;; esac\nexec '${real.ffmpeg}' "$@"\n`,
    { mode: 0o755 },
  );
  // ffprobe is logged too (its lines start with "ffprobe"), and waits while its own gate is closed.
  const probeGate = path.join(dir, 'probe-gate');
  fs.writeFileSync(probeGate, '');
  const probeWrapper = path.join(dir, 'ffprobe');
  fs.writeFileSync(
    probeWrapper,
    `#!/bin/sh\necho "ffprobe $*" >> '${log}'\nwhile [ ! -e '${probeGate}' ]; do sleep 0.05; done\nexec '${real.ffprobe}' "$@"\n`,
    { mode: 0o755 },
  );
  const before = { ffmpeg: process.env.REPRISE_FFMPEG, ffprobe: process.env.REPRISE_FFPROBE };
  process.env.REPRISE_FFMPEG = wrapper;
  process.env.REPRISE_FFPROBE = probeWrapper;
  const restore = () => {
    for (const [name, value] of [['REPRISE_FFMPEG', before.ffmpeg], ['REPRISE_FFPROBE', before.ffprobe]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  restores.push(restore);
  return { log, gate, probeGate, runs: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []), restore };
}
const restores: (() => void)[] = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

/** The decodes that make peaks (16-bit samples to a pipe) and a thumbnail (one video frame). */
const peaksDecodes = (runs: string[]) => runs.filter((r) => r.includes('s16le'));
const thumbnailRuns = (runs: string[]) => runs.filter((r) => r.includes('-frames:v'));
const probes = (runs: string[]) => runs.filter((r) => r.startsWith('ffprobe '));

/** Sends a request on to the hub with this body in place of what arrived, and the hub's answer back. */
function forwardTo(target: string, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const headers = { ...req.headers, host: new URL(target).host, 'content-length': String(body.length) };
  const upstream = http.request(`${target}${req.url}`, { method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', () => res.destroy());
  upstream.end(body);
}

/** A proxy to the hub that changes one byte of every peaks companion on its way (and passes the rest). */
async function tamperingProxy(target: string): Promise<{ url: string; tampered: number; close(): Promise<void> }> {
  const state = { tampered: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.method === 'PUT' && /\/uploads\/companions\/[^/]+\/peaks/.test(req.url ?? '')) {
        body = Buffer.from(body.toString('utf8').replace(/\d/, (d) => String((Number(d) + 1) % 10)));
        state.tampered++;
      }
      forwardTo(target, req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/**
 * A proxy to the hub that holds each companion on its way until the other has arrived too (or a
 * few seconds have passed, so a desktop sending one after the other is not stuck), and then for
 * `atLeastMs` more: `together` says whether both were on their way at once.
 */
async function holdingProxy(target: string, atLeastMs = 0): Promise<{ url: string; together: boolean; close(): Promise<void> }> {
  const state = { together: false };
  const held: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    const forward = (body: Buffer) => forwardTo(target, req, res, body);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method !== 'PUT' || !/\/uploads\/companions\//.test(req.url ?? '')) return forward(body);
      held.push(() => forward(body));
      if (held.length === 2) {
        state.together = true;
        const both = held.splice(0);
        setTimeout(() => both.forEach((release) => release()), atLeastMs);
        return;
      }
      const release = held[held.length - 1]!;
      setTimeout(() => {
        const at = held.indexOf(release);
        if (at >= 0) held.splice(at, 1)[0]!();
      }, 5000);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

async function importTake(dir: string, sessionId: string): Promise<{ id: string; sha256: string }> {
  const imported = await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('webm-av', 2), '--session', sessionId, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  return JSON.parse(imported.stdout) as { id: string; sha256: string };
}

const desktopFile = (dir: string, id: string, name: string) => path.join(dir, 'media', 'recordings', id, name);

describe("a take's peaks and thumbnail travel with it to the hub", () => {
  it("are the desktop's own bytes on the hub, and the hub decodes nothing to make them", async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    expect(fs.existsSync(desktopFile(a, take.id, 'peaks.json')) && fs.existsSync(desktopFile(a, take.id, 'thumbnail.jpg'))).toBe(true);

    const ffmpeg = countingFfmpeg();
    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ uploaded: 1, failed: 0 });
    expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', sha256: take.sha256, hasThumbnail: true });
    await t.hub.recordings.whenExtrasPrepared(take.id);

    const hubDir = t.hub.recordings.dirOf(take.id);
    expect(fs.readFileSync(path.join(hubDir, 'peaks.json'))).toEqual(fs.readFileSync(desktopFile(a, take.id, 'peaks.json')));
    expect(fs.readFileSync(path.join(hubDir, 'thumbnail.jpg'))).toEqual(fs.readFileSync(desktopFile(a, take.id, 'thumbnail.jpg')));
    expect(peaksDecodes(ffmpeg.runs())).toEqual([]);
    expect(thumbnailRuns(ffmpeg.runs())).toEqual([]);
    expect(t.hub.recordings.adoptedExtrasMade).toEqual({ peaks: 0, thumbnails: 0, refusedCompanions: 0 });
    // The companions waited only for their take.
    expect(fs.readdirSync(path.join(t.hub.dataDir, 'uploads', 'companions'))).toEqual([]);
  });

  it('are made by the hub after it answered when a desktop sends none, the take ready meanwhile', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    const peaks = fs.readFileSync(desktopFile(a, take.id, 'peaks.json'));
    // What an older desktop sends: the take alone.
    fs.rmSync(desktopFile(a, take.id, 'peaks.json'));
    fs.rmSync(desktopFile(a, take.id, 'thumbnail.jpg'));

    const ffmpeg = countingFfmpeg();
    fs.rmSync(ffmpeg.gate);
    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ uploaded: 1, failed: 0 });
    // Answered and ready while its waveform is still being made, and said so.
    expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', sha256: take.sha256 });
    let said = '';
    try {
      t.hub.recordings.peaks(take.id);
    } catch (error) {
      said = (error as Error).message;
    }
    // Word for word what the Finnish catalogue translates (test/components/i18n.test.tsx).
    expect(said).toBe('The waveform of this recording is being prepared; it appears in a moment. The recording already plays.');
    fs.writeFileSync(ffmpeg.gate, '');
    await t.hub.recordings.whenExtrasPrepared(take.id);

    const hubDir = t.hub.recordings.dirOf(take.id);
    expect(fs.readFileSync(path.join(hubDir, 'peaks.json'))).toEqual(peaks);
    expect(t.hub.recordings.get(take.id).hasThumbnail).toBe(true);
    expect(fs.readFileSync(path.join(hubDir, 'thumbnail.jpg')).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(peaksDecodes(ffmpeg.runs())).toHaveLength(1);
    expect(thumbnailRuns(ffmpeg.runs())).toHaveLength(1);
    expect(t.hub.recordings.adoptedExtrasMade).toEqual({ peaks: 1, thumbnails: 1, refusedCompanions: 0 });
  });

  it('refuses a companion changed on its way and makes its own, keeping the take', async () => {
    const t = await team();
    const proxy = await tamperingProxy(t.host.url);
    try {
      const a = await t.desktop(t.aino.id, proxy.url);
      const take = await importTake(a, t.session.id);
      const peaks = fs.readFileSync(desktopFile(a, take.id, 'peaks.json'));

      const ffmpeg = countingFfmpeg();
      const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
      expect(synced.code, synced.stderr).toBe(0);
      expect(proxy.tampered).toBe(1);
      expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', sha256: take.sha256, hasThumbnail: true });
      await t.hub.recordings.whenExtrasPrepared(take.id);

      // The changed peaks were not used: the hub made its own, which are the desktop's again.
      expect(fs.readFileSync(path.join(t.hub.recordings.dirOf(take.id), 'peaks.json'))).toEqual(peaks);
      expect(peaksDecodes(ffmpeg.runs())).toHaveLength(1);
      // The thumbnail came through unchanged and was used.
      expect(thumbnailRuns(ffmpeg.runs())).toEqual([]);
      expect(t.hub.recordings.adoptedExtrasMade).toEqual({ peaks: 1, thumbnails: 0, refusedCompanions: 1 });
    } finally {
      await proxy.close();
    }
  });

  it('go up side by side, not one after the other', async () => {
    const t = await team();
    const proxy = await holdingProxy(t.host.url);
    try {
      const a = await t.desktop(t.aino.id, proxy.url);
      const take = await importTake(a, t.session.id);
      const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
      expect(synced.code, synced.stderr).toBe(0);
      expect(proxy.together).toBe(true);
      await t.hub.recordings.whenExtrasPrepared(take.id);
      expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', sha256: take.sha256, hasThumbnail: true });
      expect(t.hub.recordings.adoptedExtrasMade).toEqual({ peaks: 0, thumbnails: 0, refusedCompanions: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('are in before the last bytes of their take, however slowly they go up', async () => {
    const t = await team();
    const proxy = await holdingProxy(t.host.url, 1500);
    try {
      const a = await t.desktop(t.aino.id, proxy.url);
      const take = await importTake(a, t.session.id);
      const ffmpeg = countingFfmpeg();
      const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
      expect(synced.code, synced.stderr).toBe(0);
      await t.hub.recordings.whenExtrasPrepared(take.id);
      // The take waited for them: the hub used the desktop's and made none of its own.
      expect(fs.readFileSync(path.join(t.hub.recordings.dirOf(take.id), 'peaks.json'))).toEqual(fs.readFileSync(desktopFile(a, take.id, 'peaks.json')));
      expect(peaksDecodes(ffmpeg.runs())).toEqual([]);
      expect(thumbnailRuns(ffmpeg.runs())).toEqual([]);
      expect(t.hub.recordings.adoptedExtrasMade).toEqual({ peaks: 0, thumbnails: 0, refusedCompanions: 0 });
    } finally {
      await proxy.close();
    }
  });

  it('makes at its next start what a hub stopped before making', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    expect((await cli(['--data-dir', a, 'sync', '--once', '--json'])).code).toBe(0);
    await t.hub.recordings.whenExtrasPrepared(take.id);
    // What a hub stopped during its background work leaves: the take ready, no waveform, no thumbnail yet.
    await stopHost(t.host);
    fs.rmSync(path.join(t.hub.recordings.dirOf(take.id), 'peaks.json'));
    t.hub.db.prepare('UPDATE recordings SET has_thumbnail = 0 WHERE id = ?').run(take.id);

    await serveHub(t.hub);
    await t.hub.recordings.whenExtrasPrepared(take.id);
    expect(fs.readFileSync(path.join(t.hub.recordings.dirOf(take.id), 'peaks.json'))).toEqual(fs.readFileSync(desktopFile(a, take.id, 'peaks.json')));
    expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', hasThumbnail: true });
    expect(t.hub.recordings.adoptedExtrasMade).toMatchObject({ peaks: 1, thumbnails: 1 });
  });

  it('takes companions only from someone who may send takes to the session', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const c = await t.desktop(t.cai.id);
    const at = `${t.host.url}/uploads/companions/00000000-0000-4000-8000-000000000000/peaks?session=${t.session.id}`;
    const put = (headers: Record<string, string>) => fetch(at, { method: 'PUT', headers, body: '{"resolutionMs":50,"channels":[]}' });
    expect((await put({})).status).toBe(401);
    expect((await put({ authorization: 'Bearer nonsense' })).status).toBe(401);
    expect((await put(bearerOf(c))).status).toBe(403);
    expect((await put(bearerOf(a))).status).toBe(204);
  });

  it("answers before any ffprobe when the desktop declares the take's facts, and says its waveform is being prepared until the hub has probed it", async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    const ffmpeg = countingFfmpeg();
    // Every ffprobe waits: an answer that waited for one would never come.
    fs.rmSync(ffmpeg.probeGate);
    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ uploaded: 1, failed: 0 });
    const declared = t.hub.recordings.get(take.id);
    expect(declared).toMatchObject({ status: 'ready', sha256: take.sha256, hasVideo: true, hasThumbnail: true });
    expect(() => t.hub.recordings.peaks(take.id)).toThrow('The waveform of this recording is being prepared');

    fs.writeFileSync(ffmpeg.probeGate, '');
    await t.hub.recordings.whenExtrasPrepared(take.id);
    expect(probes(ffmpeg.runs()).length).toBeGreaterThan(0);
    expect(t.hub.recordings.correctedDeclarations).toBe(0);
    expect(t.hub.recordings.peaks(take.id).channels.length).toBeGreaterThan(0);
    expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', durationMs: declared.durationMs, channels: declared.channels, mimeType: declared.mimeType });
    expect(peaksDecodes(ffmpeg.runs())).toEqual([]);
  });

  it('corrects facts a desktop declared wrongly, from its own probe', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    const desktopDb = new Database(path.join(a, 'reprise.sqlite'));
    const truth = desktopDb.prepare('SELECT duration_ms, channels, mime_type, video_width, video_height FROM recordings WHERE id = ?').get(take.id) as Record<string, unknown>;
    desktopDb.prepare('UPDATE recordings SET duration_ms = 3600000, video_width = 1920, video_height = 1080 WHERE id = ?').run(take.id);
    desktopDb.close();

    const ffmpeg = countingFfmpeg();
    fs.rmSync(ffmpeg.probeGate);
    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    // Taken at its word until probed ...
    expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', durationMs: 3600000, videoWidth: 1920 });
    fs.writeFileSync(ffmpeg.probeGate, '');
    await t.hub.recordings.whenExtrasPrepared(take.id);
    // ... and then what the file is.
    expect(t.hub.recordings.get(take.id)).toMatchObject({
      status: 'ready',
      durationMs: truth.duration_ms,
      channels: truth.channels,
      mimeType: truth.mime_type,
      videoWidth: truth.video_width,
      videoHeight: truth.video_height,
    });
    expect(t.hub.recordings.correctedDeclarations).toBe(1);
  });

  it('queues the analysis at once of a take declared silent that its probe finds sound in', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    // A desktop that says the take has no sound (a camera take whose microphone it thought gave nothing).
    const desktopDb = new Database(path.join(a, 'reprise.sqlite'));
    desktopDb.prepare('UPDATE recordings SET channels = 0 WHERE id = ?').run(take.id);
    desktopDb.close();

    const ffmpeg = countingFfmpeg();
    fs.rmSync(ffmpeg.probeGate);
    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    // Taken in as silent: nothing to analyse yet.
    expect(t.hub.recordings.get(take.id).channels).toBe(0);
    expect(t.hub.analysis.get(take.id).state).toBe('no_sound');
    fs.writeFileSync(ffmpeg.probeGate, '');
    await t.hub.recordings.whenExtrasPrepared(take.id);
    expect(t.hub.recordings.get(take.id).channels).toBeGreaterThan(0);
    // Queued by the probe itself, not left for the hub's next start.
    expect(t.hub.db.prepare('SELECT state FROM recording_analyses WHERE recording_id = ?').pluck().get(take.id)).toMatch(/^(pending|running|done)$/);
    expect((await analysisSettled(t.hub, take.id)).state).toBe('done');
    expect(t.hub.recordings.peaks(take.id).channels.length).toBeGreaterThan(0);
  });

  it('fails a take declared as a recording that is not one, saying why', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    // The take's bytes replaced by others, sealed as the take (a desktop that lies about what it sends).
    const media = fs.readdirSync(path.join(a, 'media', 'recordings', take.id)).find((n) => n.startsWith('recording.'))!;
    const bytes = Buffer.alloc(64 * 1024, 7);
    fs.writeFileSync(desktopFile(a, take.id, media), bytes);
    const desktopDb = new Database(path.join(a, 'reprise.sqlite'));
    const sha = createHash('sha256').update(bytes).digest('hex');
    desktopDb.prepare('UPDATE recordings SET sha256 = ?, size_bytes = ? WHERE id = ?').run(sha, bytes.length, take.id);
    desktopDb.close();

    const ffmpeg = countingFfmpeg();
    fs.rmSync(ffmpeg.probeGate);
    const synced = await cli(['--data-dir', a, 'sync', '--once', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    // The hub answered on the declared facts, before probing: the bytes were the ones sealed.
    expect(JSON.parse(synced.stdout)).toMatchObject({ uploaded: 1, failed: 0 });
    expect(t.hub.recordings.get(take.id).status).toBe('ready');
    fs.writeFileSync(ffmpeg.probeGate, '');
    await t.hub.recordings.whenExtrasPrepared(take.id);
    expect(t.hub.recordings.get(take.id)).toMatchObject({
      status: 'failed',
      sha256: sha,
      error: 'This is not a recording Reprise can read (not audio or video, or damaged at the start).',
    });
  });

  it('checks at its next start the facts a hub stopped before checking', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const take = await importTake(a, t.session.id);
    expect((await cli(['--data-dir', a, 'sync', '--once', '--json'])).code).toBe(0);
    await t.hub.recordings.whenExtrasPrepared(take.id);
    const truth = t.hub.recordings.get(take.id);
    // What a hub stopped before its probe leaves: the take ready on facts not checked yet (here wrong ones).
    await stopHost(t.host);
    const unchecked = path.join(t.hub.recordings.dirOf(take.id), 'declared-unchecked.json');
    fs.writeFileSync(unchecked, JSON.stringify({ durationMs: 3600000, channels: truth.channels, hasVideo: true, videoWidth: 1920, videoHeight: 1080, mimeType: truth.mimeType }));
    t.hub.db.prepare('UPDATE recordings SET duration_ms = 3600000, video_width = 1920, video_height = 1080 WHERE id = ?').run(take.id);
    expect(() => t.hub.recordings.peaks(take.id)).toThrow('The waveform of this recording is being prepared');

    await serveHub(t.hub);
    await t.hub.recordings.whenExtrasPrepared(take.id);
    expect(t.hub.recordings.get(take.id)).toMatchObject({ status: 'ready', durationMs: truth.durationMs, videoWidth: truth.videoWidth, videoHeight: truth.videoHeight });
    expect(fs.existsSync(unchecked)).toBe(false);
    expect(t.hub.recordings.peaks(take.id).channels.length).toBeGreaterThan(0);
  });
});
