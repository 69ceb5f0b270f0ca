import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { ProgressPage } from '../../src/renderer/src/features/progress/progress-page';
import type { CertificationPattern, TeamProgress } from '../../src/shared/progress';
import { fakeApi } from './fake-api';

// ECharts needs a canvas, which jsdom lacks; the charts themselves are drawn in Chromium (e2e/progress).
vi.mock('../../src/renderer/src/features/progress/echarts', () => {
  const zr = { clear: () => undefined, refreshImmediately: () => undefined };
  const chart = { on: () => undefined, setOption: () => undefined, resize: () => undefined, dispose: () => undefined, isDisposed: () => false, getZr: () => zr };
  return { echarts: { init: () => chart } };
});

const group = (key: string, meanScore: number, sessionsPerWeek: number) => ({ key, n: 6, meanScore, sessionsPerWeek });
const team: TeamProgress = {
  asOf: '2026-11-30',
  reps: [{ id: 'r1', name: 'Aino Virtanen', email: 'aino@example.com', team: 'Nordics', hireDate: '2026-08-01' }],
  heatmap: [],
  cadence: { byTeam: [], byProgram: [], missedTwoInARow: [] },
  slipping: [{ repId: 'r1', reasons: [{ kind: 'trend', slope: -0.17, scores: [2.8, 2.25] }] }],
  gap: { reps: [{ repId: 'r1', hireDate: '2026-08-01', earlyPerWeek: 0.75, bandPerWeek: 0.5 }], medianEarlyPerWeek: 0.75, medianBandPerWeek: 0.5 },
  circles: { pairs: [], pairCount: 0, mix: { seniorNew: 0, seniorSenior: 0, newNew: 0, newSenior: 0 }, coachedNobody: [] },
  cohorts: { minSize: 5, byHireQuarter: [group('2026-Q3', 4.36, 0.62)], byAssessment: [], byLearningPreference: [], hidden: 0 },
  linking: [],
};

const certified: CertificationPattern[] = [
  {
    focusAreaId: 'discovery', focusAreaName: 'Discovery', level: 'Beginner', levelIndex: 0, reps: 3, closedBefore: 20, closedAfter: 4, wonBefore: 8, wonAfter: 2,
    measures: [{ label: 'winRate:afterVsBefore', nA: 3, nB: 3, a: 0.3, b: 0.43, difference: -0.13, low: -0.55, high: 0.29 }],
  },
];

describe('Progress in Finnish', () => {
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

  it('writes means and rates with a decimal comma, in the text and in a chart’s table, and names certification levels in Finnish', async () => {
    const api = fakeApi({
      'access:me': () => ({ kind: 'person', repId: 'm1', name: 'Kaisa Lehtonen', role: 'manager' }),
      'progress:team': () => team,
      'progress:certified': () => certified,
    });
    render(
      <AppProviders api={api} language="fi">
        <AccessGate>
          <ProgressPage />
        </AccessGate>
      </AppProviders>,
    );
    // Finnish writes a minus sign (U+2212), not a hyphen.
    expect(await screen.findByText(/2,8 → 2,25 \(−0,17 /)).toBeTruthy();
    expect(screen.getByText(/0,8 harjoitusta viikossa päivinä 0–45, 0,5/)).toBeTruthy();
    const cohort = screen.getByRole('row', { name: /2026-Q3/ });
    expect(within(cohort).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2026-Q3', '6', '4,4', '0,6']);

    // The built-in level names are shown in the language too, as on the certification path.
    // Results around certification come on their own channel, after the team view.
    expect((await screen.findAllByText(/Tarvekartoitus · Aloittelija/)).length).toBeGreaterThan(0);
    expect(screen.queryByText(/Beginner/)).toBeNull();
    // Percentage points, like money, with the minus sign the language writes.
    expect(screen.getByText(/^−13 %-yks\./)).toBeTruthy();
    expect(screen.getByText(/−55 … 29/)).toBeTruthy();

    const gap = screen.getByRole('figure', { name: /Harjoituksia viikossa/ });
    fireEvent.click(within(gap).getByRole('button', { name: 'Taulukko' }));
    expect(within(gap).getAllByRole('cell').map((c) => c.textContent)).toContain('0,75');
  });
});

describe('The heatmap behind a cell', () => {
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

  it('asks for the team view without the click-through lists, and for the scorecards behind a cell when it is picked', async () => {
    const withHeatmap: TeamProgress = {
      ...team,
      heatmap: [{ focusAreaId: 'discovery', focusAreaName: 'Discovery', criteria: [{ key: 'questions', name: 'Open questions' }], rows: [{ repId: 'r1', cells: [{ key: 'questions', mean: 4, n: 1 }] }] }],
    };
    const api = fakeApi({
      'access:me': () => ({ kind: 'person', repId: 'm1', name: 'Kaisa Lehtonen', role: 'manager' }),
      'progress:team': () => withHeatmap,
      'progress:certified': () => [],
      'progress:cell': () => [{ id: 'sc-1', date: '2026-11-25', role: 'coach' }],
    });
    render(
      <AppProviders api={api} language="en">
        <AccessGate>
          <ProgressPage />
        </AccessGate>
      </AppProviders>,
    );
    const heatmap = await screen.findByRole('figure', { name: /Discovery/ });
    expect(api.calls.find((c) => c.channel === 'progress:team')?.input).toMatchObject({ detail: 'summary' });
    fireEvent.click(within(heatmap).getByRole('button', { name: 'Table' }));
    fireEvent.click(within(heatmap).getByRole('button', { name: '4' }));
    const detail = await screen.findByRole('region', { name: 'Scorecards behind the selected cell' });
    const link = await within(detail).findByRole('link', { name: /Coach/ });
    expect(link.getAttribute('href')).toContain('sc-1');
    expect(api.calls.find((c) => c.channel === 'progress:cell')?.input).toMatchObject({ focusAreaId: 'discovery', repId: 'r1', heatmap: 'latest', windowWeeks: 12 });
  });
});
