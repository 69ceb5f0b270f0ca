import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { RepDetailPage } from '../../src/renderer/src/features/people/rep-detail-page';
import type { AccessRole } from '../../src/shared/access';
import { fakeApi, makeRepDetail } from './fake-api';

function renderAs(role: AccessRole) {
  const lukas = makeRepDetail({ name: 'Lukas Becker', team: 'DACH' });
  const api = fakeApi({
    'access:me': () => ({ kind: 'person', repId: 'someone-else', name: 'Kaisa Lehtonen', role }),
    'people:get': () => lukas,
    'people:list': () => [lukas],
    'certifications:list': () => [],
    'reinforcement:cards': () => [],
  });
  render(
    <AppProviders api={api} language="en">
      <AccessGate>
        <RepDetailPage id={lukas.id} />
      </AccessGate>
    </AppProviders>,
  );
}

describe('a person\'s page on a hub', () => {
  it('offers Edit and Archive to an admin', async () => {
    renderAs('admin');
    expect(await screen.findByRole('heading', { name: 'Lukas Becker' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Edit/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Archive/ })).toBeTruthy();
  });

  it('offers a manager or coach neither, since the roster is the admins\' and the hub would refuse both', async () => {
    renderAs('manager');
    expect(await screen.findByRole('heading', { name: 'Lukas Becker' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Edit/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /Archive/ })).toBeNull();
  });
});
