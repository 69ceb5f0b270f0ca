import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { SchedulePage } from '../../src/renderer/src/features/schedule/schedule-page';
import type { Program } from '../../src/shared/programs';
import { fakeApi, makeRep } from './fake-api';

const many = Array.from({ length: 60 }, (_, i) => makeRep({ name: `Person ${String(i).padStart(2, '0')}` }));

const program: Program = {
  id: 'prog-1',
  name: 'Nordics weekly',
  weekday: 'tue',
  time: '09:00',
  durationMinutes: 30,
  timeZone: 'Europe/Helsinki',
  startDate: '2026-11-03',
  endDate: null,
  skippedDates: [],
  reps: many.slice(0, 2).map((r) => ({ repId: r.id, name: r.name, email: r.email, archived: false })),
  coaches: [],
  focusAreaIds: [],
  strategy: 'mixed',
  focusStrategy: 'rotation',
  repeatWindowWeeks: 4,
  pairAcrossTeams: false,
  reminderMinutes: 15,
  archived: false,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

function setup() {
  return fakeApi({
    'people:list': (filter) => many.filter((r) => !filter?.query || r.name.toLowerCase().includes(filter.query.toLowerCase())),
    'programs:list': () => [program],
    'schedule:list': () => [],
  });
}

function renderWith(api: ReturnType<typeof fakeApi>, query: string) {
  return render(
    <AppProviders api={api} language="en">
      <SchedulePage query={new URLSearchParams(query)} />
    </AppProviders>,
  );
}

afterEach(() => {
  window.location.hash = '';
});

describe('the Schedule’s person filter', () => {
  it('finds a person by searching the roster a page at a time, never loading all of it', async () => {
    const api = setup();
    renderWith(api, '');
    const select = (await screen.findByRole('combobox', { name: 'Rep' })) as HTMLSelectElement;
    await screen.findByText('The first 50 of 60 are listed: type a name, email or team to find others.');
    expect(select.options).toHaveLength(51);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search people whose sessions to show' }), { target: { value: 'person 57' } });
    await screen.findByRole('option', { name: 'Person 57' });
    expect([...select.options].map((o) => o.text)).toEqual(['Everyone', 'Person 57']);
    fireEvent.change(select, { target: { value: many[57]!.id } });
    await waitFor(() => expect(window.location.hash).toContain(`rep=${many[57]!.id}`));
    expect(api.calls.filter((c) => c.channel === 'people:list')).toEqual([]);
    expect(api.calls.filter((c) => c.channel === 'people:page').map((c) => c.input)).toContainEqual({ filter: { query: 'person 57' }, limit: 50 });
  });

  it('names a person a link picked, though they are not on the first page, and asks for their sessions only', async () => {
    const api = setup();
    renderWith(api, `rep=${many[58]!.id}`);
    const select = (await screen.findByRole('combobox', { name: 'Rep' })) as HTMLSelectElement;
    await waitFor(() => expect(select.selectedOptions[0]?.text).toBe('Person 58'));
    expect(api.calls.filter((c) => c.channel === 'schedule:list').at(-1)?.input).toMatchObject({ repId: many[58]!.id });
    expect(api.calls.filter((c) => c.channel === 'people:list')).toEqual([]);
  });
});
