import { useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { CoachingIcon } from '../../ui/icons';
import { AboutMeTab } from './about-me';
import { CalibrationTab } from './calibration-tab';
import { NotesPage, NotesTab } from './coaching-notes';
import { OpenSessionScorecard } from './open-session-scorecard';
import { coachingTabs, tabPath, type CoachingTab } from './paths';
import { ScorecardPage } from './scorecard-form';
import { TemplateEditorPage } from './template-editor';
import { TemplateLibraryTab } from './template-library';
import { ToWriteTab } from './to-write';
import { ChooseOwner, CurrentPersonLabel } from '../owner/owner';
import { useCurrentPerson } from './use-me';
import { useMay } from '../hub/access-gate';
import { ScorecardsImportDialog } from './scorecards-import-dialog';
import './coaching.css';

function isTab(value: string | null): value is CoachingTab {
  return (coachingTabs as readonly (string | null)[]).includes(value);
}

/** The Coaching area: scorecards to write and about me, weekly notes, the template library and calibration. */
export function CoachingPage({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const { me: current } = useCurrentPerson();
  // Whether anyone is on the roster at all: one row and the counts, never the roster itself.
  const people = useApiQuery('coaching-people', (a) => a.invoke('people:page', { limit: 1 }), ['people:changed']);
  // Offered only what the core's rules allow this person (importing scores and calibration are the admins').
  const may = useMay();
  const [importing, setImporting] = useState(false);

  const scorecard = query.get('scorecard');
  if (scorecard) return <ScorecardPage id={scorecard} />;
  const template = query.get('template');
  if (template) return <TemplateEditorPage id={template} focusAreaId={query.get('focus')} />;

  const notes = query.get('notes');
  if (notes && current) return <NotesPage id={notes} me={current} />;

  const tabs = coachingTabs.filter((name) => name !== 'calibration' || may('scorecards:calibration'));
  const rawTab = query.get('tab');
  const tab: CoachingTab = isTab(rawTab) && tabs.includes(rawTab) ? rawTab : 'write';
  const session = query.get('session');
  const personal = session !== null || tab === 'write' || tab === 'about' || tab === 'notes';

  // Scoring and what the person owes need only who they are: they open without the team's list,
  // which a desktop away from its hub may never have fetched (nor keeps warm: it is the whole team).
  const needsPeople = !(current && (session !== null || tab === 'write' || tab === 'about'));
  let content;
  if (needsPeople && people.error && !people.data) content = <ErrorNotice error={people.error} onRetry={people.reload} />;
  else if (needsPeople && !people.data) content = <p className="muted">{t('common.loading')}</p>;
  else if (personal && people.data && people.data.active === 0) {
    content = (
      <EmptyState
        icon={<CoachingIcon size={28} />}
        title={t('coaching.noPeople.title')}
        actions={
          <a className="button button--primary" href={hrefFor('/people')}>
            {t('placeholder.goToPeople')}
          </a>
        }
      >
        <p>{t('coaching.noPeople.body')}</p>
      </EmptyState>
    );
  } else if (personal && !current) {
    content = <ChooseOwner icon={<CoachingIcon size={28} />} />;
  } else if (session) content = <OpenSessionScorecard sessionId={session} me={current!.id} />;
  else if (tab === 'write') content = <ToWriteTab me={current!.id} />;
  else if (tab === 'about') content = <AboutMeTab me={current!.id} />;
  else if (tab === 'notes') content = <NotesTab me={current!.id} />;
  else if (tab === 'templates') content = <TemplateLibraryTab />;
  else content = <CalibrationTab />;

  return (
    <div className="page coaching-wide">
      <header className="page-header">
        <div>
          <PageTitle>{t('area.coaching')}</PageTitle>
          <p className="page-subtitle">{t(`coaching.tab.${tab}.subtitle`)}</p>
        </div>
        {may('scorecards:import') && tab === 'calibration' ? (
          <div className="page-actions">
            <CurrentPersonLabel />
            <button type="button" className="button button--secondary" data-action="scorecards:import" onClick={() => setImporting(true)}>
              {t('coaching.import.open')}
            </button>
          </div>
        ) : (
          <CurrentPersonLabel />
        )}
      </header>
      {importing ? <ScorecardsImportDialog onClose={() => setImporting(false)} /> : null}
      <nav className="page-tabs coaching-tabs" aria-label={t('coaching.tabs.label')}>
        {tabs.map((name) => (
          <a key={name} className="page-tabs__tab" href={hrefFor(tabPath(name))} aria-current={name === tab ? 'page' : undefined}>
            {t(`coaching.tab.${name}`)}
          </a>
        ))}
      </nav>
      <div className="page-body">{content}</div>
    </div>
  );
}
