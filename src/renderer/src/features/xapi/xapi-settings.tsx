import { useState, type FormEvent } from 'react';
import type { XapiRun, XapiSettings as Stored, XapiStatus, XapiTest, XapiVersionValue } from '../../../../shared/xapi';
import { xapiVersions } from '../../../../shared/xapi';
import { useApi } from '../../api/api-context';
import { describeError, fieldIssues } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { useToast } from '../../ui/toast';
import { useMay } from '../hub/access-gate';
import './xapi.css';

type Fields = 'endpoint' | 'username' | 'password' | 'baseIri';
const address = /^https?:\/\/[^\s/?#]+\S*$/i;

/** Settings' Learning Record Store section: for the owner of a local data folder and a hub's admins. */
export function XapiSettings() {
  const may = useMay();
  if (!may('xapi:settings')) return null;
  return <XapiSection />;
}

function XapiSection() {
  const { t } = useI18n();
  const settings = useApiQuery('xapi-settings', (a) => a.invoke('xapi:settings', {}));
  const status = useApiQuery('xapi-status', (a) => a.invoke('xapi:status', {}), ['xapi:changed']);
  return (
    <section className="card settings-section" aria-labelledby="settings-xapi">
      <h2 id="settings-xapi" className="card__title">
        {t('xapi.title')}
      </h2>
      <p className="muted">{t('xapi.body')}</p>
      {settings.error && !settings.data ? (
        <ErrorNotice error={settings.error} onRetry={settings.reload} />
      ) : settings.data ? (
        <XapiForm key={JSON.stringify(settings.data)} stored={settings.data} onSaved={() => (settings.reload(), status.reload())} />
      ) : null}
      {status.error && !status.data ? <ErrorNotice error={status.error} onRetry={status.reload} /> : status.data ? <XapiStatusView status={status.data} /> : null}
    </section>
  );
}

function XapiForm({ stored, onSaved }: { stored: Stored; onSaved: () => void }) {
  const api = useApi();
  const toast = useToast();
  const { t, language } = useI18n();
  const [values, setValues] = useState({ ...stored, password: '' });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [generalError, setGeneralError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) => setValues((v) => ({ ...v, [key]: value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<Fields, string>> = {};
    if (values.endpoint.trim() && !address.test(values.endpoint.trim())) found.endpoint = t('xapi.endpoint.invalid');
    if (values.baseIri.trim() && !address.test(values.baseIri.trim())) found.baseIri = t('xapi.baseIri.invalid');
    setErrors(found);
    setGeneralError(null);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      await api.invoke('xapi:configure', {
        enabled: values.enabled,
        endpoint: values.endpoint.trim(),
        username: values.username.trim(),
        // Empty keeps the password already kept; it is never sent back to this screen.
        ...(values.password ? { password: values.password } : {}),
        version: values.version,
        baseIri: values.baseIri.trim(),
      });
      toast.show({ tone: 'success', message: t('xapi.saved') });
      set('password', '');
      onSaved();
    } catch (failure) {
      const issues = fieldIssues(failure, language);
      const byField: Partial<Record<Fields, string>> = {};
      for (const key of ['endpoint', 'username', 'password', 'baseIri'] as const) if (issues.has(key)) byField[key] = issues.get(key);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setGeneralError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="xapi-form" noValidate onSubmit={(e) => void save(e)}>
      <Field label={t('xapi.enabled')} className="field--checkbox">
        {(control) => <input {...control} className="checkbox" type="checkbox" checked={values.enabled} onChange={(e) => set('enabled', e.target.checked)} />}
      </Field>
      <Field label={t('xapi.endpoint')} hint={t('xapi.endpoint.hint')} error={errors.endpoint}>
        {(control) => (
          <input {...control} className="input" type="url" inputMode="url" autoComplete="off" spellCheck={false} maxLength={500} value={values.endpoint} onChange={(e) => set('endpoint', e.target.value)} />
        )}
      </Field>
      <Field label={t('xapi.username')} error={errors.username}>
        {(control) => (
          <input {...control} className="input" autoComplete="off" spellCheck={false} maxLength={200} value={values.username} onChange={(e) => set('username', e.target.value)} />
        )}
      </Field>
      <Field label={t('xapi.password')} hint={stored.hasPassword ? t('xapi.password.kept') : t('xapi.password.none')} error={errors.password}>
        {(control) => (
          <input {...control} className="input" type="password" autoComplete="new-password" maxLength={500} value={values.password} onChange={(e) => set('password', e.target.value)} />
        )}
      </Field>
      <Field label={t('xapi.version')}>
        {(control) => (
          <select {...control} className="input input--auto" value={values.version} onChange={(e) => set('version', e.target.value as XapiVersionValue)}>
            {xapiVersions.map((v) => (
              <option key={v} value={v}>
                {t(`xapi.version.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('xapi.baseIri')} hint={t('xapi.baseIri.hint')} error={errors.baseIri}>
        {(control) => (
          <input {...control} className="input" type="url" inputMode="url" spellCheck={false} maxLength={300} value={values.baseIri} onChange={(e) => set('baseIri', e.target.value)} />
        )}
      </Field>
      {/* A statement keeps the address it was made with, in the LRS for good: say so before the first one goes. */}
      {values.enabled && (!values.baseIri.trim() || values.baseIri.includes('reprise.invalid')) ? (
        <p className="notice notice--warning small" role="note">
          {t('xapi.baseIri.default')}
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button--primary" aria-disabled={saving || undefined}>
          {saving ? t('common.saving') : t('common.save')}
        </button>
      </div>
      {generalError ? (
        <p className="field__error" role="alert">
          {describeError(generalError, t, language).message}
        </p>
      ) : null}
    </form>
  );
}

function XapiStatusView({ status }: { status: XapiStatus }) {
  const api = useApi();
  const toast = useToast();
  const { t, language, formatDate, formatDateTime } = useI18n();
  const [busy, setBusy] = useState<'send' | 'test' | 'again' | null>(null);
  const [said, setSaid] = useState<{ tone: 'ok' | 'problem'; text: string } | null>(null);

  function describeRun(run: XapiRun): { tone: 'ok' | 'problem'; text: string } {
    const parts = [run.sent || run.refused || run.stopped ? t('xapi.run.sent', { count: run.sent }) : t('xapi.run.nothing')];
    if (run.refused) parts.push(t('xapi.run.refused', { count: run.refused }));
    if (run.stopped) parts.push(t(`xapi.kind.${run.stopped}`), ...(run.detail ? [t('xapi.problem.said', { detail: run.detail })] : []));
    return { tone: run.refused || run.stopped ? 'problem' : 'ok', text: parts.join(' ') };
  }

  function describeTest(test: XapiTest): { tone: 'ok' | 'problem'; text: string } {
    const versions = test.versions.join(', ') || '–';
    const key = { ok: 'xapi.test.ok', 'not-configured': 'xapi.test.notConfigured', unreachable: 'xapi.test.unreachable', auth: 'xapi.test.auth', version: 'xapi.test.version', server: 'xapi.test.server' } as const;
    const text = t(key[test.outcome], { versions, version: '' });
    const detail = test.detail && test.outcome !== 'version' ? ` ${t('xapi.problem.said', { detail: test.detail })}` : '';
    return { tone: test.outcome === 'ok' ? 'ok' : 'problem', text: `${text}${detail}` };
  }

  async function act(what: 'send' | 'test' | 'again') {
    setBusy(what);
    setSaid(null);
    try {
      if (what === 'again') await api.invoke('xapi:retry-refused', {});
      if (what === 'send' || what === 'again') {
        const run = await api.invoke('xapi:send', {});
        const told = describeRun(run);
        if (told.tone === 'ok') toast.show({ tone: 'success', message: told.text });
        else setSaid(told);
      } else {
        const settings = await api.invoke('xapi:settings', {});
        const test = await api.invoke('xapi:test', {});
        const told = describeTest(test);
        setSaid(test.outcome === 'version' ? { ...told, text: t('xapi.test.version', { version: settings.version, versions: test.versions.join(', ') || '–' }) } : told);
      }
    } catch (failure) {
      setSaid({ tone: 'problem', text: describeError(failure, t, language).message });
    } finally {
      setBusy(null);
    }
  }

  const counts = [
    { key: 'queued', value: status.queued, label: t('xapi.count.queued') },
    { key: 'created', value: status.sent, label: t('xapi.count.sent') },
    { key: 'rejected', value: status.refused, label: t('xapi.count.refused') },
  ];
  return (
    <div className="xapi-status">
      <h3 className="section-title">{status.enabled ? t('xapi.status.on') : t('xapi.status.off')}</h3>
      <dl className="stat-grid xapi-stats">
        {counts.map((c) => (
          <div key={c.key} className={`stat stat--${c.key}${c.value === 0 ? ' stat--zero' : ''}`}>
            <dt className="stat__label">{c.label}</dt>
            <dd className="stat__value">{c.value}</dd>
          </div>
        ))}
      </dl>
      <dl className="facts">
        <div className="facts__row">
          <dt>{t('xapi.lastSent')}</dt>
          <dd>{status.lastSentAt ? formatDateTime(status.lastSentAt) : t('xapi.never')}</dd>
        </div>
        {status.lastFailure ? (
          <div className="facts__row">
            <dt>{t('xapi.count.retrying', { count: status.retrying })}</dt>
            <dd className="xapi-reason">
              {t(`xapi.kind.${status.lastFailure.kind}`)} {t('xapi.problem.retry', { time: formatDateTime(status.lastFailure.nextTryAt) })}
              {status.lastFailure.detail ? <span className="xapi-reason__said">{t('xapi.problem.said', { detail: status.lastFailure.detail })}</span> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="xapi-actions">
        <button type="button" className="button button--secondary" aria-disabled={busy !== null || undefined} disabled={!status.enabled} onClick={() => busy || void act('send')}>
          {busy === 'send' ? t('xapi.sending') : t('xapi.sendNow')}
        </button>
        <button type="button" className="button button--secondary" aria-disabled={busy !== null || undefined} onClick={() => busy || void act('test')}>
          {busy === 'test' ? t('xapi.testing') : t('xapi.test')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {said ? <p className={said.tone === 'ok' ? 'muted' : 'field__error'}>{said.text}</p> : null}
      </div>
      {status.refusedList.length > 0 ? (
        <>
          <h3 className="section-title">{t('xapi.problems.title')}</h3>
          <div className="table-wrap">
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('xapi.problems.what')}</th>
                  <th scope="col">{t('xapi.problems.who')}</th>
                  <th scope="col">{t('xapi.problems.when')}</th>
                  <th scope="col">{t('xapi.problems.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {status.refusedList.map((p) => (
                  <tr key={p.id}>
                    <td>{t(`xapi.verb.${p.verb}`)}</td>
                    <td>{p.who}</td>
                    <td>{formatDate(p.at.slice(0, 10))}</td>
                    <td className="xapi-reason">{p.checkedHere ? t('xapi.problem.checkedHere', { detail: p.detail }) : p.detail ? t('xapi.problem.said', { detail: p.detail }) : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {status.enabled && status.refusedList.some((p) => !p.checkedHere) ? (
            <div className="xapi-actions">
              <button type="button" className="button button--secondary" aria-disabled={busy !== null || undefined} onClick={() => busy || void act('again')}>
                {busy === 'again' ? t('xapi.sending') : t('xapi.sendAgain')}
              </button>
              <p className="field__hint">{t('xapi.sendAgain.hint')}</p>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
