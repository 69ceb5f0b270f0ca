import { useCallback } from 'react';
import { useI18n, type Translate } from '../../i18n/i18n';

/** The level names Reprise ships, in the UI's language; a name an admin chose stays as written. */
const shippedLevels: Record<string, Parameters<Translate>[0]> = {
  Beginner: 'certificate.level.beginner',
  Intermediate: 'certificate.level.intermediate',
  Advanced: 'certificate.level.advanced',
};

export function useLevelName(): (name: string) => string {
  const { t } = useI18n();
  return useCallback((name: string) => {
    const key = shippedLevels[name];
    return key ? t(key) : name;
  }, [t]);
}
