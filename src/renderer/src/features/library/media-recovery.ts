import { useCallback, useRef, type SyntheticEvent } from 'react';

/** A second failure this soon after a reload is the media itself, not an address that ran out. */
const settleMs = 5_000;

/**
 * A player that lost its media mid-way (the storage address a hub redirected to is good for a
 * minute, and a browser may seek on it later; a connection dropped) asks its own address again and
 * goes on where it was, playing if it played. Returns the media element's onError handler, which
 * answers true when it tried again, and false when the failure came right after a retry: then the
 * page should say the take cannot be played.
 */
export function useMediaRecovery(): (event: SyntheticEvent<HTMLMediaElement>) => boolean {
  const lastRetry = useRef(Number.NEGATIVE_INFINITY);
  return useCallback((event: SyntheticEvent<HTMLMediaElement>) => {
    const media = event.currentTarget;
    const now = performance.now();
    if (!media.getAttribute('src') || now - lastRetry.current < settleMs) return false;
    lastRetry.current = now;
    const at = media.currentTime;
    const playing = !media.paused && !media.ended;
    media.addEventListener(
      'loadedmetadata',
      () => {
        if (at > 0) media.currentTime = at;
        if (playing) void media.play().catch(() => undefined);
      },
      { once: true },
    );
    media.load();
    return true;
  }, []);
}
