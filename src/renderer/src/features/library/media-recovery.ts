import { useCallback, useEffect, useRef, type SyntheticEvent } from 'react';

/**
 * How long to wait before each try in a row: at once (an address that ran out is fixed by asking
 * again), then a little longer each time (a connection that dropped may take a moment to return).
 */
export const mediaRetryDelaysMs = [0, 1_000, 3_000] as const;

/** MediaError.MEDIA_ERR_DECODE: the bytes came but are not media; asking again brings the same bytes. */
const decodeError = 3;

/**
 * A player that lost its media mid-way (the storage address a hub redirected to is good for a
 * minute by default, and a browser may seek on it later; a connection dropped) asks its own address
 * again (the hub answers with a fresh storage address) and goes on where it was, playing if it
 * played. Returns the media element's onError handler, which answers true when it tries again, and
 * false when it gives up: the media cannot be decoded, or `mediaRetryDelaysMs.length` tries in a
 * row failed before the player had its place back. Then the page should say the take cannot be
 * played. A try that gets the player back to its place makes the next failure start over.
 */
export function useMediaRecovery(): (event: SyntheticEvent<HTMLMediaElement>) => boolean {
  /** Tries since the player last had its media; the place and state to go back to while trying. */
  const state = useRef<{ tries: number; attempt: number; resume: { at: number; playing: boolean } | null; timer: ReturnType<typeof setTimeout> | null }>({
    tries: 0,
    attempt: 0,
    resume: null,
    timer: null,
  });
  useEffect(
    () => () => {
      const s = state.current;
      if (s.timer !== null) clearTimeout(s.timer);
      // Listeners of a try still under way do nothing once the page is gone.
      s.attempt++;
    },
    [],
  );
  return useCallback((event: SyntheticEvent<HTMLMediaElement>) => {
    const media = event.currentTarget;
    const s = state.current;
    if (!media.getAttribute('src') || media.error?.code === decodeError) return false;
    if (s.tries >= mediaRetryDelaysMs.length) return false;
    // While tries fail the element is back at 0: the place is the one it had when the trouble began.
    s.resume ??= { at: media.currentTime, playing: !media.paused && !media.ended };
    const { at, playing } = s.resume;
    const delay = mediaRetryDelaysMs[s.tries]!;
    s.tries++;
    const attempt = ++s.attempt;
    const current = () => s.attempt === attempt;
    const settled = () => {
      if (!current()) return;
      s.tries = 0;
      s.resume = null;
    };
    const reload = () => {
      s.timer = null;
      if (!current()) return;
      media.addEventListener(
        'loadedmetadata',
        () => {
          if (!current()) return;
          // Back at its place (a seek that needs bytes there) or, from the start, able to play: it worked.
          media.addEventListener(at > 0 ? 'seeked' : 'canplay', settled, { once: true });
          if (at > 0) media.currentTime = at;
          if (playing) void media.play().catch(() => undefined);
        },
        { once: true },
      );
      media.load();
    };
    if (s.timer !== null) clearTimeout(s.timer);
    if (delay === 0) reload();
    else s.timer = setTimeout(reload, delay);
    return true;
  }, []);
}
