import { z } from './validation';

/**
 * Who is calling. The core decides per channel what each caller may do (src/core/access); the
 * doors only say who is at the door.
 * - `owner`: the person at this machine in local mode (`reprise serve`, the desktop app without a
 *   hub, the CLI on its own data folder): the data is theirs, every channel is open.
 * - `person`: someone signed in to a team hub, with the role the hub gives them.
 * - `stranger`: a request to a hub without a valid sign-in: no channel runs.
 */
export const accessRoles = ['admin', 'manager', 'coach', 'rep'] as const;
export const accessRole = z.enum(accessRoles);
export type AccessRole = z.infer<typeof accessRole>;

export type Caller =
  | { kind: 'owner' }
  | { kind: 'person'; repId: string; role: AccessRole; /** The signed-in device, at a hub. */ deviceId?: string }
  | { kind: 'stranger' };

export const ownerCaller: Caller = Object.freeze({ kind: 'owner' });
export const strangerCaller: Caller = Object.freeze({ kind: 'stranger' });

/**
 * What the core applies around every handler: `allow` before it runs (throws a forbidden AppError
 * to refuse), `scope` on its answer (drops what the caller may not see from a list).
 */
export interface Guard {
  /** Returns what it learnt of the caller, for `scope` of the same call to reuse instead of reading it again. */
  allow(channel: string, caller: Caller, input: unknown): unknown;
  scope(channel: string, caller: Caller, output: unknown, allowed?: unknown): unknown;
  /** A pushed event as this caller may receive it (only ids they may see), or null to send them nothing. */
  event(name: string, caller: Caller, payload: unknown): unknown;
  /** Asked before a call runs: the audit action it is written under if it succeeds, or null. */
  audit(channel: string, caller: Caller, input: unknown): string | null;
}

export const accessEntry = z.object({
  repId: z.string(),
  name: z.string(),
  email: z.string(),
  role: accessRole,
  /** True when an admin set the role; false when it follows the roster (reports, coach flag). */
  explicit: z.boolean(),
});
export type AccessEntry = z.infer<typeof accessEntry>;

export const accessChannels = {
  /** Who the core thinks is calling: the local owner, or a signed-in person with their role. */
  'access:me': {
    input: z.object({}).default({}),
    output: z.object({
      kind: z.enum(['owner', 'person']),
      repId: z.string().nullable(),
      name: z.string().nullable(),
      role: accessRole.nullable(),
      /**
       * What the app may offer this caller, from the same rules the core enforces: channels they may
       * call with any input, and channels they may call for some things only (ask `access:can`).
       */
      may: z.array(z.string()).default([]),
      perItem: z.array(z.string()).default([]),
    }),
  },
  /** Whether the caller may make each of these calls, asked of the rules without making them. */
  'access:can': {
    input: z.object({ checks: z.array(z.object({ channel: z.string().max(100), input: z.unknown() })).max(500) }),
    output: z.array(z.boolean()),
  },
  'access:roles': { input: z.object({}).default({}), output: z.array(accessEntry) },
  /** Sets a person's role; null returns them to the role the roster gives them. */
  'access:set-role': {
    input: z.object({ repId: z.string().min(1).max(64), role: accessRole.nullable() }),
    output: accessEntry,
  },
} as const;

export const accessEvents = {
  'access:changed': z.object({ repIds: z.array(z.string()) }),
} as const;
