import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChannelMap } from '../../../../shared/recordings';
import type { ParticipantRole, Session } from '../../../../shared/sessions';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { useCurrentPerson } from '../coaching/use-me';
import { PersonPicker } from '../people/person-picker';
import { isConnected, useSyncStatus } from '../sync/use-sync';
import { LevelMeters } from './level-meter';
import { CaptureError, listDevices, type CaptureProblem, openCapture, pickMimeType, type Capture, type CaptureMode, type DeviceChoice } from './media-capture';
import { RoleplayBrief } from './roleplay-brief';
import { formatElapsed, type LiveTake, useTake } from './take-provider';
import './record.css';

const modes: CaptureMode[] = ['camera', 'microphone', 'screen', 'call'];

const phases = ['probe', 'remux', 'thumbnail', 'peaks', 'hash', 'done'] as const;

function phaseKey(phase: string | undefined): `record.phase.${(typeof phases)[number] | 'saving'}` {
  const known = phases.find((p) => p === phase);
  return known ? `record.phase.${known}` : 'record.phase.saving';
}

interface Setup {
  focusAreaId: string;
  sellerId: string;
  buyerId: string;
  /** The names of those picked, from the page of the roster they were picked from. */
  sellerName: string;
  buyerName: string;
  scenarioId: string;
}

interface Person {
  repId: string;
  name: string;
  role: ParticipantRole;
}

/** Who takes part in an ad-hoc role-play, on which focus area, and (optionally) from which brief. */
function SessionSetup({ setup, onChange }: { setup: Setup; onChange(s: Setup): void }) {
  const { t, focusName } = useI18n();
  const focus = useApiQuery('focus-areas', (api) => api.invoke('focus-areas:list', {}));
  const scenarios = useApiQuery('scenarios', (api) => api.invoke('scenarios:list', {}), ['library:changed']);
  const fitting = (scenarios.data ?? []).filter((s) => !s.archived && (s.focusAreaId === null || s.focusAreaId === setup.focusAreaId));
  return (
    <div className="form-grid">
      <Field label={t('record.setup.focus')} required>
        {(p) => (
          <select
            {...p}
            className="input"
            value={setup.focusAreaId}
            onChange={(e) => onChange({ ...setup, focusAreaId: e.target.value, scenarioId: '' })}
          >
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
          <PersonPicker
            id={p.id}
            describedBy={p['aria-describedby']}
            required
            value={setup.sellerId}
            chosen={setup.sellerId ? { id: setup.sellerId, name: setup.sellerName } : null}
            placeholder={t('record.setup.choose')}
            searchLabel={t('record.setup.sellerSearch')}
            isDisabled={(r) => r.id === setup.buyerId}
            onChange={(r) => onChange({ ...setup, sellerId: r?.id ?? '', sellerName: r?.name ?? '' })}
          />
        )}
      </Field>
      <Field label={t('record.setup.buyer')}>
        {(p) => (
          <PersonPicker
            id={p.id}
            describedBy={p['aria-describedby']}
            value={setup.buyerId}
            chosen={setup.buyerId ? { id: setup.buyerId, name: setup.buyerName } : null}
            placeholder={t('record.setup.noBuyer')}
            searchLabel={t('record.setup.buyerSearch')}
            isDisabled={(r) => r.id === setup.sellerId}
            onChange={(r) => onChange({ ...setup, buyerId: r?.id ?? '', buyerName: r?.name ?? '' })}
          />
        )}
      </Field>
      <Field label={t('record.setup.scenario')}>
        {(p) => (
          <select {...p} className="input" value={setup.scenarioId} onChange={(e) => onChange({ ...setup, scenarioId: e.target.value })}>
            <option value="">{t('record.setup.noScenario')}</option>
            {fitting.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

/** Who plays whom, on which focus area: read-only, for a scheduled session and during a take. */
function WhoIsPractising({ people, focusAreaName }: { people: Person[]; focusAreaName: string }) {
  const { t, focusName } = useI18n();
  return (
    <dl className="details-list who-list">
      <dt>{t('record.setup.focus')}</dt>
      <dd>{focusName(focusAreaName)}</dd>
      {people.map((p) => (
        <div key={p.repId} className="who-list__row">
          <dt>{t(`record.roleLabel.${p.role}`)}</dt>
          <dd>{p.name}</dd>
        </div>
      ))}
    </dl>
  );
}

export function RecordPage({ query }: { query: URLSearchParams }) {
  const { take } = useTake();
  if (take) return <RecordingView take={take} />;
  return <RecordSetup sessionId={query.get('session')} />;
}

function RecordSetup({ sessionId }: { sessionId: string | null }) {
  const { t, focusName } = useI18n();
  const api = useApi();
  const { start: startTake } = useTake();
  const meNamed = useCurrentPerson().me;
  const me = meNamed?.id ?? null;
  // Whether anyone is on the roster: one row answers it; the people are searched in the pickers.
  const roster = useApiQuery('record:roster', (a) => a.invoke('people:page', { limit: 1 }), ['people:changed']);
  const scheduled = useApiQuery(`session:${sessionId ?? ''}`, (a) => (sessionId ? a.invoke('sessions:get', { id: sessionId }) : Promise.resolve(null)));
  const disk = useApiQuery('recordings:disk', (a) => a.invoke('recordings:disk', {}));

  const [setup, setSetup] = useState<Setup>({ focusAreaId: 'discovery', sellerId: '', sellerName: '', buyerId: '', buyerName: '', scenarioId: '' });
  const [mode, setMode] = useState<CaptureMode>('camera');
  const [devices, setDevices] = useState<DeviceChoice>({});
  const [deviceLists, setDeviceLists] = useState<{ cameras: MediaDeviceInfo[]; mics: MediaDeviceInfo[] }>({ cameras: [], mics: [] });
  const [capture, setCapture] = useState<Capture | null>(null);
  const [captureProblem, setCaptureProblem] = useState<CaptureProblem | null>(null);
  const [consented, setConsented] = useState<Record<string, boolean>>({});
  // The second question, asked only on a desktop joined to a team hub.
  const [shared, setShared] = useState<Record<string, boolean>>({});
  const hub = isConnected(useSyncStatus());
  // The person using the app usually confirms; they can pick someone else.
  const [confirmedByChoice, setConfirmedBy] = useState<{ id: string; name: string } | null>(null);
  const [phase, setPhase] = useState<'setup' | 'countdown'>('setup');
  const [countdown, setCountdown] = useState(3);
  const [error, setError] = useState<unknown>(null);
  const preview = useRef<HTMLVideoElement>(null);
  const captureRef = useRef<Capture | null>(null);
  const left = useRef(false);

  const session: Session | null = scheduled.data ?? null;
  const participants = useMemo<Person[]>(() => {
    if (session) return session.participants.map((p) => ({ repId: p.repId, name: p.name, role: p.role }));
    return [
      ...(setup.sellerId ? [{ repId: setup.sellerId, name: setup.sellerName, role: 'seller' as const }] : []),
      ...(setup.buyerId ? [{ repId: setup.buyerId, name: setup.buyerName, role: 'buyer' as const }] : []),
    ];
  }, [session, setup]);
  // The person using the app confirms unless another is picked (only someone on the roster: the current person is looked up there).
  const confirmer = confirmedByChoice ?? (meNamed ? { id: meNamed.id, name: meNamed.name } : null);
  const confirmedBy = confirmer?.id ?? '';
  const scenarioId = session ? session.scenarioId : setup.scenarioId || null;

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
      // Only the device check is closed here; a running take belongs to the app and goes on.
      left.current = true;
      openRequest.current++;
      captureRef.current?.stop();
    },
    [],
  );

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
      if (!left.current) setDeviceLists(await listDevices().catch(() => ({ cameras: [], mics: [] })));
    }
  };

  useEffect(() => {
    // Camera and microphone can open straight away; screen and call need the user's pick first.
    if (phase !== 'setup' || (mode !== 'camera' && mode !== 'microphone')) return;
    void testDevices();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, devices.cameraId, devices.micId]);

  const allConsented = participants.length > 0 && participants.every((p) => consented[p.repId]);
  const canStart = phase === 'setup' && capture !== null && allConsented && confirmedBy !== '' && (session !== null || setup.sellerId !== '');

  const start = async () => {
    if (!capture) return;
    setError(null);
    setPhase('countdown');
    for (let n = 3; n > 0; n--) {
      setCountdown(n);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Left the screen during the countdown: the devices are closed, so nothing starts.
      if (left.current) return;
    }
    let created: string | null = null;
    try {
      const target =
        session ??
        (await api.invoke('sessions:create', {
          focusAreaId: setup.focusAreaId,
          scenarioId: setup.scenarioId || null,
          participants: participants.map((p) => ({ repId: p.repId, role: p.role })),
        }));
      if (!session) created = target.id;
      const seller = participants.find((p) => p.role === 'seller');
      const other = participants.find((p) => p.role !== 'seller');
      const channelMap: ChannelMap =
        capture.channels === 2
          ? { left: { label: seller?.name ?? t('record.channel.local'), repId: seller?.repId ?? null }, right: { label: other?.name ?? t('record.channel.remote'), repId: other?.repId ?? null } }
          : { left: { label: participants.map((p) => p.name).join(' & ') || t('record.channel.room'), repId: null }, right: null };
      await startTake({
        sessionId: target.id,
        focusAreaId: target.focusAreaId,
        mode,
        capture,
        mimeType: pickMimeType(capture.preview !== null),
        consents: participants.map((p) => ({ repId: p.repId, share: hub && Boolean(shared[p.repId]) })),
        confirmedBy: confirmer?.name || confirmedBy,
        channelMap,
      });
      // The take owns the devices now; this screen must not close them.
      captureRef.current = null;
    } catch (e) {
      // A take that could not start leaves no ad-hoc session behind; the next try makes a new one.
      if (created) await api.invoke('sessions:update', { id: created, patch: { status: 'cancelled' } }).catch(() => undefined);
      setError(e);
      setPhase('setup');
    }
  };

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

      <div className={scenarioId ? 'record-take record-take--setup' : undefined}>
        <div className="record-take__main">
          <section className="card record-section" aria-labelledby="record-who">
            <h2 id="record-who" className="card__title">{t('record.section.who')}</h2>
            {session ? (
              <WhoIsPractising people={participants} focusAreaName={session.focusAreaName} />
            ) : roster.data?.active === 0 ? (
              <p>{t('record.noReps')} <a href="#/people">{t('record.noReps.link')}</a></p>
            ) : (
              <SessionSetup setup={setup} onChange={setSetup} />
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
            <p className="muted">{hub ? t('record.consent.whyHub') : t('record.consent.why')}</p>
            {participants.length === 0 ? <p className="muted">{t('record.consent.pickFirst')}</p> : null}
            <ul className="consent-list">
              {participants.map((p) => (
                <li key={p.repId}>
                  <label className="consent-item">
                    <input type="checkbox" className="checkbox" checked={Boolean(consented[p.repId])} onChange={(e) => setConsented({ ...consented, [p.repId]: e.target.checked })} />
                    <span>{t('record.consent.agrees', { name: p.name })}</span>
                  </label>
                  {hub ? (
                    <label className="consent-item consent-item--share">
                      <input type="checkbox" className="checkbox" checked={Boolean(shared[p.repId])} onChange={(e) => setShared({ ...shared, [p.repId]: e.target.checked })} />
                      <span>{t('sync.consent.share', { name: p.name })}</span>
                    </label>
                  ) : null}
                </li>
              ))}
            </ul>
            {hub && participants.length > 0 && !participants.every((p) => shared[p.repId]) ? <p className="muted consent-note">{t('sync.consent.notAll')}</p> : null}
            {participants.length ? (
              <Field label={t('record.consent.confirmedBy')} hint={me ? t('record.consent.confirmedByHint') : undefined}>
                {(p) => (
                  <PersonPicker
                    id={p.id}
                    describedBy={p['aria-describedby']}
                    value={confirmedBy}
                    chosen={confirmer}
                    placeholder={t('record.setup.choose')}
                    searchLabel={t('record.consent.confirmedBySearch')}
                    pinned={{ label: t('record.consent.takingPart'), people: participants.map((x) => ({ id: x.repId, name: x.name })), othersLabel: t('record.consent.others') }}
                    onChange={(r) => setConfirmedBy(r ? { id: r.id, name: r.name } : { id: '', name: '' })}
                  />
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
        {scenarioId ? (
          <aside className="record-take__side">
            <RoleplayBrief scenarioId={scenarioId} sessionId={session?.id} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}

function RecordingView({ take }: { take: LiveTake }) {
  const { t, shipped } = useI18n();
  const { pause, resume, stop, addMarker } = useTake();
  const { recorder, capture, state, phase, progress, notice, savingBehind } = take;
  const elapsedRef = useRef<HTMLSpanElement>(null);
  const preview = useRef<HTMLVideoElement>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const session = useApiQuery(`session:${take.sessionId}`, (a) => a.invoke('sessions:get', { id: take.sessionId }));
  // Tags are the criteria of the focus area's rubric, so a marker points at what the scorecard asks.
  const templates = useApiQuery(`rubric-templates:${take.focusAreaId}`, (a) => a.invoke('rubric-templates:list', { focusAreaId: take.focusAreaId }));
  const template = templates.data?.find((x) => x.isDefault) ?? templates.data?.[0];
  const tags = template?.criteria.map((c) => c.name) ?? [];

  useEffect(() => {
    if (preview.current) preview.current.srcObject = capture.preview;
  }, [capture, phase]);

  useEffect(() => {
    const tick = () => {
      if (elapsedRef.current) elapsedRef.current.textContent = formatElapsed(recorder.elapsedMs());
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [recorder]);

  const mark = useCallback(
    (tag: string | null = null) => {
      const text = note;
      setNote('');
      addMarker(text, tag).catch(setError);
    },
    [addMarker, note],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      if ((event.key === 'm' || event.key === 'M') && phase === 'recording' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        mark();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mark, phase]);

  const labels = capture.channels === 2 ? [t('record.channel.local'), t('record.channel.remote')] : [t('record.channel.mic')];
  const people = (session.data?.participants ?? []).map((p) => ({ repId: p.repId, name: p.name, role: p.role }));

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
        <div className="record-take">
          <div className="record-take__main">
            <div className="record-live">
              {capture.preview ? <video ref={preview} className="record-preview__video" autoPlay muted playsInline aria-label={t('record.preview')} /> : null}
              <LevelMeters levels={capture.levels} labels={labels} />
            </div>
            <div className="record-controls">
              {state === 'paused' ? (
                <button type="button" className="button button--secondary" onClick={resume}>{t('record.resume')}</button>
              ) : (
                <button type="button" className="button button--secondary" onClick={pause}>{t('record.pause')}</button>
              )}
              <button type="button" className="button button--danger" onClick={() => void stop().catch(setError)}>{t('record.stop')}</button>
            </div>
            <form className="card marker-form" onSubmit={(e) => { e.preventDefault(); mark(); }}>
              <Field label={t('record.marker.note')} hint={t('record.marker.hint')}>
                {(p) => <input {...p} className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('record.marker.placeholder')} />}
              </Field>
              <button type="submit" className="button button--secondary">{t('record.marker.add')}</button>
              {tags.length ? (
                <div className="tag-row" role="group" aria-label={t('record.marker.tags')}>
                  {tags.map((tag) => (
                    <button key={tag} type="button" className="button button--ghost button--small tag-button" onClick={() => mark(tag)}>
                      {shipped(tag)}
                    </button>
                  ))}
                </div>
              ) : null}
            </form>
            <section className="card" aria-labelledby="take-markers">
              <h2 id="take-markers" className="card__title">{t('library.markers')}</h2>
              {take.markers.length === 0 ? (
                <p className="muted">{t('record.marker.none')}</p>
              ) : (
                <ol className="marker-list" aria-live="polite">
                  {take.markers.map((m) => (
                    <li key={m.id} className="marker-item">
                      <span className="marker-item__time">{formatElapsed(m.atMs)}</span>
                      <span className="marker-item__note">{[m.tag && shipped(m.tag), m.note].filter(Boolean).join(' · ') || t('library.marker.noNote')}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
          <aside className="record-take__side">
            <section className="card" aria-labelledby="take-who">
              <h2 id="take-who" className="card__title">{t('record.section.who')}</h2>
              {session.data ? <WhoIsPractising people={people} focusAreaName={session.data.focusAreaName} /> : null}
            </section>
            {session.data?.scenarioId ? <RoleplayBrief scenarioId={session.data.scenarioId} sessionId={take.sessionId} /> : null}
          </aside>
        </div>
      )}
    </div>
  );
}
