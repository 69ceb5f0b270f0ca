import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { ImportReport } from '../../../../shared/people';
import { ApiError } from '../../api/api';
import { useApi } from '../../api/api-context';
import { notUtf8Code } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { ImportReportView } from './import-report';

export const rosterColumns = ['name', 'email', 'role', 'team', 'hire_date', 'manager_email', 'coach'] as const;

const example = `name,email,role,team,hire_date,manager_email,coach
Aino Virtanen,aino.virtanen@example.com,Sales manager,Nordics,2019-03-01,,yes
Mikko Korhonen,mikko.korhonen@example.com,Account executive,Nordics,2025-09-15,aino.virtanen@example.com,no`;

/** Reads the file as bytes and insists on UTF-8, so a spreadsheet's legacy encoding never garbles names. */
export async function readUtf8(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError({ code: notUtf8Code, message: 'The file is not UTF-8.' });
  }
}

type Phase = { name: 'choose'; error: unknown } | { name: 'importing'; fileName: string } | { name: 'done'; fileName: string; report: ImportReport };

export function ImportDialog({ onClose }: { onClose(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ name: 'choose', error: null });
  const reportRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  // Focus follows the phase: to the report when it arrives, back to the file input otherwise.
  useEffect(() => {
    if (phase.name === 'done') {
      const report = reportRef.current;
      report?.focus({ preventScroll: true });
      const scroller = report?.closest('.dialog__body');
      if (scroller) scroller.scrollTop = 0;
    }
    else if (phase.name === 'choose' && phase.error) fileRef.current?.focus();
  }, [phase]);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setPhase({ name: 'importing', fileName: file.name });
    try {
      const csv = await readUtf8(file);
      const report = await api.invoke('people:import', { csv });
      setPhase({ name: 'done', fileName: file.name, report });
    } catch (error) {
      setPhase({ name: 'choose', error });
    } finally {
      // The same file can be chosen again after fixing it.
      input.value = '';
    }
  }

  const busy = phase.name === 'importing';
  const done = phase.name === 'done';

  return (
    <Dialog
      size="large"
      title={done ? t('import.report.title') : t('import.title')}
      onClose={onClose}
      busy={busy}
      footer={
        done ? (
          <>
            <button type="button" className="button button--secondary" onClick={() => setPhase({ name: 'choose', error: null })}>
              {t('import.another')}
            </button>
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('common.done')}
            </button>
          </>
        ) : (
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
        )
      }
    >
      {done ? (
        <div ref={reportRef} tabIndex={-1} className="focus-target">
          <ImportReportView report={phase.report} fileName={phase.fileName} />
        </div>
      ) : (
        <div className="import-choose">
          <p>{t('import.intro')}</p>
          <h3 className="section-title">{t('import.columnsTitle')}</h3>
          <ul className="column-list">
            {rosterColumns.map((column) => (
              <li key={column}>
                <code>{column}</code>
                <span>{t(`import.column.${column}`)}</span>
              </li>
            ))}
          </ul>
          <p className="muted">{t('import.rules')}</p>
          <details className="example">
            <summary>{t('import.example')}</summary>
            <pre>{example}</pre>
          </details>
          {phase.name === 'choose' && phase.error ? <ErrorNotice error={phase.error} /> : null}
          <Field label={t('import.file')} hint={busy ? undefined : t('import.fileHint')}>
            {(control) => (
              <input
                {...control}
                ref={fileRef}
                className="file-input"
                type="file"
                accept=".csv,text/csv"
                disabled={busy}
                onChange={(e) => void onFile(e)}
              />
            )}
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
