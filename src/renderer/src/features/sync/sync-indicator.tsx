import type { SyncStatus } from '../../../../shared/sync';
import { hrefFor } from '../../app/routes';
import { useI18n, type Translate } from '../../i18n/i18n';
import { isConnected, useSyncStatus } from './use-sync';
import './sync.css';

export const hubSettingsPath = '/settings?section=hub';

function describe(status: SyncStatus, t: Translate, formatDateTime: (iso: string) => string): { label: string; detail: string | null } {
  const attention = status.uploads.attention + status.outbox.refused;
  const needs = attention > 0 ? t('sync.indicator.attention', { count: attention }) : null;
  switch (status.state) {
    case 'offline':
      return {
        label: t('sync.state.offline'),
        detail: status.lastContactAt ? t('sync.indicator.offlineSince', { time: formatDateTime(status.lastContactAt) }) : t('sync.indicator.offlineNever'),
      };
    case 'signed-out':
      return { label: t('sync.state.signedOut'), detail: t('sync.indicator.signedOut') };
    case 'syncing':
      return { label: t('sync.state.syncing'), detail: needs };
    default:
      return { label: t('sync.state.online'), detail: needs };
  }
}

/** The sidebar's word on the team hub: online, offline (and since when the data is), sending, or signed out. */
export function SyncIndicator() {
  const { t, formatDateTime } = useI18n();
  const status = useSyncStatus();
  if (!status || !isConnected(status)) return null;
  const { label, detail } = describe(status, t, formatDateTime);
  const attention = status.uploads.attention + status.outbox.refused > 0;
  return (
    <a
      className={`sync-indicator sync-indicator--${status.state}${attention ? ' sync-indicator--attention' : ''}`}
      href={hrefFor(hubSettingsPath)}
      title={t('sync.indicator.open')}
      data-state={status.state}
    >
      <span className="sync-indicator__dot" aria-hidden="true" />
      <span className="sync-indicator__text">
        <span className="sync-indicator__label" role="status">
          {label}
        </span>
        {detail ? <span className="sync-indicator__detail">{detail}</span> : null}
      </span>
    </a>
  );
}
