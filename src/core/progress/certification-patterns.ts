import type { CertificationPattern } from '../../shared/progress';
import { addDays, mean } from './calendar';
import { meanDifference, rateRange, type Opportunity } from './outcome-metrics';

/** A deal counts as "after" a grant only when it was created at least this many days after it. */
export const daysAfterGrant = 7;

export interface GrantEvent {
  repId: string;
  email: string;
  focusAreaId: string;
  focusAreaName: string;
  level: string;
  /** The level's place in the focus area's list now; a level since removed sorts last. */
  levelIndex: number;
  /** The day of the rep's first grant of this level. */
  grantedOn: string;
}

/**
 * Results before and after a certification, per focus area and level: each certified rep's win
 * rate (won ÷ closed) and average won deal over the deals they created before the grant, against
 * the deals they created 7 days or more after it. Each rep is one value on each side where they
 * have deals there, and the sides are compared as in "practice beside results" (Welch, 95%). A
 * pattern, not a cause: the later deals come with more experience, other markets and less time
 * to close.
 */
export function certificationPatterns(grants: GrantEvent[], dealsOf: (email: string) => Opportunity[]): CertificationPattern[] {
  const groups = new Map<string, GrantEvent[]>();
  for (const grant of grants) {
    const key = `${grant.focusAreaId}\u0000${grant.level}`;
    const group = groups.get(key) ?? [];
    if (!group.some((g) => g.repId === grant.repId)) group.push(grant);
    groups.set(key, group);
  }
  const patterns: CertificationPattern[] = [];
  for (const group of groups.values()) {
    const winBefore: number[] = [];
    const winAfter: number[] = [];
    const sizeBefore: number[] = [];
    const sizeAfter: number[] = [];
    let closedBefore = 0;
    let closedAfter = 0;
    let wonBefore = 0;
    let wonAfter = 0;
    for (const grant of group) {
      const from = addDays(grant.grantedOn, daysAfterGrant);
      const closed = dealsOf(grant.email).filter((o) => o.closed);
      const before = closed.filter((o) => o.createdDate < grant.grantedOn);
      const after = closed.filter((o) => o.createdDate >= from);
      for (const [deals, rates, sizes, side] of [
        [before, winBefore, sizeBefore, 'before'],
        [after, winAfter, sizeAfter, 'after'],
      ] as const) {
        if (deals.length === 0) continue;
        const won = deals.filter((o) => o.won);
        rates.push(won.length / deals.length);
        const size = mean(won.filter((o) => o.amount !== null).map((o) => o.amount!));
        if (size !== null) sizes.push(size);
        if (side === 'before') {
          closedBefore += deals.length;
          wonBefore += won.length;
        } else {
          closedAfter += deals.length;
          wonAfter += won.length;
        }
      }
    }
    const first = group[0]!;
    patterns.push({
      focusAreaId: first.focusAreaId,
      focusAreaName: first.focusAreaName,
      level: first.level,
      levelIndex: first.levelIndex,
      reps: group.length,
      closedBefore,
      closedAfter,
      wonBefore,
      wonAfter,
      measures: [meanDifference('winRate:afterVsBefore', winAfter, winBefore, rateRange), meanDifference('avgDealSize:afterVsBefore', sizeAfter, sizeBefore)],
    });
  }
  return patterns.sort((a, b) => a.focusAreaName.localeCompare(b.focusAreaName) || a.levelIndex - b.levelIndex);
}
