import { useCallback, useSyncExternalStore } from 'react';
import type { Rep } from '../../../../shared/people';
import { useApiQuery } from '../../api/use-api-query';
import { useAccess } from '../hub/access-gate';
import { isConnected, useSyncStatus } from '../sync/use-sync';

const storageKey = 'reprise.coaching.me';
const changedEvent = 'reprise:coaching-me';

// Used when storage is unavailable (privacy settings): the choice then holds until the window closes.
const inMemory = new Map<string, string>();
/** '' for the real data; 'demo' while the demo is shown, so choosing a made-up person never replaces the real choice. */
let scope: '' | 'demo' = '';

function key(): string {
  return scope ? `${storageKey}.${scope}` : storageKey;
}

export function setOwnerScope(next: '' | 'demo'): void {
  if (scope === next) return;
  scope = next;
  window.dispatchEvent(new Event(changedEvent));
}

function read(): string | null {
  try {
    return window.localStorage.getItem(key()) ?? inMemory.get(key()) ?? null;
  } catch {
    return inMemory.get(key()) ?? null;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(changedEvent, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(changedEvent, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The person this computer belongs to, as stored (local mode). */
function useStoredOwner(): [string | null, (id: string) => void] {
  const me = useSyncExternalStore(subscribe, read, () => null);
  const setMe = useCallback((id: string) => {
    inMemory.set(key(), id);
    try {
      window.localStorage.setItem(key(), id);
    } catch {
      // Kept in memory only.
    }
    window.dispatchEvent(new Event(changedEvent));
  }, []);
  return [me, setMe];
}

export interface CurrentPerson {
  /** The email once the roster has answered (a hub's sign-in names only id and name). */
  me: (Pick<Rep, 'id' | 'name'> & Partial<Pick<Rep, 'email'>>) | null;
  /**
   * True when the person is who signed in to the team hub: nobody chooses then. Otherwise the
   * data folder is one person's computer, chosen once (first run or Settings) and stored here.
   */
  signedIn: boolean;
  /** True while the stored person is being looked up: "me" is not known yet, so nobody is asked to choose. */
  loading: boolean;
  setMe: (id: string) => void;
}

/**
 * Who is using Reprise. On a team hub, the signed-in person. In local mode, the person this
 * computer belongs to, but only while they are on the team: someone archived since is never
 * "me", and nothing is loaded for them. Read by id: every screen asks, and the whole roster of a
 * big team is megabytes.
 */
export function useCurrentPerson(): CurrentPerson {
  const access = useAccess();
  const sync = useSyncStatus();
  const [id, setMe] = useStoredOwner();
  // A desktop joined to a hub knows whom it signed in as even when the hub cannot say so now.
  const signedIn =
    access.kind === 'person' && access.repId
      ? { id: access.repId, name: access.name ?? '' }
      : isConnected(sync) && sync?.repId
        ? { id: sync.repId, name: sync.name ?? '' }
        : null;
  const lookedUp = signedIn?.id ?? id;
  const person = useApiQuery(
    `people:me:${lookedUp ?? ''}`,
    // Someone removed from the roster since is nobody: the stored choice waits for a new one.
    (a) => (lookedUp ? a.invoke('people:get', { id: lookedUp }).catch(() => null) : Promise.resolve(null)),
    ['people:changed'],
    // Every part of a screen that names "me" asks at once: one call answers them.
    { shared: true },
  );
  const found = person.data && person.data.id === lookedUp ? person.data : null;
  const loading = Boolean(lookedUp) && person.loading;
  if (signedIn) return { me: found ? { id: found.id, name: found.name, email: found.email } : signedIn, signedIn: true, loading, setMe };
  const me = found && !found.archived ? { id: found.id, name: found.name, email: found.email } : null;
  return { me, signedIn: false, loading, setMe };
}
