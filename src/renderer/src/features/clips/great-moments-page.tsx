import { useEffect, useRef, useState } from 'react';
import type { Clip } from '../../../../shared/clips';
import { formatMoment } from '../../../../shared/rubrics';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor, momentsPath, navigate, recordingPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { LibraryIcon, SearchIcon } from '../../ui/icons';
import { useFocusCriteria } from './clip-dialog';
import { CriterionTags, SaveClipFile, useCriterionNames } from './clips-panel';
import { LibraryTabs } from './library-tabs';
import { playRange, type RangePlayback } from './play-range';
import './clips.css';

const pageSize = 20;

/** Each focus area's Great moments: clips anyone on the team may watch, filtered by area and criterion. */
export function GreatMomentsPage({ query }: { query: URLSearchParams }) {
  const { t, focusName, shipped } = useI18n();
  const focus = query.get('focus') ?? '';
  const criterion = query.get('criterion') ?? '';
  const [shown, setShown] = useState(pageSize);
  const areas = useApiQuery('focus-areas', (a) => a.invoke('focus-areas:list', {}));
  const { criteria } = useFocusCriteria(focus);
  const names = useCriterionNames();
  const clips = useApiQuery(
    `moments:${focus}:${criterion}:${shown}`,
    (a) => a.invoke('clips:list', { ...(focus ? { focusAreaId: focus } : {}), ...(criterion ? { criterion } : {}), limit: shown }),
    ['clips:changed'],
  );
  const update = (patch: { focus?: string; criterion?: string }) => {
    setShown(pageSize);
    navigate(momentsPath({ focus, criterion, ...patch }), { replace: true });
  };
  const total = clips.data?.total ?? 0;
  const narrowed = Boolean(focus || criterion);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <PageTitle>{t('clips.moments')}</PageTitle>
          <p className="page-subtitle">{t('clips.moments.subtitle')}</p>
        </div>
      </header>
      <LibraryTabs current="moments" />
      {total > 0 || narrowed ? (
        <div className="filter-bar moments-filters" role="group" aria-label={t('clips.moments')}>
          <label className="filter-select">
            <span className="filter-select__label">{t('clips.focus')}</span>
            <select className="input" value={focus} onChange={(e) => update({ focus: e.target.value, criterion: '' })}>
              <option value="">{t('library.filter.allFocus')}</option>
              {(areas.data ?? []).filter((a) => !a.archived).map((a) => <option key={a.id} value={a.id}>{focusName(a.name)}</option>)}
            </select>
          </label>
          {focus ? (
            <label className="filter-select">
              <span className="filter-select__label">{t('clips.filter.criterion')}</span>
              <select className="input" value={criterion} onChange={(e) => update({ criterion: e.target.value })}>
                <option value="">{t('clips.filter.anyCriterion')}</option>
                {criteria.map((c) => <option key={c.key} value={c.key}>{shipped(c.name)}</option>)}
              </select>
            </label>
          ) : null}
          <p className="muted moments-filters__count" role="status">{t('clips.count', { count: total })}</p>
        </div>
      ) : null}
      {clips.error ? <ErrorNotice error={clips.error} onRetry={clips.reload} /> : null}
      {clips.data && total === 0 && !narrowed ? (
        <EmptyState
          icon={<LibraryIcon size={28} />}
          title={t('clips.moments.empty.title')}
          actions={<a className="button button--primary" href={hrefFor('/library')}>{t('clips.tabs.recordings')}</a>}
        >
          <p>{t('clips.moments.empty.body')}</p>
        </EmptyState>
      ) : null}
      {clips.data && total === 0 && narrowed ? (
        <EmptyState icon={<SearchIcon size={28} />} title={t('clips.moments.noMatch')}
          actions={<button type="button" className="button button--secondary" onClick={() => update({ focus: '', criterion: '' })}>{t('library.clear')}</button>}
        >
          <p>{t('clips.moments.empty.body')}</p>
        </EmptyState>
      ) : null}
      <ul className="moment-grid">
        {(clips.data?.rows ?? []).map((c) => <MomentCard key={c.id} clip={c} names={names} />)}
      </ul>
      {clips.data && clips.data.rows.length < total ? (
        <button type="button" className="button button--secondary" onClick={() => setShown((n) => n + pageSize)}>{t('clips.more')}</button>
      ) : null}
    </div>
  );
}

/**
 * One clip in a compact player. Someone who may see the whole take plays the clip's range of the
 * original; anyone else gets the clip's own cut, which holds nothing but the range.
 */
function MomentCard({ clip, names }: { clip: Clip; names: Map<string, string> }) {
  const { t, focusName, formatDateTime } = useI18n();
  const api = useApi();
  const media = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const playback = useRef<RangePlayback | null>(null);
  const [started, setStarted] = useState(false);
  useEffect(() => () => playback.current?.stop(), []);
  const Player = clip.hasVideo ? 'video' : 'audio';
  const src = clip.wholeTake ? api.mediaUrl('recording', clip.recordingId) : api.mediaUrl('clip', clip.id);
  const play = () => {
    const node = media.current;
    if (!node) return;
    setStarted(true);
    playback.current?.stop();
    playback.current = clip.wholeTake ? playRange(node, clip.startMs, clip.endMs) : playRange(node, 0, clip.endMs - clip.startMs);
  };
  const range = `${formatMoment(clip.startMs)}–${formatMoment(clip.endMs)}`;
  return (
    <li className="card moment-card">
      <div className="moment-card__head">
        <h2 className="moment-card__title">{clip.title}</h2>
        <span className="badge badge--accent">{focusName(clip.focusAreaName)}</span>
      </div>
      <CriterionTags clip={clip} names={names} />
      <p className="muted moment-card__meta">
        {clip.createdByName ? t('clips.by', { name: clip.createdByName }) : t('clips.byOwner')} · {formatDateTime(clip.createdAt)}
      </p>
      <Player ref={media} className={clip.hasVideo ? 'player player--video moment-card__player' : 'player moment-card__player'} controls={started} preload="none" src={src} />
      <div className="moment-card__row">
        <button type="button" className="button button--primary button--small" onClick={play} aria-label={t('clips.playTitle', { title: clip.title, from: formatMoment(clip.startMs), to: formatMoment(clip.endMs) })}>
          ▶ {t('clips.play')} <span className="mono">{range}</span>
        </button>
        <SaveClipFile clip={clip} />
        {clip.wholeTake ? <a className="button button--ghost button--small" href={hrefFor(recordingPath(clip.recordingId, clip.startMs))}>{t('clips.openTake')}</a> : null}
      </div>
    </li>
  );
}
