import { useMemo } from 'react';
import type { ToWriteItem } from '../../../../shared/scorecards';
import { pageInputs } from '../../../../shared/page-inputs';
import type { Query } from '../../api/use-api-query';
import { useApiQuery } from '../../api/use-api-query';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { UncertifiableNotice } from '../certification/uncertifiable-notice';
import { useLevelName } from '../certification/certification-path';
import { reinforcementRefreshOn } from '../certification/reinforcement';
import { sessionScorecardPath } from '../coaching/paths';
import { useAccess, useCan } from '../hub/access-gate';
import { addDays } from '../programs/format';

const shown = 8;

/** Whom someone leads: how many, and whether a person is one of them. */
interface Led {
  size: number;
  has(id: string): boolean;
}

/**
 * Today for the people who lead (admins, managers, coaches): their people's week at a glance,
 * the takes waiting for their review, who is due for practice or renewal, and, for admins, the
 * levels nobody can certify. Shows nothing to someone who leads nobody.
 */
export function PeopleWeek({ me, active, toWrite, weekStart }: { me: string; active: number; toWrite: Query<ToWriteItem[]>; weekStart: string }) {
  const access = useAccess();
  // Whom to list, as the core's view derives it (an admin leads everyone); no action hangs on it.
  const admin = access.kind === 'owner' || access.role === 'admin';
  const role = access.kind === 'person' ? access.role : null;
  // How many they lead, from the core's count (an admin leads everyone): never the list of them.
  const ledCount = useApiQuery(`today:led:${admin ? '' : me}`, (a) => (admin ? Promise.resolve(null) : a.invoke('people:page', pageInputs.led(me))), ['people:changed', 'programs:changed']);
  // The core already narrows renewals and practice to the caller and the people they lead; a take to
  // review may be a peer's, so whether its reviewee is led is asked of the core, for those few.
  const revieweeKey = [...new Set((toWrite.data ?? []).map((i) => i.reviewee.id).filter((id) => id !== me))].join(' ');
  const reviewees = useMemo(() => (revieweeKey ? revieweeKey.split(' ') : []), [revieweeKey]);
  const leads = useCan(admin ? [] : reviewees.map((repId) => ({ channel: 'certifications:list' as const, input: { repId } })));
  const led = useMemo<Led>(() => {
    if (admin) return { size: Math.max(0, active - 1), has: (id) => id !== me };
    const reviewed = new Set(reviewees.filter((_, i) => leads?.[i] === true));
    return { size: ledCount.data?.matching ?? 0, has: (id) => id !== me && (reviewed.has(id) || !reviewees.includes(id)) };
  }, [admin, active, me, ledCount.data, reviewees, leads]);
  if (!admin && role !== 'manager' && role !== 'coach' && led.size === 0) return null;
  return <PeopleWeekCard me={me} led={led} toWrite={toWrite} weekStart={weekStart} admin={admin} />;
}

function PeopleWeekCard({ me, led, toWrite, weekStart, admin }: { me: string; led: Led; toWrite: Query<ToWriteItem[]>; weekStart: string; admin: boolean }) {
  const { t, formatSessionTime, focusName, shipped } = useI18n();
  const levelName = useLevelName();
  const from = new Date(`${weekStart}T00:00:00`).toISOString();
  const to = new Date(`${addDays(weekStart, 7)}T00:00:00`).toISOString();
  // Counts and the first few sessions, from the core: an admin's week is every session of the team.
  const week = useApiQuery(
    `today:people-week:${weekStart}:${admin ? '' : me}`,
    (a) => a.invoke('schedule:summary', { from, to, limit: shown, ...(admin ? {} : { ledBy: me }) }),
    ['sessions:changed'],
  );
  const certs = useApiQuery('today:people-certs', (a) => a.invoke('certifications:list', { renewals: true }), ['certifications:changed', 'scorecards:changed']);
  // The same question as Today's "Reinforcement due" below it, asked once for both.
  const practice = useApiQuery('reinforce:due', (a) => a.invoke('reinforcement:due', {}), reinforcementRefreshOn, { shared: true });

  const sessions = week.data?.sessions ?? [];
  const { total = 0, held = 0, planned = 0, missed = 0 } = week.data ?? {};
  const reviews = (toWrite.data ?? []).filter((i) => i.reviewee.id !== me && led.has(i.reviewee.id));
  const renewals = (certs.data ?? []).filter((c) => led.has(c.rep.id) && (c.state === 'due' || c.state === 'expired'));
  const dueForPractice = (practice.data ?? []).filter((r) => led.has(r.rep.id) && r.cards.length > 0);
  const quiet = total === 0 && reviews.length === 0 && renewals.length === 0 && dueForPractice.length === 0;

  return (
    <section className="card today-people" aria-labelledby="today-people-title" data-testid="today-people">
      <h2 id="today-people-title" className="card__title">
        {t('today.people.title')}
      </h2>
      <p className="muted">{t('today.people.count', { count: led.size })}</p>
      {admin ? <UncertifiableNotice /> : null}
      {quiet ? <p className="muted">{t('today.people.quiet')}</p> : null}
      {total ? (
        <>
          <h3 className="section-title">{t('today.people.sessions', { held, planned, missed })}</h3>
          <ul className="plain-list today-week">
            {sessions.map((s) => (
              <li key={s.id} className="today-week__item">
                <span>
                  <strong>{formatSessionTime(s.startsAt, s.timeZone)}</strong> · {focusName(s.focusAreaName)} · {s.participants.map((p) => p.name).join(', ')}
                </span>
                <span className="today-week__status">
                  {s.recordingId ? <span className="badge badge--success">{t('today.recorded')}</span> : null}
                  {s.status !== 'scheduled' ? <span className="badge badge--neutral">{t(`schedule.status.${s.status}`)}</span> : null}
                </span>
              </li>
            ))}
          </ul>
          {total > sessions.length ? <p className="small muted">{t('today.people.more', { count: total - sessions.length })}</p> : null}
        </>
      ) : null}
      {reviews.length ? (
        <>
          <h3 className="section-title">{t('today.people.reviews', { count: reviews.length })}</h3>
          <ul className="plain-list today-week">
            {reviews.slice(0, shown).map((item) => (
              <li key={item.session.id} className="today-week__item">
                <span>
                  <strong>{item.reviewee.name}</strong> · {[focusName(item.session.focusAreaName), item.session.startsAt ? formatSessionTime(item.session.startsAt, item.session.timeZone) : item.session.title].filter(Boolean).join(' · ')}
                </span>
                <a className="button button--secondary button--small" href={hrefFor(sessionScorecardPath(item.session.id))}>
                  {item.scorecardId ? t('coaching.write.continue') : t('today.people.review')}
                  <span className="visually-hidden"> · {item.reviewee.name}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {renewals.length ? (
        <>
          <h3 className="section-title">{t('today.people.renewals', { count: renewals.length })}</h3>
          <ul className="plain-list">
            {renewals.slice(0, shown).map((c) => (
              <li key={`${c.rep.id}:${c.focusArea.id}`}>
                <strong>{c.rep.name}</strong> · {focusName(c.focusArea.name)} {c.level ? levelName(c.level) : ''} · {t(`cert.state.${c.state}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {dueForPractice.length ? (
        <>
          <h3 className="section-title">{t('today.people.practice', { count: dueForPractice.length })}</h3>
          <ul className="plain-list">
            {dueForPractice.slice(0, shown).map((r) => (
              <li key={r.rep.id}>
                <strong>{r.rep.name}</strong> · {r.cards.slice(0, 3).map((c) => (c.kind === 'focus-area' ? focusName(c.name) : shipped(c.name))).join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
