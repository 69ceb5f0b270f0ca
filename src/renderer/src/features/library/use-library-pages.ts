import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryFilter, LibraryRow } from '../../../../shared/library';
import { useApi } from '../../api/api-context';

export const libraryPageSize = 50;

interface State {
  key: string;
  total: number | null;
  /** The count stopped there: there are more (the list grows as it is scrolled). */
  capped: boolean;
  pages: Map<number, LibraryRow[]>;
  error: unknown;
}

/**
 * The Library a page at a time: the list asks for the rows it is about to show, and only those
 * pages are fetched. A new filter starts over; a change in the data refetches what is loaded.
 */
export function useLibraryPages(filter: LibraryFilter, refresh: number) {
  const api = useApi();
  const key = JSON.stringify(filter);
  const [state, setState] = useState<State>({ key: '', total: null, capped: false, pages: new Map(), error: undefined });
  const inFlight = useRef(new Set<string>());
  const current = useRef(key);
  current.current = key;

  const load = useCallback(
    (page: number, force = false) => {
      const flight = `${key}#${page}#${refresh}`;
      if (inFlight.current.has(flight) && !force) return;
      inFlight.current.add(flight);
      api.invoke('library:search', { ...filter, offset: page * libraryPageSize, limit: libraryPageSize }).then(
        (result) => {
          if (current.current !== key) return;
          setState((s) => {
            const pages = s.key === key ? new Map(s.pages) : new Map<number, LibraryRow[]>();
            pages.set(page, result.rows);
            // A count that stopped is a floor: a later page counts further, an earlier one answering
            // late must not shrink the list under the reader.
            const same = s.key === key && s.capped && s.total !== null;
            const capped = result.capped === true;
            const total = capped && same ? Math.max(s.total!, result.total) : result.total;
            return { key, total, capped, pages, error: undefined };
          });
        },
        (error: unknown) => {
          inFlight.current.delete(flight);
          if (current.current === key) setState((s) => ({ ...s, key, error }));
        },
      );
    },
    // `filter` is described by `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, refresh],
  );

  useEffect(() => {
    load(0);
  }, [load]);

  const ensure = useCallback(
    (firstIndex: number, lastIndex: number) => {
      for (let page = Math.floor(firstIndex / libraryPageSize); page <= Math.floor(lastIndex / libraryPageSize); page++) load(page);
    },
    [load],
  );

  const fresh = state.key === key;
  return {
    total: fresh ? state.total : null,
    capped: fresh && state.capped,
    row: (index: number): LibraryRow | undefined => (fresh ? state.pages.get(Math.floor(index / libraryPageSize))?.[index % libraryPageSize] : undefined),
    error: fresh ? state.error : undefined,
    ensure,
    retry: () => load(0, true),
  };
}
