import './certification.css';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { CertificationStatus } from '../../../../shared/certification';
import { useApiQuery } from '../../api/use-api-query';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { pathSection, StateBadge, useDay, useLevelName } from './certification-path';
import { ProgramDialog } from './program-editor';
import { UncertifiableNotice } from './uncertifiable-notice';

const refreshOn = ['certifications:changed', 'scorecards:changed', 'people:changed', 'focus-areas:changed'] as const;

interface Row {
  rep: CertificationStatus['rep'];
  team: string;
  cells: Map<string, CertificationStatus>;
}

type Sort = { by: 'rep' } | { by: 'area'; id: string };

/** A row's height before it is measured: a name over a team, a level over its date. */
const rowHeight = 64;

const needsAttention = (s: CertificationStatus) => s.state === 'due' || s.state === 'expired';

/** Higher first: expired and due (they need doing), then the level held. */
function rank(s: CertificationStatus | undefined): number {
  if (!s) return -1;
  if (s.state === 'expired') return 1000;
  if (s.state === 'due') return 900;
  return s.levelIndex ?? -1;
}

/** Reps × focus areas: the level each holds and until when, narrowed to a team or to who is due or expired. */
export function CertificationMatrix({ markArea }: { markArea?: string }) {
  const { t } = useI18n();
  const list = useApiQuery('cert:matrix', (a) => a.invoke('certifications:list', {}), refreshOn);
  const [team, setTeam] = useState('');
  const [onlyDue, setOnlyDue] = useState(false);
  const [sort, setSort] = useState<Sort>({ by: 'rep' });
  // Opened on a focus area from "Mark a certifier" (here, or a link from Today).
  const [rulesOpen, setRulesOpen] = useState<false | { focusAreaId?: string }>(markArea ? { focusAreaId: markArea } : false);

  const { areas, rows } = useMemo(() => {
    const areas = new Map<string, string>();
    const byRep = new Map<string, Row>();
    for (const s of list.data ?? []) {
      areas.set(s.focusArea.id, s.focusArea.name);
      const row = byRep.get(s.rep.id) ?? { rep: s.rep, team: s.rep.team, cells: new Map() };
      row.cells.set(s.focusArea.id, s);
      byRep.set(s.rep.id, row);
    }
    return { areas: [...areas].map(([id, name]) => ({ id, name })), rows: [...byRep.values()] };
  }, [list.data]);

  const shown = useMemo(
    () =>
      rows
        .filter((r) => !team || r.team === team)
        .filter((r) => !onlyDue || [...r.cells.values()].some(needsAttention))
        .sort((a, b) =>
          sort.by === 'rep' ? a.rep.name.localeCompare(b.rep.name) : rank(b.cells.get(sort.id)) - rank(a.cells.get(sort.id)) || a.rep.name.localeCompare(b.rep.name),
        ),
    [rows, team, onlyDue, sort],
  );
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />;
  if (!list.data)
    return (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );

  const teams = [...new Set(rows.map((r) => r.team).filter(Boolean))].sort();

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
      {shown.length === 0 ? (
        <p className="muted" data-testid="cert-matrix-empty">
          {onlyDue ? t('cert.matrix.noneDue') : t('cert.matrix.empty')}
        </p>
      ) : (
        <MatrixTable shown={shown} areas={areas} sort={sort} onSort={setSort} />
      )}
      <p id="cert-matrix-hint" className="small muted">
        {t('cert.matrix.caption')}
      </p>
    </section>
  );
}

/** The rows, a screenful at a time: a roster of 20,000 is seconds of layout as one table. */
function MatrixTable({ shown, areas, sort, onSort }: { shown: Row[]; areas: { id: string; name: string }[]; sort: Sort; onSort(sort: Sort): void }) {
  const { t, focusName } = useI18n();
  const day = useDay();
  const levelName = useLevelName();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // Before the scroller is measured, draw a screenful rather than nothing.
    initialRect: { width: 1000, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const ariaSort = (s: Sort) => (sort.by === s.by && (s.by === 'rep' || (sort.by === 'area' && sort.id === s.id)) ? (s.by === 'rep' ? 'ascending' : 'descending') : undefined);
  return (
    <div ref={scroller} className="table-wrap cert-matrix__scroller" data-testid="cert-matrix-scroller">
      <table className="table table--compact" aria-describedby="cert-matrix-hint" aria-rowcount={shown.length + 1}>
        <thead>
          <tr>
            <th scope="col" aria-sort={ariaSort({ by: 'rep' })}>
              <button type="button" onClick={() => onSort({ by: 'rep' })}>
                {t('cert.matrix.rep')}
                <SortMark on={sort.by === 'rep'} />
              </button>
            </th>
            {areas.map((a) => (
              <th key={a.id} scope="col" aria-sort={ariaSort({ by: 'area', id: a.id })}>
                <button type="button" onClick={() => onSort({ by: 'area', id: a.id })}>
                  {focusName(a.name)}
                  <SortMark on={sort.by === 'area' && sort.id === a.id} />
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr aria-hidden="true" style={{ height: before }} /> : null}
          {items.map(({ index }) => shown[index]!).map((r, i) => (
            <tr key={r.rep.id} data-index={items[i]!.index} aria-rowindex={items[i]!.index + 2}>
              <td className="cert-matrix__rep">
                <a href={hrefFor(`${personPath(r.rep.id)}?section=${pathSection}`)}>{r.rep.name}</a>
                {r.team ? <div className="muted small">{r.team}</div> : null}
              </td>
              {areas.map((a) => {
                const s = r.cells.get(a.id);
                return (
                  <td key={a.id} className="cert-matrix__cell" data-state={s?.state}>
                    {s?.level ? (
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
          ))}
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
