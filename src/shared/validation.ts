import { z } from 'zod';
import { excerpt } from './text';

/**
 * zod with Reprise's own words for every check a schema does not word itself. zod's defaults
 * ("Too small: expected number to be >=0", "Invalid input") are written for programmers; these
 * are written for the person filling in the form, and the renderer translates each of them
 * (src/renderer/src/api/errors.ts). A message given in a schema still wins over these.
 * Every module in src/shared takes `z` from here so that no schema is used before this is set.
 */
export const notValid = 'This value is not valid';
export const notExpectedForm = 'This is not in the expected form';

const typeWords: Record<string, string> = {
  string: 'Enter text',
  number: 'Enter a number',
  int: 'Enter a whole number',
  boolean: 'Choose yes or no',
  array: 'Give a list',
  object: 'Give the details as a set of fields',
  record: 'Give the details as a set of fields',
};

export function humanIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Fill this in';
      return typeWords[issue.expected] ?? notExpectedForm;
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return issue.exact ? `Enter exactly ${max} characters` : `Keep this to ${max} characters or fewer`;
      if (issue.origin === 'array' || issue.origin === 'set') return issue.exact ? `Give exactly ${max} items` : `Keep this to ${max} items or fewer`;
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive === false ? `Enter less than ${max}` : `Enter ${max} or less`;
      return 'This is too large';
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        if (issue.exact) return `Enter exactly ${min} characters`;
        return min <= 1 ? 'Fill this in' : `Enter at least ${min} characters`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        if (issue.exact) return `Give exactly ${min} items`;
        return min <= 1 ? 'Pick at least one' : `Pick at least ${min}`;
      }
      if (issue.origin === 'number' || issue.origin === 'int') return issue.inclusive === false ? `Enter more than ${min}` : `Enter ${min} or more`;
      return 'This is too small';
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Not a valid email address';
      if (issue.format === 'datetime') return 'Use an ISO date-time such as 2026-12-02T13:00:00Z';
      if (issue.format === 'date') return 'Use the form YYYY-MM-DD';
      return notExpectedForm;
    case 'not_multiple_of':
      return `Enter a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Not a known field: ${excerpt(issue.keys.join(', '), 60)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `Use ${excerpt(String(issue.values[0]), 60)}` : `Use one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_key':
      return 'A name in this list is not in the expected form';
    case 'invalid_element':
      return 'A value in this list is not in the expected form';
    case 'invalid_union':
      return notExpectedForm;
    default:
      return notValid;
  }
}

z.config({ customError: humanIssue });

/**
 * How long each kind of text may be. Every string a channel accepts has a maximum, so one field
 * cannot carry megabytes into the database, a list or an error message.
 */
export const maxLength = {
  /** Ids are UUIDs (36) or built-in slugs such as "discovery". */
  id: 64,
  /** RFC 5321's limit for an address. */
  email: 254,
  name: 200,
} as const;

/** The id of a record the caller refers to. */
export const id = z.string().min(1).max(maxLength.id);
/** An id in a filter, where an empty one means "any". */
export const idFilter = z.string().max(maxLength.id);

export { z };
