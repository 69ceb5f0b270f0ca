import type { CalibrationReport, CalibrationSession, ReviewerCalibration, SessionScorecards } from '../../shared/scorecards';

/** Floating-point slack so that a mean of exactly −0.75 counts as reaching a 0.75 threshold. */
const epsilon = 1e-9;

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * How far each reviewer sits from the others. Within a session, each criterion score is compared
 * with the mean of the other reviewers' scores on the same criterion (matched by key, so
 * scorecards on different template versions still line up). Across sessions, a reviewer whose
 * mean signed deviation reaches the threshold over enough comparisons is flagged as harsher
 * (below the others) or more lenient (above them).
 */
export function calibrate(groups: SessionScorecards[], threshold: number, minComparisons: number): CalibrationReport {
  const sessions: CalibrationSession[] = [];
  const perReviewer = new Map<string, { reviewer: { id: string; name: string }; deviations: number[]; sessions: Set<string> }>();

  for (const group of groups) {
    if (group.scorecards.length < 2) continue;
    const criteria = new Map<string, { key: string; name: string; version: number; scores: { scorecardId: string; reviewerId: string; score: number }[] }>();
    for (const card of group.scorecards) {
      for (const criterion of card.template.criteria) {
        const score = card.scores.find((s) => s.criterionId === criterion.id)?.score ?? null;
        const entry = criteria.get(criterion.key) ?? { key: criterion.key, name: criterion.name, version: card.templateVersion, scores: [] };
        // The newest wording names the row when reviewers used different versions.
        if (card.templateVersion > entry.version) Object.assign(entry, { name: criterion.name, version: card.templateVersion });
        if (score !== null) entry.scores.push({ scorecardId: card.id, reviewerId: card.reviewer.id, score });
        criteria.set(criterion.key, entry);
      }
    }
    const rows = [...criteria.values()]
      .filter((c) => c.scores.length > 0)
      .map((c) => {
        const values = c.scores.map((s) => s.score);
        return {
          key: c.key,
          name: c.name,
          mean: mean(values),
          spread: Math.max(...values) - Math.min(...values),
          scores: c.scores.map((s) => {
            const others = c.scores.filter((o) => o.scorecardId !== s.scorecardId).map((o) => o.score);
            const deviation = others.length ? s.score - mean(others) : null;
            if (deviation !== null) {
              const card = group.scorecards.find((g) => g.id === s.scorecardId)!;
              const stats = perReviewer.get(s.reviewerId) ?? { reviewer: card.reviewer, deviations: [], sessions: new Set<string>() };
              stats.deviations.push(deviation);
              stats.sessions.add(group.session.id);
              perReviewer.set(s.reviewerId, stats);
            }
            return { ...s, deviation };
          }),
        };
      });
    sessions.push({
      session: group.session,
      reviewee: group.reviewee,
      reviewers: group.scorecards.map((card) => ({ scorecardId: card.id, reviewer: card.reviewer, role: card.role, overall: card.computation.normalized })),
      criteria: rows,
    });
  }

  const reviewers: ReviewerCalibration[] = [...perReviewer.values()].map(({ reviewer, deviations, sessions: seen }) => {
    const meanDeviation = mean(deviations);
    const enough = deviations.length >= minComparisons;
    return {
      reviewer,
      sessions: seen.size,
      comparisons: deviations.length,
      meanDeviation,
      meanAbsoluteDeviation: mean(deviations.map(Math.abs)),
      flag: enough && meanDeviation <= -threshold + epsilon ? 'harsher' : enough && meanDeviation >= threshold - epsilon ? 'lenient' : null,
    };
  });
  reviewers.sort(
    (a, b) => Number(b.flag !== null) - Number(a.flag !== null) || Math.abs(b.meanDeviation) - Math.abs(a.meanDeviation) || a.reviewer.name.localeCompare(b.reviewer.name),
  );
  return { threshold, minComparisons, reviewers, sessions };
}
