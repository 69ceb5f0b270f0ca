import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventName } from '../../../shared/contract';
import type { Api } from './api';
import { useApi } from './api-context';

export interface Query<T> {
  /** The latest answer; kept while a new key loads so lists do not flicker. */
  data: T | undefined;
  error: unknown;
  /** True until the answer for the current key has arrived. */
  loading: boolean;
  reload(): void;
}

interface State<T> {
  key: string | null;
  data: T | undefined;
  error: unknown;
}

/**
 * Loads `key`'s data through the Api, again whenever the key changes or one of `refreshOn`'s
 * events arrives. Answers for an older key or an older refresh are dropped.
 */
export function useApiQuery<T>(key: string, load: (api: Api) => Promise<T>, refreshOn: readonly EventName[] = []): Query<T> {
  const api = useApi();
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const [state, setState] = useState<State<T>>({ key: null, data: undefined, error: undefined });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let current = true;
    loadRef.current(api).then(
      (data) => current && setState({ key, data, error: undefined }),
      (error: unknown) => current && setState((previous) => ({ key, data: previous.data, error })),
    );
    return () => {
      current = false;
    };
  }, [api, key, generation]);

  const events = refreshOn.join(' ');
  useEffect(() => {
    if (!events) return undefined;
    const unsubscribers = events.split(' ').map((name) => api.on(name as EventName, reload));
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [api, events, reload]);

  return { data: state.data, error: state.error, loading: state.key !== key, reload };
}
