import './certification.css';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { MatrixCell, MatrixPage, MatrixPageInput, MatrixRow } from '../../../../shared/certification';
import { useCursorPages } from '../../api/use-cursor-pages';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { pathSection, StateBadge, useDay, useLevelName } from './certification-path';
import { ProgramDialog } from './program-editor';
import { UncertifiableNotice } from './uncertifiable-notice';

const refreshOn = ['certifications:changed', 'scorecards:changed', 'people:changed', 'focus-areas:changed'] as const;

type Filters = Omit<MatrixPageInput, 'after' | 'limit'>;

/** A row's height before it is measured: a name over a team, a level over its date. */
const rowHeight = 64;
/** People a page of the matrix holds: a screenful or two, so the first paint waits for little. */
const matrixPageSize = 100;
const searchDelayMs = 250;

/**
 * The matrix matching the filters, a page of people at a time as it is scrolled: the core
 * searches, narrows and sorts, and each page starts where the last one ended. A new filter or a
 * change starts again from the top.
 */
function useMatrixPages(filters: Filters) {
  const { items: rows, ...rest } = useCursorPages<MatrixPage, MatrixRow>(
    `cert:matrix:${JSON.stringify(filters)}`,
    (api, after) => api.invoke('certifications:matrix', { ...filters, limit: matrixPageSize, ...(after ? { after } : {}) }),
    (page) => page.rows,
    refreshOn,
  );
  return { ...rest, rows };
}

/** Reps × focus areas: the level each holds and until when, searched and narrowed to a team or to who is due or expired. */
export function CertificationMatrix({ markArea }: { markArea?: string }) {
  const { t } = useI18n();
  const [team, setTeam] = useState('');
  const [onlyDue, setOnlyDue] = useState(false);
  const [sortArea, setSortArea] = useState<string | undefined>(undefined);
  const [searchText, setSearchText] = useState('');
  const [query, setQuery] = useState('');
  const searchTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(searchTimer.current), []);
  const filters: Filters = {
    ...(query ? { query } : {}),
    ...(team ? { team } : {}),
    ...(onlyDue ? { onlyDue } : {}),
    ...(sortArea ? { sortArea } : {}),
  };
  const matrix = useMatrixPages(filters);
  const list = matrix.first;
  // Opened on a focus area from "Mark a certifier" (here, or a link from Today).
  const [rulesOpen, setRulesOpen] = useState<false | { focusAreaId?: string }>(markArea ? { focusAreaId: markArea } : false);

  function onSearch(text: string) {
    setSearchText(text);
    window.clearTimeout(searchTimer.current);
    searchTimer.current = window.setTimeout(() => setQuery(text.trim()), searchDelayMs);
  }

  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data)
    return (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );

  const { areas, teams, matching } = list.data;

  return (
    <section className="card cert-matrix" aria-labelledby="cert-matrix-title">
      <div className="cert-matrix__head">
        <h2 id="cert-matrix-title" className="card__title">
          {t('cert.matrix.title')}
        </h2>
        {/* Everyone who sees the matrix may read the rules; the dialog offers editing to admins only. */}
        <button type="button" className="button button--secondary" onClick={() => setRulesOpen({})}>
          {t('cert.program.open')}
        </button>
      </div>
      <UncertifiableNotice onMark={(focusAreaId) => setRulesOpen({ focusAreaId })} />
      {rulesOpen ? <ProgramDialog focusAreaId={rulesOpen.focusAreaId} onClose={() => setRulesOpen(false)} /> : null}
      <div className="progress-toolbar" role="search" aria-label={t('progress.filters')}>
        <label className="progress-filter">
          <span className="progress-filter__label">{t('cert.matrix.search')}</span>
          <input
            type="search"
            className="input input--compact cert-matrix__search"
            value={searchText}
            placeholder={t('cert.matrix.searchPlaceholder')}
            onChange={(e) => onSearch(e.target.value)}
          />
        </label>
        <label className="progress-filter">
          <span className="progress-filter__label">{t('progress.filter.team')}</span>
          <select className="input input--compact" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('progress.filter.allTeams')}</option>
            {teams.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="programs-check cert-matrix__due">
          <input type="checkbox" className="checkbox" checked={onlyDue} onChange={(e) => setOnlyDue(e.target.checked)} />
          {t('cert.matrix.onlyDue')}
        </label>
      </div>
      {matching === 0 ? (
        <p className="muted" data-testid="cert-matrix-empty">
          {onlyDue ? t('cert.matrix.noneDue') : query || team ? t('cert.matrix.noMatch') : t('cert.matrix.empty')}
        </p>
      ) : (
        <MatrixTable rows={matrix.rows} count={matching} hasMore={matrix.hasMore} onNeedMore={matrix.loadMore} areas={areas} sortArea={sortArea} onSort={setSortArea} />
      )}
      <p id="cert-matrix-hint" className="small muted">
        {t('cert.matrix.caption')}
      </p>
    </section>
  );
}

/** The rows, a screenful at a time: a roster of 20,000 is seconds of layout as one table. */
function MatrixTable({
  rows,
  count,
  hasMore,
  onNeedMore,
  areas,
  sortArea,
  onSort,
}: {
  rows: MatrixRow[];
  /** Everyone matching, loaded or not. */
  count: number;
  hasMore: boolean;
  onNeedMore(): void;
  areas: { id: string; name: string }[];
  sortArea: string | undefined;
  onSort(area: string | undefined): void;
}) {
  const { t, focusName } = useI18n();
  const day = useDay();
  const levelName = useLevelName();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // Before the scroller is measured, draw a screenful rather than nothing.
    initialRect: { width: 1000, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? 0;
  // The next page is asked for while a screenful of loaded rows is still ahead.
  useEffect(() => {
    if (hasMore && lastShown >= rows.length - 30) onNeedMore();
  }, [hasMore, lastShown, rows.length, onNeedMore]);
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const ariaSort = (area: string | undefined) => (sortArea === area ? (area === undefined ? 'ascending' : 'descending') : undefined);
  return (
    <div ref={scroller} className="table-wrap cert-matrix__scroller" data-testid="cert-matrix-scroller">
      <table className="table table--compact" aria-describedby="cert-matrix-hint" aria-rowcount={count + 1}>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort(undefined)}>
              <button type="button" onClick={() => onSort(undefined)}>
                {t('cert.matrix.rep')}
                <SortMark on={sortArea === undefined} />
              </button>
            </th>
            {areas.map((a) => (
              <th key={a.id} scope="col" aria-sort={ariaSort(a.id)}>
                <button type="button" onClick={() => onSort(a.id)}>
                  {focusName(a.name)}
                  <SortMark on={sortArea === a.id} />
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr aria-hidden="true" style={{ height: before }} /> : null}
          {items.map(({ index }) => {
            const r = rows[index]!;
            const cells = new Map<string, MatrixCell>(r.cells.map((c) => [c.focusAreaId, c]));
            return (
              <tr key={r.rep.id} data-index={index} aria-rowindex={index + 2}>
                <td className="cert-matrix__rep">
                  <a href={hrefFor(`${personPath(r.rep.id)}?section=${pathSection}`)}>{r.rep.name}</a>
                  {r.rep.team ? <div className="muted small">{r.rep.team}</div> : null}
                </td>
                {areas.map((a) => {
                  const s = cells.get(a.id);
                  return (
                    <td key={a.id} className="cert-matrix__cell" data-state={s?.state ?? 'in-progress'}>
                      {s ? (
                        <>
                          <strong>{levelName(s.level)}</strong> <StateBadge state={s.state} />
                          {s.expiresAt ? <div className="small muted">{t(s.state === 'expired' ? 'cert.expired' : 'cert.matrix.until', { date: day(s.expiresAt) })}</div> : null}
                        </>
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {after > 0 ? <tr aria-hidden="true" style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}

function SortMark({ on }: { on: boolean }) {
  return (
    <span className="cert-matrix__sort" aria-hidden="true">
      {on ? ' ▾' : ' ▿'}
    </span>
  );
}
