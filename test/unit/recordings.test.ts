import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { serveMedia } from '../../src/core/recordings/media-route';
import { AppError } from '../../src/shared/errors';
import { testCore } from '../support/core';
import { chunksOf, makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';

function setup(options: Parameters<typeof testCore>[0] = undefined) {
  const core = testCore(options);
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
  const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
  const session = core.sessions.create({
    focusAreaId: 'discovery',
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: ben.id, role: 'buyer' },
    ],
  });
  const start = (mimeType = 'video/webm;codecs=vp8,opus') =>
    core.recordings.start({
      sessionId: session.id,
      mode: 'camera',
      mimeType,
      consents: [{ repId: aino.id }, { repId: ben.id }],
      confirmedBy: 'Aino',
      channelMap: { left: { label: 'Aino', repId: aino.id }, right: null },
    });
  return { core, aino, ben, session, start };
}

async function errorOf(fn: () => unknown): Promise<AppError | undefined> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('recording a take', () => {
  it('refuses to start until every participant has consented', async () => {
    const { core, aino, session } = setup();
    const error = await errorOf(() =>
      core.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents: [{ repId: aino.id }], confirmedBy: 'Aino', channelMap: null }),
    );
    expect(error?.code).toBe('consent_missing');
    expect(error?.message).toMatch(/Not yet confirmed: Ben/);
    expect(core.recordings.list()).toEqual([]);
  });

  it('streams chunks to disk, then finalizes: seekable, duration, thumbnail, peaks, sha256, consents stored', async () => {
    const { core, start } = setup();
    const source = makeMedia('webm-av', 3);
    const take = start();
    expect(take.status).toBe('recording');
    const chunks = chunksOf(source, 5);
    chunks.forEach((chunk, seq) => core.recordings.append({ id: take.id, seq, data: chunk.toString('base64') }));
    // A retried chunk is harmless; a gap is refused.
    core.recordings.append({ id: take.id, seq: 2, data: chunks[2]!.toString('base64') });
    expect((await errorOf(() => core.recordings.append({ id: take.id, seq: 9, data: '' })))?.code).toBe('chunk_gap');
    const part = fs.readdirSync(core.recordings.dirOf(take.id)).find((f) => f.startsWith('take.part'))!;
    expect(sha(path.join(core.recordings.dirOf(take.id), part))).toBe(sha(source));

    const stopping = await core.recordings.stop(take.id);
    expect(stopping.status).toBe('finalizing');
    const ready = await core.recordings.whenFinalized(take.id);
    expect(ready).toMatchObject({ status: 'ready', hasVideo: true, hasThumbnail: true, channels: 1, mimeType: 'video/webm', recovered: false });
    expect(ready.durationMs).toBeGreaterThan(2800);
    expect(ready.durationMs).toBeLessThan(3300);
    expect(ready.consents.map((c) => [c.name, c.confirmedBy])).toEqual([
      ['Aino', 'Aino'],
      ['Ben', 'Aino'],
    ]);
    const file = core.recordings.mediaFile(take.id, 'recording')!.file;
    expect(ready.sha256).toBe(sha(file));
    expect(ready.sizeBytes).toBe(fs.statSync(file).size);
    expect(fs.readdirSync(core.recordings.dirOf(take.id)).sort()).toEqual(['peaks.json', 'recording.webm', 'thumbnail.jpg']);
    const peaks = core.recordings.peaks(take.id);
    expect(peaks.resolutionMs).toBe(50);
    expect(peaks.channels[0]!.length).toBeGreaterThan(55);
    // ffmpeg's test tone peaks at 1/8 of full scale: 32 of 255.
    expect(Math.max(...peaks.channels[0]!)).toBeGreaterThan(25);
    expect(core.emitted.some((e) => e.name === 'recordings:progress')).toBe(true);
  });

  it('uses the peaks measured live when they cover the take', async () => {
    const { core, start } = setup();
    const source = makeMedia('webm-audio', 2);
    const take = start('audio/webm;codecs=opus');
    const chunks = chunksOf(source, 2);
    chunks.forEach((chunk, seq) =>
      core.recordings.append({ id: take.id, seq, data: chunk.toString('base64'), peaks: [new Array(20).fill(7 + seq), new Array(20).fill(200)] }),
    );
    await core.recordings.stop(take.id);
    const ready = await core.recordings.whenFinalized(take.id);
    expect(ready).toMatchObject({ status: 'ready', channels: 2, hasVideo: false, mimeType: 'audio/webm' });
    const { channels } = core.recordings.peaks(take.id);
    expect(channels[0]!.slice(0, 21)).toEqual([...new Array(20).fill(7), 8]);
    expect(channels[1]!.every((v) => v === 200)).toBe(true);
  });

  it('will not start when the disk is nearly full, and tells a running take to stop', async () => {
    let free = 100 * 1024 * 1024;
    const { core, start } = setup();
    const low = createCore({ dataDir: core.dataDir, recordings: { freeBytes: () => free, minFreeBytes: 500 * 1024 * 1024 } });
    try {
      const session = low.sessions.list()[0]!;
      const consents = session.participants.map((p) => ({ repId: p.repId }));
      const error = await errorOf(() => low.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents, confirmedBy: 'A', channelMap: null }));
      expect(error?.code).toBe('disk_low');
      expect(error?.message).toMatch(/Only 100 MB free.*at least 500 MB/);
      free = 600 * 1024 * 1024;
      const take = low.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents, confirmedBy: 'A', channelMap: null });
      const chunks = chunksOf(makeMedia('webm-audio', 2), 4);
      expect(low.recordings.append({ id: take.id, seq: 0, data: chunks[0]!.toString('base64') }).stop).toBeNull();
      free = 200 * 1024 * 1024;
      expect(low.recordings.append({ id: take.id, seq: 1, data: chunks[1]!.toString('base64') }).stop).toBe('disk_low');
      await low.recordings.stop(take.id, 'disk_low');
      const kept = await low.recordings.whenFinalized(take.id);
      expect(kept.error).toMatch(/disk is almost full/);
      expect(kept.sizeBytes).toBeGreaterThan(0);
    } finally {
      low.close();
    }
    expect(start).toBeDefined();
  });

  it('writes a chunk once when its database update failed and the recorder sends it again', async () => {
    const { core, start } = setup();
    const take = start('audio/webm;codecs=opus');
    const chunks = chunksOf(makeMedia('webm-audio', 3), 6);
    const send = (seq: number) => core.recordings.append({ id: take.id, seq, data: chunks[seq]!.toString('base64') });
    send(0);
    send(1);
    // Another process (a roster import from the CLI) holds the write lock past the busy timeout.
    core.db.pragma('busy_timeout = 0');
    const other = new BetterSqlite3(core.db.name);
    other.exec('BEGIN IMMEDIATE');
    expect(() => send(2)).toThrow(/locked|busy/i);
    other.exec('COMMIT');
    other.close();
    for (let seq = 2; seq < chunks.length; seq++) send(seq);
    const part = fs.readdirSync(core.recordings.dirOf(take.id)).find((f) => f.startsWith('take.part'))!;
    expect(fs.readFileSync(path.join(core.recordings.dirOf(take.id), part)).equals(Buffer.concat(chunks))).toBe(true);
    await core.recordings.stop(take.id);
    expect((await core.recordings.whenFinalized(take.id)).status).toBe('ready');
  });

  it('recovers a take that was never stopped (a crash), finalized from what is on disk', async () => {
    const dataDir = tempDir();
    const first = createCore({ dataDir });
    const a = first.people.create({ name: 'A', email: 'a@example.com' });
    const session = first.sessions.create({ focusAreaId: 'demo', participants: [{ repId: a.id, role: 'seller' }] });
    const take = first.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents: [{ repId: a.id }], confirmedBy: 'A', channelMap: null });
    const chunks = chunksOf(makeMedia('webm-audio', 4), 8);
    // Only the first six chunks arrive: the process dies mid-take.
    chunks.slice(0, 6).forEach((chunk, seq) => first.recordings.append({ id: take.id, seq, data: chunk.toString('base64') }));
    first.db.close();

    const second = createCore({ dataDir });
    try {
      const recovered = await second.recordings.recover();
      expect(recovered).toHaveLength(1);
      expect(recovered[0]).toMatchObject({ id: take.id, status: 'ready', recovered: true });
      expect(recovered[0]!.durationMs).toBeGreaterThan(2000);
      expect(await second.recordings.recover()).toEqual([]);
    } finally {
      second.close();
    }
  });

  it('marks a take that recorded nothing as failed, keeping the record', async () => {
    const { core, start } = setup();
    const take = start();
    await core.recordings.stop(take.id);
    const failed = await core.recordings.whenFinalized(take.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Nothing was recorded/);
  });
});

describe('importing a recording', () => {
  it('imports MP4, M4A and WAV files into a session, keeping their container', async () => {
    const { core, session } = setup();
    for (const [kind, mime, ext] of [
      ['mp4-av', 'video/mp4', 'mp4'],
      ['m4a', 'audio/mp4', 'm4a'],
      ['wav', 'audio/wav', 'wav'],
    ] as const) {
      const file = makeMedia(kind, 2);
      const imported = await core.recordings.importFile({ sessionId: session.id, file });
      expect(imported, kind).toMatchObject({ status: 'ready', mode: 'import', mimeType: mime, sourceName: path.basename(file) });
      expect(core.recordings.mediaFile(imported.id, 'recording')!.file.endsWith(`.${ext}`)).toBe(true);
      expect(imported.durationMs).toBeGreaterThan(1800);
    }
  });

  it('refuses empty, non-media and truncated files with a clear reason, and keeps nothing', async () => {
    const { core, session } = setup();
    const dir = tempDir();
    const empty = path.join(dir, 'empty.webm');
    fs.writeFileSync(empty, '');
    const text = path.join(dir, 'notes.mp4');
    fs.writeFileSync(text, 'these are my meeting notes, not a video\n'.repeat(50));
    const truncated = path.join(dir, 'cut.webm');
    fs.writeFileSync(truncated, fs.readFileSync(makeMedia('webm-av', 3)).subarray(0, 400));
    const cases: [string, string, RegExp][] = [
      [empty, 'import_failed', /empty/],
      [text, 'import_failed', /not a recording/],
      [truncated, 'import_failed', /cut off|not a recording|no audio/],
      [path.join(dir, 'missing.mp4'), 'file_unreadable', /No such file/],
    ];
    for (const [file, code, message] of cases) {
      const error = await errorOf(() => core.recordings.importFile({ sessionId: session.id, file }));
      expect(error?.code, file).toBe(code);
      expect(error?.message, file).toMatch(message);
    }
    expect(core.recordings.list()).toEqual([]);
    expect(fs.readdirSync(path.join(core.recordings.mediaDir, 'recordings'))).toEqual([]);
  });

  it('imports through chunks too (the renderer path) and refuses a bad file at stop', async () => {
    const { core, session } = setup();
    const bad = core.recordings.beginImport({ sessionId: session.id, fileName: 'zoom.mp4', mimeType: 'video/mp4' });
    core.recordings.append({ id: bad.id, seq: 0, data: Buffer.from('not media at all').toString('base64') });
    expect((await errorOf(() => core.recordings.stop(bad.id)))?.message).toMatch(/not a recording/);
    expect(core.recordings.list()).toEqual([]);
    const good = core.recordings.beginImport({ sessionId: session.id, fileName: 'call.m4a', mimeType: 'audio/mp4' });
    chunksOf(makeMedia('m4a', 2), 3).forEach((c, seq) => core.recordings.append({ id: good.id, seq, data: c.toString('base64') }));
    expect(await core.recordings.stop(good.id)).toMatchObject({ status: 'ready', mimeType: 'audio/mp4' });
  });
});

describe('a take without sound (video only)', () => {
  const noSound = 'This take has no sound, so there is no waveform or conversation analysis.';

  async function expectPlayableWithoutSound(core: ReturnType<typeof setup>['core'], id: string, ext: string) {
    const ready = core.recordings.get(id);
    expect(ready).toMatchObject({ status: 'ready', hasVideo: true, hasThumbnail: true, channels: 0, videoWidth: 160, videoHeight: 120 });
    expect(ready.durationMs).toBeGreaterThan(1800);
    expect(fs.readdirSync(core.recordings.dirOf(id)).sort()).toEqual(['peaks.json', `recording.${ext}`, 'thumbnail.jpg']);
    expect(core.recordings.peaks(id)).toEqual({ resolutionMs: 50, channels: [] });
    const served = await serveMedia(core.recordings, 'recording', id, {}, true);
    expect(served).toMatchObject({ status: 200, headers: { 'content-type': `video/${ext}` } });
    // Analysis says plainly why there is none, instead of failing or waiting forever.
    expect(core.analysis.get(id)).toMatchObject({ state: 'no_sound', analysis: null, error: null });
    core.analysis.catchUp();
    expect(core.analysis.schedule(id, true)).toMatchObject({ state: 'no_sound' });
    expect(await errorOf(() => core.analysis.analyzeNow(id, true))).toMatchObject({ code: 'no_audio', message: noSound });
    expect(core.db.prepare('SELECT count(*) AS n FROM recording_analyses').get()).toEqual({ n: 0 });
  }

  it('finishes a camera take whose microphone gave no audio track: playable, thumbnail, no waveform, no analysis', async () => {
    const { core, start } = setup();
    const take = start('video/webm;codecs=vp8');
    chunksOf(makeMedia('webm-video-only', 2), 3).forEach((chunk, seq) => core.recordings.append({ id: take.id, seq, data: chunk.toString('base64') }));
    await core.recordings.stop(take.id);
    expect(await core.recordings.whenFinalized(take.id)).toMatchObject({ status: 'ready', mimeType: 'video/webm', error: null });
    await expectPlayableWithoutSound(core, take.id, 'webm');
  });

  it('imports a video file without audio, by path and through chunks', async () => {
    const { core, session } = setup();
    const byPath = await core.recordings.importFile({ sessionId: session.id, file: makeMedia('mp4-video-only', 2) });
    expect(byPath).toMatchObject({ mode: 'import', mimeType: 'video/mp4' });
    await expectPlayableWithoutSound(core, byPath.id, 'mp4');
    const chunked = core.recordings.beginImport({ sessionId: session.id, fileName: 'screen.webm', mimeType: 'video/webm' });
    chunksOf(makeMedia('webm-video-only', 2), 3).forEach((c, seq) => core.recordings.append({ id: chunked.id, seq, data: c.toString('base64') }));
    await core.recordings.stop(chunked.id);
    await core.recordings.whenFinalized(chunked.id);
    await expectPlayableWithoutSound(core, chunked.id, 'webm');
  });
});

describe('markers', () => {
  it('are stored with millisecond offsets, edited, deleted, and listed in time order', () => {
    const { core, start } = setup();
    const take = start();
    core.setNow('2026-11-27T09:01:05Z');
    const late = core.recordings.addMarker({ recordingId: take.id, offsetMs: 61_250, note: 'missed the pain', tag: 'pain-and-impact' });
    core.recordings.addMarker({ recordingId: take.id, offsetMs: 4_005, note: 'great open question', tag: null });
    expect(core.recordings.get(take.id).markers.map((m) => [m.offsetMs, m.note])).toEqual([
      [4005, 'great open question'],
      [61250, 'missed the pain'],
    ]);
    expect(core.recordings.updateMarker(late.id, { note: 'pain never quantified' }).tag).toBe('pain-and-impact');
    core.recordings.deleteMarker(late.id);
    expect(core.recordings.get(take.id).markers).toHaveLength(1);
  });

  it('are refused past the end of the take: its length once known, the time so far while recording', async () => {
    const { core, start } = setup();
    const take = start('audio/webm');
    core.setNow('2026-11-27T09:00:10Z');
    const live = await errorOf(() => core.recordings.addMarker({ recordingId: take.id, offsetMs: 60_000, note: '', tag: null }));
    expect(live).toMatchObject({ code: 'invalid_input', issues: [{ path: 'offsetMs' }] });
    expect(core.recordings.addMarker({ recordingId: take.id, offsetMs: 9_000, note: 'so far', tag: null }).offsetMs).toBe(9_000);
    chunksOf(makeMedia('webm-audio', 2), 2).forEach((c, seq) => core.recordings.append({ id: take.id, seq, data: c.toString('base64') }));
    await core.recordings.stop(take.id);
    // Stopped but not yet probed: the take ended when it was stopped, however late it is now.
    core.setNow('2026-11-27T09:05:00Z');
    expect(await errorOf(() => core.recordings.addMarker({ recordingId: take.id, offsetMs: 60_000, note: '', tag: null }))).toMatchObject({ code: 'invalid_input' });
    const ready = await core.recordings.whenFinalized(take.id);
    expect(ready.durationMs).toBeGreaterThan(1_500);
    const past = await errorOf(() => core.recordings.addMarker({ recordingId: take.id, offsetMs: ready.durationMs! + 1, note: '', tag: null }));
    expect(past?.message).toMatch(/^The recording is 0:0\d long; pick a moment within it\.$/);
    expect(core.recordings.addMarker({ recordingId: take.id, offsetMs: ready.durationMs!, note: 'the end', tag: null }).offsetMs).toBe(ready.durationMs);
  });
});

describe('the media route', () => {
  it('serves a ready recording by id with Range support, and refuses anything else', async () => {
    const { core, session } = setup();
    const imported = await core.recordings.importFile({ sessionId: session.id, file: makeMedia('m4a', 2) });
    const size = imported.sizeBytes;
    const full = await serveMedia(core.recordings, 'recording', imported.id, {}, true);
    expect(full.status).toBe(200);
    expect(full.headers).toMatchObject({ 'content-type': 'audio/mp4', 'accept-ranges': 'bytes', 'content-length': String(size) });
    expect(full.body).toBeNull();
    const part = await serveMedia(core.recordings, 'recording', imported.id, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${size}`);
    const bytes: Buffer[] = [];
    for await (const chunk of part.body as fs.ReadStream) bytes.push(chunk as Buffer);
    const file = core.recordings.mediaFile(imported.id, 'recording')!.file;
    expect(Buffer.concat(bytes)).toEqual(fs.readFileSync(file).subarray(10, 20));
    const suffix = await serveMedia(core.recordings, 'recording', imported.id, { range: 'bytes=-5' }, true);
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 5}-${size - 1}/${size}`);
    expect((await serveMedia(core.recordings, 'recording', imported.id, { range: `bytes=${size}-` })).status).toBe(416);
    expect((await serveMedia(core.recordings, 'recording', '01a21be3-5e19-7df5-b9fd-06bc55ce994e')).status).toBe(404);
    expect((await serveMedia(core.recordings, 'recording', '../../reprise.sqlite', undefined)).status).toBe(404);
    expect((await serveMedia(core.recordings, 'secrets', imported.id, undefined)).status).toBe(404);
    // A stored name that tries to leave the media folder is refused even if the row says so.
    fs.writeFileSync(path.join(core.dataDir, 'outside.txt'), 'secret');
    core.db.prepare('UPDATE recordings SET file_name = ? WHERE id = ?').run('../../../outside.txt', imported.id);
    expect((await serveMedia(core.recordings, 'recording', imported.id, undefined)).status).toBe(403);
  });
});

describe('a recorder that goes quiet', () => {
  it('leaves a take to the next start when its database was closed under it, instead of writing to a closed database', async () => {
    const dataDir = tempDir();
    const first = createCore({ dataDir, recordings: { idleStopMs: 200 } });
    const a = first.people.create({ name: 'A', email: 'a@example.com' });
    const session = first.sessions.create({ focusAreaId: 'demo', participants: [{ repId: a.id, role: 'seller' }] });
    const take = first.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents: [{ repId: a.id }], confirmedBy: 'A', channelMap: null });
    chunksOf(makeMedia('webm-audio', 2), 2).forEach((chunk, seq) => first.recordings.append({ id: take.id, seq, data: chunk.toString('base64') }));
    first.db.close();
    // Several rounds of the silent-take watch pass over the closed database (an error there fails the run).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const second = createCore({ dataDir });
    try {
      expect(await second.recordings.recover()).toMatchObject([{ id: take.id, status: 'ready', recovered: true }]);
    } finally {
      second.close();
    }
  });

  it('has its take stopped and finalized as recovered, unless it keeps itself alive while paused', async () => {
    const dataDir = tempDir();
    // Long enough that a busy machine's late timers never look like a silent recorder.
    const core = createCore({ dataDir, recordings: { idleStopMs: 3_000 } });
    try {
      const a = core.people.create({ name: 'A', email: 'a@example.com' });
      const session = core.sessions.create({ focusAreaId: 'demo', participants: [{ repId: a.id, role: 'seller' }] });
      const start = () =>
        core.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents: [{ repId: a.id }], confirmedBy: 'A', channelMap: null });
      const chunks = chunksOf(makeMedia('webm-audio', 2), 2);
      const quiet = start();
      const paused = start();
      chunks.forEach((chunk, seq) => {
        core.recordings.append({ id: quiet.id, seq, data: chunk.toString('base64') });
        core.recordings.append({ id: paused.id, seq, data: chunk.toString('base64') });
      });
      const deadline = Date.now() + 6_500;
      while (Date.now() < deadline) {
        expect(core.recordings.keepAlive(paused.id)).toEqual({ active: true });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(core.recordings.keepAlive(quiet.id)).toEqual({ active: false });
      const recovered = await core.recordings.whenFinalized(quiet.id);
      expect(recovered).toMatchObject({ status: 'ready', recovered: true });
      expect(recovered.error).toMatch(/stopped sending/);
      expect(core.recordings.get(paused.id).status).toBe('recording');
    } finally {
      core.close();
    }
  });
});

describe('a take recorded for a scheduled session', () => {
  it('marks the session done once a real role-play (a minute or more) is ready; a short check does not', async () => {
    const core = testCore('2026-11-23T08:00:00Z');
    const reps = ['a', 'b'].map((n) => core.people.create({ name: n.toUpperCase(), email: `${n}@example.com` }).id);
    const program = core.programs.programs.create({
      name: 'Weekly',
      weekday: 'wed',
      time: '15:00',
      durationMinutes: 45,
      timeZone: 'Europe/Helsinki',
      startDate: '2026-11-23',
      repIds: reps,
      focusAreaIds: ['discovery'],
      strategy: 'mixed',
    });
    const [session] = core.programs.schedule.generate(program.id, 1).sessions;
    // Wednesday 25 November, 15:10 in Helsinki: the session has started.
    core.setNow('2026-11-25T13:10:00Z');
    const record = async (seconds: number) => {
      const take = core.recordings.start({
        sessionId: session!.id,
        mode: 'microphone',
        mimeType: 'audio/webm',
        consents: reps.map((repId) => ({ repId })),
        confirmedBy: 'A',
        channelMap: null,
      });
      chunksOf(makeMedia('webm-audio', seconds), 3).forEach((c, seq) => core.recordings.append({ id: take.id, seq, data: c.toString('base64') }));
      await core.recordings.stop(take.id);
      return core.recordings.whenFinalized(take.id);
    };
    expect((await record(3)).status).toBe('ready');
    expect(core.sessions.get(session!.id).status).toBe('scheduled');
    expect((await record(61)).status).toBe('ready');
    expect(core.sessions.get(session!.id).status).toBe('done');
  });

  it('shows a session held on the schedule once an imported or uploaded take of a minute is there, though nobody marked it', async () => {
    // An import (and a take a hub adopts from a desktop) does not mark the session: the schedule reads what happened.
    const core = testCore('2026-11-23T08:00:00Z');
    try {
      const reps = ['a', 'b'].map((n) => core.people.create({ name: n.toUpperCase(), email: `${n}@example.com` }).id);
      const program = core.programs.programs.create({
        name: 'Weekly', weekday: 'wed', time: '15:00', durationMinutes: 45, timeZone: 'Europe/Helsinki', startDate: '2026-11-23', repIds: reps, focusAreaIds: ['discovery'], strategy: 'mixed',
      });
      const [session] = core.programs.schedule.generate(program.id, 1).sessions;
      core.setNow('2026-11-25T13:10:00Z');
      const week = { from: '2026-11-23T00:00:00Z', to: '2026-11-30T00:00:00Z' };
      await core.recordings.importFile({ sessionId: session!.id, file: makeMedia('m4a', 3) });
      expect(core.programs.schedule.list({ ...week, repId: reps[0] })[0]!.status).toBe('scheduled');
      expect(core.programs.schedule.summary({ ...week, limit: 8 })).toMatchObject({ held: 0, planned: 1 });
      await core.recordings.importFile({ sessionId: session!.id, file: makeMedia('m4a', 61) });
      // Nobody marked it: the stored mark is still "scheduled", and every read says what happened.
      expect(core.db.prepare('SELECT status FROM sessions WHERE id = ?').pluck().get(session!.id)).toBe('scheduled');
      expect(core.sessions.get(session!.id).status).toBe('done');
      expect(core.programs.schedule.list({ ...week, repId: reps[0] })[0]!.status).toBe('done');
      expect(core.programs.schedule.get(session!.id).status).toBe('done');
      expect(core.programs.schedule.summary({ ...week, limit: 8 })).toMatchObject({ held: 1, planned: 0, missed: 0 });
      // Marking it done still writes the mark, and it cannot be cancelled: it happened.
      core.programs.schedule.setStatus(session!.id, 'done');
      expect(core.sessions.get(session!.id).status).toBe('done');
      expect(() => core.programs.schedule.cancel(session!.id, 'no room')).toThrow(/already marked done/);
    } finally {
      core.close();
    }
  });
});
