import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/app/app';
import { AppProviders } from '../../src/renderer/src/app/providers';
import type { RepFilter } from '../../src/shared/people';
import { fakeApi, makeRep } from './fake-api';

const storageKey = 'reprise.coaching.me';

function setup() {
  const aino = makeRep({ name: 'Aino Virtanen' });
  const gone = makeRep({ name: 'Otto Left', archived: true, archivedAt: '2026-11-01T00:00:00.000Z' });
  const api = fakeApi({
    'people:list': (filter: RepFilter) => [aino, gone].filter((r) => filter?.includeArchived || !r.archived),
    'recordings:recover': () => [],
    'recordings:list': () => [],
  });
  window.localStorage.setItem(storageKey, gone.id);
  return { api, aino, gone };
}

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
  window.localStorage.clear();
});

describe('"You are"', () => {
  it('on Today never shows or loads an archived person picked earlier', async () => {
    const { api, gone } = setup();
    renderAt('#/today', api);
    expect(await screen.findByRole('heading', { name: 'Who is practising today?' })).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'You are' }) as HTMLSelectElement;
    expect(select.value).toBe('');
    expect([...select.options].map((o) => o.text)).toEqual(['Pick your name…', 'Aino Virtanen']);
    expect(api.calls.filter((c) => JSON.stringify(c.input ?? {}).includes(gone.id))).toEqual([]);
  });

  it('in Coaching asks who is using the app instead of the archived person', async () => {
    const { api } = setup();
    renderAt('#/coaching', api);
    expect(await screen.findByRole('heading', { name: 'Who is using Reprise here?' })).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'You are' }) as HTMLSelectElement).value).toBe('');
  });
});
