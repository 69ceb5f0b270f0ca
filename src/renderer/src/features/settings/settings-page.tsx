import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context';
import { describeError, fieldIssues } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
import { languages, useI18n, type Language } from '../../i18n/i18n';
import { themePreferences, useTheme } from '../../theme/theme';
import { ErrorNotice } from '../../ui/error-notice';
import { Field } from '../../ui/field';
import { useToast } from '../../ui/toast';
import { PageTitle } from '../../app/page-title';
import { useAccess, useMay } from '../hub/access-gate';
import { HubSettings } from '../hub/hub-settings';
import { isConnected, useSyncStatus } from '../sync/use-sync';
import { CertificatesSettingsSection } from '../certificates/certificates-section';
import { OwnerSettingsSection } from '../owner/owner';
import { DemoSettingsSection } from '../demo/demo';
import { TeamHubSection } from '../sync/team-hub-section';
import { XapiSettings } from '../xapi/xapi-settings';

/** Language names are written in their own language, so anyone can find theirs. */
const languageNames: Record<Language, string> = { en: 'English', fi: 'Suomi' };

export function SettingsPage({ query }: { query?: URLSearchParams }) {
  const may = useMay();
  const { t } = useI18n();
  return (
    <div className="page page--narrow">
      <header className="page-header">
        <div>
          <PageTitle>
            {t('area.settings')}
          </PageTitle>
          <p className="page-subtitle">{t('settings.subtitle')}</p>
        </div>
      </header>
      <TeamHubSection focus={query?.get('section') === 'hub'} />
      <OwnerSettingsSection focus={query?.get('section') === 'owner'} />
      <AppearanceSection />
      <HubSettings />
      {may('settings:update') ? <PeopleSettingsSection /> : null}
      <CertificatesSettingsSection />
      <DemoSettingsSection focus={query?.get('section') === 'demo'} />
      <XapiSettings />
      <AboutSection />
    </div>
  );
}

function AppearanceSection() {
  const { t, language, setLanguage } = useI18n();
  const { preference, setPreference } = useTheme();
  const languageId = useId();
  return (
    <section className="card settings-section" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance" className="card__title">
        {t('settings.appearance')}
      </h2>
      <div className="field">
        <label className="field__label" htmlFor={languageId}>
          {t('settings.language')}
        </label>
        <select id={languageId} className="input input--auto" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {languages.map((l) => (
            <option key={l} value={l} lang={l}>
              {languageNames[l]}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field radio-group">
        <legend className="field__label">{t('settings.theme')}</legend>
        <div className="segmented">
          {themePreferences.map((p) => (
            <label key={p} className={`segmented__option${preference === p ? ' is-selected' : ''}`}>
              <input type="radio" name="theme" value={p} checked={preference === p} onChange={() => setPreference(p)} />
              {t(`settings.theme.${p}`)}
            </label>
          ))}
        </div>
        <p className="field__hint">{t('settings.themeHint')}</p>
      </fieldset>
    </section>
  );
}

const minDays = 1;
const maxDays = 3650;

function PeopleSettingsSection() {
  const api = useApi();
  const toast = useToast();
  const { t, language } = useI18n();
  const settings = useApiQuery('settings', (a) => a.invoke('settings:get', {}), ['settings:changed']);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [generalError, setGeneralError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const stored = settings.data?.newHireDays;
  const value = draft ?? (stored === undefined ? '' : String(stored));

  async function save(event: FormEvent) {
    event.preventDefault();
    const days = Number(value.trim());
    if (!value.trim() || !Number.isInteger(days) || days < minDays || days > maxDays) {
      setError(t('settings.newHireDays.invalid', { min: minDays, max: maxDays }));
      return;
    }
    setError(undefined);
    setGeneralError(null);
    setSaving(true);
    try {
      await api.invoke('settings:update', { newHireDays: days });
      setDraft(null);
      toast.show({ tone: 'success', message: t('settings.saved') });
    } catch (failure) {
      const issue = fieldIssues(failure, language).get('newHireDays');
      if (issue) setError(issue);
      else setGeneralError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card settings-section" aria-labelledby="settings-people">
      <h2 id="settings-people" className="card__title">
        {t('area.people')}
      </h2>
      {settings.error && !settings.data ? (
        <ErrorNotice error={settings.error} onRetry={settings.reload} />
      ) : (
        <form noValidate onSubmit={(e) => void save(e)}>
          <Field label={t('settings.newHireDays')} hint={t('settings.newHireDays.hint')} error={error}>
            {(control) => (
              <div className="input-row">
                <input
                  {...control}
                  className="input input--number"
                  type="number"
                  inputMode="numeric"
                  min={minDays}
                  max={maxDays}
                  step={1}
                  value={value}
                  disabled={stored === undefined}
                  onChange={(e) => setDraft(e.target.value)}
                />
                <button type="submit" className="button button--primary" aria-disabled={saving || undefined} disabled={stored === undefined}>
                  {saving ? t('common.saving') : t('common.save')}
                </button>
              </div>
            )}
          </Field>
        </form>
      )}
      {generalError ? (
        <p className="field__error" role="alert">
          {describeError(generalError, t, language).message}
        </p>
      ) : null}
    </section>
  );
}

function AboutSection() {
  const api = useApi();
  const me = useAccess();
  const connected = isConnected(useSyncStatus());
  const { t } = useI18n();
  const info = useApiQuery('app-info', (a) => a.invoke('app:info', {}));
  return (
    <section className="card settings-section" aria-labelledby="settings-about">
      <h2 id="settings-about" className="card__title">
        {t('settings.about')}
      </h2>
      <p className="muted">{me.kind === 'person' ? t('settings.aboutBody.hub') : connected ? t('settings.aboutBody.connected') : t('settings.aboutBody')}</p>
      {info.error ? (
        <ErrorNotice error={info.error} onRetry={info.reload} />
      ) : (
        <dl className="facts">
          <div className="facts__row">
            <dt>{t('settings.version')}</dt>
            <dd>{info.data?.version ?? '…'}</dd>
          </div>
          {me.kind === 'person' ? null : (
            <>
              <div className="facts__row">
                <dt>{t('settings.dataDir')}</dt>
                <dd>
                  <code className="path">{info.data?.dataDir ?? '…'}</code>
                </dd>
              </div>
              <div className="facts__row">
                <dt>{t('settings.databasePath')}</dt>
                <dd>
                  <code className="path">{info.data?.databasePath ?? '…'}</code>
                </dd>
              </div>
            </>
          )}
          <div className="facts__row">
            <dt>{t('settings.schemaVersion')}</dt>
            <dd>{info.data?.schemaVersion ?? '…'}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('settings.transport')}</dt>
            <dd>{me.kind === 'person' ? t('settings.transport.hub') : api.transport === 'ipc' ? t('settings.transport.ipc') : t('settings.transport.http')}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
