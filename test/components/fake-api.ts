import type { Api } from '../../src/renderer/src/api/api';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../../src/shared/contract';
import type { Rep, RepDetail } from '../../src/shared/people';

type Handlers = { [C in Channel]?: (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>> };

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
      const handler = handlers[channel] as ((input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>) | undefined;
      if (!handler) throw new Error(`The fake Api has no handler for ${channel}`);
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
