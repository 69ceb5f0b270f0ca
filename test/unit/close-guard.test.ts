import { describe, expect, it } from 'vitest';
import { mayClose } from '../../src/core/recordings/close-guard';
import { closeTakeText } from '../../src/main/close-text';
import { testCore } from '../support/core';
import { chunksOf, makeMedia } from '../support/media';

function liveTake() {
  const core = testCore();
  const aino = core.people.create({ name: 'Aino', email: 'aino@example.com' });
  const session = core.sessions.create({ focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }] });
  const take = core.recordings.start({ sessionId: session.id, mode: 'microphone', mimeType: 'audio/webm', consents: [{ repId: aino.id }], confirmedBy: 'Aino', channelMap: null });
  const chunks = chunksOf(makeMedia('webm-audio', 4), 4);
  // The first chunks reached the core; the window still holds the last one.
  chunks.slice(0, -1).forEach((chunk, seq) => core.recordings.append({ id: take.id, seq, data: chunk.toString('base64') }));
  return { core, take, chunks };
}

describe('closing the desktop window mid-take', () => {
  it('closes at once when nothing is being recorded, without asking', async () => {
    const core = testCore();
    let asked = false;
    const close = await mayClose({ recordings: core.recordings, events: core.events, ask: async () => (asked = true) });
    expect({ close, asked }).toEqual({ close: true, asked: false });
  });

  it('keeps the window and the take when the person chooses to keep recording', async () => {
    const { core, take } = liveTake();
    const close = await mayClose({ recordings: core.recordings, events: core.events, ask: async () => false });
    expect(close).toBe(false);
    expect(core.recordings.get(take.id).status).toBe('recording');
    expect(core.emitted.map((e) => e.name)).not.toContain('recordings:stop-requested');
  });

  it('asks the window to stop, takes its last chunk, and closes only once the take is finished', async () => {
    const { core, take, chunks } = liveTake();
    // The window's recorder: hands over what it still holds, then stops the take.
    core.events.onAny((name, payload) => {
      if (name !== 'recordings:stop-requested' || !(payload as { ids: string[] }).ids.includes(take.id)) return;
      setTimeout(() => {
        core.recordings.append({ id: take.id, seq: chunks.length - 1, data: chunks.at(-1)!.toString('base64') });
        void core.recordings.stop(take.id, 'user');
      }, 20);
    });
    const close = await mayClose({ recordings: core.recordings, events: core.events, ask: async () => true });
    expect(close).toBe(true);
    const finished = core.recordings.get(take.id);
    expect(finished).toMatchObject({ status: 'ready', recovered: false });
    expect(finished.durationMs).toBeGreaterThan(3800);
  });

  it('stops and finishes the take itself when the window does not answer, keeping what arrived', async () => {
    const { core, take } = liveTake();
    const close = await mayClose({ recordings: core.recordings, events: core.events, ask: async () => true, handOverMs: 50 });
    expect(close).toBe(true);
    expect(core.recordings.get(take.id).status).toBe('ready');
    expect(core.recordings.liveTakes()).toEqual([]);
  });

  it('asks in the language the window shows', () => {
    expect(closeTakeText('fi').stop).toBe('Lopeta tallennus ja sulje');
    expect(closeTakeText('fi-FI').keep).toBe('Jatka tallennusta');
    expect(closeTakeText('en-GB').stop).toBe('Stop recording and close');
    expect(Object.keys(closeTakeText('fi'))).toEqual(Object.keys(closeTakeText('en')));
  });
});
