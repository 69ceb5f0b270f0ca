import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src/shared/sync';
import { makeRep, type fakeApi } from './fake-api';
import { renderToday } from './today-fixture';

afterEach(() => {
  window.location.hash = '';
  window.localStorage.clear();
});

const localStatus = { state: 'local' } as SyncStatus;

function showToday() {
  const aino = makeRep({ name: 'Aino Virtanen' });
  const api = renderToday({ 'people:list': () => [aino], 'sync:status': () => localStatus }, { me: aino.id });
  return { api, aino };
}

/** Answers still on their way when the screen first painted are awaited, so late duplicates are counted too. */
async function settle() {
  for (let i = 0; i < 5; i++) await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

const count = (api: ReturnType<typeof fakeApi>, channel: string) => api.calls.filter((c) => c.channel === channel).length;

describe("Today's first paint", () => {
  it('asks once for the current person and once for the sync status, however many parts of the screen need them', async () => {
    const { api } = showToday();
    await screen.findByText(/Nothing is due today/);
    await settle();
    // Every part that shows "me" or the hub's state asks with the same key: one call serves them all.
    expect(count(api, 'people:get')).toBe(1);
    expect(count(api, 'sync:status')).toBe(1);
    // The people's practice and "Reinforcement due" ask the same question: once.
    expect(count(api, 'reinforcement:due')).toBe(1);
  });

  it('still asks again when the data changes', async () => {
    const { api, aino } = showToday();
    await screen.findByText(/Nothing is due today/);
    await settle();
    const before = { person: count(api, 'people:get'), sync: count(api, 'sync:status') };
    act(() => api.emit('people:changed', { ids: [aino.id] } as never));
    act(() => api.emit('sync:changed', localStatus));
    await waitFor(() => expect(count(api, 'people:get')).toBeGreaterThan(before.person));
    await waitFor(() => expect(count(api, 'sync:status')).toBeGreaterThan(before.sync));
    await settle();
    // Once again for all of them: the refresh is shared too, and none of them keeps the old answer.
    expect(count(api, 'people:get')).toBe(before.person + 1);
    expect(count(api, 'sync:status')).toBe(before.sync + 1);
  });
});
