import type { commentsChannels } from '../../shared/comments';
import type { CallContext, DomainHandlers } from '../../shared/contract';
import { AppError, ErrorCode } from '../../shared/errors';
import type { CommentsService } from './comments-service';

/** A signed-in person writes and resolves as themself; the owner at this computer names the author or stays unnamed. */
function writer(comments: CommentsService, { caller }: CallContext, named: string | undefined): string | null {
  if (caller.kind === 'person') {
    if (named !== undefined && comments.personId(named) !== caller.repId) {
      throw new AppError(ErrorCode.forbidden, 'You can write comments only as yourself.');
    }
    return caller.repId;
  }
  return named ? comments.personId(named) : null;
}

export function commentsHandlers(comments: CommentsService): DomainHandlers<typeof commentsChannels> {
  return {
    'comments:add': ({ author, ...input }, context) => comments.add(input, writer(comments, context, author)),
    'comments:list': ({ recordingId }) => comments.list(recordingId),
    'comments:update': ({ id, body, baseRevision }) => comments.update(id, body, baseRevision),
    'comments:delete': ({ id }) => comments.delete(id),
    'comments:resolve': ({ id, resolved }, context) => comments.resolve(id, resolved, writer(comments, context, undefined)),
  };
}
