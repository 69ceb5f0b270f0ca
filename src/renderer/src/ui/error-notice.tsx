import { describeError } from '../api/errors';
import { useI18n } from '../i18n/i18n';
import { AlertIcon } from './icons';

/** A failed call, said plainly, with a way to try again where that can help: a role that is not allowed stays not allowed. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, language } = useI18n();
  const { title, message, code } = describeError(error, t, language);
  const retry = code === 'forbidden' ? undefined : onRetry;
  return (
    <div className="notice notice--error" role="alert">
      <AlertIcon className="notice__icon" />
      <div className="notice__content">
        <p className="notice__title">{title}</p>
        <p>{message}</p>
        {retry ? (
          <button type="button" className="button button--secondary button--small" onClick={retry}>
            {t('common.retry')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
