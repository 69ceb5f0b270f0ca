import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CertificateDocument, Verification } from '../../../../shared/certification';
import { ApiError } from '../../api/api';
import { useApiQuery } from '../../api/use-api-query';
import { PageTitle } from '../../app/page-title';
import { certificatePath, hrefFor, navigate } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { useToast } from '../../ui/toast';
import { download } from '../programs/format';
import { useLevelName } from './level-name';
import './certificates.css';

const readerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * One grant's certificate, in the reader's language: the same lines the PDF and the HTML page
 * draw (the core words them), with Download PDF and Print. A certificate that no longer holds
 * renders all the same, with the notice that says so.
 */
export function CertificatePage({ code }: { code: string }) {
  const { t, language } = useI18n();
  const toast = useToast();
  const certificate = useApiQuery(
    `certificate:${code}:${language}`,
    (a) => a.invoke('certifications:certificate', { code, language, timeZone: readerTimeZone() }),
    ['certifications:changed'],
  );

  // Printing shows the sheet alone (see certificates.css), only while this page is open.
  useEffect(() => {
    document.documentElement.classList.add('printing-certificate');
    return () => document.documentElement.classList.remove('printing-certificate');
  }, []);

  const error = certificate.error;
  if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'forbidden')) {
    const missing = error.code === 'not_found';
    return (
      <div className="page">
        <PageTitle className="visually-hidden">{t('certificate.title')}</PageTitle>
        <EmptyState
          title={missing ? t('certificate.notFound.title') : t('certificate.forbidden.title')}
          actions={
            <a className="button button--secondary" href={hrefFor(`${certificatePath()}?code=${encodeURIComponent(code)}`)}>
              {missing ? t('certificate.checkOther') : t('certificate.check.title')}
            </a>
          }
        >
          <p>{missing ? t('certificate.notFound.body') : t('certificate.forbidden.body')}</p>
        </EmptyState>
      </div>
    );
  }

  const value = certificate.data;
  return (
    <div className="page certificate-page">
      <header className="page-header">
        <div>
          <PageTitle>{t('certificate.title')}</PageTitle>
          {value ? <p className="page-subtitle">{`${value.document.rep.name} · ${value.document.code}`}</p> : null}
        </div>
        {value ? (
          <div className="page-actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                download(value.filename, bytesOf(value.pdf), 'application/pdf');
                toast.show({ message: t('certificate.downloaded', { file: value.filename }), tone: 'success' });
              }}
            >
              {t('certificate.download')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => window.print()}>
              {t('certificate.print')}
            </button>
          </div>
        ) : null}
      </header>
      {error ? <ErrorNotice error={error} onRetry={certificate.reload} /> : null}
      {value ? (
        <CertificateSheet document={value.document} />
      ) : !error ? (
        <p className="progress-line" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('common.loading')}
        </p>
      ) : null}
    </div>
  );
}

/** The certificate as a sheet of paper: the same in light and dark themes, as a printed page would be. */
function CertificateSheet({ document: doc }: { document: CertificateDocument }) {
  const { text } = doc;
  return (
    <article className="certificate-sheet" lang={doc.language} aria-label={`${text.heading}: ${doc.rep.name}`} data-testid="certificate-sheet">
      <p className="certificate-sheet__brand">Reprise</p>
      <h2 className="certificate-sheet__heading">{text.heading}</h2>
      <div className="certificate-sheet__mark" aria-hidden="true" />
      <p className="certificate-sheet__intro">{text.intro}</p>
      <p className="certificate-sheet__name">{doc.rep.name}</p>
      <p className="certificate-sheet__statement">{text.statement}</p>
      <dl className="certificate-sheet__fields">
        {text.fields.map((field) => (
          <div key={field.label} className="certificate-sheet__field">
            <dt>{field.label}</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>
      {text.notice ? (
        <p className="certificate-sheet__notice" role="status">
          {text.notice}
        </p>
      ) : null}
      <section className="certificate-sheet__verify">
        <h3>{text.verifyHeading}</h3>
        <p className="certificate-sheet__code">{doc.code}</p>
        {text.verifyLines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
    </article>
  );
}

/** Checks a verification code: genuine or not, current or not, and the facts the certificate shows. */
export function CheckCertificatePage({ initialCode }: { initialCode: string }) {
  const { t, locale, focusName } = useI18n();
  const levelName = useLevelName();
  const inputId = useId();
  const [code, setCode] = useState(initialCode);
  const [problem, setProblem] = useState<string | null>(null);
  const [checked, setChecked] = useState(initialCode.trim());
  const verification = useApiQuery(`certificate:verify:${checked}`, (a) =>
    checked ? a.invoke('certifications:verify', { code: checked }) : Promise.resolve(null),
  );
  const result: Verification | null = checked ? (verification.data ?? null) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim();
    if (!value) {
      setProblem(t('certificate.check.empty'));
      setChecked('');
      return;
    }
    setProblem(null);
    // The address keeps the code, so a checked certificate can be bookmarked or sent on.
    navigate(`${certificatePath()}?code=${encodeURIComponent(value)}`, { replace: true });
    if (value === checked) verification.reload();
    else setChecked(value);
  };
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(iso));

  return (
    <div className="page page--narrow certificate-check">
      <header className="page-header">
        <div>
          <PageTitle>{t('certificate.check.title')}</PageTitle>
          <p className="page-subtitle">{t('certificate.check.intro')}</p>
        </div>
      </header>
      <form className="card certificate-check__form" onSubmit={submit} noValidate>
        <div className={`field${problem ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={inputId}>
            {t('certificate.check.label')}
          </label>
          <div className="certificate-check__row">
            <input
              id={inputId}
              className="input certificate-check__input"
              value={code}
              maxLength={40}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${inputId}-hint${problem ? ` ${inputId}-error` : ''}`}
              onChange={(e) => setCode(e.target.value)}
            />
            <button type="submit" className="button button--primary">
              {t('certificate.check.submit')}
            </button>
          </div>
          {problem ? (
            <p id={`${inputId}-error`} className="field__error">
              {problem}
            </p>
          ) : null}
          <p id={`${inputId}-hint`} className="field__hint">
            {t('certificate.check.hint')}
          </p>
        </div>
      </form>
      {checked && verification.error ? <ErrorNotice error={verification.error} onRetry={verification.reload} /> : null}
      {result ? (
        <section className="card certificate-check__result" aria-live="polite" data-testid="certificate-check-result">
          {result.genuine ? (
            <>
              <p>
                <span className={`badge ${result.current ? 'badge--success' : 'badge--warning'}`}>
                  {result.current ? t('certificate.check.current') : t('certificate.check.notCurrent')}
                </span>
              </p>
              <dl className="certificate-check__facts">
                <dt>{t('certificate.field.person')}</dt>
                <dd>{result.rep}</dd>
                <dt>{t('certificate.field.focusArea')}</dt>
                <dd>{focusName(result.focusArea ?? '')}</dd>
                <dt>{t('certificate.field.level')}</dt>
                <dd>{levelName(result.level ?? '')}</dd>
                <dt>{t('certificate.field.granted')}</dt>
                <dd>{result.grantedAt ? date(result.grantedAt) : ''}</dd>
                <dt>{t('certificate.field.validUntil')}</dt>
                <dd>{result.expiresAt ? t('certificate.field.until', { date: date(result.expiresAt) }) : t('certificate.field.noExpiry')}</dd>
                {result.certifier ? (
                  <>
                    <dt>{t('certificate.field.certifiedBy')}</dt>
                    <dd>{result.certifier}</dd>
                  </>
                ) : null}
              </dl>
              {result.mayOpen ? (
                <a className="button button--secondary" href={hrefFor(certificatePath(result.code))}>
                  {t('certificate.check.open')}
                </a>
              ) : null}
            </>
          ) : (
            <p className="notice notice--error">{t('certificate.check.unknown', { code: result.code })}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
