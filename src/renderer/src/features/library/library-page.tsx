import { useMemo, useState } from 'react';
import type { Recording } from '../../../../shared/recordings';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { LibraryIcon, UploadIcon } from '../../ui/icons';
import { formatDuration, takeNumbers } from './format';
import '../record/record.css';
import { ImportRecordingDialog } from './import-recording';
import { useKeptLocal } from '../sync/use-sync';

function StatusBadge({ recording }: { recording: Recording }) {
  const { t } = useI18n();
  if (recording.mediaProblem) return <span className="badge badge--danger">{t(`library.status.${recording.mediaProblem}`)}</span>;
  if (recording.status === 'ready') {
    return recording.recovered ? <span className="badge badge--warning">{t('library.status.recovered')}</span> : null;
  }
  const tone = recording.status === 'failed' ? 'badge--danger' : 'badge--accent';
  return <span className={`badge ${tone}`}>{t(`library.status.${recording.status}`)}</span>;
}

/** Every recording, newest first, with who practised what; imports arrive here too. */
export function LibraryPage() {
  const { t, formatDateTime, focusName } = useI18n();
  const api = useApi();
  const recordings = useApiQuery('recordings', (a) => a.invoke('recordings:list', {}), ['recordings:changed']);
  const sessions = useApiQuery('sessions:all', (a) => a.invoke('sessions:list', {}), ['sessions:changed']);
  const [importing, setImporting] = useState(false);
  const byId = useMemo(() => new Map((sessions.data ?? []).map((s) => [s.id, s])), [sessions.data]);
  const takes = useMemo(() => takeNumbers(recordings.data ?? []), [recordings.data]);
  const keptLocal = useKeptLocal();

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <PageTitle>{t('area.library')}</PageTitle>
          <p className="page-subtitle">{t('library.subtitle')}</p>
        </div>
        <div className="page-actions">
          <button type="button" className="button button--secondary" onClick={() => setImporting(true)}>
            <UploadIcon /> {t('library.import')}
          </button>
          <a className="button button--primary" href={hrefFor('/record')}>
            <span className="rec-dot" aria-hidden="true" /> {t('library.record')}
          </a>
        </div>
      </header>
      {recordings.error ? <ErrorNotice error={recordings.error} onRetry={recordings.reload} /> : null}
      {recordings.data && recordings.data.length === 0 ? (
        <EmptyState
          icon={<LibraryIcon size={28} />}
          title={t('library.empty.title')}
          actions={
            <>
              <a className="button button--primary" href={hrefFor('/record')}>{t('library.record')}</a>
              <button type="button" className="button button--secondary" onClick={() => setImporting(true)}>{t('library.import')}</button>
            </>
          }
        >
          <p>{t('library.empty.body')}</p>
        </EmptyState>
      ) : null}
      {recordings.data && recordings.data.length > 0 ? (
        <ul className="recording-list">
          {recordings.data.map((r) => {
            const session = byId.get(r.sessionId);
            const people = session?.participants.map((p) => p.name).join(' & ');
            const take = takes.get(r.id);
            return (
              <li key={r.id} className="recording-item card">
                {r.hasThumbnail ? (
                  <img className="recording-item__thumb" src={api.mediaUrl('thumbnail', r.id)} alt="" />
                ) : (
                  <div className="recording-item__thumb recording-item__thumb--audio" aria-hidden="true">♪</div>
                )}
                <div className="recording-item__body">
                  <a className="recording-item__title" href={hrefFor(`/library/${encodeURIComponent(r.id)}`)}>
                    {[session ? focusName(session.focusAreaName) : undefined, people || session?.title || r.sourceName, take ? t('library.take', { n: take }) : undefined]
                      .filter(Boolean)
                      .join(' · ') || t('library.untitled')}
                  </a>
                  <p className="muted">
                    {formatDateTime(r.startedAt)} · {formatDuration(r.durationMs)} · {t(`library.mode.${r.mode}`)}
                  </p>
                  {keptLocal.has(r.id) ? <p className="muted kept-local">{t('sync.keptLocal')}</p> : null}
                </div>
                <StatusBadge recording={r} />
              </li>
            );
          })}
        </ul>
      ) : null}
      {importing ? <ImportRecordingDialog onClose={() => setImporting(false)} /> : null}
    </div>
  );
}
