import { describe, expect, it } from 'vitest';
import { httpApi, ipcApi, operationKeys } from '../../src/renderer/src/api/api';
import type { RepriseBridge } from '../../src/shared/bridge';

/** A bridge that answers every call and notes the operation key each one carried. */
function recordingBridge() {
  const sent: { channel: string; key: string | undefined }[] = [];
  const bridge: RepriseBridge = {
    invoke: (channel, _input, operationKey) => {
      sent.push({ channel, key: operationKey });
      return Promise.resolve({ ok: true, value: { created: 4, sessions: [] } });
    },
    on: () => () => undefined,
  };
  return { bridge, sent };
}

describe('operation keys from the renderer', () => {
  const plan = { programId: 'program-1', weeks: 4, more: true };

  it('sends both clicks of a double click on "Plan 4 more weeks" with one key, over IPC', async () => {
    let now = 0;
    const { bridge, sent } = recordingBridge();
    const api = ipcApi(bridge, operationKeys(() => now));
    // Both clicks before the answer.
    await Promise.all([api.invoke('schedule:generate', plan), api.invoke('schedule:generate', plan)]);
    // A quick answer, then the second click of a slow double click.
    now += 300;
    await api.invoke('schedule:generate', plan);
    expect(sent.map((s) => s.key)).toEqual([sent[0]!.key, sent[0]!.key, sent[0]!.key]);
    expect(sent[0]!.key).toMatch(/^op-[0-9a-f]{32}$/);
    // Deciding to plan four more after reading the answer is a new operation.
    now += 5000;
    await api.invoke('schedule:generate', plan);
    expect(sent[3]!.key).not.toBe(sent[0]!.key);
    // Another create at the same time is another operation; a read carries no key.
    await api.invoke('schedule:generate', { ...plan, programId: 'program-2' });
    await api.invoke('programs:list', {});
    expect(sent[4]!.key).not.toBe(sent[3]!.key);
    expect(sent[5]).toEqual({ channel: 'programs:list', key: undefined });
  });

  it('sends the key as an Idempotency-Key header over HTTP, on creates only', async () => {
    const headers: (string | null)[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((_url: string, init: RequestInit) => {
      headers.push(new Headers(init.headers).get('idempotency-key'));
      return Promise.resolve(new Response(JSON.stringify({ ok: true, value: [] }), { headers: { 'content-type': 'application/json' } }));
    }) as typeof fetch;
    try {
      const api = httpApi('', operationKeys(() => 0));
      await Promise.all([api.invoke('people:create', { name: 'Aino', email: 'aino@example.com' }), api.invoke('people:create', { name: 'Aino', email: 'aino@example.com' })]);
      await api.invoke('people:list', {});
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(headers[0]).toMatch(/^op-[0-9a-f]{32}$/);
    expect(headers[1]).toBe(headers[0]);
    expect(headers[2]).toBeNull();
  });
});
