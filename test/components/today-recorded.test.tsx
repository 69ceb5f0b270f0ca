import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgramSession } from '../../src/shared/programs';
import { makeRep } from './fake-api';
import { renderToday } from './today-fixture';

afterEach(() => {
  window.location.hash = '';
  window.localStorage.clear();
});

function recordedSession() {
    const aino = makeRep({ name: 'Aino Virtanen' });
    const ben = makeRep({ name: 'Ben Okafor' });
    const session: ProgramSession = {
      id: 'session-1',
      programId: 'program-1',
      programName: 'Nordics weekly',
      weekIndex: 0,
      week: '2026-W49',
      localDate: '2026-11-30',
      timeZone: 'Europe/Helsinki',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 6_300_000).toISOString(),
      focusAreaId: 'discovery',
      focusAreaName: 'Discovery',
      status: 'scheduled',
      sequence: 0,
      participants: [
        { repId: aino.id, name: aino.name, email: aino.email, role: 'seller' },
        { repId: ben.id, name: ben.name, email: ben.email, role: 'buyer' },
      ],
      coachRepId: null,
      reason: null,
      scenarioId: null,
      scenarioTitle: null,
      notes: '',
      recordingId: 'take-1',
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
    };
    return { aino, ben, session };
}

function showToday(owed: boolean) {
    const { aino, ben, session } = recordedSession();
    const toWrite = owed
      ? [{ session: { id: session.id, title: 'Role-play', focusAreaId: 'discovery', focusAreaName: 'Discovery', startsAt: session.startsAt, status: 'scheduled' as const }, reviewee: { id: aino.id, name: aino.name }, role: 'self' as const, scorecardId: null, status: null }]
      : [];
    renderToday({ 'people:list': () => [aino, ben], 'schedule:next': () => session, 'schedule:list': () => [session], 'scorecards:to-write': () => toWrite }, { me: aino.id });
}

describe('Today', () => {
  it('shows a session with a take as recorded, with links to the take and to its scorecard', async () => {
    showToday(true);
    const next = await screen.findByTestId('today-next');
    expect(within(next).getByText('Recorded')).toBeTruthy();
    expect(within(next).getByRole('link', { name: 'Score this role-play' }).getAttribute('href')).toBe('#/coaching?session=session-1');
    expect(within(next).getByRole('link', { name: 'Watch the take' }).getAttribute('href')).toBe('#/library/take-1');
    expect(within(next).queryByRole('link', { name: 'Start recording' })).toBeNull();
    const week = await screen.findByTestId('today-week');
    expect(within(week).getByRole('link', { name: /^Scorecard/ }).getAttribute('href')).toBe('#/coaching?session=session-1');
    expect(within(week).getByRole('link', { name: /^Take/ }).getAttribute('href')).toBe('#/library/take-1');
  });

  it('stops asking for a scorecard once it is written', async () => {
    showToday(false);
    const next = await screen.findByTestId('today-next');
    expect(await within(next).findByText('Your scorecard is in')).toBeTruthy();
    expect(within(next).queryByRole('link', { name: 'Score this role-play' })).toBeNull();
    expect(within(next).getByRole('link', { name: 'Watch the take' })).toBeTruthy();
    const week = await screen.findByTestId('today-week');
    expect(within(week).queryByRole('link', { name: /^Scorecard/ })).toBeNull();
  });
});

describe('Today for someone who plays in no program', () => {
  function showNothing(role: 'coach' | 'rep', language: 'en' | 'fi' = 'en') {
    const { aino, ben, session } = recordedSession();
    const cole = makeRep({ name: 'Cole Coach' });
    const me = role === 'coach' ? cole : aino;
    renderToday(
      {
        'access:me': () => ({ kind: 'person', repId: me.id, name: me.name, role }),
        'people:list': () => [aino, ben, cole],
        'schedule:list': () => (role === 'coach' ? [session] : []),
      },
      { me: me.id, language },
    );
    return { me };
  }

  it('tells a coach in the subtitle and shows no large empty card above their people’s week', async () => {
    showNothing('coach');
    expect(await screen.findByText('Hi Cole Coach: no role-play of your own is planned. Your people’s week is below.')).toBeTruthy();
    expect(screen.queryByText('Nothing scheduled for you')).toBeNull();
  });

  it('says it in Finnish too', async () => {
    showNothing('coach', 'fi');
    expect(await screen.findByText('Hei Cole Coach, sinulle itsellesi ei ole suunniteltu roolipeliä. Ihmistesi viikko näkyy alla.')).toBeTruthy();
  });

  it('still shows a rep the empty card that says where their role-play will appear', async () => {
    showNothing('rep');
    expect(await screen.findByText('Nothing scheduled for you')).toBeTruthy();
    expect(screen.getByText('When you are in a program, your next role-play shows up here.')).toBeTruthy();
  });
});
