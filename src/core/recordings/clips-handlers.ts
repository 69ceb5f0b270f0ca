import fs from 'node:fs';
import type { clipsChannels } from '../../shared/clips';
import type { DomainHandlers } from '../../shared/contract';
import type { ClipsService } from './clips-service';

export function clipsHandlers(clips: ClipsService): DomainHandlers<typeof clipsChannels> {
  return {
    // A signed-in person makes clips as themself; the owner at this computer makes them unnamed.
    'clips:create': (input, { caller }) => clips.create(input, caller.kind === 'person' ? caller.repId : null),
    'clips:update': ({ id, patch, baseRevision }) => clips.update(id, patch, baseRevision),
    'clips:delete': ({ id }) => clips.delete(id),
    'clips:list': (filter) => clips.list(filter),
    'clips:cut': async ({ id }) => {
      const cut = await clips.cut(id);
      return { id, mode: cut.mode, bytes: fs.statSync(cut.file).size, fileName: cut.fileName };
    },
    'clips:cut-cancel': ({ id }) => clips.cancelCut(id),
  };
}
