import { afterEach } from 'vitest';
import { createCore, type Core } from '../../src/core/core';
import type { EventName } from '../../src/shared/contract';
import { tempDir } from './temp-dir';

const opened: Core[] = [];

/** A real core on a real SQLite file in a temp folder, with a clock the test controls. */
export function testCore(now = '2026-11-27T09:00:00Z'): Core & { setNow(iso: string): void; emitted: { name: EventName; payload: unknown }[] } {
  let current = new Date(now);
  const core = createCore({ dataDir: tempDir(), clock: () => new Date(current) });
  const emitted: { name: EventName; payload: unknown }[] = [];
  core.events.onAny((name, payload) => emitted.push({ name, payload }));
  opened.push(core);
  return Object.assign(core, {
    setNow: (iso: string) => {
      current = new Date(iso);
    },
    emitted,
  });
}

afterEach(() => {
  for (const core of opened.splice(0)) core.close();
});
