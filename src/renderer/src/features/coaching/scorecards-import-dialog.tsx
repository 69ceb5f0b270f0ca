import { useId } from 'react';
import type { ScorecardImportReport } from '../../../../shared/scorecards';
import { useApi } from '../../api/api-context';
import { localizeServerMessage } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';
import { CsvImportDialog } from '../../ui/csv-import-dialog';

const columns = ['session_date', 'focus_area', 'seller_email', 'buyer_email', 'reviewer_email', 'reviewer_role', 'criterion', 'score', 'comment'] as const;

const example = `session_date,focus_area,seller_email,buyer_email,reviewer_email,reviewer_role,criterion,score,comment
2027-01-04,Discovery,aino.virtanen@example.com,mikko.korhonen@example.com,maija.nieminen@example.com,coach,open-questions,4,Good follow-up questions
2027-01-04,Discovery,aino.virtanen@example.com,mikko.korhonen@example.com,maija.nieminen@example.com,coach,listening,3,`;

/** 3, 4, 5, 9 → "3–5, 9": a scorecard's rows are usually next to each other. */
function lineRanges(lines: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(j > i ? `${lines[i]}–${lines[j]}` : `${lines[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** An admin brings in scores kept in a spreadsheet; the report names each skipped scorecard by its lines and says why. */
export function ScorecardsImportDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const { t } = useI18n();
  return (
    <CsvImportDialog
      title={t('coaching.import.title')}
      intro={t('coaching.import.intro')}
      columns={columns.map((name) => ({ name, description: t(`coaching.import.column.${name}`) }))}
      rules={t('coaching.import.rules')}
      example={example}
      run={(csv, encoding) => api.invoke('scorecards:import', { csv, encoding })}
      report={(report, fileName) => <ScorecardImportReportView report={report} fileName={fileName} />}
      onClose={onClose}
    />
  );
}

export function ScorecardImportReportView({ report, fileName }: { report: ScorecardImportReport; fileName: string }) {
  const { t, language } = useI18n();
  const warningsId = useId();
  const rejectedId = useId();
  const counts = [
    { key: 'created', value: report.created, label: t('coaching.import.created') },
    { key: 'updated', value: report.revised, label: t('coaching.import.revised') },
    { key: 'unchanged', value: report.unchanged, label: t('coaching.import.unchanged') },
    { key: 'sessions', value: report.sessionsCreated, label: t('coaching.import.sessionsCreated') },
    { key: 'rejected', value: report.rejected.length, label: t('coaching.import.rejected') },
  ];
  const nothing = report.created + report.revised + report.unchanged + report.rejected.length === 0;
  return (
    <div className="import-report">
      <p className="import-report__file">
        {t('import.report.file', { file: fileName })}
        {report.encoding ? ` ${t('import.report.encoding', { encoding: report.encoding })}` : null}
      </p>
      <dl className="stat-grid">
        {counts.map((c) => (
          <div key={c.key} className={`stat stat--${c.key}${c.value === 0 ? ' stat--zero' : ''}`}>
            <dt className="stat__label">{c.label}</dt>
            <dd className="stat__value">{c.value}</dd>
          </div>
        ))}
      </dl>
      {nothing ? <p className="muted">{t('coaching.import.empty')}</p> : null}
      {report.warnings.length > 0 ? (
        <section className="import-report__section" aria-labelledby={warningsId}>
          <h3 id={warningsId} className="section-title">
            {t('import.report.warnings', { count: report.warnings.length })}
          </h3>
          <ul className="plain-list warning-list">
            {report.warnings.map((warning, index) => (
              <li key={index}>{localizeServerMessage(warning, language)}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {report.rejected.length > 0 ? (
        <section className="import-report__section" aria-labelledby={rejectedId}>
          <h3 id={rejectedId} className="section-title">
            {t('coaching.import.rejectedTitle', { count: report.rejected.length })}
          </h3>
          <p className="muted">{t('coaching.import.rejectedHelp')}</p>
          <div className="table-wrap">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('coaching.import.lines')}</th>
                  <th scope="col">{t('import.report.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.map((row) => (
                  <tr key={row.lines[0]}>
                    <td className="nowrap">{lineRanges(row.lines)}</td>
                    <td>
                      {row.reasons.map((reason, index) => (
                        <p key={index} className="import-report__reason">
                          {localizeServerMessage(reason, language)}
                        </p>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
