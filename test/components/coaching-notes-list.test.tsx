import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { NotesTab } from '../../src/renderer/src/features/coaching/coaching-notes';
import type { CoachingNote } from '../../src/shared/scorecards';
import { fakeApi } from './fake-api';

afterEach(cleanup);

const note = (over: Partial<CoachingNote>): CoachingNote => ({
  id: 'n1',
  coach: { id: 'cole', name: 'Cole Coach' },
  rep: { id: 'bea', name: 'Bea Buyer' },
  weekOf: '2026-12-07',
  sessionId: null,
  goalsReviewed: 'Discovery goals',
  practised: '',
  actions: [],
  followUpOn: null,
  createdAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
  ...over,
});

describe('Weekly notes list', () => {
  it('counts agreed actions only on notes that have some, in both languages', async () => {
    const notes = [note({}), note({ id: 'n2', weekOf: '2026-11-30', actions: [{ text: 'Ask why', done: true }, { text: 'Book demo', done: false }] })];
    for (const [language, counted] of [['en', '1 of 2 actions done'], ['fi', '1/2 toimea tehty']] as const) {
      render(
        <AppProviders api={fakeApi({ 'coaching-notes:list': (input) => (input?.coachId ? notes : []) })} language={language}>
          <NotesTab me="cole" />
        </AppProviders>,
      );
      expect(await screen.findByText(counted)).toBeTruthy();
      expect(screen.queryByText(/^0 of 0|^0\/0/)).toBeNull();
      cleanup();
    }
  });
});
