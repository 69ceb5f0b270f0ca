import { describe, expect, it } from 'vitest';
import { localizeServerMessage } from '../../src/renderer/src/api/errors';
import { everyRefusal } from '../support/contract-walk';

describe('refusals from the contract, in Finnish', () => {
  it('translates every message any channel can refuse an input with', async () => {
    const untranslated = new Set<string>();
    for (const { shown } of await everyRefusal()) {
      for (const message of shown) if (localizeServerMessage(message, 'fi') === message) untranslated.add(message);
    }
    expect([...untranslated]).toEqual([]);
  });

  it('translates the headline of several problems around its first one', () => {
    expect(localizeServerMessage('Enter a name (and 1 more to fix)', 'fi')).toBe('Kirjoita nimi (ja yksi muu korjattava)');
    expect(localizeServerMessage('Fill this in (and 3 more to fix)', 'fi')).toBe('Täytä tämä kohta (ja 3 muuta korjattavaa)');
  });

  it('translates the deals import’s warning about owners missing from the roster', () => {
    const tail = 'is not in the roster: their deals count for them once they are added.';
    const fiTail = 'ei ole henkilölistassa: hänen kauppansa lasketaan hänelle, kun hänet lisätään.';
    expect(localizeServerMessage(`olli@example.com (line 5) ${tail}`, 'fi')).toBe(`olli@example.com (rivi 5) ${fiTail}`);
    expect(localizeServerMessage(`olli@example.com (lines 3, 4) ${tail}`, 'fi')).toBe(`olli@example.com (rivit 3, 4) ${fiTail}`);
    expect(localizeServerMessage(`olli@example.com (lines 2, 3, 4, 5, 6 and 7 more) ${tail}`, 'fi')).toBe(`olli@example.com (rivit 2, 3, 4, 5, 6 ja 7 muuta) ${fiTail}`);
    expect(localizeServerMessage('4 more owners are not in the roster.', 'fi')).toBe('Lisäksi 4 omistajaa puuttuu henkilölistasta.');
    expect(localizeServerMessage('Line 2: opportunity F1 is closed on 2026-12-15, after today; check its close date in the CRM.', 'fi')).toBe(
      'Rivi 2: myyntimahdollisuus F1 on suljettu päivänä 2026-12-15, joka on vasta tulossa; tarkista sen sulkemispäivä CRM:ssä.',
    );
  });

  it('translates why a finished take cannot be discarded as an import', () => {
    expect(localizeServerMessage('Only an import still being sent can be discarded; this one is already a take.', 'fi')).toBe('Vain kesken oleva tuonti voidaan hylätä; tämä on jo otto.');
  });

  it('translates why two files per voice were not imported, naming the file to fix', () => {
    expect(localizeServerMessage("The buyer's file (Audio Record - Ben.m4a) cannot be read as audio, so nothing was imported. Fix or replace that file and import both again.", 'fi')).toBe(
      'Ostajan tiedostoa (Audio Record - Ben.m4a) ei voi lukea äänenä, joten mitään ei tuotu. Korjaa tai vaihda se tiedosto ja tuo molemmat uudelleen.',
    );
    expect(localizeServerMessage('The two files could not be made into one take, so nothing was imported: ffmpeg exited with code 1', 'fi')).toBe(
      'Kahdesta tiedostosta ei saatu yhtä ottoa, joten mitään ei tuotu: ffmpeg exited with code 1',
    );
  });
});
