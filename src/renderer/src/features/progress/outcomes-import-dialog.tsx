import { useState, type ChangeEvent } from 'react';
import type { OutcomeField, OutcomesImportReport } from '../../../../shared/progress';
import { outcomeFields } from '../../../../shared/progress';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { ImportReportView } from '../people/import-report';
import { readTextFile } from '../../ui/csv-import-dialog';
import type { TextEncoding } from '../../../../shared/text-file';

type Phase =
  | { name: 'choose'; error: unknown }
  | { name: 'importing'; fileName: string }
  | { name: 'map'; fileName: string; csv: string; encoding: TextEncoding; headers: string[]; mapping: Partial<Record<OutcomeField, string>>; error: unknown }
  | { name: 'done'; fileName: string; report: OutcomesImportReport };

/** The header row's names, for the mapping step; quotes around a name are dropped. */
function headerNames(csv: string): string[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 2);
  const sep = /^sep=([,;\t])\s*$/i.exec(lines[0] ?? '');
  const first = (sep ? lines[1] : lines[0]) ?? '';
  const count = (ch: string) => first.split(ch).length - 1;
  const delimiter = sep ? sep[1]! : count('\t') > Math.max(count(','), count(';')) ? '\t' : count(';') > count(',') ? ';' : ',';
  return first.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '')).filter(Boolean);
}

/**
 * Imports a CRM opportunities export. Salesforce and HubSpot headers are recognized; for any
 * other export, a mapping step asks which column holds each field, and imports again.
 */
export function OutcomesImportDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ name: 'choose', error: null });

  async function run(fileName: string, csv: string, encoding: TextEncoding, mapping?: Partial<Record<OutcomeField, string>>) {
    setPhase({ name: 'importing', fileName });
    try {
      const report = await api.invoke('outcomes:import', mapping ? { csv, encoding, mapping } : { csv, encoding });
      setPhase({ name: 'done', fileName, report });
    } catch (error) {
      const unknownHeaders = error instanceof ApiError && error.code === 'invalid_input' && /has no column for|needs a won column/.test(error.message);
      if (unknownHeaders || mapping) setPhase({ name: 'map', fileName, csv, encoding, headers: headerNames(csv), mapping: mapping ?? {}, error: mapping ? error : null });
      else setPhase({ name: 'choose', error });
    }
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const { text, encoding } = await readTextFile(file);
      await run(file.name, text, encoding);
    } catch (error) {
      setPhase({ name: 'choose', error });
    } finally {
      input.value = '';
    }
  }

  const busy = phase.name === 'importing';
  return (
    <Dialog
      size="large"
      title={phase.name === 'done' ? t('import.report.title') : t('outcomes.import.title')}
      onClose={onClose}
      busy={busy}
      footer={
        phase.name === 'done' ? (
          <button type="button" className="button button--primary" onClick={onClose}>
            {t('common.done')}
          </button>
        ) : phase.name === 'map' ? (
          <>
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button--primary" onClick={() => void run(phase.fileName, phase.csv, phase.encoding, phase.mapping)}>
              {t('outcomes.import.withMapping')}
            </button>
          </>
        ) : (
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
        )
      }
    >
      {phase.name === 'done' ? (
        <ImportReportView report={phase.report} fileName={phase.fileName} />
      ) : phase.name === 'map' ? (
        <div className="import-choose">
          <p>{t('outcomes.import.mapIntro', { file: phase.fileName })}</p>
          {phase.error ? <ErrorNotice error={phase.error} /> : null}
          {outcomeFields.map((field) => (
            <label key={field} className="progress-filter">
              <span className="progress-filter__label">{t(`outcomes.field.${field}`)}</span>
              <select
                className="input input--compact"
                value={phase.mapping[field] ?? ''}
                onChange={(e) => setPhase({ ...phase, mapping: { ...phase.mapping, [field]: e.target.value || undefined } })}
              >
                <option value="">{t('outcomes.import.noColumn')}</option>
                {phase.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : (
        <div className="import-choose">
          <p>{t('outcomes.import.intro')}</p>
          {phase.name === 'choose' && phase.error ? <ErrorNotice error={phase.error} /> : null}
          <Field label={t('import.file')} hint={busy ? undefined : t('import.fileHint')}>
            {(control) => <input {...control} className="file-input" type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => void onFile(e)} />}
          </Field>
          {busy ? (
            <p className="progress-line" role="status">
              <span className="spinner" aria-hidden="true" />
              {t('import.importing', { file: phase.fileName })}
            </p>
          ) : null}
        </div>
      )}
    </Dialog>
  );
}
