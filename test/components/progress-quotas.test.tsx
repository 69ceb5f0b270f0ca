import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { ProgressPage } from '../../src/renderer/src/features/progress/progress-page';
import type { QuotaAttainment } from '../../src/shared/progress';
import { fakeApi } from './fake-api';
import { aino, teamProgress } from './team-progress-fixture';

// ECharts needs a canvas, which jsdom lacks; the charts themselves are drawn in Chromium.
vi.mock('../../src/renderer/src/features/progress/echarts', () => {
  const zr = { clear: () => undefined, refreshImmediately: () => undefined };
  const chart = { on: () => undefined, setOption: () => undefined, resize: () => undefined, dispose: () => undefined, isDisposed: () => false, getZr: () => zr };
  return { echarts: { init: () => chart } };
});

const team = teamProgress({ reps: [aino] });

const row = (repId: string, name: string, wonAmount: number, quota: number | null) => ({
  repId,
  name,
  team: 'Nordics',
  wonAmount,
  wonDeals: wonAmount ? 1 : 0,
  quota,
  attainment: quota ? wonAmount / quota : null,
});

const quarters: Record<string, QuotaAttainment> = {
  '2026-Q4': {
    period: '2026-Q4',
    periods: ['2026-Q3', '2026-Q4'],
    currentPeriod: '2026-Q4',
    rows: [row('r1', 'Aino Virtanen', 100000, 80000), row('r2', 'Ben Berg', 25000, null), row('r3', 'Zoe Zetterlund', 10000, 0), row('r4', 'Otto Ojala', 20000, 50000)],
  },
  '2026-Q3': { period: '2026-Q3', periods: ['2026-Q3', '2026-Q4'], currentPeriod: '2026-Q4', rows: [row('r1', 'Aino Virtanen', 90000, 100000)] },
};

function renderPage(language: 'en' | 'fi', quotas: (input: { period?: string }) => QuotaAttainment, may: string[] = []) {
  const api = fakeApi({
    'access:me': () => ({ kind: 'person', repId: 'm1', name: 'Kaisa Lehtonen', role: 'manager', may, perItem: [] }),
    'progress:team': () => team,
    'progress:certified': () => [],
    'progress:quotas': (input) => quotas(input as { period?: string }),
  });
  render(
    <AppProviders api={api} language={language}>
      <AccessGate>
        <ProgressPage />
      </AccessGate>
    </AppProviders>,
  );
  return api;
}

const names = (section: HTMLElement) =>
  within(section)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]!.textContent);

describe('Quota attainment in team Progress', () => {
  beforeAll(() =>
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        disconnect() {}
      },
    ),
  );
  afterAll(() => vi.unstubAllGlobals());

  it('shows won, quota and attainment per rep, says "No quota", never divides by 0, sorts by a column and switches quarter', async () => {
    const api = renderPage('en', (input) => quarters[input.period ?? '2026-Q4']!);
    const section = await screen.findByRole('region', { name: 'Quota attainment' });
    await within(section).findByRole('table');
    const cells = (name: string) => within(within(section).getByRole('row', { name: new RegExp(name) })).getAllByRole('cell').map((c) => c.textContent);
    expect(cells('Aino')).toEqual(['Aino Virtanen', 'Nordics', '100,000', '80,000', '125%']);
    expect(cells('Ben')).toEqual(['Ben Berg', 'Nordics', '25,000', 'No quota', '–']);
    expect(cells('Zoe')).toEqual(['Zoe Zetterlund', 'Nordics', '10,000', '0', 'Quota is 0']);
    // Highest attainment first; reps without one last.
    expect(names(section)).toEqual(['Aino Virtanen', 'Otto Ojala', 'Ben Berg', 'Zoe Zetterlund']);
    const attainment = within(section).getByRole('columnheader', { name: /Attainment/ });
    expect(attainment.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(within(attainment).getByRole('button'));
    expect(attainment.getAttribute('aria-sort')).toBe('ascending');
    expect(names(section)).toEqual(['Otto Ojala', 'Aino Virtanen', 'Ben Berg', 'Zoe Zetterlund']);
    fireEvent.click(within(section).getByRole('button', { name: /Won/ }));
    expect(names(section)).toEqual(['Aino Virtanen', 'Ben Berg', 'Otto Ojala', 'Zoe Zetterlund']);
    fireEvent.click(within(section).getByRole('button', { name: /Rep/ }));
    expect(names(section)).toEqual(['Aino Virtanen', 'Ben Berg', 'Otto Ojala', 'Zoe Zetterlund']);
    fireEvent.click(within(section).getByRole('button', { name: /Rep/ }));
    expect(names(section)).toEqual(['Zoe Zetterlund', 'Otto Ojala', 'Ben Berg', 'Aino Virtanen']);

    fireEvent.change(within(section).getByLabelText('Quarter'), { target: { value: '2026-Q3' } });
    expect(await within(section).findByText('90%')).toBeTruthy();
    expect(api.calls.filter((c) => c.channel === 'progress:quotas').map((c) => c.input)).toContainEqual({ period: '2026-Q3' });
  });

  it('says in Finnish how to import quotas when there are none, to whoever may import them', async () => {
    renderPage('fi', () => ({ period: null, periods: [], currentPeriod: '2026-Q4', rows: [] }), ['outcomes:import']);
    const section = await screen.findByRole('region', { name: 'Tavoitteen täyttyminen' });
    expect(await within(section).findByText('Ei vielä myyntitavoitteita')).toBeTruthy();
    expect(within(section).getByText(/Tuo tavoitetiedosto .* ”Tuo kaupat” .* reprise outcomes import/)).toBeTruthy();
    expect(within(section).queryByRole('table')).toBeNull();
  });

  it('writes amounts and percentages the Finnish way', async () => {
    renderPage('fi', (input) => quarters[input.period ?? '2026-Q4']!);
    const section = await screen.findByRole('region', { name: 'Tavoitteen täyttyminen' });
    await within(section).findByRole('table');
    const aino = within(within(section).getByRole('row', { name: /Aino/ })).getAllByRole('cell').map((c) => c.textContent?.replace(/\s/g, ' '));
    expect(aino).toEqual(['Aino Virtanen', 'Nordics', '100 000', '80 000', '125 %']);
    expect(within(section).getByText('Ei tavoitetta')).toBeTruthy();
  });
});
