import fs from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createCore } from '../../src/core/core';
import { probe, resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { tempDir } from '../support/temp-dir';
import { serveClip } from '../../src/core/recordings/media-route';
import { makeMedia } from '../support/media';
import { call, fail, team } from './scorecards-support';

type Team = ReturnType<typeof team>;

function take(t: Team, sessionId: string, id = 'rec'): string {
  t.core.db
    .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at, duration_ms) VALUES (?, ?, 'microphone', 'ready', 'audio/webm', '2026-11-26T13:00:00Z', 600000)`)
    .run(id, sessionId);
  return id;
}

async function bytesOf(body: unknown): Promise<number> {
  let n = 0;
  for await (const chunk of body as Readable) n += (chunk as Buffer).length;
  return n;
}

describe('clips', () => {
  it('keeps a take’s clips by their moment and each focus area’s Great moments newest first, filtered by criterion', async () => {
    const t = team();
    const rec = take(t, t.session('discovery').id);
    const demoRec = take(t, t.session('demo').id, 'rec2');
    const late = await call(t.core, 'clips:create', { recordingId: rec, startMs: 300_000, endMs: 330_000, title: 'Quantifies the pain', criteria: ['quantifying'] });
    t.core.setNow('2026-11-27T10:00:00Z');
    const early = await call(t.core, 'clips:create', { recordingId: rec, startMs: 12_000, endMs: 40_000, title: 'Open question', criteria: ['open-questions', 'open-questions'] });
    t.core.setNow('2026-11-27T11:00:00Z');
    await call(t.core, 'clips:create', { recordingId: demoRec, startMs: 0, endMs: 5_000, title: 'Demo opener' });
    expect(early).toMatchObject({ focusAreaId: 'discovery', focusAreaName: 'Discovery', criteria: ['open-questions'], createdBy: null, wholeTake: true });

    expect((await call(t.core, 'clips:list', { recordingId: rec })).rows.map((c) => c.title)).toEqual(['Open question', 'Quantifies the pain']);
    const discovery = await call(t.core, 'clips:list', { focusAreaId: 'discovery' });
    expect(discovery).toMatchObject({ total: 2 });
    expect(discovery.rows.map((c) => c.id)).toEqual([early.id, late.id]);
    expect((await call(t.core, 'clips:list', { focusAreaId: 'discovery', criterion: 'quantifying' })).rows.map((c) => c.id)).toEqual([late.id]);
    const page = await call(t.core, 'clips:list', { limit: 1, offset: 1 });
    expect(page.total).toBe(3);
    expect(page.rows.map((c) => c.id)).toEqual([early.id]);
  });

  it('puts clip titles into the Library’s search, the hit opening the take at the clip', async () => {
    const t = team();
    const rec = take(t, t.session('discovery').id);
    const clip = await call(t.core, 'clips:create', { recordingId: rec, startMs: 83_500, endMs: 95_000, title: 'Käyttöönoton budjetti' });
    expect((await call(t.core, 'library:search', { query: 'kayttoonoton' })).rows).toMatchObject([{ recordingId: rec, atMs: 83_500, hitKind: 'clip' }]);
    await call(t.core, 'clips:update', { id: clip.id, patch: { title: 'Hinnoittelu', startMs: 80_000 } });
    expect((await call(t.core, 'library:search', { query: 'kayttoonoton' })).rows).toEqual([]);
    expect((await call(t.core, 'library:search', { query: 'hinnoittelu' })).rows).toMatchObject([{ atMs: 80_000, hitKind: 'clip' }]);
    await call(t.core, 'clips:delete', { id: clip.id });
    expect((await call(t.core, 'library:search', { query: 'hinnoittelu' })).rows).toEqual([]);
  });

  it('refuses a range outside the take, criteria not in the focus area’s rubric and an empty title, in words that say what to fix', async () => {
    const t = team();
    const rec = take(t, t.session('discovery').id);
    const beyond = await fail(t.core, 'clips:create', { recordingId: rec, startMs: 590_000, endMs: 601_000, title: 'Wrap-up' });
    expect(beyond).toMatchObject({ code: 'invalid_input', message: 'The recording is 10:00 long; end the clip within it.', issues: [{ path: 'endMs' }] });
    const backwards = await fail(t.core, 'clips:create', { recordingId: rec, startMs: 5_000, endMs: 5_000, title: 'Nothing' });
    expect(backwards.issues).toEqual([{ path: 'endMs', message: 'A clip ends after it starts' }]);
    const foreign = await fail(t.core, 'clips:create', { recordingId: rec, startMs: 0, endMs: 5_000, title: 'Demo', criteria: ['open-questions'], focusAreaId: 'demo' });
    expect(foreign).toMatchObject({ message: '“open-questions” is not a criterion of the Demo rubric; pick from its list.', issues: [{ path: 'criteria.0' }] });
    const untitled = await fail(t.core, 'clips:create', { recordingId: rec, startMs: 0, endMs: 5_000, title: '   ' });
    expect(untitled.issues).toEqual([{ path: 'title', message: 'Give the clip a title' }]);
    expect((await fail(t.core, 'clips:create', { recordingId: rec, startMs: 0, endMs: 5_000, title: 'x', focusAreaId: 'nope' })).issues).toEqual([
      { path: 'focusAreaId', message: 'That focus area does not exist; pick one from the list.' },
    ]);
    expect((await call(t.core, 'clips:list', {})).total).toBe(0);
  });

  it('edits and deletes a clip; moving it to another focus area drops criteria of the old rubric', async () => {
    const t = team();
    const rec = take(t, t.session('discovery').id);
    const clip = await call(t.core, 'clips:create', { recordingId: rec, startMs: 1_000, endMs: 9_000, title: 'Listening', criteria: ['listening'] });
    const moved = await call(t.core, 'clips:update', { id: clip.id, patch: { focusAreaId: 'demo', title: 'Listens well' } });
    expect(moved).toMatchObject({ focusAreaId: 'demo', criteria: [], title: 'Listens well', startMs: 1_000 });
    expect((await fail(t.core, 'clips:update', { id: clip.id, patch: { endMs: 500 } })).message).toBe('A clip ends after it starts');
    await call(t.core, 'clips:delete', { id: clip.id });
    expect((await fail(t.core, 'clips:delete', { id: clip.id })).message).toBe('That clip was deleted.');
    expect(t.core.emitted.filter((e) => e.name === 'clips:changed')).toHaveLength(3);
  });

  it('serves a clip’s own cut, just its range, with Range support, and cuts again once the range changes', async () => {
    const t = team();
    const recording = await t.core.recordings.importFile({ sessionId: t.session('discovery').id, file: makeMedia('webm-audio', 4) });
    const clip = await call(t.core, 'clips:create', { recordingId: recording.id, startMs: 1_000, endMs: 2_500, title: 'Kysymys: budjetti?' });
    const whole = await serveClip(t.core.clips, clip.id, undefined, false, true);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-disposition']).toContain("filename*=UTF-8''Kysymys%20budjetti.webm");
    const size = await bytesOf(whole.body);
    const cut = (await t.core.clips.cut(clip.id)).file;
    expect(Math.abs((await probe(resolveFfmpeg(), cut)).durationMs! - 1_500)).toBeLessThanOrEqual(60);
    expect(t.core.emitted.some((e) => e.name === 'clips:cut-progress')).toBe(true);
    const part = await serveClip(t.core.clips, clip.id, { range: 'bytes=0-99' });
    expect(part).toMatchObject({ status: 206, headers: { 'content-range': `bytes 0-99/${size}` } });
    await bytesOf(part.body);

    await call(t.core, 'clips:update', { id: clip.id, patch: { endMs: 3_500 } });
    expect(fs.existsSync(cut)).toBe(false);
    expect(Math.abs((await probe(resolveFfmpeg(), (await t.core.clips.cut(clip.id)).file)).durationMs! - 2_500)).toBeLessThanOrEqual(60);
    await call(t.core, 'clips:delete', { id: clip.id });
    expect(fs.readdirSync(t.core.clips.cutDir)).toEqual([]);
    expect((await serveClip(t.core.clips, clip.id, undefined)).status).toBe(404);
  });

  it('cancels a cut on request, and clears what a killed Reprise left half-cut', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'media', 'clips'), { recursive: true });
    const leftover = path.join(dataDir, 'media', 'clips', '01a22cac-0000-7000-8000-000000000000.webm.part.webm');
    fs.writeFileSync(leftover, 'half a clip');
    const core = createCore({ dataDir, backups: false });
    try {
      const session = core.sessions.create({ focusAreaId: 'discovery', participants: [] });
      const recording = await core.recordings.importFile({ sessionId: session.id, file: makeMedia('webm-audio', 3) });
      const clip = core.clips.create({ recordingId: recording.id, startMs: 0, endMs: 2_000, title: 'Opening', criteria: [] }, null);
      const cutting = core.clips.cut(clip.id);
      expect(core.clips.cancelCut(clip.id)).toEqual({ cancelled: true });
      await expect(cutting).rejects.toMatchObject({ code: 'cancelled' });
      expect(fs.readdirSync(core.clips.cutDir)).toEqual([]);
      expect(core.clips.cancelCut(clip.id)).toEqual({ cancelled: false });
      expect(fs.existsSync((await core.clips.cut(clip.id)).file)).toBe(true);
    } finally {
      core.close();
    }
  });
});
