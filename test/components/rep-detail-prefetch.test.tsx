import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/renderer/src/api/api';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { RepDetailPage } from '../../src/renderer/src/features/people/rep-detail-page';
import type { RepDetail } from '../../src/shared/people';
import { fakeApi, makeRepDetail } from './fake-api';

describe('a person\'s page', () => {
  it('asks for its sections together with the person, not after the person has arrived, and each once', async () => {
    const lukas = makeRepDetail({ name: 'Lukas Becker', team: 'DACH' });
    let answer: (rep: RepDetail) => void = () => undefined;
    const api = fakeApi({
      'people:get': () => new Promise<RepDetail>((resolve) => (answer = resolve)),
      'people:page': () => ({ items: [], next: null, matching: 0, everyone: 1, active: 1, teams: [], roles: [] }),
      'certifications:list': () => [],
      'reinforcement:cards': () => [],
      'progress:rep': () => {
        throw new ApiError({ code: 'forbidden', message: 'You do not have access to this.' });
      },
    });
    render(
      <AppProviders api={api} language="en">
        <RepDetailPage id={lukas.id} />
      </AppProviders>,
    );
    const asked = () => api.calls.map((c) => c.channel).filter((c) => c !== 'access:me' && c !== 'settings:get');
    await waitFor(() => expect(new Set(asked())).toEqual(new Set(['people:get', 'people:page', 'certifications:list', 'reinforcement:cards', 'progress:rep'])));
    answer(lukas);
    expect(await screen.findByRole('heading', { name: 'Lukas Becker' })).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Certification path' })).toBeTruthy();
    // The sections took the answers already asked for.
    expect(asked().sort()).toEqual(['certifications:list', 'people:get', 'people:page', 'progress:rep', 'reinforcement:cards']);
  });
});
