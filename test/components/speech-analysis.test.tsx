import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { SpeechAnalysisPanel } from '../../src/renderer/src/features/analysis/speech-analysis';
import { AccessGate } from '../../src/renderer/src/features/hub/access-gate';
import type { Participant } from '../../src/shared/sessions';
import type { RecordingAnalysis, SpeechAnalysis } from '../../src/shared/analysis';
import { fakeApi } from './fake-api';

const speaker = (talkMs: number, talkRatio: number, longestMonologueMs: number) => ({ talkMs, talkRatio, longestMonologueMs, turns: 2, interruptions: 0, backchannels: 0 });

const stereo: SpeechAnalysis = {
  durationMs: 20_000,
  channels: 'stereo',
  speakers: { seller: speaker(8000, 0.5, 5000), buyer: speaker(8000, 0.5, 4000) },
  speakerSwitches: 3,
  interactivityPerMinute: 9,
  patienceMs: 800,
  overlapMs: 300,
  silenceRatio: 0.2,
  speechMs: 16_000,
  pauses: { count: 3, meanMs: 800, longestMs: 1200 },
  segments: [],
  turns: [
    { speaker: 'seller', startMs: 0, endMs: 5000, interruption: false },
    { speaker: 'buyer', startMs: 5500, endMs: 9500, interruption: false },
    { speaker: 'seller', startMs: 9200, endMs: 12_000, interruption: true },
    { speaker: 'buyer', startMs: 12_500, endMs: 16_500, interruption: false },
  ],
  backchannels: [{ speaker: 'buyer', startMs: 2000, endMs: 2400 }],
  analyzerVersion: 1,
};

const answer = (over: Partial<RecordingAnalysis>): RecordingAnalysis => ({ recordingId: 'r1', state: 'done', percent: 100, analysis: stereo, error: null, team: null, ...over });

function renderPanel(handlers: Parameters<typeof fakeApi>[0], onSeek = vi.fn()) {
  const api = fakeApi(handlers);
  render(
    <AppProviders api={api} language="en">
      <SpeechAnalysisPanel recordingId="r1" currentMs={0} onSeek={onSeek} playable />
    </AppProviders>,
  );
  return { api, onSeek };
}

describe('SpeechAnalysisPanel', () => {
  it('draws each turn as a button that seeks, the metric cards and the list of backchannels and interruptions', async () => {
    const { onSeek } = renderPanel({ 'recordings:analysis': () => answer({}) });
    fireEvent.click(await screen.findByRole('button', { name: 'Buyer, 0:05, 4 sec' }));
    expect(onSeek).toHaveBeenCalledWith(5500);
    expect(screen.getByText('50% seller · 50% buyer')).toBeTruthy();
    expect(screen.getByText(/Reference: about 43% on winning discovery calls/)).toBeTruthy();
    expect(screen.getByText(/team median appears once three other call takes/)).toBeTruthy();
    expect(screen.getAllByText('Backchannel').length).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Play from 0:09' }));
    expect(onSeek).toHaveBeenLastCalledWith(9200);
  });

  it('shows a failure with its reason and runs the analysis again on request', async () => {
    let state: RecordingAnalysis = answer({ state: 'failed', analysis: null, error: 'ffmpeg failed (exit 1): Invalid data found' });
    const { api } = renderPanel({
      'recordings:analysis': () => state,
      'analysis:run': () => {
        state = answer({ state: 'pending', percent: 0, analysis: null });
        return state;
      },
    });
    expect(await screen.findByText('ffmpeg failed (exit 1): Invalid data found')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Analyse again' }));
    await waitFor(() => expect(screen.getByText('Waiting to analyse the speech…')).toBeTruthy());
    expect(api.calls.find((c) => c.channel === 'analysis:run')?.input).toEqual({ id: 'r1', force: true });
  });

  it('says on a mono take why there are no per-speaker numbers and how call mode gets them', async () => {
    renderPanel({ 'recordings:analysis': () => answer({ analysis: { ...stereo, channels: 'mono', speakers: null, turns: [], backchannels: [] } }) });
    expect(await screen.findByText(/Record role-plays in video call mode/)).toBeTruthy();
    expect(screen.queryByText('Seller talk time')).toBeNull();
  });

  it('shows the numbers of two voices told apart on one track as estimates, with how sure', async () => {
    const estimate: SpeechAnalysis = { ...stereo, channels: 'mono', diarization: { confidence: 0.62, first: 'seller' } };
    renderPanel({ 'recordings:analysis': () => answer({ analysis: estimate }) });
    expect(await screen.findByText('One audio track: the per-speaker numbers are estimates, 62% sure.')).toBeTruthy();
    expect(screen.getByText(/The voice heard first is taken as the seller\./)).toBeTruthy();
    expect(screen.getByText('50% seller · 50% buyer')).toBeTruthy();
    expect(screen.queryByText(/who spoke when cannot be told apart/)).toBeNull();
  });

  it('lets someone who may edit the session say who voice 1 is, by name; the numbers follow and show as confirmed', async () => {
    const participants: Participant[] = [
      { repId: 'a', name: 'Aino', email: 'aino@example.com', role: 'seller' },
      { repId: 'b', name: 'Ben', email: 'ben@example.com', role: 'buyer' },
    ];
    const guessed: SpeechAnalysis = { ...stereo, channels: 'mono', speakers: { seller: speaker(12_000, 0.75, 6000), buyer: speaker(4000, 0.25, 3000) }, diarization: { confidence: 0.8, first: 'seller' } };
    let state = answer({ analysis: guessed });
    const api = fakeApi({
      'recordings:analysis': () => state,
      'analysis:confirm-voices': ({ first }) => {
        const swapped = { seller: guessed.speakers!.buyer, buyer: guessed.speakers!.seller };
        state = answer({ analysis: { ...guessed, speakers: first === 'buyer' ? swapped : guessed.speakers, diarization: { confidence: 0.8, first, confirmed: true } } });
        return state;
      },
    });
    render(
      <AppProviders api={api} language="en">
        <SpeechAnalysisPanel recordingId="r1" currentMs={0} onSeek={vi.fn()} playable participants={participants} />
      </AppProviders>,
    );
    expect(await screen.findByText('75% seller · 25% buyer')).toBeTruthy();
    expect(screen.getByText(/The voice heard first is taken as the seller\. Who is voice 1/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Voice 1 is Ben (buyer)' }));
    expect(await screen.findByText('Confirmed: voice 1, the voice heard first, is Ben (buyer).')).toBeTruthy();
    expect(screen.getByText('25% seller · 75% buyer')).toBeTruthy();
    expect(api.calls.find((c) => c.channel === 'analysis:confirm-voices')?.input).toEqual({ id: 'r1', first: 'buyer' });
    fireEvent.click(screen.getByRole('button', { name: 'Swap the voices' }));
    expect(await screen.findByText('Confirmed: voice 1, the voice heard first, is Aino (seller).')).toBeTruthy();
    expect(api.calls.filter((c) => c.channel === 'analysis:confirm-voices').at(-1)?.input).toEqual({ id: 'r1', first: 'seller' });
  });

  it('shows the guess without buttons, in Finnish, to someone the core would refuse', async () => {
    const estimate: SpeechAnalysis = { ...stereo, channels: 'mono', diarization: { confidence: 0.8, first: 'seller' } };
    const api = fakeApi({
      'access:me': () => ({ kind: 'person', repId: 'o', name: 'Otto', role: 'rep' }),
      'access:can': ({ checks }) => checks.map(() => false),
      'recordings:analysis': () => answer({ analysis: estimate }),
    });
    render(
      <AppProviders api={api} language="fi">
        <AccessGate>
          <SpeechAnalysisPanel recordingId="r1" currentMs={0} onSeek={vi.fn()} playable />
        </AccessGate>
      </AppProviders>,
    );
    expect(await screen.findByText('Ensin kuuluva ääni oletetaan myyjäksi.')).toBeTruthy();
    await waitFor(() => expect(api.calls.some((c) => c.channel === 'access:can')).toBe(true));
    expect(screen.queryByRole('button', { name: /Ääni 1 on/ })).toBeNull();
  });

  it('says plainly that a take without sound has nothing to analyse, with nothing to retry', async () => {
    renderPanel({ 'recordings:analysis': () => answer({ state: 'no_sound', percent: null, analysis: null }) });
    expect(await screen.findByText('This take has no sound, so there is no waveform or conversation analysis.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Analyse again' })).toBeNull();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
