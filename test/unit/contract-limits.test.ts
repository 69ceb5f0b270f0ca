import { describe, expect, it } from 'vitest';
import { contract, channels } from '../../src/shared/contract';
import { dispatch, summaryOf } from '../../src/shared/dispatch';
import { testCore } from '../support/core';
import { bag, everyRefusal, noHandlers, strings, zodDefault } from '../support/contract-walk';

describe('the contract', () => {
  it('bounds every string a channel accepts, so no field can carry megabytes', () => {
    const unbounded: string[] = [];
    for (const channel of channels) {
      for (const found of strings(contract[channel].input, '')) {
        if (typeof bag(found.schema).maximum !== 'number') unbounded.push(`${channel} ${found.path || '(input)'}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('keeps emails to 254 characters, names to 200, ids to 64', async () => {
    const email = `${'a'.repeat(250)}@example.com`;
    const tooLong = await dispatch(noHandlers, 'people:create', { name: 'Aino', email });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'email', message: 'Keep this to 254 characters or fewer' }] } });
    const name = await dispatch(noHandlers, 'people:create', { name: 'x'.repeat(201), email: 'a@example.com' });
    expect(name).toMatchObject({ ok: false, error: { issues: [{ path: 'name', message: 'Keep this to 200 characters or fewer' }] } });
    const id = await dispatch(noHandlers, 'people:get', { id: 'x'.repeat(65) });
    expect(id).toMatchObject({ ok: false, error: { issues: [{ path: 'id', message: 'Keep this to 64 characters or fewer' }] } });
  });

  it('words every refusal for people: no zod default message reaches a person, on any channel', async () => {
    const refusals = await everyRefusal();
    expect(refusals.length).toBeGreaterThan(1000);
    const defaults = new Set<string>();
    for (const { channel, input, shown } of refusals) {
      for (const message of shown) {
        if (zodDefault.test(message) || message.trim() === '') defaults.add(`${channel} ${JSON.stringify(input)?.slice(0, 80)} → ${message}`);
      }
      // The headline is a sentence, not "Invalid input at patch.email: ...".
      expect(shown[0], channel).not.toMatch(/^Invalid input|\bat [a-zA-Z]+(\.[a-zA-Z0-9]+)*:/);
    }
    expect([...defaults].slice(0, 40)).toEqual([]);
  });

  it('heads a refusal with its first problem and how many more there are', async () => {
    expect(summaryOf([{ message: 'Enter a name' }])).toBe('Enter a name');
    expect(summaryOf([{ message: 'Enter a name' }, { message: 'Not a valid email address' }])).toBe('Enter a name (and 1 more to fix)');
    const result = await dispatch(noHandlers, 'people:create', { name: '', email: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { message: 'Enter a name (and 1 more to fix)' } });
  });

  it('quotes at most an excerpt of what was sent back in an error', async () => {
    const core = testCore();
    // A long header under the reader's line limit: the missing-column message quotes only its start.
    const header = `${'x'.repeat(9_000)},role\nAino,sales\n`;
    const result = await dispatch(core.handlers, 'people:import', { csv: header });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(result.ok ? '' : result.error.message).toMatch(/needs the columns name and email\. .*Found: x+…\.$/);
    expect((result.ok ? '' : result.error.message).length).toBeLessThan(400);
    // Past the limit, the reader refuses the line without quoting it at all.
    const huge = await dispatch(core.handlers, 'people:import', { csv: `${'x'.repeat(1_000_000)},role\n` });
    expect((huge.ok ? '' : huge.error.message).length).toBeLessThan(400);
    const channel = await dispatch(core.handlers, `people:${'y'.repeat(100_000)}`, {});
    expect((channel.ok ? '' : channel.error.message).length).toBeLessThan(200);
  });
});
