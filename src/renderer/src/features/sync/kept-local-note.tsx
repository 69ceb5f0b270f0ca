import { useI18n } from '../../i18n/i18n';

/** Said on a take whose participants did not all agree to share it with the team hub. */
export function KeptLocalNote() {
  const { t } = useI18n();
  return (
    <div className="notice notice--muted kept-local-note" role="note">
      <p>{t('sync.keptLocal')}</p>
    </div>
  );
}
