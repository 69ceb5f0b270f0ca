import { useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { decodeTextFile, type DecodedText, type TextEncoding } from '../../../shared/text-file';
import { useI18n } from '../i18n/i18n';
import { Dialog } from './dialog';
import { ErrorNotice } from './error-notice';
import { Field } from './field';

/** Reads the file as bytes and decodes it as its BOM says, else UTF-8, else Windows-1252 (Finnish Excel's "CSV"). */
export async function readTextFile(file: Blob): Promise<DecodedText> {
  return decodeTextFile(new Uint8Array(await file.arrayBuffer()));
}

type Phase<Report> = { name: 'choose'; error: unknown } | { name: 'importing'; fileName: string } | { name: 'done'; fileName: string; report: Report };

export interface CsvImportDialogProps<Report> {
  title: string;
  intro: string;
  /** Each column by its header name, with what goes in it. */
  columns: readonly { name: string; description: string }[];
  rules: string;
  example: string;
  /** Sends the file's text to the core; a refusal shows above the file input, which keeps focus. */
  run(csv: string, encoding: TextEncoding): Promise<Report>;
  report(report: Report, fileName: string): ReactNode;
  onClose(): void;
}

/**
 * One way to bring a CSV in (the roster, scores kept in a spreadsheet): the columns and an example,
 * the file, progress while the core reads it, then its report with "Import another file".
 */
export function CsvImportDialog<Report>({ title, intro, columns, rules, example, run, report, onClose }: CsvImportDialogProps<Report>) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase<Report>>({ name: 'choose', error: null });
  const reportRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  // Focus follows the phase: to the report when it arrives, back to the file input otherwise.
  useEffect(() => {
    if (phase.name === 'done') {
      const shown = reportRef.current;
      shown?.focus({ preventScroll: true });
      const scroller = shown?.closest('.dialog__body');
      if (scroller) scroller.scrollTop = 0;
    } else if (phase.name === 'choose' && phase.error) fileRef.current?.focus();
  }, [phase]);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setPhase({ name: 'importing', fileName: file.name });
    try {
      const { text, encoding } = await readTextFile(file);
      const made = await run(text, encoding);
      setPhase({ name: 'done', fileName: file.name, report: made });
    } catch (error) {
      setPhase({ name: 'choose', error });
    } finally {
      // The same file can be chosen again after fixing it.
      input.value = '';
    }
  }

  const busy = phase.name === 'importing';
  return (
    <Dialog
      size="large"
      title={phase.name === 'done' ? t('import.report.title') : title}
      onClose={onClose}
      busy={busy}
      footer={
        phase.name === 'done' ? (
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
      {phase.name === 'done' ? (
        <div ref={reportRef} tabIndex={-1} className="focus-target">
          {report(phase.report, phase.fileName)}
        </div>
      ) : (
        <div className="import-choose">
          <p>{intro}</p>
          <h3 className="section-title">{t('import.columnsTitle')}</h3>
          <ul className="column-list">
            {columns.map((column) => (
              <li key={column.name}>
                <code>{column.name}</code>
                <span>{column.description}</span>
              </li>
            ))}
          </ul>
          <p className="muted">{rules}</p>
          <details className="example">
            <summary>{t('import.example')}</summary>
            <pre>{example}</pre>
          </details>
          {phase.name === 'choose' && phase.error ? <ErrorNotice error={phase.error} /> : null}
          <Field label={t('import.file')} hint={busy ? undefined : t('import.fileHint')}>
            {(control) => (
              <input {...control} ref={fileRef} className="file-input" type="file" accept=".csv,text/csv" disabled={busy} onChange={(e) => void onFile(e)} />
            )}
          </Field>
          {phase.name === 'importing' ? (
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
