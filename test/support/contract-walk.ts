import { contract, channels, type Handlers } from '../../src/shared/contract';
import { dispatch } from '../../src/shared/dispatch';

/**
 * Walks every channel's input schema through zod's own definitions (`_zod.def`), so a field
 * added tomorrow is covered without touching this test.
 */
interface Node {
  _zod: { def: Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] } };
}
const def = (schema: unknown) => (schema as Node)._zod.def;

/** The bounds a schema's checks set: lengths for strings and lists, values for numbers. */
export function bag(schema: unknown): { maximum?: number; minimum?: number } {
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
export function strings(schema: unknown, path: string, out: { path: string; schema: unknown }[] = []): typeof out {
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
export function invalidInputs(schema: unknown): unknown[] {
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
export const zodDefault = /^(Invalid\b|Too (big|small)\b|Unrecognized keys?\b)|expected .+, received|\bexpected (string|number|boolean|array|object)\b/i;

/** Handlers that are never meant to run: every input here is invalid. */
export const noHandlers = new Proxy({}, { get: () => () => null }) as Handlers;

/** Every refusal the walk provokes: each channel, each invalid input, what a person would be shown. */
export async function everyRefusal(): Promise<{ channel: string; input: unknown; shown: string[] }[]> {
  const out: { channel: string; input: unknown; shown: string[] }[] = [];
  for (const channel of channels) {
    for (const input of invalidInputs(contract[channel].input)) {
      const result = await dispatch(noHandlers, channel, input);
      if (!result.ok) out.push({ channel, input, shown: [result.error.message, ...(result.error.issues ?? []).map((i) => i.message)] });
    }
  }
  return out;
}
