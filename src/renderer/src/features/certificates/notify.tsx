import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Api } from '../../api/api';
import { useApi } from '../../api/api-context';
import { navigate, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useCurrentPerson } from '../coaching/use-me';

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

/** "Notify me": the browser asks for permission only here, after the person chose it. */
export function NotifyControl() {
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
