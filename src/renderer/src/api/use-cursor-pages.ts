import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Api } from './api';
import { useApi } from './api-context';
import type { EventName } from '../../../shared/contract';
import { useApiQuery, type Query } from './use-api-query';

export interface CursorPages<P, I> {
  /** The first page's answer: its counts and filter choices, and whether it failed. */
  first: Query<P>;
  /** Every item loaded so far, in the core's order. */
  items: I[];
  /** Whether more match than are loaded. */
  hasMore: boolean;
  /** Asks for the next page (once, however often it is called while that page is on its way). */
  loadMore(): void;
}

/**
 * A list the core answers a page at a time, each page starting where the last one ended (`next`).
 * `key` names the filter: a new filter, or one of `refreshOn`'s events, starts again from the top.
 * `load(api)` asks for the first page, `load(api, after)` for the one after a cursor.
 */
export function useCursorPages<P extends { next: unknown }, I>(
  key: string,
  load: (api: Api, after?: NonNullable<P['next']>) => Promise<P>,
  itemsOf: (page: P) => I[],
  refreshOn: readonly EventName[],
): CursorPages<P, I> {
  const api = useApi();
  const loadRef = useRef(load);
  const itemsRef = useRef(itemsOf);
  useLayoutEffect(() => {
    loadRef.current = load;
    itemsRef.current = itemsOf;
  });
  const first = useApiQuery(key, (a) => loadRef.current(a), refreshOn);
  const [more, setMore] = useState<{ base: P | undefined; pages: P[] }>({ base: undefined, pages: [] });
  const inFlight = useRef<P | null>(null);
  const base = first.loading ? undefined : first.data;
  const pages = useMemo(() => (base && more.base === base ? more.pages : []), [base, more]);
  const last = pages.at(-1) ?? base;
  const loadMore = useCallback(() => {
    if (!base || !last?.next || inFlight.current === last) return;
    inFlight.current = last;
    loadRef.current(api, last.next as NonNullable<P['next']>).then(
      (page) => setMore((m) => ({ base, pages: [...(m.base === base ? m.pages : []), page] })),
      // A failed page is asked for again when the list next wants it.
      () => {
        inFlight.current = null;
      },
    );
  }, [api, base, last]);
  const items = useMemo(
    () => (base ? [...itemsRef.current(base), ...pages.flatMap((p) => itemsRef.current(p))] : first.data ? itemsRef.current(first.data) : []),
    [base, pages, first.data],
  );
  return { first, items, hasMore: Boolean(last?.next), loadMore };
}
