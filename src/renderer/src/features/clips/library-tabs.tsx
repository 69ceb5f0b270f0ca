import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import './clips.css';

/** The Library's two views: every recording, and the Great moments clipped from them. */
export function LibraryTabs({ current }: { current: 'recordings' | 'moments' }) {
  const { t } = useI18n();
  return (
    <nav className="page-tabs library-tabs" aria-label={t('clips.tabs.label')}>
      <a className="page-tabs__tab" href={hrefFor('/library')} aria-current={current === 'recordings' ? 'page' : undefined}>{t('clips.tabs.recordings')}</a>
      <a className="page-tabs__tab" href={hrefFor('/moments')} aria-current={current === 'moments' ? 'page' : undefined}>{t('clips.moments')}</a>
    </nav>
  );
}
