import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Rep } from '../../../../shared/people';
import type { ChannelMap } from '../../../../shared/recordings';
import type { Session } from '../../../../shared/sessions';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { navigate } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { LevelMeters } from './level-meter';
import { CaptureError, listDevices, type CaptureProblem, openCapture, pickMimeType, type Capture, type CaptureMode, type DeviceChoice } from './media-capture';
import { TakeRecorder, type TakeState } from './take-recorder';
import './record.css';

const modes: CaptureMode[] = ['camera', 'microphone', 'screen', 'call'];

function formatElapsed(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
}

const phases = ['probe', 'remux', 'thumbnail', 'peaks', 'hash', 'done'] as const;

function phaseKey(phase: string | undefined): `record.phase.${(typeof phases)[number] | 'saving'}` {
  const known = phases.find((p) => p === phase);
  return known ? `record.phase.${known}` : 'record.phase.saving';
}

interface Setup {
  focusAreaId: string;
  sellerId: string;
  buyerId: string;
}

/** Who takes part: a scheduled session's people, or an ad-hoc pair picked here. */
function SessionSetup({ reps, setup, onChange, locked }: { reps: Rep[]; setup: Setup; onChange(s: Setup): void; locked: boolean }) {
  const { t, focusName } = useI18n();
  const focus = useApiQuery('focus-areas', (api) => api.invoke('focus-areas:list', {}));
  return (
    <div className="form-grid">
      <Field label={t('record.setup.focus')} required>
        {(p) => (
          <select {...p} className="input" value={setup.focusAreaId} disabled={locked} onChange={(e) => onChange({ ...setup, focusAreaId: e.target.value })}>
            {(focus.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {focusName(f.name)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('record.setup.seller')} required>
        {(p) => (
          <select {...p} className="input" value={setup.sellerId} disabled={locked} onChange={(e) => onChange({ ...setup, sellerId: e.target.value })}>
            <option value="">{t('record.setup.choose')}</option>
            {reps.map((r) => (
              <option key={r.id} value={r.id} disabled={r.id === setup.buyerId}>
                {r.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('record.setup.buyer')}>
        {(p) => (
          <select {...p} className="input" value={setup.buyerId} disabled={locked} onChange={(e) => onChange({ ...setup, buyerId: e.target.value })}>
            <option value="">{t('record.setup.noBuyer')}</option>
            {reps.map((r) => (
              <option key={r.id} value={r.id} disabled={r.id === setup.sellerId}>
                {r.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

export function RecordPage({ query }: { query: URLSearchParams }) {
  const { t, focusName } = useI18n();
  const api = useApi();
  const sessionId = query.get('session');
  const reps = useApiQuery('reps:active', (a) => a.invoke('people:list', {}), ['people:changed']);
  const scheduled = useApiQuery(`session:${sessionId ?? ''}`, (a) => (sessionId ? a.invoke('sessions:get', { id: sessionId }) : Promise.resolve(null)));
  const disk = useApiQuery('recordings:disk', (a) => a.invoke('recordings:disk', {}));

  const [setup, setSetup] = useState<Setup>({ focusAreaId: 'discovery', sellerId: '', buyerId: '' });
  const [mode, setMode] = useState<CaptureMode>('camera');
  const [devices, setDevices] = useState<DeviceChoice>({});
  const [deviceLists, setDeviceLists] = useState<{ cameras: MediaDeviceInfo[]; mics: MediaDeviceInfo[] }>({ cameras: [], mics: [] });
  const [capture, setCapture] = useState<Capture | null>(null);
  const [captureProblem, setCaptureProblem] = useState<CaptureProblem | null>(null);
  const [consented, setConsented] = useState<Record<string, boolean>>({});
  const [confirmedBy, setConfirmedBy] = useState('');
  const [phase, setPhase] = useState<'setup' | 'countdown' | 'recording' | 'finishing'>('setup');
  const [countdown, setCountdown] = useState(3);
  const [takeState, setTakeState] = useState<TakeState | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [savingBehind, setSavingBehind] = useState(0);
  const [progress, setProgress] = useState<{ phase: string; percent: number } | null>(null);
  const take = useRef<TakeRecorder | null>(null);
  const preview = useRef<HTMLVideoElement>(null);
  const captureRef = useRef<Capture | null>(null);

  const session: Session | null = scheduled.data ?? null;
  const participants = useMemo(() => {
    if (session) return session.participants.map((p) => ({ repId: p.repId, name: p.name, role: p.role }));
    const byId = new Map((reps.data ?? []).map((r) => [r.id, r]));
    return [
      ...(setup.sellerId ? [{ repId: setup.sellerId, name: byId.get(setup.sellerId)?.name ?? '', role: 'seller' as const }] : []),
      ...(setup.buyerId ? [{ repId: setup.buyerId, name: byId.get(setup.buyerId)?.name ?? '', role: 'buyer' as const }] : []),
    ];
  }, [session, reps.data, setup]);

  // Each open gets a number; closing or opening again makes an open still in flight stale.
  const openRequest = useRef(0);

  const closeCapture = useCallback(() => {
    openRequest.current++;
    captureRef.current?.stop();
    captureRef.current = null;
    setCapture(null);
  }, []);

  useEffect(
    () => () => {
      // Leaving the screen never loses a take: a running one is stopped and finalized.
      captureRef.current?.stop();
      void take.current?.stop('user');
    },
    [],
  );

  useEffect(() => {
    if (phase !== 'recording') return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [phase]);

  useEffect(() => {
    if (preview.current) preview.current.srcObject = capture?.preview ?? null;
  }, [capture]);

  const testDevices = async () => {
    closeCapture();
    const request = openRequest.current;
    setCaptureProblem(null);
    try {
      const opened = await openCapture(mode, devices);
      // The mode or devices changed while this was opening (e.g. camera, then screen): drop it.
      if (request !== openRequest.current) {
        opened.stop();
        return;
      }
      captureRef.current = opened;
      setCapture(opened);
    } catch (e) {
      if (request === openRequest.current) setCaptureProblem(e instanceof CaptureError ? e.problem : 'unknown');
    } finally {
      // Names appear once a device has been opened; refresh the pickers either way.
      setDeviceLists(await listDevices().catch(() => ({ cameras: [], mics: [] })));
    }
  };

  useEffect(() => {
    // Camera and microphone can open straight away; screen and call need the user's pick first.
    if (phase !== 'setup' || (mode !== 'camera' && mode !== 'microphone')) return;
    void testDevices();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, devices.cameraId, devices.micId]);

  useEffect(() => {
    if (phase !== 'finishing' || !take.current) return undefined;
    const id = take.current.recordingId;
    const offProgress = api.on('recordings:progress', (p) => {
      if (p.id === id) setProgress({ phase: p.phase, percent: p.percent });
    });
    const check = async () => {
      const recording = await api.invoke('recordings:get', { id });
      if (recording.status === 'ready') navigate(`/library/${encodeURIComponent(id)}`);
      if (recording.status === 'failed') {
        setError(new Error(recording.error ?? t('record.failed')));
        setPhase('setup');
      }
    };
    const offChanged = api.on('recordings:changed', ({ ids }) => {
      if (ids.includes(id)) void check();
    });
    void check();
    return () => {
      offProgress();
      offChanged();
    };
  }, [phase, api, t]);

  const allConsented = participants.length > 0 && participants.every((p) => consented[p.repId]);
  const canStart = phase === 'setup' && capture !== null && allConsented && confirmedBy !== '' && (session !== null || setup.sellerId !== '');

  const start = async () => {
    if (!capture) return;
    setError(null);
    setNotice(null);
    setPhase('countdown');
    for (let n = 3; n > 0; n--) {
      setCountdown(n);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    try {
      const target =
        session ??
        (await api.invoke('sessions:create', {
          focusAreaId: setup.focusAreaId,
          participants: participants.map((p) => ({ repId: p.repId, role: p.role })),
        }));
      const seller = participants.find((p) => p.role === 'seller');
      const other = participants.find((p) => p.role !== 'seller');
      const channelMap: ChannelMap =
        capture.channels === 2
          ? { left: { label: seller?.name ?? t('record.channel.local'), repId: seller?.repId ?? null }, right: { label: other?.name ?? t('record.channel.remote'), repId: other?.repId ?? null } }
          : { left: { label: participants.map((p) => p.name).join(' & ') || t('record.channel.room'), repId: null }, right: null };
      const mimeType = pickMimeType(capture.preview !== null);
      const recording = await api.invoke('recordings:start', {
        sessionId: target.id,
        mode,
        mimeType,
        consents: participants.map((p) => ({ repId: p.repId })),
        confirmedBy: participants.find((p) => p.repId === confirmedBy)?.name ?? confirmedBy,
        channelMap,
      });
      const recorder = new TakeRecorder(api, recording.id, capture, mimeType, {
        onState: setTakeState,
        onProblem: (problem, message) => setNotice(problem === 'disk_low' ? t('record.diskLow') : t('record.saveFailed', { message })),
        onSaving: (status) => setSavingBehind(status.behind ? status.waitingChunks : 0),
      });
      take.current = recorder;
      captureRef.current = null;
      recorder.start();
      setPhase('recording');
    } catch (e) {
      setError(e);
      setPhase('setup');
    }
  };

  const stop = async () => {
    if (!take.current) return;
    setPhase('finishing');
    try {
      await take.current.stop('user');
      setCapture(null);
    } catch (e) {
      setError(e);
    }
  };

  if (phase === 'recording' || phase === 'finishing') {
    return (
      <RecordingView
        recorder={take.current!}
        focusAreaId={session?.focusAreaId ?? setup.focusAreaId}
        state={takeState}
        phase={phase}
        capture={capture}
        progress={progress}
        notice={notice}
        savingBehind={savingBehind}
        error={error}
        onStop={() => void stop()}
      />
    );
  }

  const labels = capture?.channels === 2 ? [t('record.channel.local'), t('record.channel.remote')] : [t('record.channel.mic')];

  return (
    <div className="page record-page">
      <header className="page-header">
        <div>
          <PageTitle>{t('area.record')}</PageTitle>
          <p className="page-subtitle">{session ? t('record.subtitle.session', { focus: focusName(session.focusAreaName) }) : t('record.subtitle.adHoc')}</p>
        </div>
      </header>
      {error ? <ErrorNotice error={error} /> : null}
      {disk.data?.ffmpegError ? <div className="notice notice--error" role="alert"><p>{disk.data.ffmpegError}</p></div> : null}

      <section className="card record-section" aria-labelledby="record-who">
        <h2 id="record-who" className="card__title">{t('record.section.who')}</h2>
        {session ? (
          <p>{session.participants.map((p) => `${p.name} (${t(`record.role.${p.role}`)})`).join(', ')}</p>
        ) : (reps.data ?? []).length === 0 && !reps.loading ? (
          <p>{t('record.noReps')} <a href="#/people">{t('record.noReps.link')}</a></p>
        ) : (
          <SessionSetup reps={reps.data ?? []} setup={setup} onChange={setSetup} locked={phase !== 'setup'} />
        )}
      </section>

      <section className="card record-section" aria-labelledby="record-how">
        <h2 id="record-how" className="card__title">{t('record.section.how')}</h2>
        <div className="mode-grid" role="radiogroup" aria-label={t('record.mode.label')}>
          {modes.map((m) => (
            <label key={m} className={`mode-card${mode === m ? ' mode-card--selected' : ''}`}>
              <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => { closeCapture(); setMode(m); }} />
              <span className="mode-card__title">{t(`record.mode.${m}`)}</span>
              <span className="mode-card__hint">{t(`record.mode.${m}.hint`)}</span>
            </label>
          ))}
        </div>
        <div className="form-grid">
          {mode === 'camera' ? (
            <Field label={t('record.device.camera')}>
              {(p) => (
                <select {...p} className="input" value={devices.cameraId ?? ''} onChange={(e) => setDevices({ ...devices, cameraId: e.target.value || undefined })}>
                  <option value="">{t('record.device.default')}</option>
                  {deviceLists.cameras.map((d, i) => <option key={d.deviceId || i} value={d.deviceId}>{d.label || t('record.device.unnamed', { n: i + 1 })}</option>)}
                </select>
              )}
            </Field>
          ) : null}
          <Field label={t('record.device.mic')}>
            {(p) => (
              <select {...p} className="input" value={devices.micId ?? ''} onChange={(e) => setDevices({ ...devices, micId: e.target.value || undefined })}>
                <option value="">{t('record.device.default')}</option>
                {deviceLists.mics.map((d, i) => <option key={d.deviceId || i} value={d.deviceId}>{d.label || t('record.device.unnamed', { n: i + 1 })}</option>)}
              </select>
            )}
          </Field>
          {mode === 'call' ? (
            <Field label={t('record.device.remote')} hint={t('record.device.remote.hint')}>
              {(p) => (
                <select {...p} className="input" value={devices.remoteId ?? ''} onChange={(e) => setDevices({ ...devices, remoteId: e.target.value || undefined })}>
                  <option value="">{t('record.device.remote.screen')}</option>
                  {deviceLists.mics.map((d, i) => <option key={d.deviceId || i} value={d.deviceId}>{d.label || t('record.device.unnamed', { n: i + 1 })}</option>)}
                </select>
              )}
            </Field>
          ) : null}
        </div>
        <div className="record-preview">
          {capture?.preview ? <video ref={preview} className="record-preview__video" autoPlay muted playsInline aria-label={t('record.preview')} /> : null}
          {capture ? <LevelMeters levels={capture.levels} labels={labels} /> : null}
          {!capture ? (
            <button type="button" className="button button--secondary" onClick={() => void testDevices()}>
              {mode === 'screen' ? t('record.device.pickScreen') : mode === 'call' ? t('record.device.pickCall') : t('record.device.test')}
            </button>
          ) : null}
          {captureProblem ? <p className="field__error" role="alert">{t(`record.problem.${captureProblem}`)}</p> : null}
        </div>
      </section>

      <section className="card record-section" aria-labelledby="record-consent">
        <h2 id="record-consent" className="card__title">{t('record.section.consent')}</h2>
        <p className="muted">{t('record.consent.why')}</p>
        {participants.length === 0 ? <p className="muted">{t('record.consent.pickFirst')}</p> : null}
        <ul className="consent-list">
          {participants.map((p) => (
            <li key={p.repId}>
              <label className="checkbox">
                <input type="checkbox" checked={Boolean(consented[p.repId])} onChange={(e) => setConsented({ ...consented, [p.repId]: e.target.checked })} />
                <span>{t('record.consent.agrees', { name: p.name })}</span>
              </label>
            </li>
          ))}
        </ul>
        {participants.length ? (
          <Field label={t('record.consent.confirmedBy')}>
            {(p) => (
              <select {...p} className="input" value={confirmedBy} onChange={(e) => setConfirmedBy(e.target.value)}>
                <option value="">{t('record.setup.choose')}</option>
                {participants.map((x) => <option key={x.repId} value={x.repId}>{x.name}</option>)}
              </select>
            )}
          </Field>
        ) : null}
      </section>

      <div className="record-start">
        {phase === 'countdown' ? (
          <div className="countdown" role="status" aria-live="assertive">{t('record.countdown', { n: countdown })}</div>
        ) : (
          <button type="button" className="button button--primary button--large" disabled={!canStart} onClick={() => void start()}>
            <span className="rec-dot" aria-hidden="true" />
            {t('record.start')}
          </button>
        )}
        {!canStart && phase === 'setup' ? <p className="muted">{t('record.start.needs')}</p> : null}
      </div>
    </div>
  );
}

function RecordingView({
  recorder,
  focusAreaId,
  state,
  phase,
  capture,
  progress,
  notice,
  savingBehind,
  error,
  onStop,
}: {
  recorder: TakeRecorder;
  focusAreaId: string;
  state: TakeState | null;
  phase: 'recording' | 'finishing';
  capture: Capture | null;
  progress: { phase: string; percent: number } | null;
  notice: string | null;
  /** Seconds recorded but not yet saved, while the core does not answer. */
  savingBehind: number;
  error: unknown;
  onStop(): void;
}) {
  const { t, shipped } = useI18n();
  const api = useApi();
  const elapsedRef = useRef<HTMLSpanElement>(null);
  const preview = useRef<HTMLVideoElement>(null);
  const [note, setNote] = useState('');
  const [lastMarker, setLastMarker] = useState<{ atMs: number; note: string } | null>(null);
  const [markerCount, setMarkerCount] = useState(0);
  // Tags are the criteria of the focus area's rubric, so a marker points at what the scorecard asks.
  const templates = useApiQuery(`rubric-templates:${focusAreaId}`, (a) => a.invoke('rubric-templates:list', { focusAreaId }));
  const template = templates.data?.find((x) => x.isDefault) ?? templates.data?.[0];
  const tags = template?.criteria.map((c) => c.name) ?? [];

  useEffect(() => {
    if (preview.current) preview.current.srcObject = capture?.preview ?? null;
  }, [capture]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (elapsedRef.current) elapsedRef.current.textContent = formatElapsed(recorder.elapsedMs());
    }, 250);
    return () => clearInterval(timer);
  }, [recorder]);

  const addMarker = useCallback(async (tag: string | null = null) => {
    const atMs = recorder.elapsedMs();
    const text = note.trim();
    setNote('');
    await api.invoke('markers:add', { recordingId: recorder.recordingId, offsetMs: atMs, note: text, tag });
    setLastMarker({ atMs, note: text });
    setMarkerCount((n) => n + 1);
  }, [api, recorder, note]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      if ((event.key === 'm' || event.key === 'M') && phase === 'recording') {
        event.preventDefault();
        void addMarker();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [addMarker, phase]);

  const labels = capture?.channels === 2 ? [t('record.channel.local'), t('record.channel.remote')] : [t('record.channel.mic')];

  return (
    <div className="page record-page">
      <header className="page-header">
        <div className="recording-indicator" role="status">
          <span className={`rec-dot${state === 'paused' ? ' rec-dot--paused' : ''}`} aria-hidden="true" />
          <PageTitle>{phase === 'finishing' ? t('record.finishing') : state === 'paused' ? t('record.paused') : t('record.recording')}</PageTitle>
          <span ref={elapsedRef} className="elapsed" aria-label={t('record.elapsed')}>0:00</span>
        </div>
      </header>
      {notice ? <div className="notice notice--warning" role="alert"><p>{notice}</p></div> : null}
      {savingBehind > 0 ? (
        <div className="notice notice--warning" role="status">
          <p>{t('record.savingBehind', { seconds: savingBehind })}</p>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {phase === 'finishing' ? (
        <div className="card">
          <p>{t('record.finishing.body')}</p>
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress?.percent ?? 0} aria-label={t('record.finishing')}>
            <div className="progress__bar" style={{ width: `${progress?.percent ?? 0}%` }} />
          </div>
          <p className="muted">{t(phaseKey(progress?.phase))}</p>
        </div>
      ) : (
        <>
          <div className="record-live">
            {capture?.preview ? <video ref={preview} className="record-preview__video" autoPlay muted playsInline aria-label={t('record.preview')} /> : null}
            {capture ? <LevelMeters levels={capture.levels} labels={labels} /> : null}
          </div>
          <div className="record-controls">
            {state === 'paused' ? (
              <button type="button" className="button button--secondary" onClick={() => recorder.resume()}>{t('record.resume')}</button>
            ) : (
              <button type="button" className="button button--secondary" onClick={() => recorder.pause()}>{t('record.pause')}</button>
            )}
            <button type="button" className="button button--danger" onClick={onStop}>{t('record.stop')}</button>
          </div>
          <form className="card marker-form" onSubmit={(e) => { e.preventDefault(); void addMarker(); }}>
            <Field label={t('record.marker.note')} hint={t('record.marker.hint')}>
              {(p) => <input {...p} className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('record.marker.placeholder')} />}
            </Field>
            <button type="submit" className="button button--secondary">{t('record.marker.add')}</button>
            {tags.length ? (
              <div className="tag-row" role="group" aria-label={t('record.marker.tags')}>
                {tags.map((tag) => (
                  <button key={tag} type="button" className="button button--ghost button--small tag-button" onClick={() => void addMarker(tag)}>
                    {shipped(tag)}
                  </button>
                ))}
              </div>
            ) : null}
            <p className="muted" aria-live="polite">
              {lastMarker ? t('record.marker.added', { count: markerCount, at: formatElapsed(lastMarker.atMs) }) : t('record.marker.none')}
            </p>
          </form>
        </>
      )}
    </div>
  );
}
