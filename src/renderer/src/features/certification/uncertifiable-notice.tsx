import type { UncertifiableLevel } from '../../../../shared/certification';
import { useApiQuery } from '../../api/use-api-query';
import { hrefFor } from '../../app/routes';
import { useI18n } from '../../i18n/i18n';
import { useMay } from '../hub/access-gate';
import { useLevelName } from './certification-path';

/** Where an admin marks a certifier for a focus area: the certification rules, opened on that area. */
export const markCertifierPath = (focusAreaId: string) => `/progress?view=certification&mark=${encodeURIComponent(focusAreaId)}`;

/**
 * The levels nobody current may certify (no marked certifier, no coach, no holder), per focus area,
 * so a path with a dead end is said where people look, with the way out: an admin marks someone.
 * Renders nothing while every level has someone who can certify it.
 */
export function UncertifiableNotice({ onMark }: { onMark?: (focusAreaId: string) => void }) {
  const { t, focusName } = useI18n();
  const levelName = useLevelName();
  // Offered to whoever the core lets mark a certifier.
  const admin = useMay()('certifications:mark-certifier');
  const gaps = useApiQuery('cert:uncertifiable', (a) => a.invoke('certifications:certifiers', {}), ['certifications:changed', 'people:changed']);
  const byArea = new Map<string, UncertifiableLevel[]>();
  for (const gap of gaps.data?.uncertifiable ?? []) byArea.set(gap.focusAreaId, [...(byArea.get(gap.focusAreaId) ?? []), gap]);
  if (byArea.size === 0) return null;
  return (
    <section className="notice notice--warning cert-nobody" aria-labelledby="cert-nobody-title" data-testid="cert-nobody">
      <h2 id="cert-nobody-title" className="cert-nobody__title">
        {t('cert.nobody.title')}
      </h2>
      <p className="small">{t('cert.nobody.body')}</p>
      <ul className="plain-list cert-nobody__list">
        {[...byArea.values()].map((levels) => {
          const area = focusName(levels[0]!.focusAreaName);
          return (
            <li key={levels[0]!.focusAreaId} className="cert-nobody__area">
              <span>{t('cert.nobody.area', { area, levels: levels.map((l) => levelName(l.levelName)).join(', ') })}</span>
              {admin ? (
                onMark ? (
                  <button type="button" className="button button--secondary button--small" aria-label={t('cert.nobody.markFor', { area })} onClick={() => onMark(levels[0]!.focusAreaId)}>
                    {t('cert.nobody.mark')}
                  </button>
                ) : (
                  <a className="button button--secondary button--small" aria-label={t('cert.nobody.markFor', { area })} href={hrefFor(markCertifierPath(levels[0]!.focusAreaId))}>
                    {t('cert.nobody.mark')}
                  </a>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
      {admin ? null : <p className="small">{t('cert.nobody.ask')}</p>}
    </section>
  );
}
