import type { Rep } from '../../../../shared/people';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ArchivedBadge, CoachBadge, SeniorityBadge } from '../../ui/badge';

export function RosterTable({ reps }: { reps: readonly Rep[] }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap roster-wrap">
      <table className="table roster">
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
          {reps.map((rep) => (
            <tr key={rep.id} className={rep.archived ? 'is-archived' : undefined}>
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
          ))}
        </tbody>
      </table>
    </div>
  );
}
