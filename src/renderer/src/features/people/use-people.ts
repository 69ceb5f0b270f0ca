import { useCallback } from 'react';
import type { PeoplePage, Rep, RepDetail, RepFilter } from '../../../../shared/people';
import { useApi } from '../../api/api-context';
import { useApiQuery, type Query } from '../../api/use-api-query';
import { useCursorPages, type CursorPages } from '../../api/use-cursor-pages';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';
import { describeError } from '../../api/errors';

// Seniority depends on the "new hire" setting, so a settings change refreshes people too.
const refreshOn = ['people:changed', 'settings:changed'] as const;

/** How many people a page of the roster holds: a screenful or two, so the first paint waits for little. */
export const rosterPageSize = 100;

export type RosterPages = CursorPages<PeoplePage, Rep>;

/**
 * The roster matching a filter, a page at a time as it is scrolled: the core filters and orders,
 * and each page starts where the last one ended. A new filter or a change starts again from the top.
 */
export function useRosterPages(filter: RepFilter): RosterPages {
  return useCursorPages<PeoplePage, Rep>(
    `page:${JSON.stringify(filter)}`,
    (api, after) => api.invoke('people:page', { filter, limit: rosterPageSize, ...(after ? { after } : {}) }),
    (page) => page.items,
    refreshOn,
  );
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
