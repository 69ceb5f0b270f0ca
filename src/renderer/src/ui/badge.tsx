import type { Seniority } from '../../../shared/people';
import { useI18n } from '../i18n/i18n';

export function Badge({ tone, children }: { tone: 'accent' | 'success' | 'neutral' | 'warning' | 'muted'; children: string }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}

const seniorityTone = { new_hire: 'success', senior: 'accent', unknown: 'neutral' } as const;

export function SeniorityBadge({ seniority }: { seniority: Seniority }) {
  const { t } = useI18n();
  return <Badge tone={seniorityTone[seniority]}>{t(`seniority.${seniority}`)}</Badge>;
}

export function CoachBadge() {
  const { t } = useI18n();
  return <Badge tone="warning">{t('badge.coach')}</Badge>;
}

export function ArchivedBadge() {
  const { t } = useI18n();
  return <Badge tone="muted">{t('badge.archived')}</Badge>;
}
