import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CertificationReminder } from '../../../../shared/certification';
import type { Api } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { certificatePath, hrefFor, navigate, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useLevelName } from '../certificates/level-name';
import { useCurrentPerson } from '../coaching/use-me';
import '../certificates/certificates.css';

const notifyKey = 'reprise.certReminders.notify';
const changedEvent = 'reprise:cert-reminders-notify';
/** Reminder points are days apart; a quarter of an hour is soon enough and costs nothing. */
const pollMs = 15 * 60_000;

// Used when storage is unavailable: the choice then holds until the window closes.
let inMemory = false;

function notifyWanted(): boolean {
  try {
    const stored = window.localStorage.getItem(notifyKey);
    return stored === null ? inMemory : stored === 'on';
  } catch {
    return inMemory;
  }
}

function setNotifyWanted(on: boolean): void {
  inMemory = on;
  try {
    window.localStorage.setItem(notifyKey, on ? 'on' : 'off');
  } catch {
    // Kept in memory only.
  }
  window.dispatchEvent(new Event(changedEvent));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(changedEvent, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(changedEvent, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** Whether this window can show a desktop notification now: the desktop app's shell always can; a browser once allowed. */
function permission(api: Api): NotificationPermission | 'unsupported' {
  if (api.transport === 'ipc') return 'granted';
  if (typeof window === 'undefined' || !('Notification' in window)) return 'unsupported';
  return Notification.permission;
}

/**
 * Hands the signed-in person's due certification reminders out as desktop notifications, once each:
 * the core records what it handed out, so another window or a restart never repeats one. In the
 * desktop app the shell shows them (Electron's Notification); in a browser this page does, with
 * the Notification API, once the person turned it on and the browser allowed it.
 */
export function CertificationNotifier() {
  const api = useApi();
  const { language } = useI18n();
  const me = useCurrentPerson().me?.id ?? null;
  const on = useSyncExternalStore(subscribe, notifyWanted, () => false);

  useEffect(() => {
    if (!me || !on) return undefined;
    let stopped = false;
    const claim = async () => {
      if (permission(api) !== 'granted') return;
      try {
        const due = await api.invoke('certifications:claim-reminders', { repId: me, language, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
        if (stopped || api.transport !== 'http') return;
        for (const reminder of due) {
          const notification = new Notification(reminder.title, { body: reminder.body, tag: `${reminder.grantId}:${reminder.daysBefore}` });
          notification.onclick = () => {
            window.focus();
            navigate(personPath(reminder.rep.id));
          };
        }
      } catch {
        // The next round tries again; a reminder is not worth an error on screen.
      }
    };
    void claim();
    const timer = window.setInterval(() => void claim(), pollMs);
    const off = api.on('certifications:changed', () => void claim());
    return () => {
      stopped = true;
      window.clearInterval(timer);
      off();
    };
  }, [api, me, on, language]);
  return null;
}

/**
 * Today's card of certifications that expire within 30 days: the person's own and, for a manager,
 * their reports'. Nothing to renew, no card.
 */
export function CertificationRemindersCard({ me }: { me: string }) {
  const { t } = useI18n();
  const reminders = useApiQuery(`today:cert-reminders:${me}`, (a) => a.invoke('certifications:reminders', { repId: me }), ['certifications:changed']);
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
        <span className={`badge ${reminder.daysBefore <= 7 ? 'badge--warning' : 'badge--neutral'}`}>{t('certReminders.daysLeft', { count: reminder.daysLeft })}</span>
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

/** "Notify me": the browser asks for permission only here, after the person chose it. */
function NotifyControl() {
  const { t } = useI18n();
  const api = useApi();
  const on = useSyncExternalStore(subscribe, notifyWanted, () => false);
  const [allowed, setAllowed] = useState(() => permission(api));
  if (allowed === 'unsupported') return null;
  const turnOn = async () => {
    const answer = allowed === 'default' ? await Notification.requestPermission() : allowed;
    setAllowed(answer);
    if (answer === 'granted') setNotifyWanted(true);
  };
  return (
    <div className="cert-reminders__notify">
      {on && allowed === 'granted' ? (
        <>
          <span>{t('certReminders.notifyOn')}</span>
          <button type="button" className="button button--ghost button--small" onClick={() => setNotifyWanted(false)}>
            {t('certReminders.notifyOff')}
          </button>
        </>
      ) : allowed === 'denied' ? (
        <span>{t('certReminders.denied')}</span>
      ) : (
        <button type="button" className="button button--secondary button--small" onClick={() => void turnOn()}>
          {t('certReminders.notify')}
        </button>
      )}
    </div>
  );
}
