import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import type { Capture } from '../../src/renderer/src/features/record/media-capture';
import { RecordPage } from '../../src/renderer/src/features/record/record-page';
import { fakeApi, makeRep } from './fake-api';

const capture: Capture = { stream: {} as MediaStream, preview: null, channels: 1, levels: () => [0], stop: () => undefined };

vi.mock('../../src/renderer/src/features/record/media-capture', async (original) => ({
  ...(await original<typeof import('../../src/renderer/src/features/record/media-capture')>()),
  openCapture: async () => capture,
  listDevices: async () => ({ cameras: [], mics: [] }),
}));

class FakeMediaRecorder extends EventTarget {
  static isTypeSupported = () => true;
}

const many = Array.from({ length: 60 }, (_, i) => makeRep({ name: `Person ${String(i).padStart(2, '0')}` }));

function renderRecord(people = many) {
  const api = fakeApi({
    'people:list': (filter) => people.filter((r) => !filter?.query || r.name.toLowerCase().includes(filter.query.toLowerCase())),
    'recordings:disk': () => ({ freeBytes: 50e9, lowBytes: 1e9 }) as never,
    'scenarios:list': () => [],
    'focus-areas:list': () => [{ id: 'discovery', name: 'Discovery' }] as never,
    'sync:status': () => ({ state: 'local' }) as never,
  });
  render(
    <AppProviders api={api} language="en">
      <RecordPage query={new URLSearchParams()} />
    </AppProviders>,
  );
  return api;
}

const options = (select: HTMLSelectElement) => [...select.options].map((o) => o.text);

beforeEach(() => {
  vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
});
afterEach(() => {
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe('who practises, on the Record screen', () => {
  it('finds the seller, the buyer and the person confirming by searching the roster a page at a time, never loading all of it', async () => {
    const api = renderRecord();
    const seller = (await screen.findByRole('combobox', { name: 'Seller' })) as HTMLSelectElement;
    const buyer = screen.getByRole('combobox', { name: 'Buyer' }) as HTMLSelectElement;
    await vi.waitFor(() => expect(seller.options).toHaveLength(51));

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find who sells' }), { target: { value: 'person 57' } });
    await vi.waitFor(() => expect(options(seller)).toEqual(['Choose…', 'Person 57']));
    fireEvent.change(seller, { target: { value: many[57]!.id } });

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find who buys' }), { target: { value: 'person 5' } });
    await vi.waitFor(() => expect(options(buyer)).toContain('Person 59'));
    // The seller cannot also be the buyer.
    expect([...buyer.options].find((o) => o.text === 'Person 57')?.disabled).toBe(true);
    fireEvent.change(buyer, { target: { value: many[59]!.id } });

    // A later search leaves the chosen seller chosen and named.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find who sells' }), { target: { value: 'person 0' } });
    await vi.waitFor(() => expect(options(seller)).toContain('Person 01'));
    expect(seller.value).toBe(many[57]!.id);
    expect(seller.selectedOptions[0]!.text).toBe('Person 57');

    expect(await screen.findByRole('checkbox', { name: 'Person 57 agrees to be recorded' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Person 59 agrees to be recorded' })).toBeTruthy();

    // Those taking part come first; anyone else is found by searching.
    const confirmed = screen.getByRole('combobox', { name: 'Confirmed by' }) as HTMLSelectElement;
    const takingPart = within(confirmed).getByRole('group', { name: 'Taking part' });
    expect([...takingPart.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Person 57', 'Person 59']);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find someone else to confirm' }), { target: { value: 'person 42' } });
    await vi.waitFor(() => expect(options(confirmed)).toEqual(['Choose…', 'Person 57', 'Person 59', 'Person 42']));
    fireEvent.change(confirmed, { target: { value: many[42]!.id } });
    expect(confirmed.value).toBe(many[42]!.id);

    expect(api.calls.filter((c) => c.channel === 'people:list')).toEqual([]);
    expect(api.calls.filter((c) => c.channel === 'people:page').map((c) => c.input)).toContainEqual({ filter: { query: 'person 57' }, limit: 50 });
  });

  it('says when nobody is on the roster yet', async () => {
    renderRecord([]);
    expect(await screen.findByText('Add the people who practise first.', { exact: false })).toBeTruthy();
    await act(async () => undefined);
    expect(screen.queryByRole('combobox', { name: 'Seller' })).toBeNull();
  });
});
