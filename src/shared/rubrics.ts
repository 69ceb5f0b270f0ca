/**
 * Scoring arithmetic without dependencies, so the form can show the same computation live in
 * the renderer that the core stores.
 */

export interface ScoreComputation {
  rows: { criterionId: string; name: string; score: number | null; weight: number; weighted: number | null }[];
  weightSum: number;
  weightedSum: number;
  mean: number | null;
  normalized: number | null;
}

/**
 * The overall score: the weighted mean of the scored criteria on the 1-5 scale, normalized to
 * 0-100. Unscored (optional) criteria are left out of both sums rather than counted as zero, so
 * skipping an optional criterion neither helps nor hurts.
 */
export function computeOverall(
  criteria: readonly { id: string; name: string; weight: number }[],
  scores: readonly { criterionId: string; score: number | null }[],
): ScoreComputation {
  const byId = new Map(scores.map((s) => [s.criterionId, s.score]));
  let weightSum = 0;
  let weightedSum = 0;
  const rows = criteria.map((c) => {
    const score = byId.get(c.id) ?? null;
    const weighted = score === null ? null : score * c.weight;
    if (score !== null) {
      weightSum += c.weight;
      weightedSum += score * c.weight;
    }
    return { criterionId: c.id, name: c.name, score, weight: c.weight, weighted };
  });
  const mean = weightSum > 0 ? weightedSum / weightSum : null;
  return { rows, weightSum, weightedSum, mean, normalized: mean === null ? null : normalize(mean) };
}

/** A 1-5 mean on the 0-100 scale. */
export function normalize(mean: number): number {
  return ((mean - 1) / 4) * 100;
}


/** `83500` → `1:23`, `3723000` → `1:02:03`: a moment in a recording as a player shows it. */
export function formatMoment(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** `1:23` or `1:02:03` (or plain seconds) → milliseconds; null when it is not a moment. */
export function parseMoment(text: string): number | null {
  const match = /^\s*(?:(\d+):)?(\d{1,3})(?::(\d{1,2}))?\s*$/.exec(text);
  if (!match) return null;
  const [, a, b, c] = match;
  let seconds: number;
  if (c !== undefined) {
    if (a === undefined || Number(b) > 59 || Number(c) > 59) return null;
    seconds = Number(a) * 3600 + Number(b) * 60 + Number(c);
  } else if (a !== undefined) {
    if (Number(b) > 59) return null;
    seconds = Number(a) * 60 + Number(b);
  } else {
    seconds = Number(b);
  }
  return seconds * 1000;
}
