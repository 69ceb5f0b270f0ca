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
});
