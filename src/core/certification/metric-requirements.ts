import type { Statement } from 'better-sqlite3';
import type { SpeechAnalysis } from '../../shared/analysis';
import type { ConversationMetricKey, MetricBound } from '../../shared/certification';

/** A role-play's conversation metrics in a level's units; null where the analysis cannot measure one (a mono take has no seller). */
export type ConversationMetrics = Record<ConversationMetricKey, number | null>;

export function conversationMetrics(a: SpeechAnalysis): ConversationMetrics {
  // Voices told apart on one track are estimates: a level asks for evidence, and they are not.
  const estimate = Boolean(a.diarization);
  const seller = estimate ? null : (a.speakers?.seller ?? null);
  return {
    'seller-talk-ratio': seller ? seller.talkRatio * 100 : null,
    'seller-longest-monologue': seller ? seller.longestMonologueMs / 1000 : null,
    interactivity: estimate ? null : a.interactivityPerMinute,
    patience: estimate || a.patienceMs === null ? null : a.patienceMs / 1000,
    'seller-interruptions': seller ? seller.interruptions : null,
  };
}

export type MetricCheck = { ok: true } | { ok: false; reason: 'metric' | 'no-analysis'; metricKey: ConversationMetricKey };

/**
 * Whether a role-play's recording measures within each range of a level. A role-play whose
 * recording was not analysed (or cannot measure a bounded metric) does not count: the level
 * asks for evidence, and none is there. `metrics` is asked only when the level has bounds.
 */
export function checkMetrics(bounds: readonly MetricBound[] | undefined, metrics: () => ConversationMetrics | null): MetricCheck {
  if (!bounds?.length) return { ok: true };
  const measured = metrics();
  for (const b of bounds) {
    const value = measured?.[b.metricKey] ?? null;
    if (value === null) return { ok: false, reason: 'no-analysis', metricKey: b.metricKey };
    // A hair of tolerance: a talk ratio of 60 % is stored as 0.6 and comes back as 60.00000000000001.
    if ((b.min !== null && value < b.min - 1e-9) || (b.max !== null && value > b.max + 1e-9)) return { ok: false, reason: 'metric', metricKey: b.metricKey };
  }
  return { ok: true };
}

/**
 * The metrics of the recording a scorecard is about: the take it was tied to, else the session's
 * newest finished take (as the scorecard shows it), when its analysis is done.
 */
export function recordingMetricsLoader(sql: (text: string) => Statement): (scorecardId: string) => ConversationMetrics | null {
  const statement = sql(
    `SELECT a.result FROM scorecards sc
       JOIN recordings r ON r.id = coalesce(sc.recording_id,
         (SELECT id FROM recordings WHERE session_id = sc.session_id AND status IN ('finalizing', 'ready') ORDER BY started_at DESC LIMIT 1))
       JOIN recording_analyses a ON a.recording_id = r.id AND a.state = 'done'
      WHERE sc.id = ?`,
  ).pluck();
  return (scorecardId) => {
    const result = statement.get(scorecardId) as string | undefined;
    return result ? conversationMetrics(JSON.parse(result) as SpeechAnalysis) : null;
  };
}
