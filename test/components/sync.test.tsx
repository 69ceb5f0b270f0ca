import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/app/app';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ApiError } from '../../src/renderer/src/api/api';
import type { Capture } from '../../src/renderer/src/features/record/media-capture';
import { RecordPage } from '../../src/renderer/src/features/record/record-page';
import { useQueuedIsSaved } from '../../src/renderer/src/features/sync/use-queued';
import type { OutboxItem, OutgoingUpload, SyncStatus } from '../../src/shared/sync';
import { fakeApi, makeRep, syncStatus } from './fake-api';

const capture: Capture = { stream: {} as MediaStream, preview: null, channels: 1, levels: () => [0], stop: () => undefined };

vi.mock('../../src/renderer/src/features/record/media-capture', async (original) => ({
  ...(await original<typeof import('../../src/renderer/src/features/record/media-capture')>()),
  openCapture: async () => capture,
  listDevices: async () => ({ cameras: [], mics: [] }),
}));

class FakeMediaRecorder extends EventTarget {
  static isTypeSupported = () => true;
  state: 'inactive' | 'recording' | 'paused' = 'inactive';
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  start() {
    this.state = 'recording';
  }
  stop() {
    this.state = 'inactive';
    this.dispatchEvent(new Event('stop'));
  }
}

const status = syncStatus;

function upload(overrides: Partial<OutgoingUpload>): OutgoingUpload {
  return {
    recordingId: 'rec-1',
    sessionId: 's1',
    sessionTitle: 'Aino and Ben practise discovery',
    state: 'waiting',
    bytesSent: 0,
    bytesTotal: 10_000_000,
    attempts: 0,
    error: null,
    updatedAt: '2026-11-30T09:00:00.000Z',
    ...overrides,
  };
}

const shellHandlers = {
  'people:list': () => [],
  'recordings:recover': () => [],
  'reminders:due': () => [],
  'settings:get': () => ({ archiveRetentionDays: 30 }) as never,
  'app:info': () => ({}) as never,
};

function renderApp(hash: string, api: ReturnType<typeof fakeApi>) {
  window.location.hash = hash;
  return render(
    <AppProviders api={api} language="en">
      <App />
    </AppProviders>,
  );
}

beforeEach(() => {
  vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
});
afterEach(() => {
  vi.unstubAllGlobals();
  window.location.hash = '';
  window.localStorage.clear();
});

describe('the sync status in the sidebar', () => {
  it('is not there for a data folder of its own', async () => {
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status({ state: 'local', hubUrl: null, repId: null, name: null, lastContactAt: null }) });
    renderApp('#/settings', api);
    await screen.findByRole('heading', { name: 'Settings' });
    await act(async () => undefined);
    expect(screen.queryByText('Online')).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Team hub' })).toBeNull();
  });

  it('says online, then offline with the time of the data shown, then sending, then signed out', async () => {
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status(), 'sync:uploads': () => [], 'sync:outbox': () => [] });
    renderApp('#/today', api);
    const link = (await screen.findByText('Online')).closest('a')!;
    expect(link.getAttribute('href')).toBe('#/settings?section=hub');

    act(() => api.emit('sync:changed', status({ state: 'offline' })));
    expect(within(link).getByText('Offline')).toBeTruthy();
    expect(within(link).getByText(/^Showing data from .*2026/)).toBeTruthy();

    act(() => api.emit('sync:changed', status({ state: 'syncing', uploads: { waiting: 0, uploading: 1, paused: 0, attention: 1, keptLocal: 0, done: 0 } })));
    expect(within(link).getByText('Sending…')).toBeTruthy();
    expect(within(link).getByText('1 needs attention')).toBeTruthy();

    act(() => api.emit('sync:changed', status({ state: 'signed-out' })));
    expect(within(link).getByText('Signed out')).toBeTruthy();
    expect(within(link).getByText('Connect again')).toBeTruthy();
  });
});

describe('the Team hub section in Settings', () => {
  it('shows each take going up with its progress, and retries, pauses and resumes it', async () => {
    let uploads = [
      upload({ recordingId: 'rec-1', state: 'uploading', bytesSent: 1_000_000 }),
      upload({ recordingId: 'rec-2', sessionTitle: 'Ben practises a demo', state: 'attention', error: 'The team hub refused this take (HTTP 413).' }),
      upload({ recordingId: 'rec-3', sessionTitle: 'Otto and Aino practise closing', state: 'kept-local' }),
    ];
    const api = fakeApi({
      ...shellHandlers,
      'sync:status': () => status({ state: 'syncing' }),
      'sync:uploads': () => uploads,
      'sync:outbox': () => [],
      'sync:retry': ({ recordingId }) => {
        uploads = uploads.map((u) => (u.recordingId === recordingId ? { ...u, state: 'waiting', error: null } : u));
        return uploads.find((u) => u.recordingId === recordingId)!;
      },
      'sync:pause': ({ recordingId, paused }) => {
        uploads = uploads.map((u) => (u.recordingId === recordingId ? { ...u, state: paused ? 'paused' : 'waiting' } : u));
        return uploads.find((u) => u.recordingId === recordingId)!;
      },
    });
    renderApp('#/settings?section=hub', api);
    expect(await screen.findByRole('heading', { name: 'Team hub' })).toBeTruthy();
    expect(screen.getByText('Connected to https://reprise.example.com as Aino Virtanen.')).toBeTruthy();

    const bar = await screen.findByRole('progressbar', { name: 'Upload of Aino and Ben practise discovery' });
    expect(bar.getAttribute('aria-valuenow')).toBe('10');
    act(() => api.emit('sync:progress', { recordingId: 'rec-1', bytesSent: 7_500_000, bytesTotal: 10_000_000 }));
    expect(bar.getAttribute('aria-valuenow')).toBe('75');
    expect(screen.getByText('7.5 MB of 10 MB')).toBeTruthy();

    expect(screen.getByText('The team hub refused this take (HTTP 413).')).toBeTruthy();
    expect(screen.getByText('Stays on this computer: not everyone agreed to share it with the team hub.')).toBeTruthy();
    expect(screen.queryByRole('progressbar', { name: 'Upload of Otto and Aino practise closing' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Try sending Ben practises a demo again' }));
    await vi.waitFor(() => expect(api.calls.find((c) => c.channel === 'sync:retry')?.input).toEqual({ recordingId: 'rec-2' }));
    expect(await screen.findByRole('button', { name: 'Pause sending Ben practises a demo' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Pause sending Aino and Ben practise discovery' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Resume sending Aino and Ben practise discovery' }));
    await vi.waitFor(() =>
      expect(api.calls.filter((c) => c.channel === 'sync:pause').map((c) => c.input)).toEqual([
        { recordingId: 'rec-1', paused: true },
        { recordingId: 'rec-1', paused: false },
      ]),
    );
  });

  it('says what the hub refused and why, and that the copy here is kept', async () => {
    const outbox: OutboxItem[] = [
      { id: 'o1', seq: 1, channel: 'scorecards:submit', state: 'refused', attempts: 1, error: 'This session was cancelled.', errorCode: 'conflict', input: { id: 'card-1' }, createdAt: '2026-11-30T08:00:00.000Z', subjectId: 'card-1', theirs: null },
      { id: 'o2', seq: 2, channel: 'coaching-notes:save', state: 'pending', attempts: 0, error: null, errorCode: null, input: { fields: {} }, createdAt: '2026-11-30T08:05:00.000Z', subjectId: null, theirs: null },
    ];
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status({ state: 'offline', outbox: { pending: 1, refused: 1 } }), 'sync:uploads': () => [], 'sync:outbox': () => outbox });
    renderApp('#/settings?section=hub', api);
    const refused = (await screen.findByText('Submitted scorecard')).closest('li')!;
    expect(within(refused).getByText('Refused by the team hub')).toBeTruthy();
    expect(within(refused).getByText('Why: This session was cancelled. The copy on this computer is kept.')).toBeTruthy();
    const waiting = screen.getByText('Coaching note').closest('li')!;
    expect(within(waiting).getByText('Waiting to send')).toBeTruthy();
    expect(screen.getByText(/The team hub cannot be reached\. You can still record and score/)).toBeTruthy();
  });

  it('lets a refused change be edited and sent again, or discarded after asking, and says why a change or take waits', async () => {
    let outbox: OutboxItem[] = [
      { id: 'o1', seq: 1, channel: 'coaching-notes:save', state: 'refused', attempts: 1, error: 'You do not have access to this.', errorCode: 'forbidden', input: { id: '01900000-0000-7000-8000-000000000001', fields: { practised: 'Open questions', weekOf: '2026-11-23' } }, createdAt: '2026-11-30T08:00:00.000Z', subjectId: '01900000-0000-7000-8000-000000000001', theirs: null },
      { id: 'o2', seq: 2, channel: 'markers:add', state: 'refused', attempts: 1, error: 'That recording does not exist (any more).', errorCode: 'not_found', input: { recordingId: 'r1', offsetMs: 10, note: 'Nice', tag: null }, createdAt: '2026-11-30T08:01:00.000Z', subjectId: null, theirs: null },
      { id: 'o3', seq: 3, channel: 'scorecards:save-draft', state: 'pending', attempts: 2, error: 'The team hub could not take this now (HTTP 500: database or disk is full).', errorCode: null, input: { id: 'c1' }, createdAt: '2026-11-30T08:02:00.000Z', subjectId: 'c1', theirs: null },
    ];
    const uploads: OutgoingUpload[] = [
      { recordingId: 'rec-1', sessionId: 's1', sessionTitle: 'Aino practises discovery', state: 'waiting', bytesSent: 0, bytesTotal: 1000, attempts: 1, error: 'The team hub is running out of disk space (1.0 GB free, and it keeps 2.0 GB free), so it cannot take this take now. It stays on this computer and goes up when an admin has made room on the hub.', updatedAt: '2026-11-30T08:00:00.000Z' },
    ];
    const api = fakeApi({
      ...shellHandlers,
      'sync:status': () => status({ state: 'online', outbox: { pending: 1, refused: 2 } }),
      'sync:uploads': () => uploads,
      'sync:outbox': () => outbox,
      'sync:outbox-resend': ({ id }) => {
        outbox = outbox.map((i) => (i.id === id ? { ...i, id: 'o4', state: 'pending', error: null, errorCode: null } : i));
        return outbox.find((i) => i.id === 'o4')!;
      },
      'sync:outbox-discard': ({ id }) => {
        outbox = outbox.filter((i) => i.id !== id);
        return { id };
      },
    });
    renderApp('#/settings?section=hub', api);
    expect(await screen.findByText(/Waiting because: The team hub is running out of disk space/)).toBeTruthy();
    expect(screen.getByText('Waiting because: The team hub could not take this now (HTTP 500: database or disk is full).')).toBeTruthy();

    // An access refusal is said in the app's own words.
    expect(screen.getByText(/^Why: Your role does not allow this\./)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Coaching note and send it again' }));
    // Only the words are offered for editing, not ids or dates.
    const text = screen.getByRole('textbox', { name: 'Text 1' }) as HTMLTextAreaElement;
    expect(text.value).toBe('Open questions');
    expect(screen.queryByRole('textbox', { name: 'Text 2' })).toBeNull();
    fireEvent.change(text, { target: { value: 'Open questions first' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send again' }));
    await vi.waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'sync:outbox-resend')?.input).toEqual({
        id: 'o1',
        input: { id: '01900000-0000-7000-8000-000000000001', fields: { practised: 'Open questions first', weekOf: '2026-11-23' } },
      }),
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Discard New marker' }));
    expect(api.calls.some((c) => c.channel === 'sync:outbox-discard')).toBe(false);
    fireEvent.click(within(screen.getByRole('group', { name: 'Discard New marker' })).getByRole('button', { name: 'Discard' }));
    await vi.waitFor(() => expect(api.calls.find((c) => c.channel === 'sync:outbox-discard')?.input).toEqual({ id: 'o2' }));
    await vi.waitFor(() => expect(screen.queryByText('New marker')).toBeNull());
  });

  it('says in Finnish why a take waits on a full hub disk', async () => {
    const uploads: OutgoingUpload[] = [
      { recordingId: 'rec-1', sessionId: 's1', sessionTitle: 'Aino practises discovery', state: 'waiting', bytesSent: 0, bytesTotal: 1000, attempts: 1, error: 'The team hub is running out of disk space (1.0 GB free, and it keeps 2.0 GB free), so it cannot take this take now. It stays on this computer and goes up when an admin has made room on the hub.', updatedAt: '2026-11-30T08:00:00.000Z' },
    ];
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status({ state: 'online' }), 'sync:uploads': () => uploads, 'sync:outbox': () => [] });
    window.location.hash = '#/settings?section=hub';
    render(
      <AppProviders api={api} language="fi">
        <App />
      </AppProviders>,
    );
    expect(await screen.findByText(/Odottaa, koska: Tiimin palvelimen levytila on loppumassa \(vapaana 1,0 Gt, ja se pitää vapaana 2,0 Gt\)/)).toBeTruthy();
  });
});

describe('a change made on an older version than the hub has', () => {
  it('shows mine beside theirs and sends the merged text when asked', async () => {
    const conflict: OutboxItem = {
      id: 'o1',
      seq: 1,
      errorCode: 'stale_revision',
      channel: 'scorecards:save-draft',
      state: 'refused',
      attempts: 1,
      error: 'This was changed elsewhere.',
      createdAt: '2026-11-30T08:00:00.000Z',
      subjectId: 'card-1',
      input: { id: 'card-1', sections: { 'went-well': 'From the desktop' } },
      theirs: { id: 'card-1', updatedAt: '2026-11-30T09:00:00.000Z', sections: { 'went-well': 'From the laptop' }, template: { sections: [{ key: 'went-well', title: 'What went well' }] } },
    };
    const api = fakeApi({
      ...shellHandlers,
      'sync:status': () => status({ outbox: { pending: 0, refused: 1 } }),
      'sync:uploads': () => [],
      'sync:outbox': () => [conflict],
      'sync:resolve': () => [],
    });
    renderApp('#/settings?section=hub', api);
    expect(await screen.findByText('Changed on the team hub too')).toBeTruthy();
    expect(screen.getByText('From the desktop')).toBeTruthy();
    expect(screen.getByText('From the laptop')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Keep mine' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Keep theirs' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Merge text' }));
    const box = screen.getByLabelText('Merged text: What went well') as HTMLTextAreaElement;
    expect(box.value).toBe('From the laptop\n\nFrom the desktop');
    fireEvent.change(box, { target: { value: 'From both' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the merged text' }));
    await vi.waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'sync:resolve')?.input).toEqual({ id: 'o1', keep: 'merged', merged: { sections: { 'went-well': 'From both' } } }),
    );
  });
});

describe('a comment or clip edited on an older version than the hub has', () => {
  const base = { seq: 1, errorCode: 'stale_revision', state: 'refused' as const, attempts: 1, error: 'This was changed elsewhere.', createdAt: '2026-11-30T08:00:00.000Z' };

  it('shows the comment both ways in Finnish and keeps theirs when asked', async () => {
    const conflict: OutboxItem = {
      ...base,
      id: 'o1',
      channel: 'comments:update',
      subjectId: 'c1',
      input: { id: 'c1', body: 'Kysy budjetista ja aikataulusta' },
      theirs: { id: 'c1', recordingId: 'r1', updatedAt: '2026-11-30T09:00:00.000Z', body: 'Kysy budjetista ensin' },
    };
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status({ outbox: { pending: 0, refused: 1 } }), 'sync:uploads': () => [], 'sync:outbox': () => [conflict], 'sync:resolve': () => [] });
    window.location.hash = '#/settings?section=hub';
    render(
      <AppProviders api={api} language="fi">
        <App />
      </AppProviders>,
    );
    expect(await screen.findByText('Muokattu kommentti')).toBeTruthy();
    expect(screen.getByText('Muutettu myös tiimin palvelimella')).toBeTruthy();
    expect(screen.getByText('Kommentti')).toBeTruthy();
    expect(screen.getByText('Kysy budjetista ja aikataulusta')).toBeTruthy();
    expect(screen.getByText('Kysy budjetista ensin')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Säilytä heidän' }));
    await vi.waitFor(() => expect(api.calls.find((c) => c.channel === 'sync:resolve')?.input).toEqual({ id: 'o1', keep: 'theirs' }));
  });

  it('merges a clip title on one line and sends it with the rest of my edit', async () => {
    const conflict: OutboxItem = {
      ...base,
      id: 'o2',
      channel: 'clips:update',
      subjectId: 'k1',
      input: { id: 'k1', patch: { endMs: 1500, title: 'Opening, from B' } },
      theirs: { id: 'k1', recordingId: 'r1', updatedAt: '2026-11-30T09:00:00.000Z', title: 'Opening, from A', startMs: 0, endMs: 1000 },
    };
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status({ outbox: { pending: 0, refused: 1 } }), 'sync:uploads': () => [], 'sync:outbox': () => [conflict], 'sync:resolve': () => [] });
    renderApp('#/settings?section=hub', api);
    expect(await screen.findByText('Edited clip')).toBeTruthy();
    expect(screen.getByText('Opening, from B')).toBeTruthy();
    expect(screen.getByText('Opening, from A')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Merge text' }));
    const box = screen.getByLabelText('Merged text: Clip title') as HTMLTextAreaElement;
    expect(box.value).toBe('Opening, from A – Opening, from B');
    fireEvent.change(box, { target: { value: 'Opening, from both' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the merged text' }));
    await vi.waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'sync:resolve')?.input).toEqual({ id: 'o2', keep: 'merged', merged: { patch: { endMs: 1500, title: 'Opening, from both' } } }),
    );
  });
});

describe('a marker edited or deleted on an older version than the hub has', () => {
  const base = { seq: 1, errorCode: 'stale_revision', state: 'refused' as const, attempts: 1, error: 'This was changed elsewhere.', createdAt: '2026-11-30T08:00:00.000Z' };
  const theirs = { id: 'm1', recordingId: 'r1', offsetMs: 1200, tag: null, createdAt: '2026-11-30T07:00:00.000Z', updatedAt: '2026-11-30T09:00:00.000Z', note: 'Budget came up late: ask early' };

  it('shows the two notes and sends a merged note in place of mine', async () => {
    const conflict: OutboxItem = { ...base, id: 'o1', channel: 'markers:update', subjectId: 'm1', input: { id: 'm1', note: 'Budget came up late. Ask who signs' }, theirs };
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status({ outbox: { pending: 0, refused: 1 } }), 'sync:uploads': () => [], 'sync:outbox': () => [conflict], 'sync:resolve': () => [] });
    renderApp('#/settings?section=hub', api);
    expect(await screen.findByText('Edited marker')).toBeTruthy();
    expect(screen.getByText('Marker note')).toBeTruthy();
    expect(screen.getByText('Budget came up late. Ask who signs')).toBeTruthy();
    expect(screen.getByText('Budget came up late: ask early')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Merge text' }));
    const box = screen.getByLabelText('Merged text: Marker note') as HTMLTextAreaElement;
    expect(box.value).toBe('Budget came up late: ask early\n\nBudget came up late. Ask who signs');
    fireEvent.change(box, { target: { value: 'Budget came up late: ask early, and who signs' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send the merged text' }));
    await vi.waitFor(() =>
      expect(api.calls.find((c) => c.channel === 'sync:resolve')?.input).toEqual({ id: 'o1', keep: 'merged', merged: { note: 'Budget came up late: ask early, and who signs' } }),
    );
  });

  it('says in Finnish that the marker was deleted here and changed there, and keeps theirs when asked', async () => {
    const conflict: OutboxItem = { ...base, id: 'o2', channel: 'markers:delete', subjectId: 'm1', input: { id: 'm1' }, theirs };
    const api = fakeApi({ ...shellHandlers, 'sync:status': () => status({ outbox: { pending: 0, refused: 1 } }), 'sync:uploads': () => [], 'sync:outbox': () => [conflict], 'sync:resolve': () => [] });
    window.location.hash = '#/settings?section=hub';
    render(
      <AppProviders api={api} language="fi">
        <App />
      </AppProviders>,
    );
    expect(await screen.findByText(/Poistit tämän merkinnän täällä; tiimin palvelimella sen muistiinpano on nyt ”Budget came up late: ask early”/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Yhdistä tekstit' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Säilytä heidän' }));
    await vi.waitFor(() => expect(api.calls.find((c) => c.channel === 'sync:resolve')?.input).toEqual({ id: 'o2', keep: 'theirs' }));
  });
});

describe('a write kept offline', () => {
  function Saver() {
    const queued = useQueuedIsSaved();
    return (
      <button type="button" onClick={() => void queued(Promise.reject(new ApiError({ code: 'queued_offline', message: 'Saved on this computer.' })))}>
        save
      </button>
    );
  }

  it('is said calmly, as saved, not as an error', async () => {
    render(
      <AppProviders api={fakeApi({})} language="en">
        <Saver />
      </AppProviders>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'save' }));
    const toast = (await screen.findByText('Saved on this computer; it goes to the hub when it can be reached.')).closest('.toast')!;
    expect(toast.className).toContain('toast--info');
  });
});

describe('consent on a desktop joined to a hub', () => {
  const aino = makeRep({ name: 'Aino Virtanen' });
  const ben = makeRep({ name: 'Ben Okoro' });
  const session = {
    id: 's1',
    title: 'Aino and Ben practise discovery',
    focusAreaId: 'discovery',
    focusAreaName: 'Discovery',
    scenarioId: null,
    participants: [
      { repId: aino.id, name: aino.name, role: 'seller' },
      { repId: ben.id, name: ben.name, role: 'buyer' },
    ],
  };

  function renderRecord(state: SyncStatus['state']) {
    const api = fakeApi({
      'people:list': () => [aino, ben],
      'sessions:get': () => session as never,
      'recordings:disk': () => ({ freeBytes: 50e9, lowBytes: 1e9 }) as never,
      'scenarios:list': () => [],
      'focus-areas:list': () => [],
      'sync:status': () => status({ state }),
      'recordings:start': () => ({ id: 'rec-1' }) as never,
    });
    render(
      <AppProviders api={api} language="en">
        <RecordPage query={new URLSearchParams('session=s1')} />
      </AppProviders>,
    );
    return api;
  }

  it('is not asked of a data folder of its own', async () => {
    renderRecord('local');
    expect(await screen.findByRole('checkbox', { name: 'Aino Virtanen agrees to be recorded' })).toBeTruthy();
    await act(async () => undefined);
    expect(screen.queryByRole('checkbox', { name: /share it with the team hub/ })).toBeNull();
  });

  it('asks each person a second question and sends their answers with the take', async () => {
    const api = renderRecord('online');
    const share = await screen.findByRole('checkbox', { name: 'Ben Okoro agrees to share it with the team hub for coaching and analysis' });
    expect(screen.getByText(/Unless everyone agrees to share it, the take stays on this computer/)).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Aino Virtanen agrees to be recorded' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Ben Okoro agrees to be recorded' }));
    fireEvent.click(share);
    fireEvent.change(screen.getByRole('combobox', { name: 'Confirmed by' }), { target: { value: aino.id } });
    const start = screen.getByRole('button', { name: 'Start recording' }) as HTMLButtonElement;
    await vi.waitFor(() => expect(start.disabled).toBe(false));
    fireEvent.click(start);
    await vi.waitFor(() => expect(api.calls.find((c) => c.channel === 'recordings:start')).toBeTruthy(), { timeout: 6000 });
    expect((api.calls.find((c) => c.channel === 'recordings:start')!.input as { consents: unknown }).consents).toEqual([
      { repId: aino.id, share: false },
      { repId: ben.id, share: true },
    ]);
  }, 10_000);
});
