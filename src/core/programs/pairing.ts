import type { Seniority } from '../../shared/people';
import type { PairingReason, PairingStrategy } from '../../shared/programs';
import type { ParticipantRole } from '../../shared/sessions';

/**
 * The weekly pairing engine: pure, deterministic for the same roster, history and options.
 *
 * Rules, hardest first:
 * 1. Everyone available is in exactly one group: pairs, plus one trio when the count is odd.
 * 2. No two people who met in the last `windowWeeks` weeks meet again, whenever any grouping
 *    exists that avoids it. The search below is exhaustive (within a node budget that small
 *    rosters never reach; large rosters are dense enough that the first greedy path succeeds).
 *    When no such grouping exists the window is shortened one week at a time, and the reason
 *    of every group says so.
 * 3. Soft, in this order of weight: the strategy's seniority mix (mixed: senior with new hire;
 *    cohort: like with like; rotate: whoever met least), then alternating roles (two people who
 *    both sold last time are kept apart where possible), then who met least and longest ago.
 *    Strict alternation is deliberately not a hard rule: with pairs only it would split the
 *    roster into two fixed halves that never meet each other's members.
 *
 * Roles in a group: whoever bought last time sells; whoever sold last time buys. The coach of
 * the session, who owes the seller this week's peer coaching, is the buyer in a pair and the buyer
 * or the observer in a trio: the senior one when one is senior and the other a new hire, else
 * whoever has coached less. Each rep is in one session a week and the
 * seller cannot coach, so a weekly coaching turn for everyone is impossible; as roles alternate,
 * each rep coaches about every other week, and the counts are balanced where there is a choice.
 */

export interface PairingRep {
  id: string;
  seniority: Seniority;
}

export interface PairingOptions {
  strategy: PairingStrategy;
  windowWeeks: number;
  /** Varies tie-breaks between programs with the same roster. */
  seed: string;
}

export interface PairedMember {
  repId: string;
  role: ParticipantRole;
}

export interface PairedGroup {
  members: PairedMember[];
  coachRepId: string;
  reason: PairingReason;
}

export interface WeekPairing {
  groups: PairedGroup[];
  /** The only available rep when exactly one is available: nobody to pair with. */
  unpaired: string | null;
}

const NEVER = -1_000_000;
const ROLE_NONE = -1;
const roleCode: Record<ParticipantRole, number> = { seller: 0, buyer: 1, observer: 2 };
const SELLER = 0;
const BUYER = 1;
const OBSERVER = 2;
const SEARCH_BUDGET = 100_000;

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * What happened before, kept in flat typed arrays indexed by an interned rep number so one week
 * of 500 reps costs a few hundred thousand array reads, not map lookups.
 */
export class PairingHistory {
  private readonly index = new Map<string, number>();
  private cap = 0;
  private lastMet = new Int32Array(0);
  private meetCount = new Uint16Array(0);
  private partners: { other: number; week: number }[][] = [];
  lastRole = new Int8Array(0);
  lastWeek = new Int32Array(0);
  sells = new Int32Array(0);
  trios = new Int32Array(0);
  lastTrio = new Int32Array(0);
  coached = new Int32Array(0);
  hashes = new Uint32Array(0);

  intern(repId: string): number {
    let i = this.index.get(repId);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(repId, i);
      if (i >= this.cap) this.grow(Math.max(16, this.cap * 2));
      this.partners[i] = [];
      this.hashes[i] = hashString(repId);
    }
    return i;
  }

  private grow(cap: number): void {
    const old = this.cap;
    const lastMet = new Int32Array(cap * cap).fill(NEVER);
    const meetCount = new Uint16Array(cap * cap);
    for (let a = 0; a < old; a++) {
      lastMet.set(this.lastMet.subarray(a * old, a * old + old), a * cap);
      meetCount.set(this.meetCount.subarray(a * old, a * old + old), a * cap);
    }
    this.lastMet = lastMet;
    this.meetCount = meetCount;
    const widen = <T extends Int32Array | Int8Array | Uint32Array>(arr: T, make: (n: number) => T, fill: number): T => {
      const next = make(cap).fill(fill) as T;
      next.set(arr);
      return next;
    };
    this.lastRole = widen(this.lastRole, (n) => new Int8Array(n), ROLE_NONE);
    this.lastWeek = widen(this.lastWeek, (n) => new Int32Array(n), NEVER);
    this.sells = widen(this.sells, (n) => new Int32Array(n), 0);
    this.trios = widen(this.trios, (n) => new Int32Array(n), 0);
    this.lastTrio = widen(this.lastTrio, (n) => new Int32Array(n), NEVER);
    this.coached = widen(this.coached, (n) => new Int32Array(n), 0);
    this.hashes = widen(this.hashes, (n) => new Uint32Array(n), 0);
    this.cap = cap;
  }

  pairLastMet(a: number, b: number): number {
    return this.lastMet[a * this.cap + b]!;
  }

  pairCount(a: number, b: number): number {
    return this.meetCount[a * this.cap + b]!;
  }

  /** Partners `a` met after week `sinceWeek` (exclusive). */
  recentPartners(a: number, sinceWeek: number, out: number[]): void {
    const list = this.partners[a]!;
    for (let k = list.length - 1; k >= 0; k--) {
      const p = list[k]!;
      if (p.week <= sinceWeek) break;
      out.push(p.other);
    }
  }

  /** Records one held or planned group; weeks may come in any order. */
  addGroup(week: number, members: readonly PairedMember[], coachRepId: string | null = null): void {
    const ids = members.map((m) => this.intern(m.repId));
    for (let x = 0; x < ids.length; x++) {
      const a = ids[x]!;
      const role = roleCode[members[x]!.role];
      if (week >= this.lastWeek[a]!) {
        this.lastWeek[a] = week;
        this.lastRole[a] = role;
      }
      if (role === SELLER) this.sells[a]!++;
      if (members.length === 3) {
        this.trios[a]!++;
        this.lastTrio[a] = Math.max(this.lastTrio[a]!, week);
      }
      if (coachRepId === members[x]!.repId) this.coached[a]!++;
      for (let y = 0; y < ids.length; y++) {
        if (x === y) continue;
        const b = ids[y]!;
        const k = a * this.cap + b;
        if (week > this.lastMet[k]!) this.lastMet[k] = week;
        this.meetCount[k]!++;
        insertByWeek(this.partners[a]!, { other: b, week });
      }
    }
  }
}

function insertByWeek(list: { other: number; week: number }[], item: { other: number; week: number }): void {
  if (list.length === 0 || list[list.length - 1]!.week <= item.week) {
    list.push(item);
    return;
  }
  let i = list.length;
  while (i > 0 && list[i - 1]!.week > item.week) i--;
  list.splice(i, 0, item);
}

class BudgetExceeded extends Error {}

/** Every way to cast a group as [seller, buyer, observer?]. */
const pairCasts: readonly (readonly number[])[] = [
  [0, 1],
  [1, 0],
];
const trioCasts: readonly (readonly number[])[] = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
];

const seniorityCode: Record<Seniority, number> = { senior: 0, new_hire: 1, unknown: 2 };

/** Pairs one week. `reps` are the available participants; their order does not matter. */
export function pairWeek(history: PairingHistory, repsInput: readonly PairingRep[], week: number, options: PairingOptions): WeekPairing {
  const reps = [...repsInput].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = reps.length;
  if (n === 0) return { groups: [], unpaired: null };
  if (n === 1) return { groups: [], unpaired: reps[0]!.id };

  const g = new Int32Array(n);
  const sen = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = history.intern(reps[i]!.id);
    sen[i] = seniorityCode[reps[i]!.seniority];
  }
  const seed = hashString(`${options.seed}:${week}`);
  const local = new Map<number, number>();
  for (let i = 0; i < n; i++) local.set(g[i]!, i);

  // Rotate follows a round-robin (the circle method) over this week's roster, so a stable roster
  // meets everyone once per cycle; when the roster changes, least-met-first carries on from there.
  const circle = new Int32Array(n).fill(-1);
  if (options.strategy === 'rotate') {
    const programSeed = hashString(options.seed);
    const seats: number[] = [...Array(n).keys()].sort((a, b) => mix(programSeed, history.hashes[g[a]!]!) - mix(programSeed, history.hashes[g[b]!]!) || a - b);
    if (seats.length % 2 === 1) seats.push(-1);
    const m = seats.length;
    const round = ((week % (m - 1)) + (m - 1)) % (m - 1);
    const rotated = [seats[0]!, ...seats.slice(1).map((_, k) => seats[1 + ((k + round) % (m - 1))]!)];
    for (let k = 0; k < m / 2; k++) {
      const a = rotated[k]!;
      const b = rotated[m - 1 - k]!;
      if (a >= 0 && b >= 0) {
        circle[a] = b;
        circle[b] = a;
      }
    }
  }

  const strategyCost = (i: number, j: number): number => {
    const a = sen[i]!;
    const b = sen[j]!;
    if (options.strategy === 'rotate') return 0;
    if (a === 2 || b === 2) return 1;
    const same = a === b;
    if (options.strategy === 'mixed') return same ? 2 : 0;
    return same ? 0 : 2;
  };

  // Per-week copies of what the cost reads, so the hot loop touches only flat local arrays.
  const lastRole = new Int8Array(n);
  const tieHash = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lastRole[i] = history.lastRole[g[i]!]!;
    tieHash[i] = mix(seed, history.hashes[g[i]!]!);
  }
  const rotate = options.strategy === 'rotate';

  /** What speaks against pairing i with j; 0 means nothing does. */
  const penalty = (i: number, j: number): number => {
    const gi = g[i]!;
    const gj = g[j]!;
    const roleClash = lastRole[i] === SELLER && lastRole[j] === SELLER ? 1 : 0;
    const met = history.pairCount(gi, gj);
    if (met === 0) {
      if (rotate) return (circle[i] === j ? 0 : 1e7) + roleClash * 1e6;
      return strategyCost(i, j) * 1e8 + roleClash * 1e7;
    }
    const recency = Math.max(0, 60 - (week - history.pairLastMet(gi, gj)));
    const seen = Math.min(met, 99);
    if (rotate) return seen * 1e8 + (circle[i] === j ? 0 : 1e7) + roleClash * 1e6 + recency * 1e4;
    return strategyCost(i, j) * 1e8 + roleClash * 1e7 + seen * 1e5 + recency * 1e3;
  };
  const cost = (i: number, j: number): number => penalty(i, j) + (mix(tieHash[i]! ^ tieHash[j]!, week) % 1000);

  for (let window = Math.max(0, options.windowWeeks); window >= 0; window--) {
    const groups = search(window);
    if (groups) return { groups: groups.map((members) => describe(members, window)), unpaired: null };
  }
  throw new Error('unreachable: with no window every grouping is allowed');

  function search(window: number): number[][] | null {
    const blocked: number[][] = [];
    const scratch: number[] = [];
    for (let i = 0; i < n; i++) {
      scratch.length = 0;
      if (window > 0) history.recentPartners(g[i]!, week - window - 1, scratch);
      const mine: number[] = [];
      for (const other of scratch) {
        const j = local.get(other);
        if (j !== undefined && !mine.includes(j)) mine.push(j);
      }
      blocked.push(mine);
    }
    const mark = new Uint8Array(n);
    const isBlocked = (i: number, j: number) => blocked[i]!.includes(j);
    const blockedAlive = new Int32Array(n);
    for (let i = 0; i < n; i++) blockedAlive[i] = blocked[i]!.length;
    // The reps still to place, kept compact (swap-remove, undone in reverse order) so scans skip placed ones.
    const aliveList = new Int32Array(n);
    const position = new Int32Array(n);
    for (let i = 0; i < n; i++) aliveList[i] = position[i] = i;
    const undo: number[] = [];
    let aliveCount = n;
    let nodes = 0;
    const chosen: number[][] = [];

    const catAlive = [0, 0, 0];
    for (let i = 0; i < n; i++) catAlive[sen[i]!]!++;
    /** The least penalty any partner of r (already taken) could still have: a partner at this bound ends the scan. */
    const floor = (r: number): number => {
      if (rotate) return 1e7;
      let least = Infinity;
      for (let c = 0; c < 3; c++) {
        if (catAlive[c]! <= 0) continue;
        least = Math.min(least, options.strategy === 'mixed' ? (c === 2 || sen[r] === 2 ? 1 : c === sen[r] ? 2 : 0) : c === 2 || sen[r] === 2 ? 1 : c === sen[r] ? 0 : 2);
      }
      return least * 1e8;
    };

    const take = (i: number) => {
      catAlive[sen[i]!]!--;
      const at = position[i]!;
      const last = aliveList[aliveCount - 1]!;
      aliveList[at] = last;
      position[last] = at;
      aliveList[aliveCount - 1] = i;
      position[i] = aliveCount - 1;
      aliveCount--;
      undo.push(at);
      for (const j of blocked[i]!) blockedAlive[j]!--;
    };
    const give = (i: number) => {
      catAlive[sen[i]!]!++;
      const at = undo.pop()!;
      const moved = aliveList[at]!;
      aliveList[at] = i;
      position[i] = at;
      aliveList[aliveCount] = moved;
      position[moved] = aliveCount;
      aliveCount++;
      for (const j of blocked[i]!) blockedAlive[j]!++;
    };

    const matchRest = (): boolean => {
      if (aliveCount === 0) return true;
      if (++nodes > SEARCH_BUDGET) throw new BudgetExceeded();
      // Most constrained first: the rep with the fewest allowed partners left (ties: lowest index).
      let r = -1;
      for (let k = 0; k < aliveCount; k++) {
        const i = aliveList[k]!;
        if (r < 0 || blockedAlive[i]! > blockedAlive[r]! || (blockedAlive[i] === blockedAlive[r] && i < r)) r = i;
      }
      if (aliveCount - 1 - blockedAlive[r]! <= 0) return false;
      take(r);
      for (const j of blocked[r]!) mark[j] = 1;
      const tried: number[] = []; // empty unless backtracking: no allocation cost in the common path
      for (;;) {
        // The cheapest allowed partner; a partner nothing speaks against ends the scan early,
        // and the scan starts at a place that depends on the week so such ties vary over time.
        let best = -1;
        let bestCost = Infinity;
        const c = circle[r]!;
        // Rotate: this round's partner beats anyone else who is as new to r.
        if (rotate && c >= 0 && position[c]! < aliveCount && !mark[c] && !tried.includes(c) && penalty(r, c) < 1e7) best = c;
        const bound = floor(r);
        const start = mix(tieHash[r]!, week) % Math.max(1, aliveCount);
        const scan = best < 0;
        for (let k = 0; scan && k < aliveCount; k++) {
          const p = aliveList[(start + k) % aliveCount]!;
          if (mark[p] || (tried.length && tried.includes(p))) continue;
          const pen = penalty(r, p);
          if (pen <= bound) {
            best = p;
            break;
          }
          const c = pen + (mix(tieHash[r]! ^ tieHash[p]!, week) % 1000);
          if (c < bestCost) {
            bestCost = c;
            best = p;
          }
        }
        if (best < 0) break;
        take(best);
        chosen.push([r, best]);
        for (const j of blocked[r]!) mark[j] = 0;
        if (matchRest()) return true;
        for (const j of blocked[r]!) mark[j] = 1;
        chosen.pop();
        give(best);
        tried.push(best);
      }
      for (const j of blocked[r]!) mark[j] = 0;
      give(r);
      return false;
    };

    try {
      if (n % 2 === 0) return matchRest() ? chosen.map((x) => [...x]) : null;
      // Odd: one trio, drawn where it keeps the strategy's mix for everyone else (mixed: two from
      // the larger of seniors and new hires; cohort: from a cohort with an odd count); within
      // that, whoever has been in a trio least and longest ago.
      const count = [0, 0, 0];
      for (let i = 0; i < n; i++) count[sen[i]!]!++;
      const parity = (x: number): number => {
        const s = sen[x]!;
        if (options.strategy === 'cohort') return count[s]! % 2 === 0 ? 1 : 0;
        if (options.strategy === 'mixed' && s !== 2) return count[s]! < count[1 - s]! ? 1 : 0;
        return 0;
      };
      const before = (a: number, b: number) =>
        parity(a) - parity(b) ||
        history.trios[g[a]!]! - history.trios[g[b]!]! ||
        history.lastTrio[g[a]!]! - history.lastTrio[g[b]!]! ||
        tieHash[a]! - tieHash[b]!;
      // The other two: those who have been in a trio least, weighed below the strategy and roles.
      const trioCost = (x: number) => parity(x) * 5e7 + history.trios[g[x]!]! * 2e5;
      const tryTrio = (e: number, a: number, b: number): boolean => {
        if (++nodes > SEARCH_BUDGET) throw new BudgetExceeded();
        take(e);
        take(a);
        take(b);
        chosen.length = 0;
        chosen.push([e, a, b]);
        if (matchRest()) return true;
        give(b);
        give(a);
        give(e);
        return false;
      };
      // The greedy choice first, by linear scans; the sorted, exhaustive enumeration only when it fails.
      let e0 = 0;
      for (let i = 1; i < n; i++) if (before(i, e0) < 0) e0 = i;
      let a0 = -1;
      let b0 = -1;
      let bestA = Infinity;
      let bestB = Infinity;
      for (let a = 0; a < n; a++) {
        if (a === e0 || isBlocked(e0, a)) continue;
        const v = cost(e0, a) + trioCost(a);
        if (v < bestA) [bestA, a0] = [v, a];
      }
      for (let b = 0; a0 >= 0 && b < n; b++) {
        if (b === e0 || b === a0 || isBlocked(e0, b) || isBlocked(a0, b)) continue;
        const v = cost(e0, b) + cost(a0, b) + trioCost(b);
        if (v < bestB) [bestB, b0] = [v, b];
      }
      if (b0 >= 0 && tryTrio(e0, a0, b0)) return chosen.map((x) => [...x]);
      const order = [...Array(n).keys()].sort(before);
      for (const e of order) {
        const partners = order.filter((a) => a !== e && !isBlocked(e, a)).sort((a, b) => cost(e, a) + trioCost(a) - cost(e, b) - trioCost(b));
        for (let x = 0; x < partners.length; x++) {
          const a = partners[x]!;
          const third = (b: number) => cost(e, b) + cost(a, b) + trioCost(b);
          const thirds = partners.slice(x + 1).filter((b) => !isBlocked(a, b)).sort((b, c) => third(b) - third(c));
          for (const b of thirds) if (tryTrio(e, a, b)) return chosen.map((x) => [...x]);
        }
      }
      return null;
    } catch (error) {
      if (error instanceof BudgetExceeded) return null;
      throw error;
    }
  }

  function describe(group: number[], effectiveWindow: number): PairedGroup {
    const gs = group.map((i) => g[i]!);
    const lastRole = (i: number) => history.lastRole[gs[i]!]!;
    const ids = group.map((i) => reps[i]!.id);
    const tie = (i: number) => mix(seed, history.hashes[gs[i]!]!);
    // Roles: every way of casting the group, scored. Whoever sold last time buys (anything else
    // relaxes the roles rule); whoever bought last time sells; nobody observes twice running;
    // the least-coached observes (the observer coaches) and the least-sold sells.
    const casts = group.length === 3 ? trioCasts : pairCasts;
    let cast = casts[0]!;
    let castScore = Infinity;
    for (const c of casts) {
      const [sk, bk, ok] = c as [number, number, number | undefined];
      let score = 0;
      for (let k = 0; k < group.length; k++) if (lastRole(k) === SELLER && k !== bk) score += 1e6;
      if (lastRole(sk) === BUYER) score -= 1000;
      if (ok !== undefined) score += (lastRole(ok) === OBSERVER ? 2000 : 0) + Math.min(history.coached[gs[ok]!]!, history.coached[gs[bk]!]!) * 30;
      else score += history.coached[gs[bk]!]! * 30;
      score += history.sells[gs[sk]!]! * 30 - sen[group[sk]!]! * 10 + (tie(sk) % 7);
      if (score < castScore) [castScore, cast] = [score, c];
    }
    const seller = cast[0]!;
    const rest = cast.slice(1);
    const roles: ParticipantRole[] = [];
    roles[seller] = 'seller';
    roles[rest[0]!] = 'buyer';
    if (rest[1] !== undefined) roles[rest[1]] = 'observer';
    const members = ids.map((repId, k) => ({ repId, role: roles[k]! })).sort((a, b) => roleCode[a.role] - roleCode[b.role]);
    // The coach: the buyer in a pair. In a trio, a senior rep coaches rather than a new hire (that is
    // what the observer seat is for); between two of the same standing, whoever has coached less (the
    // observer when even), so nobody's turns as coach depend on which group they land in.
    const [buyerK, observerK] = rest as [number, number | undefined];
    const seniorOf = (k: number) => sen[group[k]!] === seniorityCode.senior;
    const newHireOf = (k: number) => sen[group[k]!] === seniorityCode.new_hire;
    const coach =
      observerK === undefined
        ? buyerK
        : seniorOf(buyerK) && newHireOf(observerK)
          ? buyerK
          : seniorOf(observerK) && newHireOf(buyerK)
            ? observerK
            : history.coached[gs[buyerK]!]! < history.coached[gs[observerK]!]!
              ? buyerK
              : observerK;

    let timesMetBefore = 0;
    let lastMetWeeksAgo: number | null = null;
    for (let x = 0; x < gs.length; x++) {
      for (let y = x + 1; y < gs.length; y++) {
        timesMetBefore = Math.max(timesMetBefore, history.pairCount(gs[x]!, gs[y]!));
        const last = history.pairLastMet(gs[x]!, gs[y]!);
        if (last !== NEVER) lastMetWeeksAgo = Math.min(lastMetWeeksAgo ?? Infinity, week - last);
      }
    }
    const relaxed: PairingReason['relaxed'] = [];
    if (lastMetWeeksAgo !== null && lastMetWeeksAgo <= options.windowWeeks) relaxed.push('repeat-window');
    if (group.some((_, k) => lastRole(k) === SELLER && roles[k] !== 'buyer')) relaxed.push('roles');
    const kinds = new Set(group.map((i) => sen[i]!));
    const match: PairingReason['match'] = kinds.has(2) ? 'unknown' : kinds.size === 2 ? 'senior-new' : kinds.has(0) ? 'senior-senior' : 'new-new';
    if ((options.strategy === 'mixed' && (match === 'senior-senior' || match === 'new-new')) || (options.strategy === 'cohort' && match === 'senior-new')) {
      relaxed.push('strategy');
    }
    return {
      members,
      coachRepId: ids[coach]!,
      reason: {
        strategy: options.strategy,
        match,
        trio: group.length === 3,
        timesMetBefore,
        lastMetWeeksAgo,
        windowWeeks: options.windowWeeks,
        effectiveWindowWeeks: effectiveWindow,
        relaxed,
      },
    };
  }
}
