import type { CallContext, DomainHandlers } from '../../shared/contract';
import type { libraryChannels } from '../../shared/library';
import type { Audience } from '../access/audience';
import type { LibrarySearch, LibraryVisibility } from './library-search';

/** A signed-in member searches what they may see; the local owner and admins search everything. */
function visibilityOf(audience: Audience, { caller }: CallContext): LibraryVisibility | null {
  if (caller.kind !== 'person' || caller.role === 'admin') return null;
  const view = audience.view(caller.repId, caller.role);
  return { repId: caller.repId, sessions: view.visibleSessionIds(), leads: view.ledRepIds() };
}

export function libraryHandlers(search: LibrarySearch, audience: Audience): DomainHandlers<typeof libraryChannels> {
  return {
    'library:search': (filter, context) => search.search(filter, visibilityOf(audience, context)),
  };
}
