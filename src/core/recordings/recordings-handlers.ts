import type { DomainHandlers } from '../../shared/contract';
import type { recordingsChannels } from '../../shared/recordings';
import type { Audience } from '../access/audience';
import type { RecordingsService } from './recordings-service';

export function recordingsHandlers(recordings: RecordingsService, audience: Audience): DomainHandlers<typeof recordingsChannels> {
  return {
    'recordings:start': (input) => recordings.start(input),
    'recordings:append': (input) => recordings.append(input),
    'recordings:keep-alive': ({ id }) => recordings.keepAlive(id),
    'recordings:stop': ({ id, reason }) => recordings.stop(id, reason),
    'recordings:import': (input) => recordings.beginImport(input),
    'recordings:discard-import': ({ id }) => recordings.discardImport(id),
    'recordings:join-tracks': ({ sellerId, buyerId }) => recordings.joinTracks(sellerId, buyerId),
    'recordings:list': (filter, { caller }) => recordings.list(filter, audience.sessionsSeen(caller)),
    'recordings:get': ({ id }) => recordings.get(id),
    'recordings:peaks': ({ id }) => recordings.peaks(id),
    'recordings:verify': ({ id }) => recordings.verify(id),
    'recordings:recover': () => recordings.recover(),
    'recordings:disk': () => recordings.disk(),
    'markers:add': (input, { caller }) => recordings.addMarker(input, caller.kind === 'person' ? caller.repId : null),
    'markers:update': ({ id, baseRevision, ...patch }) => recordings.updateMarker(id, patch, baseRevision),
    'markers:delete': ({ id, baseRevision }) => recordings.deleteMarker(id, baseRevision),
  };
}
