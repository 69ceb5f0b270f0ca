import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/renderer/src/api/api';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { RepFormDialog } from '../../src/renderer/src/features/people/rep-form-dialog';
import type { Language } from '../../src/renderer/src/i18n/i18n';
import { fakeApi, makeRep, makeRepDetail, type FakeApi } from './fake-api';
import type { Rep, RepFilter } from '../../src/shared/people';

/** The roster as the core filters it for the pickers' `people:page`: active unless asked, narrowed by a search. */
const roster = (people: Rep[]) => (filter: RepFilter | undefined) =>
  people.filter((p) => (filter?.includeArchived || !p.archived) && (!filter?.query || p.name.toLowerCase().includes(filter.query.toLowerCase())));

/** What the form wrote, leaving out the roster pages its pickers read. */
const writes = (api: FakeApi) => api.calls.filter((c) => c.channel !== 'people:page');

function renderForm(api: FakeApi, props: Partial<Parameters<typeof RepFormDialog>[0]> = {}, language: Language = 'en') {
  const onClose = vi.fn();
  const onSaved = vi.fn();
  render(
    <AppProviders api={api} language={language}>
      <RepFormDialog rep={null} onClose={onClose} onSaved={onSaved} {...props} />
    </AppProviders>,
  );
  return { onClose, onSaved };
}

/** The text a control's aria-describedby points at: what a screen reader reads with the field. */
function descriptionOf(element: HTMLElement): string {
  const ids = element.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('RepFormDialog', () => {
  it('is a labelled modal dialog with focus on the first field', () => {
    renderForm(fakeApi({}));
    const dialog = screen.getByRole('dialog', { name: 'Add person' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    for (const label of [
      'Email',
      'Role',
      'Team',
      'Manager',
      'Hire date',
      'Coach',
      'Coaches others',
      'Career goals',
      'What motivates them',
      'Preferred way of learning',
      'Assessment type',
      'Assessment result',
      'Notes',
    ]) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
  });

  it('suggests the roles and teams already in use, each once, from the core without the roster', async () => {
    const people = [
      makeRep({ id: 'a', role: 'Account executive', team: 'Mid-Market' }),
      makeRep({ id: 'b', role: 'SDR', team: 'Mid-Market' }),
      makeRep({ id: 'c', role: 'Account executive', team: '' }),
    ];
    const api = fakeApi({ 'people:list': roster(people) });
    renderForm(api);
    const suggestions = (label: string) => {
      const list = screen.getByLabelText(label).getAttribute('list');
      return [...document.getElementById(list!)!.querySelectorAll('option')].map((o) => o.value);
    };
    await waitFor(() => expect(suggestions('Role')).toEqual(['Account executive', 'SDR']));
    expect(suggestions('Team')).toEqual(['Mid-Market']);
    expect(api.calls.some((c) => c.channel === 'people:list' as string)).toBe(false);
  });

  it('checks required fields before calling the core', async () => {
    const api = fakeApi({});
    renderForm(api);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter a name')).toBeTruthy();
    expect(descriptionOf(screen.getByLabelText('Email'))).toContain('Enter an email address');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(writes(api)).toEqual([]);
  });

  it('shows the core’s field issues next to their fields and focuses the first one', async () => {
    const api = fakeApi({
      'people:create': () => {
        throw new ApiError({
          code: 'conflict',
          message: 'aino@example.com is already used by Aino Virtanen. Each rep needs their own email.',
          issues: [{ path: 'email', message: 'Already used by Aino Virtanen' }],
        });
      },
    });
    renderForm(api);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Aino Again' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'aino@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(descriptionOf(email)).toContain('Already used by Aino Virtanen'));
    expect(email.getAttribute('aria-invalid')).toBe('true');
    // Focus moves in an effect after the error renders: wait for it rather than race it.
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBeNull();
  });

  it('maps nested paths from an update (patch.profile.notes, patch.hireDate) to their fields', async () => {
    const rep = makeRepDetail({ name: 'Mikko Korhonen' });
    const api = fakeApi({
      'people:update': () => {
        throw new ApiError({
          code: 'invalid_input',
          message: 'Invalid input',
          issues: [
            { path: 'patch.hireDate', message: 'Not a real calendar date' },
            { path: 'patch.profile.notes', message: 'Too long' },
          ],
        });
      },
    });
    renderForm(api, { rep });
    expect(screen.getByRole('dialog', { name: 'Edit Mikko Korhonen' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Hire date'))).toContain('Not a real calendar date'));
    expect(descriptionOf(screen.getByLabelText('Notes'))).toContain('Too long');
    expect(writes(api)[0]).toMatchObject({ channel: 'people:update', input: { id: rep.id } });
  });

  it('shows an error without a field (the app is offline) as a general message', async () => {
    const api = fakeApi({
      'people:create': () => {
        throw new ApiError({ code: 'offline', message: 'Reprise is not reachable.' });
      },
    });
    renderForm(api);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Sanna Mäkinen' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'sanna@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Reprise is not reachable.');
    expect(alert.textContent).toContain('Make sure Reprise is running');
  });

  it('sends every field, and the manager is found by searching, archived people left out', async () => {
    const manager = makeRep({ name: 'Aino Virtanen' });
    const archived = makeRep({ name: 'Old Timer', archived: true });
    const others = Array.from({ length: 60 }, (_, i) => makeRep({ name: `Colleague ${String(i).padStart(2, '0')}` }));
    const saved = makeRepDetail({ name: 'Jukka Heikkinen' });
    const api = fakeApi({ 'people:create': () => saved, 'people:list': roster([...others, manager, archived]) });
    const { onSaved } = renderForm(api);

    const managerSelect = screen.getByLabelText('Manager') as HTMLSelectElement;
    // A page of the roster, not all of it: Aino is past the first page and is found by her name.
    await waitFor(() => expect(managerSelect.options).toHaveLength(51));
    expect([...managerSelect.options].map((o) => o.textContent)).not.toContain('Aino Virtanen');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a manager' }), { target: { value: 'aino' } });
    await waitFor(() => expect([...managerSelect.options].map((o) => o.textContent)).toEqual(['No manager', 'Aino Virtanen']));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a manager' }), { target: { value: 'old timer' } });
    await waitFor(() => expect(screen.getAllByText('Nobody matches the search.')).toHaveLength(1));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a manager' }), { target: { value: 'aino' } });
    await waitFor(() => expect([...managerSelect.options].map((o) => o.textContent)).toContain('Aino Virtanen'));

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' Jukka Heikkinen ' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'jukka@example.com' } });
    fireEvent.change(managerSelect, { target: { value: manager.id } });
    fireEvent.change(screen.getByLabelText('Hire date'), { target: { value: '2026-10-19' } });
    fireEvent.click(screen.getByLabelText('Coaches others'));
    fireEvent.change(screen.getByLabelText('Preferred way of learning'), { target: { value: 'watching' } });
    fireEvent.change(screen.getByLabelText('Assessment type'), { target: { value: 'DISC' } });
    fireEvent.submit(screen.getByLabelText('Name').closest('form')!);

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved, true));
    expect(writes(api)[0]).toEqual({
      channel: 'people:create',
      input: {
        name: 'Jukka Heikkinen',
        email: 'jukka@example.com',
        role: '',
        team: '',
        managerId: manager.id,
        hireDate: '2026-10-19',
        coach: true,
        coachedById: null,
        profile: {
          careerGoals: '',
          motivators: '',
          learningPreference: 'watching',
          assessmentType: 'DISC',
          assessmentResult: '',
          notes: '',
        },
      },
    });
  });

  it('closes on Escape', () => {
    const { onClose } = renderForm(fakeApi({}));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });

  it('speaks Finnish, including the core’s known messages', async () => {
    const api = fakeApi({
      'people:create': () => {
        throw new ApiError({ code: 'invalid_input', message: 'Invalid input', issues: [{ path: 'email', message: 'Not a valid email address' }] });
      },
    });
    renderForm(api, {}, 'fi');
    fireEvent.change(screen.getByLabelText('Nimi'), { target: { value: 'Sanna' } });
    fireEvent.change(screen.getByLabelText('Sähköposti'), { target: { value: 'sanna@example.fi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Sähköposti'))).toContain('Sähköpostiosoite ei kelpaa'));
  });
});

describe('a hire date after today', () => {
  it('asks to confirm before saving, and saves once confirmed', async () => {
    const saved = makeRepDetail({ name: 'Jukka Heikkinen', hireDate: '2099-01-15' });
    const api = fakeApi({ 'people:create': () => saved });
    const { onSaved } = renderForm(api);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Jukka Heikkinen' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'jukka@example.com' } });
    fireEvent.change(screen.getByLabelText('Hire date'), { target: { value: '2099-01-15' } });
    fireEvent.submit(screen.getByLabelText('Name').closest('form')!);
    const warning = await screen.findByTestId('future-hire');
    expect(warning.textContent).toMatch(/is after today/);
    expect(api.calls.filter((c) => c.channel === 'people:create')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, save with this date' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved, true));
    expect(api.calls.find((c) => c.channel === 'people:create')?.input).toMatchObject({ hireDate: '2099-01-15' });
  });
});
