import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
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
});
