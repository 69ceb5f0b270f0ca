import { z } from './validation';

/**
 * Demo data: a made-up team in its own data folder beside the real one, entered and left while
 * the app runs. Only the app on one's own computer offers it; a team hub serves real data only.
 */
export const demoStatus = z.object({
  /** The app shows the demo folder now. */
  active: z.boolean(),
  /** The demo folder has been made (it may be entered without seeding again). */
  seeded: z.boolean(),
  /** The real data has no people and no programs yet: the first-run choice is offered. */
  firstRun: z.boolean(),
  /** Where the demo folder is (shown in Settings, so one knows what "remove" deletes). */
  demoDir: z.string(),
});
export type DemoStatus = z.infer<typeof demoStatus>;

export const demoStep = z.enum(['team', 'recordings', 'opening']);
export type DemoStep = z.infer<typeof demoStep>;

export const demoChannels = {
  'demo:status': { input: z.object({}).default({}), output: demoStatus },
  /** Makes the demo folder when it is missing (a few seconds; progress comes as `demo:progress`), then switches to it. */
  'demo:enter': {
    input: z
      .object({
        /** Skip the spoken recordings (the slow part of making the demo). */
        fast: z.boolean().default(false),
      })
      .default({ fast: false }),
    output: demoStatus,
  },
  /** Back to the real data. */
  'demo:leave': { input: z.object({}).default({}), output: demoStatus },
  /** Leaves the demo if it is shown, then deletes the demo folder (and only it). */
  'demo:remove': { input: z.object({}).default({}), output: demoStatus },
} as const;

export const demoEvents = {
  /** While the demo folder is being made: which step, and how far (0–1). */
  'demo:progress': z.object({ step: demoStep, share: z.number().min(0).max(1) }),
  /** The data folder changed under the window: everything it shows is to be read again. */
  'demo:switched': demoStatus,
} as const;
