import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/renderer/src/app/routes';

describe('The address', () => {
  it('opens Today for an empty address or a bare slash, as a bookmark of the app itself has', () => {
    for (const hash of ['', '#', '#/', '#//']) expect(parseRoute(hash)).toMatchObject({ name: 'area', area: 'today' });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'notFound', path: '/nowhere' });
  });
});
