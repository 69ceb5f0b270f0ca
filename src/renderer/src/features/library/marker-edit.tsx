import { useState } from 'react';
import type { Marker } from '../../../../shared/recordings';
import { formatMoment } from '../../../../shared/rubrics';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { useQueuedIsSaved } from '../sync/use-queued';

/** Changes a marker's note and tag after the take; an empty tag takes the tag off. */
export function MarkerEdit({ marker, onDone }: { marker: Marker; onDone(): void }) {
  const { t } = useI18n();
  const api = useApi();
  // Offline, a connected desktop keeps the edit for the hub: saved, not failed.
  const queued = useQueuedIsSaved();
  const [note, setNote] = useState(marker.note);
  const [tag, setTag] = useState(marker.tag ?? '');
  const [error, setError] = useState<unknown>(null);
  const at = formatMoment(marker.offsetMs);
  return (
    <form
      className="marker-edit"
      onSubmit={(e) => {
        e.preventDefault();
        queued(api.invoke('markers:update', { id: marker.id, note, tag: tag.trim() || null })).then(onDone, setError);
      }}
      onKeyDown={(e) => e.key === 'Escape' && onDone()}
    >
      <label className="filter-select">
        <span className="filter-select__label">{t('marker.edit.note', { at })}</span>
        <input className="input input--compact" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} autoFocus />
      </label>
      <label className="filter-select">
        <span className="filter-select__label">{t('marker.edit.tag')}</span>
        <input className="input input--compact" value={tag} maxLength={100} onChange={(e) => setTag(e.target.value)} />
      </label>
      <button type="button" className="button button--ghost button--small" onClick={onDone}>{t('common.cancel')}</button>
      <button type="submit" className="button button--secondary button--small">{t('comments.save')}</button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
