import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { CertificationMatrix } from '../../src/renderer/src/features/certification/certification-matrix';
import type { CertificationStatus } from '../../src/shared/certification';
import { fakeApi, makeRep } from './fake-api';

const aino = makeRep({ id: 'aino', name: 'Aino Virtanen', team: 'Nordics' });
const ben = makeRep({ id: 'ben', name: 'Ben Weber', team: 'DACH' });
const cai = makeRep({ id: 'cai', name: 'Cai Lind', team: 'Nordics' });

function cell(rep: typeof aino, focus: 'discovery' | 'demo', level: string | null, state: CertificationStatus['state'], expiresAt: string | null = null): CertificationStatus {
  return {
    rep: { id: rep.id, name: rep.name, email: rep.email, team: rep.team },
    focusArea: { id: focus, name: focus === 'discovery' ? 'Discovery' : 'Demo' },
    level,
    levelIndex: level === null ? null : level === 'Beginner' ? 0 : 2,
    state,
    grantedAt: level ? '2026-01-01T12:00:00.000Z' : null,
    expiresAt,
    certifier: null,
    code: level ? 'CODE' : null,
    missing: [],
    nextOpensAt: null,
    history: [],
    verdicts: [],
  };
}

const list = [
  cell(aino, 'discovery', 'Beginner', 'certified'),
  cell(aino, 'demo', 'Advanced', 'due', '2026-12-20T12:00:00.000Z'),
  cell(ben, 'discovery', 'Advanced', 'expired', '2026-10-01T12:00:00.000Z'),
  cell(ben, 'demo', null, 'in-progress'),
  cell(cai, 'discovery', null, 'in-progress'),
  cell(cai, 'demo', null, 'in-progress'),
];

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

function renderMatrix(statuses: CertificationStatus[]) {
  render(
    <AppProviders api={fakeApi({ 'certifications:list': () => statuses })} language="en">
      <CertificationMatrix />
    </AppProviders>,
  );
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

  it('narrows to a team and to who is due or expired', async () => {
    renderMatrix(list);
    await screen.findByRole('table');
    fireEvent.change(screen.getByRole('combobox', { name: 'Team' }), { target: { value: 'Nordics' } });
    expect(names()).toEqual(['Aino Virtanen', 'Cai Lind']);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only due or expired' }));
    expect(names()).toEqual(['Aino Virtanen']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Team' }), { target: { value: '' } });
    expect(names()).toEqual(['Aino Virtanen', 'Ben Weber']);
  });

  it('sorts by a focus area from the keyboard-reachable header, the ones needing action first', async () => {
    renderMatrix(list);
    await screen.findByRole('table');
    expect(names()).toEqual(['Aino Virtanen', 'Ben Weber', 'Cai Lind']);
    const discovery = screen.getByRole('button', { name: 'Discovery' });
    fireEvent.click(discovery);
    expect(names()).toEqual(['Ben Weber', 'Aino Virtanen', 'Cai Lind']);
    expect(discovery.closest('th')!.getAttribute('aria-sort')).toBe('descending');
  });

  it('says so when no one is due or expired', async () => {
    renderMatrix(list.filter((s) => s.state !== 'due' && s.state !== 'expired'));
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only due or expired' }));
    expect(screen.getByTestId('cert-matrix-empty').textContent).toBe('No one is due for renewal or expired.');
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
          'certifications:list': () => list,
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
    expect((within(dialog).getByLabelText('Focus area') as HTMLSelectElement).value).toBe('discovery');
  });

  it('shows nothing while every level has someone who can certify it', async () => {
    render(
      <AppProviders api={fakeApi({ 'certifications:list': () => list, 'people:list': () => [aino], 'certifications:certifiers': () => ({ ...gaps, uncertifiable: [] }) })} language="en">
        <CertificationMatrix />
      </AppProviders>,
    );
    await screen.findByRole('table');
    expect(screen.queryByTestId('cert-nobody')).toBeNull();
  });
});
