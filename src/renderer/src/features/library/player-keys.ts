import { useEffect, useRef } from 'react';

export const speeds = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** The next speed up or down the ladder, staying within 0.5–2×. */
export function stepSpeed(rate: number, direction: 1 | -1): number {
  const index = speeds.findIndex((s) => s >= rate - 1e-9);
  const at = index < 0 ? speeds.length - 1 : index;
  return speeds[Math.min(speeds.length - 1, Math.max(0, at + direction))]!;
}

/**
 * The moment to jump to with N (next) or P (previous): the first marker or comment after the
 * playhead, or the last one before it. A previous moment within a second counts as "here", so
 * pressing P twice goes back past it, as in a music player.
 */
export function nextMoment(moments: readonly number[], currentMs: number, direction: 1 | -1): number | null {
  const sorted = [...moments].sort((a, b) => a - b);
  if (direction === 1) return sorted.find((m) => m > currentMs + 50) ?? null;
  return [...sorted].reverse().find((m) => m < currentMs - 1000) ?? null;
}

export interface PlayerKeyActions {
  togglePlay(): void;
  /** Relative to the playhead, in ms. */
  skip(ms: number): void;
  speed(direction: 1 | -1): void;
  moment(direction: 1 | -1): void;
  comment(): void;
  marker(): void;
  /** X: clip the selection. */
  clip(): void;
  help(): void;
  /** The waveform's zoom, one step in (1) or out (-1). */
  zoom(direction: 1 | -1): void;
  /** Start (I) or end (O) the selected range at the playhead. */
  inPoint(): void;
  outPoint(): void;
  clearSelection(): void;
}

/** What each key does on a page with a player; null for a key the player leaves alone. */
export function playerAction(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>, actions: PlayerKeyActions): (() => void) | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case ' ':
    case 'k':
    case 'K':
      return actions.togglePlay;
    case 'j':
    case 'J':
      return () => actions.skip(-10_000);
    case 'l':
    case 'L':
      return () => actions.skip(10_000);
    case 'ArrowLeft':
      return () => actions.skip(event.shiftKey ? -1000 : -5000);
    case 'ArrowRight':
      return () => actions.skip(event.shiftKey ? 1000 : 5000);
    case '[':
      return () => actions.speed(-1);
    case ']':
      return () => actions.speed(1);
    case 'n':
    case 'N':
      return () => actions.moment(1);
    case 'p':
    case 'P':
      return () => actions.moment(-1);
    case 'c':
    case 'C':
      return actions.comment;
    case 'm':
    case 'M':
      return actions.marker;
    case 'x':
    case 'X':
      return actions.clip;
    case '?':
      return actions.help;
    // "=" is the unshifted "+" on US keyboards; Finnish ones have "+" on its own key.
    case '+':
    case '=':
      return () => actions.zoom(1);
    case '-':
      return () => actions.zoom(-1);
    case 'i':
    case 'I':
      return actions.inPoint;
    case 'o':
    case 'O':
      return actions.outPoint;
    case 'Escape':
      return actions.clearSelection;
    default:
      return null;
  }
}

/**
 * Listens on the window for the player's keys, except while typing in a field or when a dialog is
 * open; Space is left to a focused button or link, which it presses.
 */
export function usePlayerKeys(actions: PlayerKeyActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      if (event.key === ' ' && target?.closest('button, a, summary')) return;
      const action = playerAction(event, ref.current);
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
