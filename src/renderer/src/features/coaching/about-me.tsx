import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { CoachingIcon } from '../../ui/icons';
import { CertificationPath } from '../certification/certification-path';
import { LazyRepArc } from '../progress/lazy';
import { SideBySide } from './side-by-side';

/** What peers, coaches and the person themselves wrote about their role-plays, newest first. */
export function AboutMeTab({ me }: { me: string }) {
  const { t } = useI18n();
  const groups = useApiQuery(`about:${me}`, (a) => a.invoke('scorecards:about', { revieweeId: me }), ['scorecards:changed']);
  if (groups.error && !groups.data) return <ErrorNotice error={groups.error} onRetry={groups.reload} />;
  if (!groups.data) return <p className="muted">{t('common.loading')}</p>;
  return (
    <div className="coaching-stack">
      <CertificationPath repId={me} />
      <LazyRepArc repId={me} />
      {groups.data.length === 0 ? (
        <EmptyState icon={<CoachingIcon size={28} />} title={t('coaching.about.empty.title')}>
          <p>{t('coaching.about.empty.body')}</p>
        </EmptyState>
      ) : (
        groups.data.map((group) => <SideBySide key={group.session.id} group={group} />)
      )}
    </div>
  );
}
