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
    // A role-play someone makes with colleagues they do not lead is for those colleagues to confirm;
    // an admin, or a manager or coach making it for their own people, needs no confirming.
    'sessions:create': (fields, { caller }) => {
      const view = caller.kind === 'person' && caller.role !== 'admin' ? audience.view(caller.repId, caller.role) : null;
      const unled = view !== null && fields.participants.some((p) => !view.isSelf(p.repId) && !view.leads(p.repId));
      return sessions.create(fields, { createdBy: unled && caller.kind === 'person' ? caller.repId : null });
    },
    'sessions:update': ({ id, patch }) => sessions.update(id, patch),
    'sessions:confirm': ({ id }, { caller }) => {
      if (caller.kind !== 'person') throw new AppError(ErrorCode.forbidden, 'Only a person this role-play names can confirm it.');
      return sessions.confirm(id, caller.repId);
    },
  };
}
