import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/shared/access';
import { channels, contract, type Channel } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';
import { AppError } from '../../src/shared/errors';
import { call, fullContent } from './scorecards-support';
import { testCore } from '../support/core';
import { storeGrant } from './certification-support';

/**
 * A team around one role-play: Sam sells, Bea buys, Cole (a coach, named Sam's coach on the roster)
 * is its peer coach too, Mia manages Sam,
 * Otto is a rep with no part in it, Ada is an admin. Every channel is walked with each of them
 * and with a stranger.
 */
async function team() {
  const core = testCore();
  const person = (name: string, extra: Record<string, unknown> = {}) =>
    core.people.create({ name, email: `${name.toLowerCase()}@example.com`, ...extra });
  const ada = person('Ada');
  const mia = person('Mia');
  const cole = person('Cole', { coach: true });
  const sam = person('Sam', { managerId: mia.id, coachedById: cole.id });
  const bea = person('Bea');
  const otto = person('Otto');
  core.access.setRole(ada.id, 'admin');
  const session = core.sessions.create({
    focusAreaId: 'discovery',
    startsAt: '2026-11-26T13:00:00Z',
    participants: [
      { repId: sam.id, role: 'seller' },
      { repId: bea.id, role: 'buyer' },
    ],
  });
  core.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(cole.id, session.id);
  core.db
    .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('rec1', ?, 'microphone', 'ready', 'audio/webm', '2026-11-26T13:00:00Z')`)
    .run(session.id);
  core.db.prepare(`INSERT INTO markers (id, recording_id, offset_ms, created_at) VALUES ('mark1', 'rec1', 1000, '2026-11-26T13:01:00Z')`).run();
  core.db
    .prepare(`INSERT INTO comments (id, recording_id, author_id, at_ms, body, created_at, updated_at) VALUES ('com1', 'rec1', ?, 1000, 'Good opening', '2026-11-26T14:00:00Z', '2026-11-26T14:00:00Z')`)
    .run(bea.id);
  core.db
    .prepare(`INSERT INTO clips (id, recording_id, start_ms, end_ms, title, focus_area_id, created_by, created_at, updated_at) VALUES ('clip1', 'rec1', 0, 1000, 'Opening', 'discovery', ?, '2026-11-26T14:00:00Z', '2026-11-26T14:00:00Z')`)
    .run(bea.id);
  const coachCard = await call(core, 'scorecards:start', { sessionId: session.id, reviewerId: cole.id });
  await call(core, 'scorecards:submit', fullContent(coachCard, [4]));
  const peerDraft = await call(core, 'scorecards:start', { sessionId: session.id, reviewerId: bea.id });
  const note = await call(core, 'coaching-notes:save', { fields: { coachId: cole.id, repId: sam.id, weekOf: '2026-11-23' } });
  const absence = await call(core, 'availability:add', { repId: sam.id, from: '2026-12-01', to: '2026-12-05' });
  storeGrant(core, { repId: sam.id, grantedAt: '2026-10-01T10:00:00Z', code: 'SAMC-ERT0-0001' });
  const beaDevice = core.accounts.redeem(core.accounts.createInvite(bea.id, null, 24, null).code, 'browser', 'Laptop').device;
  const callers: Record<Who, Caller> = {
    A: core.access.callerFor(ada.id),
    M: core.access.callerFor(mia.id),
    C: core.access.callerFor(cole.id),
    S: core.access.callerFor(sam.id),
    B: core.access.callerFor(bea.id),
    O: core.access.callerFor(otto.id),
  };
  return { core, ada, mia, cole, sam, bea, otto, session, coachCard, peerDraft, note, absence, beaDevice, callers };
}

type Team = Awaited<ReturnType<typeof team>>;
/** Admin, Manager of the seller, Coach of the seller (and of the session), Seller, Buyer, Outsider. */
type Who = 'A' | 'M' | 'C' | 'S' | 'B' | 'O';
const everyone = 'AMCSBO';

/** [channel, input, who may call it with that input]. Every channel appears at least once. */
const cases: [Channel, (t: Team) => unknown, string][] = [
  ['app:info', () => ({}), everyone],
  ['settings:get', () => ({}), everyone],
  ['settings:update', () => ({ newHireDays: 120 }), 'A'],
  ['access:me', () => ({}), everyone],
  ['access:can', (t) => ({ checks: [{ channel: 'people:create', input: { name: 'X', email: 'x@example.com' } }, { channel: 'sessions:get', input: { id: t.session.id } }] }), everyone],
  ['access:roles', () => ({}), 'A'],
  ['access:set-role', (t) => ({ repId: t.otto.id, role: 'coach' }), 'A'],
  ['devices:list', () => ({}), everyone],
  ['devices:revoke', (t) => ({ id: t.beaDevice.id }), 'AB'],
  ['invites:create', (t) => ({ repId: t.otto.id }), 'A'],
  ['invites:list', () => ({}), 'A'],
  ['invites:revoke', () => ({ code: 'ABCD-EFGH-JK23' }), 'A'],
  ['audit:list', () => ({}), 'A'],
  ['sync:status', () => ({}), everyone],
  ['sync:run', () => ({}), 'A'],
  ['sync:uploads', () => ({}), 'A'],
  ['sync:outbox', () => ({}), 'A'],
  ['sync:retry', () => ({ recordingId: 'rec1' }), 'A'],
  ['sync:pause', () => ({ recordingId: 'rec1', paused: true }), 'A'],
  ['sync:outbox-resend', () => ({ id: 'item1' }), ''],
  ['sync:outbox-discard', () => ({ id: 'item1' }), ''],
  ['sync:resolve', () => ({ id: 'change1', keep: 'theirs' }), 'A'],
  ['people:list', () => ({}), everyone],
  ['people:page', () => ({ limit: 10 }), everyone],
  // A person page's reports and Today's count of whom someone leads: the directory, a page at a time.
  ['people:page', (t) => ({ filter: { managerId: t.sam.id }, limit: 50 }), everyone],
  ['people:page', (t) => ({ filter: { ledBy: t.sam.id }, limit: 1 }), everyone],
  ['people:get', (t) => ({ id: t.sam.id }), 'AMCS'],
  ['people:create', () => ({ name: 'New', email: 'new@example.com' }), 'A'],
  ['people:update', (t) => ({ id: t.sam.id, patch: { team: 'North' } }), 'A'],
  ['people:update', (t) => ({ id: t.sam.id, patch: { profile: { motivators: 'Mastery' } } }), 'AS'],
  ['people:archive', (t) => ({ id: t.otto.id }), 'A'],
  ['people:unarchive', (t) => ({ id: t.otto.id }), 'A'],
  ['people:import', () => ({ csv: 'name,email\nX,x@example.com\n' }), 'A'],
  ['focus-areas:list', () => ({}), everyone],
  ['focus-areas:create', () => ({ name: 'Negotiation' }), 'A'],
  ['focus-areas:update', () => ({ id: 'demo', patch: { description: 'x' } }), 'A'],
  ['sessions:list', () => ({}), everyone],
  ['sessions:get', (t) => ({ id: t.session.id }), 'AMCSB'],
  // Cole is the peer coach of a session Bea is in, which makes him no coach of hers.
  ['sessions:create', (t) => ({ focusAreaId: 'demo', participants: [{ repId: t.bea.id, role: 'seller' }] }), 'AB'],
  ['sessions:create', (t) => ({ focusAreaId: 'demo', participants: [{ repId: t.sam.id, role: 'seller' }] }), 'AMCS'],
  ['sessions:update', (t) => ({ id: t.session.id, patch: { notes: 'x' } }), 'AMCSB'],
  ['sessions:update', (t) => ({ id: t.session.id, patch: { notes: 'x', participants: [{ repId: t.sam.id, role: 'seller' }, { repId: t.bea.id, role: 'buyer' }] } }), 'AMCSB'],
  // Swapping roles touches Bea too, whom neither Cole (Sam's coach) nor Mia (Sam's manager) leads.
  ['sessions:update', (t) => ({ id: t.session.id, patch: { participants: [{ repId: t.sam.id, role: 'buyer' }, { repId: t.bea.id, role: 'seller' }] } }), 'A'],
  ['sessions:update', (t) => ({ id: t.session.id, patch: { participants: [{ repId: t.sam.id, role: 'seller' }, { repId: t.otto.id, role: 'buyer' }] } }), 'A'],
  ['sessions:confirm', (t) => ({ id: t.session.id }), 'ASB'],
  ['certifications:list', () => ({}), everyone],
  // The certifiers list: only those once granted a level, scoped like the rest.
  ['certifications:list', () => ({ focusAreaId: 'demo', held: true }), everyone],
  // A page of the matrix: everyone may ask; each gets only their own row and those of the people they lead.
  ['certifications:matrix', () => ({ query: 'a', limit: 10 }), everyone],
  ['certifications:program', () => ({ focusAreaId: 'discovery' }), everyone],
  ['certifications:set-program', () => ({ focusAreaId: 'discovery', fields: null }), 'A'],
  ['certifications:certifiers', () => ({}), everyone],
  ['certifications:mark-certifier', (t) => ({ repId: t.cole.id, focusAreaId: 'discovery', certifier: true }), 'A'],
  ['certifications:verify', () => ({ code: 'ABCD-EFGH-JKMN' }), everyone],
  ['certifications:certificate', () => ({ code: 'samc-ert0-0001', language: 'en' }), 'AMCS'],
  ['certifications:certificate', () => ({ code: 'ABCD-EFGH-JKMN', language: 'en' }), 'A'],
  ['certifications:reminders', (t) => ({ repId: t.sam.id }), 'AMCS'],
  ['certifications:reminders', () => ({}), everyone],
  ['certifications:claim-reminders', (t) => ({ repId: t.sam.id, language: 'en' }), 'AS'],
  ['reinforcement:cards', (t) => ({ repId: t.sam.id }), 'AMCS'],
  ['reinforcement:cards', () => ({}), everyone],
  ['reinforcement:due', (t) => ({ repId: t.sam.id, on: '2026-12-01' }), 'AMCS'],
  ['reinforcement:settings', () => ({}), everyone],
  ['reinforcement:set-settings', () => ({ ratings: { 1: 'again', 2: 'again', 3: 'hard', 4: 'good', 5: 'easy' }, easyFromPeers: true, requestRetention: 0.9 }), 'A'],
  ['programs:list', () => ({}), everyone],
  ['programs:get', () => ({ id: 'p1' }), everyone],
  ['programs:create', () => ({}), 'A'],
  ['programs:update', () => ({ id: 'p1', patch: {} }), 'A'],
  ['programs:archive', () => ({ id: 'p1' }), 'A'],
  ['programs:preview', () => ({}), 'A'],
  ['schedule:generate', () => ({ programId: 'p1', weeks: 4 }), 'A'],
  ['schedule:regenerate', () => ({ programId: 'p1' }), 'A'],
  ['schedule:list', () => ({}), everyone],
  ['schedule:summary', (t) => ({ from: '2026-11-30T00:00:00Z', to: '2026-12-07T00:00:00Z', ledBy: t.sam.id }), 'AS'],
  ['schedule:get', (t) => ({ id: t.session.id }), 'AMCSB'],
  ['schedule:next', (t) => ({ repId: t.sam.id }), 'AMCS'],
  ['schedule:reschedule', (t) => ({ id: t.session.id, startsAt: '2026-12-01T13:00:00Z' }), 'AMC'],
  ['schedule:cancel', (t) => ({ id: t.session.id, reason: '' }), 'AMC'],
  ['schedule:set-status', (t) => ({ id: t.session.id, status: 'done' }), 'AMCSB'],
  // Swapping people is between people the editor leads: nobody but an admin brings in an outsider.
  ['schedule:swap', (t) => ({ id: t.session.id, outRepId: t.bea.id, inRepId: t.otto.id }), 'A'],
  ['availability:list', () => ({}), everyone],
  ['availability:list', (t) => ({ repId: t.sam.id }), 'AMCS'],
  ['availability:add', (t) => ({ repId: t.sam.id, from: '2026-12-01', to: '2026-12-02', note: '' }), 'AMS'],
  ['availability:remove', (t) => ({ id: t.absence.id }), 'AMS'],
  ['personas:list', () => ({}), everyone],
  ['personas:save', () => ({ fields: {} }), 'A'],
  ['scenarios:list', () => ({}), everyone],
  ['scenarios:save', () => ({ fields: {} }), 'A'],
  ['scenarios:brief', (t) => ({ sessionId: t.session.id }), 'AMCSB'],
  ['calendar:export', (t) => ({ repId: t.sam.id, language: 'en' }), 'AMCS'],
  ['calendar:export', () => ({ programId: 'p1', language: 'en' }), 'A'],
  ['reminders:due', (t) => ({ repId: t.sam.id }), 'AS'],
  ['reminders:due', () => ({}), 'A'],
  ['recordings:start', (t) => ({ sessionId: t.session.id }), 'ACSB'],
  ['recordings:append', () => ({ id: 'rec1', seq: 0 }), 'ACSB'],
  ['recordings:keep-alive', () => ({ id: 'rec1' }), 'ACSB'],
  ['recordings:stop', () => ({ id: 'rec1', reason: 'user' }), 'ACSB'],
  ['recordings:import', (t) => ({ sessionId: t.session.id, fileName: 'x.m4a' }), 'ACSB'],
  ['recordings:join-tracks', () => ({ sellerId: 'rec1', buyerId: 'rec1' }), 'ACSB'],
  ['recordings:discard-import', () => ({ id: 'rec1' }), 'ACSB'],
  ['recordings:list', () => ({}), everyone],
  ['recordings:list', (t) => ({ sessionId: t.session.id }), 'AMCSB'],
  ['recordings:get', () => ({ id: 'rec1' }), 'AMCSB'],
  ['library:search', () => ({}), everyone],
  ['comments:add', () => ({ recordingId: 'rec1', atMs: 0, body: 'A question here' }), 'AMCSB'],
  ['comments:list', () => ({ recordingId: 'rec1' }), 'AMCSB'],
  ['comments:update', () => ({ id: 'com1', body: 'Better' }), 'AB'],
  ['comments:delete', () => ({ id: 'com1' }), 'AB'],
  ['comments:resolve', () => ({ id: 'com1', resolved: true }), 'AMCSB'],
  ['clips:create', () => ({ recordingId: 'rec1', startMs: 0, endMs: 1000, title: 'Good question' }), 'AMCSB'],
  ['clips:update', () => ({ id: 'clip1', patch: { title: 'Better' } }), 'AB'],
  ['clips:delete', () => ({ id: 'clip1' }), 'AB'],
  ['clips:list', () => ({}), everyone],
  ['clips:list', () => ({ recordingId: 'rec1' }), 'AMCSB'],
  ['clips:cut', () => ({ id: 'clip1' }), everyone],
  ['clips:cut-cancel', () => ({ id: 'clip1' }), everyone],
  ['recordings:peaks', () => ({ id: 'rec1' }), 'AMCSB'],
  ['recordings:analysis', () => ({ id: 'rec1' }), 'AMCSB'],
  ['analysis:run', () => ({ id: 'rec1' }), 'AMCSB'],
  ['analysis:confirm-voices', () => ({ id: 'rec1', first: 'buyer' }), 'AMCSB'],
  ['analysis:trend', (t) => ({ repId: t.sam.id }), 'AMCS'],
  ['recordings:recover', () => ({}), 'A'],
  ['recordings:disk', () => ({}), everyone],
  ['recordings:verify', () => ({ id: 'rec1' }), 'AMCSB'],
  ['recordings:verify', () => ({}), 'A'],
  ['markers:add', () => ({ recordingId: 'rec1', offsetMs: 10 }), 'ACSB'],
  ['markers:update', () => ({ id: 'mark1', note: 'x' }), 'ACSB'],
  ['markers:delete', () => ({ id: 'mark1' }), 'ACSB'],
  ['rubric-templates:list', () => ({}), everyone],
  ['rubric-templates:get', () => ({ id: 't1' }), everyone],
  ['rubric-templates:versions', () => ({ id: 't1' }), everyone],
  ['rubric-templates:create', () => ({}), 'A'],
  ['rubric-templates:update', () => ({ id: 't1', fields: {} }), 'A'],
  ['rubric-templates:archive', () => ({ id: 't1', archived: true }), 'A'],
  ['scorecards:start', (t) => ({ sessionId: t.session.id, reviewerId: t.bea.id }), 'AB'],
  ['scorecards:start', (t) => ({ sessionId: t.session.id, reviewerId: t.mia.id }), 'AM'],
  ['scorecards:get', (t) => ({ id: t.coachCard.id }), 'AMCS'],
  ['scorecards:get', (t) => ({ id: t.peerDraft.id }), 'AB'],
  ['scorecards:list', () => ({}), everyone],
  ['scorecards:save-draft', (t) => ({ id: t.peerDraft.id }), 'AB'],
  ['scorecards:submit', (t) => ({ id: t.peerDraft.id, reason: '' }), 'AB'],
  ['scorecards:revise', (t) => ({ id: t.coachCard.id }), 'AC'],
  ['scorecards:discard', (t) => ({ id: t.peerDraft.id }), 'AB'],
  ['scorecards:to-write', (t) => ({ reviewerId: t.bea.id, days: 60 }), 'AB'],
  ['scorecards:about', (t) => ({ revieweeId: t.sam.id }), 'AMCS'],
  ['scorecards:for-session', (t) => ({ sessionId: t.session.id }), 'AMCSB'],
  ['scorecards:calibration', () => ({}), 'A'],
  ['scorecards:export', () => ({ format: 'csv' }), 'A'],
  ['scorecards:import', () => ({ csv: 'session_date,focus_area,seller_email,reviewer_email,criterion,score\n' }), 'A'],
  ['coaching-notes:list', () => ({}), everyone],
  ['coaching-notes:get', (t) => ({ id: t.note.id }), 'AMCS'],
  ['coaching-notes:save', (t) => ({ fields: { coachId: t.cole.id, repId: t.sam.id, weekOf: '2026-11-30' } }), 'AC'],
  ['coaching-notes:save', (t) => ({ id: t.note.id, fields: { coachId: t.mia.id, repId: t.sam.id, weekOf: '2026-11-23' } }), 'A'],
  // A note is written by someone who coaches or manages the rep, never by a colleague.
  ['coaching-notes:save', (t) => ({ fields: { coachId: t.mia.id, repId: t.sam.id, weekOf: '2026-11-30' } }), 'AM'],
  ['coaching-notes:save', (t) => ({ fields: { coachId: t.bea.id, repId: t.sam.id, weekOf: '2026-11-30' } }), 'A'],
  ['coaching-notes:save', (t) => ({ fields: { coachId: t.otto.id, repId: t.sam.id, weekOf: '2026-11-30' } }), 'A'],
  ['coaching-notes:delete', (t) => ({ id: t.note.id }), 'AC'],
  ['outcomes:import', () => ({ csv: 'opportunity_id,owner_email,created_date,won\nX,sam@example.com,2026-01-01,0\n' }), 'A'],
  ['progress:rep', (t) => ({ repId: t.sam.id }), 'AMCS'],
  ['progress:rep', (t) => ({ repId: t.bea.id }), 'AB'],
  ['progress:team', () => ({}), 'AMC'],
  ['progress:certified', () => ({}), 'AMC'],
  ['progress:cell', (t) => ({ focusAreaId: 'discovery', repId: t.sam.id }), 'AMC'],
  ['progress:quotas', () => ({}), everyone],
  // A hub serves real data only: the demo switch is refused to everyone signed in, admins too.
  ['demo:status', () => ({}), ''],
  ['demo:enter', () => ({}), ''],
  ['demo:leave', () => ({}), ''],
  ['demo:remove', () => ({}), ''],
  ['hub:join', () => ({ url: 'https://elsewhere.example.com', code: 'ABCD-EFGH-JK23' }), ''],
  ['hub:leave', () => ({}), ''],
  ['xapi:settings', () => ({}), 'A'],
  ['xapi:configure', () => ({ enabled: false, endpoint: '', username: '', version: '1.0.3', baseIri: '' }), 'A'],
  ['xapi:status', () => ({}), 'A'],
  ['xapi:send', () => ({}), 'A'],
  ['xapi:test', () => ({}), 'A'],
  ['xapi:retry-refused', () => ({}), 'A'],
  ['xapi:export', () => ({}), 'A'],
];

function allowed(t: Team, channel: Channel, caller: Caller, input: unknown): boolean {
  try {
    t.core.guard.allow(channel, caller, input);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') return false;
    throw error;
  }
}

describe('who may call each channel', () => {
  it('walks every channel with each role and a stranger', async () => {
    const t = await team();
    const covered = new Set(cases.map(([channel]) => channel));
    expect(channels.filter((c) => !covered.has(c))).toEqual([]);
    const mismatches: string[] = [];
    for (const [channel, input, expected] of cases) {
      const sample = input(t);
      for (const who of everyone.split('') as Who[]) {
        const got = allowed(t, channel, t.callers[who], sample);
        if (got !== expected.includes(who)) mismatches.push(`${channel} ${JSON.stringify(sample).slice(0, 60)}: ${who} ${got ? 'allowed' : 'denied'}`);
      }
      const stranger = await dispatch(t.core.handlers, channel, sample, { caller: { kind: 'stranger' }, guard: t.core.guard });
      if (stranger.ok || stranger.error.code !== 'unauthenticated') mismatches.push(`${channel}: a stranger got through`);
    }
    expect(mismatches).toEqual([]);
  });

  it('tells the app what to offer from the same rules: never a channel the walk refuses, and per item what depends on the item', async () => {
    const t = await team();
    const mismatches: string[] = [];
    for (const who of everyone.split('') as Who[]) {
      const me = (await dispatch(t.core.handlers, 'access:me', {}, { caller: t.callers[who], guard: t.core.guard })) as { ok: true; value: { may: string[]; perItem: string[] } };
      for (const [channel, input, expected] of cases) {
        const offered = me.value.may.includes(channel) ? 'always' : me.value.perItem.includes(channel) ? 'per item' : 'never';
        const sample = input(t);
        if (offered === 'always' && !expected.includes(who)) mismatches.push(`${channel}: offered to ${who} always, refused`);
        if (offered === 'never' && expected.includes(who)) mismatches.push(`${channel}: never offered to ${who}, allowed`);
        // Per item the app asks access:can, which answers as the guard does (for an input that parses; a bad one is never allowed).
        if (!contract[channel].input.safeParse(sample).success) continue;
        const can = (await dispatch(t.core.handlers, 'access:can', { checks: [{ channel, input: sample }] }, { caller: t.callers[who], guard: t.core.guard })) as {
          ok: true;
          value: boolean[];
        };
        if (can.value[0] !== expected.includes(who)) mismatches.push(`${channel} ${JSON.stringify(sample).slice(0, 60)}: access:can told ${who} ${can.value[0]}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('never runs a refused call: the outsider cannot change the roster or read a scorecard', async () => {
    const t = await team();
    const as = (who: Who) => ({ caller: t.callers[who], guard: t.core.guard });
    const refused = await dispatch(t.core.handlers, 'people:update', { id: t.sam.id, patch: { team: 'Hacked' } }, as('O'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(t.core.people.get(t.sam.id).team).toBe('');
    const card = await dispatch(t.core.handlers, 'scorecards:get', { id: t.coachCard.id }, as('O'));
    expect(card).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('scopes lists to what each person may see', async () => {
    const t = await team();
    const as = (who: Who) => ({ caller: t.callers[who], guard: t.core.guard });
    const list = async (who: Who, channel: Channel, input: unknown = {}) => {
      const result = await dispatch(t.core.handlers, channel, input, as(who));
      if (!result.ok) throw new Error(result.error.message);
      return result.value as { id: string }[];
    };
    expect(await list('O', 'sessions:list')).toEqual([]);
    expect((await list('S', 'sessions:list')).map((s) => s.id)).toEqual([t.session.id]);
    expect((await list('M', 'recordings:list')).map((r) => r.id)).toEqual(['rec1']);
    expect(await list('O', 'recordings:list')).toEqual([]);
    const found = async (who: Who) => ((await list(who, 'library:search')) as unknown as { rows: { sessionId: string }[] }).rows.map((r) => r.sessionId);
    for (const who of ['A', 'M', 'C', 'S', 'B'] as const) expect(await found(who)).toEqual([t.session.id]);
    expect(await found('O')).toEqual([]);
    // The seller sees the coach's submitted card about them, not the buyer's unfinished draft.
    expect((await list('S', 'scorecards:list')).map((c) => c.id)).toEqual([t.coachCard.id]);
    expect((await list('B', 'scorecards:list')).map((c) => c.id)).toEqual([t.peerDraft.id]);
    expect((await list('A', 'scorecards:list')).length).toBe(2);
    // Great moments are for everyone; the whole take only for those who may see the session.
    const moments = async (who: Who) => ((await list(who, 'clips:list')) as unknown as { rows: { id: string; wholeTake: boolean }[] }).rows;
    expect(await moments('O')).toEqual([expect.objectContaining({ id: 'clip1', wholeTake: false })]);
    expect(await moments('S')).toEqual([expect.objectContaining({ id: 'clip1', wholeTake: true })]);
    expect((await list('O', 'coaching-notes:list')).length).toBe(0);
    expect((await list('M', 'coaching-notes:list')).map((n) => n.id)).toEqual([t.note.id]);
  });

  it('lets a coach see and review the people and programs they coach, derived from the assignments alone', async () => {
    const t = await team();
    const kim = t.core.people.create({ name: 'Kim', email: 'kim@example.com' });
    t.core.access.setRole(kim.id, 'coach');
    const asKim = () => ({ caller: t.core.access.callerFor(kim.id), guard: t.core.guard });
    const ok = async <T>(channel: Channel, input: unknown, as = asKim()) => {
      const result = await dispatch(t.core.handlers, channel, input, as);
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as T;
    };
    const refused = async (channel: Channel, input: unknown, as = asKim()) => (await dispatch(t.core.handlers, channel, input, as)).ok === false;
    // The coach role alone shows nobody's sessions.
    expect(await ok<{ id: string }[]>('sessions:list', {})).toEqual([]);
    expect(await refused('recordings:get', { id: 'rec1' })).toBe(true);

    // Named Sam's coach on the roster, Kim sees Sam's recorded session, owes it a review, and reviews it as a coach.
    t.core.people.update(t.sam.id, { coachedById: kim.id });
    expect((await ok<{ id: string }[]>('sessions:list', {})).map((s) => s.id)).toEqual([t.session.id]);
    const toWrite = await ok<{ session: { id: string }; role: string }[]>('scorecards:to-write', { reviewerId: kim.id, days: 1 });
    expect(toWrite).toEqual([expect.objectContaining({ session: expect.objectContaining({ id: t.session.id }), role: 'coach' })]);
    await ok('recordings:get', { id: 'rec1' });
    await ok('comments:add', { recordingId: 'rec1', atMs: 500, body: 'Nice pause' });
    await ok('progress:rep', { repId: t.sam.id });
    expect((await ok<{ rep: { id: string } }[]>('certifications:list', { repId: t.sam.id })).length).toBeGreaterThan(0);
    const card = await ok<{ id: string; role: string }>('scorecards:start', { sessionId: t.session.id, reviewerId: kim.id });
    expect(card.role).toBe('coach');
    await ok('scorecards:submit', fullContent(card as never, [4]));
    expect(await ok('scorecards:to-write', { reviewerId: kim.id, days: 1 })).toEqual([]);

    // A program's coach sees the sessions of its people, and of the program.
    const lee = t.core.people.create({ name: 'Lee', email: 'lee@example.com' });
    const program = t.core.programs.programs.create({
      name: 'Nordics weekly', weekday: 'wed', time: '15:00', durationMinutes: 45, timeZone: 'Europe/Helsinki', startDate: '2026-11-30',
      repIds: [t.otto.id, t.bea.id], coachIds: [lee.id],
    });
    expect(program.coaches.map((c) => c.name)).toEqual(['Lee']);
    const asLee = { caller: t.core.access.callerFor(lee.id), guard: t.core.guard };
    expect((await ok<{ id: string }[]>('sessions:list', {}, asLee)).map((s) => s.id)).toEqual([t.session.id]);
    await ok('people:get', { id: t.otto.id }, asLee);
    t.core.programs.programs.update(program.id, { coachIds: [] });
    expect(await ok('sessions:list', {}, { caller: t.core.access.callerFor(lee.id), guard: t.core.guard })).toEqual([]);
  });

  it('never makes anyone a coach of the people put in a session with them', async () => {
    const t = await team();
    // Cole becomes the peer coach of a session Otto sells in: he sees that session, nothing else of Otto's.
    const theirs = t.core.sessions.create({ focusAreaId: 'discovery', startsAt: '2026-11-20T13:00:00Z', participants: [{ repId: t.otto.id, role: 'seller' }, { repId: t.bea.id, role: 'buyer' }] });
    const withCole = t.core.sessions.create({ focusAreaId: 'discovery', startsAt: '2026-11-27T13:00:00Z', participants: [{ repId: t.otto.id, role: 'seller' }] });
    t.core.db.prepare('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(t.cole.id, withCole.id);
    const as = { caller: t.core.access.callerFor(t.cole.id), guard: t.core.guard };
    expect((await dispatch(t.core.handlers, 'sessions:get', { id: withCole.id }, as)).ok).toBe(true);
    expect((await dispatch(t.core.handlers, 'sessions:get', { id: theirs.id }, as)).ok).toBe(false);
    expect((await dispatch(t.core.handlers, 'people:get', { id: t.otto.id }, as)).ok).toBe(false);
    expect((await dispatch(t.core.handlers, 'scorecards:about', { revieweeId: t.otto.id }, as)).ok).toBe(false);
  });

  it('lets only its author, the session coach and admins change or delete a marker', async () => {
    const t = await team();
    const as = (who: Who) => ({ caller: t.callers[who], guard: t.core.guard });
    const added = await dispatch(t.core.handlers, 'markers:add', { recordingId: 'rec1', offsetMs: 2000, note: 'Good question' }, as('B'));
    if (!added.ok) throw new Error(added.error.message);
    const id = (added.value as { id: string }).id;
    const may = (who: Who) => allowed(t, 'markers:update', t.callers[who], { id, note: 'changed' });
    // Bea set it; Sam took part but did not; Cole coaches the session; Ada is an admin.
    expect(['A', 'M', 'C', 'S', 'B', 'O'].filter((who) => may(who as Who))).toEqual(['A', 'C', 'B']);
    const bySeller = await dispatch(t.core.handlers, 'markers:delete', { id }, as('S'));
    expect(bySeller).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dispatch(t.core.handlers, 'markers:update', { id, note: 'Open question' }, as('C'))).toMatchObject({ ok: true });
    expect(await dispatch(t.core.handlers, 'markers:delete', { id }, as('B'))).toMatchObject({ ok: true });
  });

  it('follows a role change at once', async () => {
    const t = await team();
    const before = await dispatch(t.core.handlers, 'people:get', { id: t.sam.id }, { caller: t.core.access.callerFor(t.otto.id), guard: t.core.guard });
    expect(before.ok).toBe(false);
    t.core.access.setRole(t.otto.id, 'admin');
    const after = await dispatch(t.core.handlers, 'people:get', { id: t.sam.id }, { caller: t.core.access.callerFor(t.otto.id), guard: t.core.guard });
    expect(after.ok).toBe(true);
  });

  it('derives roles from the roster until an admin sets one; archived people have none', async () => {
    const t = await team();
    expect(t.core.access.callerFor(t.mia.id)).toMatchObject({ role: 'manager' });
    expect(t.core.access.callerFor(t.cole.id)).toMatchObject({ role: 'coach' });
    expect(t.core.access.callerFor(t.sam.id)).toMatchObject({ role: 'rep' });
    expect(() => t.core.db.prepare(`UPDATE reps SET access_role = 'boss' WHERE id = ?`).run(t.sam.id)).toThrow(/CHECK/);
    t.core.people.archive(t.otto.id);
    expect(t.core.access.callerFor(t.otto.id)).toEqual({ kind: 'stranger' });
  });
});
