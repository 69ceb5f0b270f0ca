import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { postStatements } from '../../src/core/xapi/lrs-client';
import { runCli } from '../../src/host/cli';
import { batchesOf, retryDelayMs } from '../../src/core/xapi/xapi-service';
import { registrationOf, statementId } from '../../src/core/xapi/statements';
import { validateStatement } from '../../src/core/xapi/validate';
import { startLrsStandIn, type LrsStandIn } from '../support/lrs-stand-in';
import { call, fail, team } from './scorecards-support';

const day = (n: number) => new Date(Date.parse('2027-01-04T10:00:00Z') + n * 86_400_000).toISOString();
type Team = ReturnType<typeof team>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A role-play on day `n` where Aino sells, scored by each reviewer with every criterion at `score`. */
async function roleplay(t: Team, n: number, reviews: { reviewerId: string; score: number }[]) {
  t.core.setNow(day(n));
  const session = t.core.sessions.create({
    focusAreaId: 'discovery',
    title: `Day ${n}`,
    startsAt: day(n),
    participants: [
      { repId: t.aino.id, role: 'seller' },
      { repId: t.ben.id, role: 'buyer' },
    ],
  });
  for (const review of reviews) {
    const card = await call(t.core, 'scorecards:start', { sessionId: session.id, reviewerId: review.reviewerId });
    await call(t.core, 'scorecards:submit', {
      id: card.id,
      scores: card.template.criteria.map((c) => ({ criterionId: c.id, score: review.score })),
      sections: Object.fromEntries(card.template.sections.filter((s) => s.required).map((s) => [s.key, 'Ask about budget earlier'])),
    });
  }
  return session;
}

/**
 * Aino's path in discovery: day 1 a coach scores her 2 (below Beginner's bar: a failed attempt),
 * Ben scores her as a peer (practice, not an attempt; he agrees with the coach, so the calibration
 * band, which applies from the first role-play, flags neither), days 2 and 3 the coach scores 4: Beginner.
 * Day 2's take is recorded.
 */
async function history(t: Team) {
  const first = await roleplay(t, 1, [{ reviewerId: t.maija.id, score: 2 }, { reviewerId: t.ben.id, score: 2 }]);
  const second = await roleplay(t, 2, [{ reviewerId: t.maija.id, score: 4 }]);
  t.core.db
    .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('take-1', ?, 'microphone', 'ready', 'audio/webm', ?)`)
    .run(second.id, day(2));
  await roleplay(t, 3, [{ reviewerId: t.maija.id, score: 4 }]);
  t.core.setNow(day(4));
  return { first, second };
}

async function configure(t: Team, lrs: LrsStandIn, extra: Json = {}) {
  return call(t.core, 'xapi:configure', {
    enabled: true,
    endpoint: lrs.url,
    username: 'reprise-key',
    password: 'reprise-secret',
    version: '1.0.3',
    baseIri: 'https://hub.example.com',
    ...extra,
  });
}

const statements = (t: Team) => t.core.xapi.export() as Json[];

describe('xAPI statements', () => {
  it('turns scorecards, a level granted and a failed attempt into statements that meet the spec', async () => {
    const t = team(day(0));
    const { first, second } = await history(t);
    await call(t.core, 'xapi:configure', { enabled: false, endpoint: '', username: '', version: '1.0.3', baseIri: 'https://hub.example.com/' });
    const all = statements(t);
    expect(all.map((s) => s.verb.id.split('/').pop()).sort()).toEqual(['failed', 'passed', 'scored', 'scored', 'scored', 'scored']);
    for (const s of all) {
      expect(validateStatement(s, '1.0.3'), JSON.stringify(s)).toEqual([]);
      expect(validateStatement(s, '2.0.0')).toEqual([]);
      // The recording is a link in Reprise, never the media itself.
      expect(s).not.toHaveProperty('attachments');
      expect(s.actor).toEqual({ objectType: 'Agent', name: 'Aino', mbox: 'mailto:aino@example.com' });
    }

    const scored = all.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/scored' && s.context.registration === registrationOf(second.id))!;
    expect(scored.result.score).toEqual({ scaled: 0.75, raw: 75, min: 0, max: 100 });
    const criteria = Object.entries(scored.result.extensions as Json);
    expect(criteria.length).toBeGreaterThan(2);
    for (const [iri, score] of criteria) {
      expect(iri).toMatch(/^https:\/\/hub\.example\.com\/xapi\/extensions\/criterion\/[a-z0-9-]+$/);
      expect(score).toBe(4);
    }
    expect(scored.object.id).toBe(`https://hub.example.com/xapi/activities/roleplay/${second.id}`);
    expect(scored.context.instructor).toEqual({ objectType: 'Agent', name: 'Maija', mbox: 'mailto:maija@example.com' });
    expect(scored.context.extensions['https://hub.example.com/xapi/extensions/recording']).toBe('https://hub.example.com/#/library/take-1');
    expect(scored.timestamp).toBe(day(2));

    const failed = all.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/failed')!;
    expect(failed.context.registration).toBe(registrationOf(first.id));
    expect(failed.object.id).toBe('https://hub.example.com/xapi/activities/certification/discovery/level/1');
    expect(failed.result).toMatchObject({ success: false, score: { scaled: 0.25, raw: 25 } });

    const passed = all.find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/passed')!;
    expect(passed.object.id).toBe('https://hub.example.com/xapi/activities/certification/discovery/level/1');
    expect(passed.result).toMatchObject({ success: true, completion: true });
    expect(passed.result.extensions['https://hub.example.com/xapi/extensions/verification-code']).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(passed.timestamp).toBe(day(3));
    // A v5 UUID: some LRSs (Learning Locker's validator) refuse the v7 that session ids are.
    for (const s of all) expect(s.context.registration).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // The peer's practice scorecard is scored, but it was no attempt at a level.
    expect(all.filter((s) => s.verb.id.endsWith('/failed'))).toHaveLength(1);
    // Looking again builds nothing new: every id is its record's and revision's.
    expect(t.core.xapi.catchUp()).toBe(0);
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    expect(scored.id).toBe(statementId('scored', t.core.db.prepare('SELECT scorecard_id FROM scorecard_revisions ORDER BY rowid LIMIT 1 OFFSET 2').pluck().get() as string, 1));
  });

  it('sends a revised scorecard as a new statement and keeps the first', async () => {
    const t = team(day(0));
    const session = await roleplay(t, 1, [{ reviewerId: t.ben.id, score: 3 }]);
    const [card] = await call(t.core, 'scorecards:list', { sessionId: session.id });
    const before = statements(t).map((s) => s.id);
    await call(t.core, 'scorecards:revise', { id: card!.id });
    const full = await call(t.core, 'scorecards:get', { id: card!.id });
    await call(t.core, 'scorecards:submit', {
      id: card!.id,
      reason: 'Listened again',
      scores: full.template.criteria.map((c) => ({ criterionId: c.id, score: 5 })),
      sections: Object.fromEntries(full.template.sections.filter((s) => s.required).map((s) => [s.key, 'Ask about budget earlier'])),
    });
    const after = statements(t);
    expect(after.map((s) => s.id)).toEqual([...before, statementId('scored', card!.id, 2)]);
    expect(after[1]!.result.score.raw).toBe(100);
  });

  it('maps a session id that is not a UUID to the same UUID every time', () => {
    expect(registrationOf('demo-session-7')).toBe(registrationOf('demo-session-7'));
    expect(registrationOf('demo-session-7')).not.toBe(registrationOf('demo-session-8'));
    expect(validateStatement({ ...minimal, context: { registration: registrationOf('demo-session-7') } })).toEqual([]);
  });
});

const minimal = {
  id: '6f1c2b1e-3c1d-5a4b-9f0e-1a2b3c4d5e6f',
  actor: { mbox: 'mailto:aino@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
  object: { id: 'https://reprise.invalid/xapi/activities/roleplay/1' },
  timestamp: '2027-01-05T10:00:00.000Z',
};

describe('the statement validator', () => {
  it.each([
    ['an unknown top-level property', { ...minimal, score: 3 }, 'score'],
    ['an id that is not a UUID', { ...minimal, id: 'scorecard-1' }, 'id'],
    ['an actor with two identifiers', { ...minimal, actor: { mbox: 'mailto:a@example.com', account: { homePage: 'https://crm.example.com', name: 'a' } } }, 'actor'],
    ['an actor without an identifier', { ...minimal, actor: { name: 'Aino' } }, 'actor'],
    ['an mbox that is not mailto:', { ...minimal, actor: { mbox: 'aino@example.com' } }, 'actor.mbox'],
    ['a verb id that is not an IRI', { ...minimal, verb: { id: 'scored' } }, 'verb.id'],
    ['an activity id that is not an IRI', { ...minimal, object: { id: 'roleplay 1' } }, 'object.id'],
    ['a scaled score above 1', { ...minimal, result: { score: { scaled: 1.5 } } }, 'result.score.scaled'],
    ['a raw score above max', { ...minimal, result: { score: { raw: 101, min: 0, max: 100 } } }, 'result.score.raw'],
    ['a raw score below min', { ...minimal, result: { score: { raw: -1, min: 0, max: 100 } } }, 'result.score.raw'],
    ['an extension key that is not an IRI', { ...minimal, result: { extensions: { questions: 4 } } }, 'result.extensions[questions]'],
    ['a registration that is not a UUID', { ...minimal, context: { registration: 'session-1' } }, 'context.registration'],
    ['a timestamp without a time zone', { ...minimal, timestamp: '2027-01-05T10:00:00' }, 'timestamp'],
    ['a language map with a made-up tag', { ...minimal, verb: { id: 'http://adlnet.gov/expapi/verbs/scored', display: { english: 'scored' } } }, 'verb.display.english'],
    ['platform on an object that is not an Activity', { ...minimal, object: { objectType: 'Agent', mbox: 'mailto:b@example.com' }, context: { platform: 'Reprise' } }, 'context.platform'],
    ['a 2.0 statement version sent as 1.0.3', { ...minimal, version: '2.0.0' }, 'version'],
  ])('refuses %s', (_what, statement, path) => {
    expect(validateStatement(statement, '1.0.3').map((p) => p.path)).toContain(path);
  });

  it('accepts a minimal statement, an account actor and a 2.0 version under 2.0', () => {
    expect(validateStatement(minimal)).toEqual([]);
    expect(validateStatement({ ...minimal, actor: { account: { homePage: 'https://crm.example.com', name: 'u-17' } } })).toEqual([]);
    expect(validateStatement({ ...minimal, version: '2.0.0' }, '2.0.0')).toEqual([]);
    expect(validateStatement({ ...minimal, version: '1.0.3' }, '1.0.3')).toEqual([]);
  });
});

describe('delivery to an LRS', () => {
  it('sends a backlog queued before the base address was set under the real one, and waits while it is not set', async () => {
    const t = team(day(0));
    await history(t);
    const lrs = await startLrsStandIn();
    await configure(t, lrs, { baseIri: '' });
    // Queued under the placeholder while no base is set...
    expect(t.core.xapi.catchUp()).toBe(6);
    const waiting = await fail(t.core, 'xapi:send', {});
    expect(waiting.message).toMatch(/Set the base address/);
    expect(lrs.posts).toEqual([]);
    // ...and sent under the base set afterwards.
    await configure(t, lrs, { baseIri: 'https://hub.example.com/' });
    expect(await call(t.core, 'xapi:send', {})).toMatchObject({ sent: 6 });
    const sent = JSON.stringify([...lrs.stored.values()]);
    expect(sent).not.toContain('reprise.invalid');
    expect(sent).toContain('"id":"https://hub.example.com/xapi/activities/');
    expect(sent).toContain('"https://hub.example.com/xapi/extensions/criterion/');
  });

  it('reads an LRS error answer only up to a limit', async () => {
    const endless = http.createServer((_req, res) => {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      // Far more than any message; the client must stop reading, or this test would run out of memory or time.
      const chunk = 'x'.repeat(64 * 1024);
      const write = () => {
        while (res.write(chunk));
        res.once('drain', write);
      };
      write();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      endless.closeAllConnections();
      endless.close();
    });
    const { port } = endless.address() as AddressInfo;
    const outcome = await postStatements({ endpoint: `http://127.0.0.1:${port}/xapi`, username: 'u', password: 'p', version: '1.0.3' }, []);
    expect(outcome).toEqual({ kind: 'refused', detail: 'x'.repeat(500) });
  });

  it('sends every statement once; a second run sends nothing new', async () => {
    const t = team(day(0));
    await history(t);
    const lrs = await startLrsStandIn();
    await configure(t, lrs);
    const run = await call(t.core, 'xapi:send', {});
    expect(run).toEqual({ sent: 6, alreadyThere: 0, refused: 0, retrying: 0, stopped: null, detail: '' });
    expect(lrs.stored.size).toBe(6);
    expect(lrs.posts.every((p) => p.status === 200 && p.version === '1.0.3')).toBe(true);
    const posts = lrs.posts.length;
    expect(await call(t.core, 'xapi:send', {})).toMatchObject({ sent: 0 });
    expect(lrs.posts.length).toBe(posts);
    expect(await call(t.core, 'xapi:status', {})).toMatchObject({ enabled: true, configured: true, queued: 0, sent: 6, refused: 0, lastFailure: null, refusedList: [] });
  });

  it('counts a statement the LRS already holds (409) as sent, and sends the rest of its batch', async () => {
    const t = team(day(0));
    await history(t);
    const lrs = await startLrsStandIn();
    const [one] = statements(t);
    lrs.stored.set(one!.id as string, one);
    await configure(t, lrs);
    const run = await call(t.core, 'xapi:send', {});
    expect(run).toMatchObject({ sent: 6, alreadyThere: 1, refused: 0 });
    expect(lrs.posts.map((p) => p.status)).toContain(409);
    expect(lrs.stored.size).toBe(6);
  });

  it('never puts the same id twice in a batch (the LRS refuses such a batch whole)', async () => {
    const rows = ['a', 'b', 'a', 'c', 'b', 'd'].map((id) => ({ id }));
    expect(batchesOf(rows, 2)).toEqual([[{ id: 'a' }, { id: 'b' }], [{ id: 'c' }, { id: 'd' }]]);
    const lrs = await startLrsStandIn();
    const response = await fetch(`${lrs.url}/statements`, {
      method: 'POST',
      headers: { 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from('reprise-key:reprise-secret').toString('base64')}` },
      body: JSON.stringify([minimal, minimal]),
    });
    expect(response.status).toBe(400);
    expect(lrs.stored.size).toBe(0);
  });

  it('keeps the LRS reason for a refused statement (400) and does not send it again', async () => {
    const t = team(day(0));
    await history(t);
    const lrs = await startLrsStandIn();
    const refusedId = (statements(t).find((s) => s.verb.id.endsWith('/passed'))!).id as string;
    lrs.refuseId(refusedId, 'Activity IRIs under hub.example.com are not registered with this LRS');
    await configure(t, lrs);
    expect(await call(t.core, 'xapi:send', {})).toMatchObject({ sent: 5, refused: 1, retrying: 0 });
    const status = await call(t.core, 'xapi:status', {});
    expect(status).toMatchObject({ sent: 5, refused: 1, queued: 0 });
    expect(status.refusedList).toEqual([
      expect.objectContaining({ id: refusedId, verb: 'passed', checkedHere: false, detail: 'Activity IRIs under hub.example.com are not registered with this LRS' }),
    ]);
    const posts = lrs.posts.length;
    await call(t.core, 'xapi:send', {});
    expect(lrs.posts.length).toBe(posts);
    // Once the LRS takes it (its rules changed), the admin sends it again: the same id, once.
    lrs.refuseId(refusedId, '');
    expect(await call(t.core, 'xapi:retry-refused', {})).toEqual({ queued: 1 });
    expect(await call(t.core, 'xapi:send', {})).toMatchObject({ sent: 1, refused: 0 });
    expect(lrs.stored.has(refusedId)).toBe(true);
    expect(await call(t.core, 'xapi:status', {})).toMatchObject({ sent: 6, refused: 0, refusedList: [] });
  });

  it('never sends a statement that breaks the rules, and says why', async () => {
    const t = team(day(0));
    await roleplay(t, 1, [{ reviewerId: t.ben.id, score: 3 }]);
    // An address the roster would refuse today, from before it checked.
    t.core.db.prepare("UPDATE reps SET email = 'aino at example' WHERE id = ?").run(t.aino.id);
    const lrs = await startLrsStandIn();
    await configure(t, lrs);
    expect(await call(t.core, 'xapi:send', {})).toMatchObject({ sent: 0, refused: 0 });
    expect(lrs.posts).toEqual([]);
    const status = await call(t.core, 'xapi:status', {});
    expect(status).toMatchObject({ refused: 1, refusedList: [{ verb: 'scored', checkedHere: true, detail: 'actor.mbox must be a mailto: IRI' }] });
    expect(t.core.xapi.export()).toEqual([]);
  });

  it('says clearly when the LRS refuses the username or password, and keeps everything for later', async () => {
    const t = team(day(0));
    await history(t);
    const lrs = await startLrsStandIn();
    await configure(t, lrs, { password: 'wrong' });
    const run = await call(t.core, 'xapi:send', {});
    expect(run).toMatchObject({ sent: 0, retrying: 6, stopped: 'auth', detail: 'Unknown key or wrong secret' });
    expect(lrs.stored.size).toBe(0);
    const row = t.core.db.prepare("SELECT state, last_error FROM xapi_outbox WHERE verb = 'passed'").get() as { state: string; last_error: string };
    expect(row.state).toBe('queued');
    expect(row.last_error).toBe(
      'The LRS did not accept the username and password (or key and secret) (Unknown key or wrong secret). Check them in Settings; Reprise tries again later.',
    );
    expect((await call(t.core, 'xapi:test', {})).outcome).toBe('auth');
    await configure(t, lrs, { password: 'reprise-secret' });
    expect((await call(t.core, 'xapi:test', {})).outcome).toBe('ok');
    expect(await call(t.core, 'xapi:send', {})).toMatchObject({ sent: 6 });
  });

  it('retries a batch whose connection dropped after the LRS stored it, without duplicates', async () => {
    const t = team(day(0));
    await history(t);
    const lrs = await startLrsStandIn();
    await configure(t, lrs);
    lrs.dropNextAfterStoring();
    const run = await call(t.core, 'xapi:send', {});
    expect(run).toMatchObject({ sent: 0, retrying: 6, stopped: 'network' });
    expect(lrs.stored.size).toBe(6);
    const status = await call(t.core, 'xapi:status', {});
    expect(status).toMatchObject({ queued: 6, retrying: 6, sent: 0 });
    expect(status.lastFailure).toMatchObject({ kind: 'network', nextTryAt: new Date(Date.parse(day(4)) + 30_000).toISOString() });
    // The background loop waits for the next try; "Send now" does not.
    expect(await t.core.xapi.send()).toMatchObject({ sent: 0, retrying: 0 });
    expect(lrs.posts.length).toBe(1);
    t.core.setNow(new Date(Date.parse(day(4)) + 31_000).toISOString());
    expect(await t.core.xapi.send()).toMatchObject({ sent: 6, alreadyThere: 6 });
    expect(lrs.stored.size).toBe(6);
  });

  it('sends by itself soon after a scorecard is submitted while the app runs, and stays up when the password is gone', async () => {
    const t = team(day(0));
    const lrs = await startLrsStandIn();
    await configure(t, lrs);
    t.core.xapi.start();
    await roleplay(t, 1, [{ reviewerId: t.ben.id, score: 3 }]);
    await vi.waitFor(() => expect(lrs.stored.size).toBe(1), { timeout: 10_000, interval: 100 });
    // The background run may still be finishing (a run at a time: send() joins it); let it end first.
    await t.core.xapi.send();
    // The kept password removed behind its back: the loop says nothing and does not crash the host.
    fs.rmSync(path.join(t.core.dataDir, 'xapi-secret'));
    await roleplay(t, 2, [{ reviewerId: t.ben.id, score: 4 }]);
    await expect(t.core.xapi.send()).rejects.toThrow('Enter the LRS address, username and password in Settings first.');
    t.core.xapi.stop();
  });

  it('waits longer after each failure, up to six hours', () => {
    expect([1, 2, 3, 10, 11, 30].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 15_360_000, 6 * 3_600_000, 6 * 3_600_000]);
  });

  it('speaks 2.0.0 when the admin picks it, and the LRS refuses a version it does not speak', async () => {
    const t = team(day(0));
    await history(t);
    const old = await startLrsStandIn({ versions: ['1.0.3'] });
    await configure(t, old, { version: '2.0.0' });
    expect(await call(t.core, 'xapi:test', {})).toMatchObject({ outcome: 'version', versions: ['1.0.3'] });
    const modern = await startLrsStandIn({ versions: ['2.0.0'] });
    await configure(t, modern, { version: '2.0.0' });
    expect(await call(t.core, 'xapi:send', {})).toMatchObject({ sent: 6 });
    expect(modern.posts.every((p) => p.version === '2.0.0')).toBe(true);
  });
});

describe('xAPI settings', () => {
  it('keeps the password out of the database and out of every answer', async () => {
    const t = team(day(0));
    const lrs = await startLrsStandIn();
    const settings = await configure(t, lrs, { password: 'very-secret-1' });
    expect(settings).toEqual({ enabled: true, endpoint: lrs.url, username: 'reprise-key', hasPassword: true, version: '1.0.3', baseIri: 'https://hub.example.com/' });
    expect(JSON.stringify(await call(t.core, 'xapi:settings', {}))).not.toContain('very-secret-1');
    const file = path.join(t.core.dataDir, 'xapi-secret');
    expect(fs.readFileSync(file, 'utf8')).toBe('very-secret-1');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const db = fs.readFileSync(path.join(t.core.dataDir, 'reprise.sqlite'));
    expect(db.includes('very-secret-1')).toBe(false);
    // Left out, the password stays; null forgets it.
    expect(await configure(t, lrs, { password: undefined, username: 'other' })).toMatchObject({ hasPassword: true, username: 'other' });
    expect(await configure(t, lrs, { enabled: false, password: null })).toMatchObject({ hasPassword: false });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('will not turn sending on without an address, a username and a password', async () => {
    const t = team(day(0));
    const error = await fail(t.core, 'xapi:configure', { enabled: true, endpoint: '', username: '', version: '1.0.3', baseIri: '' });
    expect(error.issues?.map((i) => i.path)).toEqual(['endpoint', 'username', 'password']);
    const bad = await fail(t.core, 'xapi:configure', { enabled: false, endpoint: 'lrs.example.com', username: '', version: '1.0.3', baseIri: '' });
    expect(bad.issues?.map((i) => i.path)).toEqual(['endpoint']);
    expect(await fail(t.core, 'xapi:send', {})).toMatchObject({ code: 'conflict' });
  });
});

describe('reprise xapi', () => {
  async function cli(dataDir: string, args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--data-dir', dataDir, ...args], { out: (s) => out.push(s), err: (s) => err.push(s) }, { REPRISE_NOW: day(4) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('exports the statements an LRS would get, sends them and says where they stand', async () => {
    const t = team(day(0));
    await history(t);
    const lrs = await startLrsStandIn();
    await configure(t, lrs);
    const expected = statements(t);
    const dataDir = t.core.dataDir;

    const file = path.join(dataDir, 'out.json');
    expect(await cli(dataDir, ['xapi', 'export', '--out', file])).toMatchObject({ code: 0, err: 'Wrote 6 statements to out.json.' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(expected);
    await cli(dataDir, ['xapi', 'export', '--out', file, '--since', day(3).slice(0, 10)]);
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as Json[]).map((s) => s.timestamp)).toEqual([day(3), day(3)]);
    expect((await cli(dataDir, ['xapi', 'export'])).code).toBe(2);
    expect((await cli(dataDir, ['xapi', 'export', '--out', file, '--since', '3.1.2027'])).code).toBe(1);

    expect(JSON.parse((await cli(dataDir, ['xapi', 'status', '--json'])).out)).toMatchObject({ queued: 6, sent: 0 });
    const sent = await cli(dataDir, ['xapi', 'send']);
    expect(sent).toMatchObject({ code: 0, out: 'Sent 6 statements.' });
    expect(lrs.stored.size).toBe(6);
    const again = await cli(dataDir, ['xapi', 'send', '--retry-refused', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ sent: 0, refused: 0 });
    expect((await cli(dataDir, ['xapi', 'status'])).out).toMatch(/^Sending: on, to http:\/\/127\.0\.0\.1:\d+\/xapi \(xAPI 1\.0\.3\)\nSent 6, waiting 0, refused 0\./);
  });
});
