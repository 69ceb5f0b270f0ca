import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/renderer/src/api/api';
import type { Capture } from '../../src/renderer/src/features/record/media-capture';
import { TakeRecorder, type SavingStatus } from '../../src/renderer/src/features/record/take-recorder';
import { fakeApi } from './fake-api';

/** Stands in for the browser's MediaRecorder: the test hands over chunks when it wants. */
class FakeMediaRecorder {
  static last: FakeMediaRecorder;
  state: 'inactive' | 'recording' | 'paused' = 'inactive';
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  private onStop: (() => void)[] = [];
  constructor() {
    FakeMediaRecorder.last = this;
  }
  start() {
    this.state = 'recording';
  }
  stop() {
    this.state = 'inactive';
    queueMicrotask(() => this.onStop.forEach((listener) => listener()));
  }
  addEventListener(name: string, listener: () => void) {
    if (name === 'stop') this.onStop.push(listener);
  }
  chunk(text: string) {
    this.ondataavailable?.({ data: new Blob([text]) });
  }
}

const capture: Capture = { stream: {} as MediaStream, preview: null, channels: 1, levels: () => [0.5], stop: () => undefined };

beforeEach(() => {
  vi.stubGlobal('MediaRecorder', FakeMediaRecorder);
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearInterval', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function settle(promise: Promise<unknown>): Promise<void> {
  let done = false;
  void promise.finally(() => (done = true));
  while (!done) await vi.advanceTimersByTimeAsync(100);
}

describe('TakeRecorder', () => {
  it('keeps chunks in order while the core is busy and sends each until it is taken, dropping none', async () => {
    const saved: string[] = [];
    let busyAnswers = 6;
    const api = fakeApi({
      'recordings:append': ({ seq, data }) => {
        // The core is held up (a long import in another process) while chunk 1 arrives.
        if (seq === 1 && busyAnswers-- > 0) throw new ApiError({ code: 'internal', message: 'database is locked' });
        if (seq === saved.length) saved.push(atob(data));
        return { bytes: 0, freeBytes: 1e12, stop: null };
      },
      'recordings:stop': ({ id }) => ({ id }) as never,
    });
    const statuses: SavingStatus[] = [];
    const problems: string[] = [];
    const recorder = new TakeRecorder(api, 'take-1', capture, 'audio/webm', {
      onState: () => undefined,
      onProblem: (problem) => problems.push(problem),
      onSaving: (status) => statuses.push(status),
    });
    recorder.start();
    for (const text of ['zero', 'one', 'two', 'three', 'four']) FakeMediaRecorder.last.chunk(text);
    await settle(recorder.stop('user'));

    expect(saved).toEqual(['zero', 'one', 'two', 'three', 'four']);
    expect(problems).toEqual([]);
    expect(statuses).toContainEqual({ behind: true, waitingChunks: 4 });
    expect(statuses.at(-1)).toEqual({ behind: false });
    const order = api.calls.map((c) => (c.channel === 'recordings:append' ? (c.input as { seq: number }).seq : c.channel));
    expect(order.filter((x) => x !== 1)).toEqual([0, 2, 3, 4, 'recordings:stop']);
  });

  it('stops and says so when the core answers that the take is over', async () => {
    const api = fakeApi({
      'recordings:append': () => {
        throw new ApiError({ code: 'take_not_active', message: 'This take is no longer being recorded.' });
      },
    });
    const problems: string[] = [];
    const states: string[] = [];
    const recorder = new TakeRecorder(api, 'take-1', capture, 'audio/webm', {
      onState: (state) => states.push(state),
      onProblem: (problem) => problems.push(problem),
    });
    recorder.start();
    FakeMediaRecorder.last.chunk('zero');
    FakeMediaRecorder.last.chunk('one');
    await settle(recorder.stop('user'));
    expect(problems).toEqual(['save_failed']);
    expect(states.at(-1)).toBe('stopped');
    expect(api.calls.filter((c) => c.channel === 'recordings:append')).toHaveLength(1);
  });
});
