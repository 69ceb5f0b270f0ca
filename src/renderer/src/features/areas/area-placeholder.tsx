import type { ComponentType } from 'react';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { CoachingIcon, LibraryIcon, ProgressIcon, RecordIcon, ScheduleIcon, TodayIcon } from '../../ui/icons';
import { PageTitle } from '../../app/page-title';

export type PlannedArea = 'today' | 'schedule' | 'record' | 'library' | 'coaching' | 'progress';

const icons: Record<PlannedArea, ComponentType<{ size?: number }>> = {
  today: TodayIcon,
  schedule: ScheduleIcon,
  record: RecordIcon,
  library: LibraryIcon,
  coaching: CoachingIcon,
  progress: ProgressIcon,
};

/** An area that is not built yet says what it will do and what helps meanwhile; it shows no made-up data. */
export function AreaPlaceholder({ area }: { area: PlannedArea }) {
  const { t } = useI18n();
  const Icon = icons[area];
  const points = [t(`placeholder.${area}.point1`), t(`placeholder.${area}.point2`), t(`placeholder.${area}.point3`)];
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <PageTitle>
            {t(`area.${area}`)}
          </PageTitle>
          <p className="page-subtitle">{t(`placeholder.${area}.tagline`)}</p>
        </div>
      </header>
      <div className="placeholder card">
        <div className="placeholder__icon">
          <Icon size={28} />
        </div>
        <div className="placeholder__content">
          <p className="eyebrow">{t('placeholder.notYet')}</p>
          <h2 className="placeholder__title">{t('placeholder.willDo')}</h2>
          <ul className="check-list">
            {points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
          <h2 className="placeholder__title">{t('placeholder.meanwhile')}</h2>
          <p>{t(`placeholder.${area}.meanwhile`)}</p>
          <div className="placeholder__actions">
            <a className="button button--primary" href={hrefFor('/people')}>
              {t('placeholder.goToPeople')}
            </a>
          </div>
        </div>
      </div>
    </div>
  );
}
