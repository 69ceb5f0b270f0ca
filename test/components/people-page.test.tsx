import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/renderer/src/app/app';
import { AppProviders } from '../../src/renderer/src/app/providers';
import type { RepFilter } from '../../src/shared/people';
import { fakeApi, makeRep } from './fake-api';
import { teamProgress } from './team-progress-fixture';

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

// jsdom lays nothing out; the virtualized roster draws the rows that fit its scroller's height.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('roster-scroller') ? 800 : 0;
    },
  });
});
afterAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', clientHeight);
});

describe('People roster', () => {
  it('with no reps at all, explains and offers to add or import', async () => {
    renderAt('#/people', fakeApi({ 'people:list': () => [] }));
    expect(await screen.findByRole('heading', { name: 'Add your team to get started' })).toBeTruthy();
    // One pair in the header, one in the empty state.
    expect(screen.getAllByRole('button', { name: 'Add person' })).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: 'Import CSV' })).toHaveLength(2);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByLabelText('Search people')).toBeNull();
  });

  it('when the filters match no one, says so and clears them on request', async () => {
    const reps = [makeRep({ name: 'Aino Virtanen', team: 'Nordics' }), makeRep({ name: 'Lukas Becker', team: 'DACH' })];
    const api = fakeApi({
      'people:list': (filter: RepFilter) => {
        const query = filter?.query?.toLowerCase();
        return reps.filter((r) => !query || r.name.toLowerCase().includes(query));
      },
    });
    renderAt('#/people?q=zzz', api);
    expect(await screen.findByRole('heading', { name: 'No one matches these filters' })).toBeTruthy();
    expect((screen.getByLabelText('Search people') as HTMLInputElement).value).toBe('zzz');

    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!);
    const table = await screen.findByRole('table');
    expect(within(table).getByRole('link', { name: 'Aino Virtanen' }).getAttribute('href')).toBe(`#/people/${reps[0]!.id}`);
    expect(window.location.hash).toBe('#/people');
  });

  it('lists reps with their badges and hides archived ones until asked', async () => {
    const active = makeRep({ name: 'Sanna Mäkinen', seniority: 'new_hire', coach: true });
    const archived = makeRep({ name: 'Kaisa Laine', archived: true });
    const api = fakeApi({
      'people:list': (filter: RepFilter) => (filter?.includeArchived ? [active, archived] : [active]),
    });
    renderAt('#/people', api);
    const table = await screen.findByRole('table');
    const row = within(table).getByRole('link', { name: 'Sanna Mäkinen' }).closest('tr')!;
    expect(within(row).getByText('New hire')).toBeTruthy();
    expect(within(row).getByText('Coach')).toBeTruthy();
    expect(within(table).queryByText('Kaisa Laine')).toBeNull();

    fireEvent.click(screen.getByLabelText('Show archived'));
    const archivedRow = (await screen.findByRole('link', { name: 'Kaisa Laine' })).closest('tr')!;
    expect(within(archivedRow).getByText('Archived')).toBeTruthy();
    expect(window.location.hash).toBe('#/people?archived=1');
  });

  it('refetches when the core says people changed', async () => {
    const reps = [makeRep({ name: 'Aino Virtanen' })];
    const api = fakeApi({ 'people:list': () => [...reps] });
    renderAt('#/people', api);
    await screen.findByRole('link', { name: 'Aino Virtanen' });
    reps.push(makeRep({ name: 'Elina Lehtonen' }));
    api.emit('people:changed', { ids: ['x'] });
    expect(await screen.findByRole('link', { name: 'Elina Lehtonen' })).toBeTruthy();
  });
});

describe('A big roster', () => {
  it('asks for one page, draws only the rows in view, and asks for the next page as the list scrolls', async () => {
    const reps = Array.from({ length: 1000 }, (_, i) => makeRep({ name: `Person ${String(i).padStart(4, '0')}`, email: `p${i}@example.com` }));
    const asked: (string | null)[] = [];
    const api = fakeApi({
      'people:page': (input) => {
        const { after = null, limit = 100 } = input ?? {};
        asked.push(after?.email ?? null);
        const start = after ? reps.findIndex((r) => r.email === after.email) + 1 : 0;
        const items = reps.slice(start, start + limit);
        return { items, next: start + limit < reps.length ? { name: items.at(-1)!.name, email: items.at(-1)!.email } : null, matching: 1000, everyone: 1000, active: 1000, teams: ['Nordics'], roles: ['AE'] };
      },
    });
    renderAt('#/people', api);
    const table = await screen.findByRole('table');
    expect(screen.getByText('1,000 active people')).toBeTruthy();
    const drawn = within(table).getAllByRole('link').length;
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(40);
    expect(asked).toEqual([null]);
    expect(api.calls.some((c) => c.channel === 'people:list')).toBe(false);

    const scroller = screen.getByTestId('roster-scroller');
    scroller.scrollTop = 95 * 70;
    fireEvent.scroll(scroller);
    expect(await screen.findByRole('link', { name: 'Person 0095' })).toBeTruthy();
    await waitFor(() => expect(asked).toEqual([null, 'p99@example.com']));
    expect(within(table).queryByRole('link', { name: 'Person 0000' })).toBeNull();
  });
});

describe('App shell', () => {
  it('has a navigation landmark with every area, and Progress says what to do when there is no one to show', async () => {
    const emptyTeam = teamProgress();
    renderAt('#/progress', fakeApi({ 'progress:team': () => emptyTeam }));
    const nav = screen.getByRole('navigation');
    const names = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent);
    expect(names).toEqual(['Today', 'Schedule', 'Record', 'Library', 'Coaching', 'People', 'Progress', 'Settings']);
    expect(within(nav).getByRole('link', { name: 'Progress' }).getAttribute('aria-current')).toBe('page');
    // Progress loads lazily (with its chart library): on a busy machine that takes longer than findBy's default second.
    expect(await screen.findByRole('heading', { level: 1, name: 'Progress' }, { timeout: 10_000 })).toBeTruthy();
    expect(await screen.findByText('No one to show yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Go to People' })).toBeTruthy();
    // Without a demo to switch to (a hub) it does not promise one.
    expect(screen.getByText('Progress follows the reps in your team. Add them in People.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Explore demo data' })).toBeNull();
  });

  it('offers the demo from an empty Progress where the app can switch to it', async () => {
    const emptyTeam = teamProgress();
    renderAt(
      '#/progress',
      fakeApi({ 'progress:team': () => emptyTeam, 'demo:status': () => ({ active: false, seeded: false, firstRun: true, demoDir: '/data/demo' }) }),
    );
    const link = await screen.findByRole('link', { name: 'Explore demo data' }, { timeout: 10_000 });
    expect(link.getAttribute('href')).toBe('#/settings?section=demo');
    expect(screen.getByText('Progress follows the reps in your team. Add them in People, or explore with the demo team.')).toBeTruthy();
  });

  it('shows what to do when the core cannot be reached', async () => {
    const { ApiError } = await import('../../src/renderer/src/api/api');
    renderAt(
      '#/people',
      fakeApi({
        'people:list': () => {
          throw new ApiError({ code: 'offline', message: 'Reprise is not reachable.' });
        },
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Reprise is not reachable.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
