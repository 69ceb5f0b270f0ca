export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

export function formatSize(bytes: number, locale: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit ? 1 : 0 }).format(value)} ${units[unit]}`;
}

type NumberedTake = { id: string; sessionId: string; startedAt: string; teamTakesUnknown?: true };

/**
 * Each take's number within its session, oldest first, for sessions with more than one take:
 * two takes of one role-play would otherwise carry the same title. A session whose list holds
 * only what this computer knows (the hub's list never fetched, see `teamTakesUnknown`) gets no
 * numbers: "Take 1" here could be the team's seventh, and another take's "Take 1" elsewhere.
 */
export function takeNumbers(recordings: readonly NumberedTake[]): Map<string, number> {
  const bySession = new Map<string, NumberedTake[]>();
  for (const r of recordings) bySession.set(r.sessionId, [...(bySession.get(r.sessionId) ?? []), r]);
  const numbers = new Map<string, number>();
  for (const takes of bySession.values()) {
    if (takes.length < 2 || takes.some((r) => r.teamTakesUnknown)) continue;
    [...takes].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id)).forEach((r, i) => numbers.set(r.id, i + 1));
  }
  return numbers;
}
