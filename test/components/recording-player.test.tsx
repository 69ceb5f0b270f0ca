import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { RecordingPlayer, usePlayer } from '../../src/renderer/src/features/coaching/recording-player';
import { mediaRetryDelaysMs } from '../../src/renderer/src/features/library/media-recovery';
import type { SyncStatus } from '../../src/shared/sync';
import { fakeApi, syncStatus } from './fake-api';

const status = (state: SyncStatus['state']) => syncStatus({ state });

const take = { id: 'rec-1', status: 'ready', hasVideo: false, markers: [] };

function Scored() {
  const player = usePlayer();
  return <RecordingPlayer recordingId="rec-1" player={player} />;
}

async function playerThatFails(state: SyncStatus['state'], language: 'en' | 'fi') {
  const api = fakeApi({ 'recordings:get': () => take as never, 'sync:status': () => status(state) });
  render(
    <AppProviders api={api} language={language}>
      <Scored />
    </AppProviders>,
  );
  const media = (await screen.findByLabelText(language === 'en' ? 'Recording of the role-play' : 'Harjoituksen tallenne')) as HTMLAudioElement;
  const load = vi.fn();
  media.load = load;
  // The first failure asks the take's address again (a storage address that ran out), and says nothing.
  fireEvent.error(media);
  expect(load).toHaveBeenCalledTimes(1);
  expect(screen.queryByRole('status')).toBeNull();
  // Failing on every try, each a little later (useMediaRecovery): now the page says so.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  for (const wait of mediaRetryDelaysMs.slice(1)) {
    fireEvent.error(media);
    act(() => void vi.advanceTimersByTime(wait));
  }
  expect(load).toHaveBeenCalledTimes(mediaRetryDelaysMs.length);
  expect(screen.queryByRole('status')).toBeNull();
  fireEvent.error(media);
  expect(load).toHaveBeenCalledTimes(mediaRetryDelaysMs.length);
  return screen.getByRole('status');
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a take's player whose media does not come", () => {
  it('says offline that the take was not kept here and plays once the hub is reachable', async () => {
    expect((await playerThatFails('offline', 'en')).textContent).toMatch(/not kept on this computer, so it plays once the team hub can be reached/);
  });

  it('says so in Finnish', async () => {
    expect((await playerThatFails('offline', 'fi')).textContent).toMatch(/ei ole tallessa tällä koneella/);
  });

  it('online, says it could not be played and what to check', async () => {
    expect((await playerThatFails('online', 'en')).textContent).toMatch(/could not be played\. Check the connection/);
  });
});
