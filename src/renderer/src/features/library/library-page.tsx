import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { LibraryRow } from '../../../../shared/library';
import { formatMoment } from '../../../../shared/rubrics';
import { useApi } from '../../api/api-context';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { hrefFor, navigate, recordingPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { LibraryIcon, SearchIcon, UploadIcon } from '../../ui/icons';
import { formatDuration } from './format';
import '../record/record.css';
import './library.css';
import { ImportRecordingDialog } from './import-recording';
import { LibraryTabs } from '../clips/library-tabs';
import { PersonPicker } from '../people/person-picker';
import { useKeptLocal } from '../sync/use-sync';
import { emptyLibraryView, highlight, isNarrowed, toLibraryFilter, viewFromQuery, viewToPath, type LibraryView } from './library-filter';
import { libraryPageSize, useLibraryPages } from './use-library-pages';

const searchDelayMs = 250;
const rowEstimate = 92;

/** Every recorded session, searchable and filtered by the URL, drawn a screenful at a time. */
export function LibraryPage({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const api = useApi();
  const queryKey = query.toString();
  const view = viewFromQuery(query);
  const filter = useMemo(() => toLibraryFilter(viewFromQuery(new URLSearchParams(queryKey))), [queryKey]);
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    const bump = () => setRefresh((n) => n + 1);
    const offs = (['recordings:changed', 'sessions:changed', 'scorecards:changed'] as const).map((e) => api.on(e, bump));
    return () => offs.forEach((off) => off());
  }, [api]);
  const pages = useLibraryPages(filter, refresh);
  const [importing, setImporting] = useState(false);
  const update = (patch: Partial<LibraryView>) => navigate(viewToPath({ ...view, ...patch }), { replace: true });
  const narrowed = isNarrowed(view);
  const emptyLibrary = pages.total === 0 && !narrowed;

  return (
    <div className="page library-page">
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
      <LibraryTabs current="recordings" />
      {emptyLibrary ? null : <LibraryFilters view={view} update={update} />}
      {pages.error ? <ErrorNotice error={pages.error} onRetry={pages.retry} /> : null}
      {emptyLibrary ? (
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
      {pages.total === 0 && narrowed ? (
        <EmptyState
          icon={<SearchIcon size={28} />}
          title={t('library.noMatch.title')}
          actions={
            <button type="button" className="button button--secondary" onClick={() => navigate(viewToPath({ ...emptyLibraryView, sort: view.sort }), { replace: true })}>
              {t('library.clear')}
            </button>
          }
        >
          <p>{t('library.noMatch.body')}</p>
        </EmptyState>
      ) : null}
      {pages.total !== null && pages.total > 0 ? <SessionList total={pages.total} capped={pages.capped} row={pages.row} ensure={pages.ensure} query={view.query} /> : null}
      {importing ? <ImportRecordingDialog onClose={() => setImporting(false)} /> : null}
    </div>
  );
}

function SessionList({ total, capped, row, ensure, query }: { total: number; capped: boolean; row: (i: number) => LibraryRow | undefined; ensure: (a: number, b: number) => void; query: string }) {
  // Takes that not everyone agreed to share stay on this computer; the row says so.
  const keptLocal = useKeptLocal();
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowEstimate,
    overscan: 6,
    // Before the scroller is measured, draw a screenful rather than nothing.
    initialRect: { width: 1000, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  // The page after the rows in view is asked for too, so that scrolling on finds it loaded rather
  // than drawing placeholders and then measuring every row again when it comes.
  useEffect(() => ensure(first, Math.min(total - 1, last + libraryPageSize)), [ensure, first, last, total]);

  return (
    <section aria-label={t('area.library')}>
      <p className="muted library-count" aria-live="polite">
        {t(capped ? 'library.countAtLeast' : 'library.count', { count: total })} · {t('library.meanNote')}
      </p>
      <div ref={scroller} className="library-scroller" data-testid="library-scroller">
        <ul className="library-list" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const r = row(item.index);
            return (
              <li
                key={r?.sessionId ?? `loading-${item.index}`}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="library-row-slot"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {r ? <SessionRow row={r} query={query} keptLocal={r.takes.some((x) => keptLocal.has(x.id))} /> : <div className="library-row card library-row--loading">{t('library.loadingRow')}</div>}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

// Memoised: the list draws again on every scrolled frame, and a row already on screen has nothing new to show.
const SessionRow = memo(function SessionRow({ row: r, query, keptLocal }: { row: LibraryRow; query: string; keptLocal: boolean }) {
  const { t, formatSessionTime, focusName } = useI18n();
  const api = useApi();
  const take = r.takes.find((x) => x.id === r.recordingId) ?? r.takes[r.takes.length - 1]!;
  const seller = r.participants.find((p) => p.role === 'seller');
  const buyer = r.participants.find((p) => p.role === 'buyer');
  const people = [seller?.name, buyer?.name].filter(Boolean).join(' & ') || r.title;
  const duration = r.takes.reduce((sum, x) => sum + (x.durationMs ?? 0), 0);
  return (
    <article className="library-row card">
      {take.hasThumbnail ? (
        <img className="recording-item__thumb" src={api.mediaUrl('thumbnail', take.id)} alt="" loading="lazy" />
      ) : (
        <div className="recording-item__thumb recording-item__thumb--audio" aria-hidden="true">♪</div>
      )}
      <div className="library-row__body">
        <a className="recording-item__title" href={hrefFor(recordingPath(r.recordingId))}>
          {[focusName(r.focusAreaName), people || t('library.untitled')].join(' · ')}
        </a>
        <p className="muted library-row__meta">
          {[
            // In the program's time zone, as the session is shown everywhere else (To write, coaching notes).
            formatSessionTime(r.startsAt, r.timeZone),
            formatDuration(duration || null),
            r.takes.length > 1 ? t('library.takes', { count: r.takes.length }) : null,
            r.markers ? t('library.markerCount', { count: r.markers }) : null,
            r.comments ? t('library.commentCount', { count: r.comments }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </p>
        {keptLocal ? <p className="muted kept-local">{t('sync.keptLocal')}</p> : null}
        {r.snippet ? (
          <p className="library-row__snippet">
            <span className="badge badge--neutral">{t(`library.hit.${r.hitKind ?? 'session'}`)}</span>{' '}
            {r.atMs !== null ? (
              <>
                <a className="library-row__at" href={hrefFor(recordingPath(r.recordingId, r.atMs))}>{t('library.hitAt', { at: formatMoment(r.atMs) })}</a>{' '}
              </>
            ) : null}
            {highlight(r.snippet, query).map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
          </p>
        ) : null}
      </div>
      <div className="library-row__state">
        {r.reviews === 0 ? (
          <span className="badge badge--neutral">{t('library.unreviewed')}</span>
        ) : (
          <span className="badge badge--accent" title={t('library.meanNote')}>
            {t('library.scoredBy', { count: r.reviews, score: Math.round(r.score ?? 0) })}
          </span>
        )}
        {r.recovered ? <span className="badge badge--warning">{t('library.status.recovered')}</span> : null}
      </div>
    </article>
  );
});

function LibraryFilters({ view, update }: { view: LibraryView; update: (patch: Partial<LibraryView>) => void }) {
  const { t, focusName } = useI18n();
  // The teams to filter by come with one row of the roster; the person filter searches it a page at a time.
  const roster = useApiQuery('library:roster', (a) => a.invoke('people:page', { limit: 1 }), ['people:changed']);
  // A person named by a shared link is looked up by their email, to show their name.
  const repLookup = useApiQuery(`library:rep:${view.rep}`, (a) => (view.rep ? a.invoke('people:page', { filter: { query: view.rep, includeArchived: true }, limit: 5 }) : Promise.resolve(null)));
  const chosenRep = repLookup.data?.items.find((p) => p.email === view.rep) ?? null;
  const repId = useId();
  const focusAreas = useApiQuery('library:focus', (a) => a.invoke('focus-areas:list', {}));
  const programs = useApiQuery('library:programs', (a) => a.invoke('programs:list', {}));
  const [searchText, setSearchText] = useState(view.query);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const onSearch = (text: string) => {
    setSearchText(text);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => update({ query: text }), searchDelayMs);
  };
  const teams = [...(roster.data?.teams ?? [])].sort((a, b) => a.localeCompare(b));
  return (
    <div role="search" className="filter-bar library-filters" aria-label={t('library.filters')}>
      <div className="search-box library-filters__search">
        <SearchIcon className="search-box__icon" />
        <label className="visually-hidden" htmlFor="library-search">{t('library.search')}</label>
        <input
          id="library-search"
          className="input search-box__input"
          type="search"
          placeholder={t('library.searchPlaceholder')}
          value={searchText}
          onChange={(e) => onSearch(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="filter-select">
        <label className="visually-hidden" htmlFor={repId}>{t('rep.name')}</label>
        <PersonPicker id={repId} compact value={view.rep} chosen={chosenRep} placeholder={t('library.filter.anyone')}
          searchLabel={t('library.filter.searchPeople')} valueFor={(p) => p.email ?? p.id} onChange={(p) => update({ rep: p?.email ?? '' })} />
      </div>
      {view.rep ? (
        <Select label={t('library.filter.role')} value={view.role} onChange={(role) => update({ role: role as LibraryView['role'] })}
          options={(['either', 'seller', 'buyer'] as const).map((r) => ({ value: r, label: t(`library.filter.role.${r}`) }))} />
      ) : null}
      <Select label={t('rep.team')} value={view.team} onChange={(team) => update({ team })}
        options={[{ value: '', label: t('library.filter.allTeams') }, ...teams.map((x) => ({ value: x, label: x }))]} />
      <Select label={t('library.import.focus')} value={view.focus} onChange={(focus) => update({ focus })}
        options={[{ value: '', label: t('library.filter.allFocus') }, ...(focusAreas.data ?? []).map((f) => ({ value: f.id, label: focusName(f.name) }))]} />
      {programs.data && programs.data.length ? (
        <Select label={t('library.filter.allPrograms')} value={view.program} onChange={(program) => update({ program })}
          options={[{ value: '', label: t('library.filter.allPrograms') }, ...programs.data.map((p) => ({ value: p.id, label: p.name }))]} />
      ) : null}
      <Select label={t('library.filter.review')} value={view.review} onChange={(review) => update({ review: review as LibraryView['review'] })}
        options={(['any', 'unreviewed', 'reviewed'] as const).map((r) => ({ value: r, label: t(`library.filter.review.${r}`) }))} />
      <span className="library-filters__break" aria-hidden="true" />
      <label className="filter-select">
        <span className="filter-select__label">{t('library.filter.from')}</span>
        <input className="input input--compact" type="date" value={view.from} max={view.to || undefined} onChange={(e) => update({ from: e.target.value })} />
      </label>
      <label className="filter-select">
        <span className="filter-select__label">{t('library.filter.to')}</span>
        <input className="input input--compact" type="date" value={view.to} min={view.from || undefined} onChange={(e) => update({ to: e.target.value })} />
      </label>
      <ScoreInput label={t('library.filter.minScore')} value={view.minScore} onCommit={(minScore) => update({ minScore })} />
      <ScoreInput label={t('library.filter.maxScore')} value={view.maxScore} onCommit={(maxScore) => update({ maxScore })} />
      <Select label={t('library.sort')} value={view.sort} onChange={(sort) => update({ sort: sort as LibraryView['sort'] })}
        options={(['date', 'score', ...(view.query.trim() ? (['relevance'] as const) : [])] as const).map((s) => ({ value: s, label: t(`library.sort.${s}`) }))} />
      {isNarrowed(view) ? (
        <button type="button" className="button button--ghost button--small" onClick={() => { setSearchText(''); update({ ...emptyLibraryView, sort: view.sort }); }}>
          {t('library.clear')}
        </button>
      ) : null}
    </div>
  );
}

function Select({ label, value, options, onChange }: { label: string; value: string; options: { value: string; label: string }[]; onChange(value: string): void }) {
  const known = options.some((o) => o.value === value);
  return (
    <label className="filter-select">
      <span className="visually-hidden">{label}</span>
      <select className="input input--compact" value={value} onChange={(e) => onChange(e.target.value)}>
        {/* A value from a shared link that is not known here still shows, so it is visible and clearable. */}
        {known ? null : <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </label>
  );
}

/** A score bound, applied when the field is left or Enter is pressed, so typing "75" does not search for 7 first. */
function ScoreInput({ label, value, onCommit }: { label: string; value: string; onCommit(value: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    const n = Number(text);
    const next = text.trim() === '' || !Number.isFinite(n) ? '' : String(Math.min(100, Math.max(0, Math.round(n))));
    setText(next);
    if (next !== value) onCommit(next);
  };
  return (
    <label className="filter-select">
      <span className="filter-select__label">{label}</span>
      <input
        className="input input--compact library-filters__score"
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        placeholder={t('library.filter.scoreHint')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  );
}
