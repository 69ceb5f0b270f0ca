import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import { XapiSettings } from '../../src/renderer/src/features/xapi/xapi-settings';
import type { ChannelOutput } from '../../src/shared/contract';
import type { XapiStatus } from '../../src/shared/xapi';
import { fakeApi } from './fake-api';

const stored = {
  enabled: true,
  endpoint: 'https://lrs.example.com/xapi',
  username: 'reprise-key',
  hasPassword: true,
  version: '1.0.3' as const,
  baseIri: 'https://reprise.example.com/',
};

function status(overrides: Partial<XapiStatus> = {}): XapiStatus {
  return { enabled: true, configured: true, queued: 3, retrying: 0, sent: 40, refused: 0, lastSentAt: '2027-03-01T09:00:00.000Z', lastFailure: null, refusedList: [], ...overrides };
}

function renderAs(me: Omit<ChannelOutput<'access:me'>, 'may' | 'perItem'>, answers: { status?: XapiStatus; run?: ChannelOutput<'xapi:send'> } = {}) {
  const api = fakeApi({
    'access:me': () => me,
    'xapi:settings': () => stored,
    'xapi:status': () => answers.status ?? status(),
    'xapi:configure': (input) => ({ ...stored, ...input, hasPassword: true }) as ChannelOutput<'xapi:configure'>,
    'xapi:send': () => answers.run ?? { sent: 3, alreadyThere: 0, refused: 0, retrying: 0, stopped: null, detail: '' },
    'xapi:retry-refused': () => ({ queued: 1 }),
  });
  render(
    <AppProviders api={api} language="en">
      <AccessGate>
        <XapiSettings />
      </AccessGate>
    </AppProviders>,
  );
  return api;
}

const owner = { kind: 'owner' as const, repId: null, name: null, role: null };

describe('the Learning Record Store settings', () => {
  it('is not offered to someone who is not an admin, and asks the core nothing', async () => {
    const api = renderAs({ kind: 'person', repId: 'rep-1', name: 'Aino', role: 'manager' });
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'access:me')).toBe(true));
    expect(screen.queryByText('Learning Record Store (xAPI)')).toBeNull();
    expect(api.calls.some((c) => c.channel.startsWith('xapi:'))).toBe(false);
  });

  it('never shows the kept password and keeps it when the field is left empty', async () => {
    const api = renderAs({ kind: 'person', repId: 'rep-1', name: 'Ada', role: 'admin' });
    const password = (await screen.findByLabelText('Password or secret')) as HTMLInputElement;
    expect(password.value).toBe('');
    expect(screen.getByText('A password is kept. Leave this empty to keep it, or type a new one.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'xapi:configure')).toBe(true));
    expect(api.calls.find((c) => c.channel === 'xapi:configure')?.input).not.toHaveProperty('password');
    fireEvent.change(password, { target: { value: 'new-secret' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.filter((c) => c.channel === 'xapi:configure')).toHaveLength(2));
    expect(api.calls.filter((c) => c.channel === 'xapi:configure')[1]?.input).toMatchObject({ password: 'new-secret' });
    // Once kept, it leaves the screen too.
    await waitFor(() => expect(password.value).toBe(''));
  });

  it('warns while sending is on with the placeholder address, which statements would keep for good', async () => {
    renderAs(owner);
    const base = (await screen.findByLabelText('Base address for activity IRIs')) as HTMLInputElement;
    const warning = 'The address is still the placeholder. Statements keep the address they were sent with, so set your own before sending is on.';
    expect(screen.queryByText(warning)).toBeNull();
    fireEvent.change(base, { target: { value: 'https://reprise.invalid/' } });
    expect(screen.getByText(warning)).toBeTruthy();
    fireEvent.change(base, { target: { value: 'https://hub.example.com/' } });
    expect(screen.queryByText(warning)).toBeNull();
  });

  it('says what the LRS refused and why, and why the rest waits', async () => {
    const api = renderAs(owner, {
      status: status({
        refused: 1,
        retrying: 3,
        lastFailure: { kind: 'network', detail: 'ECONNREFUSED', nextTryAt: '2027-03-01T09:01:00.000Z' },
        refusedList: [{ id: 's1', verb: 'passed', recordId: 'g1', who: 'Aino Virtanen', at: '2027-02-10T13:00:00.000Z', checkedHere: false, detail: 'Unknown activity type' }],
      }),
      run: { sent: 0, alreadyThere: 0, refused: 0, retrying: 3, stopped: 'auth', detail: 'Unknown key or wrong secret' },
    });
    expect(await screen.findByText('The LRS said: “Unknown activity type”')).toBeTruthy();
    expect(screen.getByText('Aino Virtanen')).toBeTruthy();
    expect(screen.getByText('Level passed')).toBeTruthy();
    expect(screen.getByText('3 wait after a failed try')).toBeTruthy();
    expect(screen.getByText('The LRS said: “ECONNREFUSED”')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send refused ones again' }));
    await waitFor(() => expect(api.calls.map((c) => c.channel).slice(-2)).toEqual(['xapi:retry-refused', 'xapi:send']));
    fireEvent.click(screen.getByRole('button', { name: 'Send now' }));
    expect(
      await screen.findByText(
        'Sent 0 statements. The LRS did not accept the username and password. Check them above. The LRS said: “Unknown key or wrong secret”',
      ),
    ).toBeTruthy();
  });
});
