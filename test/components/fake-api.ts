import type { Api } from '../../src/renderer/src/api/api';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../../src/shared/contract';
import type { Rep, RepDetail } from '../../src/shared/people';
import type { SyncStatus } from '../../src/shared/sync';
import { ownerCaller, type Caller } from '../../src/shared/access';
// The fake answers access:me from the core's own rules, as the real core does: a test of what a screen
// offers must not keep a second copy of who may do what.
// eslint-disable-next-line no-restricted-imports
import { offersFor } from '../../src/core/access/offers';

type Me = ChannelOutput<'access:me'>;
/** `access:me` answers may leave out what the person may do: the fake fills it in from the core's own rules. */
type Handlers = { [C in Channel]?: (input: ChannelInput<C>) => (C extends 'access:me' ? Omit<Me, 'may' | 'perItem'> & Partial<Me> : ChannelOutput<C>) | Promise<C extends 'access:me' ? Omit<Me, 'may' | 'perItem'> & Partial<Me> : ChannelOutput<C>> };

/** What access:me says a caller may do, from src/core/access/rules.ts (the same function the core answers with). */
export function withOffers(me: Omit<Me, 'may' | 'perItem'> & Partial<Me>): Me {
  const caller: Caller = me.kind === 'person' && me.repId && me.role ? { kind: 'person', repId: me.repId, role: me.role } : ownerCaller;
  return { ...offersFor(caller), ...me } as Me;
}

export interface FakeApi extends Api {
  calls: { channel: Channel; input: unknown }[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** An Api that answers from the given handlers and records every call; unknown channels fail loudly. */
export function fakeApi(handlers: Handlers): FakeApi {
  const calls: FakeApi['calls'] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    transport: 'http',
    calls,
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      calls.push({ channel, input });
      const handler = (handlers[channel] ?? fromRoster(handlers, channel)) as ((input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>) | undefined;
      if (!handler) throw new Error(`The fake Api has no handler for ${channel}`);
      if (channel === 'access:me') return withOffers((await handler(input)) as Me) as ChannelOutput<C>;
      return handler(input);
    },
    sendOnLeave(channel, input) {
      calls.push({ channel, input });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    mediaUrl: (kind, id) => `/media/${kind}/${encodeURIComponent(id)}`,
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}

/**
 * A test that gives the roster as `people:list` gets the lookup by id and the paged roster from
 * the same people, filtered as the core filters them: one data set, however a screen asks for it.
 */
function fromRoster(handlers: Handlers, channel: Channel): ((input: never) => unknown) | undefined {
  const list = handlers['people:list'];
  if (!list) return undefined;
  if (channel === 'people:get') {
    return async ({ id }: { id: string }) => {
      const rep = (await list({ includeArchived: true })).find((r) => r.id === id);
      if (!rep) throw Object.assign(new Error(`No rep with id ${id}.`), { code: 'not_found' });
      return makeRepDetail(rep);
    };
  }
  if (channel === 'people:page') {
    return async ({ filter = {}, limit = 100 }: ChannelInput<'people:page'> & object) => {
      const everyone = await list({ includeArchived: true });
      const matching = await list(filter);
      const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort();
      return {
        items: matching.slice(0, limit),
        next: matching.length > limit ? { name: matching[limit - 1]!.name, email: matching[limit - 1]!.email } : null,
        matching: matching.length,
        everyone: everyone.length,
        active: everyone.filter((r) => !r.archived).length,
        teams: distinct(everyone.map((r) => r.team)),
        roles: distinct(everyone.map((r) => r.role)),
      };
    };
  }
  return undefined;
}

let counter = 0;

export function makeRep(overrides: Partial<Rep> = {}): Rep {
  counter += 1;
  return {
    id: `rep-${counter}`,
    name: `Rep ${counter}`,
    email: `rep${counter}@example.com`,
    role: 'Account executive',
    team: 'Nordics',
    managerId: null,
    managerName: null,
    coachedById: null,
    coachedByName: null,
    hireDate: '2024-01-15',
    coach: false,
    seniority: 'senior',
    archived: false,
    archivedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeRepDetail(overrides: Partial<RepDetail> = {}): RepDetail {
  return {
    ...makeRep(overrides),
    profile: {
      careerGoals: '',
      motivators: '',
      learningPreference: null,
      assessmentType: '',
      assessmentResult: '',
      notes: '',
    },
    ...overrides,
  };
}

/** A connected desktop's sync status: online, nothing waiting, unless told otherwise. */
export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'online',
    hubUrl: 'https://reprise.example.com',
    repId: 'rep-aino',
    name: 'Aino Virtanen',
    lastContactAt: '2026-11-30T09:15:00.000Z',
    uploads: { waiting: 0, uploading: 0, paused: 0, attention: 0, keptLocal: 0, done: 0 },
    outbox: { pending: 0, refused: 0 },
    ...overrides,
  };
}
