import { AppError, ErrorCode } from '../../shared/errors';
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
    // A rep's own role-play with colleagues is theirs to confirm; those who lead the people in it need no confirming.
    'sessions:create': (fields, { caller }) =>
      sessions.create(fields, { createdBy: caller.kind === 'person' && caller.role === 'rep' ? caller.repId : null }),
    'sessions:update': ({ id, patch }) => sessions.update(id, patch),
    'sessions:confirm': ({ id }, { caller }) => {
      if (caller.kind !== 'person') throw new AppError(ErrorCode.forbidden, 'Only a person this role-play names can confirm it.');
      return sessions.confirm(id, caller.repId);
    },
  };
}
