import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createCore } from '../../src/core/core';
import { runCli } from '../../src/host/cli';
import { dispatch } from '../../src/shared/dispatch';
import type { Recording } from '../../src/shared/recordings';
import { testCore } from '../support/core';
import { chunksOf } from '../support/media';
import { builtCli } from '../support/hub-team';
import { tempDir } from '../support/temp-dir';

const rate = 8000;

/**
 * Zoom's separate audio per participant: the seller in a flite voice, speaking from the start; the
 * buyer in an espeak-ng voice, starting 1.5 s in and going on longer. Each file is mono AAC.
 */
function makeZoomTracks(dir: string): { seller: string; buyer: string } {
  const sellerWav = path.join(dir, 'seller.wav');
  const buyerWav = path.join(dir, 'buyer.wav');
  execFileSync('flite', ['-voice', 'slt', '-t', 'Thanks for joining. What would the board need to see?', '-o', sellerWav]);
  execFileSync('espeak-ng', ['-v', 'en-us+m3', '-s', '160', '-w', buyerWav, 'Which teams use it every week, and whether their win rates moved since the spring. We can share the numbers by Friday.']);
  const seller = path.join(dir, 'Audio Record - Aino.m4a');
  const buyer = path.join(dir, 'Audio Record - Ben.m4a');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', sellerWav, '-ac', '1', '-c:a', 'aac', seller]);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', buyerWav, '-af', 'adelay=1500,apad=pad_dur=1', '-ac', '1', '-c:a', 'aac', buyer]);
  return { seller, buyer };
}

/** The two files, voiced and encoded once for this file, kept until every test has run. */
let madeTracks: { seller: string; buyer: string } | null = null;
afterAll(() => {
  if (madeTracks) fs.rmSync(path.dirname(madeTracks.seller), { recursive: true, force: true });
});

/** A copy of the two files in `dir` for one test, which may do with them what it likes. */
function zoomTracks(dir: string): { seller: string; buyer: string } {
  madeTracks ??= makeZoomTracks(fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-test-')));
  const copy = (file: string) => {
    const target = path.join(dir, path.basename(file));
    fs.copyFileSync(file, target);
    return target;
  };
  return { seller: copy(madeTracks.seller), buyer: copy(madeTracks.buyer) };
}

/** Loudness every 50 ms of one channel of a file (0: left, 1: right; -1: the file mixed down). */
function envelope(file: string, channel: number): number[] {
  const filter = channel < 0 ? ['-ac', '1'] : ['-af', `pan=mono|c0=c${channel}`];
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, ...filter, '-ar', String(rate), '-f', 'f32le', 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 });
  const samples = new Float32Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.length));
  const step = rate / 20;
  const out: number[] = [];
  for (let i = 0; i + step <= samples.length; i += step) {
    let sum = 0;
    for (let j = i; j < i + step; j++) sum += samples[j]! * samples[j]!;
    out.push(Math.sqrt(sum / step));
  }
  return out;
}

/** How alike two loudness curves are over their common length (Pearson correlation). */
function likeness(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: number[]) => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function durationMs(file: string): number {
  return Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString()) * 1000;
}

/** The stored take has two channels, the seller's voice on the left and the buyer's on the right, as long as the longer file. */
function expectVoicesOnTheirSides(stored: string, tracks: { seller: string; buyer: string }) {
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-select_streams', 'a', '-of', 'json', stored]).toString()) as { streams: { channels: number }[] };
  expect(probe.streams.map((s) => s.channels)).toEqual([2]);
  expect(Math.abs(durationMs(stored) - Math.max(durationMs(tracks.seller), durationMs(tracks.buyer)))).toBeLessThan(100);
  const left = envelope(stored, 0);
  const right = envelope(stored, 1);
  const seller = envelope(tracks.seller, -1);
  const buyer = envelope(tracks.buyer, -1);
  expect(likeness(left, seller)).toBeGreaterThan(0.95);
  expect(likeness(right, buyer)).toBeGreaterThan(0.95);
  expect(likeness(left, buyer)).toBeLessThan(0.5);
  expect(likeness(right, seller)).toBeLessThan(0.5);
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, env);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function findFile(dir: string, name: RegExp): string {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && name.test(entry.name)) return path.join(entry.parentPath, entry.name);
  }
  throw new Error(`No ${String(name)} under ${dir}`);
}

describe('one take from one file per voice', () => {
  it('imports Zoom\'s separate audio files from the command line as one stereo take, seller left, analysed as two channels', async () => {
    const dir = tempDir();
    const tracks = zoomTracks(tempDir());
    const imported = await cli(['--data-dir', dir, 'recordings', 'import', '--track', `buyer=${tracks.buyer}`, '--track', `seller=${tracks.seller}`, '--json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const recording = JSON.parse(imported.stdout) as Recording;
    expect(recording).toMatchObject({ status: 'ready', channels: 2, mode: 'import', sourceName: 'Audio Record - Aino + Audio Record - Ben.m4a' });
    expect(recording.channelMap).toEqual({ left: { label: 'Seller', repId: null }, right: { label: 'Buyer', repId: null } });
    const stored = findFile(path.join(dir), new RegExp(`^recording\\.`));
    expect(stored).toContain(recording.id);
    expectVoicesOnTheirSides(stored, tracks);
    const analysed = await cli(['--data-dir', dir, 'recordings', 'analyze', recording.id, '--json']);
    expect(analysed.code).toBe(0);
    const analysis = JSON.parse(analysed.stdout) as { channels: string; diarization?: unknown; turns: { speaker: string; startMs: number }[] };
    expect(analysis.channels).toBe('stereo');
    expect(analysis.diarization).toBeUndefined();
    // The seller opens; the buyer answers from 1.5 s on.
    expect(analysis.turns[0]).toMatchObject({ speaker: 'seller' });
    expect(analysis.turns.find((t) => t.speaker === 'buyer')!.startMs).toBeGreaterThan(1300);
    expect((await cli(['--data-dir', dir, 'recordings', 'list', '--json'])).stdout).not.toContain('"recording"');

    const both = await cli(['--data-dir', dir, 'recordings', 'import', tracks.seller, '--track', `seller=${tracks.seller}`, '--track', `buyer=${tracks.buyer}`]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either one FILE or a --track per voice/);
  });

  it('joins two files sent through the contract into one take named after the session\'s seller and buyer, for those in the session only', async () => {
    const core = testCore();
    const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
    const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
    const otto = core.people.create({ name: 'Otto', email: 'otto@example.com' });
    const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }] });
    const tracks = zoomTracks(tempDir());
    const send = async (file: string) => {
      const begun = core.recordings.beginImport({ sessionId: session.id, fileName: path.basename(file), mimeType: 'audio/mp4' });
      chunksOf(file, 2).forEach((chunk, seq) => core.recordings.append({ id: begun.id, seq, data: chunk.toString('base64') }));
      return begun.id;
    };
    const sellerId = await send(tracks.seller);
    const buyerId = await send(tracks.buyer);
    const as = (repId: string | null) => ({ caller: repId ? core.access.callerFor(repId) : ({ kind: 'stranger' } as const), guard: core.guard });
    expect(await dispatch(core.handlers, 'recordings:join-tracks', { sellerId, buyerId }, as(null))).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await dispatch(core.handlers, 'recordings:join-tracks', { sellerId, buyerId }, as(otto.id))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const joined = await dispatch(core.handlers, 'recordings:join-tracks', { sellerId, buyerId }, as(ben.id));
    expect(joined.ok).toBe(true);
    const take = (joined.ok ? joined.value : null) as Recording;
    expect(take).toMatchObject({ id: sellerId, status: 'ready', channels: 2, channelMap: { left: { label: 'Aino', repId: aino.id }, right: { label: 'Ben', repId: ben.id } } });
    expect(core.recordings.list({ sessionId: session.id }).map((r) => r.id)).toEqual([sellerId]);
    expectVoicesOnTheirSides(core.recordings.mediaFile(sellerId, 'recording')!.file, tracks);
    expect((await core.analysis.analyzeNow(sellerId)).channels).toBe('stereo');
  });

  describe('all or nothing, when the second file is damaged', () => {
    /** The buyer's file cut to its first third: an M4A whose index is lost, as a copy stopped half-way leaves it. */
    function damagedBuyer(tracks: { buyer: string }): string {
      const bytes = fs.readFileSync(tracks.buyer);
      const damaged = path.join(path.dirname(tracks.buyer), 'Audio Record - Ben (copy).m4a');
      fs.writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 3)));
      return damaged;
    }

    it('leaves nothing imported from the command line and names the file to fix', async () => {
      const dir = tempDir();
      const tracks = zoomTracks(tempDir());
      const buyer = damagedBuyer(tracks);
      const imported = await cli(['--data-dir', dir, 'recordings', 'import', '--track', `seller=${tracks.seller}`, '--track', `buyer=${buyer}`]);
      expect(imported.code).not.toBe(0);
      expect(imported.stderr).toContain("The buyer's file (Audio Record - Ben (copy).m4a) cannot be read as audio, so nothing was imported.");
      const listed = await cli(['--data-dir', dir, 'recordings', 'list', '--json']);
      expect(JSON.parse(listed.stdout)).toEqual([]);
      // No folder of the staged seller's file is left behind either.
      const media = fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && /\.(m4a|part|webm)$/.test(e.name));
      expect(media.map((e) => e.name)).toEqual([]);
    });

    it('drops both files sent through the import dialog\'s path', async () => {
      const core = testCore();
      const session = core.sessions.create({ focusAreaId: 'discovery' });
      const tracks = zoomTracks(tempDir());
      const send = (file: string) => {
        const begun = core.recordings.beginImport({ sessionId: session.id, fileName: path.basename(file), mimeType: 'audio/mp4' });
        chunksOf(file, 2).forEach((chunk, seq) => core.recordings.append({ id: begun.id, seq, data: chunk.toString('base64') }));
        return begun.id;
      };
      const sellerId = send(tracks.seller);
      const buyerId = send(damagedBuyer(tracks));
      const joined = await dispatch(core.handlers, 'recordings:join-tracks', { sellerId, buyerId });
      expect(joined).toMatchObject({ ok: false, error: { code: 'import_failed' } });
      const message = joined.ok ? '' : joined.error.message;
      expect(message).toContain('(Audio Record - Ben (copy).m4a)');
      expect(core.recordings.list({ sessionId: session.id })).toEqual([]);
    });
  });

  describe('one unit, when the import is interrupted', () => {
    /** The folders of takes under a data folder, each with the names of the files in it. */
    function takeFolders(dataDir: string): Record<string, string[]> {
      const root = path.join(dataDir, 'media', 'recordings');
      return Object.fromEntries(fs.readdirSync(root).map((id) => [id, fs.readdirSync(path.join(root, id)).sort()]));
    }

    it('leaves no take after the next start when the command is killed with the seller\'s file staged (needs `npm run build`)', async () => {
      const dir = tempDir();
      const tracks = zoomTracks(tempDir());
      // The buyer's file is a pipe nobody writes to: the import stops there, the seller's file
      // fully copied in, until it is killed. A real process, a real kill, no waiting on a clock.
      const buyer = path.join(tempDir(), 'Audio Record - Ben.m4a');
      execFileSync('mkfifo', [buyer]);
      const child = spawn(process.execPath, [builtCli, '--data-dir', dir, 'recordings', 'import', '--track', `seller=${tracks.seller}`, '--track', `buyer=${buyer}`], {
        stdio: 'ignore',
      });
      onTestFinished(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const marked = (track: string) =>
        Object.entries(takeFolders(dir)).filter(([id, names]) => names.includes('voice-track') && fs.readFileSync(path.join(dir, 'media', 'recordings', id, 'voice-track'), 'utf8') === track);
      // The buyer's folder appears only once the seller's file is in.
      await expect.poll(() => (fs.existsSync(path.join(dir, 'media', 'recordings')) ? marked('buyer').length : 0), { timeout: 60_000, interval: 50 }).toBe(1);
      child.kill('SIGKILL');
      await exited;
      const [sellerId, sellerNames] = marked('seller')[0]!;
      expect(sellerNames).toContain('take.part.m4a');
      expect(fs.statSync(path.join(dir, 'media', 'recordings', sellerId, 'take.part.m4a')).size).toBe(fs.statSync(tracks.seller).size);

      // The next start: its recovery drops the half-sent pair rather than finishing the seller's voice alone, and says so.
      const recovery = await cli(['--data-dir', dir, 'recordings', 'recover']);
      expect(recovery).toMatchObject({ code: 0, stderr: '' });
      expect(recovery.stdout).toBe('An import of one file per voice was interrupted before the two files were joined, so nothing from it was kept. Import both files again.');
      expect(JSON.parse((await cli(['--data-dir', dir, 'recordings', 'list', '--json'])).stdout)).toEqual([]);
      expect(takeFolders(dir)).toEqual({});
    });

    it('drops what the dialog sent of a pair when the app stopped before the two were joined', async () => {
      const dir = tempDir();
      const tracks = zoomTracks(tempDir());
      const first = createCore({ dataDir: dir });
      const session = first.sessions.create({ focusAreaId: 'discovery' });
      const send = (file: string, track: 'seller' | 'buyer') => {
        const begun = first.recordings.beginImport({ sessionId: session.id, fileName: path.basename(file), mimeType: 'audio/mp4', track });
        chunksOf(file, 2).forEach((chunk, seq) => first.recordings.append({ id: begun.id, seq, data: chunk.toString('base64') }));
      };
      send(tracks.seller, 'seller');
      send(tracks.buyer, 'buyer');
      await first.recordings.shutdown();
      first.close();
      // The next start, at a Finnish terminal.
      const recovery = await cli(['--data-dir', dir, 'recordings', 'recover'], { LANG: 'fi_FI.UTF-8' });
      expect(recovery.stdout).toBe(
        'Tuonti, jossa oli yksi tiedosto kummallekin äänelle, keskeytyi ennen kuin tiedostot yhdistettiin, joten siitä ei säilytetty mitään. Tuo molemmat tiedostot uudelleen.',
      );
      expect(JSON.parse((await cli(['--data-dir', dir, 'recordings', 'list', '--json'])).stdout)).toEqual([]);
      expect(takeFolders(dir)).toEqual({});
      // Nothing is left for a later start to say.
      expect((await cli(['--data-dir', dir, 'recordings', 'recover'])).stdout).toBe('Nothing to recover: every take was finished.');
    });

    it('keeps the seller\'s voice waiting while the buyer\'s file goes up, and drops both, never finishing either, once neither is heard', async () => {
      const dir = tempDir();
      const tracks = zoomTracks(tempDir());
      // Long enough that a busy machine's late timers never look like a silent sender.
      const core = createCore({ dataDir: dir, recordings: { idleStopMs: 3_000 } });
      onTestFinished(() => core.close());
      const session = core.sessions.create({ focusAreaId: 'discovery' });
      const seller = core.recordings.beginImport({ sessionId: session.id, fileName: 'Audio Record - Aino.m4a', mimeType: 'audio/mp4', track: 'seller' });
      core.recordings.append({ id: seller.id, seq: 0, data: fs.readFileSync(tracks.seller).toString('base64') });
      const buyer = core.recordings.beginImport({ sessionId: session.id, fileName: 'Audio Record - Ben.m4a', mimeType: 'audio/mp4', track: 'buyer' });
      const chunks = chunksOf(tracks.buyer, 40);
      const deadline = Date.now() + 6_500;
      for (let seq = 0; Date.now() < deadline; seq++) {
        if (seq < chunks.length) core.recordings.append({ id: buyer.id, seq, data: chunks[seq]!.toString('base64') });
        else core.recordings.keepAlive(buyer.id);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(Object.fromEntries(core.recordings.list({ sessionId: session.id }).map((r) => [r.id, r.status]))).toEqual({ [seller.id]: 'recording', [buyer.id]: 'recording' });
      // The sender goes away (its window closed) before the join.
      await expect.poll(() => core.recordings.list({ sessionId: session.id }), { timeout: 30_000, interval: 100 }).toEqual([]);
      expect(takeFolders(dir)).toEqual({});
    });

    it('lets those sending an import take it back while it is still being sent, never a finished take, and never a stranger', async () => {
      const core = testCore();
      const session = core.sessions.create({ focusAreaId: 'discovery' });
      const tracks = zoomTracks(tempDir());
      const begun = core.recordings.beginImport({ sessionId: session.id, fileName: 'Audio Record - Aino.m4a', mimeType: 'audio/mp4', track: 'seller' });
      core.recordings.append({ id: begun.id, seq: 0, data: fs.readFileSync(tracks.seller).toString('base64') });
      const stranger = await dispatch(core.handlers, 'recordings:discard-import', { id: begun.id }, { caller: { kind: 'stranger' }, guard: core.guard });
      expect(stranger).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(core.recordings.list({ sessionId: session.id }).map((r) => r.id)).toEqual([begun.id]);
      expect(await dispatch(core.handlers, 'recordings:discard-import', { id: begun.id })).toEqual({ ok: true, value: { id: begun.id } });
      expect(core.recordings.list({ sessionId: session.id })).toEqual([]);
      expect(fs.existsSync(core.recordings.dirOf(begun.id))).toBe(false);

      const single = core.recordings.beginImport({ sessionId: session.id, fileName: 'Audio Record - Aino.m4a', mimeType: 'audio/mp4' });
      core.recordings.append({ id: single.id, seq: 0, data: fs.readFileSync(tracks.seller).toString('base64') });
      await core.recordings.stop(single.id);
      const refused = await dispatch(core.handlers, 'recordings:discard-import', { id: single.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: 'Only an import still being sent can be discarded; this one is already a take.' } });
      expect(core.recordings.get(single.id).status).toBe('ready');
    });
  });
});
