import { ApiError } from '../../api/api';
import { useI18n } from '../../i18n/i18n';
import { Badge } from '../../ui/badge';
import { useSyncStatus } from './use-sync';
import './sync.css';

/** The hub could not be reached and nothing was fetched before: the page has not seen this, so it says so. */
export function isNotLoadedOffline(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'hub_unreachable';
}

/** On a page read from this computer's copy while the hub is away: says so, and that writing still works. */
export function OfflineNote() {
  const { t, formatDateTime } = useI18n();
  const status = useSyncStatus();
  if (status?.state !== 'offline') return null;
  return (
    <p className="offline-note" role="status">
      {status.lastContactAt ? t('sync.offlineNote', { time: formatDateTime(status.lastContactAt) }) : t('sync.offlineNoteNever')}
    </p>
  );
}

/** "Waiting to send" on a thing written here that is still in the outbox. */
export function WaitingBadge({ id, waiting }: { id: string; waiting: Set<string> }) {
  const { t } = useI18n();
  return waiting.has(id) ? <Badge tone="muted">{t('sync.waiting')}</Badge> : null;
}

/** In place of a list that was never fetched: not "none", just not seen. */
export function NotLoadedOffline() {
  const { t } = useI18n();
  return <p className="muted offline-note__missing">{t('sync.notLoaded')}</p>;
}
