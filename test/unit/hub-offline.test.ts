import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import { migrations } from '../../src/core/db/migrations';
import { KeptTakes, keptTakesFolder } from '../../src/core/hub/kept-takes';
import { migrate } from '../../src/core/db/open-database';
import { runCli } from '../../src/host/cli';
import { startHost, type Host } from '../../src/host/server';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';
import { addDays, localDate, mondayOf, pageInputs, toWritePageSize } from '../../src/shared/page-inputs';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { recordTake } from '../support/hub-team';
import { takeNumbers } from '../../src/renderer/src/features/library/format';

const open: { hosts: Host[]; cores: Core[] } = { hosts: [], cores: [] };
afterEach(async () => {
  for (const host of open.hosts.splice(0)) await host.close();
  for (const core of open.cores.splice(0)) core.close();
});

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, {});
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A channel called the way a page calls it on the desktop (parsed by the contract); a refusal throws its code. */
async function call<C extends Channel>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(core.handlers, channel, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value as ChannelOutput<C>;
}

/**
 * A team hub on its own data folder (so it can be backed up, stopped and restored), with Aino
 * (rep, sells in the session), Cole (coach, buys in it) and a clock the test moves.
 */
async function team() {
  const hubDir = tempDir();
  let now = new Date('2026-11-27T09:00:00Z');
  const clock = () => new Date(now);
  const tick = () => (now = new Date(now.getTime() + 60_000));
  let hub = createCore({ dataDir: hubDir, clock });
  const aino = hub.people.create({ name: 'Aino', email: 'aino@example.com' });
  const cole = hub.people.create({ name: 'Cole', email: 'cole@example.com', coach: true });
  const session = hub.sessions.create({
    focusAreaId: 'discovery',
    title: 'Aino practises discovery',
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: cole.id, role: 'buyer' },
    ],
  });
  let host = await startHost({ core: hub, rendererDir: tempDir(), hub: { secure: false, trustProxy: false } });
  const port = host.port;
  const desktop = async (repId: string) => {
    const dir = tempDir();
    const connected = await cli(['--data-dir', dir, 'connect', host.url, '--code', hub.accounts.createInvite(repId, null, 24, null).code, '--device', 'Laptop']);
    expect(connected.code, connected.stderr).toBe(0);
    const core = createCore({ dataDir: dir });
    open.cores.push(core);
    return { dir, core };
  };
  const stop = async () => {
    await host.close();
    hub.close();
  };
  const start = async () => {
    hub = createCore({ dataDir: hubDir, clock });
    host = await startHost({ core: hub, rendererDir: tempDir(), port, hub: { secure: false, trustProxy: false } });
  };
  afterEachTeam.push(async () => {
    await host.close().catch(() => undefined);
    hub.close();
  });
  return { hubDir, hub: () => hub, aino, cole, session, desktop, stop, start, tick };
}
const afterEachTeam: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of afterEachTeam.splice(0)) await close();
});

/** A take imported on a desktop and sent to the hub. */
async function sentTake(dir: string, sessionId: string): Promise<string> {
  const imported = await cli(['--data-dir', dir, 'recordings', 'import', makeMedia('webm-audio', 2), '--session', sessionId, '--json']);
  expect(imported.code, imported.stderr).toBe(0);
  return (JSON.parse(imported.stdout) as { id: string }).id;
}

describe('a connected desktop while the hub is away', () => {
  it('writes, submits and revises a scorecard, comments and replies, marks and clips offline; each waits, shows as waiting, and goes up once', async () => {
    const t = await team();
    const { core, dir } = await t.desktop(t.aino.id);
    const recordingId = await sentTake(dir, t.session.id);
    expect((await call(core, 'sync:run', {})).uploaded).toBe(1);
    await call(t.hub(), 'comments:add', { recordingId, atMs: 500, body: 'Good opening question', author: 'cole@example.com', mentions: [] });

    // Online, the pages are opened once: what they fetched is what is shown later.
    const owed = await call(core, 'scorecards:to-write', { reviewerId: t.aino.id });
    expect(owed.map((i) => [i.session.id, i.scorecardId])).toEqual([[t.session.id, null]]);
    await call(core, 'scorecards:list', { reviewerId: t.aino.id, status: ['submitted'] });
    await call(core, 'recordings:get', { id: recordingId });
    await call(core, 'sessions:get', { id: t.session.id });
    expect((await call(core, 'comments:list', { recordingId })).map((c) => c.body)).toEqual(['Good opening question']);
    await call(core, 'clips:list', { recordingId, limit: 200 });

    await t.stop();

    // "Write" starts a scorecard here, with an id the hub will keep.
    const card = await call(core, 'scorecards:start', { sessionId: t.session.id, reviewerId: t.aino.id });
    expect(card).toMatchObject({ status: 'draft', sessionId: t.session.id, reviewer: { id: t.aino.id }, reviewee: { id: t.aino.id }, role: 'self' });
    expect(card.template.criteria.length).toBeGreaterThan(0);
    expect((await call(core, 'scorecards:to-write', { reviewerId: t.aino.id }))[0]).toMatchObject({ scorecardId: card.id, status: 'draft' });
    const saved = await call(core, 'scorecards:save-draft', { id: card.id, sections: { [card.template.sections[0]!.key]: 'Ask about budget earlier' } });
    expect(saved).toMatchObject({ id: card.id, status: 'draft' });
    const scores = card.template.criteria.map((c) => ({ criterionId: c.id, score: 4 }));
    const sections = Object.fromEntries(card.template.sections.map((s) => [s.key, 'Ask about budget earlier']));
    // A card the hub would refuse is refused here and now, in the hub's own words: nothing waits in the outbox to fail later.
    const required = card.template.sections.find((s) => s.required)!;
    await expect(call(core, 'scorecards:submit', { id: card.id, scores, sections: { ...sections, [required.key]: ' ' } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining(`Still required: ${required.title}`),
    });
    expect((await call(core, 'sync:outbox', {})).map((w) => w.channel)).not.toContain('scorecards:submit');
    const submitted = await call(core, 'scorecards:submit', { id: card.id, scores, sections });
    expect(submitted).toMatchObject({ status: 'submitted', revision: 1 });
    // To write no longer offers the card just submitted; it is among the written ones.
    expect(await call(core, 'scorecards:to-write', { reviewerId: t.aino.id })).toEqual([]);
    expect((await call(core, 'scorecards:list', { reviewerId: t.aino.id, status: ['submitted'] })).map((c) => c.id)).toEqual([card.id]);
    const revising = await call(core, 'scorecards:revise', { id: card.id });
    expect(revising.status).toBe('revising');
    // To write offers the revision open here to come back to, as the hub offers one opened online.
    const owedNow = async () => (await call(core, 'scorecards:to-write', { reviewerId: t.aino.id })).map((i) => [i.session.id, i.scorecardId, i.status]);
    expect(await owedNow()).toEqual([[t.session.id, card.id, 'revising']]);
    await call(core, 'scorecards:submit', { id: card.id, scores: scores.map((s) => ({ ...s, score: 5 })), sections, reason: 'Watched it again' });
    expect(await owedNow()).toEqual([]);

    // A comment and a reply to the hub's comment, a marker and a clip: all shown at once.
    const threads = await call(core, 'comments:list', { recordingId });
    const mine = await call(core, 'comments:add', { recordingId, atMs: 1000, body: 'I rushed here', mentions: [] });
    const reply = await call(core, 'comments:add', { recordingId, parentId: threads[0]!.id, body: 'Thanks!', mentions: [] });
    const replyToMine = await call(core, 'comments:add', { recordingId, parentId: mine.id, body: 'Slow down next time', mentions: [] });
    const shown = await call(core, 'comments:list', { recordingId });
    expect(shown.map((th) => [th.body, th.replies.map((r) => r.body)])).toEqual([
      ['Good opening question', ['Thanks!']],
      ['I rushed here', ['Slow down next time']],
    ]);
    await call(core, 'markers:add', { recordingId, offsetMs: 700, note: 'Budget', tag: null });
    expect((await call(core, 'recordings:get', { id: recordingId })).markers.map((m) => m.note)).toEqual(['Budget']);
    const clip = await call(core, 'clips:create', { recordingId, startMs: 200, endMs: 1200, title: 'The opening', criteria: [] });
    expect((await call(core, 'clips:list', { recordingId, limit: 200 })).rows.map((c) => c.id)).toEqual([clip.id]);

    // Each waits in the outbox, named by what it is about.
    const waiting = await call(core, 'sync:outbox', {});
    expect(waiting.every((w) => w.state === 'pending')).toBe(true);
    expect(new Set(waiting.map((w) => w.subjectId))).toEqual(new Set([card.id, mine.id, reply.id, replyToMine.id, clip.id, expect.any(String)]));
    expect(await call(core, 'sync:run', {})).toMatchObject({ state: 'offline', sent: 0 });

    await t.start();
    const report = await call(core, 'sync:run', {});
    expect(report).toMatchObject({ state: 'online', refused: 0, sent: waiting.length });
    const hub = t.hub();
    expect((await call(hub, 'scorecards:get', { id: card.id }))).toMatchObject({ status: 'submitted', revision: 2 });
    expect((await call(hub, 'scorecards:get', { id: card.id })).revisions.map((r) => r.reason)).toEqual(['', 'Watched it again']);
    expect((await call(hub, 'comments:list', { recordingId })).map((th) => [th.body, th.replies.map((r) => r.body)])).toEqual([
      ['Good opening question', ['Thanks!']],
      ['I rushed here', ['Slow down next time']],
    ]);
    expect(hub.clips.get(clip.id)).toMatchObject({ title: 'The opening', createdBy: t.aino.id });
    expect(hub.db.prepare('SELECT note FROM markers WHERE recording_id = ?').pluck().all(recordingId)).toEqual(['Budget']);
    // Once: a second sync sends nothing again.
    expect(await call(core, 'sync:run', {})).toMatchObject({ sent: 0, refused: 0 });
    expect(hub.db.prepare('SELECT count(*) FROM comments').pluck().get()).toBe(4);
    expect(await call(core, 'sync:outbox', {})).toEqual([]);
  });

  it("opens the rep's own take on the computer that recorded it, uploaded or not, and its comments wait with it", async () => {
    const t = await team();
    const { core, dir } = await t.desktop(t.aino.id);
    const recordingId = await sentTake(dir, t.session.id);
    // Not uploaded yet: the take, its (empty) comments and clips are this computer's to show.
    expect((await call(core, 'recordings:get', { id: recordingId })).id).toBe(recordingId);
    expect(await call(core, 'comments:list', { recordingId })).toEqual([]);
    expect(await call(core, 'clips:list', { recordingId, limit: 200 })).toEqual({ total: 0, rows: [] });
    const early = await call(core, 'comments:add', { recordingId, atMs: 100, body: 'Note to self', mentions: [] });
    expect((await call(core, 'comments:list', { recordingId })).map((c) => c.id)).toEqual([early.id]);
    await call(core, 'sessions:get', { id: t.session.id });
    const clip = await call(core, 'clips:create', { recordingId, startMs: 0, endMs: 1000, title: 'First second', criteria: [] });
    expect((await call(core, 'clips:list', { recordingId, limit: 200 })).rows.map((c) => c.id)).toEqual([clip.id]);
    // Uploaded, then the hub goes away: still opens here.
    await expect.poll(async () => (await call(core, 'sync:outbox', {})).length, { timeout: 20_000 }).toBe(0);
    expect((await call(t.hub(), 'comments:list', { recordingId })).map((c) => c.body)).toEqual(['Note to self']);
    expect(t.hub().clips.get(clip.id).title).toBe('First second');
    await t.stop();
    expect((await call(core, 'recordings:get', { id: recordingId })).id).toBe(recordingId);
    // A take never fetched from the hub is not claimed empty: it says it cannot be loaded.
    await expect(call(core, 'clips:list', { recordingId: '00000000-0000-7000-8000-000000000000', limit: 200 })).rejects.toMatchObject({ code: 'hub_unreachable' });
  });
});

describe('a take only on this computer', () => {
  it("is its session's take on Today and in the week, though the hub does not have it", async () => {
    const t = await team();
    const hub = t.hub();
    const program = hub.programs.programs.create({
      name: 'Nordics weekly', weekday: 'mon', time: '15:00', durationMinutes: 45, timeZone: 'Europe/Helsinki', startDate: '2026-11-30', repIds: [t.aino.id, t.cole.id], coachIds: [],
    });
    hub.programs.schedule.generate(program.id, 2);
    const { core } = await t.desktop(t.aino.id);
    const me = t.aino.id;
    const next = await call(core, 'schedule:next', pageInputs.next(me));
    expect(next).toMatchObject({ recordingId: null });
    // Nobody agreed to share it: it stays here, and Today must not offer to record the role-play again.
    const take = await recordTake(core, next!.id, [t.aino.id, t.cole.id].map((repId) => ({ repId, share: false })));
    expect((await call(core, 'sync:uploads', {})).map((u) => u.state)).toEqual(['kept-local']);
    expect(await call(core, 'schedule:next', pageInputs.next(me))).toMatchObject({ id: next!.id, recordingId: take });
    const week = await call(core, 'schedule:list', pageInputs.week(me, '2026-11-30'));
    expect(week.map((s) => [s.id, s.recordingId])).toEqual([[next!.id, take]]);
    expect(hub.recordings.list({})).toEqual([]);
  });
});

describe("a take's number among its session's takes on a connected desktop", () => {
  it('is not guessed from takes recorded here while the hub never listed the session, and is the team\'s once it did', async () => {
    const t = await team();
    // Cole's take of the role-play is already on the hub: the team's first.
    const cole = await t.desktop(t.cole.id);
    const colesTake = await sentTake(cole.dir, t.session.id);
    expect((await call(cole.core, 'sync:run', {})).uploaded).toBe(1);
    // Aino's laptop has the session (Record reads it) but never listed its takes; the hub goes away and she records twice.
    const { core } = await t.desktop(t.aino.id);
    await call(core, 'sessions:get', { id: t.session.id });
    await t.stop();
    const share = [t.aino.id, t.cole.id].map((repId) => ({ repId, share: true }));
    const first = await recordTake(core, t.session.id, share);
    const second = await recordTake(core, t.session.id, share);
    const offline = await call(core, 'recordings:list', pageInputs.takes(t.session.id));
    expect(offline.map((r) => r.id).sort()).toEqual([first, second].sort());
    // Only what this computer knows: "Take 1" and "Take 2" would be wrong for the team (Cole's is the first).
    expect(offline.every((r) => r.teamTakesUnknown === true)).toBe(true);
    expect(takeNumbers(offline).size).toBe(0);

    // Once the hub has them, its list numbers them after Cole's.
    await t.start();
    expect(await call(core, 'sync:run', {})).toMatchObject({ state: 'online', uploaded: 2 });
    const online = await call(core, 'recordings:list', pageInputs.takes(t.session.id));
    expect(online.some((r) => r.teamTakesUnknown)).toBe(false);
    const numbers = takeNumbers(online);
    expect([colesTake, first, second].map((id) => numbers.get(id))).toEqual([1, 2, 3]);

    // Offline again, the list the hub gave is kept: a new take here is numbered after what it told of.
    await t.stop();
    const third = await recordTake(core, t.session.id, share);
    const known = await call(core, 'recordings:list', pageInputs.takes(t.session.id));
    expect(known.some((r) => r.teamTakesUnknown)).toBe(false);
    expect(takeNumbers(known).get(third)).toBe(4);
  });
});

describe('what a connected desktop keeps for working offline', () => {
  it("scores the partner's take offline though no page was opened online, and the card arrives on the hub once", async () => {
    const t = await team();
    // Cole, Aino's partner in the role-play, sends the take from his laptop.
    const cole = await t.desktop(t.cole.id);
    const recordingId = await sentTake(cole.dir, t.session.id);
    expect((await call(cole.core, 'sync:run', {})).uploaded).toBe(1);
    // Aino's laptop joins and syncs; she opens no page while the hub answers.
    const { core } = await t.desktop(t.aino.id);
    expect(await call(core, 'sync:run', {})).toMatchObject({ state: 'online' });
    await t.stop();

    // Offline, Today's reads and To write's, with the very inputs the pages send, answer from what was kept.
    const me = t.aino.id;
    const weekStart = mondayOf(localDate(new Date()));
    expect((await call(core, 'scorecards:to-write', pageInputs.toWrite(me))).map((i) => i.session.id)).toEqual([t.session.id]);
    expect((await call(core, 'scorecards:to-write', pageInputs.toWrite(me, { limit: toWritePageSize }))).map((i) => i.session.id)).toEqual([t.session.id]);
    expect(await call(core, 'scorecards:list', pageInputs.written(me))).toEqual([]);
    expect(Array.isArray(await call(core, 'schedule:list', pageInputs.week(me, weekStart)))).toBe(true);
    expect(Array.isArray(await call(core, 'schedule:list', pageInputs.week(me, addDays(weekStart, 7))))).toBe(true);
    await call(core, 'schedule:next', pageInputs.next(me));
    expect((await call(core, 'people:page', pageInputs.roster())).items).toHaveLength(1);
    expect((await call(core, 'people:get', { id: me })).name).toBe('Aino');
    await call(core, 'sessions:list', pageInputs.unconfirmed(me));
    await call(core, 'certifications:reminders', pageInputs.certificationReminders(me));
    await call(core, 'reinforcement:due', {});
    expect(await call(core, 'access:me', {})).toMatchObject({ repId: me });
    // The take she owes a scorecard for, and its comments to use as evidence.
    expect((await call(core, 'recordings:list', pageInputs.takes(t.session.id))).map((r) => r.id)).toEqual([recordingId]);
    expect((await call(core, 'recordings:get', { id: recordingId })).id).toBe(recordingId);
    expect(await call(core, 'comments:list', { recordingId })).toEqual([]);
    // A session whose takes were never fetched is "not loaded", not "no takes" (the scorecard page says so).
    await expect(call(core, 'recordings:list', pageInputs.takes('00000000-0000-7000-8000-000000000000'))).rejects.toMatchObject({ code: 'hub_unreachable' });
    // The same input written in another key order finds the same answer.
    expect(await call(core, 'scorecards:list', { status: ['submitted'], reviewerId: me })).toEqual([]);

    // Today's "Scorecard": the card opens on the partner's take, is filled and submitted, and waits.
    const card = await call(core, 'scorecards:start', { sessionId: t.session.id, reviewerId: me });
    expect(card).toMatchObject({ status: 'draft', sessionId: t.session.id, recordingId, reviewee: { id: me } });
    const sections = Object.fromEntries(card.template.sections.map((s) => [s.key, 'Ask about budget earlier']));
    await call(core, 'scorecards:save-draft', { id: card.id, sections });
    const scores = card.template.criteria.map((c) => ({ criterionId: c.id, score: 3 }));
    expect(await call(core, 'scorecards:submit', { id: card.id, scores, sections })).toMatchObject({ status: 'submitted' });
    expect((await call(core, 'sync:outbox', {})).map((w) => w.channel)).toEqual(['scorecards:start', 'scorecards:save-draft', 'scorecards:submit']);

    await t.start();
    expect(await call(core, 'sync:run', {})).toMatchObject({ state: 'online', sent: 3, refused: 0 });
    const onHub = await call(t.hub(), 'scorecards:list', { sessionId: t.session.id });
    expect(onHub.map((c) => [c.id, c.status, c.reviewer.id])).toEqual([[card.id, 'submitted', me]]);
    expect((await call(t.hub(), 'scorecards:get', { id: card.id })).recordingId).toBe(recordingId);
    expect(await call(core, 'sync:run', {})).toMatchObject({ sent: 0, refused: 0 });
    expect(t.hub().db.prepare('SELECT count(*) FROM scorecards').pluck().get()).toBe(1);
  });

  it('reads again only when the hub tells of a change: a take uploaded by the partner is kept without a page asking', async () => {
    const t = await team();
    const { core } = await t.desktop(t.aino.id);
    core.link!.start(24 * 3_600_000);
    await vi.waitFor(() => expect(core.link!.streamLive).toBe(true), { timeout: 20_000, interval: 50 });
    await core.link!.syncOnce();
    const kept = (channel: string, input: unknown) =>
      core.db.prepare('SELECT value, fetched_at AS fetchedAt FROM hub_cache WHERE key = ?').get(`${channel} ${JSON.stringify(input)}`) as { value: string; fetchedAt: string } | undefined;
    const takes = pageInputs.takes(t.session.id);
    const before = kept('recordings:list', takes);
    expect(before && JSON.parse(before.value)).toEqual([]);
    // Nothing changed: a second sync reads nothing again.
    await core.link!.syncOnce();
    expect(kept('recordings:list', takes)).toEqual(before);

    const cole = await t.desktop(t.cole.id);
    const recordingId = await sentTake(cole.dir, t.session.id);
    expect((await call(cole.core, 'sync:run', {})).uploaded).toBe(1);
    // The hub's event reaches Aino's desktop, which keeps the new take for her scorecard.
    await vi.waitFor(() => expect(kept('recordings:get', { id: recordingId })).toBeDefined(), { timeout: 20_000, interval: 50 });
    expect(JSON.parse(kept('recordings:list', takes)!.value).map((r: { id: string }) => r.id)).toEqual([recordingId]);
  });
});

describe('takes kept for scoring offline', () => {
  it("plays the partner's take while the hub is away, from a copy checked against the hub, and lets the copy go once it is scored or the computer leaves", async () => {
    const t = await team();
    const cole = await t.desktop(t.cole.id);
    const recordingId = await sentTake(cole.dir, t.session.id);
    expect((await call(cole.core, 'sync:run', {})).uploaded).toBe(1);
    const onHub = t.hub().recordings.mediaFile(recordingId, 'recording');
    const original = fs.readFileSync(onHub!.file);

    // Aino's app runs (it keeps takes in the background; a one-off sync does not download them).
    const { dir, core } = await t.desktop(t.aino.id);
    core.link!.start(24 * 3_600_000);
    await vi.waitFor(() => expect(core.link!.streamLive).toBe(true), { timeout: 20_000, interval: 50 });
    await core.link!.syncOnce();
    await core.link!.takesKept();
    const copy = path.join(keptTakesFolder(dir), recordingId);
    expect(fs.readFileSync(copy)).toEqual(original);
    // Cole owes a card on it too, but his computer recorded it: it plays from his own file, with no second copy.
    cole.core.link!.start(24 * 3_600_000);
    await cole.core.link!.syncOnce();
    await cole.core.link!.takesKept();
    expect(fs.existsSync(path.join(keptTakesFolder(cole.dir), recordingId))).toBe(false);
    cole.core.link!.stop();

    await t.stop();
    const header = (headers: Record<string, string>) => (name: string) => headers[name];
    const whole = await core.link!.fetchMedia('recording', recordingId, header({}), false);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe(onHub!.mimeType);
    expect(Buffer.from(await whole.arrayBuffer())).toEqual(original);
    const part = await core.link!.fetchMedia('recording', recordingId, header({ range: 'bytes=10-19' }), false);
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(original.subarray(10, 20));
    // A take it was never given to keep still says the hub is needed.
    expect((await core.link!.fetchMedia('recording', '00000000-0000-7000-8000-000000000000', header({}), false)).status).toBe(503);

    // Back online, Aino scores the take: nothing is owed on it, so its copy goes at the next round.
    await t.start();
    await vi.waitFor(() => expect(core.link!.streamLive).toBe(true), { timeout: 20_000, interval: 50 });
    const card = await call(core, 'scorecards:start', { sessionId: t.session.id, reviewerId: t.aino.id });
    const sections = Object.fromEntries(card.template.sections.map((s) => [s.key, 'Ask about budget earlier']));
    await call(core, 'scorecards:submit', { id: card.id, scores: card.template.criteria.map((c) => ({ criterionId: c.id, score: 4 })), sections });
    await vi.waitFor(
      async () => {
        await core.link!.syncOnce();
        await core.link!.takesKept();
        expect(fs.existsSync(copy)).toBe(false);
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it('keeps no copy that differs from the hub, keeps within its budget, and forgets every copy when the computer leaves the hub', async () => {
    const t = await team();
    const cole = await t.desktop(t.cole.id);
    const recordingId = await sentTake(cole.dir, t.session.id);
    expect((await call(cole.core, 'sync:run', {})).uploaded).toBe(1);
    const detail = await call(t.hub(), 'recordings:get', { id: recordingId });
    const take = { id: recordingId, sizeBytes: detail.sizeBytes, sha256: detail.sha256, mimeType: detail.mimeType };
    const bytes = fs.readFileSync(t.hub().recordings.mediaFile(recordingId, 'recording')!.file);
    const folder = keptTakesFolder(tempDir());
    const answer = (body: Buffer) => async () => new Response(body, { status: 200 });

    // A copy whose bytes differ from what the hub sealed is thrown away, not kept.
    const damaged = Buffer.from(bytes);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 0xff, damaged.length - 1);
    expect(await new KeptTakes(folder, 1 << 30).keep([take], answer(damaged))).toEqual({ kept: [], over: [] });
    expect(new KeptTakes(folder, 1 << 30).find(recordingId)).toBeNull();
    // Over the budget: not downloaded at all.
    let asked = 0;
    const counted = async () => {
      asked += 1;
      return new Response(bytes, { status: 200 });
    };
    expect(await new KeptTakes(folder, take.sizeBytes - 1).keep([take], counted)).toEqual({ kept: [], over: [recordingId] });
    expect(asked).toBe(0);
    expect(await new KeptTakes(folder, take.sizeBytes).keep([take], counted)).toEqual({ kept: [recordingId], over: [] });
    expect(new KeptTakes(folder, take.sizeBytes).find(recordingId)).toMatchObject({ mimeType: detail.mimeType });

    // Leaving the hub takes the copies with it.
    const { dir, core } = await t.desktop(t.aino.id);
    core.link!.start(24 * 3_600_000);
    await vi.waitFor(() => expect(core.link!.streamLive).toBe(true), { timeout: 20_000, interval: 50 });
    await core.link!.syncOnce();
    await core.link!.takesKept();
    expect(fs.existsSync(path.join(keptTakesFolder(dir), recordingId))).toBe(true);
    core.link!.stop();
    const left = await cli(['--data-dir', dir, 'disconnect']);
    expect(left.code, left.stderr).toBe(0);
    expect(fs.existsSync(keptTakesFolder(dir))).toBe(false);
  });
});

describe('two desktops editing one draft offline', () => {
  it('refuses the older edit with the hub’s newer one, shows both, and keeps mine, theirs or a merge as chosen', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const b = await t.desktop(t.aino.id);
    const card = await call(a.core, 'scorecards:start', { sessionId: t.session.id, reviewerId: t.aino.id });
    const key = card.template.sections[0]!.key;
    await call(a.core, 'scorecards:get', { id: card.id });
    await call(b.core, 'scorecards:get', { id: card.id });
    await t.stop();
    await call(a.core, 'scorecards:save-draft', { id: card.id, sections: { [key]: 'From the laptop' } });
    await call(a.core, 'scorecards:save-draft', { id: card.id, sections: { [key]: 'From the laptop, edited' } });
    await call(b.core, 'scorecards:save-draft', { id: card.id, sections: { [key]: 'From the desktop' } });
    await t.start();
    t.tick();
    expect(await call(a.core, 'sync:run', {})).toMatchObject({ sent: 2, refused: 0 });
    expect((await call(t.hub(), 'scorecards:get', { id: card.id })).sections[key]).toBe('From the laptop, edited');
    t.tick();

    // B's edit was made on the revision before A's: refused, not written over A's, and kept with theirs.
    expect(await call(b.core, 'sync:run', {})).toMatchObject({ sent: 0, refused: 1 });
    expect((await call(t.hub(), 'scorecards:get', { id: card.id })).sections[key]).toBe('From the laptop, edited');
    const [conflict] = await call(b.core, 'sync:outbox', {});
    expect(conflict).toMatchObject({ state: 'refused', subjectId: card.id, input: { sections: { [key]: 'From the desktop' } }, theirs: { sections: { [key]: 'From the laptop, edited' } } });
    // Until B chooses, B's later edits of the same card wait behind it.
    await call(b.core, 'scorecards:save-draft', { id: card.id, sections: { [key]: 'From the desktop, later' } });
    expect(await call(b.core, 'sync:run', {})).toMatchObject({ sent: 0 });

    // A merge of both texts goes up in place of B's edit, then B's later edit on top of it.
    await call(b.core, 'sync:resolve', { id: conflict!.id, keep: 'merged', merged: { sections: { [key]: 'From the laptop, edited. From the desktop' } } });
    await call(b.core, 'sync:run', {});
    expect(await call(b.core, 'sync:outbox', {})).toEqual([]);
    expect((await call(t.hub(), 'scorecards:get', { id: card.id })).sections[key]).toBe('From the desktop, later');

    // Keep theirs drops mine (both had the card open on its newest revision).
    await call(a.core, 'scorecards:get', { id: card.id });
    await t.stop();
    await call(a.core, 'scorecards:save-draft', { id: card.id, sections: { [key]: 'A again' } });
    await call(b.core, 'scorecards:save-draft', { id: card.id, sections: { [key]: 'B again' } });
    await t.start();
    t.tick();
    await call(a.core, 'sync:run', {});
    t.tick();
    await call(b.core, 'sync:run', {});
    const [second] = await call(b.core, 'sync:outbox', {});
    await call(b.core, 'sync:resolve', { id: second!.id, keep: 'theirs' });
    expect(await call(b.core, 'sync:outbox', {})).toEqual([]);
    expect((await call(t.hub(), 'scorecards:get', { id: card.id })).sections[key]).toBe('A again');
    expect((await call(b.core, 'scorecards:get', { id: card.id })).sections[key]).toBe('A again');
  });
});

describe('two desktops editing one comment or clip offline', () => {
  it('keeps the second comment edit beside the hub’s, even when both saves share a millisecond, and ends the same on every side for theirs or mine', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const b = await t.desktop(t.aino.id);
    const recordingId = await sentTake(a.dir, t.session.id);
    expect((await call(a.core, 'sync:run', {})).uploaded).toBe(1);
    const comment = await call(a.core, 'comments:add', { recordingId, atMs: 500, body: 'Ask about budget', mentions: [] });
    await call(a.core, 'comments:list', { recordingId });
    await call(b.core, 'comments:list', { recordingId });
    const bodyOnHub = async () => (await call(t.hub(), 'comments:list', { recordingId }))[0]!.body;

    // The hub's clock does not move: A's save lands in the same millisecond the comment was made.
    await t.stop();
    expect(await call(a.core, 'comments:update', { id: comment.id, body: 'Ask about budget first' })).toMatchObject({ body: 'Ask about budget first' });
    await call(b.core, 'comments:update', { id: comment.id, body: 'Ask about budget and timing' });
    expect((await call(b.core, 'comments:list', { recordingId }))[0]!.body).toBe('Ask about budget and timing');
    await t.start();
    expect(await call(a.core, 'sync:run', {})).toMatchObject({ sent: 1, refused: 0 });
    expect(await bodyOnHub()).toBe('Ask about budget first');

    // B's edit was made on the revision before A's: refused, kept with the hub's version.
    expect(await call(b.core, 'sync:run', {})).toMatchObject({ sent: 0, refused: 1 });
    expect(await bodyOnHub()).toBe('Ask about budget first');
    const [conflict] = await call(b.core, 'sync:outbox', {});
    expect(conflict).toMatchObject({ state: 'refused', channel: 'comments:update', subjectId: comment.id, input: { body: 'Ask about budget and timing' }, theirs: { id: comment.id, body: 'Ask about budget first' } });

    // Keep theirs: B's edit is dropped, and B shows the hub's text.
    await call(b.core, 'sync:resolve', { id: conflict!.id, keep: 'theirs' });
    expect(await call(b.core, 'sync:outbox', {})).toEqual([]);
    expect(await bodyOnHub()).toBe('Ask about budget first');
    expect((await call(b.core, 'comments:list', { recordingId }))[0]!.body).toBe('Ask about budget first');

    // Again, and keep mine: B's text goes up on the hub's revision, and A reads it.
    await t.stop();
    await call(a.core, 'comments:update', { id: comment.id, body: 'A again' });
    await call(b.core, 'comments:update', { id: comment.id, body: 'B again' });
    await t.start();
    t.tick();
    expect(await call(a.core, 'sync:run', {})).toMatchObject({ sent: 1 });
    expect(await call(b.core, 'sync:run', {})).toMatchObject({ refused: 1 });
    const [second] = await call(b.core, 'sync:outbox', {});
    expect(second).toMatchObject({ input: { body: 'B again' }, theirs: { body: 'A again' } });
    await call(b.core, 'sync:resolve', { id: second!.id, keep: 'mine' });
    await call(b.core, 'sync:run', {});
    expect(await call(b.core, 'sync:outbox', {})).toEqual([]);
    expect(await bodyOnHub()).toBe('B again');
    expect((await call(a.core, 'comments:list', { recordingId }))[0]!.body).toBe('B again');
    expect((await call(b.core, 'comments:list', { recordingId }))[0]!.body).toBe('B again');
  });

  it('refuses a clip edit made on an older revision with the current one, and sends a merged title in place of mine', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const b = await t.desktop(t.aino.id);
    const recordingId = await sentTake(a.dir, t.session.id);
    expect((await call(a.core, 'sync:run', {})).uploaded).toBe(1);
    const clip = await call(a.core, 'clips:create', { recordingId, startMs: 0, endMs: 1000, title: 'The opening', criteria: [] });

    // On the hub itself: an edit naming an older revision is refused with the current one.
    const moved = await call(t.hub(), 'clips:update', { id: clip.id, patch: { title: 'The opening line' }, baseRevision: clip.updatedAt });
    expect(moved.updatedAt > clip.updatedAt).toBe(true);
    const stale = await dispatch(t.hub().handlers, 'clips:update', { id: clip.id, patch: { title: 'Lost' }, baseRevision: clip.updatedAt });
    expect(stale).toMatchObject({ ok: false, error: { code: 'stale_revision', issues: [{ path: 'baseRevision', message: moved.updatedAt }] } });
    expect(t.hub().clips.get(clip.id).title).toBe('The opening line');

    await call(a.core, 'clips:list', { recordingId, limit: 200 });
    await call(b.core, 'clips:list', { recordingId, limit: 200 });
    await t.stop();
    await call(a.core, 'clips:update', { id: clip.id, patch: { title: 'Opening, from A' } });
    expect((await call(b.core, 'clips:update', { id: clip.id, patch: { title: 'Opening, from B' } })).title).toBe('Opening, from B');
    await t.start();
    expect(await call(a.core, 'sync:run', {})).toMatchObject({ sent: 1, refused: 0 });
    expect(await call(b.core, 'sync:run', {})).toMatchObject({ sent: 0, refused: 1 });
    const [conflict] = await call(b.core, 'sync:outbox', {});
    expect(conflict).toMatchObject({ channel: 'clips:update', input: { patch: { title: 'Opening, from B' } }, theirs: { id: clip.id, title: 'Opening, from A' } });
    expect(t.hub().clips.get(clip.id).title).toBe('Opening, from A');

    await call(b.core, 'sync:resolve', { id: conflict!.id, keep: 'merged', merged: { patch: { title: 'Opening, from A and B' } } });
    await call(b.core, 'sync:run', {});
    expect(await call(b.core, 'sync:outbox', {})).toEqual([]);
    expect(t.hub().clips.get(clip.id).title).toBe('Opening, from A and B');
    expect((await call(a.core, 'clips:list', { recordingId, limit: 200 })).rows[0]!.title).toBe('Opening, from A and B');
  });
});

describe('two desktops editing one marker offline', () => {
  it('refuses the second note edit with the hub’s newer one, shows both, and sends a merge; a deletion on an older note is a conflict too', async () => {
    const t = await team();
    const a = await t.desktop(t.aino.id);
    const b = await t.desktop(t.aino.id);
    const recordingId = await sentTake(a.dir, t.session.id);
    expect((await call(a.core, 'sync:run', {})).uploaded).toBe(1);
    const marker = await call(a.core, 'markers:add', { recordingId, offsetMs: 700, note: 'Budget', tag: null });
    expect(marker.updatedAt).toBe(marker.createdAt);
    const noteOnHub = () => t.hub().db.prepare('SELECT note FROM markers WHERE id = ?').pluck().get(marker.id);

    // On the hub itself: an edit or a deletion naming an older revision is refused with the current one.
    const moved = await call(t.hub(), 'markers:update', { id: marker.id, note: 'Budget question', baseRevision: marker.updatedAt });
    expect(moved.updatedAt > marker.updatedAt).toBe(true);
    for (const stale of [
      await dispatch(t.hub().handlers, 'markers:update', { id: marker.id, note: 'Lost', baseRevision: marker.updatedAt }),
      await dispatch(t.hub().handlers, 'markers:delete', { id: marker.id, baseRevision: marker.updatedAt }),
    ]) {
      expect(stale).toMatchObject({ ok: false, error: { code: 'stale_revision', issues: [{ path: 'baseRevision', message: moved.updatedAt }] } });
    }
    expect(noteOnHub()).toBe('Budget question');

    // Both desktops have the take open; the hub goes away and each edits the note.
    await call(a.core, 'recordings:get', { id: recordingId });
    await call(b.core, 'recordings:get', { id: recordingId });
    await t.stop();
    expect(await call(a.core, 'markers:update', { id: marker.id, note: 'Budget: asked too late' })).toMatchObject({ note: 'Budget: asked too late' });
    await call(b.core, 'markers:update', { id: marker.id, note: 'Budget: ask who signs' });
    expect((await call(b.core, 'recordings:get', { id: recordingId })).markers.map((m) => m.note)).toEqual(['Budget: ask who signs']);
    expect((await call(b.core, 'sync:outbox', {}))[0]).toMatchObject({ channel: 'markers:update', state: 'pending', subjectId: marker.id });
    await t.start();
    expect(await call(a.core, 'sync:run', {})).toMatchObject({ sent: 1, refused: 0 });
    expect(noteOnHub()).toBe('Budget: asked too late');

    // B sends second: refused, not written over A's, and kept beside the hub's version.
    expect(await call(b.core, 'sync:run', {})).toMatchObject({ sent: 0, refused: 1 });
    expect(noteOnHub()).toBe('Budget: asked too late');
    const [conflict] = await call(b.core, 'sync:outbox', {});
    expect(conflict).toMatchObject({ state: 'refused', channel: 'markers:update', subjectId: marker.id, input: { note: 'Budget: ask who signs' }, theirs: { id: marker.id, note: 'Budget: asked too late' } });
    const status = JSON.parse((await cli(['--data-dir', b.dir, 'sync', 'status', '--json'])).stdout) as { conflicts: { id: string }[] };
    expect(status.conflicts.map((c) => c.id)).toEqual([conflict!.id]);

    // Merged through the same choice as any other conflict: both texts are kept, on every side.
    await call(b.core, 'sync:resolve', { id: conflict!.id, keep: 'merged', merged: { note: 'Budget: asked too late. Ask who signs' } });
    await call(b.core, 'sync:run', {});
    expect(await call(b.core, 'sync:outbox', {})).toEqual([]);
    expect(noteOnHub()).toBe('Budget: asked too late. Ask who signs');
    expect((await call(a.core, 'recordings:get', { id: recordingId })).markers.map((m) => m.note)).toEqual(['Budget: asked too late. Ask who signs']);

    // B deletes it offline while A edits it: the deletion was made on the older note, so B chooses; keep theirs brings it back.
    await call(b.core, 'recordings:get', { id: recordingId });
    await t.stop();
    await call(a.core, 'markers:update', { id: marker.id, note: 'Keep this one' });
    await call(b.core, 'markers:delete', { id: marker.id });
    expect((await call(b.core, 'recordings:get', { id: recordingId })).markers).toEqual([]);
    await t.start();
    t.tick();
    expect(await call(a.core, 'sync:run', {})).toMatchObject({ sent: 1 });
    expect(await call(b.core, 'sync:run', {})).toMatchObject({ refused: 1 });
    const [deletion] = await call(b.core, 'sync:outbox', {});
    expect(deletion).toMatchObject({ channel: 'markers:delete', theirs: { note: 'Keep this one' } });
    expect(noteOnHub()).toBe('Keep this one');
    const chosen = await cli(['--data-dir', b.dir, 'sync', 'resolve', deletion!.id, '--keep', 'theirs']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(await call(b.core, 'sync:outbox', {})).toEqual([]);
    expect(noteOnHub()).toBe('Keep this one');
    // Read from what B kept, with the hub away: the marker is back with A's note.
    await t.stop();
    expect((await call(b.core, 'recordings:get', { id: recordingId })).markers.map((m) => m.note)).toEqual(['Keep this one']);
  });
});

describe('a hub restored from an older backup', () => {
  it('gets the newer take back from the desktop that sent it after one sync; verify lists the media without a row until then', async () => {
    const t = await team();
    const { core, dir } = await t.desktop(t.aino.id);
    // A coaching note is about someone one coaches or manages: Aino manages Cole.
    t.hub().people.update(t.cole.id, { managerId: t.aino.id });
    const later = t.hub().sessions.create({ focusAreaId: 'discovery', title: 'Aino practises again', participants: [{ repId: t.aino.id, role: 'seller' }] });
    const older = await sentTake(dir, t.session.id);
    expect((await call(core, 'sync:run', {})).uploaded).toBe(1);
    const backedUp = await cli(['--data-dir', t.hubDir, 'db', 'backup', '--json']);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const backup = (JSON.parse(backedUp.stdout) as { file: string }).file;

    // A newer take and a note written offline go up after the backup.
    const newer = await sentTake(dir, later.id);
    await t.stop();
    await expect(
      call(core, 'coaching-notes:save', { fields: { coachId: t.aino.id, repId: t.cole.id, weekOf: '2026-11-23', sessionId: null, goalsReviewed: '', practised: 'Open questions', actions: [], followUpOn: null } }),
    ).rejects.toMatchObject({ code: 'queued_offline' });
    await t.start();
    expect(await call(core, 'sync:run', {})).toMatchObject({ uploaded: 1, sent: 1 });
    expect(t.hub().recordings.list({}).map((r) => r.id).sort()).toEqual([older, newer].sort());

    await t.stop();
    const restored = await cli(['--data-dir', t.hubDir, 'db', 'restore', backup, '--yes']);
    expect(restored.code, restored.stderr).toBe(0);
    const verify = await cli(['--data-dir', t.hubDir, 'recordings', 'verify', '--json']);
    expect(JSON.parse(verify.stdout)).toMatchObject({ mediaWithoutRecording: [newer] });
    expect(verify.code).toBe(1);
    await t.start();
    expect(t.hub().recordings.list({}).map((r) => r.id)).toEqual([older]);

    const report = await call(core, 'sync:run', {});
    expect(report).toMatchObject({ state: 'online', uploaded: 1, refused: 0 });
    expect(t.hub().recordings.list({}).map((r) => r.id).sort()).toEqual([older, newer].sort());
    expect(t.hub().recordings.get(newer).status).toBe('ready');
    expect(t.hub().db.prepare('SELECT practised FROM coaching_notes').pluck().all()).toEqual(['Open questions']);
    // Healed: a second sync has nothing more to send.
    expect(await call(core, 'sync:run', {})).toMatchObject({ uploaded: 0, sent: 0 });
  });

  it('gets back a scorecard submitted online after the backup, exactly once, and leaves alone what the backup has', async () => {
    const t = await team();
    const { core, dir } = await t.desktop(t.aino.id);
    const recordingId = await sentTake(dir, t.session.id);
    expect((await call(core, 'sync:run', {})).uploaded).toBe(1);
    // Written online before the backup: in it, and never sent twice.
    await call(core, 'comments:add', { recordingId, atMs: 500, body: 'Before the backup', mentions: [] });
    // A marker set offline gets its id from the hub when it goes up: the backup has it under that id.
    await call(core, 'recordings:get', { id: recordingId });
    await t.stop();
    await call(core, 'markers:add', { recordingId, offsetMs: 300, note: 'Offline, before the backup', tag: null });
    await t.start();
    expect(await call(core, 'sync:run', {})).toMatchObject({ sent: 1 });
    const backedUp = await cli(['--data-dir', t.hubDir, 'db', 'backup', '--json']);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const backup = (JSON.parse(backedUp.stdout) as { file: string }).file;

    // Online after the backup: started, saved and submitted, none of it through a wait here.
    t.tick();
    const card = await call(core, 'scorecards:start', { sessionId: t.session.id, reviewerId: t.aino.id });
    const scores = card.template.criteria.map((c) => ({ criterionId: c.id, score: 4 }));
    const sections = Object.fromEntries(card.template.sections.map((s) => [s.key, 'Ask about budget earlier']));
    await call(core, 'scorecards:save-draft', { id: card.id, scores });
    await call(core, 'scorecards:submit', { id: card.id, scores, sections });
    await call(core, 'markers:add', { recordingId, offsetMs: 900, note: 'Online, after the backup', tag: null });
    expect(await call(core, 'sync:outbox', {})).toEqual([]);

    await t.stop();
    const restored = await cli(['--data-dir', t.hubDir, 'db', 'restore', backup, '--yes']);
    expect(restored.code, restored.stderr).toBe(0);
    await t.start();
    await expect(call(t.hub(), 'scorecards:get', { id: card.id })).rejects.toMatchObject({ code: 'not_found' });

    // One sync after the restart: the first question to the restarted hub is asked again on a fresh connection.
    expect(await call(core, 'sync:run', {})).toMatchObject({ state: 'online', sent: 4, refused: 0 });
    const hub = t.hub();
    expect(await call(hub, 'scorecards:get', { id: card.id })).toMatchObject({ status: 'submitted', revision: 1, sections });
    expect(hub.db.prepare('SELECT count(*) FROM scorecards WHERE session_id = ? AND reviewer_id = ?').pluck().get(t.session.id, t.aino.id)).toBe(1);
    expect(hub.db.prepare('SELECT count(*) FROM scorecard_revisions WHERE scorecard_id = ?').pluck().get(card.id)).toBe(1);
    expect((await call(hub, 'comments:list', { recordingId })).map((c) => c.body)).toEqual(['Before the backup']);
    expect(hub.db.prepare('SELECT note FROM markers WHERE recording_id = ? ORDER BY offset_ms').pluck().all(recordingId)).toEqual(['Offline, before the backup', 'Online, after the backup']);
    // Healed: a second sync has nothing more to send.
    expect(await call(core, 'sync:run', {})).toMatchObject({ sent: 0, refused: 0 });
  });

  it('forgets a write the hub accepted once it is 60 days old', async () => {
    const t = await team();
    const { dir } = await t.desktop(t.aino.id);
    const at = (iso: string) => createCore({ dataDir: dir, clock: () => new Date(iso) });
    const monday = at('2026-11-27T10:00:00Z');
    open.cores.push(monday);
    await call(monday, 'scorecards:start', { sessionId: t.session.id, reviewerId: t.aino.id });
    const sent = () => monday.db.prepare(`SELECT count(*) FROM outbox WHERE state = 'sent'`).pluck().get();
    expect(sent()).toBe(1);
    monday.close();
    open.cores.splice(open.cores.indexOf(monday), 1);
    const later = at('2027-01-27T10:00:00Z');
    open.cores.push(later);
    await call(later, 'sync:run', {});
    expect(later.db.prepare(`SELECT count(*) FROM outbox WHERE state = 'sent'`).pluck().get()).toBe(0);
  });
});

describe('migration 24: offline outbox', () => {
  it('keeps what waited before it, with no subject or revision, and refuses a version of theirs that is not JSON', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.filter((m) => m.version <= 20));
    db.prepare(`INSERT INTO outbox (id, channel, input, created_at) VALUES ('o1', 'markers:add', '{"recordingId":"r"}', 'now')`).run();
    migrate(db, migrations);
    expect(db.prepare('SELECT id, state, subject_id, base_revision, theirs FROM outbox').all()).toEqual([
      { id: 'o1', state: 'pending', subject_id: null, base_revision: null, theirs: null },
    ]);
    expect(() => db.prepare(`UPDATE outbox SET theirs = 'not json' WHERE id = 'o1'`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO hub_state (key, value) VALUES ('generation', 'g1')`).run();
    expect(() => db.prepare(`INSERT INTO hub_state (key, value) VALUES ('generation', 'g2')`).run()).toThrow(/UNIQUE/);
    db.close();
  });
});
