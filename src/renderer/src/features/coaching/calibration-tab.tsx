import type { CalibrationSession } from '../../../../shared/scorecards';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { Badge } from '../../ui/badge';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { CoachingIcon } from '../../ui/icons';
import { sessionLabel } from './session-label';

function signed(value: number, locale: string): string {
  const text = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(Math.abs(value));
  return value > 0.005 ? `+${text}` : value < -0.005 ? `−${text}` : text;
}

/** Coaching the coach: how far each reviewer's scores sit from the others', and who is consistently off. */
export function CalibrationTab() {
  const { t, locale } = useI18n();
  const report = useApiQuery('calibration', (a) => a.invoke('scorecards:calibration', {}), ['scorecards:changed']);
  if (report.error && !report.data) return <ErrorNotice error={report.error} onRetry={report.reload} />;
  const data = report.data;
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  if (data.sessions.length === 0) {
    return (
      <EmptyState icon={<CoachingIcon size={28} />} title={t('coaching.calibration.empty.title')}>
        <p>{t('coaching.calibration.empty.body')}</p>
      </EmptyState>
    );
  }
  const threshold = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(data.threshold);
  return (
    <div className="coaching-stack">
      <section className="card" aria-labelledby="reviewers-title">
        <h2 id="reviewers-title" className="card__title">
          {t('coaching.calibration.reviewers')}
        </h2>
        <p className="muted">{t('coaching.calibration.explain', { threshold, min: data.minComparisons })}</p>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('coaching.calibration.reviewer')}</th>
                <th scope="col" className="num">{t('coaching.calibration.sessions')}</th>
                <th scope="col" className="num">{t('coaching.calibration.comparisons')}</th>
                <th scope="col" className="num">{t('coaching.calibration.meanDeviation')}</th>
                <th scope="col" className="num">{t('coaching.calibration.meanAbsolute')}</th>
                <th scope="col">{t('coaching.calibration.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {data.reviewers.map((r) => (
                <tr key={r.reviewer.id}>
                  <th scope="row">{r.reviewer.name}</th>
                  <td className="num">{r.sessions}</td>
                  <td className="num">{r.comparisons}</td>
                  <td className="num">{signed(r.meanDeviation, locale)}</td>
                  <td className="num">{signed(r.meanAbsoluteDeviation, locale)}</td>
                  <td>
                    {r.flag === 'harsher' ? <Badge tone="warning">{t('coaching.calibration.harsher')}</Badge> : null}
                    {r.flag === 'lenient' ? <Badge tone="accent">{t('coaching.calibration.lenient')}</Badge> : null}
                    {r.flag === null && r.comparisons < data.minComparisons ? <span className="muted">{t('coaching.calibration.tooFew')}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {data.sessions.map((s) => (
        <SessionCalibration key={s.session.id} data={s} />
      ))}
    </div>
  );
}

function SessionCalibration({ data }: { data: CalibrationSession }) {
  const { t, locale, formatSessionTime, focusName, shipped } = useI18n();
  const when = data.session.startsAt ? formatSessionTime(data.session.startsAt, data.session.timeZone) : null;
  return (
    <section className="card" aria-label={`${focusName(data.session.focusAreaName)} ${when ?? ''}`}>
      <h2 className="card__title">
        {focusName(data.session.focusAreaName)} · {data.reviewee.name}
        <span className="muted"> · {sessionLabel(data.session.title, when) || t('coaching.session.adHoc')}</span>
      </h2>
      <div className="table-wrap">
        <table className="table table--compact coaching-calibration">
          <thead>
            <tr>
              <th scope="col">{t('coaching.overall.criterion')}</th>
              {data.reviewers.map((r) => (
                <th scope="col" key={r.scorecardId} className="num">
                  {r.reviewer.name} <span className="muted">({t(`coaching.role.${r.role}`)})</span>
                </th>
              ))}
              <th scope="col" className="num">{t('coaching.calibration.mean')}</th>
              <th scope="col" className="num">{t('coaching.calibration.spread')}</th>
            </tr>
          </thead>
          <tbody>
            {data.criteria.map((c) => (
              <tr key={c.key} className={c.spread >= 2 ? 'is-spread' : undefined}>
                <th scope="row">{shipped(c.name)}</th>
                {data.reviewers.map((r) => {
                  const s = c.scores.find((x) => x.scorecardId === r.scorecardId);
                  if (!s) return <td key={r.scorecardId} className="num muted">—</td>;
                  const tone = s.deviation === null ? '' : s.deviation <= -1 ? ' is-low' : s.deviation >= 1 ? ' is-high' : '';
                  return (
                    <td key={r.scorecardId} className={`num${tone}`}>
                      {s.score}
                      {s.deviation === null ? null : <span className="coaching-calibration__dev"> ({signed(s.deviation, locale)})</span>}
                    </td>
                  );
                })}
                <td className="num">{new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(c.mean)}</td>
                <td className="num">{c.spread}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
