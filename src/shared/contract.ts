import { z } from './validation';
import { accessChannels, accessEvents, type Caller } from './access';
import { analysisChannels, analysisEvents } from './analysis';
import { certificationChannels, certificationEvents } from './certification';
import { clipsChannels, clipsEvents } from './clips';
import { commentsChannels, commentsEvents } from './comments';
import { demoChannels, demoEvents } from './demo';
import { hubJoinChannels } from './hub-join';
import { hubChannels, hubEvents } from './hub';
import { libraryChannels } from './library';
import { peopleChannels, peopleEvents } from './people';
import { programsChannels, programsEvents } from './programs';
import { progressChannels, progressEvents } from './progress';
import { recordingsChannels, recordingsEvents } from './recordings';
import { scorecardsChannels, scorecardsEvents } from './scorecards';
import { sessionsChannels, sessionsEvents } from './sessions';
import { syncChannels, syncEvents } from './sync';
import { xapiChannels, xapiEvents } from './xapi';

/**
 * Each domain declares its channels and events in its own module (src/shared/<domain>.ts) as
 * `<domain>Channels` / `<domain>Events`; this file merges them.
 *
 * Every channel the renderer (over IPC or HTTP) and the CLI can call, named `domain:verb`,
 * with the input it accepts and the output it promises. Handlers are registered by looping
 * over this object, so a channel that is not here does not exist anywhere.
 */
export const settings = z.object({
  newHireDays: z.number().int().min(1).max(3650),
});
export type Settings = z.infer<typeof settings>;

export const contract = {
  'app:info': {
    input: z.object({}).default({}),
    output: z.object({
      version: z.string(),
      dataDir: z.string(),
      databasePath: z.string(),
      schemaVersion: z.number().int(),
    }),
  },
  'settings:get': { input: z.object({}).default({}), output: settings },
  'settings:update': { input: settings.partial(), output: settings },
  ...accessChannels,
  ...hubChannels,
  ...syncChannels,
  ...peopleChannels,
  ...sessionsChannels,
  ...recordingsChannels,
  ...analysisChannels,
  ...libraryChannels,
  ...commentsChannels,
  ...clipsChannels,
  ...scorecardsChannels,
  ...programsChannels,
  ...certificationChannels,
  ...progressChannels,
  ...demoChannels,
  ...hubJoinChannels,
  ...xapiChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events the core pushes to every connected window. */
export const events = {
  'settings:changed': settings,
  ...accessEvents,
  ...hubEvents,
  ...syncEvents,
  ...peopleEvents,
  ...sessionsEvents,
  ...recordingsEvents,
  ...analysisEvents,
  ...commentsEvents,
  ...clipsEvents,
  ...scorecardsEvents,
  ...programsEvents,
  ...certificationEvents,
  ...progressEvents,
  ...demoEvents,
  ...xapiEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

/** What a handler knows of the call besides its input. */
export interface CallContext {
  caller: Caller;
  /** The caller's key for this one operation (a click): a create sent again with it runs once. */
  operationKey?: string;
}

export type Handlers = {
  [C in Channel]: (input: ChannelParsedInput<C>, context: CallContext) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/** The handlers one domain contributes, e.g. `DomainHandlers<typeof peopleChannels>`. */
export type DomainHandlers<T> = Pick<Handlers, Extract<keyof T, Channel>>;
