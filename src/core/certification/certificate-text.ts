import type { DocumentLanguage } from '../../shared/certification';

/**
 * The words of the documents certification hands to people outside the app's window (the
 * certificate, desktop notifications, calendar entries), in English and Finnish. They live in the
 * core because the PDF, the HTML page, the CLI and the desktop shell all need them; the app's
 * screens keep their own words in the renderer.
 */

/** Names Reprise ships (focus areas, default levels) in Finnish; a name a team changed stays as written. */
const shippedFi: Record<string, string> = {
  Discovery: 'Tarvekartoitus',
  Demo: 'Demo',
  'Buyer personas': 'Ostajapersoonat',
  'Objection handling': 'Vastaväitteiden käsittely',
  Beginner: 'Aloittelija',
  Intermediate: 'Keskitaso',
  Advanced: 'Edistynyt',
};

export function shippedName(name: string, language: DocumentLanguage): string {
  return language === 'fi' ? (shippedFi[name] ?? name) : name;
}

function zoneOrUtc(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** "3 March 2027" / "3. maaliskuuta 2027", on the reader's calendar. */
export function longDate(iso: string, language: DocumentLanguage, timeZone?: string): string {
  return new Intl.DateTimeFormat(language === 'fi' ? 'fi-FI' : 'en-GB', { dateStyle: 'long', timeZone: zoneOrUtc(timeZone) }).format(new Date(iso));
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zoneOrUtc(timeZone), year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

export const certificateWords = {
  en: {
    heading: 'Certificate',
    intro: 'This certifies that',
    statement: (level: string, area: string) => `has reached the ${level} level in ${area}.`,
    focusArea: 'Focus area',
    level: 'Level',
    granted: 'Granted',
    validUntil: 'Valid until',
    until: (date: string) => date,
    noExpiry: 'Does not expire',
    certifiedBy: (_count: number) => 'Certified by',
    expired: (date: string) => `This certificate is no longer current: it expired on ${date}.`,
    superseded: (date: string) => `This certificate is no longer current: a later certificate replaced it on ${date}.`,
    verifyHeading: 'Verification code',
    verifyCli: (code: string) => `Check it with the command: reprise certifications verify ${code}`,
    verifyApp: 'or in Reprise: Settings → Check a certificate, then enter the code.',
    filename: 'certificate',
  },
  fi: {
    heading: 'Sertifikaatti',
    intro: 'Tämä todistaa, että',
    statement: (level: string, area: string) => `on saavuttanut tason ${level} osa-alueella ${area}.`,
    focusArea: 'Osa-alue',
    level: 'Taso',
    granted: 'Myönnetty',
    validUntil: 'Voimassa',
    until: (date: string) => `${date} asti`,
    noExpiry: 'Toistaiseksi',
    certifiedBy: (count: number) => (count === 1 ? 'Sertifioija' : 'Sertifioijat'),
    expired: (date: string) => `Tämä sertifikaatti ei ole enää voimassa: se vanheni ${date}.`,
    superseded: (date: string) => `Tämä sertifikaatti ei ole enää voimassa: myöhempi sertifikaatti korvasi sen ${date}.`,
    verifyHeading: 'Tarkistuskoodi',
    verifyCli: (code: string) => `Tarkista se komennolla: reprise certifications verify ${code}`,
    verifyApp: 'tai Reprisessa: Asetukset → Tarkista sertifikaatti, ja kirjoita koodi.',
    filename: 'sertifikaatti',
  },
} as const;

export const reminderWords = {
  en: {
    title: (area: string, days: number) =>
      days === 0 ? `Your ${area} certification expires today` : days === 1 ? `Your ${area} certification expires tomorrow` : `Your ${area} certification expires in ${days} days`,
    body: (level: string, date: string, minScore: number, opensOn: string | null) =>
      opensOn
        ? `${level}, valid until ${date}. From ${opensOn}, one role-play scored ${minScore} or above by a certifier renews it.`
        : `${level}, valid until ${date}. One role-play scored ${minScore} or above by a certifier renews it.`,
    eventBefore: (area: string, level: string, days: number) => `${area} certification (${level}) expires in ${days} ${days === 1 ? 'day' : 'days'}`,
    eventExpiry: (area: string, level: string) => `${area} certification (${level}) expires today`,
    eventDescription: (minScore: number, opensOn: string) => `From ${opensOn}, one role-play scored ${minScore} or above by a certifier renews it.`,
    category: 'Certification',
  },
  fi: {
    title: (area: string, days: number) =>
      days === 0 ? `${area}-sertifikaattisi vanhenee tänään` : days === 1 ? `${area}-sertifikaattisi vanhenee huomenna` : `${area}-sertifikaattisi vanhenee ${days} päivän kuluttua`,
    body: (level: string, date: string, minScore: number, opensOn: string | null) =>
      opensOn
        ? `${level}, voimassa ${date} asti. ${opensOn} alkaen yksi roolipeli, jonka sertifioija pisteyttää vähintään ${minScore}, uusii sen.`
        : `${level}, voimassa ${date} asti. Yksi roolipeli, jonka sertifioija pisteyttää vähintään ${minScore}, uusii sen.`,
    eventBefore: (area: string, level: string, days: number) => `${area}-sertifikaatti (${level}) vanhenee ${days} päivän kuluttua`,
    eventExpiry: (area: string, level: string) => `${area}-sertifikaatti (${level}) vanhenee tänään`,
    eventDescription: (minScore: number, opensOn: string) => `${opensOn} alkaen yksi roolipeli, jonka sertifioija pisteyttää vähintään ${minScore}, uusii sen.`,
    category: 'Sertifiointi',
  },
} as const;
