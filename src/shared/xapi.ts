import { isoDate } from './people';
import { z } from './validation';

/**
 * Sending scorecards and certifications to the team's Learning Record Store as xAPI statements.
 * Admins only: the settings name an outside server and hold its password, which never comes
 * back out (only whether one is kept).
 */
export const xapiVersions = ['1.0.3', '2.0.0'] as const;
export const xapiVersion = z.enum(xapiVersions);
export type XapiVersionValue = z.infer<typeof xapiVersion>;

export const xapiSettings = z.object({
  enabled: z.boolean(),
  /** The LRS's xAPI endpoint; statements go to `<endpoint>/statements`. */
  endpoint: z.string(),
  username: z.string(),
  hasPassword: z.boolean(),
  version: xapiVersion,
  /** Activity and extension IRIs are minted under it. */
  baseIri: z.string(),
});
export type XapiSettings = z.infer<typeof xapiSettings>;

const httpUrl = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => v === '' || /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v), { message });

export const xapiConfigureInput = z.object({
  enabled: z.boolean(),
  endpoint: httpUrl(500, 'Enter the LRS address, starting with https:// (or http:// on this machine)'),
  username: z.string().trim().max(200),
  /** A new password or key; left out keeps the stored one, null forgets it. */
  password: z.string().max(500).nullable().optional(),
  version: xapiVersion,
  baseIri: httpUrl(300, 'Enter an address starting with https://, such as your hub’s address'),
});

export const xapiErrorKind = z.enum(['refused', 'auth', 'network', 'server']);
export type XapiErrorKind = z.infer<typeof xapiErrorKind>;

export const xapiProblem = z.object({
  id: z.string(),
  verb: z.enum(['scored', 'passed', 'failed']),
  recordId: z.string(),
  /** Whose statement it is (the actor's name) and when it happened. */
  who: z.string(),
  at: z.string(),
  /** Refused by Reprise's own check of xAPI's rules, so never sent; else refused by the LRS. */
  checkedHere: z.boolean(),
  /** What the LRS (or Reprise's own check) said, in its own words. */
  detail: z.string(),
});
export type XapiProblem = z.infer<typeof xapiProblem>;

export const xapiStatus = z.object({
  enabled: z.boolean(),
  configured: z.boolean(),
  queued: z.number().int(),
  /** Of the queued, those that failed at least once and wait for their next try. */
  retrying: z.number().int(),
  sent: z.number().int(),
  refused: z.number().int(),
  lastSentAt: z.string().nullable(),
  /** Why the waiting statements wait, when the last try failed: the LRS could not take anything then. */
  lastFailure: z.object({ kind: xapiErrorKind.exclude(['refused']), detail: z.string(), nextTryAt: z.string() }).nullable(),
  /** Statements refused, newest first (at most 50); they are not sent again. */
  refusedList: z.array(xapiProblem),
});
export type XapiStatus = z.infer<typeof xapiStatus>;

export const xapiRun = z.object({
  sent: z.number().int(),
  /** Of the sent, those the LRS already had (a retry after a lost answer). */
  alreadyThere: z.number().int(),
  refused: z.number().int(),
  retrying: z.number().int(),
  /** Why the run stopped early, when it did. */
  stopped: xapiErrorKind.exclude(['refused']).nullable(),
  detail: z.string(),
});
export type XapiRun = z.infer<typeof xapiRun>;

export const xapiTest = z.object({
  outcome: z.enum(['ok', 'not-configured', 'unreachable', 'auth', 'version', 'server']),
  /** The versions the LRS says it speaks (from /about). */
  versions: z.array(z.string()),
  detail: z.string(),
});
export type XapiTest = z.infer<typeof xapiTest>;

export const xapiChannels = {
  'xapi:settings': { input: z.object({}).default({}), output: xapiSettings },
  'xapi:configure': { input: xapiConfigureInput, output: xapiSettings },
  'xapi:status': { input: z.object({}).default({}), output: xapiStatus },
  /** Sends what is due now, without waiting for the next try. */
  'xapi:send': { input: z.object({}).default({}), output: xapiRun },
  'xapi:test': { input: z.object({}).default({}), output: xapiTest },
  /** Puts the statements the LRS refused back in the queue (after its rules changed); Reprise's own refusals stay. */
  'xapi:retry-refused': { input: z.object({}).default({}), output: z.object({ queued: z.number().int() }) },
  /** Every statement (since a day, by its timestamp) for an LRS's own import. */
  'xapi:export': {
    input: z.object({ since: isoDate.optional() }).default({}),
    output: z.object({ statements: z.array(z.record(z.string(), z.unknown())) }),
  },
} as const;

export const xapiEvents = {
  'xapi:changed': z.object({}),
} as const;
