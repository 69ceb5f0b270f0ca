import { useId } from 'react';
import type { ImportReport } from '../../../../shared/people';
import { localizeServerMessage } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';

/** The outcome of an import: what changed, what to look at, and each row that was left out and why. */
export function ImportReportView({ report, fileName }: { report: ImportReport; fileName: string }) {
  const { t, language } = useI18n();
  const warningsId = useId();
  const rejectedId = useId();
  const counts = [
    { key: 'created', value: report.created, label: t('import.report.created') },
    { key: 'updated', value: report.updated, label: t('import.report.updated') },
    { key: 'unchanged', value: report.unchanged, label: t('import.report.unchanged') },
    { key: 'rejected', value: report.rejected.length, label: t('import.report.rejected') },
  ];
  const nothingHappened = report.created + report.updated + report.unchanged === 0;

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

      {nothingHappened && report.rejected.length === 0 ? <p className="muted">{t('import.report.emptyFile')}</p> : null}

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
            {t('import.report.rejectedTitle', { count: report.rejected.length })}
          </h3>
          <p className="muted">{t('import.report.rejectedHelp')}</p>
          <div className="table-wrap">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('import.report.line')}</th>
                  <th scope="col">{t('rep.email')}</th>
                  <th scope="col">{t('import.report.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.map((row, index) => (
                  <tr key={`${row.line}-${index}`}>
                    <td className="nowrap">{t('import.report.lineN', { line: row.line })}</td>
                    <td className="nowrap">{row.email ?? '—'}</td>
                    <td>{localizeServerMessage(row.reason, language)}</td>
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
