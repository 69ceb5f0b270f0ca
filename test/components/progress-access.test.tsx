import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { LazyProgressPage } from '../../src/renderer/src/features/progress/lazy';
import { ProgressPage } from '../../src/renderer/src/features/progress/progress-page';
import type { AccessRole } from '../../src/shared/access';
import { fakeApi } from './fake-api';

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
      const view = render(
        <AppProviders api={api} language="en">
          <AccessGate>
            <LazyProgressPage query={new URLSearchParams()} />
          </AccessGate>
        </AppProviders>,
      );
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
});
