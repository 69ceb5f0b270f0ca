import type { OutcomePeriod, RepOutcomes } from '../../shared/progress';
import { daysBetween, mean, median, quarterOf } from './calendar';

export interface Opportunity {
  createdDate: string;
  closeDate: string | null;
  amount: number | null;
  closed: boolean;
  won: boolean;
}

const round = (value: number | null, places = 4) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);

/**
 * One rep's results per calendar quarter. Win rate counts the deals closed in the quarter (won ÷
 * closed); the cohort close rate follows the deals created in the quarter (how many of them are
 * won by now), which is not skewed by a quarter that only closed old deals. Deal size and days
 * to close are over won deals.
 */
export function outcomeMetrics(opportunities: Opportunity[], quotas: Map<string, number>, hireDate: string | null): RepOutcomes {
  const periods = new Map<string, { closed: Opportunity[]; created: Opportunity[] }>();
  const bucket = (period: string) => {
    let entry = periods.get(period);
    if (!entry) periods.set(period, (entry = { closed: [], created: [] }));
    return entry;
  };
  for (const opp of opportunities) {
    bucket(quarterOf(opp.createdDate)).created.push(opp);
    if (opp.closed && opp.closeDate) bucket(quarterOf(opp.closeDate)).closed.push(opp);
  }
  for (const period of quotas.keys()) bucket(period);
  const byPeriod: OutcomePeriod[] = [...periods.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, { closed, created }]) => {
      const won = closed.filter((o) => o.won);
      const wonAmount = won.reduce((sum, o) => sum + (o.amount ?? 0), 0);
      const createdWon = created.filter((o) => o.won).length;
      const quota = quotas.get(period) ?? null;
      return {
        period,
        won: won.length,
        closed: closed.length,
        winRate: round(closed.length ? won.length / closed.length : null),
        avgDealSize: round(mean(won.filter((o) => o.amount !== null).map((o) => o.amount!)), 2),
        medianDaysToClose: median(won.map((o) => daysBetween(o.createdDate, o.closeDate!))),
        created: created.length,
        createdWon,
        cohortCloseRate: round(created.length ? createdWon / created.length : null),
        wonAmount: round(wonAmount, 2)!,
        quota,
        quotaAttainment: round(quota ? wonAmount / quota : null),
      };
    });
  const firstWon = opportunities
    .filter((o) => o.won && o.closeDate)
    .map((o) => o.closeDate!)
    .sort()[0];
  return { byPeriod, firstWonDaysFromHire: hireDate && firstWon ? daysBetween(hireDate, firstWon) : null };
}

/** A win rate's bounds: 0 to 1 (0–100 %). */
export const rateRange = { min: 0, max: 1 } as const;

/**
 * The difference between two groups' means with a 95% interval (Welch's standard error, normal
 * approximation). Each value is one rep, so a rep with many deals does not count as many reps.
 * `range`: the values' own bounds (0 and 1 for a win rate). The normal approximation knows none
 * and on a few reps drew an interval past what two rates can differ by (above +100 points);
 * the interval is cut at the widest difference the bounds allow.
 */
export function meanDifference(label: string, a: number[], b: number[], range?: { min: number; max: number }) {
  const ma = mean(a);
  const mb = mean(b);
  const diff = ma !== null && mb !== null ? ma - mb : null;
  const variance = (xs: number[], m: number) => xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  let low: number | null = null;
  let high: number | null = null;
  if (diff !== null && a.length >= 2 && b.length >= 2) {
    const se = Math.sqrt(variance(a, ma!) / a.length + variance(b, mb!) / b.length);
    const widest = range ? range.max - range.min : Infinity;
    low = round(Math.max(diff - 1.96 * se, -widest));
    high = round(Math.min(diff + 1.96 * se, widest));
  }
  return { label, nA: a.length, nB: b.length, a: round(ma), b: round(mb), difference: round(diff), low, high };
}
