import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { PeopleMultiPicker } from '../../src/renderer/src/features/people/people-multi-picker';
import type { PickedPerson } from '../../src/renderer/src/features/people/person-picker';
import type { Rep, RepFilter } from '../../src/shared/people';
import { fakeApi, makeRep } from './fake-api';

const many = Array.from({ length: 80 }, (_, i) => makeRep({ name: `Person ${String(i).padStart(2, '0')}` }));
const roster = (people: Rep[]) => (filter: RepFilter | undefined) =>
  people.filter((p) => (filter?.includeArchived || !p.archived) && (!filter?.query || p.name.toLowerCase().includes(filter.query.toLowerCase())));

function Harness({ onChange }: { onChange(next: PickedPerson[]): void }) {
  const [selected, setSelected] = useState<PickedPerson[]>([]);
  return (
    <PeopleMultiPicker
      id="members"
      label="Find reps to add"
      selected={selected}
      onChange={(next) => {
        setSelected(next);
        onChange(next);
      }}
    />
  );
}

function renderPicker(people: Rep[]) {
  const onChange = vi.fn();
  const api = fakeApi({ 'people:list': roster(people) });
  render(
    <AppProviders api={api} language="en">
      <Harness onChange={onChange} />
    </AppProviders>,
  );
  return { api, onChange };
}

const listed = () => within(screen.getByRole('group', { name: 'Find reps to add' })).queryAllByRole('checkbox').map((c) => c.closest('label')!.textContent);

describe('choosing several people from a large roster', () => {
  it('lists a page, finds by search someone past it, and asks the core for pages, never the roster', async () => {
    const { api, onChange } = renderPicker(many);
    await vi.waitFor(() => expect(listed()).toHaveLength(50));
    expect(listed()).not.toContain('Person 77');
    expect(screen.getByRole('status').textContent).toContain('The first 50 of 80');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find reps to add' }), { target: { value: 'person 77' } });
    await vi.waitFor(() => expect(listed()).toEqual(['Person 77']));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Person 77' }));
    expect(onChange).toHaveBeenLastCalledWith([{ id: many[77]!.id, name: 'Person 77', email: many[77]!.email }]);
    // Cleared, the chosen person comes first, checked.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find reps to add' }), { target: { value: '' } });
    await vi.waitFor(() => expect(listed()[0]).toBe('Person 77'));
    expect((screen.getByRole('checkbox', { name: 'Person 77' }) as HTMLInputElement).checked).toBe(true);
    expect(api.calls.every((c) => c.channel === 'people:page')).toBe(true);
  });

  it('chooses the first match with Enter from the search field, skipping who is already chosen', async () => {
    const { onChange } = renderPicker(many);
    const search = screen.getByRole('searchbox', { name: 'Find reps to add' });
    fireEvent.change(search, { target: { value: 'person 4' } });
    await vi.waitFor(() => expect(listed()[0]).toBe('Person 40'));
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith([expect.objectContaining({ name: 'Person 40' })]);
    // The search clears, ready for the next name.
    expect((search as HTMLInputElement).value).toBe('');
    fireEvent.change(search, { target: { value: 'person 4' } });
    await vi.waitFor(() => expect(listed()).toContain('Person 41'));
    // Enter skips who is already chosen.
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith([expect.objectContaining({ name: 'Person 40' }), expect.objectContaining({ name: 'Person 41' })]);
  });

  it('says when nobody matches', async () => {
    renderPicker(many);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find reps to add' }), { target: { value: 'nobody here' } });
    expect(await screen.findByText('Nobody matches the search.')).toBeTruthy();
  });

  it('explains an empty roster', async () => {
    renderPicker([]);
    expect(await screen.findByText('Nobody active on the roster yet. Add your team in People first.')).toBeTruthy();
  });
});
