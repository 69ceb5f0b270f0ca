import { z } from './validation';

/**
 * Joining a team hub from the app (Settings → Team hub, the first-run choice): the same steps as
 * `reprise connect`, done by the local door, which then opens the data folder again as a
 * connected desktop while the app runs. A hub never answers these for anyone.
 */
export const hubJoinChannels = {
  'hub:join': {
    input: z.object({
      /** The hub's address, e.g. https://reprise.example.com (plain http only on this computer). */
      url: z.string().trim().min(1).max(2000),
      /** The one-time code an admin made (`reprise hub invite`, or Settings on the hub). */
      code: z.string().trim().min(1).max(64),
      /** How this computer is named in the hub's device list; the computer's own name when left out. */
      device: z.string().trim().min(1).max(100).optional(),
    }),
    output: z.object({ hubUrl: z.string(), name: z.string() }),
  },
  /**
   * Forgets the hub's address and this computer's sign-in. Takes and changes still waiting to go
   * up stay on this computer, and go up once it joins again.
   */
  'hub:leave': {
    input: z.object({}).default({}),
    output: z.object({ waitingTakes: z.number().int(), waitingChanges: z.number().int() }),
  },
} as const;
