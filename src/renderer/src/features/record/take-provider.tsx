import { formatMoment } from '../../../../shared/rubrics';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChannelMap } from '../../../../shared/recordings';
import { useApi } from '../../api/api-context';
import { navigate, parseRoute } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';
import { formatDuration } from '../library/format';
import type { Capture, CaptureMode } from './media-capture';
import { TakeRecorder, type TakeState } from './take-recorder';

export interface TakeMarker {
  id: string;
  atMs: number;
  note: string;
  tag: string | null;
}

/** The take being recorded or finished now; it belongs to the app, not to the Record screen. */
export interface LiveTake {
  recordingId: string;
  sessionId: string;
  focusAreaId: string;
  recorder: TakeRecorder;
  capture: Capture;
  state: TakeState;
  phase: 'recording' | 'finishing';
  progress: { phase: string; percent: number } | null;
  notice: string | null;
  /** Seconds recorded but not yet saved, while the core does not answer (0 when saving keeps up). */
  savingBehind: number;
  markers: TakeMarker[];
}

export interface StartTake {
  sessionId: string;
  focusAreaId: string;
  mode: CaptureMode;
  capture: Capture;
  mimeType: string;
  /** `share`: agreed that the take goes to the team hub for coaching and analysis. */
  consents: { repId: string; share?: boolean }[];
  confirmedBy: string;
  channelMap: ChannelMap;
}

interface TakeApi {
  take: LiveTake | null;
  /** Starts recording; the capture is the take's from now on and is closed when the take ends. */
  start(input: StartTake): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  addMarker(note: string, tag: string | null): Promise<void>;
}

const TakeContext = createContext<TakeApi | null>(null);

function onRecordScreen(): boolean {
  const route = parseRoute(window.location.hash);
  return route.name === 'area' && route.area === 'record';
}

/**
 * Holds the one running take above every screen, so moving to another area never stops it:
 * the recorder, its devices and its chunk pipeline live as long as the take, and the shell
 * shows a recording indicator wherever the user is.
 */
export function TakeProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const { t } = useI18n();
  const toast = useToast();
  const [take, setTake] = useState<LiveTake | null>(null);
  const current = useRef<LiveTake | null>(null);

  const update = useCallback((patch: Partial<LiveTake> | ((previous: LiveTake) => Partial<LiveTake>)) => {
    setTake((previous) => {
      if (!previous) return previous;
      const next = { ...previous, ...(typeof patch === 'function' ? patch(previous) : patch) };
      current.current = next;
      return next;
    });
  }, []);

  const start = useCallback(
    async (input: StartTake) => {
      const recording = await api.invoke('recordings:start', {
        sessionId: input.sessionId,
        mode: input.mode,
        mimeType: input.mimeType,
        consents: input.consents,
        confirmedBy: input.confirmedBy,
        channelMap: input.channelMap,
      });
      const recorder = new TakeRecorder(api, recording.id, input.capture, input.mimeType, {
        onState: (state) => update({ state }),
        onProblem: (problem, message) => update({ notice: problem === 'disk_low' ? t('record.diskLow') : t('record.saveFailed', { message }) }),
        onSaving: (status) => update({ savingBehind: status.behind ? status.waitingChunks : 0 }),
      });
      const next: LiveTake = {
        recordingId: recording.id,
        sessionId: input.sessionId,
        focusAreaId: input.focusAreaId,
        recorder,
        capture: input.capture,
        state: 'recording',
        phase: 'recording',
        progress: null,
        notice: null,
        savingBehind: 0,
        markers: [],
      };
      current.current = next;
      setTake(next);
      recorder.start();
    },
    [api, t, update],
  );

  const stop = useCallback(async () => {
    const live = current.current;
    if (!live || live.phase === 'finishing') return;
    update({ phase: 'finishing' });
    try {
      await live.recorder.stop('user');
    } catch (error) {
      toast.show({ tone: 'error', message: t('record.failed') });
      current.current = null;
      setTake(null);
      throw error;
    }
  }, [t, toast, update]);

  const addMarker = useCallback(
    async (note: string, tag: string | null) => {
      const live = current.current;
      if (!live) return;
      const atMs = live.recorder.elapsedMs();
      const marker = await api.invoke('markers:add', { recordingId: live.recordingId, offsetMs: atMs, note: note.trim(), tag });
      update((previous) => ({ markers: [...previous.markers, { id: marker.id, atMs, note: marker.note, tag: marker.tag }] }));
    },
    [api, update],
  );

  const recordingId = take?.recordingId ?? null;
  const finishing = take?.phase === 'finishing';

  // Once stopped, the core finalizes; the take is done when the recording is ready or failed.
  useEffect(() => {
    if (!recordingId || !finishing) return undefined;
    let settled = false;
    const offProgress = api.on('recordings:progress', (p) => {
      if (p.id === recordingId) update({ progress: { phase: p.phase, percent: p.percent } });
    });
    const check = async () => {
      const recording = await api.invoke('recordings:get', { id: recordingId });
      if (settled || (recording.status !== 'ready' && recording.status !== 'failed')) return;
      settled = true;
      current.current = null;
      setTake(null);
      const open = () => navigate(`/library/${encodeURIComponent(recordingId)}`);
      if (recording.status === 'failed') {
        toast.show({ tone: 'error', message: `${t('record.failed')} ${recording.error ?? ''}`.trim(), action: { label: t('library.recovered.open'), onAction: open } });
      } else if (onRecordScreen()) {
        open();
      } else {
        toast.show({ tone: 'success', message: t('record.saved', { duration: formatDuration(recording.durationMs) }), action: { label: t('library.recovered.open'), onAction: open } });
      }
    };
    const offChanged = api.on('recordings:changed', ({ ids }) => {
      if (ids.includes(recordingId)) void check();
    });
    void check();
    return () => {
      offProgress();
      offChanged();
    };
  }, [api, recordingId, finishing, t, toast, update]);

  // The desktop window is closing and the user chose to stop: hand over the last chunks first.
  useEffect(
    () =>
      api.on('recordings:stop-requested', ({ ids }) => {
        if (current.current && ids.includes(current.current.recordingId)) void stop().catch(() => undefined);
      }),
    [api, stop],
  );

  // Closing or reloading the tab would end the take: the browser asks first.
  const live = take !== null && take.phase === 'recording';
  useEffect(() => {
    if (!live) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    // Closed anyway: ask the core to stop and finalize what it has now, instead of waiting a minute
    // for its watchdog to notice that the recorder went quiet.
    const leave = () => {
      const running = current.current;
      if (running) api.sendOnLeave('recordings:stop', { id: running.recordingId, reason: 'user' });
    };
    window.addEventListener('beforeunload', warn);
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('beforeunload', warn);
      window.removeEventListener('pagehide', leave);
    };
  }, [live, api]);

  const value = useMemo<TakeApi>(
    () => ({
      take,
      start,
      stop,
      addMarker,
      pause: () => current.current?.recorder.pause(),
      resume: () => current.current?.recorder.resume(),
    }),
    [take, start, stop, addMarker],
  );
  return <TakeContext value={value}>{children}</TakeContext>;
}

export function useTake(): TakeApi {
  const value = useContext(TakeContext);
  if (!value) throw new Error('useTake needs a <TakeProvider> above it.');
  return value;
}

/** The take's clock and its markers' times, as every other screen writes a moment (formatMoment). */
export function formatElapsed(ms: number): string {
  return formatMoment(ms);
}
