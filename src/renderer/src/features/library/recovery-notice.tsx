import { useEffect } from 'react';
import { useApi } from '../../api/api-context';
import { navigate } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useToast } from '../../ui/toast';
import { formatDuration } from './format';

/**
 * Tells the user, wherever they are, that an interrupted take was recovered and how long it is,
 * or that an import of one file per voice was cut off and dropped.
 */
export function RecoveryNotice() {
  const api = useApi();
  const toast = useToast();
  const { t } = useI18n();
  useEffect(
    () =>
      api.on('recordings:recovered', ({ recordings, droppedPairs }) => {
        if (droppedPairs) toast.show({ tone: 'error', message: t('library.recovered.droppedPair', { count: droppedPairs }) });
        for (const r of recordings) {
          toast.show({
            tone: r.durationMs ? 'success' : 'error',
            message: r.durationMs ? t('library.recovered.toast', { duration: formatDuration(r.durationMs) }) : t('library.recovered.failed'),
            action: { label: t('library.recovered.open'), onAction: () => navigate(`/library/${encodeURIComponent(r.id)}`) },
          });
        }
      }),
    [api, toast, t],
  );
  return null;
}
