import { useCallback, useEffect, useRef, useState, type SyntheticEvent } from 'react';
import type { Marker } from '../../../../shared/recordings';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { AlertIcon, BackIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { SpeechAnalysisPanel } from '../analysis/speech-analysis';
import { sessionScorecardPath } from '../coaching/paths';
import { formatMoment } from '../../../../shared/rubrics';
import { formatDuration, formatSize, takeNumbers } from './format';
import { CommentsPanel } from './comments-panel';
import { MarkerEdit } from './marker-edit';
import { nextMoment, stepSpeed, usePlayerKeys } from './player-keys';
import { LazyPlayerWaveform } from './lazy-waveform';
import type { WaveControls } from './player-waveform';
import { withInPoint, withOutPoint, type RangeSelection } from './range-selection';
import { SetParticipants } from './set-participants';
import { KeptLocalNote } from '../sync/kept-local-note';
import { useQueuedIsSaved } from '../sync/use-queued';
import { useKeptLocal, useWaiting } from '../sync/use-sync';
import { ShortcutsSheet } from './shortcuts-sheet';
import { ClipDialog } from '../clips/clip-dialog';
import { ClipsPanel } from '../clips/clips-panel';
import { playRange, type RangePlayback } from '../clips/play-range';
import { OfflineNote, WaitingBadge } from '../sync/offline-note';
import { useMediaRecovery } from './media-recovery';

const noComments: readonly never[] = [];

/** One recording: the player, the waveform per voice with markers, and what was recorded with whose consent. */
export function RecordingPage({ id, atMs = null }: { id: string; atMs?: number | null }) {
  const { t, formatDateTime, formatSessionTime, locale, focusName, shipped } = useI18n();
  const api = useApi();
  const toast = useToast();
  const queued = useQueuedIsSaved();
  const keptLocal = useKeptLocal();
  const waiting = useWaiting();
  const recording = useApiQuery(`recording:${id}`, (a) => a.invoke('recordings:get', { id }), ['recordings:changed']);
  const ready = recording.data?.status === 'ready';
  // The media route refuses a file that is gone or cut off; one with changed bytes may still mostly play.
  const problem = recording.data?.mediaProblem;
  const playable = ready && problem !== 'missing' && problem !== 'size_changed';
  const peaks = useApiQuery(`peaks:${id}:${ready}`, (a) => (ready ? a.invoke('recordings:peaks', { id }) : Promise.resolve(null)));
  const session = useApiQuery(`session-of:${recording.data?.sessionId ?? ''}`, (a) =>
    recording.data ? a.invoke('sessions:get', { id: recording.data.sessionId }) : Promise.resolve(null),
  );
  const siblings = useApiQuery(`recordings-of:${recording.data?.sessionId ?? ''}`, (a) =>
    recording.data ? a.invoke('recordings:list', { sessionId: recording.data.sessionId }) : Promise.resolve([]),
    ['recordings:changed'],
  );
  const player = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const retry = useMediaRecovery();
  // The media stopped coming and asking again did not bring it back: the page says so.
  const [unplayable, setUnplayable] = useState(false);
  const recover = useCallback(
    (event: SyntheticEvent<HTMLMediaElement>) => {
      if (!retry(event)) setUnplayable(true);
    },
    [retry],
  );
  const [currentMs, setCurrentMs] = useState(0);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<unknown>(null);

  const seek = useCallback((ms: number) => {
    if (!player.current) return;
    player.current.currentTime = ms / 1000;
    setCurrentMs(ms);
  }, []);
  const playAt = useCallback(
    (ms: number) => {
      seek(ms);
      void player.current?.play().catch(() => undefined);
    },
    [seek],
  );
  const commentBox = useRef<HTMLTextAreaElement>(null);
  const playerCard = useRef<HTMLElement>(null);
  const commentMoments = useApiQuery(`comment-moments:${id}`, (a) => a.invoke('comments:list', { recordingId: id }), ['comments:changed']);

  const wave = useRef<WaveControls>(null);
  // The range picked on the waveform or with I and O; a range comment or a clip is made from it.
  const [selection, setSelection] = useState<RangeSelection | null>(null);
  // The comment box follows the selection (dragged wider, it comments on the wider range) until it is cleared.
  const [commentOnSelection, setCommentOnSelection] = useState(false);
  useEffect(() => {
    if (!selection) setCommentOnSelection(false);
  }, [selection]);
  const commentOnRange = () => {
    setCommentOnSelection(true);
    player.current?.pause();
    commentBox.current?.focus();
  };

  const [rate, setRate] = useState(1);
  const [editingMarker, setEditingMarker] = useState<string | null>(null);
  const [shortcuts, setShortcuts] = useState(false);
  const [clipping, setClipping] = useState(false);
  const rangePlayback = useRef<RangePlayback | null>(null);
  useEffect(() => () => rangePlayback.current?.stop(), []);
  const playClip = useCallback((startMs: number, endMs: number) => {
    if (!player.current) return;
    rangePlayback.current?.stop();
    rangePlayback.current = playRange(player.current, startMs, endMs);
  }, []);
  const openClip = () => {
    if (recording.data?.status !== 'ready') return;
    if (!selection) {
      toast.show({ message: t('clips.needSelection') });
      return;
    }
    player.current?.pause();
    setClipping(true);
  };
  const moments = [...(recording.data?.markers.map((m) => m.offsetMs) ?? []), ...(commentMoments.data?.map((c) => c.atMs) ?? [])];
  usePlayerKeys({
    togglePlay: () => {
      const node = player.current;
      if (!node) return;
      if (node.paused) void node.play().catch(() => undefined);
      else node.pause();
    },
    skip: (ms) => {
      const node = player.current;
      if (!node) return;
      const end = Number.isFinite(node.duration) ? node.duration * 1000 : Number.POSITIVE_INFINITY;
      seek(Math.max(0, Math.min(end, node.currentTime * 1000 + ms)));
    },
    speed: (direction) => {
      const node = player.current;
      if (!node) return;
      node.playbackRate = stepSpeed(node.playbackRate, direction);
      setRate(node.playbackRate);
    },
    moment: (direction) => {
      const at = nextMoment(moments, (player.current?.currentTime ?? 0) * 1000, direction);
      if (at !== null) seek(at);
    },
    comment: () => {
      if (!commentBox.current) return;
      player.current?.pause();
      commentBox.current.focus();
    },
    marker: () => {
      if (!player.current || recording.data?.status !== 'ready') return;
      const offsetMs = Math.round(player.current.currentTime * 1000);
      api.invoke('markers:add', { recordingId: id, offsetMs }).then(
        () => toast.show({ message: t('player.marked', { at: formatMoment(offsetMs) }), tone: 'success' }),
        (error: unknown) => setCheckError(error),
      );
    },
    clip: openClip,
    help: () => setShortcuts(true),
    zoom: (direction) => wave.current?.zoom(direction),
    inPoint: () => {
      const durationMs = recording.data?.durationMs;
      if (player.current && durationMs) setSelection((current) => withInPoint(current, player.current!.currentTime * 1000, durationMs));
    },
    outPoint: () => {
      const durationMs = recording.data?.durationMs;
      if (player.current && durationMs) setSelection((current) => withOutPoint(current, player.current!.currentTime * 1000, durationMs));
    },
    clearSelection: () => setSelection(null),
  });

  useEffect(() => {
    const node = player.current;
    if (!node || atMs === null) return undefined;
    const jump = () => seek(atMs);
    if (node.readyState >= 1) jump();
    else node.addEventListener('loadedmetadata', jump, { once: true });
    return () => node.removeEventListener('loadedmetadata', jump);
  }, [playable, atMs, seek]);

  useEffect(() => {
    const node = player.current;
    if (!node) return undefined;
    const update = () => setCurrentMs(node.currentTime * 1000);
    node.addEventListener('timeupdate', update);
    return () => node.removeEventListener('timeupdate', update);
  }, [playable]);

  const removeMarker = async (marker: Marker) => {
    // Queued while the hub is away: the calm notice says so; undo waits until it is on the hub.
    if (!(await queued(api.invoke('markers:delete', { id: marker.id })))) return;
    toast.show({
      message: t('library.marker.deleted'),
      action: {
        label: t('common.undo'),
        onAction: () => void queued(api.invoke('markers:add', { recordingId: id, offsetMs: marker.offsetMs, note: marker.note, tag: marker.tag })),
      },
    });
  };

  const checkAgain = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      const [result] = await api.invoke('recordings:verify', { id });
      toast.show(result?.problem ? { message: t('library.media.stillWrong'), tone: 'error' } : { message: t('library.media.ok'), tone: 'success' });
    } catch (error) {
      setCheckError(error);
    } finally {
      setChecking(false);
    }
  };

  if (recording.error) {
    // A take one may not see (a link from a colleague) or one deleted: trying again cannot help, going back can.
    const final = recording.error instanceof ApiError && (recording.error.code === 'forbidden' || recording.error.code === 'not_found');
    return (
      <div className="page">
        <a className="back-link" href={hrefFor('/library')}><BackIcon /> {t('area.library')}</a>
        <ErrorNotice error={recording.error} onRetry={final ? undefined : recording.reload} />
      </div>
    );
  }
  const r = recording.data;
  if (!r) return <div className="page"><p className="muted">{t('common.loading')}</p></div>;
  const s = session.data;
  const take = takeNumbers(siblings.data ?? []).get(r.id);
  // Offline, before the hub's list of the session ever came: no number, which could be another take's.
  const unnumbered = siblings.data?.some((x) => x.teamTakesUnknown);
  const takeLabel = take ? t('library.take', { n: take }) : unnumbered ? t('library.takeHere') : undefined;
  const title = [s ? focusName(s.focusAreaName) : undefined, s?.participants.map((p) => p.name).join(' & ') || s?.title || r.sourceName, takeLabel]
    .filter(Boolean)
    .join(' · ');
  const labels = r.channelMap ? [r.channelMap.left.label, ...(r.channelMap.right ? [r.channelMap.right.label] : [])] : [];
  const Player = r.hasVideo ? 'video' : 'audio';
  // Beside the zoom buttons under the waveform, or on a row of their own when there is no waveform.
  const playerKeys = (
    <>
      {rate !== 1 ? <span className="badge badge--accent">{t('player.speed', { rate: rate.toLocaleString(locale) })}</span> : null}
      <button type="button" className="button button--ghost button--small" onClick={() => setShortcuts(true)}>{t('player.shortcuts')}</button>
    </>
  );

  return (
    <div className="page">
      <a className="back-link" href={hrefFor('/library')}><BackIcon /> {t('area.library')}</a>
      <header className="page-header">
        <div>
          <PageTitle>{title || t('library.untitled')}</PageTitle>
          <p className="page-subtitle">
            {/* A program's role-play goes by its own time, as on its Library row; the take keeps when it was recorded. */}
            {s?.startsAt && s.timeZone
              ? `${formatSessionTime(s.startsAt, s.timeZone)} · ${t('library.recordedAt', { time: formatDateTime(r.startedAt) })}`
              : formatDateTime(r.startedAt)}{' '}
            · {formatDuration(r.durationMs)}
          </p>
        </div>
        {s?.participants.length ? (
          <div className="page-actions">
            <a className="button button--primary" href={hrefFor(sessionScorecardPath(r.sessionId))}>{t('library.score')}</a>
          </div>
        ) : null}
      </header>
      <OfflineNote />
      {keptLocal.has(r.id) ? <KeptLocalNote /> : null}
      {r.recovered ? <div className="notice notice--warning" role="status"><p>{t('library.recoveredNotice', { duration: formatDuration(r.durationMs) })}</p></div> : null}
      {s && s.participants.length === 0 ? <SetParticipants session={s} onSaved={session.reload} /> : null}
      {r.status === 'failed' ? <div className="notice notice--error" role="alert"><p>{r.error}</p></div> : null}
      {r.status === 'finalizing' || r.status === 'recording' ? <p className="muted">{t('library.notReady')}</p> : null}
      {r.mediaProblem ? (
        <div className="notice notice--error" role="alert">
          <AlertIcon className="notice__icon" />
          <div className="notice__content">
            <p className="notice__title">{t(`library.status.${r.mediaProblem}`)}</p>
            <p>{t(`library.media.${r.mediaProblem}`)} {t('library.media.fix')}</p>
            <button type="button" className="button button--secondary button--small" onClick={() => void checkAgain()} disabled={checking}>
              {checking ? t('library.media.checking') : t('library.media.checkAgain')}
            </button>
          </div>
        </div>
      ) : null}
      {checkError ? <ErrorNotice error={checkError} /> : null}
      {playable ? (
        <section ref={playerCard} className="card player-card" aria-label={t('library.player')} tabIndex={-1}>
          <Player ref={player} className={r.hasVideo ? 'player player--video' : 'player'} controls preload="metadata" src={api.mediaUrl('recording', r.id)} onError={recover} onLoadedMetadata={() => setUnplayable(false)} />
          {unplayable ? (
            <p className="notice notice--muted" role="status">
              {t('library.player.unplayable')}
            </p>
          ) : null}
          {peaks.data && r.durationMs ? (
            <LazyPlayerWaveform
              media={player}
              peaks={peaks.data}
              durationMs={r.durationMs}
              labels={labels}
              markers={r.markers}
              comments={commentMoments.data ?? noComments}
              selection={selection}
              onSelectionChange={setSelection}
              onPlayAt={playAt}
              controls={wave}
              toolbar={
                selection ? (
                  <>
                    <span>{t('wave.selection', { range: `${formatMoment(selection.startMs)}–${formatMoment(selection.endMs)}` })}</span>
                    <button type="button" className="button button--secondary button--small" onClick={commentOnRange}>{t('wave.commentRange')}</button>
                    <button type="button" className="button button--secondary button--small" onClick={openClip}>{t('clips.clipRange')} <kbd>X</kbd></button>
                    <button type="button" className="button button--ghost button--small" onClick={() => playClip(selection.startMs, selection.endMs)}>{t('clips.play')}</button>
                    <button type="button" className="button button--ghost button--small" onClick={() => setSelection(null)}>{t('wave.clear')}</button>
                  </>
                ) : (
                  <span className="muted">{t('wave.hint')}</span>
                )
              }
              toolbarEnd={playerKeys}
            />
          ) : (
            <p className="player-card__keys muted">{playerKeys}</p>
          )}
          {r.channels === 0 ? <p className="muted" role="note">{t('library.noSound')}</p> : null}
        </section>
      ) : null}
      {r.error && r.status === 'ready' ? <p className="muted">{r.error}</p> : null}
      {r.status === 'ready' ? <ClipsPanel recordingId={r.id} playable={playable} onPlayRange={playClip} /> : null}
      {ready ? <SpeechAnalysisPanel recordingId={r.id} currentMs={currentMs} onSeek={seek} playable={playable} participants={s?.participants} /> : null}
      {shortcuts ? <ShortcutsSheet onClose={() => setShortcuts(false)} /> : null}
      {clipping && selection && s ? (
        <ClipDialog mode="new" recordingId={r.id} range={selection} focusAreaId={s.focusAreaId} onClose={() => setClipping(false)} onSaved={() => setSelection(null)} />
      ) : null}
      {r.status === 'ready' ? (
        <CommentsPanel
          ref={commentBox}
          recordingId={r.id}
          currentMs={currentMs}
          range={commentOnSelection ? selection : null}
          onRangeDone={(saved) => {
            setCommentOnSelection(false);
            if (saved) setSelection(null);
          }}
          participants={s?.participants ?? []}
          onPlayAt={playAt}
          onAdded={() => playerCard.current?.focus()}
        />
      ) : null}
      <div className="two-column">
        <section className="card" aria-labelledby="markers-title">
          <h2 id="markers-title" className="card__title">{t('library.markers')}</h2>
          {r.markers.length === 0 ? <p className="muted">{t('library.markers.none')}</p> : null}
          <ol className="marker-list">
            {r.markers.map((m) => (
              <li key={m.id} className="marker-item">
                <button type="button" className="button button--ghost button--small marker-item__time" onClick={() => playAt(m.offsetMs)} disabled={!playable}>
                  {formatMoment(m.offsetMs)}
                </button>
                {editingMarker === m.id ? (
                  <MarkerEdit marker={m} onDone={() => setEditingMarker(null)} />
                ) : (
                  <>
                    <span className="marker-item__note">{m.tag ? <span className="badge badge--neutral">{shipped(m.tag)}</span> : null} {m.note || t('library.marker.noNote')} <WaitingBadge id={m.id} waiting={waiting} /></span>
                    <button type="button" className="button button--ghost button--small" onClick={() => setEditingMarker(m.id)} aria-label={t('marker.edit', { at: formatMoment(m.offsetMs) })}>
                      {t('comments.edit')}
                    </button>
                  </>
                )}
                <button type="button" className="button button--ghost button--small" onClick={() => void removeMarker(m)} aria-label={t('library.marker.delete', { at: formatMoment(m.offsetMs) })}>
                  ×
                </button>
              </li>
            ))}
          </ol>
        </section>
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title" className="card__title">{t('library.details')}</h2>
          <dl className="details-list">
            <dt>{t('library.details.type')}</dt>
            <dd>{t(`library.mode.${r.mode}`)}{r.hasVideo && r.videoWidth ? ` · ${r.videoWidth}×${r.videoHeight}` : ''}</dd>
            {labels.length ? (<><dt>{t('library.details.channels')}</dt><dd>{labels.length === 2 ? t('library.details.stereo', { left: labels[0]!, right: labels[1]! }) : labels[0]}</dd></>) : null}
            <dt>{t('library.details.size')}</dt>
            <dd>{formatSize(r.sizeBytes, locale)}</dd>
            <dt>{t('library.details.consent')}</dt>
            <dd>{r.consents.length ? r.consents.map((c) => t('library.details.consentBy', { name: c.name, by: c.confirmedBy, at: formatDateTime(c.confirmedAt) })).join('; ') : t('library.details.consentImported')}</dd>
            {r.sha256 ? (<><dt>{t('library.details.checksum')}</dt><dd className="mono">{r.sha256.slice(0, 16)}…</dd></>) : null}
            {r.mediaCheckedAt ? (<><dt>{t('library.details.verified')}</dt><dd>{formatDateTime(r.mediaCheckedAt)}</dd></>) : null}
          </dl>
        </section>
      </div>
    </div>
  );
}
