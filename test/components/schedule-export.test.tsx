import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { SchedulePage } from '../../src/renderer/src/features/schedule/schedule-page';
import { fakeApi, makeRep } from './fake-api';

beforeAll(() => {
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:calendar', revokeObjectURL: () => undefined }));
});
afterAll(() => vi.unstubAllGlobals());

describe('Export calendar', () => {
  it('exports the signed-in rep’s own calendar without their picking themselves', async () => {
    const aino = makeRep({ name: 'Aino Virtanen' });
    const api = fakeApi({
      'access:me': () => ({ kind: 'person', repId: aino.id, name: aino.name, role: 'rep' }),
      'people:list': () => [aino],
      'programs:list': () => [],
      'schedule:list': () => [],
      'calendar:export': () => ({ filename: 'reprise-aino.ics', ics: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', events: 0 }),
    });
    render(
      <AppProviders api={api} language="en">
        <AccessGate>
          <SchedulePage query={new URLSearchParams()} />
        </AccessGate>
      </AppProviders>,
    );
    const button = await screen.findByRole('button', { name: 'Export calendar (.ics)' });
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(button);
    await waitFor(() => expect(api.calls.find((c) => c.channel === 'calendar:export')?.input).toEqual({ repId: aino.id, language: 'en' }));
  });
});
