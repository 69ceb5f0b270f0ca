import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { ErrorNotice } from '../../ui/error-notice';
import { goTo, scorecardPath, tabPath } from './paths';

/**
 * The door from a recording (or Today) to its form: opens the person's scorecard for the session,
 * creating it on first use, and replaces this address so Back returns to where they came from.
 */
export function OpenSessionScorecard({ sessionId, me }: { sessionId: string; me: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    api.invoke('scorecards:start', { sessionId, reviewerId: me }).then(
      (card) => current && goTo(scorecardPath(card.id), { replace: true }),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [api, sessionId, me]);

  if (!error) {
    return (
      <p className="progress-line" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('coaching.session.opening')}
      </p>
    );
  }
  return (
    <div className="coaching-stack">
      <ErrorNotice error={error} />
      <p>
        <a href={hrefFor(tabPath('write'))}>{t('coaching.session.toList')}</a>
      </p>
    </div>
  );
}
