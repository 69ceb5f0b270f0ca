import type { PairingReason, ProgramSession } from '../../../../shared/programs';
import type { ParticipantRole } from '../../../../shared/sessions';
import type { Translate } from '../../i18n/i18n';
import { localDate } from '../../../../shared/page-inputs';

export { addDays, mondayOf } from '../../../../shared/page-inputs';

/** A pairing's reason in the reader's language (the core stores codes, not sentences). */
export function pairingText(reason: PairingReason, t: Translate): string {
  const parts = [t(`programs.reason.${reason.strategy}`, { mix: t(`programs.mix.${reason.match}`) })];
  if (reason.trio) parts.push(t('programs.reason.trio'));
  parts.push(
    reason.timesMetBefore === 0
      ? t('programs.reason.firstTime')
      : `${t('programs.reason.metBefore', { count: reason.timesMetBefore })} ${t('programs.reason.lastMet', { count: reason.lastMetWeeksAgo ?? 0 })}`,
  );
  if (reason.relaxed.includes('repeat-window')) {
    parts.push(
      reason.effectiveWindowWeeks > 0
        ? t('programs.reason.windowRelaxed', { weeks: reason.windowWeeks, count: reason.effectiveWindowWeeks })
        : t('programs.reason.windowDropped', { weeks: reason.windowWeeks }),
    );
  }
  if (reason.relaxed.includes('roles')) parts.push(t('programs.reason.rolesRelaxed'));
  if (reason.relaxed.includes('strategy')) parts.push(t('programs.reason.strategyRelaxed'));
  if (reason.relaxed.includes('mix-repeat')) parts.push(t('programs.reason.mixRepeat'));
  if (reason.relaxed.includes('team')) parts.push(t('programs.reason.acrossTeams'));
  return parts.join(' ');
}

const weekMs = 7 * 86_400_000;

/** Why the adaptive strategy gave a group its focus area: the seller's recall of it and when they last practised it. */
export function focusText(focus: NonNullable<PairingReason['focus']>, areaName: string, weekStartsAt: string, t: Translate): string {
  if (focus.retrievability === null || focus.lastPractisedAt === null) return t('programs.focusReason.never', { area: areaName });
  const weeks = Math.max(0, Math.round((Date.parse(weekStartsAt) - Date.parse(focus.lastPractisedAt)) / weekMs));
  return t('programs.focusReason', { area: areaName, percent: Math.round(focus.retrievability * 100), count: weeks });
}

export function roleName(role: ParticipantRole, t: Translate): string {
  return t(`programs.role.${role}`);
}

export function peopleLine(session: Pick<ProgramSession, 'participants'>, t: Translate): string {
  return session.participants.map((p) => `${p.name} (${roleName(p.role, t)})`).join(' · ');
}

/** A file download from text or bytes, in the browser and in Electron alike. */
export function download(filename: string, data: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Monday (YYYY-MM-DD) of the week that contains `date`. */
/** Today's calendar date where the viewer is. */
export function localToday(): string {
  return localDate(new Date());
}
