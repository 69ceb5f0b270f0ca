import type { DomainHandlers } from '../../shared/contract';
import type { sessionsChannels } from '../../shared/sessions';
import type { Audience } from '../access/audience';
import type { SessionsService } from './sessions-service';

export function sessionsHandlers(sessions: SessionsService, audience: Audience): DomainHandlers<typeof sessionsChannels> {
  return {
    'focus-areas:list': (input) => sessions.listFocusAreas(input),
    'focus-areas:create': (input) => sessions.createFocusArea(input),
    'focus-areas:update': ({ id, patch }) => sessions.updateFocusArea(id, patch),
    'sessions:list': (filter, { caller }) => sessions.list(filter, audience.sessionsSeen(caller)),
    'sessions:get': ({ id }) => sessions.get(id),
    'sessions:create': (fields) => sessions.create(fields),
    'sessions:update': ({ id, patch }) => sessions.update(id, patch),
  };
}
