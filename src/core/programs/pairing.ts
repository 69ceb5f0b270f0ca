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
 * Roles in a group: whoever sold last time buys and nobody sells three times running; whoever is
 * owed most sales (their fair share, half their pairs and a third of their trios, minus what they
 * sold) sells, between equals whoever bought last time. The coach of
 * the session, who owes the seller this week's peer coaching, is the buyer in a pair and the buyer
 * or the observer in a trio: the senior one when one is senior and the other a new hire, else
 * whoever has coached less. Each rep is in one session a week and the
 * seller cannot coach, so a weekly coaching turn for everyone is impossible; as roles alternate,
 * each rep coaches about every other week, and the counts are balanced where there is a choice.
 */

export interface PairingRep {
  id: string;
  seniority: Seniority;
  /** The rep's team; mixed and cohort pair within a team where they can, unless the program pairs across teams. */
  team?: string;
}

export interface PairingOptions {
  strategy: PairingStrategy;
  windowWeeks: number;
  /** Varies tie-breaks between programs with the same roster. */
  seed: string;
  /** Pair across teams as readily as within one (default: prefer people of the same team). */
  acrossTeams?: boolean;
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
  /** The history's numbers of each group's members, three a group in member order (-1 after a pair's two), for `addGroup`. */
  memberNumbers?: Int32Array;
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
/** A cell of the history's pair table: four numbers, the third when the pair last met, the fourth how often. */
const CELL = 4;
const LAST = 2;
const COUNT = 3;

/** Who met whom within a window, per rep of the week: rep i's list is `items[start[i]]` to `items[start[i + 1] - 1]`. */
interface Blocked {
  start: Int32Array;
  items: Int32Array;
}

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
 * of 500 reps costs a few hundred thousand array reads. Who met whom is sparse (a rep meets a
 * few dozen people a year, not the whole roster): one hash table in typed arrays gives each pair
 * that met a slot, so 5,000 reps cost a few megabytes rather than a 5,000 × 5,000 matrix or a map
 * per rep.
 */
export class PairingHistory {
  private readonly index = new Map<string, number>();
  private readonly scratch: number[] = [];
  private cap = 0;
  /**
   * The pairs that met, open-addressed by a hash of the two rep numbers, four numbers a cell side
   * by side so one probe reads one stretch of memory: the lower number plus one (0: empty), the
   * higher number, the week they last met (`LAST`) and how often they met (`COUNT`). A pair's
   * place (`pairSlot`) holds until the next `addGroup`.
   */
  cells = new Int32Array(1024 * CELL);
  private cellMask = 1023;
  private pairsKnown = 0;
  private partners: number[][] = [];
  private partnerWeeks: number[][] = [];
  lastRole = new Int8Array(0);
  lastWeek = new Int32Array(0);
  /** How many of the rep's latest sessions in a row they sold (0 when the latest was not a sale). */
  sellStreak = new Int32Array(0);
  sells = new Int32Array(0);
  /** The rep's fair share of selling so far: half of each pair, a third of each trio. */
  seats = new Float64Array(0);
  trios = new Int32Array(0);
  lastTrio = new Int32Array(0);
  coached = new Int32Array(0);
  hashes = new Uint32Array(0);
  /**
   * The reasons given so far, shared between the groups that have the same one; read them, never
   * change them. By strategy and window, then by a key of the rest (see `describe` in pairWeek).
   */
  readonly reasons = new Map<string, Map<number | string, PairingReason>>();

  /** How many reps the history knows (their numbers are 0 to size - 1). */
  get size(): number {
    return this.index.size;
  }

  intern(repId: string): number {
    let i = this.index.get(repId);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(repId, i);
      if (i >= this.cap) this.grow(Math.max(16, this.cap * 2));
      this.partners[i] = [];
      this.partnerWeeks[i] = [];
      this.hashes[i] = hashString(repId);
    }
    return i;
  }

  private grow(cap: number): void {
    const widen = <T extends Int32Array | Int8Array | Uint32Array | Float64Array>(arr: T, make: (n: number) => T, fill: number): T => {
      const next = make(cap).fill(fill) as T;
      next.set(arr);
      return next;
    };
    this.lastRole = widen(this.lastRole, (n) => new Int8Array(n), ROLE_NONE);
    this.lastWeek = widen(this.lastWeek, (n) => new Int32Array(n), NEVER);
    this.sellStreak = widen(this.sellStreak, (n) => new Int32Array(n), 0);
    this.sells = widen(this.sells, (n) => new Int32Array(n), 0);
    this.seats = widen(this.seats, (n) => new Float64Array(n), 0);
    this.trios = widen(this.trios, (n) => new Int32Array(n), 0);
    this.lastTrio = widen(this.lastTrio, (n) => new Int32Array(n), NEVER);
    this.coached = widen(this.coached, (n) => new Int32Array(n), 0);
    this.hashes = widen(this.hashes, (n) => new Uint32Array(n), 0);
    this.cap = cap;
  }

  /** The place in `cells` of the pair a–b, or -1 when they never met: one probe of an open-addressed table of pairs. */
  pairSlot(a: number, b: number): number {
    const lo = (a < b ? a : b) + 1;
    const hi = a < b ? b : a;
    const mask = this.cellMask;
    const cells = this.cells;
    for (let h = pairHash(lo - 1, hi) & mask; ; h = (h + 1) & mask) {
      const at = h * CELL;
      const key = cells[at]!;
      if (key === 0) return -1;
      if (key === lo && cells[at + 1] === hi) return at;
    }
  }

  /** The place of the pair a–b, made when they never met: one probe finds it or the empty cell it goes in. */
  private slotOf(a: number, b: number): number {
    // At most half full, so probes stay short; growing places every pair again.
    if ((this.pairsKnown + 1) * 2 > this.cellMask + 1) {
      const old = this.cells;
      const size = (this.cellMask + 1) * 2;
      this.cells = new Int32Array(size * CELL);
      this.cellMask = size - 1;
      for (let at = 0; at < old.length; at += CELL) {
        if (old[at] === 0) continue;
        let h = pairHash(old[at]! - 1, old[at + 1]!) & this.cellMask;
        while (this.cells[h * CELL] !== 0) h = (h + 1) & this.cellMask;
        this.cells.set(old.subarray(at, at + CELL), h * CELL);
      }
    }
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const cells = this.cells;
    const mask = this.cellMask;
    for (let h = pairHash(lo, hi) & mask; ; h = (h + 1) & mask) {
      const at = h * CELL;
      const key = cells[at]!;
      if (key === lo + 1 && cells[at + 1] === hi) return at;
      if (key !== 0) continue;
      cells[at] = lo + 1;
      cells[at + 1] = hi;
      cells[at + LAST] = NEVER;
      cells[at + COUNT] = 0;
      this.pairsKnown++;
      return at;
    }
  }

  pairLastMet(a: number, b: number): number {
    const s = this.pairSlot(a, b);
    return s < 0 ? NEVER : this.cells[s + LAST]!;
  }

  pairCount(a: number, b: number): number {
    const s = this.pairSlot(a, b);
    return s < 0 ? 0 : this.cells[s + COUNT]!;
  }

  /** Partners `a` met after week `sinceWeek` (exclusive). */
  recentPartners(a: number, sinceWeek: number, out: number[]): void {
    const list = this.partners[a]!;
    const weeks = this.partnerWeeks[a]!;
    for (let k = list.length - 1; k >= 0; k--) {
      if (weeks[k]! <= sinceWeek) break;
      out.push(list[k]!);
    }
  }

  /** Records one held or planned group; weeks may come in any order (the sell streak assumes they come in order). */
  addGroup(week: number, members: readonly PairedMember[], coachRepId: string | null = null, numbers?: Int32Array, at = 0): void {
    // The planner passes the members' numbers along (`memberNumbers` of its week), saving a lookup by id per member.
    const ids = this.scratch;
    ids.length = members.length;
    for (let k = 0; k < members.length; k++) ids[k] = numbers ? numbers[at + k]! : this.intern(members[k]!.repId);
    for (let x = 0; x < ids.length; x++) {
      const a = ids[x]!;
      const role = roleCode[members[x]!.role];
      if (week > this.lastWeek[a]!) this.sellStreak[a] = role === SELLER ? this.sellStreak[a]! + 1 : 0;
      if (week >= this.lastWeek[a]!) {
        this.lastWeek[a] = week;
        this.lastRole[a] = role;
      }
      if (role === SELLER) this.sells[a]!++;
      this.seats[a]! += 1 / members.length;
      if (members.length === 3) {
        this.trios[a]!++;
        this.lastTrio[a] = Math.max(this.lastTrio[a]!, week);
      }
      if (coachRepId === members[x]!.repId) this.coached[a]!++;
      for (let y = 0; y < ids.length; y++) {
        if (x === y) continue;
        const b = ids[y]!;
        if (y > x) {
          const s = this.slotOf(a, b);
          if (week > this.cells[s + LAST]!) this.cells[s + LAST] = week;
          this.cells[s + COUNT]!++;
        }
        insertByWeek(this.partners[a]!, this.partnerWeeks[a]!, b, week);
      }
    }
  }
}

function pairHash(lo: number, hi: number): number {
  const h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi + 0x7f4a7c15, 0x85ebca6b);
  return (h ^ (h >>> 15)) >>> 0;
}

function insertByWeek(list: number[], weeks: number[], other: number, week: number): void {
  if (list.length === 0 || weeks[weeks.length - 1]! <= week) {
    list.push(other);
    weeks.push(week);
    return;
  }
  let i = list.length;
  while (i > 0 && weeks[i - 1]! > week) i--;
  list.splice(i, 0, other);
  weeks.splice(i, 0, week);
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
  // The planner passes them in this order already: check in one pass rather than copy and sort.
  let inOrder = true;
  for (let i = 1; i < repsInput.length && inOrder; i++) inOrder = !(repsInput[i - 1]!.id > repsInput[i]!.id);
  const reps: readonly PairingRep[] = inOrder ? repsInput : [...repsInput].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const n = reps.length;
  if (n === 0) return { groups: [], unpaired: null };
  if (n === 1) return { groups: [], unpaired: reps[0]!.id };

  const g = new Int32Array(n);
  const sen = new Int8Array(n);
  // Teams as small numbers; one team for everyone when the program pairs across teams or for rotate,
  // whose point is that everyone meets everyone.
  const team = new Int32Array(n);
  const teamIds = new Map<string, number>();
  const byTeam = !options.acrossTeams && options.strategy !== 'rotate';
  // Who sold in each of their last two sessions: they buy or observe now, whatever else gives.
  const mustBuy = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    g[i] = history.intern(reps[i]!.id);
    sen[i] = seniorityCode[reps[i]!.seniority];
    const t = byTeam ? (reps[i]!.team ?? '') : '';
    if (!teamIds.has(t)) teamIds.set(t, teamIds.size);
    team[i] = teamIds.get(t)!;
    mustBuy[i] = history.sellStreak[g[i]!]! >= 2 ? 1 : 0;
  }
  const teamCount = teamIds.size;
  const seed = hashString(`${options.seed}:${week}`);
  const groupNumbers = new Int32Array(3);
  const groupRoles = new Int8Array(3);
  const reasonsKey = `${options.strategy}|${options.windowWeeks}`;
  const reasonsHere = history.reasons.get(reasonsKey) ?? new Map<number | string, PairingReason>();
  history.reasons.set(reasonsKey, reasonsHere);
  // History number → index in this week's roster (-1: not available this week).
  const local = new Int32Array(history.size).fill(-1);
  for (let i = 0; i < n; i++) local[g[i]!] = i;

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

  // The strategy's cost of a seniority pairing, by [a * 3 + b] (senior, new hire, unknown).
  const strategyTable = new Int8Array(9);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const same = a === b;
      strategyTable[a * 3 + b] = options.strategy === 'rotate' ? 0 : a === 2 || b === 2 ? 1 : options.strategy === 'mixed' ? (same ? 2 : 0) : same ? 0 : 2;
    }
  }
  const strategyCost = (i: number, j: number): number => strategyTable[sen[i]! * 3 + sen[j]!]!;
  /** Below the strategy's mix, above alternating roles: people of another team. */
  const TEAM = 5e7;

  // Per-week copies of what the cost reads, so the hot loop touches only flat local arrays.
  const lastRole = new Int8Array(n);
  const tieHash = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    lastRole[i] = history.lastRole[g[i]!]!;
    tieHash[i] = mix(seed, history.hashes[g[i]!]!);
  }
  const rotate = options.strategy === 'rotate';

  // Both sold last time: one sells again. Worse when one of them may not (sold twice): the other must.
  const roleClash = (i: number, j: number): number => (lastRole[i] === SELLER && lastRole[j] === SELLER ? 1 + mustBuy[i]! + mustBuy[j]! : 0);
  /** The part of the penalty that does not depend on the history of the two: a floor under it, without a lookup. */
  const lowerPenalty = (i: number, j: number): number =>
    rotate ? (circle[i] === j ? 0 : 1e7) + roleClash(i, j) * 1e6 : strategyTable[sen[i]! * 3 + sen[j]!]! * 1e8 + (team[i] === team[j] ? 0 : TEAM) + roleClash(i, j) * 1e7;

  /** What speaks against pairing i with j; 0 means nothing does. */
  const penalty = (i: number, j: number): number => {
    const slot = history.pairSlot(g[i]!, g[j]!);
    const met = slot < 0 ? 0 : history.cells[slot + COUNT]!;
    if (met === 0) return lowerPenalty(i, j);
    const otherTeam = team[i] === team[j] ? 0 : TEAM;
    const clash = roleClash(i, j);
    const recency = Math.max(0, 60 - (week - history.cells[slot + LAST]!));
    const seen = Math.min(met, 99);
    if (rotate) return seen * 1e8 + (circle[i] === j ? 0 : 1e7) + clash * 1e6 + recency * 1e4;
    return strategyCost(i, j) * 1e8 + otherTeam + clash * 1e7 + seen * 1e5 + recency * 1e3;
  };
  const cost = (i: number, j: number): number => penalty(i, j) + (mix(tieHash[i]! ^ tieHash[j]!, week) % 1000);

  // Hardest first: nobody sells three sessions running (two who both sold their last two never meet),
  // then the repeat window, shortened a week at a time. Only if no grouping at all keeps the first
  // (a handful of people who all sold twice) is it given up.
  const mustBuyCount = mustBuy.reduce((a, b) => a + b, 0);
  const blockedByWindow = new Map<number, Blocked>();
  for (const sellRule of mustBuyCount > 1 ? [true, false] : [false]) {
    for (let window = Math.max(0, options.windowWeeks); window >= 0; window--) {
      const groups = search(window, sellRule);
      if (groups) {
        if (!rotate) easeRoleClashes(groups, window, sellRule);
        const mixRepeat = options.strategy === 'mixed' ? mixAfterRepeats(groups, window, sellRule) : false;
        const memberNumbers = new Int32Array(groups.length * 3);
        const described = groups.map((members, k) => describe(members, window, mixRepeat, memberNumbers, k * 3));
        return { groups: described, unpaired: null, memberNumbers };
      }
    }
  }
  throw new Error('unreachable: with no window every grouping is allowed');

  /** Who met within `window` weeks, per rep. */
  function blockedLists(window: number): Blocked {
    const known = blockedByWindow.get(window);
    if (known) return known;
    // One flat list for the whole week rather than an array per rep: the search walks these lists at every step.
    const start = new Int32Array(n + 1);
    let items = new Int32Array(Math.max(16, n * 4));
    let size = 0;
    const scratch: number[] = [];
    for (let i = 0; i < n; i++) {
      start[i] = size;
      scratch.length = 0;
      if (window > 0) history.recentPartners(g[i]!, week - window - 1, scratch);
      for (const other of scratch) {
        const j = local[other]!;
        if (j < 0) continue;
        let seen = false;
        for (let k = start[i]!; k < size && !seen; k++) seen = items[k] === j;
        if (seen) continue;
        if (size === items.length) {
          const wider = new Int32Array(items.length * 2);
          wider.set(items);
          items = wider;
        }
        items[size++] = j;
      }
    }
    start[n] = size;
    const blocked = { start, items };
    blockedByWindow.set(window, blocked);
    return blocked;
  }

  /** Who may not meet this week: met within `window` weeks, or (with `sellRule`) both sold their last two sessions. */
  function forbidding(blocked: Blocked, sellRule: boolean): (i: number, j: number) => boolean {
    const { start, items } = blocked;
    return (i, j) => {
      if (sellRule && mustBuy[i] === 1 && mustBuy[j] === 1) return true;
      for (let k = start[i]!, end = start[i + 1]!; k < end; k++) if (items[k] === j) return true;
      return false;
    };
  }

  /**
   * Two who both sold last time make one of them sell again (and, when one of them sold twice, the
   * other must), which over weeks piles sales on a few people. The search meets that only as far as
   * its greedy order allows; this pass exchanges one member of such a pair with one of another pair
   * wherever that lowers the two pairs' cost most and both stay allowed.
   */
  function easeRoleClashes(groups: number[][], window: number, sellRule: boolean): void {
    const clashes: number[] = [];
    for (let a = 0; a < groups.length; a++) {
      const group = groups[a]!;
      if (group.length === 2 && lastRole[group[0]!] === SELLER && lastRole[group[1]!] === SELLER) clashes.push(a);
    }
    if (clashes.length === 0) return;
    const forbidden = forbidding(blockedLists(window), sellRule);
    const ok = (i: number, j: number) => !forbidden(i, j);
    for (const a of clashes) {
      const A = groups[a]!;
      if (!(lastRole[A[0]!] === SELLER && lastRole[A[1]!] === SELLER)) continue; // eased by an earlier exchange
      const before = penalty(A[0]!, A[1]!);
      let best = 0;
      let pick: [number, number, number] | null = null;
      // Small rosters try every other pair; large ones a fixed number, from a place that varies by week.
      const tries = Math.min(groups.length, 16);
      const from = mix(seed, a) % groups.length;
      for (let t = 0; t < tries; t++) {
        const b = (from + t) % groups.length;
        const B = groups[b]!;
        if (b === a || B.length !== 2) continue;
        const old = before + penalty(B[0]!, B[1]!);
        for (let x = 0; x < 2; x++) {
          for (let y = 0; y < 2; y++) {
            const keepA = A[1 - x]!;
            const keepB = B[1 - y]!;
            if (!ok(keepA, B[y]!) || !ok(keepB, A[x]!)) continue;
            // The penalty is never below its history-free part: an exchange that cannot beat the best so far needs no lookups.
            if (old - lowerPenalty(keepA, B[y]!) - lowerPenalty(keepB, A[x]!) <= best) continue;
            const gain = old - penalty(keepA, B[y]!) - penalty(keepB, A[x]!);
            if (gain > best) [best, pick] = [gain, [b, x, y]];
          }
        }
      }
      if (!pick) continue;
      const [b, x, y] = pick;
      const B = groups[b]!;
      groups[a] = [A[1 - x]!, B[y]!];
      groups[b] = [B[1 - y]!, A[x]!];
    }
  }

  /**
   * Mixed: two new hires never sit together while a senior sits without a new hire, unless the
   * rules above forbid every exchange that would fix it. The search weighs the mix heavily but
   * greedily; this pass exchanges one new hire for one member of such a senior's group wherever
   * both new groups are allowed, until no exchange helps. Answers whether new hires still sit
   * together while a senior is free (the reason says so).
   */
  function mixAfterRepeats(groups: number[][], window: number, sellRule: boolean): boolean {
    const forbidden = forbidding(blockedLists(window), sellRule);
    const allowed = (group: readonly number[]) => {
      for (let x = 0; x < group.length; x++) for (let y = x + 1; y < group.length; y++) if (forbidden(group[x]!, group[y]!)) return false;
      return true;
    };
    const has = (group: readonly number[], c: number) => {
      for (let k = 0; k < group.length; k++) if (sen[group[k]!] === c) return true;
      return false;
    };
    const crowded = (group: readonly number[]) => {
      let newHires = 0;
      for (let k = 0; k < group.length; k++) {
        const c = sen[group[k]!];
        if (c === seniorityCode.senior) return false;
        if (c === seniorityCode.new_hire) newHires++;
      }
      return newHires >= 2;
    };
    const free = (group: readonly number[]) => has(group, seniorityCode.senior) && !has(group, seniorityCode.new_hire);
    for (let changed = true; changed; ) {
      changed = false;
      for (let a = 0; a < groups.length && !changed; a++) {
        if (!crowded(groups[a]!)) continue;
        for (let b = 0; b < groups.length && !changed; b++) {
          if (!free(groups[b]!)) continue;
          const A = groups[a]!;
          const B = groups[b]!;
          for (let x = 0; x < A.length && !changed; x++) {
            if (sen[A[x]!] !== seniorityCode.new_hire) continue;
            for (let y = 0; y < B.length && !changed; y++) {
              const nextA = A.map((i, k) => (k === x ? B[y]! : i));
              const nextB = B.map((i, k) => (k === y ? A[x]! : i));
              // B keeps a senior beside the new hire it gains; A loses a new hire. Each exchange frees one senior fewer.
              if (!has(nextB, seniorityCode.senior) || !allowed(nextA) || !allowed(nextB)) continue;
              groups[a] = nextA;
              groups[b] = nextB;
              changed = true;
            }
          }
        }
      }
    }
    return groups.some(crowded) && groups.some(free);
  }

  function search(window: number, sellRule: boolean): number[][] | null {
    const blocked = blockedLists(window);
    const { start: blockedStart, items: blockedItems } = blocked;
    const blockedCount = (i: number) => blockedStart[i + 1]! - blockedStart[i]!;
    const mark = new Uint8Array(n);
    /** Marks (1) or unmarks (0) everyone r met within the window. */
    const markBlocked = (r: number, value: number) => {
      for (let k = blockedStart[r]!, end = blockedStart[r + 1]!; k < end; k++) mark[blockedItems[k]!] = value;
    };
    const isBlocked = forbidding(blocked, sellRule);
    /** Two who both sold their last two sessions: never together while the rule holds. */
    const bothSold = (i: number, j: number) => sellRule && mustBuy[i] === 1 && mustBuy[j] === 1;
    let mustBuyAlive = sellRule ? mustBuyCount : 0;
    // Large rosters take reps in one order fixed per search (most constrained first) rather than
    // rescanning everyone for the most constrained at every step, which made a week of 5,000 quadratic.
    // The keys are small counts: a counting sort (most constrained first, then by index) instead of a sort with a comparator.
    const placeOrder = new Int32Array(n);
    const rank = new Int32Array(n);
    {
      const key = new Int32Array(n);
      let most = 0;
      for (let i = 0; i < n; i++) {
        key[i] = blockedCount(i) + (sellRule ? mustBuy[i]! * mustBuyCount : 0);
        if (key[i]! > most) most = key[i]!;
      }
      // Where each key's reps start in the order, the largest key first.
      const startOf = new Int32Array(most + 2);
      for (let i = 0; i < n; i++) startOf[most - key[i]! + 1]!++;
      for (let k = 1; k <= most + 1; k++) startOf[k]! += startOf[k - 1]!;
      for (let i = 0; i < n; i++) {
        const at = startOf[most - key[i]!]!++;
        placeOrder[at] = i;
        rank[i] = at;
      }
    }
    let cursor = 0;
    const DYNAMIC = 64;
    const blockedAlive = new Int32Array(n);
    for (let i = 0; i < n; i++) blockedAlive[i] = blockedCount(i);
    // The reps still to place, kept compact (swap-remove, undone in reverse order) so scans skip placed ones.
    const aliveList = new Int32Array(n);
    const position = new Int32Array(n);
    for (let i = 0; i < n; i++) aliveList[i] = position[i] = i;
    const undo: number[] = [];
    let aliveCount = n;
    let nodes = 0;
    const chosen: number[][] = [];

    // Alive counts per seniority, in total and per team.
    const catAlive = [0, 0, 0];
    const teamCatAlive = new Int32Array(teamCount * 3);
    for (let i = 0; i < n; i++) {
      catAlive[sen[i]!]!++;
      teamCatAlive[team[i]! * 3 + sen[i]!]!++;
    }
    /** The least penalty any partner of r (already taken) could still have: a partner at this bound ends the scan. */
    const floor = (r: number): number => {
      if (rotate) return 1e7;
      let least = Infinity;
      for (let c = 0; c < 3; c++) {
        if (catAlive[c]! <= 0) continue;
        const mix = options.strategy === 'mixed' ? (c === 2 || sen[r] === 2 ? 1 : c === sen[r] ? 2 : 0) : c === 2 || sen[r] === 2 ? 1 : c === sen[r] ? 0 : 2;
        least = Math.min(least, mix * 1e8 + (teamCatAlive[team[r]! * 3 + c]! > 0 ? 0 : TEAM));
      }
      return least;
    };

    // The alive reps again, grouped by team and seniority ("buckets", compact like aliveList), so a
    // rep's partner is looked for where the strategy and team would put them first instead of
    // across everyone: scanning everyone made the last picks of a large week quadratic.
    const buckets = teamCount * 3;
    const useBuckets = !rotate && buckets <= 96;
    const bucketStart = new Int32Array(buckets + 1);
    for (let b = 0; b < buckets; b++) bucketStart[b + 1] = bucketStart[b]! + teamCatAlive[b]!;
    const bucketItems = new Int32Array(n);
    const bucketPos = new Int32Array(n);
    {
      const fill = bucketStart.slice(0, buckets);
      for (let i = 0; i < n; i++) {
        const at = fill[team[i]! * 3 + sen[i]!]!++;
        bucketItems[at] = i;
        bucketPos[i] = at;
      }
    }
    const bucketUndo: number[] = [];
    // For each standing and team of the rep looking for a partner: the buckets from what the
    // strategy and team say least against them (ties: lower bucket first), worked out once per search.
    const bucketSorted = new Int32Array(useBuckets ? 3 * teamCount * buckets : 0);
    const bucketSortedBase = new Float64Array(bucketSorted.length);
    if (useBuckets) {
      const order: number[] = [];
      const base = new Float64Array(buckets);
      for (let s = 0; s < 3; s++) {
        for (let t = 0; t < teamCount; t++) {
          order.length = 0;
          for (let b = 0; b < buckets; b++) {
            base[b] = strategyTable[s * 3 + (b % 3)]! * 1e8 + (((b / 3) | 0) === t ? 0 : TEAM);
            order.push(b);
          }
          order.sort((x, y) => base[x]! - base[y]! || x - y);
          const at = (s * teamCount + t) * buckets;
          for (let x = 0; x < buckets; x++) {
            bucketSorted[at + x] = order[x]!;
            bucketSortedBase[at + x] = base[order[x]!]!;
          }
        }
      }
    }

    const take = (i: number) => {
      if (sellRule && mustBuy[i]) mustBuyAlive--;
      catAlive[sen[i]!]!--;
      const b = team[i]! * 3 + sen[i]!;
      const lastAt = bucketStart[b]! + teamCatAlive[b]! - 1;
      const from = bucketPos[i]!;
      const other = bucketItems[lastAt]!;
      bucketItems[from] = other;
      bucketPos[other] = from;
      bucketItems[lastAt] = i;
      bucketPos[i] = lastAt;
      bucketUndo.push(from);
      teamCatAlive[b]!--;
      const at = position[i]!;
      const last = aliveList[aliveCount - 1]!;
      aliveList[at] = last;
      position[last] = at;
      aliveList[aliveCount - 1] = i;
      position[i] = aliveCount - 1;
      aliveCount--;
      undo.push(at);
      for (let k = blockedStart[i]!, end = blockedStart[i + 1]!; k < end; k++) blockedAlive[blockedItems[k]!]!--;
    };
    const give = (i: number) => {
      if (sellRule && mustBuy[i]) mustBuyAlive++;
      if (rank[i]! < cursor) cursor = rank[i]!;
      catAlive[sen[i]!]!++;
      const b = team[i]! * 3 + sen[i]!;
      teamCatAlive[b]!++;
      const lastAt = bucketStart[b]! + teamCatAlive[b]! - 1;
      const from = bucketUndo.pop()!;
      const swapped = bucketItems[from]!;
      bucketItems[from] = i;
      bucketPos[i] = from;
      bucketItems[lastAt] = swapped;
      bucketPos[swapped] = lastAt;
      const at = undo.pop()!;
      const moved = aliveList[at]!;
      aliveList[at] = i;
      position[i] = at;
      aliveList[aliveCount] = moved;
      position[moved] = aliveCount;
      aliveCount++;
      for (let k = blockedStart[i]!, end = blockedStart[i + 1]!; k < end; k++) blockedAlive[blockedItems[k]!]!++;
    };

    /** The cheapest allowed partner of r not yet tried, or -1. */
    const bestPartner = (r: number, tried: readonly number[]): number => {
      // A partner nothing speaks against ends the scan early, and the scan starts at a place that
      // depends on the week so such ties vary over time.
      const c = circle[r]!;
      // Rotate: this round's partner beats anyone else who is as new to r.
      if (rotate && c >= 0 && position[c]! < aliveCount && !mark[c] && !bothSold(r, c) && !tried.includes(c) && penalty(r, c) < 1e7) return c;
      let best = -1;
      let bestCost = Infinity;
      if (useBuckets) {
        // Buckets in the order of what the strategy and team say against them; a bucket that
        // cannot beat the best so far ends the search.
        // Cheapest bucket first: the first one nearly always holds the partner.
        const from = (sen[r]! * teamCount + team[r]!) * buckets;
        for (let x = from; x < from + buckets; x++) {
          const b = bucketSorted[x]!;
          const count = teamCatAlive[b]!;
          if (count <= 0) continue;
          const base = bucketSortedBase[x]!;
          if (base >= bestCost) break;
          const first = bucketStart[b]!;
          const start = mix(tieHash[r]!, week) % count;
          // First the partner nothing speaks against beyond the bucket itself, looking up the history
          // only of those whose roles do not already clash with r's: usually found within a few.
          for (let k = 0, at = start; k < count; k++, at = at + 1 === count ? 0 : at + 1) {
            const p = bucketItems[first + at]!;
            if (mark[p] || bothSold(r, p) || (tried.length && tried.includes(p))) continue;
            // A partner above the bucket's base cannot end the scan (the penalty is never below this part of it).
            if (lowerPenalty(r, p) > base) continue;
            if (penalty(r, p) <= base) return p;
          }
          // None: the cheapest in the bucket, in the same order (ties: the first), against the best so far.
          for (let k = 0, at = start; k < count; k++, at = at + 1 === count ? 0 : at + 1) {
            const p = bucketItems[first + at]!;
            if (mark[p] || bothSold(r, p) || (tried.length && tried.includes(p))) continue;
            if (lowerPenalty(r, p) >= bestCost) continue;
            const cost = penalty(r, p) + (mix(tieHash[r]! ^ tieHash[p]!, week) % 1000);
            if (cost < bestCost) {
              bestCost = cost;
              best = p;
            }
          }
        }
        return best;
      }
      const bound = floor(r);
      const start = mix(tieHash[r]!, week) % Math.max(1, aliveCount);
      for (let k = 0; k < aliveCount; k++) {
        const p = aliveList[(start + k) % aliveCount]!;
        if (mark[p] || bothSold(r, p) || (tried.length && tried.includes(p))) continue;
        // Most candidates can neither end the scan nor beat the best so far: skip the history lookup.
        const least = lowerPenalty(r, p);
        if (least > bound && least >= bestCost) continue;
        const pen = penalty(r, p);
        if (pen <= bound) return p;
        const cost = pen + (mix(tieHash[r]! ^ tieHash[p]!, week) % 1000);
        if (cost < bestCost) {
          bestCost = cost;
          best = p;
        }
      }
      return best;
    };

    // matchRest's stack: one frame per pair placed, in flat arrays; a frame's tried partners exist only once it backtracks.
    const frameR = new Int32Array(n);
    const framePartner = new Int32Array(n);
    const frameTried: (number[] | null)[] = [];
    const noneTried: readonly number[] = [];
    const triedOf = (f: number): number[] => (frameTried[f] ??= []);

    /**
     * Pairs everyone still alive, most constrained first, backtracking over partners; on failure
     * everything is as it was. A loop with its own stack: a roster of thousands would overflow the
     * call stack with one frame per pair.
     */
    const matchRest = (): boolean => {
      let frames = 0;
      let descend = true;
      for (;;) {
        if (descend) {
          if (aliveCount === 0) return true;
          if (++nodes > SEARCH_BUDGET) throw new BudgetExceeded();
          // Most constrained first: the rep with the fewest allowed partners left (ties: lowest index);
          // with many still to place, the first alive in the fixed order.
          let r = -1;
          if (aliveCount > DYNAMIC) {
            while (position[placeOrder[cursor]!]! >= aliveCount) cursor++;
            r = placeOrder[cursor]!;
          } else {
            const constraint = (i: number) => blockedAlive[i]! + (mustBuy[i] ? mustBuyAlive : 0);
            for (let k = 0; k < aliveCount; k++) {
              const i = aliveList[k]!;
              if (r < 0 || constraint(i) > constraint(r) || (constraint(i) === constraint(r) && i < r)) r = i;
            }
          }
          if (aliveCount - 1 - blockedAlive[r]! > 0) {
            take(r);
            markBlocked(r, 1);
            frameR[frames] = r;
            framePartner[frames] = -1;
            frameTried[frames] = null;
            frames++;
          } else if (frames === 0) return false;
          else {
            // Undo the latest pair and try that rep's next partner.
            const top = frames - 1;
            markBlocked(frameR[top]!, 1);
            chosen.pop();
            give(framePartner[top]!);
            triedOf(top).push(framePartner[top]!);
          }
        }
        const top = frames - 1;
        const topR = frameR[top]!;
        const best = bestPartner(topR, frameTried[top] ?? noneTried);
        if (best >= 0) {
          take(best);
          chosen.push([topR, best]);
          framePartner[top] = best;
          markBlocked(topR, 0);
          descend = true;
          continue;
        }
        // Nobody left for this rep: undo it, and the pair before it.
        markBlocked(topR, 0);
        give(topR);
        frames--;
        if (frames === 0) return false;
        const prev = frames - 1;
        markBlocked(frameR[prev]!, 1);
        chosen.pop();
        give(framePartner[prev]!);
        triedOf(prev).push(framePartner[prev]!);
        descend = false;
      }
    };

    try {
      // `chosen` is this search's own: the pairs go out as they are.
      if (n % 2 === 0) return matchRest() ? chosen : null;
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
      // A cost is never below its history-free part: whoever cannot beat the best so far even so needs no look-up.
      for (let a = 0; a < n; a++) {
        if (a === e0 || isBlocked(e0, a)) continue;
        if (lowerPenalty(e0, a) + trioCost(a) >= bestA) continue;
        const v = cost(e0, a) + trioCost(a);
        if (v < bestA) [bestA, a0] = [v, a];
      }
      for (let b = 0; a0 >= 0 && b < n; b++) {
        if (b === e0 || b === a0 || isBlocked(e0, b) || isBlocked(a0, b)) continue;
        if (lowerPenalty(e0, b) + lowerPenalty(a0, b) + trioCost(b) >= bestB) continue;
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

  function describe(group: number[], effectiveWindow: number, mixRepeat: boolean, numbers: Int32Array, at: number): PairedGroup {
    // Called once per group of every week: plain loops over the group and no per-call closures or
    // arrays beyond what the answer holds.
    const size = group.length;
    // The members' history numbers and last roles by place in the group, in arrays kept for the week.
    const gq = groupNumbers;
    const rq = groupRoles;
    for (let k = 0; k < 3; k++) {
      gq[k] = k < size ? g[group[k]!]! : -1;
      rq[k] = k < size ? history.lastRole[gq[k]!]! : ROLE_NONE;
    }
    // Roles: every way of casting the group, scored. Whoever sold their last two never sells;
    // whoever sold last time buys (anything else relaxes the roles rule); whoever is owed most
    // sales sells, and between equals whoever bought last time; nobody observes twice running;
    // the least-coached observes (the observer coaches).
    const casts = size === 3 ? trioCasts : pairCasts;
    let cast = casts[0]!;
    let castScore = Infinity;
    for (let c = 0; c < casts.length; c++) {
      const candidate = casts[c]!;
      const sk = candidate[0]!;
      const bk = candidate[1]!;
      const ok = candidate[2];
      const gsk = gq[sk]!;
      let score = 0;
      for (let k = 0; k < size; k++) if (rq[k] === SELLER && k !== bk) score += 1e6;
      if (mustBuy[group[sk]!]) score += 1e9;
      if (rq[sk] === BUYER) score -= 1000;
      if (ok !== undefined) score += (rq[ok] === OBSERVER ? 2000 : 0) + Math.min(history.coached[gq[ok]!]!, history.coached[gq[bk]!]!) * 30;
      else score += history.coached[gq[bk]!]! * 30;
      // Owed sales (fair share minus sales) outweigh "bought last time", so selling stays spread fairly.
      score -= (history.seats[gsk]! - history.sells[gsk]!) * 2500;
      score += history.sells[gsk]! * 30 - sen[group[sk]!]! * 10 + (tieHash[group[sk]!]! % 7);
      if (score < castScore) {
        castScore = score;
        cast = candidate;
      }
    }
    const sellerK = cast[0]!;
    const buyerK = cast[1]!;
    const observerK = cast[2];
    // Members in role order: seller, buyer, observer.
    const members: PairedMember[] = [
      { repId: reps[group[sellerK]!]!.id, role: 'seller' },
      { repId: reps[group[buyerK]!]!.id, role: 'buyer' },
    ];
    if (observerK !== undefined) members.push({ repId: reps[group[observerK]!]!.id, role: 'observer' });
    numbers[at] = gq[sellerK]!;
    numbers[at + 1] = gq[buyerK]!;
    numbers[at + 2] = observerK === undefined ? -1 : gq[observerK]!;
    // The coach: the buyer in a pair. In a trio, a senior rep coaches rather than a new hire (that is
    // what the observer seat is for); between two of the same standing, whoever has coached less (the
    // observer when even), so nobody's turns as coach depend on which group they land in.
    let coach = buyerK;
    if (observerK !== undefined) {
      const buyerSen = sen[group[buyerK]!];
      const observerSen = sen[group[observerK]!];
      if (buyerSen === seniorityCode.senior && observerSen === seniorityCode.new_hire) coach = buyerK;
      else if (observerSen === seniorityCode.senior && buyerSen === seniorityCode.new_hire) coach = observerK;
      else coach = history.coached[gq[buyerK]!]! < history.coached[gq[observerK]!]! ? buyerK : observerK;
    }

    let timesMetBefore = 0;
    let lastMetWeeksAgo: number | null = null;
    for (let x = 0; x < size; x++) {
      for (let y = x + 1; y < size; y++) {
        const slot = history.pairSlot(gq[x]!, gq[y]!);
        if (slot < 0) continue;
        timesMetBefore = Math.max(timesMetBefore, history.cells[slot + COUNT]!);
        const last = history.cells[slot + LAST]!;
        if (last !== NEVER) lastMetWeeksAgo = Math.min(lastMetWeeksAgo ?? Infinity, week - last);
      }
    }
    // What was relaxed, as bits in the order the reason lists them.
    let relaxedBits = 0;
    if (lastMetWeeksAgo !== null && lastMetWeeksAgo <= options.windowWeeks) relaxedBits |= 1;
    for (let k = 0; k < size; k++) if (rq[k] === SELLER && k !== buyerK) relaxedBits |= 2;
    // Which standings (bit 1: senior, 2: new hire, 4: unknown) and teams the group holds, without a set per group.
    let kinds = 0;
    let newHiresIn = 0;
    let teams = false;
    for (let k = 0; k < size; k++) {
      const i = group[k]!;
      kinds |= 1 << sen[i]!;
      if (sen[i] === seniorityCode.new_hire) newHiresIn++;
      if (team[i] !== team[group[0]!]) teams = true;
    }
    const match: PairingReason['match'] = kinds & 4 ? 'unknown' : kinds === 3 ? 'senior-new' : kinds === 1 ? 'senior-senior' : 'new-new';
    if ((options.strategy === 'mixed' && (match === 'senior-senior' || match === 'new-new')) || (options.strategy === 'cohort' && match === 'senior-new')) {
      relaxedBits |= 4;
    }
    // New hires together while a senior sits without one: every exchange would repeat a recent pair.
    if (mixRepeat && !(kinds & 1) && newHiresIn >= 2) relaxedBits |= 8;
    if (byTeam && teams) relaxedBits |= 16;
    // Most groups of a plan give one of a few hundred reasons: one shared object each keeps a year
    // of a large team from holding a copy per group. The key is a number while its parts are small.
    const matchCode = match === 'unknown' ? 0 : match === 'senior-new' ? 1 : match === 'senior-senior' ? 2 : 3;
    const ago = lastMetWeeksAgo === null ? 0 : lastMetWeeksAgo + 1;
    const small = ago < 1 << 20 && timesMetBefore < 1 << 12 && effectiveWindow < 1 << 8;
    const key: number | string = small
      ? ((ago * 4096 + timesMetBefore) * 256 + effectiveWindow) * 256 + relaxedBits * 8 + matchCode * 2 + (size === 3 ? 1 : 0)
      : `${match}|${size}|${timesMetBefore}|${lastMetWeeksAgo}|${effectiveWindow}|${relaxedBits}`;
    let reason = reasonsHere.get(key);
    if (!reason) {
      const relaxed: PairingReason['relaxed'] = [];
      if (relaxedBits & 1) relaxed.push('repeat-window');
      if (relaxedBits & 2) relaxed.push('roles');
      if (relaxedBits & 4) relaxed.push('strategy');
      if (relaxedBits & 8) relaxed.push('mix-repeat');
      if (relaxedBits & 16) relaxed.push('team');
      reason = {
        strategy: options.strategy,
        match,
        trio: size === 3,
        timesMetBefore,
        lastMetWeeksAgo,
        windowWeeks: options.windowWeeks,
        effectiveWindowWeeks: effectiveWindow,
        relaxed,
      };
      reasonsHere.set(key, reason);
    }
    return { members, coachRepId: reps[group[coach]!]!.id, reason };
  }
}
