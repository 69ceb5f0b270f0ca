import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { Rep } from '../../../../shared/people';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ArchivedBadge, CoachBadge, SeniorityBadge } from '../../ui/badge';

/** A row's height (name over email), held by the stylesheet, so no row needs measuring as it scrolls in. */
const rowHeight = 70;

/**
 * The roster, drawn a screenful at a time: a table of 20,000 rows takes seconds to lay out. Rows
 * outside the scroller's view are stood in for by two spacer rows of their height, so the table
 * keeps its columns and the scrollbar its length. Near the end of what is loaded it asks for more.
 */
export function RosterTable({ reps, hasMore = false, onNeedMore }: { reps: readonly Rep[]; hasMore?: boolean; onNeedMore?: () => void }) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: reps.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // Before the scroller is measured, draw a screenful rather than nothing.
    initialRect: { width: 1000, height: 800 },
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && last >= reps.length - 30) onNeedMore?.();
  }, [hasMore, last, reps.length, onNeedMore]);
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={scroller} className="table-wrap roster-wrap roster-scroller" data-testid="roster-scroller">
      <table className="table roster" aria-rowcount={reps.length + 1}>
        <caption className="visually-hidden">{t('people.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rep.name')}</th>
            <th scope="col">{t('rep.role')}</th>
            <th scope="col">{t('rep.team')}</th>
            <th scope="col" className="roster__manager">
              {t('rep.manager')}
            </th>
            <th scope="col" className="roster__hired">
              {t('rep.hireDate')}
            </th>
            <th scope="col">{t('people.status')}</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <tr aria-hidden="true" style={{ height: before }} /> : null}
          {items.map((item) => (
            <RosterRow key={reps[item.index]!.id} rep={reps[item.index]!} index={item.index} />
          ))}
          {after > 0 ? <tr aria-hidden="true" style={{ height: after }} /> : null}
        </tbody>
      </table>
    </div>
  );
}

// Memoised: the table draws again on every scrolled frame, and a row already on screen has nothing new to show.
const RosterRow = memo(function RosterRow({ rep, index }: { rep: Rep; index: number }) {
  const { formatDate } = useI18n();
  return (
            <tr data-index={index} aria-rowindex={index + 2} className={rep.archived ? 'is-archived' : undefined}>
              <td className="roster__person">
                <a className="roster__name" href={hrefFor(personPath(rep.id))}>
                  {rep.name}
                </a>
                <span className="roster__email" title={rep.email}>
                  {rep.email}
                </span>
              </td>
              <td>{rep.role || <span className="muted">—</span>}</td>
              <td>{rep.team || <span className="muted">—</span>}</td>
              <td className="roster__manager">
                {rep.managerId && rep.managerName ? (
                  <a className="quiet-link" href={hrefFor(personPath(rep.managerId))}>
                    {rep.managerName}
                  </a>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="nowrap roster__hired">{rep.hireDate ? formatDate(rep.hireDate) : <span className="muted">—</span>}</td>
              <td>
                <span className="badge-row">
                  {rep.archived ? <ArchivedBadge /> : null}
                  <SeniorityBadge seniority={rep.seniority} />
                  {rep.coach ? <CoachBadge /> : null}
                </span>
              </td>
            </tr>
  );
});
