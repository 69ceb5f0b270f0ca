import type { ScoreComputation } from '../../../../shared/rubrics';
import { useI18n } from '../../i18n/i18n';

function number(value: number, locale: string, digits = 2): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** The overall score and every step to it, so nobody has to take the number on trust. */
export function ComputationTable({ computation }: { computation: ScoreComputation }) {
  const { t, locale, shipped } = useI18n();
  const { rows, weightSum, weightedSum, mean, normalized } = computation;
  return (
    <div className="coaching-computation">
      <p className="coaching-computation__total" aria-live="polite">
        <span className="coaching-computation__value" data-testid="overall">
          {normalized === null ? '—' : number(normalized, locale, 0)}
        </span>
        <span className="muted"> / 100</span>
      </p>
      <table className="table table--compact">
        <caption className="visually-hidden">{t('coaching.overall.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('coaching.overall.criterion')}</th>
            <th scope="col" className="num">
              {t('coaching.overall.score')}
            </th>
            <th scope="col" className="num">
              {t('coaching.overall.weight')}
            </th>
            <th scope="col" className="num">
              {t('coaching.overall.product')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.criterionId} className={row.score === null ? 'is-unscored' : undefined}>
              <th scope="row">{shipped(row.name)}</th>
              <td className="num">{row.score ?? '—'}</td>
              <td className="num">{number(row.weight, locale)}</td>
              <td className="num">{row.weighted === null ? t('coaching.overall.notCounted') : number(row.weighted, locale)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('coaching.overall.sum')}</th>
            <td />
            <td className="num">{number(weightSum, locale)}</td>
            <td className="num">{number(weightedSum, locale)}</td>
          </tr>
        </tfoot>
      </table>
      {mean === null ? (
        <p className="muted">{t('coaching.overall.nothingYet')}</p>
      ) : (
        <ol className="coaching-computation__steps">
          <li>{t('coaching.overall.meanStep', { sum: number(weightedSum, locale), weights: number(weightSum, locale), mean: number(mean, locale) })}</li>
          <li>{t('coaching.overall.normalizeStep', { mean: number(mean, locale), result: number(normalized!, locale, 1) })}</li>
        </ol>
      )}
    </div>
  );
}
