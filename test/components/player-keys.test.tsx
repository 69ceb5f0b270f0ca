import { describe, expect, it } from 'vitest';
import { nextMoment, playerAction, stepSpeed, type PlayerKeyActions } from '../../src/renderer/src/features/library/player-keys';

function recorder() {
  const done: string[] = [];
  const actions: PlayerKeyActions = {
    togglePlay: () => done.push('play'),
    skip: (ms) => done.push(`skip ${ms}`),
    speed: (d) => done.push(`speed ${d}`),
    moment: (d) => done.push(`moment ${d}`),
    comment: () => done.push('comment'),
    marker: () => done.push('marker'),
    selectionIn: () => done.push('in'),
    selectionOut: () => done.push('out'),
    clip: () => done.push('clip'),
    help: () => done.push('help'),
  };
  const press = (key: string, mods: { shiftKey?: boolean; ctrlKey?: boolean } = {}) =>
    playerAction({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods }, actions)?.();
  return { done, press };
}

describe('player keys', () => {
  it('maps the keys of the issue to what they do, and leaves shortcuts with Ctrl to the browser', () => {
    const { done, press } = recorder();
    for (const key of [' ', 'k', 'j', 'l', 'ArrowLeft', 'ArrowRight', '[', ']', 'n', 'p', 'c', 'm', 'i', 'o', 'x', '?']) press(key);
    press('ArrowLeft', { shiftKey: true });
    press('ArrowRight', { shiftKey: true });
    press('c', { ctrlKey: true });
    press('z');
    expect(done).toEqual([
      'play', 'play', 'skip -10000', 'skip 10000', 'skip -5000', 'skip 5000', 'speed -1', 'speed 1',
      'moment 1', 'moment -1', 'comment', 'marker', 'in', 'out', 'clip', 'help', 'skip -1000', 'skip 1000',
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
});
