import { useCallback } from 'react';
import type { Rep, RepDetail, RepFilter } from '../../../../shared/people';
import { useApi } from '../../api/api-context';
import { useApiQuery, type Query } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';
import { describeError } from '../../api/errors';

// Seniority depends on the "new hire" setting, so a settings change refreshes people too.
const refreshOn = ['people:changed', 'settings:changed'] as const;

export function usePeopleList(filter: RepFilter): Query<Rep[]> {
  return useApiQuery(JSON.stringify(filter), (api) => api.invoke('people:list', filter), refreshOn);
}

/** Everyone, archived included: for filter options, the manager picker and "is the roster empty?". */
export function useEveryone(): Query<Rep[]> {
  return usePeopleList({ includeArchived: true });
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
