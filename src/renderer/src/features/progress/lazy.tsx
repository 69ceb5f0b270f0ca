import { lazy, Suspense } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useAccess } from '../hub/access-gate';
import { seesTeamView, usePrefetchTeamProgress } from './use-progress';

// The charting library is most of Progress's weight: it loads when a chart is first shown, so
// the app's first screen does not wait for it.
const ProgressPageModule = lazy(() => import('./progress-page').then((m) => ({ default: m.ProgressPage })));
const loadRepArc = () => import('./rep-arc');
const RepArcModule = lazy(() => loadRepArc().then((m) => ({ default: m.RepArcSection })));

/** Starts loading the arc's charts (most of the person page's weight) while the page still waits for the person. */
export function preloadRepArc(): void {
  // A failure shows where the arc is drawn, when the lazy component asks again.
  loadRepArc().catch(() => undefined);
}

function Loading() {
  const { t } = useI18n();
  return (
    <p className="progress-line" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}

export function LazyProgressPage({ query }: { query: URLSearchParams }) {
  usePrefetchTeamProgress(seesTeamView(useAccess()) && query.get('view') !== 'certification');
  return (
    <Suspense fallback={<Loading />}>
      <ProgressPageModule query={query} />
    </Suspense>
  );
}

export function LazyRepArc({ repId }: { repId: string }) {
  return (
    <Suspense fallback={<Loading />}>
      <RepArcModule repId={repId} />
    </Suspense>
  );
}
