import { describe, expect, it } from 'vitest';
import { contract, channels, type Handlers } from '../../src/shared/contract';
import { dispatch, summaryOf } from '../../src/shared/dispatch';

/**
 * Walks every channel's input schema through zod's own definitions (`_zod.def`), so a field
 * added tomorrow is covered without touching this test.
 */
interface Node {
  _zod: { def: Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] } };
}
const def = (schema: unknown) => (schema as Node)._zod.def;

/** The bounds a schema's checks set: lengths for strings and lists, values for numbers. */
function bag(schema: unknown): { maximum?: number; minimum?: number } {
  const out: { maximum?: number; minimum?: number } = {};
  for (const check of def(schema).checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'max_length') out.maximum = c.maximum as number;
    if (c.check === 'min_length') out.minimum = c.minimum as number;
    if (c.check === 'length_equals') out.maximum = out.minimum = c.length as number;
    if (c.check === 'less_than') out.maximum = c.value as number;
    if (c.check === 'greater_than') out.minimum = c.value as number;
  }
  return out;
}

/** Each string schema reachable from `schema`, with the path that leads to it. */
function strings(schema: unknown, path: string, out: { path: string; schema: unknown }[] = []): typeof out {
  const d = def(schema);
  switch (d.type) {
    case 'string':
      out.push({ path, schema });
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      strings(d.innerType, path, out);
      break;
    case 'pipe':
      strings(d.in, path, out);
      strings(d.out, path, out);
      break;
    case 'array':
      strings(d.element, `${path}[]`, out);
      break;
    case 'object':
      for (const [key, value] of Object.entries(d.shape as Record<string, unknown>)) strings(value, path ? `${path}.${key}` : key, out);
      break;
    case 'record':
      strings(d.keyType, `${path}{key}`, out);
      strings(d.valueType, `${path}{}`, out);
      break;
    case 'union':
      for (const option of d.options as unknown[]) strings(option, path, out);
      break;
    default:
      break;
  }
  return out;
}

/** A value of roughly the right kind, for filling a list up past its limit. */
function sample(schema: unknown): unknown {
  const d = def(schema);
  switch (d.type) {
    case 'string':
      return 'a';
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return Object.values(d.entries as Record<string, unknown>)[0];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return sample(d.innerType);
    case 'pipe':
      return sample(d.in);
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return null;
  }
}

/**
 * Inputs that break each constraint once: the wrong type, missing, too short, too long, too
 * small, too big, not a whole number, not in the expected form, not one of the options.
 */
function invalidInputs(schema: unknown): unknown[] {
  const d = def(schema);
  const b = bag(schema);
  const unwrapped = (without: unknown) => invalidInputs(d.innerType).filter((v) => v !== without);
  switch (d.type) {
    case 'string': {
      const out: unknown[] = [12345, undefined, null, '', '   ', '%%not the form%%'];
      if (typeof b.maximum === 'number') out.push('a'.repeat(b.maximum + 1));
      if (typeof b.minimum === 'number' && b.minimum > 1) out.push('a'.repeat(b.minimum - 1));
      return out;
    }
    case 'number': {
      const out: unknown[] = ['7', undefined, null, 1.5, Number.NaN, -1e12, 1e12];
      if (typeof b.minimum === 'number') out.push(b.minimum - 1);
      if (typeof b.maximum === 'number') out.push(b.maximum + 1);
      return out;
    }
    case 'boolean':
      return ['yes', undefined, 1];
    case 'enum':
    case 'literal':
      return ['not-an-option', 5, undefined];
    case 'optional':
      return unwrapped(undefined);
    case 'nullable':
      return unwrapped(null);
    case 'default':
    case 'prefault':
      return unwrapped(undefined);
    case 'readonly':
    case 'catch':
      return invalidInputs(d.innerType);
    case 'pipe':
      return [...invalidInputs(d.in), ...invalidInputs(d.out)];
    case 'array': {
      const out: unknown[] = ['a list', undefined, [], [null]];
      if (typeof b.maximum === 'number') out.push(Array.from({ length: b.maximum + 1 }, () => sample(d.element)));
      for (const bad of invalidInputs(d.element)) out.push([bad]);
      return out;
    }
    case 'object': {
      const out: unknown[] = ['fields', undefined, null, [], {}];
      for (const [key, value] of Object.entries(d.shape as Record<string, unknown>)) {
        for (const bad of invalidInputs(value)) out.push({ [key]: bad });
      }
      return out;
    }
    case 'record': {
      const out: unknown[] = ['fields', undefined, { 'Not A Key!': 'a' }];
      for (const bad of invalidInputs(d.valueType)) out.push({ key: bad });
      return out;
    }
    case 'union':
      return (d.options as unknown[]).flatMap(invalidInputs);
    default:
      return [undefined, 'x'];
  }
}

/** zod's own English wording (zod/v4/locales/en): what a person must never be shown. */
const zodDefault = /^(Invalid\b|Too (big|small)\b|Unrecognized keys?\b)|expected .+, received|\bexpected (string|number|boolean|array|object)\b/i;

/** Handlers that are never meant to run: every input here is invalid. */
const noHandlers = new Proxy({}, { get: () => () => null }) as Handlers;

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
    const defaults: string[] = [];
    let refusals = 0;
    for (const channel of channels) {
      for (const input of invalidInputs(contract[channel].input)) {
        const result = await dispatch(noHandlers, channel, input);
        if (result.ok) continue;
        refusals++;
        const shown = [result.error.message, ...(result.error.issues ?? []).map((i) => i.message)];
        for (const message of shown) {
          if (zodDefault.test(message) || message.trim() === '') defaults.push(`${channel} ${JSON.stringify(input)?.slice(0, 80)} → ${message}`);
        }
        expect(result.error.message, channel).not.toMatch(/\bat [a-z]+(\.[a-zA-Z0-9]+)+:/);
      }
    }
    expect(refusals).toBeGreaterThan(1000);
    expect([...new Set(defaults)].slice(0, 40)).toEqual([]);
  });

  it('heads a refusal with its first problem and how many more there are', async () => {
    expect(summaryOf([{ message: 'Enter a name' }])).toBe('Enter a name');
    expect(summaryOf([{ message: 'Enter a name' }, { message: 'Not a valid email address' }])).toBe('Enter a name (and 1 more to fix)');
    const result = await dispatch(noHandlers, 'people:create', { name: '', email: 'nope' });
    expect(result).toMatchObject({ ok: false, error: { message: 'Enter a name (and 1 more to fix)' } });
  });
});
