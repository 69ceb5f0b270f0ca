import { describe, expect, it } from 'vitest';
import type { Comment, CommentThread } from '../../src/shared/comments';
import { dispatch } from '../../src/shared/dispatch';
import { call, fail, team } from './scorecards-support';

type Team = ReturnType<typeof team>;

function take(t: Team, sessionId: string): string {
  t.core.db
    .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at, duration_ms) VALUES ('rec', ?, 'microphone', 'ready', 'audio/webm', '2026-11-26T13:00:00Z', 600000)`)
    .run(sessionId);
  return 'rec';
}

describe('comments', () => {
  it('keeps threads in the order of their moments, replies in one level, and resolves and reopens a thread', async () => {
    const t = team();
    const rec = take(t, t.session().id);
    const later = await call(t.core, 'comments:add', { recordingId: rec, atMs: 90_000, toMs: 120_000, body: 'Hyvä yhteenveto', author: 'ben@example.com' });
    const first = await call(t.core, 'comments:add', { recordingId: rec, atMs: 12_000, body: 'Kysy budjetista tässä', author: 'chloe@example.com', mentions: [t.aino.id] });
    const reply = await call(t.core, 'comments:add', { recordingId: rec, parentId: first.id, body: 'Samaa mieltä', author: 'aino@example.com' });
    const replyToReply = await call(t.core, 'comments:add', { recordingId: rec, parentId: reply.id, body: 'Kiitos' });
    expect(reply).toMatchObject({ parentId: first.id, atMs: 12_000, authorName: 'Aino' });
    expect(replyToReply).toMatchObject({ parentId: first.id, authorId: null });

    let threads = await call(t.core, 'comments:list', { recordingId: rec });
    expect(threads.map((c) => [c.body, c.atMs, c.toMs])).toEqual([
      ['Kysy budjetista tässä', 12_000, null],
      ['Hyvä yhteenveto', 90_000, 120_000],
    ]);
    expect(threads[0]!.replies.map((r) => r.body)).toEqual(['Samaa mieltä', 'Kiitos']);
    expect(threads[0]!.mentions).toEqual([{ repId: t.aino.id, name: 'Aino' }]);

    await call(t.core, 'comments:resolve', { id: later.id, resolved: true });
    expect((await call(t.core, 'comments:list', { recordingId: rec }))[1]!.resolvedAt).toBe('2026-11-27T09:00:00.000Z');
    await call(t.core, 'comments:resolve', { id: later.id, resolved: false });
    expect((await fail(t.core, 'comments:resolve', { id: reply.id, resolved: true })).message).toMatch(/Resolve the thread/);

    await call(t.core, 'comments:update', { id: first.id, body: 'Kysy budjetista jo tässä' });
    await call(t.core, 'comments:delete', { id: first.id });
    threads = await call(t.core, 'comments:list', { recordingId: rec });
    expect(threads.map((c) => c.body)).toEqual(['Hyvä yhteenveto']);
  });

  it('refuses what cannot be meant: no moment, a moment past the end, a range backwards, a mention of someone not there', async () => {
    const t = team();
    const rec = take(t, t.session().id);
    expect((await fail(t.core, 'comments:add', { recordingId: rec, body: 'Missä?' })).issues?.[0]).toMatchObject({ path: 'atMs' });
    expect((await fail(t.core, 'comments:add', { recordingId: rec, atMs: 700_000, body: 'Liian myöhään' })).message).toMatch(/10:00 long/);
    expect((await fail(t.core, 'comments:add', { recordingId: rec, atMs: 5000, toMs: 4000, body: 'Takaperin' })).issues?.[0]).toMatchObject({ path: 'toMs' });
    expect((await fail(t.core, 'comments:add', { recordingId: rec, atMs: 1, body: '   ' })).issues?.[0]?.message).toBe('Write the comment first');
    const stranger = await fail(t.core, 'comments:add', { recordingId: rec, atMs: 1, body: 'Katso @Pia', mentions: [t.pia.id] });
    expect(stranger).toMatchObject({ code: 'invalid_input', issues: [{ path: 'mentions.0' }] });
  });

  it('lets whoever may see the session read and write them, the author alone edit or delete, and writes as the person signed in', async () => {
    const t = team();
    const rec = take(t, t.session().id);
    const as = (repId: string) => ({ caller: t.core.access.callerFor(repId), guard: t.core.guard });
    const byBen = await dispatch(t.core.handlers, 'comments:add', { recordingId: rec, atMs: 1000, body: 'Hyvä avaus' }, as(t.ben.id));
    expect(byBen).toMatchObject({ ok: true, value: { authorId: t.ben.id } });
    const id = (byBen as { value: Comment }).value.id;
    // The reviewee and her manager read it; someone outside the session does not.
    expect(await dispatch(t.core.handlers, 'comments:list', { recordingId: rec }, as(t.aino.id))).toMatchObject({ ok: true, value: [{ id }] });
    expect(await dispatch(t.core.handlers, 'comments:list', { recordingId: rec }, as(t.maija.id))).toMatchObject({ ok: true });
    expect(await dispatch(t.core.handlers, 'comments:list', { recordingId: rec }, as(t.pia.id))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Only Ben edits or deletes his; Aino may resolve the thread.
    expect(await dispatch(t.core.handlers, 'comments:update', { id, body: 'Muutettu' }, as(t.aino.id))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(t.core.handlers, 'comments:delete', { id }, as(t.aino.id))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(t.core.handlers, 'comments:resolve', { id, resolved: true }, as(t.aino.id))).toMatchObject({ ok: true, value: { resolvedBy: t.aino.id } });
    expect(await dispatch(t.core.handlers, 'comments:update', { id, body: 'Hyvä avaus!' }, as(t.ben.id))).toMatchObject({ ok: true, value: { body: 'Hyvä avaus!' } });
    // Nobody writes in another's name.
    const impostor = await dispatch(t.core.handlers, 'comments:add', { recordingId: rec, atMs: 1, body: 'x', author: 'ben@example.com' }, as(t.aino.id));
    expect(impostor).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(t.core.handlers, 'comments:delete', { id }, as(t.ben.id))).toMatchObject({ ok: true });
  });

  it('puts comment words in the Library search, with their moment, and takes them out when deleted', async () => {
    const t = team();
    const s = t.session();
    const rec = take(t, s.id);
    const c = await call(t.core, 'comments:add', { recordingId: rec, atMs: 83_500, body: 'Tässä kohtaa käyttöönoton riskit jäivät auki' });
    const reply = await call(t.core, 'comments:add', { recordingId: rec, parentId: c.id, body: 'Förslag: fråga om tidplanen' });
    expect((await call(t.core, 'library:search', { query: 'kayttoonoton riskit' })).rows).toMatchObject([{ sessionId: s.id, hitKind: 'comment', atMs: 83_500, comments: 2 }]);
    expect((await call(t.core, 'library:search', { query: 'forslag' })).rows).toMatchObject([{ atMs: 83_500, hitKind: 'comment' }]);
    await call(t.core, 'comments:update', { id: reply.id, body: 'Ehdotus: kysy aikataulusta' });
    expect((await call(t.core, 'library:search', { query: 'forslag' })).rows).toEqual([]);
    await call(t.core, 'comments:delete', { id: c.id });
    expect((await call(t.core, 'library:search', { query: 'riskit' })).rows).toEqual([]);
    expect((await call(t.core, 'library:search', { query: 'aikataulusta' })).rows).toEqual([]);
    const list: CommentThread[] = await call(t.core, 'comments:list', { recordingId: rec });
    expect(list).toEqual([]);
  });
});
