import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { LazyProgressPage } from '../../src/renderer/src/features/progress/lazy';
import { ProgressPage } from '../../src/renderer/src/features/progress/progress-page';
import type { AccessRole } from '../../src/shared/access';
import type { TeamProgress } from '../../src/shared/progress';
import { fakeApi } from './fake-api';
import { aino, teamProgress } from './team-progress-fixture';

// ECharts needs a canvas, which jsdom lacks; the charts themselves are drawn in Chromium.
vi.mock('../../src/renderer/src/features/progress/echarts', () => {
  const zr = { clear: () => undefined, refreshImmediately: () => undefined };
  const chart = { on: () => undefined, setOption: () => undefined, resize: () => undefined, dispose: () => undefined, isDisposed: () => false, getZr: () => zr };
  return { echarts: { init: () => chart } };
});

function renderAs(role: AccessRole) {
  const api = fakeApi({
    'access:me': () => ({ kind: 'person', repId: 'rep-1', name: 'Aino Virtanen', role }),
    // Left unanswered: the test looks at what the page asks for, not at the arc or the team view.
    'progress:rep': () => new Promise(() => undefined),
    'progress:team': () => new Promise(() => undefined),
  });
  render(
    <AppProviders api={api} language="en">
      <AccessGate>
        <ProgressPage />
      </AccessGate>
    </AppProviders>,
  );
  return api;
}

/** The Progress page as the app opens it: its code loaded on demand, behind the access gate. */
function renderProgress(api: ReturnType<typeof fakeApi>) {
  return render(
    <AppProviders api={api} language="en">
      <AccessGate>
        <LazyProgressPage query={new URLSearchParams()} />
      </AccessGate>
    </AppProviders>,
  );
}

describe('Progress for a person signed in to a hub', () => {
  it('shows a rep their own arc, and never asks for the team view the core would refuse them', async () => {
    const api = renderAs('rep');
    expect(await screen.findByText(/Your own arc since your first day/)).toBeTruthy();
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'progress:rep')).toBe(true));
    expect(api.calls.find((c) => c.channel === 'progress:rep')?.input).toMatchObject({ repId: 'rep-1' });
    expect(api.calls.some((c) => c.channel === 'progress:team')).toBe(false);
  });

  it('shows a manager the team view', async () => {
    const api = renderAs('manager');
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'progress:team')).toBe(true));
    expect(screen.queryByText(/Your own arc since your first day/)).toBeNull();
  });

  it("asks for the team view while the page's code is still loading, once, and not for a rep", async () => {
    const renderLazy = (role: AccessRole) => {
      const api = fakeApi({
        'access:me': () => ({ kind: 'person', repId: 'rep-1', name: 'Aino Virtanen', role }),
        'progress:rep': () => new Promise(() => undefined),
        'progress:team': () => new Promise(() => undefined),
      });
      const view = renderProgress(api);
      return { api, view };
    };
    const manager = renderLazy('manager');
    await waitFor(() => expect(manager.api.calls.some((c) => c.channel === 'access:me')).toBe(true));
    // The page (and the charting library it carries) has not arrived yet: only its placeholder shows.
    await waitFor(() => expect(manager.api.calls.some((c) => c.channel === 'progress:team')).toBe(true));
    expect(screen.queryByRole('heading', { name: 'Progress' })).toBeNull();
    // The page takes that answer rather than asking again.
    expect(await screen.findByRole('heading', { name: 'Progress' })).toBeTruthy();
    await waitFor(() => expect(screen.queryAllByRole('status').length).toBeGreaterThan(0));
    expect(manager.api.calls.filter((c) => c.channel === 'progress:team')).toHaveLength(1);
    manager.view.unmount();

    const rep = renderLazy('rep');
    expect(await screen.findByText(/Your own arc since your first day/)).toBeTruthy();
    expect(rep.api.calls.some((c) => c.channel === 'progress:team')).toBe(false);
  });

  it('asks for the certification and quota sections with the team view, not once it has answered, and each once, also when the page is visited again', { timeout: 20_000 }, async () => {
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        disconnect() {}
      },
    );
    onTestFinished(() => void vi.unstubAllGlobals());
    const visit = () => {
      const answers: ((team: TeamProgress) => void)[] = [];
      const api = fakeApi({
        'access:me': () => ({ kind: 'person', repId: 'm1', name: 'Kaisa Lehtonen', role: 'manager' }),
        'progress:team': () => new Promise<TeamProgress>((resolve) => answers.push(resolve)),
        'progress:certified': () => [],
        'progress:quotas': () => ({ period: null, periods: [], currentPeriod: '2026-Q4', rows: [] }),
      });
      const view = renderProgress(api);
      return { api, view, answer: (team: TeamProgress) => answers.forEach((a) => a(team)) };
    };
    // The second visit finds the page's code loaded: the page mounts at once, beside the prefetch.
    for (const time of ['first', 'again']) {
      const { api, view, answer } = visit();
      await waitFor(() => expect(api.calls.map((c) => c.channel)).toEqual(expect.arrayContaining(['progress:team', 'progress:certified', 'progress:quotas'])));
      // Asked for the whole team (no team picked yet), as the sections will ask when they are drawn.
      expect(api.calls.find((c) => c.channel === 'progress:quotas')?.input).toEqual({});
      expect(api.calls.find((c) => c.channel === 'progress:certified')?.input).toEqual({});
      // The heatmap first; the whole view is asked once it has answered, so the core makes it first.
      expect(api.calls.filter((c) => c.channel === 'progress:team').map((c) => (c.input as { sections: string }).sections)).toEqual(['heatmap']);
      answer(team);
      await waitFor(() => expect(api.calls.filter((c) => c.channel === 'progress:team')).toHaveLength(2));
      answer(team);
      expect(await screen.findByRole('heading', { name: 'Results around certification' }, { timeout: 10_000 })).toBeTruthy();
      await waitFor(() => expect(screen.queryAllByRole('status').filter((s) => s.textContent === 'Loading…')).toHaveLength(0));
      for (const channel of ['progress:certified', 'progress:quotas']) expect([time, channel, api.calls.filter((c) => c.channel === channel).length]).toEqual([time, channel, 1]);
      expect([time, api.calls.filter((c) => c.channel === 'progress:team').map((c) => (c.input as { sections: string }).sections)]).toEqual([time, ['heatmap', 'all']]);
      view.unmount();
    }
  });
});

const team = teamProgress({ reps: [aino] });
