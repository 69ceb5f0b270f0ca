import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/renderer/src/api/api';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { TeamHubSection } from '../../src/renderer/src/features/sync/team-hub-section';
import type { ChannelInput, ChannelOutput } from '../../src/shared/contract';
import type { SyncStatus } from '../../src/shared/sync';
import { fakeApi } from './fake-api';

const owner = { kind: 'owner' as const, repId: null, name: null, role: null };

function status(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'local',
    hubUrl: null,
    repId: null,
    name: null,
    lastContactAt: null,
    uploads: { waiting: 0, uploading: 0, paused: 0, attention: 0, keptLocal: 0, done: 0 },
    outbox: { pending: 0, refused: 0 },
    ...overrides,
  };
}

function renderSection(options: { me?: Omit<ChannelOutput<'access:me'>, 'may' | 'perItem'>; sync?: SyncStatus; join?: (input: ChannelInput<'hub:join'>) => ChannelOutput<'hub:join'>; language?: 'en' | 'fi' }) {
  const api = fakeApi({
    'access:me': () => options.me ?? owner,
    'sync:status': () => options.sync ?? status(),
    'sync:uploads': () => [],
    'sync:outbox': () => [],
    'demo:status': () => ({ active: false, seeded: false, firstRun: true, demoDir: '/tmp/demo' }),
    'hub:join': (input) => (options.join ?? (() => ({ hubUrl: 'https://reprise.example.com', name: 'Aino' })))(input),
    'hub:leave': () => ({ waitingTakes: 2, waitingChanges: 1 }),
  });
  render(
    <AppProviders api={api} language={options.language ?? 'en'}>
      <AccessGate>
        <TeamHubSection />
      </AccessGate>
    </AppProviders>,
  );
  return api;
}

const fill = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('Settings → Team hub on a computer on its own', () => {
  it('joins with the address and code, saying in plain words why a try failed', async () => {
    const answers: (ApiError | null)[] = [
      new ApiError({ code: 'hub_unreachable', message: 'Cannot reach https://reprise.example.com: ECONNREFUSED.' }),
      new ApiError({ code: 'invite_invalid', message: 'This code is not valid.' }),
      new ApiError({ code: 'already_connected', message: 'already' }),
      null,
    ];
    const api = renderSection({
      join: () => {
        const answer = answers.shift();
        if (answer) throw answer;
        return { hubUrl: 'https://reprise.example.com', name: 'Aino' };
      },
    });
    const submit = await screen.findByRole('button', { name: 'Join a team hub' });
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    fill(/^Hub address/, ' https://reprise.example.com ');
    fill(/^Sign-in code/, 'ABCD-EFGH-JK23');
    fill(/^Name of this computer/, 'Aino laptop');

    fireEvent.click(submit);
    expect(await screen.findByText(/Cannot reach a team hub at that address/)).toBeTruthy();
    expect(screen.getByLabelText(/^Hub address/).getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(submit);
    expect(await screen.findByText(/That code is not valid/)).toBeTruthy();
    expect(screen.getByLabelText(/^Sign-in code/).getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(submit);
    expect((await screen.findByRole('alert')).textContent).toBe('This computer is already joined to a team hub. Leave it first to join another.');

    fireEvent.click(submit);
    expect(await screen.findByText('Joined the team hub as Aino')).toBeTruthy();
    expect(api.calls.filter((c) => c.channel === 'hub:join').at(-1)?.input).toEqual({ url: 'https://reprise.example.com', code: 'ABCD-EFGH-JK23', device: 'Aino laptop' });
  });

  it('speaks Finnish', async () => {
    renderSection({
      language: 'fi',
      join: () => {
        throw new ApiError({ code: 'invite_invalid', message: 'This code is not valid.' });
      },
    });
    expect(await screen.findByRole('heading', { name: 'Tiimin palvelin' })).toBeTruthy();
    fill(/^Palvelimen osoite/, 'https://reprise.example.com');
    fill(/^Kirjautumiskoodi/, 'ABCD');
    fireEvent.click(screen.getByRole('button', { name: 'Liity tiimin palvelimeen' }));
    expect(await screen.findByText(/Koodi ei kelpaa/)).toBeTruthy();
  });

  it('is not offered to someone signed in to a hub in a browser', async () => {
    const api = renderSection({ me: { kind: 'person', repId: 'rep-1', name: 'Aino', role: 'admin' } });
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'sync:status')).toBe(true));
    expect(screen.queryByRole('button', { name: 'Join a team hub' })).toBeNull();
  });
});

describe('Settings → Team hub on a joined computer', () => {
  it('leaves only after asking, and says the takes not sent stay on this computer', async () => {
    const api = renderSection({
      me: { kind: 'person', repId: 'rep-1', name: 'Aino', role: 'rep' },
      sync: status({ state: 'online', hubUrl: 'https://reprise.example.com', repId: 'rep-1', name: 'Aino', uploads: { waiting: 1, uploading: 0, paused: 1, attention: 0, keptLocal: 3, done: 4 }, outbox: { pending: 1, refused: 0 } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Leave the team hub' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave the team hub?' });
    expect(within(dialog).getByText(/3 takes and changes have not gone up yet. They stay on this computer/)).toBeTruthy();
    expect(api.calls.some((c) => c.channel === 'hub:leave')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.calls.some((c) => c.channel === 'hub:leave')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Leave the team hub' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Leave the hub' }));
    expect(await screen.findByText(/Left the team hub/)).toBeTruthy();
    expect(api.calls.filter((c) => c.channel === 'hub:leave')).toHaveLength(1);
  });
});
