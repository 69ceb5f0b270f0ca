import type { Database, Statement } from 'better-sqlite3';
import { FSRSAlgorithm, generatorParameters, type FSRSState } from 'ts-fsrs';
import {
  reinforcementSettings,
  type FsrsRating,
  type RepReinforcement,
  type ReinforcementCard,
  type ReinforcementSettings,
} from '../../shared/certification';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Clock } from '../clock';
import { dataVersion } from '../db/data-version';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import type { RetentionOracle } from '../programs/plan';

const dayMs = 86_400_000;

/**
 * 1-2 Again, 3 Hard, 4 Good, 5 Easy; a peer's 5 counts as Good, since only a coach's top score
 * says the skill is effortless. An admin can change both.
 */
export const defaultReinforcementSettings: ReinforcementSettings = {
  ratings: { 1: 'again', 2: 'again', 3: 'hard', 4: 'good', 5: 'easy' },
  easyFromPeers: false,
  requestRetention: 0.9,
};

const grade: Record<FsrsRating, number> = { again: 1, hard: 2, good: 3, easy: 4 };

/** One review of a card: the role-play's time and the 1-5 score it got. */
export interface Review {
  at: number;
  score: number;
  fromCoach: boolean;
}

/**
 * Runs a card's reviews through FSRS (ts-fsrs's algorithm, without fuzz or learning steps: a
 * role-play is weeks apart, not minutes) and says where it stands at `now`.
 */
export function schedule(
  algorithm: FSRSAlgorithm,
  settings: ReinforcementSettings,
  reviews: readonly Review[],
  now: number,
): { stability: number; difficulty: number; retrievability: number; lastReviewAt: number; dueAt: number } | null {
  return standing(algorithm, fold(algorithm, settings, reviews, now), now);
}

/** The card's memory state after its reviews up to `now`, and the last review's time. */
function fold(algorithm: FSRSAlgorithm, settings: ReinforcementSettings, reviews: readonly Review[], now: number): { state: FSRSState; last: number } | null {
  let state: FSRSState | null = null;
  let last = 0;
  for (const review of reviews) {
    if (review.at > now) break;
    const score = Math.min(5, Math.max(1, Math.round(review.score))) as 1 | 2 | 3 | 4 | 5;
    let rating = settings.ratings[score];
    if (rating === 'easy' && !review.fromCoach && !settings.easyFromPeers) rating = 'good';
    const elapsed = state ? Math.max(0, (review.at - last) / dayMs) : 0;
    state = algorithm.next_state(state, elapsed, grade[rating]);
    last = review.at;
  }
  return state ? { state, last } : null;
}

function standing(algorithm: FSRSAlgorithm, folded: { state: FSRSState; last: number } | null, now: number) {
  if (!folded) return null;
  const { state, last } = folded;
  const interval = algorithm.next_interval(state.stability, 0);
  return {
    stability: state.stability,
    difficulty: state.difficulty,
    retrievability: algorithm.forgetting_curve(Math.max(0, (now - last) / dayMs), state.stability),
    lastReviewAt: last,
    dueAt: last + interval * dayMs,
  };
}

/**
 * The reviews of one rep's skills, from the scorecards peers and coaches submitted about their
 * role-plays (self-reviews do not count). Each role-play is one review per card: the coaches'
 * mean when a coach scored it, else the peers' mean.
 */
export class ReinforcementService {
  private readonly sql: (text: string) => Statement;
  /**
   * Every review of every rep from role-plays with a start time, whenever they were, read once per
   * version of the data (reading them unpacks every scorecard's scores). A review's time is its
   * role-play's start, so "up to now" is a prefix of each card's list and a moving clock costs no
   * new read.
   */
  private dated: { version: string; byRep: Map<string, Map<string, DatedReviews>> } | null = null;
  /** Each current submitted revision's criterion scores, by scorecard id and revision, kept across versions of the data. */
  private parsed = new Map<string, [criterionId: string, score: number][]>();
  /** The memory state after a kept list of reviews (they are never changed), under the settings it was folded with. */
  private folds = new WeakMap<readonly Review[], { settings: string; folded: ReturnType<typeof fold> }>();

  constructor(
    private readonly db: Database,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  settings(): ReinforcementSettings {
    const raw = this.sql("SELECT value FROM settings WHERE key = 'reinforcement'").pluck().get() as string | undefined;
    const parsed = raw ? reinforcementSettings.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : defaultReinforcementSettings;
  }

  setSettings(next: ReinforcementSettings): ReinforcementSettings {
    this.sql("INSERT INTO settings (key, value) VALUES ('reinforcement', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(next));
    this.events.emit('certifications:changed', { repIds: [] });
    return this.settings();
  }

  /** Every card of each rep (one rep with `repId`), weakest first. */
  /** `practised`: only the reps with a card (the others' lists are empty), read without the rest of the roster. */
  cards(filter: { repId?: string; practised?: boolean } = {}, at: number = this.clock().getTime()): RepReinforcement[] {
    const settings = this.settings();
    const algorithm = new FSRSAlgorithm(generatorParameters({ enable_fuzz: false, enable_short_term: false, request_retention: settings.requestRetention }));
    if (filter.repId !== undefined && !this.sql('SELECT 1 FROM reps WHERE id = ? AND archived_at IS NULL').get(filter.repId)) {
      throw new AppError(ErrorCode.notFound, `No active rep with id ${filter.repId}.`, [{ path: 'repId', message: 'Unknown rep' }]);
    }
    const byRep = this.reviews(filter.repId ?? null, new Date(at).toISOString());
    const ids = filter.repId !== undefined ? [filter.repId] : filter.practised ? [...byRep.keys()] : null;
    const reps = (
      ids === null
        ? this.sql('SELECT id, name, email FROM reps WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, email').all()
        : this.sql('SELECT id, name, email FROM reps WHERE archived_at IS NULL AND id IN (SELECT value FROM json_each(?)) ORDER BY name COLLATE NOCASE, email').all(JSON.stringify(ids))
    ) as { id: string; name: string; email: string }[];
    const names = this.names();
    const settingsKey = JSON.stringify(settings);
    return reps.map((rep) => {
      const cards: ReinforcementCard[] = [];
      for (const [cardKey, reviews] of byRep.get(rep.id) ?? []) {
        const result = standing(algorithm, this.folded(algorithm, settings, settingsKey, reviews, at), at);
        if (!result) continue;
        const [kind, key] = cardKey.split('\u0000') as ['focus-area' | 'criterion', string];
        cards.push({
          kind,
          key,
          name: (kind === 'focus-area' ? names.areas.get(key) : names.criteria.get(key)) ?? key,
          reviews: reviews.length,
          lastReviewAt: new Date(result.lastReviewAt).toISOString(),
          stability: result.stability,
          difficulty: result.difficulty,
          retrievability: result.retrievability,
          dueAt: new Date(result.dueAt).toISOString(),
        });
      }
      cards.sort((a, b) => a.retrievability - b.retrievability || a.key.localeCompare(b.key));
      return { rep, cards };
    });
  }

  /**
   * Each rep's focus-area cards, for the adaptive focus strategy: predicted retention at a moment,
   * counting the role-plays the plan has placed before it as Good reviews.
   */
  oracle(): RetentionOracle {
    const settings = this.settings();
    const algorithm = new FSRSAlgorithm(generatorParameters({ enable_fuzz: false, enable_short_term: false, request_retention: settings.requestRetention }));
    const byRep = this.reviews(null, this.clock().toISOString());
    const planned = new Map<string, Review[]>();
    const reviewsOf = (repId: string, focusAreaId: string) => {
      const past = byRep.get(repId)?.get(`focus-area\u0000${focusAreaId}`) ?? [];
      const ahead = planned.get(`${repId}\u0000${focusAreaId}`) ?? [];
      return ahead.length ? [...past, ...ahead] : past;
    };
    return {
      predict: (repId, focusAreaId, atMs) => {
        const result = schedule(algorithm, settings, reviewsOf(repId, focusAreaId), atMs);
        return result ? { retrievability: result.retrievability, lastPractisedAt: result.lastReviewAt } : { retrievability: null, lastPractisedAt: null };
      },
      practise: (repId, focusAreaId, atMs) => {
        const key = `${repId}\u0000${focusAreaId}`;
        planned.set(key, [...(planned.get(key) ?? []), { at: atMs, score: 4, fromCoach: false }]);
      },
    };
  }

  /** The cards due by the end of `on` (a calendar day, UTC; default today), for reps that have any. */
  due(filter: { repId?: string; on?: string } = {}): RepReinforcement[] {
    const now = this.clock().getTime();
    const end = filter.on ? Date.parse(`${filter.on}T00:00:00Z`) + dayMs : Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`) + dayMs;
    // Retrievability as it will be at the end of that day.
    const at = filter.on ? end - 1 : now;
    return this.cards({ repId: filter.repId, practised: true }, at)
      .map((r) => ({ rep: r.rep, cards: r.cards.filter((c) => Date.parse(c.dueAt) < end) }))
      .filter((r) => r.cards.length > 0);
  }

  private names() {
    const areas = new Map((this.sql('SELECT id, name FROM focus_areas').all() as { id: string; name: string }[]).map((a) => [a.id, a.name]));
    // The newest wording of each key names its card.
    const criteria = new Map(
      (this.sql('SELECT c.key, c.name FROM rubric_criteria c JOIN rubric_template_versions v ON v.id = c.version_id ORDER BY v.created_at, v.version').all() as {
        key: string;
        name: string;
      }[]).map((c) => [c.key, c.name]),
    );
    return { areas, criteria };
  }

  private folded(algorithm: FSRSAlgorithm, settings: ReinforcementSettings, key: string, reviews: readonly Review[], now: number) {
    // Only a list wholly before now folds the same whatever now is.
    if (reviews.length === 0 || reviews[reviews.length - 1]!.at > now) return fold(algorithm, settings, reviews, now);
    const kept = this.folds.get(reviews);
    if (kept?.settings === key) return kept.folded;
    const folded = fold(algorithm, settings, reviews, now);
    this.folds.set(reviews, { settings: key, folded });
    return folded;
  }

  /** rep → card key → reviews in time order, one per role-play. */
  private reviews(repId: string | null, until: string): Map<string, Map<string, Review[]>> {
    const version = dataVersion(this.db);
    // One rep alone reads only their own rows unless everyone's are already at hand.
    if (version === null || (repId !== null && this.dated?.version !== version)) return group(this.rows({ repId, until, dated: null }));
    if (this.dated?.version !== version) this.dated = { version, byRep: unchangedKept(datedReviews(this.teamRows()), this.dated?.byRep) };
    const out = new Map<string, Map<string, Review[]>>();
    for (const [rep, cards] of repId === null ? this.dated.byRep : [[repId, this.dated.byRep.get(repId)] as const]) {
      if (!cards) continue;
      const mine = new Map<string, Review[]>();
      for (const [cardKey, { reviews, at }] of cards) {
        let n = at.length;
        while (n > 0 && at[n - 1]! > until) n--;
        if (n > 0) mine.set(cardKey, n === reviews.length ? reviews : prefix(cards.get(cardKey)!, n));
      }
      if (mine.size) out.set(rep, mine);
    }
    // Role-plays without a start time take each scorecard's own time, so they are read as of now.
    for (const [rep, cards] of group(this.rows({ repId, until, dated: false }))) {
      let mine = out.get(rep);
      if (!mine) out.set(rep, (mine = new Map()));
      for (const [cardKey, reviews] of cards) {
        const before = mine.get(cardKey);
        mine.set(cardKey, before ? [...before, ...reviews].sort((a, b) => a.at - b.at) : reviews);
      }
    }
    return out;
  }

  /**
   * `rows()` for every rep's role-plays with a start time (in time order rather than by rep and
   * card), with each revision's scores taken from `parsed` when it was read before: a submitted
   * revision is never changed, so after a write only the new ones are read and unpacked.
   */
  private teamRows(): ReviewRow[] {
    // In time order, one session's scorecards together, so each review is complete when its session ends.
    const cards = this.sql(
      `SELECT sc.id, sc.revision, sc.reviewee_id, sc.session_id, s.focus_area_id, s.starts_at, sc.role = 'coach', r.overall
         FROM counted_scorecards sc
         JOIN sessions s ON s.id = sc.session_id
         JOIN scorecard_revisions r ON r.scorecard_id = sc.id AND r.revision = sc.revision
        WHERE sc.revision > 0 AND sc.role IN ('peer', 'coach') AND s.status <> 'cancelled' AND s.starts_at IS NOT NULL
        ORDER BY s.starts_at, sc.session_id`,
    ).raw().all() as [id: string, revision: number, rep: string, session: string, focus: string, at: string, coach: number, overall: number | null][];
    const content = this.sql('SELECT content FROM scorecard_revisions WHERE scorecard_id = ? AND revision = ?').pluck();
    const keyOf = new Map(this.sql('SELECT id, key FROM rubric_criteria').raw().all() as [string, string][]);
    // Only the revisions still current are kept, so a deleted scorecard or a resubmitted one leaves.
    const parsed = new Map<string, [criterionId: string, score: number][]>();
    const out: ReviewRow[] = [];
    // One session's reviews: rep and card → every score and the coaches'.
    let session: string | null = null;
    let at = '';
    let open = new Map<string, { rep: string; kind: string; key: string; all: number[]; coach: number[] }>();
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const close = () => {
      for (const g of open.values()) out.push(g.coach.length ? [g.rep, g.kind, g.key, at, mean(g.coach), 1] : [g.rep, g.kind, g.key, at, mean(g.all), 0]);
      open = new Map();
    };
    const add = (rep: string, kind: string, key: string, coach: number, score: number) => {
      const id = `${rep}\u0000${kind}\u0000${key}`;
      let group = open.get(id);
      if (!group) open.set(id, (group = { rep, kind, key, all: [], coach: [] }));
      group.all.push(score);
      if (coach === 1) group.coach.push(score);
    };
    for (const [id, revision, rep, sessionId, focus, startsAt, coach, overall] of cards) {
      if (sessionId !== session) {
        close();
        session = sessionId;
        at = startsAt;
      }
      const revisionKey = `${id}\u0000${revision}`;
      const scores = this.parsed.get(revisionKey) ?? criterionScores(content.get(id, revision) as string);
      parsed.set(revisionKey, scores);
      if (overall !== null) add(rep, 'focus-area', focus, coach, overall / 25 + 1);
      for (const [criterionId, score] of scores) {
        const key = keyOf.get(criterionId);
        if (key !== undefined) add(rep, 'criterion', key, coach, score);
      }
    }
    close();
    this.parsed = parsed;
    return out;
  }

  /** One row per role-play and card: rep, kind, key, time (text), score, from a coach (0/1); sorted by rep, card and time. */
  private rows(params: { repId: string | null; until: string | null; dated: boolean | null }): Iterable<ReviewRow> {
    // SQLite reads the frozen revision's scores (JSON) itself.
    const rows = this.sql(
      `WITH cards AS (
         SELECT sc.reviewee_id AS rep, sc.session_id, s.focus_area_id AS focus, coalesce(s.starts_at, r.submitted_at) AS at,
                sc.role = 'coach' AS coach, r.overall, r.content
           FROM counted_scorecards sc
           JOIN sessions s ON s.id = sc.session_id
           JOIN scorecard_revisions r ON r.scorecard_id = sc.id AND r.revision = sc.revision
          WHERE sc.revision > 0 AND sc.role IN ('peer', 'coach') AND s.status <> 'cancelled'
            AND (@rep IS NULL OR sc.reviewee_id = @rep) AND (@until IS NULL OR coalesce(s.starts_at, r.submitted_at) <= @until)
            ${params.dated === null ? '' : params.dated ? 'AND s.starts_at IS NOT NULL' : 'AND s.starts_at IS NULL'}
       ),
       scores AS (
         SELECT rep, session_id, at, coach, 'focus-area' AS kind, focus AS key, overall / 25.0 + 1 AS score FROM cards WHERE overall IS NOT NULL
         UNION ALL
         SELECT x.rep, x.session_id, x.at, x.coach, 'criterion', c.key, json_extract(j.value, '$.score')
           FROM cards x JOIN json_each(x.content, '$.scores') j
           JOIN rubric_criteria c ON c.id = json_extract(j.value, '$.criterionId')
          WHERE json_extract(j.value, '$.score') IS NOT NULL
       )
       SELECT rep, kind, key, at,
              CASE WHEN max(coach) = 1 THEN avg(CASE WHEN coach = 1 THEN score END) ELSE avg(score) END AS score,
              max(coach) AS from_coach
         FROM scores GROUP BY rep, kind, key, session_id ORDER BY rep, kind, key, at`,
    ).raw();
    return rows.iterate({ rep: params.repId, until: params.until }) as Iterable<ReviewRow>;
  }
}

type ReviewRow = [rep: string, kind: string, key: string, at: string, score: number, fromCoach: number];

/** A card's reviews and, beside them, their times as stored (compared as text, as SQLite does). */
interface DatedReviews {
  reviews: Review[];
  at: string[];
  /** The first n reviews, kept so that the same "now" gives the same list (and its state is folded once). */
  prefixes?: Map<number, Review[]>;
}

function prefix(card: DatedReviews, n: number): Review[] {
  card.prefixes ??= new Map();
  let list = card.prefixes.get(n);
  if (!list) card.prefixes.set(n, (list = card.reviews.slice(0, n)));
  return list;
}

function datedReviews(rows: Iterable<ReviewRow>): Map<string, Map<string, DatedReviews>> {
  const out = new Map<string, Map<string, DatedReviews>>();
  for (const [rep, kind, key, at, score, fromCoach] of rows) {
    let cards = out.get(rep);
    if (!cards) out.set(rep, (cards = new Map()));
    const cardKey = `${kind}\u0000${key}`;
    let card = cards.get(cardKey);
    if (!card) cards.set(cardKey, (card = { reviews: [], at: [] }));
    card.reviews.push({ at: Date.parse(at), score, fromCoach: fromCoach === 1 });
    card.at.push(at);
  }
  return out;
}

function group(rows: Iterable<ReviewRow>): Map<string, Map<string, Review[]>> {
  return new Map([...datedReviews(rows)].map(([rep, cards]) => [rep, new Map([...cards].map(([cardKey, card]) => [cardKey, card.reviews]))]));
}

/** The scored criteria of a revision's content, as `json_each(content, '$.scores')` reads them. */
function criterionScores(content: string): [criterionId: string, score: number][] {
  const scores = (JSON.parse(content) as { scores?: unknown }).scores;
  if (!Array.isArray(scores)) return [];
  const out: [string, number][] = [];
  for (const entry of scores as { criterionId?: unknown; score?: unknown }[]) {
    if (typeof entry?.criterionId === 'string' && typeof entry.score === 'number') out.push([entry.criterionId, entry.score]);
  }
  return out;
}

/**
 * The new lists, with each card whose reviews did not change taken from the last version instead,
 * so its memory state (kept by list) is not folded again after every write.
 */
function unchangedKept(next: Map<string, Map<string, DatedReviews>>, last: Map<string, Map<string, DatedReviews>> | undefined): Map<string, Map<string, DatedReviews>> {
  if (!last) return next;
  for (const [rep, cards] of next) {
    const before = last.get(rep);
    if (!before) continue;
    for (const [cardKey, card] of cards) {
      const old = before.get(cardKey);
      if (old && sameReviews(old, card)) cards.set(cardKey, old);
    }
  }
  return next;
}

function sameReviews(a: DatedReviews, b: DatedReviews): boolean {
  if (a.reviews.length !== b.reviews.length) return false;
  for (let i = 0; i < a.reviews.length; i++) {
    const x = a.reviews[i]!;
    const y = b.reviews[i]!;
    if (a.at[i] !== b.at[i] || x.score !== y.score || x.fromCoach !== y.fromCoach) return false;
  }
  return true;
}
