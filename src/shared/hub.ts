import { z } from './validation';
import { accessRole } from './access';

/** A desktop or browser signed in to the team hub with a device token. */
export const device = z.object({
  id: z.string(),
  repId: z.string(),
  repName: z.string(),
  name: z.string(),
  kind: z.enum(['browser', 'desktop']),
  createdAt: z.string(),
  lastSeenAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** The device this request came from. */
  current: z.boolean(),
});
export type Device = z.infer<typeof device>;

export const invite = z.object({
  /** One-time code, shown once: the hub keeps only its hash. */
  code: z.string(),
  repId: z.string(),
  name: z.string(),
  email: z.string(),
  role: accessRole,
  expiresAt: z.string(),
});
export type Invite = z.infer<typeof invite>;

/** An invitation not yet used, as admins see it: never its code (the hub keeps only a hash). */
export const openInvite = z.object({
  id: z.string(),
  repId: z.string(),
  name: z.string(),
  email: z.string(),
  /** The person's role now: the one they will have when they sign in. */
  role: accessRole,
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  expiresAt: z.string(),
});
export type OpenInvite = z.infer<typeof openInvite>;

export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  subject: z.string(),
  detail: z.string(),
  address: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const inviteHours = { default: 72, max: 24 * 14 } as const;

export const hubChannels = {
  'devices:list': { input: z.object({ includeRevoked: z.boolean().optional() }).default({}), output: z.array(device) },
  'devices:revoke': { input: z.object({ id: z.string().min(1).max(64) }), output: device },
  'invites:create': {
    input: z.object({
      repId: z.string().min(1).max(64),
      role: accessRole.nullable().optional(),
      hours: z.number().int().min(1).max(inviteHours.max).default(inviteHours.default),
    }),
    output: invite,
  },
  'invites:list': { input: z.object({}).default({}), output: z.array(openInvite) },
  /** Takes back an open invitation, named by its id (Settings) or its code (the command line). */
  'invites:revoke': {
    input: z
      .object({ id: z.string().min(1).max(64).optional(), code: z.string().min(1).max(64).optional() })
      .refine((i) => (i.id === undefined) !== (i.code === undefined), { message: 'Name the invitation by its id or its code', path: ['id'] }),
    output: openInvite,
  },
  'audit:list': {
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).default({ limit: 200 }),
    output: z.array(auditEntry),
  },
} as const;

export const hubEvents = {
  'devices:changed': z.object({ ids: z.array(z.string()) }),
} as const;
