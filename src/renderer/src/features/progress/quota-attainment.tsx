import { useState } from 'react';
import type { QuotaAttainment } from '../../../../shared/progress';
import { hrefFor, personPath } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { useMay } from '../hub/access-gate';
import { useQuotaAttainment } from './use-progress';

type Row = QuotaAttainment['rows'][number];
type Column = 'name' | 'team' | 'wonAmount' | 'quota' | 'attainment';
interface Sort {
  by: Column;
  descending: boolean;
}

/** Sorts by a column; a rep with no quota (or no attainment) goes last whichever way the column runs. */
function sorted(rows: Row[], { by, descending }: Sort, collator: Intl.Collator): Row[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[by];
    const y = b[by];
    if (x === null || y === null) return x === y ? collator.compare(a.name, b.name) : x === null ? 1 : -1;
    const order = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
    return order * sign || collator.compare(a.name, b.name);
  });
}

/**
 * Each rep's won amount against their quota in one quarter, from the quota files and CRM exports
 * imported with `outcomes import`. Fetched on its own, so the heatmap above does not wait for it.
 */
export function QuotaAttainmentSection({ team }: { team: string | undefined }) {
  const { t } = useI18n();
  const [period, setPeriod] = useState<string | undefined>();
  const quotas = useQuotaAttainment(team, period);
  let body;
  if (quotas.error && !quotas.data) body = <ErrorNotice error={quotas.error} onRetry={quotas.reload} />;
  else if (!quotas.data)
    body = (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('common.loading')}
      </p>
    );
  else body = <QuotaTable data={quotas.data} onPeriod={setPeriod} />;
  return (
    <section className="card quota-attainment" aria-labelledby="quota-title">
      <h2 id="quota-title" className="card__title">
        {t('quota.title')}
      </h2>
      {body}
    </section>
  );
}

function QuotaTable({ data, onPeriod }: { data: QuotaAttainment; onPeriod(period: string): void }) {
  const { t, locale } = useI18n();
  const may = useMay();
  const [sort, setSort] = useState<Sort>({ by: 'attainment', descending: true });
  if (data.period === null)
    return (
      <EmptyState title={t('quota.empty.title')} headingLevel={3}>
        <p>{t(may('outcomes:import') ? 'quota.empty.body' : 'quota.empty.bodyAsk')}</p>
      </EmptyState>
    );
  const amount = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const collator = new Intl.Collator(locale);
  const rows = sorted(data.rows, sort, collator);
  const columns: { key: Column; label: string; numeric: boolean }[] = [
    { key: 'name', label: t('progress.col.rep'), numeric: false },
    { key: 'team', label: t('progress.filter.team'), numeric: false },
    { key: 'wonAmount', label: t('quota.won'), numeric: true },
    { key: 'quota', label: t('quota.quota'), numeric: true },
    { key: 'attainment', label: t('quota.attainment'), numeric: true },
  ];
  // A new column starts with the highest numbers (or A–Z for names); the same column again turns round.
  const sortBy = (key: Column, numeric: boolean) => setSort(sort.by === key ? { by: key, descending: !sort.descending } : { by: key, descending: numeric });
  const periods = data.periods.includes(data.period) ? data.periods : [...data.periods, data.period].sort();
  return (
    <>
      <p className="small">{t('quota.note')}</p>
      <label className="progress-filter">
        <span className="progress-filter__label">{t('quota.period')}</span>
        <select className="input input--compact" value={data.period} onChange={(e) => onPeriod(e.target.value)}>
          {periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <div className="table-wrap">
        <table className="table table--compact">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'numeric' : undefined} aria-sort={sort.by === c.key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                  <button type="button" className="quota-attainment__sort" onClick={() => sortBy(c.key, c.numeric)}>
                    {c.label}
                    <span aria-hidden="true">{sort.by === c.key ? (sort.descending ? ' ▾' : ' ▴') : ' ▿'}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.repId}>
                <td>
                  <a href={hrefFor(personPath(r.repId))}>{r.name}</a>
                </td>
                <td>{r.team}</td>
                <td className="numeric">{amount.format(r.wonAmount)}</td>
                <td className="numeric">{r.quota === null ? <span className="muted">{t('quota.none')}</span> : amount.format(r.quota)}</td>
                <td className="numeric">
                  {r.attainment !== null ? percent.format(r.attainment) : <span className="muted">{r.quota === 0 ? t('quota.zero') : '–'}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
