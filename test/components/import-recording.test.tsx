import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ImportRecordingDialog } from '../../src/renderer/src/features/library/import-recording';
import type { Session } from '../../src/shared/sessions';
import { fakeApi } from './fake-api';

const session = (id: string, startsAt: string): Session => ({
  id,
  programId: 'p1',
  focusAreaId: 'discovery',
  focusAreaName: 'Discovery',
  title: '',
  startsAt,
  endsAt: null,
  status: 'scheduled',
  scenarioId: null,
  notes: '',
  sequence: 0,
  createdBy: null,
  confirmed: true,
  unconfirmedBy: [],
  participants: [
    { repId: 'a', name: 'Aino', email: 'aino@example.com', role: 'seller' },
    { repId: 'b', name: 'Ben', email: 'ben@example.com', role: 'buyer' },
  ],
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
});

describe('Import recording', () => {
  it("names each session's date in its own option, so the chosen one says which week it was", async () => {
    // The same pair on the same weekday, a week apart: only the date tells them apart.
    const api = fakeApi({
      'sessions:list': () => [session('s1', '2026-11-18T13:00:00Z'), session('s2', '2026-11-25T13:00:00Z')],
      'focus-areas:list': () => [],
    });
    render(
      <AppProviders api={api} language="en">
        <ImportRecordingDialog onClose={() => undefined} />
      </AppProviders>,
    );
    await waitFor(() => expect(screen.getAllByRole('option').length).toBe(3));
    const options = screen.getAllByRole('option').filter((o) => /Aino & Ben/.test(o.textContent ?? ''));
    const day = (iso: string) => new Intl.DateTimeFormat('en', { day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date(iso));
    expect(options.map((o) => o.textContent?.startsWith(day(o.getAttribute('value') === 's1' ? '2026-11-18T13:00:00Z' : '2026-11-25T13:00:00Z')))).toEqual([true, true]);
    expect(new Set(options.map((o) => o.textContent)).size).toBe(2);
  });
});
