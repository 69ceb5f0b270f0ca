import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { RecordingPlayer, usePlayer } from '../../src/renderer/src/features/coaching/recording-player';
import { mediaRetryDelaysMs } from '../../src/renderer/src/features/library/media-recovery';
import { fakeApi, syncStatus } from './fake-api';

/**
 * A player whose media stops coming: a hub on S3 sent it to a storage address that ran out before
 * a seek, or the connection dropped. jsdom plays nothing, so the element's playing state is a small
 * stand-in that behaves as a browser's does: load() starts over at 0, paused, and the page hears
 * the events a browser fires (error, loadedmetadata, seeked, canplay).
 */
function fakeMedia(media: HTMLMediaElement) {
  const element = { currentTime: 0, paused: true, errorCode: 0 };
  Object.defineProperty(media, 'currentTime', { configurable: true, get: () => element.currentTime, set: (value: number) => (element.currentTime = value) });
  Object.defineProperty(media, 'paused', { configurable: true, get: () => element.paused });
  Object.defineProperty(media, 'ended', { configurable: true, get: () => false });
  Object.defineProperty(media, 'error', { configurable: true, get: () => (element.errorCode ? { code: element.errorCode } : null) });
  const load = vi.fn(() => {
    element.currentTime = 0;
    element.paused = true;
    element.errorCode = 0;
  });
  const play = vi.fn(() => {
    element.paused = false;
    return Promise.resolve();
  });
  media.load = load;
  media.play = play;
  return {
    element,
    load,
    play,
    /** The media fails (2: the network, as a 403 from an address that ran out shows; 3: bytes that are not media). */
    fail(code = 2) {
      element.errorCode = code;
      fireEvent.error(media);
    },
    /** The address answered again: the browser has the media's length, then its place. */
    loaded() {
      fireEvent.loadedMetadata(media);
    },
    seeked() {
      fireEvent.seeked(media);
    },
  };
}

const take = { id: 'rec-1', status: 'ready', hasVideo: false, markers: [] };

function Scored() {
  const player = usePlayer();
  return <RecordingPlayer recordingId="rec-1" player={player} />;
}

async function player(language: 'en' | 'fi' = 'en') {
  const api = fakeApi({ 'recordings:get': () => take as never, 'sync:status': () => syncStatus({ state: 'online' }) });
  const view = render(
    <AppProviders api={api} language={language}>
      <Scored />
    </AppProviders>,
  );
  const media = (await screen.findByLabelText(language === 'en' ? 'Recording of the role-play' : 'Harjoituksen tallenne')) as HTMLAudioElement;
  // The source the page gives is the hub's (or this computer's) own address for the take: loading it
  // again is what gets a fresh storage address from the hub.
  expect(media.getAttribute('src')).toBe('/media/recording/rec-1');
  // Timers only from here: the page has loaded, and the waits between tries are what is under test.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  return { media, view, ...fakeMedia(media) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a player that loses its media (useMediaRecovery)', () => {
  it('asks for its source again and goes on at the same place, playing; each time the address runs out again it does so again', async () => {
    const p = await player();
    p.element.currentTime = 42.5;
    p.element.paused = false;

    // A seek after the storage address ran out: the gateway refuses, the element errs.
    p.fail();
    expect(p.load).toHaveBeenCalledTimes(1);
    expect(p.element.currentTime).toBe(0);
    expect(screen.queryByRole('status')).toBeNull();
    // The fresh address answers: back to 42.5 s, playing as before.
    p.loaded();
    expect(p.element.currentTime).toBe(42.5);
    expect(p.play).toHaveBeenCalledTimes(1);
    p.seeked();

    // Minutes later the new address has run out too, at another place, paused this time: the
    // earlier try worked, so this one starts over at once rather than counting towards giving up.
    p.element.currentTime = 80;
    p.element.paused = true;
    for (let round = 0; round < mediaRetryDelaysMs.length + 1; round++) {
      p.fail();
      expect(p.load).toHaveBeenCalledTimes(2 + round);
      p.loaded();
      expect(p.element.currentTime).toBe(80);
      p.seeked();
      p.element.currentTime = 80;
    }
    expect(p.play).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('waits longer between tries while the connection stays down, keeps the place of the first failure, and after the last try says the take cannot be played', async () => {
    const p = await player();
    p.element.currentTime = 42.5;
    p.element.paused = false;

    p.fail();
    expect(p.load).toHaveBeenCalledTimes(1);
    // The reload fails before it loads: the next try waits a second.
    p.fail();
    expect(p.load).toHaveBeenCalledTimes(1);
    act(() => void vi.advanceTimersByTime(mediaRetryDelaysMs[1] - 1));
    expect(p.load).toHaveBeenCalledTimes(1);
    act(() => void vi.advanceTimersByTime(1));
    expect(p.load).toHaveBeenCalledTimes(2);
    p.fail();
    act(() => void vi.advanceTimersByTime(mediaRetryDelaysMs[2]));
    expect(p.load).toHaveBeenCalledTimes(3);
    expect(screen.queryByRole('status')).toBeNull();
    // The third try loads the media's length, but the bytes at the place do not come.
    p.loaded();
    expect(p.element.currentTime).toBe(42.5);
    expect(p.play).toHaveBeenCalledTimes(1);
    p.fail();
    act(() => void vi.advanceTimersByTime(10_000));
    expect(p.load).toHaveBeenCalledTimes(3);
    expect(screen.getByRole('status').textContent).toBe('The take could not be played. Check the connection to the team hub and open the page again.');
  });

  it('says so in Finnish', async () => {
    const p = await player('fi');
    p.element.currentTime = 3;
    for (const wait of mediaRetryDelaysMs) {
      p.fail();
      act(() => void vi.advanceTimersByTime(wait));
    }
    expect(p.load).toHaveBeenCalledTimes(mediaRetryDelaysMs.length);
    expect(screen.queryByRole('status')).toBeNull();
    p.fail();
    expect(screen.getByRole('status').textContent).toBe('Tallennetta ei voitu toistaa. Tarkista yhteys tiimin palvelimeen ja avaa sivu uudelleen.');
  });

  it('does not ask again for bytes that are not media (a decode error): it says so at once', async () => {
    const p = await player();
    p.fail(3);
    expect(p.load).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toMatch(/could not be played/);
  });

  it('leaves a try that was waiting when the page goes away', async () => {
    const p = await player();
    p.fail();
    p.fail();
    p.view.unmount();
    act(() => void vi.advanceTimersByTime(10_000));
    expect(p.load).toHaveBeenCalledTimes(1);
  });
});
