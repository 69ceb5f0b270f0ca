import { describe, expect, it } from 'vitest';
import { checkDraft, newDraft, parseTimeOfDay, serverErrors } from '../../src/renderer/src/features/programs/program-draft';
import { createTranslate } from '../../src/renderer/src/i18n/i18n';

const zones = ['Europe/Helsinki', 'Europe/Stockholm', 'America/New_York'];
const en = createTranslate('en');
const fi = createTranslate('fi');
const valid = { ...newDraft(), name: 'Nordics weekly', timeZone: 'Europe/Helsinki', startDate: '2026-12-01', repIds: ['a', 'b'] };

describe('the program form', () => {
  it('accepts dates and times as people write them', () => {
    const { fields, errors } = checkDraft({ ...valid, time: 'klo 9.30', startDate: '1.12.2026', skippedDates: '24.12.2026, 2026-12-31; 24.12.2026', timeZone: 'europe/helsinki' }, en, zones);
    expect([...errors]).toEqual([]);
    expect(fields).toMatchObject({ time: '09:30', startDate: '2026-12-01', skippedDates: ['2026-12-24', '2026-12-31'], timeZone: 'Europe/Helsinki' });
    // A computer set to UTC offers it by default, though the browser's list of zones leaves it out.
    expect(checkDraft({ ...valid, timeZone: 'UTC' }, en, zones).fields?.timeZone).toBe('UTC');
    expect(checkDraft({ ...valid, timeZone: '+02:00' }, en, zones).errors.has('timeZone')).toBe(true);
    expect(['15:00', '15.00', '3:00 pm', '3 PM', '12:15 a.m.'].map(parseTimeOfDay)).toEqual(['15:00', '15:00', '15:00', '15:00', '00:15']);
    expect(['25:00', '15', '13 pm', ''].map(parseTimeOfDay)).toEqual([null, null, null, null]);
  });

  it('says per field what to fix, in the person’s language, naming the wrong entry', () => {
    const { fields, errors } = checkDraft({ ...valid, name: ' ', durationMinutes: '5', timeZone: 'Europe/Helsinky', skippedDates: '24.12.2026, 32.12.2026', repeatWindowWeeks: '-1', repIds: ['a'] }, en, zones);
    expect(fields).toBeNull();
    expect(Object.fromEntries(errors)).toEqual({
      name: 'Give the program a name.',
      durationMinutes: 'Enter the length in whole minutes, from 10 to 240.',
      timeZone: '“Europe/Helsinky” is not a time zone we know. Type a city, such as Helsinki, and pick from the suggestions.',
      skippedDates: '“32.12.2026” is not a date. Write skipped dates like 24.12.2026 or 2026-12-24, separated by commas.',
      repeatWindowWeeks: 'Enter a whole number of weeks, from 0 to 52.',
      repIds: 'Pick at least two reps so they can be paired.',
    });
    expect(checkDraft({ ...valid, durationMinutes: '5' }, fi, zones).errors.get('durationMinutes')).toBe('Anna kesto kokonaisina minuutteina, 10–240.');
  });

  it('words the core’s answer by field, never with the schema’s own message', () => {
    const errors = serverErrors(
      [
        { path: 'fields.durationMinutes', message: 'Too small: expected number to be >=10' },
        { path: 'repIds.1', message: 'Archived' },
        { path: 'time', message: 'Does not exist on 2027-03-28 (daylight saving)' },
      ],
      fi,
    );
    expect(Object.fromEntries(errors)).toEqual({
      durationMinutes: 'Tarkista tämä kenttä.',
      repIds: 'Joku valituista myyntiedustajista on sillä välin arkistoitu tai poistettu. Poista valinta ja yritä uudelleen.',
      time: 'Tätä kellonaikaa ei ole ensimmäisen harjoituksen päivänä, koska kelloja siirretään eteenpäin sen yli. Valitse toinen kellonaika tai ensimmäinen viikko.',
    });
  });
});
