import { useCallback, useSyncExternalStore } from 'react';
import type { Rep } from '../../../../shared/people';
import { useApiQuery, type Query } from '../../api/use-api-query';

const storageKey = 'reprise.coaching.me';
const changedEvent = 'reprise:coaching-me';

// Used when storage is unavailable (privacy settings): the choice then holds until the window closes.
let inMemory: string | null = null;

function read(): string | null {
  try {
    return window.localStorage.getItem(storageKey) ?? inMemory;
  } catch {
    return inMemory;
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

/**
 * Who is using the Coaching area on this computer. Reprise has no sign-in (the data is the
 * team's own, on a shared machine or each rep's), so "my scorecards" means the person picked here.
 */
export function useMe(): [string | null, (id: string) => void] {
  const me = useSyncExternalStore(subscribe, read, () => null);
  const setMe = useCallback((id: string) => {
    inMemory = id;
    try {
      window.localStorage.setItem(storageKey, id);
    } catch {
      // Kept in memory only.
    }
    window.dispatchEvent(new Event(changedEvent));
  }, []);
  return [me, setMe];
}

/**
 * The picked person, but only while they are on the team: someone archived since they were picked
 * is never shown as "You are", and nothing is loaded for them. `people` are the active people.
 */
export function useCurrentPerson(): { people: Query<Rep[]>; me: Rep | null; setMe: (id: string) => void } {
  const [id, setMe] = useMe();
  const people = useApiQuery('people:active', (a) => a.invoke('people:list', {}), ['people:changed']);
  const me = (id && people.data?.find((p) => p.id === id && !p.archived)) || null;
  return { people, me, setMe };
}
