import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/shared/access';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';
import { call, fullContent, team } from './scorecards-support';

type Team = ReturnType<typeof team>;

async function as<C extends Channel>(t: Team, caller: Caller, channel: C, input: ChannelInput<C>) {
  return dispatch(t.core.handlers, channel, input, { caller, guard: t.core.guard });
}

async function asOk<C extends Channel>(t: Team, caller: Caller, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await as(t, caller, channel, input);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value as ChannelOutput<C>;
}

/**
 * Ben, a rep, makes an ad-hoc role-play in which Aino sells and he buys, then scores her all 1s;
 * Maija, her manager, leaves a coaching note on it. Until Aino confirms it none of it is hers.
 */
async function benScoresAino() {
  const t = team('2026-11-27T09:00:00Z');
  const ben = t.core.access.callerFor(t.ben.id);
  const session = await asOk(t, ben, 'sessions:create', {
    focusAreaId: 'discovery',
    title: 'Quick practice',
    startsAt: '2026-11-26T13:00:00Z',
    participants: [
      { repId: t.aino.id, role: 'seller' },
      { repId: t.ben.id, role: 'buyer' },
    ],
  });
  const card = await asOk(t, ben, 'scorecards:start', { sessionId: session.id, reviewerId: t.ben.id });
  await asOk(t, ben, 'scorecards:submit', fullContent(card, [1]));
  await call(t.core, 'coaching-notes:save', { fields: { coachId: t.maija.id, repId: t.aino.id, weekOf: '2026-11-23', sessionId: session.id, practised: 'Quick practice' } });
  return { t, ben, session };
}

async function ainoRecord(t: Team) {
  const arc = await call(t.core, 'progress:rep', { repId: t.aino.id });
  const [path] = await call(t.core, 'certifications:list', { repId: t.aino.id, focusAreaId: 'discovery' });
  const [fsrs] = await call(t.core, 'reinforcement:cards', { repId: t.aino.id });
  return {
    scorecards: arc.weeks.reduce((n, w) => n + w.scorecards, 0),
    scores: arc.scores.length,
    notes: arc.coachingNotes.length,
    verdicts: path!.verdicts.length,
    cards: fsrs!.cards.length,
  };
}

const nothing = { scorecards: 0, scores: 0, notes: 0, verdicts: 0, cards: 0 };

describe("a rep's ad-hoc role-play with a colleague", () => {
  it('is unconfirmed for the colleague, and what was written about her counts only once she confirms', async () => {
    const { t, session } = await benScoresAino();
    expect(session).toMatchObject({ createdBy: t.ben.id, confirmed: false, unconfirmedBy: [t.aino.id] });
    expect(await ainoRecord(t)).toEqual(nothing);

    const aino = t.core.access.callerFor(t.aino.id);
    // What Today lists for her to confirm.
    expect((await asOk(t, aino, 'sessions:list', { repId: t.aino.id, unconfirmed: true })).map((s) => s.id)).toEqual([session.id]);
    const confirmed = await asOk(t, aino, 'sessions:confirm', { id: session.id });
    expect(confirmed).toMatchObject({ confirmed: true, unconfirmedBy: [] });
    expect(await asOk(t, aino, 'sessions:list', { repId: t.aino.id, unconfirmed: true })).toEqual([]);
    const record = await ainoRecord(t);
    expect(record).toMatchObject({ scorecards: 1, notes: 1, verdicts: 1 });
    expect(record.scores).toBeGreaterThan(0);
    expect(record.cards).toBeGreaterThan(0);
  });

  it('is confirmed by a take Aino consented to, and the Library mean follows', async () => {
    const { t, session } = await benScoresAino();
    const librarySession = t.core.db.prepare('SELECT reviews, score FROM library_sessions WHERE session_id = ?');
    t.core.db
      .prepare(`INSERT INTO recordings (id, session_id, mode, status, mime_type, started_at) VALUES ('take1', ?, 'microphone', 'ready', 'audio/webm', '2026-11-26T13:00:00Z')`)
      .run(session.id);
    // A take without her consent changes nothing: the Library's mean leaves Ben's scores of her out.
    expect(librarySession.get(session.id)).toEqual({ reviews: 0, score: null });
    expect((await call(t.core, 'sessions:get', { id: session.id })).confirmed).toBe(false);

    t.core.db
      .prepare(`INSERT INTO recording_consents (recording_id, rep_id, confirmed_at, confirmed_by) VALUES ('take1', ?, '2026-11-26T13:00:00Z', 'Aino')`)
      .run(t.aino.id);
    expect((await call(t.core, 'sessions:get', { id: session.id })).confirmed).toBe(true);
    expect(librarySession.get(session.id)).toMatchObject({ reviews: 1 });
    expect(await ainoRecord(t)).toMatchObject({ scorecards: 1, notes: 1, verdicts: 1 });
  });

  it('may be confirmed only by the colleague: not its maker, not a stranger, not someone outside it', async () => {
    const { t, ben, session } = await benScoresAino();
    const byBen = await as(t, ben, 'sessions:confirm', { id: session.id });
    expect(byBen.ok || byBen.error.code).toBe('forbidden');
    const byPia = await as(t, t.core.access.callerFor(t.pia.id), 'sessions:confirm', { id: session.id });
    expect(byPia.ok || byPia.error.code).toBe('forbidden');
    const byStranger = await as(t, { kind: 'stranger' }, 'sessions:confirm', { id: session.id });
    expect(byStranger.ok || byStranger.error.code).toBe('unauthenticated');
    expect((await call(t.core, 'sessions:get', { id: session.id })).unconfirmedBy).toEqual([t.aino.id]);
    expect(await ainoRecord(t)).toEqual(nothing);
  });

  it('needs no confirming when someone who leads the people in it made it', async () => {
    const t = team('2026-11-27T09:00:00Z');
    const maija = t.core.access.callerFor(t.maija.id);
    const session = await asOk(t, maija, 'sessions:create', {
      focusAreaId: 'discovery',
      startsAt: '2026-11-26T13:00:00Z',
      participants: [{ repId: t.aino.id, role: 'seller' }],
    });
    expect(session).toMatchObject({ createdBy: null, confirmed: true, unconfirmedBy: [] });
  });

  it('is unconfirmed too when a coach makes it with someone they do not coach', async () => {
    const t = team('2026-11-27T09:00:00Z');
    // Otto is coach-flagged but coaches neither Aino nor anyone else.
    const otto = t.core.access.callerFor(t.otto.id);
    expect(otto).toMatchObject({ role: 'coach' });
    const session = await asOk(t, otto, 'sessions:create', {
      focusAreaId: 'discovery',
      startsAt: '2026-11-26T13:00:00Z',
      participants: [
        { repId: t.aino.id, role: 'seller' },
        { repId: t.otto.id, role: 'buyer' },
      ],
    });
    expect(session).toMatchObject({ createdBy: t.otto.id, confirmed: false, unconfirmedBy: [t.aino.id] });
  });
});
