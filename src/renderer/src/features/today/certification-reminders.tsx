import type { CertificationReminder } from '../../../../shared/certification';
import { pageInputs } from '../../../../shared/page-inputs';
import { useApiQuery } from '../../api/use-api-query';
import { certificatePath, hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useLevelName } from '../certificates/level-name';
import { NotifyControl } from '../certificates/notify';
import '../certificates/certificates.css';

/**
 * Today's card of certifications that expire within 30 days: the person's own and, for a manager,
 * their reports'. Nothing to renew, no card.
 */
export function CertificationRemindersCard({ me }: { me: string }) {
  const { t } = useI18n();
  const reminders = useApiQuery(`today:cert-reminders:${me}`, (a) => a.invoke('certifications:reminders', pageInputs.certificationReminders(me)), ['certifications:changed']);
  const list = reminders.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="card cert-reminders" aria-labelledby="cert-reminders-title" data-testid="cert-reminders">
      <h2 id="cert-reminders-title" className="card__title">
        {t('certReminders.title')}
      </h2>
      <ul className="cert-reminders__list">
        {list.map((reminder) => (
          <ReminderItem key={reminder.grantId} reminder={reminder} own={reminder.rep.id === me} />
        ))}
      </ul>
      {list.some((r) => r.rep.id === me) ? <NotifyControl /> : null}
    </section>
  );
}

function ReminderItem({ reminder, own }: { reminder: CertificationReminder; own: boolean }) {
  const { t, locale, focusName } = useI18n();
  const levelName = useLevelName();
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long' }).format(new Date(iso));
  const facts = { name: reminder.rep.name, focus: focusName(reminder.focusArea.name), level: levelName(reminder.level), date: day(reminder.expiresAt) };
  return (
    <li className="cert-reminders__item">
      <p className="cert-reminders__text">
        {own ? t('certReminders.own', facts) : t('certReminders.other', facts)}
        <span className="cert-reminders__renew">
          {reminder.renewalOpen
            ? t('certReminders.renewNow', { score: reminder.minScore })
            : t('certReminders.renewFrom', { score: reminder.minScore, date: day(reminder.renewalOpensAt) })}
        </span>
      </p>
      <div className="cert-reminders__actions">
        <span className={`badge ${reminder.daysBefore <= 7 ? 'badge--warning' : 'badge--neutral'}`}>{reminder.daysLeft === 0 ? t('certReminders.expiresToday') : t('certReminders.daysLeft', { count: reminder.daysLeft })}</span>
        <a className="button button--secondary button--small" href={hrefFor(personPath(reminder.rep.id))}>
          {own ? t('certReminders.openOwn') : t('certReminders.openPerson', { name: reminder.rep.name })}
        </a>
        <a className="button button--ghost button--small" href={hrefFor(certificatePath(reminder.code))}>
          {t('certReminders.certificate')}
        </a>
      </div>
    </li>
  );
}
