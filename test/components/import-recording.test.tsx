import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { ImportRecordingDialog } from '../../src/renderer/src/features/library/import-recording';
import { AppError } from '../../src/shared/errors';
import type { Recording } from '../../src/shared/recordings';
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

  it('asks which of two chosen files is the seller\'s and imports them as one take through the core', async () => {
    const imports: { id: string; fileName: string }[] = [];
    const appended: Record<string, number> = {};
    const api = fakeApi({
      'sessions:list': () => [session('s1', '2026-11-18T13:00:00Z')],
      'focus-areas:list': () => [],
      'recordings:import': ({ fileName }) => {
        const id = `r${imports.length + 1}`;
        imports.push({ id, fileName });
        return { id } as Recording;
      },
      'recordings:append': ({ id }) => {
        appended[id] = (appended[id] ?? 0) + 1;
        return { bytes: 1, freeBytes: 1e9, stop: null };
      },
      'recordings:join-tracks': ({ sellerId }) => ({ id: sellerId }) as Recording,
    });
    let closed = false;
    render(
      <AppProviders api={api} language="en">
        <ImportRecordingDialog onClose={() => (closed = true)} />
      </AppProviders>,
    );
    await waitFor(() => expect(screen.getAllByRole('option').length).toBe(2));
    fireEvent.change(screen.getByRole('combobox', { name: 'Session' }), { target: { value: 's1' } });
    const input = screen.getByLabelText('Recording file');
    const aino = new File(['aino voice'], 'Audio Record - Aino.m4a', { type: 'audio/mp4' });
    const ben = new File(['ben voice'], 'Audio Record - Ben.m4a', { type: 'audio/mp4' });
    fireEvent.change(input, { target: { files: [ben, aino] } });
    expect(await screen.findByText('Two files: one voice each')).toBeTruthy();
    // Nothing is sent until the person says which file is the seller's.
    expect(api.calls.some((c) => c.channel === 'recordings:import')).toBe(false);
    fireEvent.click(screen.getByRole('radio', { name: 'Audio Record - Aino.m4a' }));
    fireEvent.click(screen.getByRole('button', { name: 'Import as one take' }));
    await waitFor(() => expect(closed).toBe(true));
    expect(imports.map((i) => i.fileName)).toEqual(['Audio Record - Aino.m4a', 'Audio Record - Ben.m4a']);
    expect(appended).toEqual({ r1: 1, r2: 1 });
    expect(api.calls.find((c) => c.channel === 'recordings:join-tracks')?.input).toEqual({ sellerId: 'r1', buyerId: 'r2' });
    expect(api.calls.some((c) => c.channel === 'recordings:stop')).toBe(false);
  });

  it('takes back the seller\'s file when the buyer\'s fails on the way, so no half of the pair stays behind', async () => {
    let made = 0;
    const api = fakeApi({
      'sessions:list': () => [session('s1', '2026-11-18T13:00:00Z')],
      'focus-areas:list': () => [],
      'recordings:import': () => ({ id: `r${++made}` }) as Recording,
      'recordings:append': ({ id }) => {
        if (id === 'r2') throw new AppError('take_not_active', 'This take is no longer being recorded (Reprise was restarted or it was stopped). What was recorded has been kept.');
        return { bytes: 1, freeBytes: 1e9, stop: null };
      },
      'recordings:discard-import': ({ id }) => ({ id }),
    });
    render(
      <AppProviders api={api} language="en">
        <ImportRecordingDialog onClose={() => undefined} />
      </AppProviders>,
    );
    await waitFor(() => expect(screen.getAllByRole('option').length).toBe(2));
    fireEvent.change(screen.getByRole('combobox', { name: 'Session' }), { target: { value: 's1' } });
    const aino = new File(['aino voice'], 'Audio Record - Aino.m4a', { type: 'audio/mp4' });
    const ben = new File(['ben voice'], 'Audio Record - Ben.m4a', { type: 'audio/mp4' });
    fireEvent.change(screen.getByLabelText('Recording file'), { target: { files: [aino, ben] } });
    fireEvent.click(await screen.findByRole('button', { name: 'Import as one take' }));
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'recordings:discard-import').map((c) => c.input)).toEqual([{ id: 'r1' }, { id: 'r2' }]));
    expect(api.calls.filter((c) => c.channel === 'recordings:import').map((c) => (c.input as { track?: string }).track)).toEqual(['seller', 'buyer']);
    expect(api.calls.some((c) => c.channel === 'recordings:join-tracks')).toBe(false);
  });

  it('refuses three files at once, in Finnish too, and sends nothing', async () => {
    const api = fakeApi({ 'sessions:list': () => [], 'focus-areas:list': () => [] });
    render(
      <AppProviders api={api} language="fi">
        <ImportRecordingDialog onClose={() => undefined} />
      </AppProviders>,
    );
    const files = ['a', 'b', 'c'].map((n) => new File([n], `${n}.m4a`, { type: 'audio/mp4' }));
    fireEvent.change(await screen.findByLabelText('Tallennetiedosto'), { target: { files } });
    expect(await screen.findByText('Valitse yksi tiedosto tai kaksi tiedostoa, joissa kummassakin on yksi ääni.')).toBeTruthy();
    expect(api.calls.some((c) => c.channel === 'sessions:create' || c.channel === 'recordings:import')).toBe(false);
  });
});
