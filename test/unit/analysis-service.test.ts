import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/core/db/open-database';
import { migrations } from '../../src/core/db/migrations';
import { analyzerVersion } from '../../src/core/analysis/analyze-media';
import type { RecordingAnalysis } from '../../src/shared/analysis';
import { dispatch } from '../../src/shared/dispatch';
import { buildTake, type Scene } from '../support/conversation';
import { analysisSettled } from '../support/analysis-settled';
import { testCore } from '../support/core';
import { chunksOf } from '../support/media';
import { tempDir } from '../support/temp-dir';

const scene: Scene = {
  seller: { name: 'en-us+m2', speed: 170, pitch: 45 },
  buyer: { name: 'en-gb+f4', speed: 165, pitch: 65 },
  leadMs: 1000,
  tailMs: 1000,
  lines: [
    { who: 'seller', text: 'What would change for your team if new hires ramped a month sooner?' },
    { who: 'buyer', text: 'We would hit the number in the first half for once.', after: 800 },
    { who: 'seller', text: 'How much is that worth to you?', after: 600 },
    { who: 'buyer', text: 'Honestly, more than the whole training budget.', after: 900 },
  ],
};

function setup() {
  const core = testCore();
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
  const ben = core.people.create({ name: 'Ben', email: 'ben@example.com' });
  const session = core.sessions.create({
    focusAreaId: 'discovery',
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: ben.id, role: 'buyer' },
    ],
  });
  /** A call-mode take recorded in the app: seller left, the far side right. */
  const recordCall = async () => {
    const take = buildTake(scene, { format: 'webm', seed: 11 }, tempDir());
    const started = core.recordings.start({
      sessionId: session.id,
      mode: 'call',
      mimeType: 'audio/webm;codecs=opus',
      consents: [{ repId: aino.id }, { repId: ben.id }],
      confirmedBy: 'Aino',
      channelMap: { left: { label: 'Aino', repId: aino.id }, right: { label: 'Ben', repId: ben.id } },
    });
    chunksOf(take.file, 3).forEach((chunk, seq) => core.recordings.append({ id: started.id, seq, data: chunk.toString('base64') }));
    const ready = await core.recordings.stop(started.id);
    return { recording: ready, truth: take.truth };
  };
  const settled = (id: string) => analysisSettled(core, id);
  return { core, session, recordCall, settled };
}

describe('analysis of every take', () => {
  it('analyses a call take in the background once it is ready, with progress, and stores it with the version', async () => {
    const { core, recordCall, settled } = setup();
    const { recording, truth } = await recordCall();
    const result = await settled(recording.id);
    expect(result.state).toBe('done');
    expect(result.analysis!.channels).toBe('stereo');
    expect(result.analysis!.analyzerVersion).toBe(analyzerVersion);
    expect(Math.abs(result.analysis!.speakers!.seller.talkRatio - truth.speakers!.seller.talkRatio)).toBeLessThan(0.02);
    expect(result.analysis!.speakerSwitches).toBe(truth.speakerSwitches);
    const states = core.emitted.filter((e) => e.name === 'analysis:changed').map((e) => (e.payload as { state: string }).state);
    expect(states[0]).toBe('pending');
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('done');
    const viaContract = await dispatch(core.handlers, 'recordings:analysis', { id: recording.id });
    expect(viaContract).toMatchObject({ ok: true, value: { state: 'done', team: null } });
  });

  it('hears two speakers in a stereo take of another mode whose channel map names a voice on each side', async () => {
    const { core, session, settled } = setup();
    const take = buildTake(scene, { format: 'webm', seed: 12 }, tempDir());
    const record = async (file: string) => {
      const started = core.recordings.start({
        sessionId: session.id,
        mode: 'microphone',
        mimeType: 'audio/webm;codecs=opus',
        consents: session.participants.map((p) => ({ repId: p.repId })),
        confirmedBy: 'Aino',
        channelMap: { left: { label: 'Aino', repId: session.participants[0]!.repId }, right: { label: 'Ben', repId: session.participants[1]!.repId } },
      });
      chunksOf(file, 3).forEach((chunk, seq) => core.recordings.append({ id: started.id, seq, data: chunk.toString('base64') }));
      await core.recordings.stop(started.id);
      await core.recordings.whenFinalized(started.id);
      return settled(started.id);
    };
    const apart = await record(take.file);
    expect(apart.analysis).toMatchObject({ channels: 'stereo', speakerSwitches: take.truth.speakerSwitches });
    expect(Math.abs(apart.analysis!.speakers!.seller.talkRatio - take.truth.speakers!.seller.talkRatio)).toBeLessThan(0.02);
    // Both voices mixed and copied to both channels: one track, however the channels are labelled,
    // whose two voices are told apart as estimates.
    const mixed = path.join(tempDir(), 'mixed.webm');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', take.file, '-af', 'pan=stereo|c0=0.5*c0+0.5*c1|c1=0.5*c0+0.5*c1', '-c:a', 'libopus', mixed]);
    const copied = await record(mixed);
    expect(copied.analysis).toMatchObject({ channels: 'mono', identicalChannels: true, diarization: { first: 'seller' } });
    expect(copied.analysis!.speakers).not.toBeNull();
    expect(copied.team).toBeNull();
  });

  it('runs again when the stored analysis is from an older analyser', async () => {
    const { core, recordCall, settled } = setup();
    const { recording } = await recordCall();
    await settled(recording.id);
    core.db.prepare('UPDATE recording_analyses SET analyzer_version = 0').run();
    expect(core.analysis.get(recording.id)).toMatchObject({ state: 'pending', analysis: null });
    core.analysis.catchUp();
    const again = await settled(recording.id);
    expect(again.state).toBe('done');
    expect(core.db.prepare('SELECT analyzer_version AS v FROM recording_analyses').get()).toEqual({ v: analyzerVersion });
  });

  it('shows a failure with its reason instead of staying silent', async () => {
    const { core, recordCall, settled } = setup();
    const { recording } = await recordCall();
    await settled(recording.id);
    const media = core.recordings.mediaFile(recording.id, 'recording')!;
    fs.rmSync(media.file);
    const run = await dispatch(core.handlers, 'analysis:run', { id: recording.id, force: true });
    expect(run).toMatchObject({ ok: true, value: { state: 'pending' } });
    const failed = await settled(recording.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/missing/i);
  });

  it('gives the team median of the other analysed call takes once there are three', async () => {
    const { core, recordCall, settled } = setup();
    const takes = [];
    for (let i = 0; i < 4; i++) takes.push((await recordCall()).recording);
    for (const t of takes) await settled(t.id);
    const result = core.analysis.get(takes[0]!.id);
    expect(result.team).toMatchObject({ takes: 3 });
    expect(result.team!.sellerTalkRatio).toBeCloseTo(result.analysis!.speakers!.seller.talkRatio, 1);
  });
});

describe('confirming who is who on one track of two voices', () => {
  it('swaps the numbers when the voice heard first is the buyer, keeps the choice for later runs, and is only for those in the session', async () => {
    const { core, session, recordCall, settled } = setup();
    const [aino, ben] = session.participants.map((p) => p.repId) as [string, string];
    const otto = core.people.create({ name: 'Otto', email: 'otto@example.com' });
    // The role-play recorded on one microphone in the room: one track holding both voices.
    const take = buildTake(scene, { format: 'webm', seed: 13 }, tempDir());
    const mono = path.join(tempDir(), 'room.webm');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', take.file, '-ac', '1', '-c:a', 'libopus', mono]);
    const started = core.recordings.start({
      sessionId: session.id,
      mode: 'microphone',
      mimeType: 'audio/webm;codecs=opus',
      consents: [{ repId: aino }, { repId: ben }],
      confirmedBy: 'Aino',
      channelMap: null,
    });
    chunksOf(mono, 3).forEach((chunk, seq) => core.recordings.append({ id: started.id, seq, data: chunk.toString('base64') }));
    await core.recordings.stop(started.id);
    await core.recordings.whenFinalized(started.id);
    const guessed = (await settled(started.id)).analysis!;
    expect(guessed.diarization).toMatchObject({ first: 'seller' });
    expect(guessed.diarization!.confirmed).toBeUndefined();

    const as = (repId: string | null, input: unknown) =>
      dispatch(core.handlers, 'analysis:confirm-voices', input, { caller: repId ? core.access.callerFor(repId) : { kind: 'stranger' }, guard: core.guard });
    expect(await as(null, { id: started.id, first: 'buyer' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await as(otto.id, { id: started.id, first: 'buyer' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(core.analysis.get(started.id).analysis).toEqual(guessed);

    const swapped = await as(ben, { id: started.id, first: 'buyer' });
    expect(swapped.ok).toBe(true);
    const after = (swapped.ok ? swapped.value : null) as RecordingAnalysis;
    const a = after.analysis!;
    expect(a.diarization).toEqual({ ...guessed.diarization, first: 'buyer', confirmed: true });
    expect(a.channels).toBe('mono');
    expect(a.speakers!.seller.talkMs).toBe(guessed.speakers!.buyer.talkMs);
    expect(a.speakers!.buyer.longestMonologueMs).toBe(guessed.speakers!.seller.longestMonologueMs);
    expect(a.speakers!.seller.talkRatio).toBeCloseTo(guessed.speakers!.buyer.talkRatio, 6);
    expect(a.speakerSwitches).toBe(guessed.speakerSwitches);
    expect(a.segments.map((x) => x.speaker)).toEqual(guessed.segments.map((x) => (x.speaker === 'seller' ? 'buyer' : 'seller')));
    expect(core.db.prepare('SELECT voices_first AS first, voices_confirmed_by AS by FROM recording_analyses WHERE recording_id = ?').get(started.id)).toEqual({
      first: 'buyer',
      by: ben,
    });

    // A later run of the analyser keeps the roles as confirmed instead of guessing again.
    core.analysis.schedule(started.id, true);
    const rerun = (await settled(started.id)).analysis!;
    expect(rerun.diarization).toMatchObject({ first: 'buyer', confirmed: true });
    expect(rerun.speakers!.seller.talkMs).toBe(a.speakers!.seller.talkMs);

    // Confirming the guess as it was keeps the numbers and marks them confirmed.
    const kept = await as(aino, { id: started.id, first: 'seller' });
    expect(kept.ok && (kept.value as RecordingAnalysis).analysis!.speakers!.seller.talkMs).toBe(guessed.speakers!.seller.talkMs);

    // A call take has a channel per voice: nothing to confirm.
    const { recording } = await recordCall();
    await settled(recording.id);
    expect(await dispatch(core.handlers, 'analysis:confirm-voices', { id: recording.id, first: 'buyer' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('a rep\'s trend', () => {
  it('lists the seller\'s analysed call takes oldest first, and nothing for the buyer', async () => {
    const { core, recordCall, settled } = setup();
    const first = (await recordCall()).recording;
    core.setNow('2026-12-04T09:00:00Z');
    const second = (await recordCall()).recording;
    await settled(first.id);
    await settled(second.id);
    const aino = core.people.list().find((p) => p.name === 'Aino')!;
    const ben = core.people.list().find((p) => p.name === 'Ben')!;
    const trend = core.analysis.trend(aino.id);
    expect(trend.map((p) => p.recordingId)).toEqual([first.id, second.id]);
    expect(trend[0]!.talkRatio).toBeCloseTo(core.analysis.get(first.id).analysis!.speakers!.seller.talkRatio);
    expect(core.analysis.trend(ben.id)).toEqual([]);
  });
});

describe('migration 11: analysis', () => {
  it('keeps one analysis per recording, refuses a done row without a result and goes with its recording', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 11));
    const now = '2026-11-30T10:00:00Z';
    db.prepare("INSERT INTO sessions (id, focus_area_id, title, status, created_at, updated_at) VALUES ('s', 'discovery', 'S', 'scheduled', 'now', 'now')").run();
    db.prepare(
      "INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's', 'call', 'ready', 'audio/webm', 'now')",
    ).run();
    const insert = db.prepare('INSERT INTO recording_analyses (recording_id, analyzer_version, state, result, updated_at) VALUES (?, 1, ?, ?, ?)');
    expect(() => insert.run('r', 'done', null, now)).toThrow(/CHECK/);
    expect(() => insert.run('r', 'finished', '{}', now)).toThrow(/CHECK/);
    insert.run('r', 'done', '{"durationMs":1}', now);
    db.prepare("DELETE FROM recordings WHERE id = 'r'").run();
    expect(db.prepare('SELECT count(*) AS n FROM recording_analyses').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('migration 37: confirmed voices', () => {
  it('keeps which role the voice heard first has, and nothing else', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 37));
    db.prepare("INSERT INTO sessions (id, focus_area_id, title, status, created_at, updated_at) VALUES ('s', 'discovery', 'S', 'scheduled', 'now', 'now')").run();
    db.prepare("INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('r', 's', 'microphone', 'ready', 'audio/webm', 'now')").run();
    db.prepare("INSERT INTO recording_analyses (recording_id, analyzer_version, state, result, updated_at) VALUES ('r', 3, 'done', '{}', 'now')").run();
    const set = db.prepare("UPDATE recording_analyses SET voices_first = ? WHERE recording_id = 'r'");
    expect(() => set.run('observer')).toThrow(/CHECK/);
    set.run('buyer');
    expect(db.prepare('SELECT voices_first AS f, voices_confirmed_by AS b FROM recording_analyses').get()).toEqual({ f: 'buyer', b: null });
    db.close();
  });
});
