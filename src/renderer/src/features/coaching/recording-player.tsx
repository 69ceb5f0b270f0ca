import { useCallback, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { pageInputs } from '../../../../shared/page-inputs';
import type { Marker } from '../../../../shared/recordings';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { useMediaRecovery } from '../library/media-recovery';
import { isNotLoadedOffline } from '../sync/offline-note';
import { useSyncStatus } from '../sync/use-sync';

export interface Player {
  ref: RefObject<(HTMLVideoElement & HTMLAudioElement) | null>;
  /** Jumps to a moment and plays from there; false when there is no player to seek. */
  seek(ms: number): boolean;
  currentMs(): number | null;
}

export function usePlayer(): Player {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const seek = useCallback((ms: number) => {
    const node = ref.current;
    if (!node) return false;
    node.currentTime = ms / 1000;
    node.scrollIntoView?.({ block: 'nearest' });
    void node.play().catch(() => undefined);
    return true;
  }, []);
  const currentMs = useCallback(() => (ref.current ? Math.round(ref.current.currentTime * 1000) : null), []);
  return useMemo(() => ({ ref, seek, currentMs }), [seek, currentMs]);
}

/** The session's recording, loaded by id through the media route; markers are handed to `children`. */
export function RecordingPlayer({ recordingId, player, children }: { recordingId: string; player: Player; children?: (markers: Marker[]) => ReactNode }) {
  const { t } = useI18n();
  const api = useApi();
  const recording = useApiQuery(`coaching-recording:${recordingId}`, (a) => a.invoke('recordings:get', { id: recordingId }), ['recordings:changed']);
  const offline = useSyncStatus()?.state === 'offline';
  // The media itself may not come although its details did (offline, a take this computer did not keep).
  const [failed, setFailed] = useState<string | null>(null);
  const retry = useMediaRecovery();
  const r = recording.data;
  if (!r) return recording.error ? <p className="muted">{t(isNotLoadedOffline(recording.error) ? 'coaching.recording.notLoaded' : 'coaching.recording.unavailable')}</p> : null;
  if (r.status !== 'ready') return <p className="muted">{t('coaching.recording.notReady')}</p>;
  const Media = r.hasVideo ? 'video' : 'audio';
  return (
    <div className="coaching-player">
      <Media
        ref={player.ref}
        className={r.hasVideo ? 'coaching-player__media coaching-player__media--video' : 'coaching-player__media'}
        controls
        preload="metadata"
        src={api.mediaUrl('recording', r.id)}
        aria-label={t('coaching.recording.player')}
        onError={(event) => {
          if (!retry(event)) setFailed(r.id);
        }}
        onLoadedMetadata={() => setFailed(null)}
      />
      {failed === r.id ? (
        <p className="notice notice--muted" role="status">
          {t(offline ? 'coaching.recording.notKept' : 'coaching.recording.unplayable')}
        </p>
      ) : null}
      {children?.(r.markers)}
    </div>
  );
}

/**
 * In place of the recording when the scorecard names none. Online that is the truth; offline the
 * session may have a take this computer never fetched, and then it says so rather than "none".
 */
export function NoRecordingNotice({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const offline = useSyncStatus()?.state === 'offline';
  const takes = useApiQuery(`coaching-takes:${sessionId}:${offline}`, (a) => (offline ? a.invoke('recordings:list', pageInputs.takes(sessionId)) : Promise.resolve([])), [
    'recordings:changed',
  ]);
  const unseen =
    offline && (isNotLoadedOffline(takes.error) || (takes.data ?? []).some((take) => take.status === 'ready' || take.status === 'finalizing'));
  if (offline && takes.data === undefined && !takes.error) return null;
  return <p className="notice notice--muted">{t(unseen ? 'coaching.recording.notLoaded' : 'coaching.recording.none')}</p>;
}
