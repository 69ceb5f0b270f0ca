import type { CertificationLevel, CertificationProgramFields, ConversationMetricKey, PracticeReason } from '../../shared/certification';
import { checkMetrics, type ConversationMetrics } from './metric-requirements';

const dayMs = 86_400_000;

/** The default program: three levels, each needing more role-plays at a higher bar; the top one holds a quarter. */
export function defaultProgram(): CertificationProgramFields {
  return {
    levels: [
      { name: 'Beginner', roleplays: 2, minScore: 60, minDaysSincePrevious: 30, validDays: null, blockers: [], metrics: [] },
      { name: 'Intermediate', roleplays: 2, minScore: 70, minDaysSincePrevious: 30, validDays: null, blockers: [], metrics: [] },
      { name: 'Advanced', roleplays: 3, minScore: 80, minDaysSincePrevious: 30, validDays: 90, blockers: [], metrics: [] },
    ],
    renewalWindowDays: 14,
    calibrationBand: 0.75,
    calibrationMinComparisons: 3,
    managerReviews: 'coach-flagged',
  };
}

/** One submitted scorecard about a role-play, as the rules need it. */
export interface RoleplayScore {
  scorecardId: string;
  revision: number;
  sessionId: string;
  templateVersionId: string;
  revieweeId: string;
  reviewerId: string;
  role: 'peer' | 'self' | 'coach';
  /** The role-play's time (the session's start, else when the scorecard was submitted). */
  at: string;
  /** 0-100, as frozen in the revision. */
  overall: number | null;
  /** Criterion key → score in the frozen revision; a key absent from its template is not there. */
  scores(): Map<string, number | null>;
  /** The conversation metrics of the role-play's recording; null without a finished analysis. */
  metrics(): ConversationMetrics | null;
}

export interface Evidence {
  scorecardId: string;
  revision: number;
  sessionId: string;
  templateVersionId: string;
  reviewerId: string;
  overall: number;
  at: string;
}

export interface Grant {
  repId: string;
  levelIndex: number;
  levelName: string;
  kind: 'grant' | 'renewal';
  grantedAt: string;
  expiresAt: string | null;
  certifierId: string | null;
  requirement: CertificationLevel;
  evidence: Evidence[];
}

export interface ReviewerFacts {
  /** Coach flag on the roster, or the coach role: certifies every level, always. */
  coach: boolean;
  /** Marked as a certifier for this focus area by an admin. */
  marked: boolean;
  /** Whether the reviewer is above this rep in the manager tree. */
  manages(repId: string): boolean;
}

export interface VerdictFact {
  scorecardId: string;
  levelIndex: number;
  counted: boolean;
  reason: PracticeReason | null;
  criterionKey: string | null;
  metricKey?: ConversationMetricKey | null;
}

/** What a rep is working on: the level, the sessions that counted, and a grant met but not yet due. */
export interface Progress {
  levelIndex: number;
  evidence: Evidence[];
  pending: Grant | null;
}

export interface Replay {
  /** Grants made by this replay, in time order (the stored ones are not repeated). */
  granted: Grant[];
  progress: Map<string, Progress>;
  verdicts: Map<string, VerdictFact[]>;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * dayMs).toISOString();
}

/** Whether a scorecard reaches a level's bar: the total, every blocker whatever the total, and the recording's conversation metrics. */
export function meetsBar(
  level: CertificationLevel,
  card: RoleplayScore,
): { ok: true } | { ok: false; reason: 'score' | 'blocker' | 'metric' | 'no-analysis'; criterionKey: string | null; metricKey?: ConversationMetricKey } {
  if (card.overall === null || card.overall < level.minScore - 1e-9) return { ok: false, reason: 'score', criterionKey: null };
  if (level.blockers.length) {
    const scores = card.scores();
    for (const b of level.blockers) {
      // A criterion the scorecard's template does not have cannot block it.
      if (!scores.has(b.criterionKey)) continue;
      const score = scores.get(b.criterionKey);
      if (score === null || score === undefined || score < b.minScore) return { ok: false, reason: 'blocker', criterionKey: b.criterionKey };
    }
  }
  // A level frozen in a grant before metric ranges existed has none.
  const metrics = checkMetrics(level.metrics, () => card.metrics());
  return metrics.ok ? metrics : { ...metrics, criterionKey: null };
}

/**
 * Whether a reviewer certifies by who they are rather than by a mark or a level they hold: a coach
 * does; a manager reviewing someone in their tree does as the program's `managerReviews` says
 * (only when coach-flagged, always, or never).
 */
export function mayCertifyByRole(program: CertificationProgramFields, facts: ReviewerFacts, revieweeId: string): boolean {
  if (!facts.manages(revieweeId)) return facts.coach;
  if (program.managerReviews === 'always') return true;
  return program.managerReviews === 'coach-flagged' && facts.coach;
}

/**
 * Replays one focus area's scorecards in time order on top of the grants already stored, and
 * returns the grants they earn up to `now`. Decisions already stored are never revisited: for
 * each rep only role-plays after their last grant are looked at. All reps are replayed together
 * because who may certify at a moment depends on who held a level at that moment.
 */
export function replay(input: {
  program: CertificationProgramFields;
  stored: Grant[];
  cards: RoleplayScore[];
  reviewers: (repId: string) => ReviewerFacts;
  /** Whether a reviewer's calibration is outside the band (asked only when it matters). */
  outOfBand: (repId: string) => boolean;
  now: string;
}): Replay {
  const { program, now } = input;
  const levels = program.levels;
  const latest = new Map<string, Grant>();
  const heldBy = new Map<string, Grant[]>();
  const hold = (grant: Grant) => {
    latest.set(grant.repId, grant);
    const own = heldBy.get(grant.repId);
    if (own) own.push(grant);
    else heldBy.set(grant.repId, [grant]);
  };
  for (const g of [...input.stored].sort((a, b) => a.grantedAt.localeCompare(b.grantedAt))) hold(g);
  const granted: Grant[] = [];
  const progress = new Map<string, Progress>();
  const verdicts = new Map<string, VerdictFact[]>();
  // Grants met but not yet open, in the order they open (equal times in the order they were met).
  const pending: Grant[] = [];
  const pendingOf = new Map<string, Grant>();
  const wait = (grant: Grant) => {
    let at = pending.length;
    while (at > 0 && pending[at - 1]!.grantedAt > grant.grantedAt) at--;
    pending.splice(at, 0, grant);
    pendingOf.set(grant.repId, grant);
  };

  const commit = (grant: Grant) => {
    hold(grant);
    granted.push(grant);
    progress.delete(grant.repId);
  };
  const flush = (until: string) => {
    while (pending.length && pending[0]!.grantedAt <= until) {
      const grant = pending.shift()!;
      pendingOf.delete(grant.repId);
      commit(grant);
    }
  };
  const holdsAt = (repId: string, levelIndex: number, at: string) =>
    (heldBy.get(repId) ?? []).some((g) => g.levelIndex >= levelIndex && g.grantedAt <= at && (g.expiresAt === null || at < g.expiresAt));
  const makeGrant = (repId: string, levelIndex: number, kind: Grant['kind'], at: string, evidence: Evidence[]): Grant => {
    const level = levels[levelIndex]!;
    return {
      repId,
      levelIndex,
      levelName: level.name,
      kind,
      grantedAt: at,
      expiresAt: level.validDays === null ? null : addDays(at, level.validDays),
      certifierId: evidence[evidence.length - 1]?.reviewerId ?? null,
      requirement: level,
      evidence,
    };
  };
  const note = (repId: string, fact: VerdictFact) => {
    const list = verdicts.get(repId) ?? [];
    list.push(fact);
    verdicts.set(repId, list);
  };
  // Who may certify never depends on whether someone else already holds a level: a coach keeps
  // certifying after the team's first grant, so there is no dead end once the bootstrap is over.
  const eligibility = (card: RoleplayScore, levelIndex: number): PracticeReason | null => {
    if (card.role === 'self' || card.reviewerId === card.revieweeId) return 'self';
    const facts = input.reviewers(card.reviewerId);
    if (!facts.marked && !holdsAt(card.reviewerId, levelIndex, card.at) && !mayCertifyByRole(program, facts, card.revieweeId)) return 'not-certifier';
    return input.outOfBand(card.reviewerId) ? 'calibration' : null;
  };

  const cards = [...input.cards].sort((a, b) => a.at.localeCompare(b.at) || a.scorecardId.localeCompare(b.scorecardId));
  for (const card of cards) {
    if (card.at > now) break;
    flush(card.at);
    const rep = card.revieweeId;
    const current = latest.get(rep) ?? null;
    if (current && card.at <= current.grantedAt) continue;
    const waiting = pendingOf.get(rep);
    if (waiting) {
      note(rep, { scorecardId: card.scorecardId, levelIndex: waiting.levelIndex, counted: false, reason: 'waiting', criterionKey: null });
      continue;
    }
    const renewing = current !== null && current.expiresAt !== null && card.at >= addDays(current.expiresAt, -program.renewalWindowDays);
    const levelIndex = renewing ? current.levelIndex : current ? current.levelIndex + 1 : 0;
    const level = levels[levelIndex];
    if (!level) {
      note(rep, { scorecardId: card.scorecardId, levelIndex: current!.levelIndex, counted: false, reason: 'not-due', criterionKey: null });
      continue;
    }
    const refused = eligibility(card, levelIndex);
    const bar = refused ? null : meetsBar(level, card);
    if (refused || !bar!.ok) {
      const failed = bar && !bar.ok ? bar : null;
      note(rep, {
        scorecardId: card.scorecardId,
        levelIndex,
        counted: false,
        reason: refused ?? failed!.reason,
        criterionKey: failed?.criterionKey ?? null,
        metricKey: failed?.metricKey ?? null,
      });
      continue;
    }
    note(rep, { scorecardId: card.scorecardId, levelIndex, counted: true, reason: null, criterionKey: null });
    const evidence: Evidence = {
      scorecardId: card.scorecardId,
      revision: card.revision,
      sessionId: card.sessionId,
      templateVersionId: card.templateVersionId,
      reviewerId: card.reviewerId,
      overall: card.overall!,
      at: card.at,
    };
    if (renewing) {
      commit(makeGrant(rep, levelIndex, 'renewal', card.at, [evidence]));
      continue;
    }
    const mine = progress.get(rep) ?? { levelIndex, evidence: [], pending: null };
    // Two certifiers scoring the same role-play still make one role-play.
    if (!mine.evidence.some((e) => e.sessionId === card.sessionId)) mine.evidence.push(evidence);
    progress.set(rep, mine);
    if (mine.evidence.length >= level.roleplays) {
      const opens = current ? addDays(current.grantedAt, level.minDaysSincePrevious) : card.at;
      const grant = makeGrant(rep, levelIndex, 'grant', opens > card.at ? opens : card.at, mine.evidence);
      if (grant.grantedAt <= card.at) commit(grant);
      else {
        mine.pending = grant;
        wait(grant);
      }
    }
  }
  flush(now);
  return { granted, progress, verdicts };
}
