import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { en, englishParts } from '../../src/renderer/src/i18n/en';
import { fi } from '../../src/renderer/src/i18n/fi';
import { localizeServerMessage } from '../../src/renderer/src/api/errors';
import { createTranslate, I18nProvider, useI18n } from '../../src/renderer/src/i18n/i18n';

function shapeOf(value: unknown): string {
  if (typeof value === 'string') return 'text';
  return `plural(${Object.keys(value as object).sort().join(',')})`;
}

function placeholders(value: unknown): string[] {
  const texts = typeof value === 'string' ? [value] : Object.values(value as Record<string, string>);
  return [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();
}

describe('dictionaries', () => {
  it('English and Finnish have exactly the same keys', () => {
    expect(Object.keys(fi).sort()).toEqual(Object.keys(en).sort());
  });

  it('every entry has the same shape and the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, shape: shapeOf(fi[key]) }).toEqual({ key, shape: shapeOf(en[key]) });
      // A plural's "one" form may spell the number out, so compare the union of placeholders.
      expect({ key, vars: placeholders(fi[key]) }).toEqual({ key, vars: placeholders(en[key]) });
    }
  });

  it('has no empty translations', () => {
    for (const dictionary of [en, fi]) {
      for (const [key, value] of Object.entries(dictionary)) {
        const texts = typeof value === 'string' ? [value] : Object.values(value);
        for (const text of texts) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      }
    }
  });
});

describe('Finnish role words', () => {
  const texts = (value: unknown) => (typeof value === 'string' ? [value] : Object.values(value as Record<string, string>));
  const sellerWord = /\bmyyj/i;

  it('keeps the role-play seller ("myyjä") apart from the app role and team member "rep" ("myyntiedustaja")', () => {
    const mixed: string[] = [];
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const english = texts(en[key]).join(' ');
      const finnish = texts(fi[key]).join(' ');
      // A text about reps (people on the team, the app role) that says nothing of selling in a role-play.
      const aboutReps = /\breps?\b/i.test(english) && !/\bsell|\bsold\b/i.test(english);
      if (aboutReps && sellerWord.test(finnish)) mixed.push(`${key}: ${finnish}`);
      const aboutSeller = /\bseller\b/i.test(english) && !/\breps?\b/i.test(english);
      if (aboutSeller && /myyntiedustaj/i.test(finnish)) mixed.push(`${key}: ${finnish}`);
    }
    expect(mixed).toEqual([]);
    expect(fi['hub.role.rep']).toBe('Myyntiedustaja');
    expect(fi['record.roleLabel.seller']).toBe('Myyjä');
  });

  it('says the same of the server\'s messages about reps', () => {
    expect(localizeServerMessage('Unknown rep', 'fi')).toBe('Tuntematon myyntiedustaja');
    expect(localizeServerMessage('A rep cannot be their own manager.', 'fi')).not.toMatch(sellerWord);
  });
});

describe('translate', () => {
  it('fills in variables', () => {
    expect(createTranslate('en')('people.archived', { name: 'Aino Virtanen' })).toBe('Archived Aino Virtanen');
    expect(createTranslate('fi')('import.report.lineN', { line: 12 })).toBe('Rivi 12');
  });

  it('picks the plural form by count, in each language', () => {
    const tEn = createTranslate('en');
    const tFi = createTranslate('fi');
    expect(tEn('people.count', { count: 1 })).toBe('1 active person');
    expect(tEn('people.count', { count: 4 })).toBe('4 active people');
    expect(tFi('people.count', { count: 1 })).toBe('1 aktiivinen henkilö');
    expect(tFi('people.count', { count: 4 })).toBe('4 aktiivista henkilöä');
  });

  it('names the areas in Finnish', () => {
    const t = createTranslate('fi');
    expect(['today', 'schedule', 'people', 'settings'].map((a) => t(`area.${a}` as 'area.today'))).toEqual([
      'Tänään',
      'Aikataulu',
      'Ihmiset',
      'Asetukset',
    ]);
  });
});

describe('I18nProvider', () => {
  function Probe() {
    const { t, formatDate } = useI18n();
    return (
      <p>
        {t('area.people')} {formatDate('2026-03-05')}
      </p>
    );
  }

  it('sets <html lang> and formats dates for Finnish', () => {
    render(
      <I18nProvider language="fi">
        <Probe />
      </I18nProvider>,
    );
    expect(document.documentElement.lang).toBe('fi');
    expect(screen.getByText('Ihmiset 5.3.2026')).toBeTruthy();
  });
});

describe('times', () => {
  function Times() {
    const { formatTime, formatSessionTime, formatWallTime } = useI18n();
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const other = zone === 'Europe/Helsinki' ? 'America/New_York' : 'Europe/Helsinki';
    return (
      <ul>
        <li>{formatWallTime('15:00')}</li>
        <li>{formatTime('2026-12-02T13:00:00Z', zone)}</li>
        <li>{formatSessionTime('2026-12-02T13:00:00Z', other)}</li>
        <li>{formatSessionTime('2025-12-02T13:00:00Z', other)}</li>
      </ul>
    );
  }

  // Which year is "this year" is the clock's: pinned, so the test says the same next year.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('writes every time one way in Finnish, names the zone when it is not the viewer’s, and the year only when it is not this one', () => {
    render(
      <I18nProvider language="fi">
        <Times />
      </I18nProvider>,
    );
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items[0]).toBe('klo 15.00');
    expect(items[1]).toMatch(/^klo \d{1,2}\.00$/);
    expect(items[2]).toMatch(/^ke 2\.12\. klo \d{1,2}\.00 \(aikavyöhyke (Europe\/Helsinki|America\/New York)\)$/);
    expect(items[3]).toMatch(/^ti 2\.12\.2025 klo \d{1,2}\.00 \(aikavyöhyke (Europe\/Helsinki|America\/New York)\)$/);
  });
});

describe('message modules', () => {
  it('define each key in one module only, so none silently replaces another', () => {
    const owners = new Map<string, string[]>();
    for (const [part, messages] of Object.entries(englishParts)) {
      for (const key of Object.keys(messages)) owners.set(key, [...(owners.get(key) ?? []), part]);
    }
    expect([...owners].filter(([, parts]) => parts.length > 1)).toEqual([]);
  });
});

describe('the core’s refusals of a recording', () => {
  it('read in Finnish', () => {
    expect(localizeServerMessage('This is not a recording Reprise can read (not audio or video, or damaged at the start).', 'fi')).toMatch(/^Reprise ei pysty lukemaan/);
    expect(localizeServerMessage('This take has no sound, so there is no waveform or conversation analysis.', 'fi')).toMatch(/^Tässä otossa ei ole ääntä/);
    expect(localizeServerMessage('The waveform of this recording is being prepared; it appears in a moment. The recording already plays.', 'fi')).toMatch(/^Tämän tallenteen aaltomuotoa valmistellaan/);
    expect(
      localizeServerMessage('Only 120 MB free on the disk that holds recordings; Reprise needs at least 500 MB to start. Free some space and try again.', 'fi'),
    ).toBe('Tallenteiden levyllä on vapaana vain 120 MB; Reprise tarvitsee aloittaakseen vähintään 500 MB. Vapauta tilaa ja yritä uudelleen.');
  });
});
