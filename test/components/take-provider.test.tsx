import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import type { Capture } from '../../src/renderer/src/features/record/media-capture';
import { useTake } from '../../src/renderer/src/features/record/take-provider';
import { fakeApi } from './fake-api';

/** Just enough of MediaRecorder for the take's life cycle: no media, only its states and the stop event. */
class FakeMediaRecorder extends EventTarget {
  state: 'inactive' | 'recording' | 'paused' = 'inactive';
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  start() {
    this.state = 'recording';
  }
  stop() {
    this.state = 'inactive';
    this.dispatchEvent(new Event('stop'));
  }
}

const capture: Capture = { stream: {} as MediaStream, preview: null, channels: 1, levels: () => [0], stop: () => undefined };

function Starter() {
  const { take, start } = useTake();
  return (
    <>
      <button
        type="button"
        onClick={() =>
          void start({ sessionId: 's1', focusAreaId: 'discovery', mode: 'microphone', capture, mimeType: 'audio/webm', consents: [], confirmedBy: 'Aino', channelMap: { left: { label: 'Aino', repId: null }, right: null } })
        }
      >
        start
      </button>
      <p>{take ? `${take.phase}:${take.recordingId}` : 'idle'}</p>
    </>
  );
}

beforeEach(() => {
  vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the app-wide take', () => {
  it('stops and hands the take to the core when the desktop window asks to close', async () => {
    const api = fakeApi({
      'recordings:start': () => ({ id: 'rec-1' }) as never,
      'recordings:stop': () => ({ id: 'rec-1', status: 'finalizing' }) as never,
      'recordings:get': () => ({ id: 'rec-1', status: 'finalizing' }) as never,
    });
    render(
      <AppProviders api={api} language="en">
        <Starter />
      </AppProviders>,
    );
    act(() => screen.getByRole('button', { name: 'start' }).click());
    expect(await screen.findByText('recording:rec-1')).toBeTruthy();

    // Another take's request is not ours.
    act(() => api.emit('recordings:stop-requested', { ids: ['someone-else'] }));
    expect(api.calls.some((c) => c.channel === 'recordings:stop')).toBe(false);

    act(() => api.emit('recordings:stop-requested', { ids: ['rec-1'] }));
    expect(await screen.findByText('finishing:rec-1')).toBeTruthy();
    await vi.waitFor(() => expect(api.calls.find((c) => c.channel === 'recordings:stop')?.input).toEqual({ id: 'rec-1', reason: 'user' }));
  });
});
