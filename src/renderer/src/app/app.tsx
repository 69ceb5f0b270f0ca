import { CertificatePage, CheckCertificatePage } from '../features/certificates/certificate-page';
import { CertificationNotifier } from '../features/certificates/notify';
import { CoachingPage } from '../features/coaching/coaching-page';
import { DemoBanner, FollowDemoSwitch } from '../features/demo/demo';
import { GreatMomentsPage } from '../features/clips/great-moments-page';
import { LibraryPage } from '../features/library/library-page';
import { RecordingPage } from '../features/library/recording-page';
import { RecoveryNotice } from '../features/library/recovery-notice';
import { PeoplePage } from '../features/people/people-page';
import { LazyProgressPage } from '../features/progress/lazy';
import { RepDetailPage } from '../features/people/rep-detail-page';
import { RecordPage } from '../features/record/record-page';
import { RecordingIndicator } from '../features/record/recording-indicator';
import { SchedulePage } from '../features/schedule/schedule-page';
import { SettingsPage } from '../features/settings/settings-page';
import { ReminderBanner } from '../features/today/reminders';
import { TodayPage } from '../features/today/today-page';
import { useI18n } from '../i18n/i18n';
import { EmptyState } from '../ui/empty-state';
import { ErrorBoundary } from './error-boundary';
import { areaOf, hrefFor, parseRoute, useHash, type Route } from './routes';
import { PageTitle } from './page-title';
import { Sidebar } from './sidebar';

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  switch (route.name) {
    case 'person':
      return <RepDetailPage id={route.id} />;
    case 'recording':
      return <RecordingPage id={route.id} atMs={route.atMs} />;
    case 'certificate':
      return route.code ? <CertificatePage code={route.code} /> : <CheckCertificatePage initialCode={route.query.get('code') ?? ''} />;
    case 'moments':
      return <GreatMomentsPage query={route.query} />;
    case 'notFound':
      return (
        <div className="page">
          <PageTitle className="visually-hidden">{t('notFound.title')}</PageTitle>
          <EmptyState
            title={t('notFound.title')}
            actions={
              <a className="button button--secondary" href={hrefFor('/today')}>
                {t('notFound.action')}
              </a>
            }
          >
            <p>{t('notFound.body', { path: route.path })}</p>
          </EmptyState>
        </div>
      );
    case 'area':
      switch (route.area) {
        case 'people':
          return <PeoplePage query={route.query} />;
        case 'settings':
          return <SettingsPage query={route.query} />;
        case 'today':
          return <TodayPage />;
        case 'schedule':
          return <SchedulePage query={route.query} />;
        case 'record':
          return <RecordPage query={route.query} />;
        case 'library':
          return <LibraryPage query={route.query} />;
        case 'coaching':
          return <CoachingPage query={route.query} />;
        case 'progress':
          return <LazyProgressPage query={route.query} />;
      }
  }
}

/** The screen's identity without its filters: a filter change is not a new screen. */
function screenKey(route: Route): string {
  if (route.name === 'area') return `area:${route.area}`;
  if (route.name === 'person') return `person:${route.id}`;
  if (route.name === 'recording') return `recording:${route.id}`;
  if (route.name === 'certificate') return `certificate:${route.code ?? ''}`;
  if (route.name === 'moments') return 'moments';
  return `notFound:${route.path}`;
}

export function App() {
  const { t } = useI18n();
  const route = parseRoute(useHash());
  const key = screenKey(route);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('nav.skip')}
      </a>
      <RecoveryNotice />
      <ReminderBanner />
      <CertificationNotifier />
      <Sidebar current={areaOf(route)} />
      <FollowDemoSwitch />
      <main id="main" className="main" tabIndex={-1}>
        <DemoBanner />
        <RecordingIndicator hidden={areaOf(route) === 'record'} />
        <ErrorBoundary key={key} scope="page">
          <Page key={key} route={route} />
        </ErrorBoundary>
      </main>
    </div>
  );
}
