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

/** A query by its key: what a screen asks for, so another component may ask for it early. */
export interface QuerySpec<T> {
  key: string;
  load(api: Api): Promise<T>;
}

/** Answers asked for before the component that shows them mounted, by query key. */
const early = new Map<string, Promise<unknown>>();

/** Calls of shared queries still on their way, by Api and key (a test's Api never answers another's). */
const inFlight = new WeakMap<Api, Map<string, Promise<unknown>>>();

/** The call for `key` on its way if there is one, else a new one that others may take until it answers. */
function sharedCall<T>(api: Api, key: string, load: (api: Api) => Promise<T>): Promise<T> {
  const calls = inFlight.get(api) ?? new Map<string, Promise<unknown>>();
  inFlight.set(api, calls);
  const going = calls.get(key);
  if (going) return going as Promise<T>;
  const promise = load(api);
  calls.set(key, promise);
  const forget = () => {
    if (calls.get(key) === promise) calls.delete(key);
  };
  promise.then(forget, forget);
  return promise;
}

/** A refresh never takes a call sent before the change it refreshes for: the next one asks again. */
function forgetCall(api: Api, key: string): void {
  inFlight.get(api)?.delete(key);
}

export interface QueryOptions {
  /**
   * Components asking for this key at the same time take one call: only for a key that names
   * one query everywhere (the same channel and input), as hooks many parts of a screen use (who
   * "me" is, the hub's state). Nothing is kept once the call has answered, so a component
   * mounted later asks again, and a refresh (an event or reload()) never takes an older call.
   */
  shared?: boolean;
}

/**
 * Asks for `queries` now, for parts of a screen that mount only once something else has answered
 * (a person page's sections wait for the person): their useApiQuery takes the answer, or the call
 * on its way, instead of asking only then, so the calls go out together rather than in a row.
 * An answer nobody took is dropped when the screen goes away, so it never shows stale data later.
 */
export function usePrefetch(queries: QuerySpec<unknown>[]): void {
  const api = useApi();
  const specs = useRef(queries);
  useLayoutEffect(() => {
    specs.current = queries;
  });
  const keys = queries.map((q) => q.key).join('\n');
  useEffect(() => {
    const asked = specs.current.map((q) => {
      const promise = q.load(api);
      // The component's own query reports a failure; this copy only keeps it from going unhandled.
      promise.catch(() => undefined);
      early.set(q.key, promise);
      return [q.key, promise] as const;
    });
    return () => {
      for (const [key, promise] of asked) if (early.get(key) === promise) early.delete(key);
    };
  }, [api, keys]);
}

/**
 * Loads `key`'s data through the Api, again whenever the key changes or one of `refreshOn`'s
 * events arrives. Answers for an older key or an older refresh are dropped.
 */
export function useApiQuery<T>(
  key: string,
  load: (api: Api) => Promise<T>,
  refreshOn: readonly EventName[] = [],
  options: QueryOptions = {},
): Query<T> {
  const api = useApi();
  const loadRef = useRef(load);
  const keyRef = useRef(key);
  useLayoutEffect(() => {
    loadRef.current = load;
    keyRef.current = key;
  });
  const shared = options.shared === true;
  const [state, setState] = useState<State<T>>({ key: null, data: undefined, error: undefined });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => {
    if (shared) forgetCall(api, keyRef.current);
    setGeneration((g) => g + 1);
  }, [api, shared]);

  useEffect(() => {
    let current = true;
    // An answer asked for early serves the first load only: a reload or a change asks again.
    const asked = generation === 0 ? early.get(key) : undefined;
    if (asked) early.delete(key);
    const call = asked ? (asked as Promise<T>) : shared ? sharedCall(api, key, loadRef.current) : loadRef.current(api);
    call.then(
      (data) => current && setState({ key, data, error: undefined }),
      (error: unknown) => current && setState((previous) => ({ key, data: previous.data, error })),
    );
    return () => {
      current = false;
    };
  }, [api, key, generation, shared]);

  const events = refreshOn.join(' ');
  useEffect(() => {
    if (!events) return undefined;
    const unsubscribers = events.split(' ').map((name) => api.on(name as EventName, reload));
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [api, events, reload]);

  return { data: state.data, error: state.error, loading: state.key !== key, reload };
}
