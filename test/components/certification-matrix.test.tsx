import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { CertificationMatrix } from '../../src/renderer/src/features/certification/certification-matrix';
import type { CertificationState, MatrixPage, MatrixPageInput, MatrixRow } from '../../src/shared/certification';
import { fakeApi, makeRep } from './fake-api';

const aino = makeRep({ id: 'aino', name: 'Aino Virtanen', team: 'Nordics' });
const ben = makeRep({ id: 'ben', name: 'Ben Weber', team: 'DACH' });
const cai = makeRep({ id: 'cai', name: 'Cai Lind', team: 'Nordics' });

function row(rep: typeof aino, cells: [focus: 'discovery' | 'demo', level: string, state: CertificationState, expiresAt?: string][]): MatrixRow {
  return {
    rep: { id: rep.id, name: rep.name, email: rep.email, team: rep.team },
    cells: cells.map(([focusAreaId, level, state, expiresAt]) => ({ focusAreaId, level, levelIndex: level === 'Beginner' ? 0 : 2, state, expiresAt: expiresAt ?? null })),
  };
}

const list = [
  row(aino, [
    ['discovery', 'Beginner', 'certified'],
    ['demo', 'Advanced', 'due', '2026-12-20T12:00:00.000Z'],
  ]),
  row(ben, [['discovery', 'Advanced', 'expired', '2026-10-01T12:00:00.000Z']]),
  row(cai, []),
];

const areas = [
  { id: 'discovery', name: 'Discovery' },
  { id: 'demo', name: 'Demo' },
];

/**
 * The core's matrix in small: filtered, sorted and paged as `certifications:matrix` does it (the
 * core's own behaviour is tested on real SQLite in certification-matrix.test.ts).
 */
function matrixOf(rows: MatrixRow[]) {
  const rank = (r: MatrixRow, area: string) => {
    const c = r.cells.find((x) => x.focusAreaId === area);
    return !c ? -1 : c.state === 'expired' ? 1000 : c.state === 'due' ? 900 : c.levelIndex;
  };
  return (asked: MatrixPageInput): MatrixPage => {
    const input = asked ?? {};
    const shown = rows
      .filter((r) => !input.team || r.rep.team === input.team)
      .filter((r) => !input.query || r.rep.name.toLowerCase().includes(input.query.toLowerCase()))
      .filter((r) => !input.onlyDue || r.cells.some((c) => c.state === 'due' || c.state === 'expired'))
      .sort((a, b) => (input.sortArea ? rank(b, input.sortArea) - rank(a, input.sortArea) : 0) || a.rep.name.localeCompare(b.rep.name));
    const start = input.after ? shown.findIndex((r) => r.rep.email === input.after!.email) + 1 : 0;
    const limit = input.limit ?? 100;
    const page = shown.slice(start, start + limit);
    const last = page.at(-1);
    return {
      areas,
      rows: page,
      next: start + limit < shown.length && last ? { rank: 0, name: last.rep.name, email: last.rep.email } : null,
      matching: shown.length,
      teams: ['DACH', 'Nordics'],
    };
  };
}

// jsdom lays nothing out; the virtualized matrix draws the rows that fit its scroller's height.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', {
    configurable: true,
    get(this: Element) {
      return this.classList.contains('cert-matrix__scroller') ? 800 : 0;
    },
  });
});
afterAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', clientHeight);
});

function renderMatrix(rows: MatrixRow[]) {
  const api = fakeApi({ 'certifications:matrix': matrixOf(rows) });
  render(
    <AppProviders api={api} language="en">
      <CertificationMatrix />
    </AppProviders>,
  );
  return api;
}

const names = () => within(screen.getByRole('table')).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('link')[0]!.textContent);

describe('the certification matrix', () => {
  it('shows each rep × focus area with the level, its state and until when, and links to the rep’s path', async () => {
    renderMatrix(list);
    const table = await screen.findByRole('table');
    // The sort marks are hidden from assistive technology: a header's name is the column's.
    expect(within(table).getAllByRole('columnheader').map((h) => within(h).getByRole('button').textContent?.replace(/ [▾▿]$/, ''))).toEqual(['Rep', 'Discovery', 'Demo']);
    expect(within(table).getByRole('columnheader', { name: 'Discovery' })).toBeTruthy();
    const ainoRow = within(table).getByRole('row', { name: /Aino Virtanen/ });
    expect(ainoRow.textContent).toContain('Advanced Due for renewaluntil Dec 20, 2026');
    expect(within(ainoRow).getByRole('link', { name: 'Aino Virtanen' }).getAttribute('href')).toBe('#/people/aino?section=certification');
    expect(within(table).getByRole('row', { name: /Ben Weber/ }).textContent).toContain('Advanced Expiredexpired Oct 1, 2026');
  });

  it('narrows to a team and to who is due or expired, asking the core for those people', async () => {
    const api = renderMatrix(list);
    await screen.findByRole('table');
    fireEvent.change(screen.getByRole('combobox', { name: 'Team' }), { target: { value: 'Nordics' } });
    await waitFor(() => expect(names()).toEqual(['Aino Virtanen', 'Cai Lind']));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only due or expired' }));
    await waitFor(() => expect(names()).toEqual(['Aino Virtanen']));
    fireEvent.change(screen.getByRole('combobox', { name: 'Team' }), { target: { value: '' } });
    await waitFor(() => expect(names()).toEqual(['Aino Virtanen', 'Ben Weber']));
    expect(api.calls.filter((c) => c.channel === 'certifications:matrix').map((c) => c.input)).toEqual([
      { limit: 100 },
      { team: 'Nordics', limit: 100 },
      { team: 'Nordics', onlyDue: true, limit: 100 },
      { onlyDue: true, limit: 100 },
    ]);
  });

  it('searches by name in the core, and says so when no one matches', async () => {
    const api = renderMatrix(list);
    await screen.findByRole('table');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: ' ben ' } });
    await waitFor(() => expect(names()).toEqual(['Ben Weber']));
    expect(api.calls.at(-1)?.input).toEqual({ query: 'ben', limit: 100 });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: 'nobody' } });
    expect((await screen.findByTestId('cert-matrix-empty')).textContent).toBe('No one matches the search or team.');
  });

  it('asks for the next page as the list is scrolled toward its end, from where the last one ended', async () => {
    const many = Array.from({ length: 250 }, (_, i) => row(makeRep({ id: `r${i}`, name: `Rep ${String(i).padStart(3, '0')}`, email: `r${i}@example.com` }), []));
    const api = renderMatrix(many);
    await screen.findByRole('table');
    expect(screen.getByRole('table').getAttribute('aria-rowcount')).toBe('251');
    const pages = () => api.calls.filter((c) => c.channel === 'certifications:matrix').map((c) => (c.input as MatrixPageInput)?.after?.email ?? null);
    expect(pages()).toEqual([null]);
    const scroller = screen.getByTestId('cert-matrix-scroller');
    scroller.scrollTop = 80 * 64;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(pages()).toEqual([null, 'r99@example.com']));
    await waitFor(() => expect(names()).toContain('Rep 100'));
  });

  it('says so when no one is due or expired', async () => {
    renderMatrix([list[2]!]);
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only due or expired' }));
    expect((await screen.findByTestId('cert-matrix-empty')).textContent).toBe('No one is due for renewal or expired.');
  });
});

describe('levels nobody can certify', () => {
  const gaps = {
    certifiers: [],
    calibration: [],
    uncertifiable: [
      { focusAreaId: 'discovery', focusAreaName: 'Discovery', levelIndex: 1, levelName: 'Intermediate' },
      { focusAreaId: 'discovery', focusAreaName: 'Discovery', levelIndex: 2, levelName: 'Advanced' },
    ],
  };

  it('says which levels of which area have no certifier, and Mark a certifier opens the rules on that area', async () => {
    render(
      <AppProviders
        api={fakeApi({
          'certifications:matrix': matrixOf(list),
          'people:list': () => [aino, ben, cai],
          'certifications:certifiers': () => gaps,
          'focus-areas:list': () => [
            { id: 'demo', name: 'Demo', description: '', builtin: true, position: 0, archived: false },
            { id: 'discovery', name: 'Discovery', description: '', builtin: true, position: 1, archived: false },
          ],
        })}
        language="en"
      >
        <CertificationMatrix />
      </AppProviders>,
    );
    const notice = await screen.findByTestId('cert-nobody');
    expect(notice.textContent).toContain('Discovery: Intermediate, Advanced');
    fireEvent.click(within(notice).getByRole('button', { name: 'Mark a certifier for Discovery' }));
    const dialog = await screen.findByRole('dialog');
    // The dialog fills in once its rules and templates are answered (later on a busy machine).
    const area = (await within(dialog).findByLabelText('Focus area')) as HTMLSelectElement;
    await waitFor(() => expect(area.value).toBe('discovery'));
  });

  it('shows nothing while every level has someone who can certify it', async () => {
    render(
      <AppProviders api={fakeApi({ 'certifications:matrix': matrixOf(list), 'people:list': () => [aino], 'certifications:certifiers': () => ({ ...gaps, uncertifiable: [] }) })} language="en">
        <CertificationMatrix />
      </AppProviders>,
    );
    await screen.findByRole('table');
    expect(screen.queryByTestId('cert-nobody')).toBeNull();
  });
});
