import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/app/app';
import { AppProviders } from '../../src/renderer/src/app/providers';
import type { Recording } from '../../src/shared/recordings';
import type { Session } from '../../src/shared/sessions';
import { fakeApi, makeRep } from './fake-api';

function renderAt(hash: string, api: ReturnType<typeof fakeApi>) {
  window.location.hash = hash;
  return render(
    <AppProviders api={api} language="en">
      <App />
    </AppProviders>,
  );
}

afterEach(() => {
  window.location.hash = '';
});

function makeSession(overrides: Partial<Session> = {}): Session {
  return {
    id: 'session-1',
    programId: null,
    focusAreaId: 'discovery',
    focusAreaName: 'Discovery',
    title: '',
    startsAt: null,
    endsAt: null,
    status: 'scheduled',
    scenarioId: null,
    notes: '',
    sequence: 0,
    participants: [],
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

function makeRecording(overrides: Partial<Recording> = {}): Recording {
  return {
    id: 'rec-1',
    sessionId: 'session-1',
    mode: 'camera',
    status: 'ready',
    mimeType: 'video/webm',
    sizeBytes: 1000,
    durationMs: 60_000,
    sha256: null,
    channels: 1,
    channelMap: null,
    hasVideo: false,
    videoWidth: null,
    videoHeight: null,
    hasThumbnail: false,
    recovered: false,
    error: null,
    sourceName: null,
    startedAt: '2026-11-20T09:05:00.000Z',
    stoppedAt: null,
    finalizedAt: null,
    mediaProblem: null,
    mediaCheckedAt: null,
    consents: [],
    ...overrides,
  };
}

const aino = makeRep({ name: 'Aino Virtanen' });
const ben = makeRep({ name: 'Ben Okafor' });
const pair = [
  { repId: aino.id, name: aino.name, email: aino.email, role: 'seller' as const },
  { repId: ben.id, name: ben.name, email: ben.email, role: 'buyer' as const },
];

describe('Library', () => {
  it('has its own subtitle and tells two takes of one session apart', async () => {
    const api = fakeApi({
      'recordings:list': () => [
        makeRecording({ id: 'second', startedAt: '2026-11-20T09:30:00.000Z' }),
        makeRecording({ id: 'first', startedAt: '2026-11-20T09:05:00.000Z' }),
        makeRecording({ id: 'other', sessionId: 'session-2', startedAt: '2026-11-19T09:05:00.000Z' }),
      ],
      'sessions:list': () => [makeSession({ participants: pair }), makeSession({ id: 'session-2', participants: pair })],
    });
    renderAt('#/library', api);
    expect(await screen.findByText('Every role-play you recorded or imported, ready to review.')).toBeTruthy();
    const titles = await screen.findAllByRole('link', { name: /^Discovery · Aino Virtanen & Ben Okafor/ });
    expect(titles.map((a) => a.textContent)).toEqual([
      'Discovery · Aino Virtanen & Ben Okafor · Take 2',
      'Discovery · Aino Virtanen & Ben Okafor · Take 1',
      'Discovery · Aino Virtanen & Ben Okafor',
    ]);
  });
});

describe('a take kept on this computer', () => {
  it('says so next to it in the Library and on its page', async () => {
    const uploads = [
      { recordingId: 'kept', sessionId: 'session-1', sessionTitle: '', state: 'kept-local' as const, bytesSent: 0, bytesTotal: 1000, attempts: 0, error: null, updatedAt: '2026-11-20T09:10:00.000Z' },
      { recordingId: 'sent', sessionId: 'session-1', sessionTitle: '', state: 'done' as const, bytesSent: 1000, bytesTotal: 1000, attempts: 1, error: null, updatedAt: '2026-11-20T09:10:00.000Z' },
    ];
    const api = fakeApi({
      'recordings:list': () => [makeRecording({ id: 'kept' }), makeRecording({ id: 'sent', startedAt: '2026-11-20T08:05:00.000Z' })],
      'recordings:get': () => ({ ...makeRecording({ id: 'kept', durationMs: null }), markers: [] }),
      'recordings:peaks': () => null as never,
      'sessions:list': () => [makeSession({ participants: pair })],
      'sessions:get': () => makeSession({ participants: pair }),
      'sync:status': () => ({
        state: 'online',
        hubUrl: 'https://reprise.example.com',
        repId: aino.id,
        name: aino.name,
        lastContactAt: null,
        uploads: { waiting: 0, uploading: 0, paused: 0, attention: 0, keptLocal: 1, done: 1 },
        outbox: { pending: 0, refused: 0 },
      }),
      'sync:uploads': () => uploads,
    });
    const note = 'Stays on this computer: not everyone agreed to share it with the team hub.';
    const view = renderAt('#/library', api);
    await waitFor(() => expect(screen.getAllByText(note)).toHaveLength(1));
    // The newer take (Take 2) is the one kept here.
    expect(within(screen.getByText(note).closest('li')!).getByRole('link', { name: /Take 2/ })).toBeTruthy();
    view.unmount();

    renderAt('#/library/kept', api);
    expect(await screen.findByText(note)).toBeTruthy();
  });
});

describe('Import recording', () => {
  it('groups the sessions by day and leaves out cancelled ones', async () => {
    const api = fakeApi({
      'recordings:list': () => [],
      'sessions:list': () => [
        makeSession({ id: 'wed', startsAt: '2026-11-25T13:00:00.000Z', participants: pair }),
        makeSession({ id: 'cancelled', startsAt: '2026-11-25T15:00:00.000Z', status: 'cancelled', participants: pair }),
        makeSession({ id: 'tue', startsAt: '2026-11-24T13:00:00.000Z', participants: pair }),
      ],
      'focus-areas:list': () => [],
    });
    renderAt('#/library', api);
    fireEvent.click((await screen.findAllByRole('button', { name: 'Import recording' }))[0]!);
    const picker = await screen.findByLabelText('Session');
    await waitFor(() => expect(picker.querySelectorAll('optgroup')).toHaveLength(2));
    const groups = [...picker.querySelectorAll('optgroup')];
    expect(groups.map((g) => g.label)).toEqual([expect.stringMatching(/Nov 25, 2026/), expect.stringMatching(/Nov 24, 2026/)]);
    expect(groups.map((g) => [...g.querySelectorAll('option')].map((o) => o.value))).toEqual([['wed'], ['tue']]);
  });
});

describe('A recording without participants', () => {
  it('can be given its seller and buyer afterwards', async () => {
    let session = makeSession({ title: 'Imported: call.mp4' });
    const api = fakeApi({
      'recordings:get': () => ({ ...makeRecording({ mode: 'import', sourceName: 'call.mp4', durationMs: null }), markers: [] }),
      'recordings:list': () => [makeRecording({ mode: 'import' })],
      'recordings:peaks': () => ({ resolutionMs: 50, channels: [[0]] }),
      'sessions:get': () => session,
      'people:list': () => [aino, ben],
      'sessions:update': ({ patch }) => {
        session = makeSession({ participants: (patch.participants ?? []).map((p) => pair.find((x) => x.repId === p.repId)!) });
        return session;
      },
    });
    renderAt('#/library/rec-1', api);
    const card = await screen.findByRole('region', { name: 'Who took part' });
    await waitFor(() => expect(within(card).getAllByRole('option', { name: 'Aino Virtanen' })).toHaveLength(2));
    fireEvent.change(within(card).getByLabelText(/Seller/), { target: { value: aino.id } });
    fireEvent.change(within(card).getByLabelText('Buyer'), { target: { value: ben.id } });
    fireEvent.click(within(card).getByRole('button', { name: 'Save who took part' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Who took part' })).toBeNull());
    expect(api.calls.find((c) => c.channel === 'sessions:update')?.input).toEqual({
      id: 'session-1',
      patch: { participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }] },
    });
    expect(await screen.findByRole('heading', { name: 'Discovery · Aino Virtanen & Ben Okafor' })).toBeTruthy();
  });
});
