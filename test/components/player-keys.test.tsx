import { describe, expect, it } from 'vitest';
import { nextMoment, playerAction, stepSpeed, type PlayerKeyActions } from '../../src/renderer/src/features/library/player-keys';
import { withInPoint, withOutPoint } from '../../src/renderer/src/features/library/range-selection';

function recorder() {
  const done: string[] = [];
  const actions: PlayerKeyActions = {
    togglePlay: () => done.push('play'),
    skip: (ms) => done.push(`skip ${ms}`),
    speed: (d) => done.push(`speed ${d}`),
    moment: (d) => done.push(`moment ${d}`),
    comment: () => done.push('comment'),
    marker: () => done.push('marker'),
    clip: () => done.push('clip'),
    help: () => done.push('help'),
    zoom: (d) => done.push(`zoom ${d}`),
    inPoint: () => done.push('in'),
    outPoint: () => done.push('out'),
    clearSelection: () => done.push('clear'),
  };
  const press = (key: string, mods: { shiftKey?: boolean; ctrlKey?: boolean } = {}) =>
    playerAction({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }, actions)?.();
  return { done, press };
}

describe('player keys', () => {
  it('maps the keys of the issue to what they do, and leaves shortcuts with Ctrl to the browser', () => {
    const { done, press } = recorder();
    for (const key of [' ', 'k', 'j', 'l', 'ArrowLeft', 'ArrowRight', '[', ']', 'n', 'p', 'c', 'm', '?', '+', '=', '-', 'i', 'o', 'x', 'Escape']) press(key);
    press('ArrowLeft', { shiftKey: true });
    press('ArrowRight', { shiftKey: true });
    press('c', { ctrlKey: true });
    press('z');
    expect(done).toEqual([
      'play', 'play', 'skip -10000', 'skip 10000', 'skip -5000', 'skip 5000', 'speed -1', 'speed 1',
      'moment 1', 'moment -1', 'comment', 'marker', 'help', 'zoom 1', 'zoom 1', 'zoom -1', 'in', 'out', 'clip', 'clear',
      'skip -1000', 'skip 1000',
    ]);
  });

  it('steps the speed within 0.5–2×', () => {
    expect(stepSpeed(1, 1)).toBe(1.25);
    expect(stepSpeed(1, -1)).toBe(0.75);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.5, -1)).toBe(0.5);
    expect(stepSpeed(1.1, 1)).toBe(1.5);
  });

  it('finds the next and the previous marker or comment, past one just played', () => {
    const moments = [30_000, 5000, 12_000];
    expect(nextMoment(moments, 0, 1)).toBe(5000);
    expect(nextMoment(moments, 5000, 1)).toBe(12_000);
    expect(nextMoment(moments, 31_000, 1)).toBeNull();
    expect(nextMoment(moments, 12_400, -1)).toBe(5000);
    expect(nextMoment(moments, 14_000, -1)).toBe(12_000);
    expect(nextMoment(moments, 4000, -1)).toBeNull();
  });

  it('sets a range with I and O at the playhead: an in-point alone runs to the end, an out-point alone from the start', () => {
    expect(withInPoint(null, 2000, 6000)).toEqual({ startMs: 2000, endMs: 6000 });
    expect(withOutPoint({ startMs: 2000, endMs: 6000 }, 4500, 6000)).toEqual({ startMs: 2000, endMs: 4500 });
    expect(withOutPoint(null, 3000, 6000)).toEqual({ startMs: 0, endMs: 3000 });
    // An in-point after the out-point starts afresh to the end rather than making a backwards range.
    expect(withInPoint({ startMs: 0, endMs: 3000 }, 4000, 6000)).toEqual({ startMs: 4000, endMs: 6000 });
    expect(withOutPoint({ startMs: 4000, endMs: 6000 }, 1000, 6000)).toEqual({ startMs: 0, endMs: 1000 });
    expect(withInPoint(null, 6000, 6000)).toBeNull();
    expect(withOutPoint(null, 0, 6000)).toBeNull();
  });
});
