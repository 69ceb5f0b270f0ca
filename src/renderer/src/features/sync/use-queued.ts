import { useCallback } from 'react';
import { isQueuedOffline } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';

/** Autosave queues a write every pause in typing: one calm word about it is enough for a while. */
const quietMs = 60_000;
let lastToldAt = -Infinity;

/**
 * Wraps a write that a desktop may keep in its outbox while the hub is away: that answer is a
 * save, not a failure, and is said calmly (once in a while) instead of shown as an error.
 * Resolves to `undefined` when the write was queued.
 */
export function useQueuedIsSaved(): <T>(write: Promise<T>) => Promise<T | undefined> {
  const toast = useToast();
  const { t } = useI18n();
  return useCallback(
    async <T,>(write: Promise<T>): Promise<T | undefined> => {
      try {
        return await write;
      } catch (error) {
        if (!isQueuedOffline(error)) throw error;
        const now = Date.now();
        if (now - lastToldAt > quietMs) {
          lastToldAt = now;
          toast.show({ tone: 'info', message: t('sync.queued') });
        }
        return undefined;
      }
    },
    [toast, t],
  );
}
