/** The parts of a media element range playback uses (a real <audio>/<video>, or a test's stand-in). */
export interface RangeMedia {
  currentTime: number;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'pause' | 'timeupdate', listener: () => void): void;
  removeEventListener(type: 'pause' | 'timeupdate', listener: () => void): void;
}

export interface RangePlayback {
  /** Stops watching (the media keeps its state). */
  stop(): void;
}

export interface Frames {
  request(cb: () => void): number;
  cancel(id: number): void;
}

const browserFrames: Frames = { request: (cb) => requestAnimationFrame(cb), cancel: (id) => cancelAnimationFrame(id) };

/**
 * Plays [startMs, endMs) of a media element: seeks to the start, plays, and pauses at the end.
 * `timeupdate` comes only about four times a second, too late to stop on the range's last word,
 * so the end is watched every animation frame too (and on `timeupdate` where frames are paused,
 * in a hidden window). Pausing, or jumping elsewhere by hand, ends the watch: the person is then
 * free to play on past the clip.
 */
export function playRange(media: RangeMedia, startMs: number, endMs: number, onEnd: () => void = () => undefined, frames: Frames = browserFrames): RangePlayback {
  let frame = 0;
  let active = true;
  let last = startMs;
  const stop = () => {
    if (!active) return;
    active = false;
    frames.cancel(frame);
    media.removeEventListener('pause', stop);
    media.removeEventListener('timeupdate', check);
  };
  function check() {
    if (!active) return;
    const now = media.currentTime * 1000;
    // A jump back before the clip or far ahead is the person's own seek, not playback.
    if (now < startMs - 250 || now > last + 1500) return stop();
    last = Math.max(last, now);
    if (now < endMs) return;
    stop();
    media.pause();
    media.currentTime = endMs / 1000;
    onEnd();
  }
  const watch = () => {
    check();
    if (active) frame = frames.request(watch);
  };
  media.currentTime = startMs / 1000;
  media.play().then(
    () => {
      if (!active) return;
      // Listened for only once playing, so a pause before the start is not taken as the person's.
      media.addEventListener('pause', stop);
      media.addEventListener('timeupdate', check);
      watch();
    },
    () => stop(),
  );
  return { stop };
}
