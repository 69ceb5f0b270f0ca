import { id, idFilter, maxLength, z } from './validation';

export const focusArea = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
  position: z.number().int(),
  archived: z.boolean(),
});
export type FocusArea = z.infer<typeof focusArea>;

export const participantRole = z.enum(['seller', 'buyer', 'observer']);
export type ParticipantRole = z.infer<typeof participantRole>;

export const sessionStatus = z.enum(['scheduled', 'done', 'missed', 'cancelled']);
export type SessionStatus = z.infer<typeof sessionStatus>;

/** An instant as ISO-8601 with an offset or Z; stored normalized to UTC. */
export const instant = z.iso.datetime({ offset: true, message: 'Use an ISO date-time such as 2026-12-02T13:00:00Z' }).max(40);

export const participant = z.object({
  repId: z.string(),
  name: z.string(),
  email: z.string(),
  role: participantRole,
});
export type Participant = z.infer<typeof participant>;

export const session = z.object({
  id: z.string(),
  programId: z.string().nullable(),
  focusAreaId: z.string(),
  focusAreaName: z.string(),
  title: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  /** The program's time zone, in which the session's time is shown (null: a role-play outside a program). */
  timeZone: z.string().nullable().optional(),
  status: sessionStatus,
  scenarioId: z.string().nullable(),
  notes: z.string(),
  sequence: z.number().int(),
  participants: z.array(participant),
  /** The rep who made this ad-hoc role-play (null: an admin, manager, coach or the scheduler made it). */
  createdBy: z.string().nullable(),
  /** Whether everyone it names has confirmed it; until then nothing about them on it counts. */
  confirmed: z.boolean(),
  /** The participants (rep ids) who have not confirmed it yet, by confirming or consenting to a take. */
  unconfirmedBy: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof session>;

export const participantInput = z.object({ repId: id, role: participantRole });

/** Exactly one seller when anyone takes part (an imported call may not be assigned yet); nobody twice. */
export const participantsInput = z
  .array(participantInput)
  .max(12)
  .superRefine((list, ctx) => {
    const sellers = list.filter((p) => p.role === 'seller').length;
    if (list.length > 0 && sellers !== 1) ctx.addIssue({ code: 'custom', message: sellers ? 'Only one person can play the seller' : 'Pick who plays the seller' });
    const ids = list.map((p) => p.repId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'Each person can take only one role' });
  });

export const sessionFields = z.object({
  focusAreaId: z.string().min(1, 'Pick a focus area').max(maxLength.id),
  participants: participantsInput.default([]),
  title: z.string().trim().max(200).default(''),
  startsAt: instant.nullable().default(null),
  endsAt: instant.nullable().default(null),
  notes: z.string().max(20000).default(''),
  programId: idFilter.nullable().default(null),
  scenarioId: idFilter.nullable().default(null),
});
export type SessionFields = z.input<typeof sessionFields>;

export const sessionPatch = z.object({
  focusAreaId: id.optional(),
  participants: participantsInput.optional(),
  title: z.string().trim().max(200).optional(),
  startsAt: instant.nullable().optional(),
  endsAt: instant.nullable().optional(),
  notes: z.string().max(20000).optional(),
  status: sessionStatus.optional(),
  scenarioId: idFilter.nullable().optional(),
});
export type SessionPatch = z.input<typeof sessionPatch>;

export const sessionFilter = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    repId: idFilter.optional(),
    programId: idFilter.optional(),
    focusAreaId: idFilter.optional(),
    status: z.array(sessionStatus).optional(),
    /** Only ad-hoc role-plays someone in them has yet to confirm. */
    unconfirmed: z.boolean().optional(),
  })
  .default({});
export type SessionFilter = z.input<typeof sessionFilter>;

const focusName = z.string().trim().min(1, 'Enter a name').max(80);

export const focusAreaPatch = z.object({
  name: focusName.optional(),
  description: z.string().trim().max(2000).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  archived: z.boolean().optional(),
});

const byId = z.object({ id });

export const sessionsChannels = {
  'focus-areas:list': { input: z.object({ includeArchived: z.boolean().optional() }).default({}), output: z.array(focusArea) },
  'focus-areas:create': { input: z.object({ name: focusName, description: z.string().trim().max(2000).default('') }), output: focusArea },
  'focus-areas:update': { input: byId.extend({ patch: focusAreaPatch }), output: focusArea },
  'sessions:list': { input: sessionFilter, output: z.array(session) },
  'sessions:get': { input: byId, output: session },
  'sessions:create': { input: sessionFields, output: session },
  'sessions:update': { input: byId.extend({ patch: sessionPatch }), output: session },
  /** A participant confirms a colleague's ad-hoc role-play with them took place. */
  'sessions:confirm': { input: byId, output: session },
} as const;

export const sessionsEvents = {
  'sessions:changed': z.object({ ids: z.array(z.string()) }),
  'focus-areas:changed': z.object({}),
} as const;
