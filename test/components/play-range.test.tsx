import { describe, expect, it } from 'vitest';
import { playRange, type Frames, type RangeMedia } from '../../src/renderer/src/features/clips/play-range';

/** A media element whose clock the test moves, with animation frames run by hand. */
function fakeMedia() {
  const listeners = new Map<string, Set<() => void>>();
  let queued: (() => void) | null = null;
  const media: RangeMedia & { paused: boolean; log: string[] } = {
    currentTime: 0,
    paused: true,
    log: [],
    play: () => {
      media.paused = false;
      media.log.push(`play@${media.currentTime}`);
      return Promise.resolve();
    },
    pause: () => {
      media.paused = true;
      media.log.push(`pause@${media.currentTime}`);
      for (const l of listeners.get('pause') ?? []) l();
    },
    addEventListener: (type, l) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(l),
    removeEventListener: (type, l) => void listeners.get(type)?.delete(l),
  };
  const frames: Frames = { request: (cb) => ((queued = cb), 1), cancel: () => (queued = null) };
  const advance = (seconds: number) => {
    media.currentTime = seconds;
    const run = queued;
    queued = null;
    run?.();
  };
  return { media, frames, advance, listening: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

describe('playing a clip', () => {
  it('starts at the range’s start and pauses at its end, never playing past it', async () => {
    const { media, frames, advance, listening } = fakeMedia();
    let ended = 0;
    playRange(media, 65_000, 92_000, () => ended++, frames);
    await Promise.resolve();
    expect(media.log).toEqual(['play@65']);
    for (let at = 65.25; at < 92; at += 0.25) advance(at);
    advance(91.99);
    expect(media.paused).toBe(false);
    advance(92.01);
    expect(media.paused).toBe(true);
    expect(media.currentTime).toBe(92);
    expect(ended).toBe(1);
    expect(listening()).toBe(0);
  });

  it('lets the person take over: a pause or a jump elsewhere ends the watch', async () => {
    const paused = fakeMedia();
    playRange(paused.media, 1000, 5000, undefined, paused.frames);
    await Promise.resolve();
    paused.media.pause();
    paused.media.play();
    paused.advance(6);
    expect(paused.media.paused).toBe(false);

    const jumped = fakeMedia();
    playRange(jumped.media, 1000, 5000, undefined, jumped.frames);
    await Promise.resolve();
    jumped.advance(2);
    jumped.advance(40);
    jumped.advance(41);
    expect(jumped.media.paused).toBe(false);
    expect(jumped.listening()).toBe(0);
  });
});
