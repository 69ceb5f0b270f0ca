import { useCallback, useMemo, useRef, useState } from 'react';
import type { PeoplePage, Rep, RepDetail, RepFilter } from '../../../../shared/people';
import { useApi } from '../../api/api-context';
import { useApiQuery, type Query } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';
import { describeError } from '../../api/errors';

// Seniority depends on the "new hire" setting, so a settings change refreshes people too.
const refreshOn = ['people:changed', 'settings:changed'] as const;

/** How many people a page of the roster holds: a screenful or two, so the first paint waits for little. */
export const rosterPageSize = 100;

export interface RosterPages {
  /** The first page's answer: the counts and filter choices, and whether it failed. */
  first: Query<PeoplePage>;
  /** Every person loaded so far, in the roster's order. */
  items: Rep[];
  /** Whether more people match than are loaded. */
  hasMore: boolean;
  /** Asks for the next page (once, however often it is called while that page is on its way). */
  loadMore(): void;
}

/**
 * The roster matching a filter, a page at a time as it is scrolled: the core filters and orders,
 * and each page starts where the last one ended. A new filter or a change starts again from the top.
 */
export function useRosterPages(filter: RepFilter): RosterPages {
  const api = useApi();
  const key = JSON.stringify(filter);
  const first = useApiQuery(`page:${key}`, (a) => a.invoke('people:page', { filter, limit: rosterPageSize }), refreshOn);
  const [more, setMore] = useState<{ base: PeoplePage | undefined; pages: PeoplePage[] }>({ base: undefined, pages: [] });
  const inFlight = useRef<PeoplePage | null>(null);
  const base = first.loading ? undefined : first.data;
  const pages = useMemo(() => (base && more.base === base ? more.pages : []), [base, more]);
  const last = pages.at(-1) ?? base;
  const loadMore = useCallback(() => {
    if (!base || !last?.next || inFlight.current === last) return;
    inFlight.current = last;
    api.invoke('people:page', { filter: JSON.parse(key) as RepFilter, limit: rosterPageSize, after: last.next }).then(
      (page) => setMore((m) => ({ base, pages: [...(m.base === base ? m.pages : []), page] })),
      // A failed page is asked for again when the list next wants it.
      () => {
        inFlight.current = null;
      },
    );
  }, [api, key, base, last]);
  const items = useMemo(() => (base ? [...base.items, ...pages.flatMap((p) => p.items)] : (first.data?.items ?? [])), [base, pages, first.data]);
  return {
    first,
    items,
    hasMore: Boolean(last?.next),
    loadMore,
  };
}

export function useRep(id: string): Query<RepDetail> {
  return useApiQuery(id, (api) => api.invoke('people:get', { id }), refreshOn);
}

/** Archive at once, with an Undo in the toast; restore the same way. */
export function useArchiveActions() {
  const api = useApi();
  const toast = useToast();
  const { t, language } = useI18n();

  const fail = useCallback(
    (error: unknown) => {
      const { title, message } = describeError(error, t, language);
      toast.show({ tone: 'error', message: `${title} ${message}` });
    },
    [toast, t, language],
  );

  const restore = useCallback(
    async (rep: Pick<Rep, 'id' | 'name'>) => {
      try {
        await api.invoke('people:unarchive', { id: rep.id });
        toast.show({ tone: 'success', message: t('people.restored', { name: rep.name }) });
      } catch (error) {
        fail(error);
      }
    },
    [api, toast, t, fail],
  );

  const archive = useCallback(
    async (rep: Pick<Rep, 'id' | 'name'>) => {
      try {
        await api.invoke('people:archive', { id: rep.id });
        toast.show({
          tone: 'success',
          message: t('people.archived', { name: rep.name }),
          action: { label: t('common.undo'), onAction: () => void restore(rep) },
        });
      } catch (error) {
        fail(error);
      }
    },
    [api, toast, t, restore, fail],
  );

  return { archive, restore };
}
