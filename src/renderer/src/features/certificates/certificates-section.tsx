import { certificatePath, hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { NotifyControl } from './notify';
import './certificates.css';

/**
 * Settings' door to checking a certificate's code (what the printed certificate tells its reader
 * to open), and the switch for desktop notifications before one's own certifications expire.
 */
export function CertificatesSettingsSection() {
  const { t } = useI18n();
  return (
    <section className="card settings-section" aria-labelledby="settings-certificates">
      <h2 id="settings-certificates" className="card__title">
        {t('certificate.settings.title')}
      </h2>
      <p className="muted">{t('certificate.settings.body')}</p>
      <div className="certificate-settings__actions">
        <a className="button button--secondary" href={hrefFor(certificatePath())}>
          {t('certificate.check.title')}
        </a>
      </div>
      <h3 className="section-title">{t('certificate.settings.reminders')}</h3>
      <p className="muted">{t('certificate.settings.remindersBody')}</p>
      <NotifyControl />
    </section>
  );
}
