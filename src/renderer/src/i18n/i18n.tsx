import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey, type Messages, type Plural } from './en';
import { fi } from './fi';
import { shippedFinnish } from '../../../shared/shipped-text';

export type Language = 'en' | 'fi';
export const languages: readonly Language[] = ['en', 'fi'];
export const dictionaries: Record<Language, Messages> = { en, fi };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

const storageKey = 'reprise.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'fi';
}

/** The stored choice, else the browser language (Finnish for any `fi*`), else English. */
export function initialLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(storageKey);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be unavailable (privacy settings); the browser language still works.
  }
  const system = typeof navigator === 'undefined' ? '' : (navigator.language ?? '');
  return system.toLowerCase().startsWith('fi') ? 'fi' : 'en';
}

function interpolate(text: string, vars: Vars | undefined): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function createTranslate(language: Language): Translate {
  const messages = dictionaries[language];
  const plurals = new Intl.PluralRules(language);
  // Made once: building a number format costs more than the rest of a translation, and a list
  // row can ask for several counts (takes, markers, comments) each time it is drawn.
  const numbers = new Intl.NumberFormat(language);
  return (key, vars) => {
    const message: string | Plural = messages[key];
    if (typeof message === 'string') return interpolate(message, vars);
    const count = typeof vars?.count === 'number' ? vars.count : 0;
    const form = plurals.select(count) === 'one' ? message.one : message.other;
    return interpolate(form, { ...vars, count: numbers.format(count) });
  };
}

/** The locale for Intl formatting: English keeps the user's regional flavour (en-GB dates stay en-GB). */
export function localeFor(language: Language): string {
  if (language === 'fi') return 'fi-FI';
  const system = typeof navigator === 'undefined' ? undefined : navigator.language;
  return system?.toLowerCase().startsWith('en') ? system : 'en-US';
}

export interface I18n {
  language: Language;
  locale: string;
  setLanguage(language: Language): void;
  t: Translate;
  /** A calendar date `YYYY-MM-DD` as people of the active language write it. */
  formatDate(isoDate: string): string;
  formatDateTime(iso: string): string;
  /**
   * The one time-of-day format of the active language ("3:00 PM" or "15:00" in English as the system
   * writes it, "klo 15.00" in Finnish), in `timeZone` when given. When that zone is not the viewer's,
   * the zone is named, so nobody reads another zone's time as their own.
   */
  formatTime(iso: string, timeZone?: string): string;
  /** A session's day and time, "Wed, Dec 2, 3:00 PM" or "ke 2.12. klo 15.00", with the zone named as above. */
  formatSessionTime(iso: string, timeZone?: string | null): string;
  /** A wall-clock time "15:00" (a program's time) in the same format. */
  formatWallTime(time: string): string;
  /** A focus area's name: the built-in ones in the active language unless the team renamed them. */
  focusName(name: string): string;
  /**
   * A text Reprise ships (a rubric template's names, criteria, level anchors and sections, a
   * persona, a scenario, a marker tag taken from a criterion) in the active language, while it is
   * still the shipped text; a team's own or edited text is returned as written.
   */
  shipped(text: string): string;
}

/** The names the built-in focus areas are seeded with; a renamed area keeps the team's own name. */
const builtinFocusNames: Record<string, MessageKey> = {
  Discovery: 'focus.discovery',
  Demo: 'focus.demo',
  'Buyer personas': 'focus.personas',
  'Objection handling': 'focus.objectionHandling',
};

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Hours as the locale writes them (12- or 24-hour), never zero-padded to "03:00 PM". */
function timeFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
    timeFormats.set(key, format);
  }
  return format;
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function withZone(t: Translate, text: string, timeZone: string | undefined): string {
  if (!timeZone || timeZone === viewerTimeZone()) return text;
  return t('time.inZone', { time: text, zone: timeZone.replace(/_/g, ' ') });
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, language: forced }: { children: ReactNode; language?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => forced ?? initialLanguage());

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // Not persisted; the choice still holds for this session.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const locale = localeFor(language);
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const t = createTranslate(language);
    return {
      language,
      locale,
      setLanguage,
      t,
      focusName: (name) => {
        const key = builtinFocusNames[name];
        return key ? t(key) : name;
      },
      shipped: (text) => (language === 'fi' ? (shippedFinnish(text) ?? text) : text),
      formatDate: (isoDate) => {
        const time = Date.parse(`${isoDate}T00:00:00Z`);
        return Number.isNaN(time) ? isoDate : dateFormat.format(time);
      },
      formatDateTime: (iso) => {
        const time = Date.parse(iso);
        return Number.isNaN(time) ? iso : dateTimeFormat.format(time);
      },
      formatTime: (iso, timeZone) => withZone(t, t('time.at', { time: timeFormat(locale, timeZone).format(new Date(iso)) }), timeZone),
      formatSessionTime: (iso, zone) => {
        const timeZone = zone ?? undefined;
        const date = new Date(iso);
        // The year only when it is not this one: a Library reaches back years, Today mostly not.
        const year = (d: Date) => new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(d);
        const otherYear = year(date) !== year(new Date());
        const day = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: 'short', ...(otherYear ? { year: 'numeric' } : {}) }).format(date);
        return withZone(t, t('time.dayAt', { day, time: timeFormat(locale, timeZone).format(date) }), timeZone);
      },
      formatWallTime: (time) => {
        const match = /^(\d{2}):(\d{2})$/.exec(time);
        if (!match) return time;
        return t('time.at', { time: timeFormat(locale, 'UTC').format(Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2]))) });
      },
    };
  }, [language, setLanguage]);

  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n needs an <I18nProvider> above it.');
  return value;
}
