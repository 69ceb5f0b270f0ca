import { useEffect, useState, type ReactNode } from 'react';
import type { PeoplePage, RepDetail } from '../../../../shared/people';
import { useApiQuery, usePrefetch, type QuerySpec } from '../../api/use-api-query';
import { ApiError } from '../../api/api';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ArchivedBadge, CoachBadge, SeniorityBadge } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { ArchiveIcon, BackIcon, EditIcon, RestoreIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { RepFormDialog } from './rep-form-dialog';
import { useMay } from '../hub/access-gate';
import { useArchiveActions, useRep } from './use-people';
import { PageTitle } from '../../app/page-title';
import { LazyRepArc, preloadRepArc } from '../progress/lazy';
import { arcQuery } from '../progress/use-progress';
import { CertificationPath, pathQuery } from '../certification/certification-path';
import { cardsQuery, ReinforcementSection } from '../certification/reinforcement';

const dayMs = 86_400_000;
/** How many direct reports a person page lists; a manager of more is seen whole on People. */
const reportsShown = 50;

function daysSince(isoDate: string): number {
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.floor((today - Date.parse(`${isoDate}T00:00:00Z`)) / dayMs);
}

const reportsQuery = (id: string): QuerySpec<PeoplePage> => ({
  key: `rep:reports:${id}`,
  load: (a) => a.invoke('people:page', { filter: { managerId: id }, limit: reportsShown }),
});

export function RepDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const rep = useRep(id);
  // The sections and the arc's charts are asked for with the person, not after it has arrived.
  usePrefetch([reportsQuery(id), pathQuery(id), cardsQuery(id), arcQuery(id)]);
  useEffect(preloadRepArc, []);

  let body: ReactNode;
  if (rep.error && (rep.error instanceof ApiError ? rep.error.code === 'not_found' : false)) {
    body = (
      <EmptyState
        title={t('rep.notFound.title')}
        headingLevel={2}
        actions={
          <a className="button button--secondary" href={hrefFor('/people')}>
            {t('rep.backToPeople')}
          </a>
        }
      >
        <p>{t('rep.notFound.body')}</p>
      </EmptyState>
    );
  } else if (rep.error && !rep.loading) {
    body = <ErrorNotice error={rep.error} onRetry={rep.reload} />;
  } else if (!rep.data || rep.data.id !== id) {
    body = (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  } else {
    return <RepDetailView rep={rep.data} />;
  }

  return (
    <div className="page">
      <BackLink />
      {/* A loading screen is left untitled for focus: the heading that arrives with the rep takes it. */}
      {rep.error ? (
        <PageTitle className="visually-hidden">{t('rep.detailTitle')}</PageTitle>
      ) : (
        <h1 className="visually-hidden">{t('rep.detailTitle')}</h1>
      )}
      {body}
    </div>
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <a className="back-link" href={hrefFor('/people')}>
      <BackIcon size={16} /> {t('rep.backToPeople')}
    </a>
  );
}

function RepDetailView({ rep }: { rep: RepDetail }) {
  const { t, formatDate } = useI18n();
  const toast = useToast();
  const { archive, restore } = useArchiveActions();
  // The roster is the admins' (the core refuses anyone else), so others are not offered to change it.
  const may = useMay();
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState(false);

  // Only this person's direct reports, a page of them: the page never loads the roster.
  const reportsSpec = reportsQuery(rep.id);
  const reportsPage = useApiQuery(reportsSpec.key, reportsSpec.load, ['people:changed']);
  const reports = reportsPage.data?.items ?? [];
  const moreReports = (reportsPage.data?.matching ?? 0) - reports.length;
  const { profile } = rep;
  const learning = profile.learningPreference ? t(`learning.${profile.learningPreference}`) : null;

  async function toggleArchived() {
    if (pending) return;
    setPending(true);
    await (rep.archived ? restore(rep) : archive(rep));
    setPending(false);
  }

  const facts: { label: string; value: ReactNode }[] = [
    { label: t('rep.email'), value: <a href={`mailto:${rep.email}`}>{rep.email}</a> },
    { label: t('rep.role'), value: rep.role || null },
    { label: t('rep.team'), value: rep.team || null },
    {
      label: t('rep.manager'),
      value: rep.managerId && rep.managerName ? <a href={hrefFor(personPath(rep.managerId))}>{rep.managerName}</a> : null,
    },
    {
      label: t('rep.coachedBy'),
      value: rep.coachedById && rep.coachedByName ? <a href={hrefFor(personPath(rep.coachedById))}>{rep.coachedByName}</a> : null,
    },
    {
      label: t('rep.hireDate'),
      value: rep.hireDate ? (
        <>
          {formatDate(rep.hireDate)}{' '}
          <span className="muted">({t('rep.daysSinceHire', { count: Math.max(0, daysSince(rep.hireDate)) })})</span>
        </>
      ) : null,
    },
  ];

  return (
    <div className="page">
      <BackLink />
      <header className={`rep-header${rep.archived ? ' is-archived' : ''}`}>
        <div className="avatar" aria-hidden="true">
          {initials(rep.name)}
        </div>
        <div className="rep-header__main">
          <PageTitle>
            {rep.name}
          </PageTitle>
          <p className="rep-header__meta">
            {[rep.role, rep.team].filter(Boolean).join(' · ') || <span className="muted">{t('rep.noRoleOrTeam')}</span>}
          </p>
          <div className="badge-row">
            {rep.archived ? <ArchivedBadge /> : null}
            <SeniorityBadge seniority={rep.seniority} />
            {rep.coach ? <CoachBadge /> : null}
          </div>
        </div>
        {may('people:update') || may(rep.archived ? 'people:unarchive' : 'people:archive') ? (
          <div className="page-actions">
            {may('people:update') ? (
              <button type="button" className="button button--secondary" data-action="people:update" onClick={() => setEditing(true)}>
                <EditIcon /> {t('common.edit')}
              </button>
            ) : null}
            <button
              type="button"
              data-action={rep.archived ? 'people:unarchive' : 'people:archive'}
              className={`button ${rep.archived ? 'button--secondary' : 'button--danger'}`}
              onClick={() => void toggleArchived()}
              aria-disabled={pending || undefined}
            >
              {rep.archived ? <RestoreIcon /> : <ArchiveIcon />} {rep.archived ? t('rep.restore') : t('rep.archive')}
            </button>
          </div>
        ) : null}
      </header>

      {rep.archived ? (
        <div className="notice notice--muted">
          <div className="notice__content">
            <p>
              {rep.archivedAt ? t('rep.archivedOn', { date: formatDate(rep.archivedAt.slice(0, 10)) }) : t('badge.archived')}{' '}
              {t('rep.archivedHelp')}
            </p>
          </div>
        </div>
      ) : null}

      <div className="detail-grid">
        <section className="card" aria-labelledby="rep-facts">
          <h2 id="rep-facts" className="card__title">
            {t('rep.details')}
          </h2>
          <dl className="facts">
            {facts.map((fact) => (
              <div key={fact.label} className="facts__row">
                <dt>{fact.label}</dt>
                <dd>{fact.value ?? <span className="muted">{t('common.notSet')}</span>}</dd>
              </div>
            ))}
            <div className="facts__row">
              <dt>{t('rep.seniorityLabel')}</dt>
              <dd>{t(`seniority.${rep.seniority}.long`)}</dd>
            </div>
            <div className="facts__row">
              <dt>{t('rep.coach')}</dt>
              <dd>{rep.coach ? t('rep.coachYes') : t('rep.coachNo')}</dd>
            </div>
          </dl>
          {reports.length > 0 ? (
            <>
              <h3 className="section-title">{t('rep.reports', { count: reportsPage.data?.matching ?? reports.length })}</h3>
              <ul className="plain-list link-list">
                {reports.map((report) => (
                  <li key={report.id}>
                    <a href={hrefFor(personPath(report.id))}>{report.name}</a>
                  </li>
                ))}
              </ul>
              {moreReports > 0 ? <p className="small muted">{t('rep.moreReports', { count: moreReports })}</p> : null}
            </>
          ) : null}
        </section>

        <section className="card" aria-labelledby="rep-profile">
          <h2 id="rep-profile" className="card__title">
            {t('profile.title')}
          </h2>
          <div className="profile">
            <ProfileItem label={t('profile.careerGoals')} value={profile.careerGoals} />
            <ProfileItem label={t('profile.motivators')} value={profile.motivators} />
            <ProfileItem label={t('profile.learningPreference')} value={learning ?? ''} />
            <ProfileItem
              label={t('profile.assessment')}
              value={[profile.assessmentType, profile.assessmentResult].filter(Boolean).join(': ')}
            />
            <ProfileItem label={t('profile.notes')} value={profile.notes} />
          </div>
        </section>
      </div>

      {rep.archived ? null : (
        <>
          <CertificationPath repId={rep.id} />
          <ReinforcementSection repId={rep.id} />
        </>
      )}

      <LazyRepArc repId={rep.id} />

      {editing ? (
        <RepFormDialog
          rep={rep}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            toast.show({ tone: 'success', message: t('people.saved', { name: saved.name }) });
          }}
        />
      ) : null}
    </div>
  );
}

function ProfileItem({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  return (
    <div className="profile__item">
      <h3 className="profile__label">{label}</h3>
      {value.trim() ? <p className="profile__value">{value}</p> : <p className="profile__value muted">{t('profile.empty')}</p>}
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
