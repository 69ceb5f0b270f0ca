import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ProgramSession } from '../../../../shared/programs';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { useCurrentPerson } from '../coaching/use-me';
import { roleName } from '../programs/format';

const shownKey = 'reprise.reminders.shown';
const desktopKey = 'reprise.reminders.desktop';
const changedEvent = 'reprise:reminders-setting';
const pollMs = 30_000;

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Not kept across restarts; reminders still show in this window.
  }
}

function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function desktopWanted(): boolean {
  return readJson(desktopKey, false) && notificationsSupported() && Notification.permission === 'granted';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(changedEvent, onChange);
  return () => window.removeEventListener(changedEvent, onChange);
}

/** A reminder is shown once per session and version: a rescheduled session reminds again. */
const reminderId = (s: Pick<ProgramSession, 'id' | 'sequence'>) => `${s.id}:${s.sequence}`;

/**
 * Reminders for the person picked as "me": the core says which sessions are due (each program has
 * its own lead time); this shows them as a banner in the window and, when allowed, as a desktop
 * notification (the Notification API works in Electron's renderer and in the browser alike).
 */
export function ReminderBanner() {
  const { t, formatSessionTime, focusName } = useI18n();
  const api = useApi();
  const me = useCurrentPerson().me?.id ?? null;
  const [due, setDue] = useState<(ProgramSession & { remindAt: string })[]>([]);
  const [dismissed, setDismissed] = useState<string[]>(() => readJson(shownKey, [] as string[]));

  const check = useCallback(async () => {
    if (!me) return setDue([]);
    try {
      const list = await api.invoke('reminders:due', { repId: me });
      setDue(list);
      const notified = readJson(`${shownKey}.desktop`, [] as string[]);
      const fresh = list.filter((s) => !notified.includes(reminderId(s)));
      if (fresh.length && desktopWanted()) {
        for (const s of fresh) {
          const role = s.participants.find((p) => p.repId === me)?.role;
          new Notification(t('reminders.notificationTitle', { focus: focusName(s.focusAreaName) }), {
            body: t('reminders.notificationBody', { when: formatSessionTime(s.startsAt, s.timeZone), role: role ? roleName(role, t) : '' }),
            tag: reminderId(s),
          });
        }
        writeJson(`${shownKey}.desktop`, [...notified, ...fresh.map(reminderId)].slice(-200));
      }
    } catch {
      // The next poll tries again; a reminder is not worth an error on screen.
    }
  }, [api, me, t, formatSessionTime, focusName]);

  useEffect(() => {
    void check();
    const timer = window.setInterval(() => void check(), pollMs);
    const off = api.on('sessions:changed', () => void check());
    return () => {
      window.clearInterval(timer);
      off();
    };
  }, [api, check]);

  const visible = due.filter((s) => !dismissed.includes(reminderId(s)));
  if (visible.length === 0) return null;
  const dismiss = (s: ProgramSession) => {
    const next = [...dismissed, reminderId(s)].slice(-200);
    setDismissed(next);
    writeJson(shownKey, next);
  };
  return (
    <div className="reminder-banner" role="status" aria-live="polite" data-testid="reminder-banner">
      {visible.map((s) => (
        <div key={s.id} className="reminder-banner__item">
          <span>
            {t('reminders.banner', { focus: focusName(s.focusAreaName), when: formatSessionTime(s.startsAt, s.timeZone), names: s.participants.filter((p) => p.repId !== me).map((p) => p.name).join(', ') })}
          </span>
          <a className="button button--primary button--small" href={`#/record?session=${encodeURIComponent(s.id)}`}>
            {t('today.record')}
          </a>
          <button type="button" className="button button--ghost button--small" onClick={() => dismiss(s)}>
            {t('common.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}

/** The switch for desktop notifications, with the browser's permission asked only when turned on. */
export function ReminderSettings() {
  const { t } = useI18n();
  const on = useSyncExternalStore(subscribe, desktopWanted, () => false);
  const [denied, setDenied] = useState(notificationsSupported() && Notification.permission === 'denied');
  if (!notificationsSupported()) return <p className="muted">{t('reminders.unsupported')}</p>;
  const toggle = async () => {
    if (on) writeJson(desktopKey, false);
    else {
      const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
      setDenied(permission === 'denied');
      writeJson(desktopKey, permission === 'granted');
    }
    window.dispatchEvent(new Event(changedEvent));
  };
  return (
    <section className="card today-reminders" aria-labelledby="today-reminders-title">
      <h2 id="today-reminders-title" className="card__title">
        {t('reminders.title')}
      </h2>
      <p className="muted">{t('reminders.explain')}</p>
      <label className="programs-check">
        <input type="checkbox" className="checkbox" checked={on} onChange={() => void toggle()} />
        {t('reminders.desktop')}
      </label>
      {denied ? <p className="field__hint">{t('reminders.denied')}</p> : null}
    </section>
  );
}
