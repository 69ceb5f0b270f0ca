import { useState } from 'react';
import type { Session } from '../../../../shared/sessions';
import { pageInputs } from '../../../../shared/page-inputs';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';

/**
 * Ad-hoc role-plays a colleague made with me that I have yet to confirm (until I do, nothing
 * written about me in them counts), and the ones I made that wait for someone else.
 */
export function UnconfirmedSessions({ me }: { me: string }) {
  const { t, formatDateTime, formatSessionTime, focusName } = useI18n();
  const api = useApi();
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const query = useApiQuery(`today:unconfirmed:${me}`, (a) => a.invoke('sessions:list', pageInputs.unconfirmed(me)), ['sessions:changed']);
  const sessions = (query.data ?? []).filter((s) => s.unconfirmedBy.includes(me) || s.createdBy === me);
  if (sessions.length === 0) return null;
  const confirm = async (id: string) => {
    setBusy(id);
    try {
      await api.invoke('sessions:confirm', { id });
      toast.show({ tone: 'success', message: t('today.confirm.done') });
      query.reload();
    } catch (error) {
      toast.show({ tone: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  };
  const namesOf = (s: Session, ids: string[]) => s.participants.filter((p) => ids.includes(p.repId)).map((p) => p.name).join(', ');
  const mineToConfirm = sessions.some((s) => s.unconfirmedBy.includes(me));
  return (
    <section className="card" aria-labelledby="today-confirm-title" data-testid="today-unconfirmed">
      <h2 id="today-confirm-title" className="card__title">
        {mineToConfirm ? t('today.confirm.title') : t('today.confirm.titleWaiting')}
      </h2>
      {mineToConfirm ? <p className="muted">{t('today.confirm.body')}</p> : null}
      <ul className="plain-list today-week">
        {sessions.map((s) => {
          const others = s.participants.filter((p) => p.repId !== me).map((p) => p.repId);
          const when = s.startsAt ? formatSessionTime(s.startsAt, s.timeZone) : formatDateTime(s.createdAt);
          return (
            <li key={s.id} className="today-week__item">
              <span>{t('today.confirm.with', { when, focus: focusName(s.focusAreaName), names: namesOf(s, others) })}</span>
              <span className="today-week__status">
                {s.unconfirmedBy.includes(me) ? (
                  <button type="button" className="button button--primary button--small" disabled={busy === s.id} onClick={() => void confirm(s.id)}>
                    {t('today.confirm.action')}
                  </button>
                ) : (
                  <span className="badge badge--neutral">{t('today.confirm.waiting', { names: namesOf(s, s.unconfirmedBy) })}</span>
                )}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
