import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/app/app';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import type { RepFilter } from '../../src/shared/people';
import { fakeApi, makeRep } from './fake-api';

const storageKey = 'reprise.coaching.me';

function setup(extra: Parameters<typeof fakeApi>[0] = {}, aino = makeRep({ name: 'Aino Virtanen' })) {
  const gone = makeRep({ name: 'Otto Left', archived: true, archivedAt: '2026-11-01T00:00:00.000Z' });
  const api = fakeApi({
    'people:list': (filter: RepFilter) => [aino, gone].filter((r) => filter?.includeArchived || !r.archived),
    'recordings:recover': () => [],
    'recordings:list': () => [],
    'schedule:list': () => [],
    'schedule:next': () => null,
    'reminders:due': () => [],
    ...extra,
  });
  window.localStorage.setItem(storageKey, gone.id);
  return { api, aino, gone };
}

function renderAt(hash: string, api: ReturnType<typeof fakeApi>, gate = false) {
  window.location.hash = hash;
  return render(
    <AppProviders api={api} language="en">
      {gate ? (
        <AccessGate>
          <App />
        </AccessGate>
      ) : (
        <App />
      )}
    </AppProviders>,
  );
}

afterEach(() => {
  window.location.hash = '';
  window.localStorage.clear();
});

describe('the person this computer belongs to', () => {
  it('on Today never shows or loads an archived person picked earlier, and asks once instead', async () => {
    const { api, gone } = setup();
    renderAt('#/today', api);
    expect(await screen.findByRole('heading', { name: 'Whose computer is this?' })).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'This computer belongs to' }) as HTMLSelectElement;
    expect(select.value).toBe('');
    expect([...select.options].map((o) => o.text)).toEqual(['Choose a person…', 'Aino Virtanen']);
    // Looking them up is how the app learns they left; nothing of theirs is asked for.
    expect(api.calls.filter((c) => c.channel !== 'people:get' && JSON.stringify(c.input ?? {}).includes(gone.id))).toEqual([]);
  });

  it('is chosen once; afterwards pages name the person and send changes to Settings, with no picker of their own', async () => {
    const { api, aino } = setup();
    const view = renderAt('#/today', api);
    fireEvent.change(await screen.findByRole('combobox', { name: 'This computer belongs to' }), { target: { value: aino.id } });
    fireEvent.click(screen.getByRole('button', { name: 'This is me' }));
    expect(await screen.findByText('You are Aino Virtanen')).toBeTruthy();
    expect(window.localStorage.getItem(storageKey)).toBe(aino.id);
    view.unmount();

    renderAt('#/coaching', api);
    expect(await screen.findByText('You are Aino Virtanen')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: /You are|belongs to/ })).toBeNull();
    expect(screen.getByRole('link', { name: 'Change' }).getAttribute('href')).toBe('#/settings?section=owner');
  });

  it('is looked up by id: Today never asks for the whole roster', async () => {
    const { api, aino } = setup();
    window.localStorage.setItem(storageKey, aino.id);
    renderAt('#/today', api);
    expect(await screen.findByText('You are Aino Virtanen')).toBeTruthy();
    expect(api.calls.filter((c) => c.channel === 'people:get').map((c) => c.input)).toContainEqual({ id: aino.id });
    expect(api.calls.filter((c) => c.channel === 'people:list')).toEqual([]);
  });

  it('is changed in Settings', async () => {
    const { api, aino } = setup({ 'settings:get': () => ({ archiveRetentionDays: 30 }) as never, 'app:info': () => ({}) as never, 'sync:status': () => localStatus });
    renderAt('#/settings?section=owner', api);
    const select = (await screen.findByRole('combobox', { name: 'This computer belongs to' })) as HTMLSelectElement;
    // The list is a page the core answers after the field shows: pick once the person is in it.
    await screen.findByRole('option', { name: 'Aino Virtanen' });
    fireEvent.change(select, { target: { value: aino.id } });
    expect(await screen.findByText('This computer now belongs to Aino Virtanen')).toBeTruthy();
    expect(window.localStorage.getItem(storageKey)).toBe(aino.id);
  });

  it('is found by searching a page of the roster, never by loading all of it', async () => {
    const many = Array.from({ length: 60 }, (_, i) => makeRep({ name: `Person ${String(i).padStart(2, '0')}` }));
    const { api } = setup({
      'people:list': (filter: RepFilter) => many.filter((r) => !filter?.query || r.name.toLowerCase().includes(filter.query.toLowerCase())),
      'settings:get': () => ({ archiveRetentionDays: 30 }) as never,
      'app:info': () => ({}) as never,
      'sync:status': () => localStatus,
    });
    renderAt('#/settings?section=owner', api);
    const select = (await screen.findByRole('combobox', { name: 'This computer belongs to' })) as HTMLSelectElement;
    await screen.findByText('The first 50 of 60 are listed: type a name, email or team to find others.');
    expect(select.options).toHaveLength(51);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search people' }), { target: { value: 'person 57' } });
    await screen.findByRole('option', { name: 'Person 57' });
    expect([...select.options].map((o) => o.text)).toEqual(['Choose a person…', 'Person 57']);
    fireEvent.change(select, { target: { value: many[57]!.id } });
    expect(await screen.findByText('This computer now belongs to Person 57')).toBeTruthy();
    expect(api.calls.filter((c) => c.channel === 'people:list')).toEqual([]);
    expect(api.calls.filter((c) => c.channel === 'people:page').map((c) => c.input)).toContainEqual({ filter: { query: 'person 57' }, limit: 50 });
  });

  it('on a team hub is the signed-in person, and nobody picks', async () => {
    const { api, aino } = setup({ 'access:me': () => ({ kind: 'person', repId: 'rep-hub', name: 'Hanna Hub', role: 'rep' }) });
    window.localStorage.setItem(storageKey, aino.id);
    renderAt('#/coaching', api, true);
    expect(await screen.findByText('You are Hanna Hub')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Change' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: /belongs to/ })).toBeNull();
  });

  it('on a desktop joined to a hub is the person it signed in as, even while the hub cannot say so', async () => {
    const aino = makeRep({ name: 'Aino Virtanen' });
    const offline = { ...localStatus, state: 'offline' as const, hubUrl: 'https://reprise.example.com', repId: aino.id, name: aino.name };
    const { api } = setup({ 'sync:status': () => offline }, aino);
    renderAt('#/today', api);
    expect(await screen.findByText('You are Aino Virtanen')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Change' })).toBeNull();
  });
});

const localStatus = {
  state: 'local' as const,
  hubUrl: null,
  repId: null,
  name: null,
  lastContactAt: null,
  uploads: { waiting: 0, uploading: 0, paused: 0, attention: 0, keptLocal: 0, done: 0 },
  outbox: { pending: 0, refused: 0 },
};
