import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventName } from '../../../shared/contract';
import type { Api } from './api';
import { useApi } from './api-context';

export interface Pages<T> {
  /** Every item loaded so far, pages joined in order; kept while a refresh loads. */
  data: T[] | undefined;
  error: unknown;
  /** More items wait after the last one loaded. */
  hasMore: boolean;
  /** True while a next page is on its way. */
  loadingMore: boolean;
  loadMore(): void;
  reload(): void;
}

/** The largest page a channel gives: a refresh reads again at most this many in one call. */
const maxPage = 500;

/**
 * A list the core pages by keyset: `load` asks for `limit` items after `cursor` (none for the
 * first page), `cursorOf` names the cursor after an item. A page shorter than asked is the last.
 * An event in `refreshOn` reads again as many items as were shown (up to one largest page), so
 * the list does not shrink under the reader's eyes.
 */
export function useApiPages<T, C>(
  key: string,
  load: (api: Api, limit: number, cursor: C | undefined) => Promise<T[]>,
  cursorOf: (item: T) => C,
  pageSize: number,
  refreshOn: readonly EventName[] = [],
): Pages<T> {
  const api = useApi();
  const loadRef = useRef(load);
  const cursorRef = useRef(cursorOf);
  useLayoutEffect(() => {
    loadRef.current = load;
    cursorRef.current = cursorOf;
  });
  const [state, setState] = useState<{ key: string | null; items: T[] | undefined; hasMore: boolean; error: unknown }>({
    key: null,
    items: undefined,
    hasMore: false,
    error: undefined,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const shown = useRef(0);
  /** Bumped by every first-page load: a next page asked for before it belongs to an older list. */
  const epoch = useRef(0);

  const shownFor = useRef<string | null>(null);

  useEffect(() => {
    let current = true;
    const mine = ++epoch.current;
    if (shownFor.current !== key) {
      shownFor.current = key;
      shown.current = 0;
    }
    const limit = Math.min(maxPage, Math.max(pageSize, shown.current));
    loadRef.current(api, limit, undefined).then(
      (items) => {
        if (!current || mine !== epoch.current) return;
        shown.current = items.length;
        setState({ key, items, hasMore: items.length === limit, error: undefined });
      },
      (error: unknown) => current && setState((previous) => ({ ...previous, key, error })),
    );
    return () => {
      current = false;
    };
  }, [api, key, generation, pageSize]);

  const loadMore = useCallback(() => {
    if (loadingMore || !state.hasMore || !state.items?.length || state.key !== key) return;
    const mine = epoch.current;
    const before = state.items;
    setLoadingMore(true);
    loadRef.current(api, pageSize, cursorRef.current(before[before.length - 1]!)).then(
      (more) => {
        setLoadingMore(false);
        if (mine !== epoch.current) return;
        const items = [...before, ...more];
        shown.current = items.length;
        setState({ key, items, hasMore: more.length === pageSize, error: undefined });
      },
      (error: unknown) => {
        setLoadingMore(false);
        if (mine === epoch.current) setState((previous) => ({ ...previous, error }));
      },
    );
  }, [api, key, loadingMore, pageSize, state]);

  const events = refreshOn.join(' ');
  useEffect(() => {
    if (!events) return undefined;
    const unsubscribers = events.split(' ').map((name) => api.on(name as EventName, reload));
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [api, events, reload]);

  return { data: state.items, error: state.error, hasMore: state.hasMore, loadingMore, loadMore, reload };
}
