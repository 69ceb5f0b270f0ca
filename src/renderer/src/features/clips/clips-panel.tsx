import { useEffect, useState } from 'react';
import type { Clip } from '../../../../shared/clips';
import { formatMoment } from '../../../../shared/rubrics';
import type { Api } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { useToast } from '../../ui/toast';
import { useAccess, useMay } from '../hub/access-gate';
import { ClipDialog } from './clip-dialog';
import { isCancelled } from './cut';
import './clips.css';
import { isNotLoadedOffline, NotLoadedOffline, WaitingBadge } from '../sync/offline-note';
import { useWaiting } from '../sync/use-sync';

interface Props {
  recordingId: string;
  playable: boolean;
  /** Plays only the clip's range of the take. */
  onPlayRange(startMs: number, endMs: number): void;
}

/** A take's clips by their moment: play the range, edit, delete (after asking), save as a file. */
export function ClipsPanel({ recordingId, playable, onPlayRange }: Props) {
  const { t } = useI18n();
  const clips = useApiQuery(`clips:${recordingId}`, (a) => a.invoke('clips:list', { recordingId, limit: 200 }), ['clips:changed']);
  const rows = clips.data?.rows ?? [];
  const names = useCriterionNames();
  return (
    <section className="card" aria-labelledby="clips-title">
      <h2 id="clips-title" className="card__title">{t('clips.panel.title')}</h2>
      {clips.error ? isNotLoadedOffline(clips.error) ? <NotLoadedOffline /> : <ErrorNotice error={clips.error} onRetry={clips.reload} /> : null}
      {clips.data && rows.length === 0 ? <p className="muted">{t('clips.panel.none')}</p> : null}
      <ol className="clip-list">
        {rows.map((c) => (
          <ClipItem key={c.id} clip={c} names={names} playable={playable} onPlay={() => onPlayRange(c.startMs, c.endMs)} />
        ))}
      </ol>
    </section>
  );
}

/** Criterion names by focus area and key (default templates, in the active language), loaded once per page. */
export function useCriterionNames(): Map<string, string> {
  const { shipped } = useI18n();
  const templates = useApiQuery('clip-criterion-names', (a) => a.invoke('rubric-templates:list', {}));
  const names = new Map<string, string>();
  for (const tpl of templates.data ?? []) {
    if (!tpl.isDefault) continue;
    for (const c of tpl.criteria) names.set(`${tpl.focusAreaId}:${c.key}`, shipped(c.name));
  }
  return names;
}

/** Criterion keys as the rubric names them. */
export function CriterionTags({ clip, names }: { clip: Clip; names: Map<string, string> }) {
  if (!clip.criteria.length) return null;
  return (
    <span className="clip-tags">
      {clip.criteria.map((k) => <span key={k} className="badge badge--neutral">{names.get(`${clip.focusAreaId}:${k}`) ?? k}</span>)}
    </span>
  );
}

function ClipItem({ clip, names, playable, onPlay }: { clip: Clip; names: Map<string, string>; playable: boolean; onPlay(): void }) {
  const { t, focusName } = useI18n();
  const api = useApi();
  const access = useAccess();
  const may = useMay();
  // The core's rule: a clip's author, or whoever may change any clip (admins, the local owner).
  const mine = may('clips:update') || clip.createdBy === access.repId;
  const waiting = useWaiting();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const range = `${formatMoment(clip.startMs)}–${formatMoment(clip.endMs)}`;
  return (
    <li className="clip-item">
      <div className="clip-item__head">
        <button type="button" className="button button--ghost button--small marker-item__time" onClick={onPlay} disabled={!playable} aria-label={t('clips.playTitle', { title: clip.title, from: formatMoment(clip.startMs), to: formatMoment(clip.endMs) })}>
          ▶ {range}
        </button>
        <span className="clip-item__title">{clip.title}</span>
        <WaitingBadge id={clip.id} waiting={waiting} />
      </div>
      <p className="clip-item__meta muted">
        <span className="badge badge--accent">{focusName(clip.focusAreaName)}</span> <CriterionTags clip={clip} names={names} />{' '}
        {clip.createdByName ? t('clips.by', { name: clip.createdByName }) : t('clips.byOwner')}
      </p>
      <div className="clip-item__actions">
        <SaveClipFile clip={clip} />
        {mine ? (
          <>
            <button type="button" className="button button--ghost button--small" onClick={() => setEditing(true)}>{t('clips.edit')}</button>
            <button type="button" className="button button--ghost button--small" onClick={() => setConfirming(true)}>{t('clips.delete')}</button>
          </>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      {editing ? <ClipDialog mode="edit" clip={clip} onClose={() => setEditing(false)} /> : null}
      {confirming ? (
        <Dialog
          title={t('clips.deleteTitle')}
          description={t('clips.deleteBody')}
          onClose={() => setConfirming(false)}
          footer={
            <>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)} data-autofocus>{t('common.cancel')}</button>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirming(false);
                  void api.invoke('clips:delete', { id: clip.id }).catch(setError);
                }}
              >
                {t('clips.delete')}
              </button>
            </>
          }
        >
          <p>{clip.title} · {range}</p>
        </Dialog>
      ) : null}
    </li>
  );
}

/** Starts a download of the clip's cut: the browser saves it, the desktop app asks where. */
function download(api: Api, id: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = `${api.mediaUrl('clip', id)}?download`;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/** "Save as file": cuts the clip with a progress bar and a Cancel, then hands the file over. */
export function SaveClipFile({ clip }: { clip: Clip }) {
  const { t } = useI18n();
  const api = useApi();
  const toast = useToast();
  const [percent, setPercent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cutting = percent !== null;
  useEffect(() => {
    if (!cutting) return undefined;
    return api.on('clips:cut-progress', (p) => {
      if (p.id === clip.id) setPercent(p.percent);
    });
  }, [api, clip.id, cutting]);
  const save = async () => {
    setError(null);
    setPercent(0);
    try {
      const cut = await api.invoke('clips:cut', { id: clip.id });
      download(api, clip.id, cut.fileName);
      toast.show({ message: t('clips.cutReady', { name: cut.fileName }), tone: 'success' });
    } catch (e) {
      if (isCancelled(e)) toast.show({ message: t('clips.cutCancelled') });
      else setError(e);
    } finally {
      setPercent(null);
    }
  };
  return (
    <>
      {percent === null ? (
        <button type="button" className="button button--ghost button--small" onClick={() => void save()}>{t('clips.saveFile')}</button>
      ) : (
        <span className="clip-cut" role="status">
          <progress className="clip-cut__bar" max={100} value={percent} aria-label={t('clips.cutting', { percent })} />
          <span className="muted">{t('clips.cutting', { percent })}</span>
          <button type="button" className="button button--ghost button--small" onClick={() => void api.invoke('clips:cut-cancel', { id: clip.id })}>{t('common.cancel')}</button>
        </span>
      )}
      {error ? <ErrorNotice error={error} /> : null}
    </>
  );
}
