import { useEffect, useMemo, useState } from 'react';
import type { OutgoingUpload, SyncStatus } from '../../../../shared/sync';
import { useApi } from '../../api/api-context';
import { useApiQuery, type Query } from '../../api/use-api-query';

/**
 * The desktop's link to its team hub, kept current by `sync:changed`. Null until known, and for a
 * core that cannot say (then the app behaves as a local data folder).
 */
export function useSyncStatus(): SyncStatus | null {
  const api = useApi();
  // The shell, the screen and "me" all ask at once: one call answers them.
  const query = useApiQuery('sync-status', (a) => a.invoke('sync:status', {}), ['sync:changed'], { shared: true });
  const [pushed, setPushed] = useState<SyncStatus | null>(null);
  // The event carries the new status itself: shown at once, before the reload answers.
  useEffect(() => api.on('sync:changed', setPushed), [api]);
  return pushed ?? query.data ?? null;
}

/** True when this data folder is joined to a team hub (whatever the hub's state right now). */
export function isConnected(status: SyncStatus | null): boolean {
  return status !== null && status.state !== 'local';
}

export function useUploads(): Query<OutgoingUpload[]> {
  return useApiQuery('sync-uploads', (a) => a.invoke('sync:uploads', {}), ['sync:changed']);
}

/** Only a desktop joined to a hub has takes going up; elsewhere nothing is asked. */
function useUploadsIfConnected(): OutgoingUpload[] {
  const connected = isConnected(useSyncStatus());
  const uploads = useApiQuery(`sync-uploads:${connected}`, (a) => (connected ? a.invoke('sync:uploads', {}) : Promise.resolve([])), ['sync:changed']);
  return uploads.data ?? [];
}

/** Bytes sent of each take going up right now, from `sync:progress`. */
export function useUploadProgress(): Map<string, { sent: number; total: number }> {
  const api = useApi();
  const [progress, setProgress] = useState(() => new Map<string, { sent: number; total: number }>());
  useEffect(
    () =>
      api.on('sync:progress', ({ recordingId, bytesSent, bytesTotal }) =>
        setProgress((previous) => new Map(previous).set(recordingId, { sent: bytesSent, total: bytesTotal })),
      ),
    [api],
  );
  return progress;
}

/** Takes that stay on this computer because not everyone in them agreed to share them with the hub. */
export function useKeptLocal(): Set<string> {
  const uploads = useUploadsIfConnected();
  return useMemo(() => new Set(uploads.filter((u) => u.state === 'kept-local').map((u) => u.recordingId)), [uploads]);
}

/**
 * What waits in this desktop's outbox, by what it is about (a scorecard, a comment, a clip...), so
 * the thing itself can say "waiting to send" where it is shown. Empty away from a hub.
 */
export function useWaiting(): Set<string> {
  const connected = isConnected(useSyncStatus());
  const outbox = useApiQuery(`sync-outbox-waiting:${connected}`, (a) => (connected ? a.invoke('sync:outbox', {}) : Promise.resolve([])), ['sync:changed']);
  const items = outbox.data;
  return useMemo(() => new Set((items ?? []).flatMap((i) => (i.subjectId ? [i.subjectId] : []))), [items]);
}
