import type { Language, Translate } from '../i18n/i18n';
import { ApiError } from './api';

/** A code the renderer itself raises when a chosen file cannot be decoded. */
export const notUtf8Code = 'not_utf8';

/**
 * The core answers in English. Messages it is known to send are shown in the active
 * language; anything else is shown as the core wrote it rather than hidden.
 */
const knownMessages: { pattern: RegExp; fi: (match: RegExpExecArray) => string }[] = [
  { pattern: /^Enter a name$/, fi: () => 'Kirjoita nimi' },
  { pattern: /^Not a valid email address$/, fi: () => 'Sähköpostiosoite ei kelpaa' },
  { pattern: /^Use the form YYYY-MM-DD$/, fi: () => 'Käytä muotoa VVVV-KK-PP' },
  { pattern: /^Not a real calendar date$/, fi: () => 'Päivämäärää ei ole olemassa' },
  { pattern: /^Already used by (.+)$/, fi: (m) => `Jo käytössä: ${m[1]}` },
  { pattern: /^Cannot be the rep themselves$/, fi: () => 'Myyjä ei voi olla oma esihenkilönsä' },
  { pattern: /^Would make a reporting loop$/, fi: () => 'Tästä syntyisi raportointisilmukka' },
  { pattern: /^Unknown rep$/, fi: () => 'Tuntematon myyjä' },
  {
    pattern: /^(\S+) is already used by (.+)\. Each rep needs their own email\.$/,
    fi: (m) => `${m[1]} on jo käytössä (${m[2]}). Jokaisella myyjällä on oltava oma sähköpostiosoite.`,
  },
  { pattern: /^A rep cannot be their own manager\.$/, fi: () => 'Myyjä ei voi olla oma esihenkilönsä.' },
  {
    pattern: /^That manager reports to this rep; pick someone else\.$/,
    fi: () => 'Valittu esihenkilö raportoi tälle myyjälle. Valitse joku muu.',
  },
];

export function localizeServerMessage(message: string, language: Language): string {
  if (language === 'en') return message;
  for (const known of knownMessages) {
    const match = known.pattern.exec(message);
    if (match) return known.fi(match);
  }
  return message;
}

export interface ErrorDescription {
  title: string;
  message: string;
  code: string;
}

/** What to tell a person about a failed call: what happened and what to do next. */
export function describeError(error: unknown, t: Translate, language: Language): ErrorDescription {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'offline':
        return { code: error.code, title: t('error.offline.title'), message: t('error.offline.message') };
      case 'not_found':
        return { code: error.code, title: t('error.notFound.title'), message: localizeServerMessage(error.message, language) };
      case notUtf8Code:
        return { code: error.code, title: t('import.notUtf8.title'), message: t('import.notUtf8.message') };
      case 'internal':
        return { code: error.code, title: t('error.internal.title'), message: `${t('error.internal.message')} (${error.message})` };
      default:
        return { code: error.code, title: t('error.generic.title'), message: localizeServerMessage(error.message, language) };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'unexpected', title: t('error.internal.title'), message: `${t('error.internal.message')} (${message})` };
}

/**
 * Issues keyed by the field they belong to. `people:update` nests fields under `patch.`,
 * `people:create` does not; both end up under the same key.
 */
export function fieldIssues(error: unknown, language: Language, prefixes: readonly string[] = []): Map<string, string> {
  const byField = new Map<string, string>();
  if (!(error instanceof ApiError)) return byField;
  for (const issue of error.issues) {
    let path = issue.path;
    for (const prefix of prefixes) {
      if (path.startsWith(prefix)) path = path.slice(prefix.length);
    }
    if (!byField.has(path)) byField.set(path, localizeServerMessage(issue.message, language));
  }
  return byField;
}
