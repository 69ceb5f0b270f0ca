import { useEffect, useRef, useState } from 'react';
import type { RepDetail, Seniority } from '../../../../shared/people';
import { navigate } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { PeopleIcon, PlusIcon, SearchIcon, UploadIcon } from '../../ui/icons';
import { useToast } from '../../ui/toast';
import { ImportDialog } from './import-dialog';
import { RepFormDialog } from './rep-form-dialog';
import { RosterTable } from './roster-table';
import {
  distinctValues,
  emptyRosterFilter,
  filterFromQuery,
  filterToPath,
  isFiltering,
  toRepFilter,
  type RosterFilter,
} from './roster-filter';
import { useRosterPages } from './use-people';
import { PageTitle } from '../../app/page-title';
import { useMay } from '../hub/access-gate';

const searchDelayMs = 250;

export function PeoplePage({ query }: { query: URLSearchParams }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const filter = filterFromQuery(query);
  const roster = useRosterPages(toRepFilter(filter));
  const list = roster.first;
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const may = useMay();
  const [searchText, setSearchText] = useState(filter.query);
  const searchTimer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(searchTimer.current), []);

  const update = (patch: Partial<RosterFilter>) => navigate(filterToPath({ ...filter, ...patch }), { replace: true });

  function onSearch(text: string) {
    setSearchText(text);
    window.clearTimeout(searchTimer.current);
    searchTimer.current = window.setTimeout(() => update({ query: text }), searchDelayMs);
  }

  function clearFilters() {
    window.clearTimeout(searchTimer.current);
    setSearchText('');
    navigate(filterToPath({ ...emptyRosterFilter, showArchived: filter.showArchived }), { replace: true });
  }

  function onSaved(rep: RepDetail) {
    setDialog(null);
    toast.show({ tone: 'success', message: t('people.added', { name: rep.name }) });
  }

  // The core counts and names the choices; only a page of people comes with them.
  const teams = distinctValues(list.data?.teams ?? [], locale);
  const roles = distinctValues(list.data?.roles ?? [], locale);
  const activeCount = list.data?.active ?? 0;
  const filtering = isFiltering(filter);
  const rosterEmpty = list.data !== undefined && list.data.everyone === 0;

  let content;
  if (list.error && (!list.data || !list.loading)) {
    content = <ErrorNotice error={list.error} onRetry={list.reload} />;
  } else if (list.data === undefined) {
    content = (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  } else if (rosterEmpty) {
    content = (
      <EmptyState
        icon={<PeopleIcon size={28} />}
        title={t('people.empty.title')}
        actions={
          <>
            {may('people:create') ? (
              <button type="button" className="button button--primary" data-action="people:create" onClick={() => setDialog('add')}>
                <PlusIcon /> {t('people.add')}
              </button>
            ) : null}
            {may('people:import') ? (
              <button type="button" className="button button--secondary" data-action="people:import" onClick={() => setDialog('import')}>
                <UploadIcon /> {t('people.import')}
              </button>
            ) : null}
          </>
        }
      >
        <p>{t('people.empty.body')}</p>
      </EmptyState>
    );
  } else if (list.data.matching === 0) {
    const onlyArchivedLeft = !filtering && !filter.showArchived;
    content = (
      <EmptyState
        icon={<SearchIcon size={28} />}
        title={onlyArchivedLeft ? t('people.noActive.title') : t('people.noMatch.title')}
        actions={
          <>
            {filtering ? (
              <button type="button" className="button button--secondary" onClick={clearFilters}>
                {t('people.clearFilters')}
              </button>
            ) : null}
            {!filter.showArchived ? (
              <button type="button" className="button button--ghost" onClick={() => update({ showArchived: true })}>
                {t('people.showArchivedToo')}
              </button>
            ) : null}
          </>
        }
      >
        <p>{onlyArchivedLeft ? t('people.noActive.body') : t('people.noMatch.body')}</p>
      </EmptyState>
    );
  } else {
    content = <RosterTable reps={roster.items} hasMore={roster.hasMore} onNeedMore={roster.loadMore} />;
  }

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <PageTitle>
            {t('area.people')}
          </PageTitle>
          <p className="page-subtitle">
            {list.data === undefined
              ? t('people.subtitle')
              : filtering || filter.showArchived
                ? t('people.countFiltered', { shown: list.data.matching, count: filter.showArchived ? list.data.everyone : activeCount })
                : t('people.count', { count: activeCount })}
          </p>
        </div>
        <div className="page-actions">
          {may('people:import') ? (
            <button type="button" className="button button--secondary" data-action="people:import" onClick={() => setDialog('import')}>
              <UploadIcon /> {t('people.import')}
            </button>
          ) : null}
          {may('people:create') ? (
            <button type="button" className="button button--primary" data-action="people:create" onClick={() => setDialog('add')}>
              <PlusIcon /> {t('people.add')}
            </button>
          ) : null}
        </div>
      </header>

      {rosterEmpty ? null : (
        <div role="search" className="filter-bar filter-bar--people" aria-label={t('people.filters')}>
          <div className="search-box">
            <SearchIcon className="search-box__icon" />
            <label className="visually-hidden" htmlFor="people-search">
              {t('people.search')}
            </label>
            <input
              id="people-search"
              className="input search-box__input"
              type="search"
              placeholder={t('people.searchPlaceholder')}
              value={searchText}
              onChange={(e) => onSearch(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <FilterSelect
            label={t('rep.team')}
            anyLabel={t('people.filter.allTeams')}
            value={filter.team}
            options={teams.map((team) => ({ value: team, label: team }))}
            onChange={(team) => update({ team })}
          />
          <FilterSelect
            label={t('rep.role')}
            anyLabel={t('people.filter.allRoles')}
            value={filter.role}
            options={roles.map((role) => ({ value: role, label: role }))}
            onChange={(role) => update({ role })}
          />
          <FilterSelect
            label={t('people.filter.seniority')}
            anyLabel={t('people.filter.anySeniority')}
            value={filter.seniority}
            options={(['new_hire', 'senior', 'unknown'] as const).map((s) => ({ value: s, label: t(`seniority.${s}`) }))}
            onChange={(seniority) => update({ seniority: seniority as Seniority | null })}
          />
          <label className="toggle">
            <input type="checkbox" className="checkbox" checked={filter.coachesOnly} onChange={(e) => update({ coachesOnly: e.target.checked })} />
            {t('people.filter.coachesOnly')}
          </label>
          <label className="toggle">
            <input
              type="checkbox"
              className="checkbox"
              checked={filter.showArchived}
              onChange={(e) => update({ showArchived: e.target.checked })}
            />
            {t('people.filter.showArchived')}
          </label>
          {filtering ? (
            <button type="button" className="button button--ghost button--small" onClick={clearFilters}>
              {t('people.clearFilters')}
            </button>
          ) : null}
        </div>
      )}

      <div className="page-body" aria-busy={list.loading || undefined}>
        {content}
      </div>

      {dialog === 'add' ? <AddRepDialog onClose={() => setDialog(null)} onSaved={onSaved} /> : null}
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

/** The add dialog finds a manager and a coach by searching, so it opens without the roster. */
function AddRepDialog({ onClose, onSaved }: { onClose(): void; onSaved(rep: RepDetail): void }) {
  return <RepFormDialog rep={null} onClose={onClose} onSaved={onSaved} />;
}

function FilterSelect({
  label,
  anyLabel,
  value,
  options,
  onChange,
}: {
  label: string;
  anyLabel: string;
  value: string | null;
  options: { value: string; label: string }[];
  onChange(value: string | null): void;
}) {
  const known = value === null || options.some((o) => o.value === value);
  return (
    <label className="filter-select">
      {/* The first option already names the filter ("All teams"); the label stays for screen readers. */}
      <span className="visually-hidden">{label}</span>
      <select className="input input--compact" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">{anyLabel}</option>
        {/* A value from the URL that no rep has any more still shows, so the filter is visible and clearable. */}
        {known ? null : <option value={value ?? ''}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
