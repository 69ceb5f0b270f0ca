import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids';

describe('uuidv7', () => {
  it('makes version-7 UUIDs that carry the time and sort in the order they were made, also within one millisecond', () => {
    const at = Date.parse('2026-11-27T09:00:00.123Z');
    const ids = Array.from({ length: 20_000 }, () => uuidv7(at));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    const later = uuidv7(at + 1);
    expect(later > ids.at(-1)!).toBe(true);
    expect(parseInt(later.replace(/-/g, '').slice(0, 12), 16)).toBe(at + 1);
  });

  it('starts each millisecond at a random place', () => {
    const firsts = new Set(Array.from({ length: 50 }, (_, k) => uuidv7(1_800_000_000_000 + k * 2).slice(15)));
    expect(firsts.size).toBe(50);
  });
});
