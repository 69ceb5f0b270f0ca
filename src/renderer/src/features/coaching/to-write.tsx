import { useState } from 'react';
import { pageInputs, toWritePageSize } from '../../../../shared/page-inputs';
import type { ToWriteItem } from '../../../../shared/scorecards';
import { useApi } from '../../api/api-context';
import { useApiPages } from '../../api/use-api-pages';
import { useApiQuery } from '../../api/use-api-query';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { Badge } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { LoadMore } from '../../ui/load-more';
import { ErrorNotice } from '../../ui/error-notice';
import { CoachingIcon } from '../../ui/icons';
import { goTo, scorecardPath } from './paths';
import { sessionLabel } from './session-label';
import { OfflineNote, WaitingBadge } from '../sync/offline-note';
import { useWaiting } from '../sync/use-sync';

const roleTone = { self: 'accent', peer: 'neutral', coach: 'warning' } as const;

/** Scorecards the person owes: sessions that happened where they took part or manage the seller. */
export function ToWriteTab({ me }: { me: string }) {
  const { t, formatDateTime, formatSessionTime, focusName } = useI18n();
  const api = useApi();
  const items = useApiPages<ToWriteItem, { startsAt: string | null; id: string }>(
    `to-write:${me}`,
    (a, limit, after) => a.invoke('scorecards:to-write', pageInputs.toWrite(me, { limit, after })),
    (item) => ({ startsAt: item.session.startsAt, id: item.session.id }),
    toWritePageSize,
    ['scorecards:changed', 'sessions:changed'],
  );
  const written = useApiQuery(`written:${me}`, (a) => a.invoke('scorecards:list', pageInputs.written(me)), ['scorecards:changed']);
  const waiting = useWaiting();
  const [starting, setStarting] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [other, setOther] = useState('');
  const recent = useApiQuery(`recent-sessions`, (a) =>
    a.invoke('sessions:list', { from: new Date(Date.now() - 60 * 86_400_000).toISOString(), to: new Date().toISOString(), status: ['scheduled', 'done'] }),
    ['sessions:changed'],
  );

  async function start(sessionId: string, role?: ToWriteItem['role']) {
    setStarting(sessionId);
    setError(null);
    try {
      const card = await api.invoke('scorecards:start', { sessionId, reviewerId: me, ...(role ? { role } : {}) });
      goTo(scorecardPath(card.id));
    } catch (e) {
      setError(e);
      setStarting(null);
    }
  }

  async function open(item: ToWriteItem) {
    if (item.scorecardId) {
      goTo(scorecardPath(item.scorecardId));
      return;
    }
    await start(item.session.id, item.role);
  }

  if (items.error && !items.data) return <ErrorNotice error={items.error} onRetry={items.reload} />;
  if (!items.data) return <p className="muted">{t('common.loading')}</p>;
  const listed = new Set([...items.data.map((i) => i.session.id), ...(written.data ?? []).map((c) => c.sessionId)]);
  // Any colleague can give peer feedback on a recent role-play they watched, not only its participants.
  const others = (recent.data ?? []).filter((s) => !listed.has(s.id) && s.participants.some((p) => p.role === 'seller')).reverse();

  return (
    <div className="coaching-stack">
      <OfflineNote />
      {error ? <ErrorNotice error={error} /> : null}
      {items.data.length === 0 ? (
        <EmptyState icon={<CoachingIcon size={28} />} title={t('coaching.write.empty.title')}>
          <p>{t('coaching.write.empty.body')}</p>
        </EmptyState>
      ) : (
        <ul className="coaching-list" aria-label={t('coaching.write.listLabel')}>
          {items.data.map((item) => (
            <li key={item.session.id} className="card coaching-list__item">
              <div className="coaching-list__main">
                <p className="coaching-list__title">
                  {focusName(item.session.focusAreaName)} · {item.role === 'self' ? t('coaching.write.yourself') : item.reviewee.name}
                </p>
                <p className="muted">{sessionLabel(item.session.title, item.session.startsAt ? formatSessionTime(item.session.startsAt, item.session.timeZone) : null)}</p>
              </div>
              <div className="badge-row">
                <Badge tone={roleTone[item.role]}>{t(`coaching.role.${item.role}`)}</Badge>
                {item.status === 'draft' ? <Badge tone="neutral">{t('coaching.status.draft')}</Badge> : null}
                {item.status === 'revising' ? <Badge tone="warning">{t('coaching.status.revising')}</Badge> : null}
                {item.scorecardId ? <WaitingBadge id={item.scorecardId} waiting={waiting} /> : null}
              </div>
              <button type="button" className="button button--primary button--small" onClick={() => void open(item)} disabled={starting !== null}>
                {item.scorecardId ? t('coaching.write.continue') : t('coaching.write.start')}
                <span className="visually-hidden"> {t('coaching.write.for', { name: item.reviewee.name, focus: focusName(item.session.focusAreaName) })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {items.hasMore ? <LoadMore onMore={items.loadMore} loading={items.loadingMore} /> : null}
      {others.length ? (
        <section aria-labelledby="other-title" className="coaching-other">
          <h2 id="other-title" className="section-title">
            {t('coaching.write.other')}
          </h2>
          <div className="coaching-row">
            <label className="filter-select">
              <span className="filter-select__label">{t('coaching.write.otherLabel')}</span>
              <select className="input input--compact" value={other} onChange={(e) => setOther(e.target.value)}>
                <option value="">{t('coaching.write.otherPick')}</option>
                {others.map((s) => (
                  <option key={s.id} value={s.id}>
                    {[focusName(s.focusAreaName), s.participants.find((p) => p.role === 'seller')?.name, s.startsAt ? formatSessionTime(s.startsAt, s.timeZone) : s.title].filter(Boolean).join(' · ')}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button button--secondary button--small" disabled={!other || starting !== null} onClick={() => void start(other)}>
              {t('coaching.write.start')}
            </button>
          </div>
        </section>
      ) : null}
      {written.data?.length ? (
        <section aria-labelledby="written-title">
          <h2 id="written-title" className="section-title">
            {t('coaching.write.written')}
          </h2>
          <ul className="coaching-list">
            {written.data.map((card) => (
              <li key={card.id} className="coaching-list__item coaching-list__item--plain">
                <a href={hrefFor(scorecardPath(card.id))}>
                  {focusName(card.focusAreaName)} · {card.reviewee.name}
                </a>
                <span className="muted">
                  {card.submittedAt ? formatDateTime(card.submittedAt) : ''}
                  {card.overall === null ? '' : ` · ${t('coaching.overall.value', { value: Math.round(card.overall) })}`}
                </span>
                <WaitingBadge id={card.id} waiting={waiting} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
