import type { Database } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Profile } from '../../shared/people';
import type { ArcWeek, CertificationPattern, RepArc, TeamProgress } from '../../shared/progress';
import type { z } from '../../shared/validation';
import type { certifiedProgressInput, teamCellInput, teamProgressInput } from '../../shared/progress';
import type { Clock } from '../clock';
import { dataVersion } from '../db/data-version';
import { statementCache } from '../db/statements';
import type { SettingsService } from '../settings-service';
import { addDays, daysBetween, isoDay, mean, median, quarterOf, weekStart } from './calendar';
import { certificationPatterns, type GrantEvent } from './certification-patterns';
import { heldStatusSql } from '../sessions/held';
import { meanDifference, outcomeMetrics, rateRange, type Opportunity } from './outcome-metrics';
import type { CertificationService } from '../certification/certification-service';

type TeamInput = z.output<typeof teamProgressInput>;
/** What the team view is asked with; without `sections`, all of them. */
export type TeamOptions = Omit<TeamInput, 'sections'> & Partial<Pick<TeamInput, 'sections'>>;
export type CertifiedOptions = z.output<typeof certifiedProgressInput>;
/** What the kept view depends on: everything asked but how much of it to send. */
type ViewOptions = Omit<TeamOptions, 'detail' | 'sections'>;
export type CellOptions = z.output<typeof teamCellInput>;
type CellScorecards = NonNullable<TeamProgress['heatmap'][number]['rows'][number]['scorecards']>;

/** The team view without the lists the screen only counts or opens on a click (see teamProgressInput). */
function summary(full: TeamProgress): TeamProgress {
  const coachedNobody = full.circles.coachedNobody.slice(0, namesShown);
  const cut = {
    ...full,
    heatmap: full.heatmap.map((area) => ({ ...area, rows: area.rows.map(({ scorecards: _left, ...row }) => row) })),
    circles: { pairCount: full.circles.pairCount, mix: full.circles.mix, coachedNobody, coachedNobodyCount: full.circles.coachedNobody.length },
    // Hundreds of bars are not read one by one: a big roster's hires of the year are named up to the same limit.
    gap: full.gap.reps.length > namesShown ? { ...full.gap, reps: full.gap.reps.slice(0, namesShown), repCount: full.gap.reps.length } : full.gap,
  };
  // Only the reps the answer names travel: the screen needs their names, and the roster's size and teams.
  const named = new Set<string>([
    ...cut.heatmap.flatMap((area) => area.rows.map((r) => r.repId)),
    ...cut.slipping.map((s) => s.repId),
    ...cut.cadence.missedTwoInARow.map((m) => m.repId),
    ...cut.gap.reps.map((r) => r.repId),
    ...coachedNobody,
  ]);
  return { ...cut, reps: full.reps.filter((r) => named.has(r.id)) };
}

/** The reps in view as one key, whatever order they were read in. */
function scopeKey(ids: string[]): string {
  return [...ids].sort().join('\u0000');
}

/** The parts of the team view a 'heatmap' answer leaves empty (see teamProgressInput's sections). */
function emptyRest(minCohort: number): Omit<TeamProgress, 'asOf' | 'reps' | 'repCount' | 'teams' | 'heatmap'> {
  return {
    cadence: { byTeam: [], byProgram: [], missedTwoInARow: [] },
    slipping: [],
    gap: { reps: [], medianEarlyPerWeek: null, medianBandPerWeek: null },
    circles: { pairs: [], pairCount: 0, mix: { seniorNew: 0, seniorSenior: 0, newNew: 0, newSenior: 0 }, coachedNobody: [] },
    cohorts: { minSize: minCohort, byHireQuarter: [], byAssessment: [], byLearningPreference: [], hidden: 0 },
    linking: [],
  };
}

/** How many of those coached by nobody, and of the year's hires, a summary names (the rest are counted). */
const namesShown = 100;

/** A session's day: the program's local date when it has one, else the UTC date of its start. */
const sessionDay = `COALESCE(s.local_date, substr(s.starts_at, 1, 10))`;

interface ScoreRow {
  scorecardId: string;
  sessionId: string;
  role: 'peer' | 'self' | 'coach';
  focusAreaId: string;
  focusAreaName: string;
  date: string;
  key: string;
  name: string;
  score: number;
}

const round = (value: number | null, places = 2) => (value === null ? null : Math.round(value * 10 ** places) / 10 ** places);

/** Least-squares slope of values against their position: score points per session. */
function slope(values: number[]): number {
  const n = values.length;
  const mx = (n - 1) / 2;
  const my = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A submitted peer or coach scorecard the team view counts, with the mean of its scores. */
interface WindowCard {
  id: string;
  repId: string;
  reviewerId: string;
  role: 'peer' | 'coach';
  date: string;
  versionId: string;
  focusAreaId: string;
  mean: number;
}

interface HeatmapScore {
  scorecardId: string;
  role: 'peer' | 'coach';
  repId: string;
  focusAreaId: string;
  focusAreaName: string;
  position: number;
  key: string;
  name: string;
  criterionPosition: number;
  score: number;
  date: string;
}

/** How many versions of each part are kept (per team, tree and options asked). */
const partsKept = 8;

/** The sources the team view reads, each with a counter of its writes (migration 0047). */
type Source = 'participations' | 'cards' | 'heat' | 'deals' | 'reps' | 'programs';

/** A fall of this many points per session (on the 1–5 scale) over the latest sessions counts as slipping. */
const slippingSlope = -0.1;

export class ProgressService {
  private readonly sql;
  private kept: { key: string; value: TeamProgress } | null = null;
  private keptCertified: { key: string; value: CertificationPattern[] } | null = null;
  /** The parts of the team view, each under the counters of its sources (see part). */
  private readonly parts = new Map<string, Map<string, unknown>>();
  /** Each person's latest scorecard means, under the count of writes to their scorecards (see latestMeans). */
  private readonly keptMeans = new Map<string, { version: number; limit: number; means: number[] }>();
  /** The window's scorecard means, per roster and window (see windowCards). */
  private readonly keptWindowCards = new Map<string, { versions: Map<string, number>; rows: WindowCard[] }>();

  constructor(
    private readonly db: Database,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    /** Where each rep stands on certification (its grants), for results before and after a grant. */
    private readonly certification: Pick<CertificationService, 'list' | 'program'> | null = null,
  ) {
    this.sql = statementCache(db);
  }

  private today(): string {
    return isoDay(this.clock());
  }

  repArc(repId: string): RepArc {
    const rep = this.sql('SELECT id, name, email, team, hire_date AS hireDate FROM reps WHERE id = ?').get(repId) as RepArc['rep'] | undefined;
    if (!rep) throw new AppError(ErrorCode.notFound, `No rep with id ${repId}.`);
    const today = this.today();
    const hire = rep.hireDate;

    const weeks = new Map<string, ArcWeek>();
    const week = (date: string): ArcWeek => {
      const start = weekStart(date);
      let entry = weeks.get(start);
      if (!entry) {
        entry = { weekStart: start, day: hire ? daysBetween(hire, start) : null, held: 0, missed: 0, cancelled: 0, recordings: 0, scorecards: 0, coachingNotes: 0 };
        weeks.set(start, entry);
      }
      return entry;
    };
    const sessions = this.sql(
      `SELECT ${heldStatusSql()} AS status, ${sessionDay} AS date FROM sessions s JOIN session_participants sp ON sp.session_id = s.id
       WHERE sp.rep_id = ? AND ${sessionDay} IS NOT NULL AND ${sessionDay} <= ?`,
    ).all(repId, today) as { status: string; date: string }[];
    for (const s of sessions) {
      if (s.status === 'done') week(s.date).held++;
      else if (s.status === 'missed') week(s.date).missed++;
      else if (s.status === 'cancelled') week(s.date).cancelled++;
    }
    const recordings = this.sql(
      `SELECT substr(r.started_at, 1, 10) AS date FROM recordings r JOIN session_participants sp ON sp.session_id = r.session_id
       WHERE sp.rep_id = ? AND r.status = 'ready'`,
    ).pluck().all(repId) as string[];
    for (const date of recordings) week(date).recordings++;

    const scoreRows = this.sql(
      `SELECT sc.id AS scorecardId, sc.session_id AS sessionId, sc.role, s.focus_area_id AS focusAreaId, fa.name AS focusAreaName,
              COALESCE(${sessionDay}, substr(sc.submitted_at, 1, 10)) AS date, rc.key, rc.name, ss.score
       FROM counted_scorecards sc
       JOIN sessions s ON s.id = sc.session_id
       JOIN focus_areas fa ON fa.id = s.focus_area_id
       JOIN scorecard_scores ss ON ss.scorecard_id = sc.id
       JOIN rubric_criteria rc ON rc.id = ss.criterion_id
       WHERE sc.reviewee_id = ? AND sc.status = 'submitted' AND ss.score IS NOT NULL
       ORDER BY date, sc.id, rc.position`,
    ).all(repId) as ScoreRow[];
    const counted = new Set<string>();
    for (const row of scoreRows) {
      if (counted.has(row.scorecardId)) continue;
      counted.add(row.scorecardId);
      week(row.date).scorecards++;
    }

    const notes = this.sql(
      `SELECT n.id, n.week_of AS weekOf, c.name AS coachName, n.goals_reviewed AS goalsReviewed, n.practised, n.actions, n.follow_up_on AS followUpOn
       FROM counted_coaching_notes n JOIN reps c ON c.id = n.coach_id WHERE n.rep_id = ? ORDER BY n.week_of`,
    ).all(repId) as (Omit<RepArc['coachingNotes'][number], 'actions'> & { actions: string })[];
    for (const note of notes) week(note.weekOf).coachingNotes++;

    // Every week from the hire (or the first thing that happened) to this week, empty ones too,
    // so the timeline's spacing is time.
    const firstDay = [hire, ...weeks.keys()].filter((d): d is string => Boolean(d)).sort()[0];
    if (firstDay) for (let d = weekStart(firstDay); d <= today; d = addDays(d, 7)) week(d);

    const profileRow = this.sql('SELECT * FROM rep_profiles WHERE rep_id = ?').get(repId) as Record<string, string | null> | undefined;
    const history = this.sql('SELECT * FROM rep_profile_history WHERE rep_id = ? ORDER BY replaced_at, id').all(repId) as Record<string, string | null>[];

    return {
      rep,
      marks: hire
        ? { day0: hire, day45: addDays(hire, 45), day90: addDays(hire, 90), day180: addDays(hire, 180), bandStart: addDays(hire, 46), bandEnd: addDays(hire, 179) }
        : null,
      weeks: [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart)),
      scores: groupScores(scoreRows),
      coachingNotes: notes.map((n) => ({ ...n, actions: JSON.parse(n.actions) as unknown[] })),
      metrics: [],
      profile: toProfile(profileRow),
      profileHistory: history.map((h) => ({ ...toProfile(h), replacedAt: h.replaced_at! })),
      outcomes: this.outcomesOf(rep.email, hire),
    };
  }

  private opportunitiesOf(email: string): Opportunity[] {
    return (
      this.sql('SELECT created_date AS createdDate, close_date AS closeDate, amount, closed, won FROM opportunities WHERE owner_email = ?').all(email) as (Omit<
        Opportunity,
        'closed' | 'won'
      > & { closed: number; won: number })[]
    ).map((o) => ({ ...o, closed: o.closed === 1, won: o.won === 1 }));
  }

  private outcomesOf(email: string, hireDate: string | null) {
    const opps = this.opportunitiesOf(email);
    const quotas = new Map(
      (this.sql('SELECT period, amount FROM quotas WHERE owner_email = ?').all(email) as { period: string; amount: number }[]).map((q) => [q.period, q.amount]),
    );
    return outcomeMetrics(opps, quotas, hireDate);
  }

  /** The team at a glance; `visible` limits it to the reps the caller may see (null: everyone). */
  team(options: TeamOptions, visible: Set<string> | null): TeamProgress {
    const { detail, sections, ...asked } = options;
    const full = sections === 'heatmap' ? this.heatmapTeam(asked, visible) : this.fullTeam(asked, visible);
    return detail === 'full' ? this.withScorecards(full) : summary(full);
  }

  /**
   * The heatmap with the roster's size and teams, the rest left empty (see teamProgressInput's
   * sections): cut from the whole view when it is kept, else made of the same parts the whole view
   * keeps, so asking for the whole right after reads none of them again.
   */
  private heatmapTeam(options: ViewOptions, visible: Set<string> | null): TeamProgress {
    const today = this.today();
    const key = this.viewKey(today, options, visible);
    const whole = key !== null && this.kept?.key === key ? this.kept.value : null;
    if (whole) return { ...whole, heatmap: whole.heatmap.map((area) => ({ ...area, rows: area.rows.map((row) => ({ ...row })) })), ...emptyRest(options.minCohort) };
    // Without the whole roster read in name order (most of the cost): who is in view, how many and
    // their teams, then the names of only the reps the heatmap shows.
    const versions = this.versions();
    const part = <T>(name: string, sources: readonly Source[], asked: unknown, make: () => T) => this.part(name, versions, sources, asked, make);
    const inView = { team: options.team ?? null, seen: visible ? [...visible].sort() : null };
    const scope = part('scope', ['reps'], inView, () => {
      const rows = this.sql(
        `SELECT id, team FROM reps WHERE archived_at IS NULL AND (@team IS NULL OR team = @team) AND (@visible IS NULL OR id IN (SELECT value FROM json_each(@visible)))`,
      )
        .raw()
        .all({ team: options.team ?? null, visible: visible ? JSON.stringify([...visible]) : null }) as [string, string][];
      const ids = rows.map(([id]) => id);
      return { ids: new Set(ids), key: scopeKey(ids), teams: [...new Set(rows.map(([, team]) => team).filter(Boolean))].sort() };
    });
    const heatmap = this.heatmapPart(options, visible, today, part, scope.key, scope.ids);
    const named = [...new Set(heatmap.flatMap((area) => area.rows.map((row) => row.repId)))];
    const reps = named.length
      ? (this.sql(
          `SELECT id, name, email, team, hire_date AS hireDate FROM reps WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name COLLATE NOCASE, email`,
        ).all(JSON.stringify(named)) as TeamProgress['reps'])
      : [];
    return { asOf: today, reps, repCount: scope.ids.size, teams: scope.teams, heatmap, ...emptyRest(options.minCohort) };
  }

  /**
   * The heatmap, each view with its own rows (a full view fills in their scorecards, see
   * withScorecards). The latest scores are kept under the reps in view (see scopeKey), which the
   * heatmap alone and the whole view share, and which a rename leaves as it was.
   */
  private heatmapPart(
    options: ViewOptions,
    visible: Set<string> | null,
    today: string,
    part: <T>(name: string, sources: readonly Source[], asked: unknown, make: () => T) => T,
    scope: string,
    inScope: Set<string>,
  ): TeamProgress['heatmap'] {
    if (options.heatmap !== 'latest') return this.heatmap(options, inScope, addDays(today, -7 * options.windowWeeks), visible);
    return part('heatmap', ['heat'], scope, () => this.latestHeatmap(inScope, visible)).map((area) => ({ ...area, rows: area.rows.map((row) => ({ ...row })) }));
  }

  /** The scorecards behind a heatmap row's cells (each serves every cell of its row); none for a rep or area not in view. */
  cell(options: CellOptions, visible: Set<string> | null): CellScorecards {
    const { focusAreaId, repId, ...asked } = options;
    const area = this.fullTeam(asked, visible).heatmap.find((h) => h.focusAreaId === focusAreaId);
    const row = area?.rows.find((r) => r.repId === repId);
    if (!row) return [];
    return row.scorecards ?? this.latestScorecards(repId, focusAreaId);
  }

  /**
   * Both the summary and a cell's scorecards are cut from the one full view kept, so a click on a
   * cell reads nothing again and shows exactly what the heatmap counted.
   */
  private fullTeam(options: ViewOptions, visible: Set<string> | null): TeamProgress {
    const today = this.today();
    // The view depends on the data, the day and what was asked: coming back to Progress with
    // nothing written since (by anyone) gives the same answer without reading a year again.
    // In one order whichever channel asked, so a cell finds the view its summary came from.
    const key = this.viewKey(today, options, visible);
    if (key !== null && this.kept?.key === key) return this.kept.value;
    const value = this.readTeam(options, visible, today, 'all');
    if (key !== null) this.kept = { key, value };
    return value;
  }

  private viewKey(today: string, options: ViewOptions, visible: Set<string> | null): string | null {
    const { team, heatmap, windowWeeks, trendSessions, idleWeeks, minCohort } = options;
    return this.keyOf(today, { team, heatmap, windowWeeks, trendSessions, idleWeeks, minCohort }, visible);
  }

  /**
   * The team view as `team` gives it, its parts made in turns: a call that comes while it is made
   * (the screen's others, the app's) is answered between two parts rather than after the whole,
   * which for a roster of 20,000 is half a second of processor or more. Anything written in the
   * meantime and the view is made again at once, so it always shows one moment of the data.
   */
  async teamInTurns(options: TeamOptions, visible: Set<string> | null): Promise<TeamProgress> {
    const { detail, sections, ...asked } = options;
    if (sections === 'heatmap') return this.team(options, visible);
    const today = this.today();
    const key = this.viewKey(today, asked, visible);
    // Inside a transaction (no key) nothing is kept: made at once below.
    if (key !== null && this.kept?.key !== key) {
      const steps = this.teamSteps(asked, visible, today, 'all');
      let step = steps.next();
      while (!step.done) {
        await new Promise((resolve) => setImmediate(resolve));
        step = steps.next();
      }
      if (this.viewKey(this.today(), asked, visible) === key) this.kept = { key, value: step.value };
    }
    // Kept when nothing was written meanwhile; else made again at once.
    return this.team({ ...asked, detail, sections }, visible);
  }

  /** Results before and after each certification level, for the reps in view (see certificationPatterns). */
  certified(options: CertifiedOptions, visible: Set<string> | null): CertificationPattern[] {
    const today = this.today();
    const key = this.keyOf(today, options, visible);
    if (key !== null && this.keptCertified?.key === key) return this.keptCertified.value;
    const value = this.readCertified(options, visible, today);
    // Replaying certification may store the grants that fell due, a write: the key after it is the one to keep.
    const after = this.keyOf(today, options, visible);
    if (after !== null) this.keptCertified = { key: after, value };
    return value;
  }

  private keyOf(today: string, options: object, visible: Set<string> | null): string | null {
    const version = dataVersion(this.db);
    return version === null ? null : JSON.stringify([version, today, options, visible ? [...visible].sort() : null]);
  }

  private repsInView(options: { team?: string | undefined }, visible: Set<string> | null) {
    return (
      this.sql(
        `SELECT r.id, r.name, r.email, r.team, r.hire_date AS hireDate, p.assessment_type AS assessmentType, p.learning_preference AS learningPreference
         FROM reps r LEFT JOIN rep_profiles p ON p.rep_id = r.id
         WHERE r.archived_at IS NULL AND (@team IS NULL OR r.team = @team) AND (@visible IS NULL OR r.id IN (SELECT value FROM json_each(@visible)))
         ORDER BY r.name COLLATE NOCASE, r.email`,
      ).all({ team: options.team ?? null, visible: visible ? JSON.stringify([...visible]) : null }) as {
        id: string;
        name: string;
        email: string;
        team: string;
        hireDate: string | null;
        assessmentType: string | null;
        learningPreference: string | null;
      }[]
    );
  }

  /**
   * The counters of the sources the view reads (migration 0047): each part of the view is kept under
   * those of its own sources, so a write makes again only the parts it touched. Null inside a
   * transaction, where what is read may still be rolled back: then everything is read afresh.
   */
  private versions(): Map<Source, number> | null {
    if (this.db.inTransaction) return null;
    return new Map(this.sql('SELECT part, version FROM progress_versions').raw().all() as [Source, number][]);
  }

  /**
   * A part of the view: the one kept when its sources and what else it was made from are the same.
   * A few are kept per part, so people asking for different teams or trees in turn (on a hub) do not
   * make each other's parts again.
   */
  private part<T>(name: string, versions: Map<Source, number> | null, sources: readonly Source[], asked: unknown, make: () => T): T {
    if (!versions) return make();
    const key = JSON.stringify([sources.map((s) => versions.get(s) ?? null), asked]);
    let kept = this.parts.get(name);
    if (!kept) this.parts.set(name, (kept = new Map()));
    if (kept.has(key)) {
      const value = kept.get(key) as T;
      // The most recently used last: the first is the one to let go.
      kept.delete(key);
      kept.set(key, value);
      return value;
    }
    const value = make();
    kept.set(key, value);
    if (kept.size > partsKept) kept.delete(kept.keys().next().value!);
    return value;
  }

  private readTeam(options: ViewOptions, visible: Set<string> | null, today: string, sections: 'all' | 'heatmap'): TeamProgress {
    const steps = this.teamSteps(options, visible, today, sections);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The team view part by part: it stops (yields) between parts, so that made in turns (see
   * teamInTurns) other calls are answered between them, or made at once (readTeam).
   */
  private *teamSteps(options: ViewOptions, visible: Set<string> | null, today: string, sections: 'all' | 'heatmap'): Generator<void, TeamProgress> {
    const windowStart = addDays(today, -7 * options.windowWeeks);
    const newHireDays = this.settings.get().newHireDays;
    const versions = this.versions();
    const seen = visible ? [...visible].sort() : null;
    const inView = { team: options.team ?? null, seen };
    const part = <T>(name: string, sources: readonly Source[], asked: unknown, make: () => T) => this.part(name, versions, sources, asked, make);

    const reps = part('reps', ['reps'], inView, () => this.repsInView(options, visible));
    // What each part reads of the roster, in the roster's order: a write to a person (a rename, a
    // note in a profile) makes again only the parts whose fields of them changed.
    const roster = part('roster', ['reps'], inView, () => {
      const of = (field: (r: (typeof reps)[number]) => string | null) => reps.map((r) => field(r) ?? '\u0001').join('\u0000');
      return { ids: of((r) => r.id), hires: of((r) => r.hireDate), teams: of((r) => r.team), emails: of((r) => r.email), profiles: of((r) => `${r.assessmentType ?? '\u0001'}\u0002${r.learningPreference ?? '\u0001'}`) };
    });
    const inScope = part('inScope', [], roster.ids, () => new Set(reps.map((r) => r.id)));
    const heatmap = this.heatmapPart(options, visible, today, part, part('scopeKey', [], roster.ids, () => scopeKey(reps.map((r) => r.id))), inScope);
    const top = {
      asOf: today,
      reps: reps.map(({ id, name, email, team, hireDate }) => ({ id, name, email, team, hireDate })),
      repCount: reps.length,
      teams: [...new Set(reps.map((r) => r.team).filter(Boolean))].sort(),
      heatmap,
    };
    if (sections === 'heatmap') return { ...top, ...emptyRest(options.minCohort) };
    yield;
    const byId = part('byId', [], [roster.ids, roster.hires], () => new Map(reps.map((r) => [r.id, r])));
    const inProgram = part('inProgram', ['programs'], null, () => this.programMembers());

    const idleSince = addDays(today, -7 * options.idleWeeks);
    // `progress_participations` and `progress_cards` are kept at each write (migrations 0042, 0043):
    // the view reads the weeks it shows and each person's latest rows, not their year.
    const since = windowStart < idleSince ? windowStart : idleSince;
    const mine = visible ? ' AND rep_id IN (SELECT value FROM json_each(@visible))' : '';
    const visibleJson = visible ? { visible: JSON.stringify([...visible]) } : {};
    const participations = part('participations', ['participations'], [roster.ids, since, today], () =>
      (
        this.sql(
          `SELECT rep_id AS repId, role, session_id AS sessionId, status, program_id AS programId, focus_area_id AS focusAreaId, coach_id AS coachId, date
           FROM progress_participations WHERE date >= @since AND date <= @today${mine} ORDER BY date, session_id`,
        ).all({ since, today, ...visibleJson }) as Participation[]
      ).filter((p) => inScope.has(p.repId)),
    );

    yield;
    // Scorecard means (peer and coach; a self-score is not the team's view of a rep) in the window.
    const repCards = versions ? new Map(this.sql('SELECT rep_id, version FROM progress_rep_cards').raw().all() as [string, number][]) : null;
    const cardMeans = this.windowCards(roster.ids, inScope, windowStart, repCards, () =>
      (
        this.sql(
          `SELECT pc.scorecard_id AS id, pc.rep_id AS repId, pc.reviewer_id AS reviewerId, pc.role, pc.date,
                  pc.version_id AS versionId, pc.focus_area_id AS focusAreaId, pc.mean
           FROM progress_cards pc WHERE pc.date >= @windowStart${mine.replace('rep_id', 'pc.rep_id')} ORDER BY pc.date, pc.scorecard_id`,
        ).all({ windowStart, ...visibleJson }) as WindowCard[]
      ).filter((c) => inScope.has(c.repId)),
    );
    yield;
    const areasByRep = part('areasByRep', ['participations'], today, () => this.areasByRep(today));

    const windowAsked = [roster.ids, today, options.windowWeeks];
    yield;
    const cadenceView = part('cadence', ['participations', 'programs'], [...windowAsked, roster.teams], () =>
      cadence(participations, reps, windowStart, this.programNames(), this.lastTwoHeld(reps, today)),
    );
    yield;
    const slipping = part('slipping', ['cards', 'participations', 'programs'], [roster.ids, roster.hires, today, options.idleWeeks, options.trendSessions], () =>
      this.slipping(options, reps, participations, today, inProgram, (repId) => this.latestMeans(repId, options.trendSessions, repCards), areasByRep),
    );
    yield;
    const gapView = part('gap', ['participations'], [roster.ids, roster.hires, today], () => gap(reps, this.earlyParticipations(reps, today), today));
    yield;
    const circlesView = part('circles', ['participations', 'cards', 'programs'], [...windowAsked, roster.hires, newHireDays], () =>
      circles(participations, cardMeans, byId, windowStart, newHireDays, inProgram),
    );
    yield;
    const cohortsView = part('cohorts', ['participations', 'cards'], [...windowAsked, roster.hires, roster.profiles, options.minCohort], () =>
      cohorts(reps, participations, cardMeans, windowStart, options),
    );
    yield;
    const linking = part('linking', ['participations', 'deals'], [...windowAsked, roster.emails], () => this.linking(reps, participations, windowStart, today));
    return { ...top, cadence: cadenceView, slipping, gap: gapView, circles: circlesView, cohorts: cohortsView, linking };
  }

  /**
   * Each rep's last two sessions that were held or missed (cancelled and still planned ones aside),
   * oldest first: per rep in view, read backwards from today along `progress_participations_rep`,
   * instead of numbering every participation of the year.
   */
  private lastTwoHeld(reps: { id: string }[], today: string): Map<string, { status: string; date: string }[]> {
    const lastTwo = this.sql(
      `SELECT rep_id AS repId, status, date FROM progress_participations
       WHERE rep_id = ? AND date <= ? AND status IN ('done', 'missed') ORDER BY date DESC, session_id DESC LIMIT 2`,
    );
    const out = new Map<string, { status: string; date: string }[]>();
    for (const rep of reps) {
      const rows = lastTwo.all(rep.id, today) as { repId: string; status: string; date: string }[];
      if (rows.length) out.set(rep.id, rows.reverse());
    }
    return out;
  }

  /** The sessions held by reps hired in the last year, in their first 180 days (what the 46–179 gap counts). */
  private earlyParticipations(reps: { id: string; hireDate: string | null }[], today: string): { repId: string; status: string; date: string }[] {
    const yearAgo = addDays(today, -365);
    const held = this.sql(
      `SELECT rep_id AS repId, status, date FROM progress_participations WHERE rep_id = ? AND date >= ? AND date <= ? AND status = 'done'`,
    );
    return reps
      .filter((r) => r.hireDate && r.hireDate >= yearAgo && r.hireDate <= today)
      .flatMap((r) => {
        const end = addDays(r.hireDate!, 179);
        return held.all(r.id, r.hireDate, end < today ? end : today) as { repId: string; status: string; date: string }[];
      });
  }

  private readCertified(options: CertifiedOptions, visible: Set<string> | null, today: string): CertificationPattern[] {
    if (!this.certification || visible?.size === 0) return [];
    // Only the holders of a level are read: the rest of a roster of thousands has nothing to show here.
    const inView = this.sql('SELECT email FROM reps WHERE id = ? AND archived_at IS NULL AND (@team IS NULL OR team = @team)').pluck();
    const emails = new Map<string, string | null>();
    const emailOf = (repId: string) => {
      if (!emails.has(repId)) emails.set(repId, visible && !visible.has(repId) ? null : ((inView.get(repId, { team: options.team ?? null }) as string | undefined) ?? null));
      return emails.get(repId)!;
    };
    const levels = new Map<string, string[]>();
    const grants: GrantEvent[] = [];
    // Only grants count here: the paths of the many who hold none need not be worked out.
    for (const status of this.certification.list({ held: true, ...(visible ? { repIds: visible } : {}) })) {
      const email = emailOf(status.rep.id);
      if (!email) continue;
      const area = status.focusArea.id;
      if (!levels.has(area)) levels.set(area, this.certification.program(area).levels.map((l) => l.name));
      const order = levels.get(area)!;
      for (const entry of status.history) {
        const grantedOn = entry.grantedAt.slice(0, 10);
        if (entry.kind !== 'grant' || grantedOn > today) continue;
        const index = order.indexOf(entry.level);
        grants.push({ repId: status.rep.id, email, focusAreaId: area, focusAreaName: status.focusArea.name, level: entry.level, levelIndex: index < 0 ? order.length : index, grantedOn });
      }
    }
    const deals = new Map<string, Opportunity[]>();
    return certificationPatterns(grants, (email) => {
      if (!deals.has(email)) deals.set(email, this.opportunitiesOf(email));
      return deals.get(email)!;
    });
  }

  private programNames(): Map<string, string> {
    return new Map((this.sql('SELECT id, name FROM programs').all() as { id: string; name: string }[]).map((p) => [p.id, p.name]));
  }

  private heatmap(options: ViewOptions, inScope: Set<string>, windowStart: string, visible: Set<string> | null): TeamProgress['heatmap'] {
    if (options.heatmap === 'latest') return this.latestHeatmap(inScope, visible);
    const rows = this.windowScores(inScope, windowStart);
    type Card = { id: string; date: string; role: 'peer' | 'coach' };
    type Cell = { scores: number[]; latestDate: string };
    const areas = new Map<string, { name: string; criteria: Map<string, string>; cells: Map<string, Map<string, Cell>>; cards: Map<string, Map<string, Card>> }>();
    for (const row of rows) {
      let area = areas.get(row.focusAreaId);
      if (!area) areas.set(row.focusAreaId, (area = { name: row.focusAreaName, criteria: new Map(), cells: new Map(), cards: new Map() }));
      // Rows come newest first, so the first name seen for a key is its current one.
      if (!area.criteria.has(row.key)) area.criteria.set(row.key, row.name);
      let repCells = area.cells.get(row.repId);
      if (!repCells) area.cells.set(row.repId, (repCells = new Map()));
      const cell = repCells.get(row.key);
      let used = true;
      if (!cell) repCells.set(row.key, { scores: [row.score], latestDate: row.date });
      else if (options.heatmap === 'mean' || row.date === cell.latestDate) cell.scores.push(row.score);
      else used = false;
      let repCards = area.cards.get(row.repId);
      if (!repCards) area.cards.set(row.repId, (repCards = new Map()));
      if (used && repCards.size < 20) repCards.set(row.scorecardId, { id: row.scorecardId, date: row.date, role: row.role });
    }
    return [...areas.entries()].map(([focusAreaId, area]) => ({
      focusAreaId,
      focusAreaName: area.name,
      criteria: [...area.criteria.entries()].map(([key, name]) => ({ key, name })),
      rows: [...area.cells.entries()].map(([repId, cells]) => ({
        repId,
        cells: [...area.criteria.keys()].map((key) => {
          const cell = cells.get(key);
          return { key, mean: cell ? round(mean(cell.scores)) : null, n: cell?.scores.length ?? 0 };
        }),
        scorecards: [...(area.cards.get(repId)?.values() ?? [])],
      })),
    }));
  }

  /** Every peer and coach score since the window's start, newest first. */
  private windowScores(inScope: Set<string>, windowStart: string): HeatmapScore[] {
    return (
      this.sql(
        `SELECT * FROM (SELECT sc.id AS scorecardId, sc.role, sc.reviewee_id AS repId, s.focus_area_id AS focusAreaId, fa.name AS focusAreaName, fa.position,
                rc.key, rc.name, rc.position AS criterionPosition, ss.score, COALESCE(${sessionDay}, substr(sc.submitted_at, 1, 10)) AS date
         FROM counted_scorecards sc
         JOIN sessions s ON s.id = sc.session_id
         JOIN focus_areas fa ON fa.id = s.focus_area_id
         JOIN scorecard_scores ss ON ss.scorecard_id = sc.id
         JOIN rubric_criteria rc ON rc.id = ss.criterion_id
         WHERE sc.status = 'submitted' AND sc.role <> 'self' AND ss.score IS NOT NULL) WHERE date >= ?
         ORDER BY position, date DESC, scorecardId, criterionPosition`,
      ).all(windowStart) as HeatmapScore[]
    ).filter((r) => inScope.has(r.repId));
  }

  /**
   * The 'latest' heatmap from `progress_heat_cells` (migration 0044): one row per cell, already summed.
   * Each cell carries its first score in the order the scores were read in before (area position,
   * newest day, scorecard id, criterion position), so sorting the cells by it shows the areas, the
   * criteria (with the name of their first score) and the rows in the same order. A row's scorecards
   * are read only when asked (see withScorecards).
   */
  private latestHeatmap(inScope: Set<string>, visible: Set<string> | null): TeamProgress['heatmap'] {
    // In the order the scores were read in before, sorted by SQLite (ids and days are ASCII, so its
    // byte order is JavaScript's), read as plain arrays: the cells are many and each is used once.
    const cells = this.sql(
      `SELECT hc.rep_id, hc.focus_area_id, fa.name, hc.key, rc.name, hc.n, hc.total
       FROM progress_heat_cells hc JOIN focus_areas fa ON fa.id = hc.focus_area_id JOIN rubric_criteria rc ON rc.id = hc.criterion_id
       ${visible ? 'WHERE hc.rep_id IN (SELECT value FROM json_each(@visible))' : ''}
       ORDER BY fa.position, hc.date DESC, hc.scorecard_id, rc.position`,
    )
      .raw()
      .all(visible ? { visible: JSON.stringify([...visible]) } : {}) as [string, string, string, string, string, number, number][];
    const areas = new Map<string, { name: string; criteria: Map<string, string>; rows: Map<string, Map<string, { total: number; n: number }>> }>();
    for (const [repId, focusAreaId, areaName, key, name, n, total] of cells) {
      if (!inScope.has(repId)) continue;
      let area = areas.get(focusAreaId);
      if (!area) areas.set(focusAreaId, (area = { name: areaName, criteria: new Map(), rows: new Map() }));
      if (!area.criteria.has(key)) area.criteria.set(key, name);
      let row = area.rows.get(repId);
      if (!row) area.rows.set(repId, (row = new Map()));
      row.set(key, { total, n });
    }
    return [...areas.entries()].map(([focusAreaId, area]) => ({
      focusAreaId,
      focusAreaName: area.name,
      criteria: [...area.criteria.entries()].map(([key, name]) => ({ key, name })),
      rows: [...area.rows.entries()].map(([repId, row]) => ({
        repId,
        cells: [...area.criteria.keys()].map((key) => {
          const cell = row.get(key);
          return { key, mean: cell ? round(cell.total / cell.n) : null, n: cell?.n ?? 0 };
        }),
      })),
    }));
  }

  /**
   * The scorecards behind a 'latest' row's cells, newest first, at most 20: the cards whose scores
   * the row's cells hold (`progress_latest`), in the order the cells were read in.
   */
  private latestScorecards(repId: string, focusAreaId: string): CellScorecards {
    return this.sql(
      `SELECT scorecard_id AS id, date, role FROM progress_latest WHERE rep_id = ? AND focus_area_id = ?
       GROUP BY scorecard_id ORDER BY date DESC, scorecard_id LIMIT 20`,
    ).all(repId, focusAreaId) as CellScorecards;
  }

  /**
   * The view with every heatmap row's scorecards. A 'latest' view leaves them to be read when asked;
   * they are filled in the kept view itself, so asking again reads nothing.
   */
  private withScorecards(view: TeamProgress): TeamProgress {
    for (const area of view.heatmap) for (const row of area.rows) row.scorecards ??= this.latestScorecards(row.repId, area.focusAreaId);
    return view;
  }

  /** People in a program that is not archived. */
  private programMembers(): Set<string> {
    return new Set(
      this.sql('SELECT DISTINCT pr.rep_id FROM program_reps pr JOIN programs p ON p.id = pr.program_id AND p.archived_at IS NULL').pluck().all() as string[],
    );
  }

  /** Per person and focus area: the first day it came due (a session in it not cancelled) and the last it was practised. */
  private areasByRep(today: string) {
    return groupBy(
      (
        this.sql(
          `SELECT rep_id AS repId, focus_area_id AS focusAreaId, min(CASE WHEN status <> 'cancelled' THEN date END) AS firstDue,
                  max(CASE WHEN status = 'done' THEN date END) AS lastDone
           FROM progress_participations WHERE date <= ? GROUP BY rep_id, focus_area_id`,
        ).all(today) as { repId: string; focusAreaId: string; firstDue: string | null; lastDone: string | null }[]
      ).filter((a): a is { repId: string; focusAreaId: string; firstDue: string; lastDone: string | null } => a.firstDue !== null),
      (a) => a.repId,
    );
  }

  /**
   * A person's latest `limit` scorecard means, newest first; kept per person under the count of
   * writes to their scorecards (`progress_rep_cards`), so a write reads again only its own person's.
   */
  private latestMeans(repId: string, limit: number, repCards: Map<string, number> | null): readonly number[] {
    const read = () => this.sql('SELECT mean FROM progress_cards WHERE rep_id = ? ORDER BY date DESC, scorecard_id DESC LIMIT ?').pluck().all(repId, limit) as number[];
    if (!repCards) return read();
    const version = repCards.get(repId) ?? 0;
    const kept = this.keptMeans.get(repId);
    if (kept?.version === version && kept.limit === limit) return kept.means;
    const means = read();
    this.keptMeans.set(repId, { version, limit, means });
    return means;
  }

  /**
   * The window's scorecard means of the people in view, by day and scorecard id. Kept per roster and
   * window; after a write only the people whose scorecards changed (`progress_rep_cards`) are read
   * again and merged in, in the same order SQLite sorts in (days and ids are ASCII, so its byte
   * order is JavaScript's).
   */
  private windowCards(scope: string, inScope: Set<string>, windowStart: string, repCards: Map<string, number> | null, readAll: () => WindowCard[]): WindowCard[] {
    if (!repCards) return readAll();
    const key = JSON.stringify([scope, windowStart]);
    const kept = this.keptWindowCards.get(key);
    const versionOf = (id: string) => repCards.get(id) ?? 0;
    const changed = kept ? [...inScope].filter((id) => versionOf(id) !== (kept.versions.get(id) ?? 0)) : null;
    let rows: WindowCard[];
    if (!kept || !changed || changed.length > Math.max(10, inScope.size / 10)) rows = readAll();
    else if (changed.length === 0) return kept.rows;
    else {
      const gone = new Set(changed);
      const one = this.sql(
        `SELECT pc.scorecard_id AS id, pc.rep_id AS repId, pc.reviewer_id AS reviewerId, pc.role, pc.date,
                pc.version_id AS versionId, pc.focus_area_id AS focusAreaId, pc.mean
         FROM progress_cards pc WHERE pc.rep_id = ? AND pc.date >= ?`,
      );
      const before = (a: WindowCard, b: WindowCard) => a.date < b.date || (a.date === b.date && a.id < b.id);
      const fresh = changed.flatMap((id) => one.all(id, windowStart) as WindowCard[]).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
      const left = kept.rows.filter((r) => !gone.has(r.repId));
      rows = [];
      let i = 0;
      let j = 0;
      while (i < left.length || j < fresh.length) rows.push(j >= fresh.length || (i < left.length && before(left[i]!, fresh[j]!)) ? left[i++]! : fresh[j++]!);
    }
    this.keptWindowCards.delete(key);
    this.keptWindowCards.set(key, { versions: new Map([...inScope].map((id) => [id, versionOf(id)])), rows });
    if (this.keptWindowCards.size > partsKept) this.keptWindowCards.delete(this.keptWindowCards.keys().next().value!);
    return rows;
  }

  private slipping(
    options: ViewOptions,
    reps: { id: string; hireDate: string | null }[],
    participations: { repId: string; status: string; date: string }[],
    today: string,
    /** Slipping is measured against a program: someone in none has nothing scheduled to slip from. */
    inProgram: Set<string>,
    /** A person's latest scorecard means, newest first (see latestMeans). */
    latestMeans: (repId: string) => readonly number[],
    areasByRep: Map<string, { repId: string; focusAreaId: string; firstDue: string; lastDone: string | null }[]>,
  ): TeamProgress['slipping'] {
    const idleSince = addDays(today, -7 * options.idleWeeks);
    const sessionsByRep = groupBy(participations, (p) => p.repId);
    const result: TeamProgress['slipping'] = [];
    for (const rep of reps) {
      if (!inProgram.has(rep.id)) continue;
      const reasons: TeamProgress['slipping'][number]['reasons'] = [];
      const scores = [...latestMeans(rep.id)].reverse().map((m) => round(m)!);
      if (scores.length >= 3) {
        const s = slope(scores);
        if (s <= slippingSlope) reasons.push({ kind: 'trend', slope: round(s)!, scores });
      }
      const own = sessionsByRep.get(rep.id) ?? [];
      const missed = own.filter((p) => p.status === 'missed' && p.date >= idleSince).length;
      if (missed >= 2) reasons.push({ kind: 'missed', missed, weeks: options.idleWeeks });
      // Someone hired within the last N weeks has not had the time to go N weeks without an area.
      const tooNew = rep.hireDate !== null && rep.hireDate > idleSince;
      // An area is overdue when it came due for this person (a session in it was scheduled for
      // them, on a day now past, at least N weeks ago) and they have not practised it since.
      const history = tooNew
        ? []
        : [...(areasByRep.get(rep.id) ?? [])].sort((a, b) => (a.firstDue < b.firstDue ? -1 : a.firstDue > b.firstDue ? 1 : a.focusAreaId < b.focusAreaId ? -1 : 1));
      for (const { focusAreaId, firstDue, lastDone } of history) {
        if (firstDue <= idleSince && (lastDone === null || lastDone < idleSince)) reasons.push({ kind: 'idle', focusAreaId, lastPractised: lastDone, weeks: options.idleWeeks });
      }
      if (reasons.length) result.push({ repId: rep.id, reasons });
    }
    return result;
  }

  /**
   * Practice against results, per rep over the window: the reps who held more sessions than the
   * team's median against the others, by win rate and by deal size. A pattern, not a cause.
   */
  private linking(
    reps: { id: string; email: string }[],
    participations: { repId: string; status: string; date: string }[],
    windowStart: string,
    today: string,
  ): TeamProgress['linking'] {
    const held = new Map<string, number>();
    for (const p of participations) if (p.status === 'done' && p.date >= windowStart) held.set(p.repId, (held.get(p.repId) ?? 0) + 1);
    const closed = this.sql(
      `SELECT owner_email AS email, count(*) AS closed, sum(won) AS won, avg(CASE WHEN won = 1 THEN amount END) AS avgWon
       FROM opportunities WHERE closed = 1 AND close_date >= ? AND close_date <= ? GROUP BY owner_email COLLATE NOCASE`,
    ).all(windowStart, today) as { email: string; closed: number; won: number; avgWon: number | null }[];
    const byEmail = new Map(closed.map((c) => [c.email.toLowerCase(), c]));
    const withDeals = reps.filter((r) => byEmail.has(r.email.toLowerCase()));
    if (withDeals.length === 0) return [];
    const cut = median(withDeals.map((r) => held.get(r.id) ?? 0))!;
    const more = withDeals.filter((r) => (held.get(r.id) ?? 0) > cut);
    const less = withDeals.filter((r) => (held.get(r.id) ?? 0) <= cut);
    const winRate = (r: { email: string }) => {
      const c = byEmail.get(r.email.toLowerCase())!;
      return c.won / c.closed;
    };
    const dealSize = (list: { email: string }[]) =>
      list.map((r) => byEmail.get(r.email.toLowerCase())!.avgWon).filter((v): v is number => v !== null);
    return [
      meanDifference('winRate:moreVsLessPractice', more.map(winRate), less.map(winRate), rateRange),
      meanDifference('avgDealSize:moreVsLessPractice', dealSize(more), dealSize(less)),
    ];
  }
}

function toProfile(row: Record<string, string | null> | undefined): Profile {
  return {
    careerGoals: row?.career_goals ?? '',
    motivators: row?.motivators ?? '',
    learningPreference: (row?.learning_preference ?? null) as Profile['learningPreference'],
    assessmentType: row?.assessment_type ?? '',
    assessmentResult: row?.assessment_result ?? '',
    notes: row?.notes ?? '',
  };
}

function groupScores(rows: ScoreRow[]): RepArc['scores'] {
  const areas = new Map<string, { name: string; cards: Map<string, { point: Omit<ScoreRow, 'key' | 'name' | 'focusAreaId' | 'focusAreaName'>; scores: number[] }>; criteria: Map<string, RepArc['scores'][number]['criteria'][number]> }>();
  for (const row of rows) {
    let area = areas.get(row.focusAreaId);
    if (!area) areas.set(row.focusAreaId, (area = { name: row.focusAreaName, cards: new Map(), criteria: new Map() }));
    const point = { date: row.date, scorecardId: row.scorecardId, sessionId: row.sessionId, role: row.role, score: row.score };
    const card = area.cards.get(row.scorecardId);
    if (card) card.scores.push(row.score);
    else area.cards.set(row.scorecardId, { point, scores: [row.score] });
    const criterion = area.criteria.get(row.key);
    // Rows come oldest first: the name a key had last is the one shown.
    if (criterion) {
      criterion.name = row.name;
      criterion.points.push(point);
    } else area.criteria.set(row.key, { key: row.key, name: row.name, points: [point] });
  }
  return [...areas.entries()].map(([focusAreaId, area]) => ({
    focusAreaId,
    focusAreaName: area.name,
    points: [...area.cards.values()].map((c) => ({ ...c.point, score: round(mean(c.scores))! })),
    criteria: [...area.criteria.values()],
  }));
}

type Participation = { repId: string; role: string; sessionId: string; status: string; programId: string | null; coachId: string | null; date: string };

function cadence(
  participations: Participation[],
  reps: { id: string; team: string }[],
  windowStart: string,
  programNames: Map<string, string>,
  lastTwoHeld: Map<string, { status: string; date: string }[]>,
): TeamProgress['cadence'] {
  const teamOf = new Map(reps.map((r) => [r.id, r.team]));
  // A session counts once per team (and once per program), whoever of the team was in it.
  const sessions = new Map<string, { status: string; programId: string | null; date: string; teams: Set<string> }>();
  for (const p of participations) {
    if (p.status === 'cancelled' || p.date < windowStart) continue;
    let s = sessions.get(p.sessionId);
    if (!s) sessions.set(p.sessionId, (s = { status: p.status, programId: p.programId, date: p.date, teams: new Set() }));
    s.teams.add(teamOf.get(p.repId) ?? '');
  }
  const tally = (groups: Map<string, Map<string, { planned: number; held: number }>>, group: string, date: string, held: boolean) => {
    let weeks = groups.get(group);
    if (!weeks) groups.set(group, (weeks = new Map()));
    const week = weekStart(date);
    const entry = weeks.get(week) ?? { planned: 0, held: 0 };
    entry.planned++;
    if (held) entry.held++;
    weeks.set(week, entry);
  };
  const byTeam = new Map<string, Map<string, { planned: number; held: number }>>();
  const byProgram = new Map<string, Map<string, { planned: number; held: number }>>();
  for (const s of sessions.values()) {
    // A session still "scheduled" on a past day was planned and not marked held.
    const held = s.status === 'done';
    for (const team of s.teams) tally(byTeam, team, s.date, held);
    if (s.programId) tally(byProgram, s.programId, s.date, held);
  }
  const weeksOf = (weeks: Map<string, { planned: number; held: number }>) =>
    [...weeks.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([weekStart, w]) => ({ weekStart, planned: w.planned, held: w.held, share: w.planned ? round(w.held / w.planned) : null }));
  const missedTwoInARow: TeamProgress['cadence']['missedTwoInARow'] = [];
  for (const rep of reps) {
    const lastTwo = lastTwoHeld.get(rep.id) ?? [];
    if (lastTwo.length === 2 && lastTwo.every((p) => p.status === 'missed')) missedTwoInARow.push({ repId: rep.id, dates: lastTwo.map((p) => p.date) });
  }
  return {
    byTeam: [...byTeam.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([team, weeks]) => ({ team, weeks: weeksOf(weeks) })),
    byProgram: [...byProgram.entries()].map(([programId, weeks]) => ({ programId, name: programNames.get(programId) ?? '', weeks: weeksOf(weeks) })),
    missedTwoInARow,
  };
}

/**
 * The 46–179 gap: practice per week in days 46–179 after the hire against days 0–45, for reps
 * hired in the last year. Days are calendar days (see calendar.ts), counted on each session's
 * local date. The band is measured up to today for a rep still in it; null before day 46.
 */
export function gap(reps: { id: string; hireDate: string | null }[], participations: { repId: string; status: string; date: string }[], today: string): TeamProgress['gap'] {
  const yearAgo = addDays(today, -365);
  const rows: TeamProgress['gap']['reps'] = [];
  const held = groupBy(
    participations.filter((p) => p.status === 'done'),
    (p) => p.repId,
  );
  for (const rep of reps) {
    if (!rep.hireDate || rep.hireDate < yearAgo || rep.hireDate > today) continue;
    const hire = rep.hireDate;
    let early = 0;
    let band = 0;
    for (const p of held.get(rep.id) ?? []) {
      const day = daysBetween(hire, p.date);
      if (day >= 0 && day <= 45) early++;
      else if (day >= 46 && day <= 179) band++;
    }
    const daysIn = daysBetween(hire, today);
    const earlyDays = Math.min(daysIn, 45) + 1;
    const bandDays = Math.min(daysIn, 179) - 46 + 1;
    rows.push({
      repId: rep.id,
      hireDate: hire,
      earlyPerWeek: round((early / earlyDays) * 7)!,
      bandPerWeek: bandDays > 0 ? round((band / bandDays) * 7) : null,
    });
  }
  return {
    reps: rows,
    medianEarlyPerWeek: median(rows.map((r) => r.earlyPerWeek)),
    medianBandPerWeek: median(rows.filter((r) => r.bandPerWeek !== null).map((r) => r.bandPerWeek!)),
  };
}

function circles(
  participations: Participation[],
  cardMeans: { repId: string; reviewerId: string; date: string }[],
  reps: Map<string, { hireDate: string | null }>,
  windowStart: string,
  newHireDays: number,
  inProgram: Set<string>,
): TeamProgress['circles'] {
  const pairs = new Map<string, { coachId: string; repId: string; count: number; date: string }>();
  const add = (coachId: string | null, repId: string, date: string) => {
    if (!coachId || coachId === repId || !reps.has(coachId) || !reps.has(repId) || date < windowStart) return;
    const key = `${coachId}\u0000${repId}`;
    const pair = pairs.get(key) ?? { coachId, repId, count: 0, date };
    pair.count++;
    pairs.set(key, pair);
  };
  for (const p of participations) if (p.status === 'done' && p.role === 'seller') add(p.coachId, p.repId, p.date);
  for (const c of cardMeans) add(c.reviewerId, c.repId, c.date);
  // New or senior as of the first time in the window they met; a rep without a hire date counts as senior.
  const isNew = (id: string, date: string) => {
    const hire = reps.get(id)?.hireDate;
    return hire ? daysBetween(hire, date) < newHireDays : false;
  };
  const mix = { seniorNew: 0, seniorSenior: 0, newNew: 0, newSenior: 0 };
  const list = [...pairs.values()].map((p) => {
    const coachNew = isNew(p.coachId, p.date);
    const repNew = isNew(p.repId, p.date);
    const kind = coachNew ? (repNew ? 'new-new' : 'new-senior') : repNew ? 'senior-new' : 'senior-senior';
    mix[({ 'new-new': 'newNew', 'new-senior': 'newSenior', 'senior-new': 'seniorNew', 'senior-senior': 'seniorSenior' } as const)[kind]] += p.count;
    return { coachId: p.coachId, repId: p.repId, count: p.count, kind } as const;
  });
  const coached = new Set(list.map((p) => p.coachId));
  // Coaching someone each week is what a program asks; someone in none was not asked.
  return { pairs: list, pairCount: list.length, mix, coachedNobody: [...reps.keys()].filter((id) => inProgram.has(id) && !coached.has(id)) };
}

/** Groups of reps side by side; a group smaller than the minimum is hidden (counted, not shown), so no one is singled out. */
export function cohorts(
  reps: { id: string; hireDate: string | null; assessmentType: string | null; learningPreference: string | null }[],
  participations: { repId: string; status: string; date: string }[],
  cardMeans: { repId: string; mean: number | null; date: string }[],
  windowStart: string,
  options: { windowWeeks: number; minCohort: number },
): TeamProgress['cohorts'] {
  let hidden = 0;
  const perRep = new Map<string, { scores: number[]; held: number }>();
  const of = (id: string) => {
    let entry = perRep.get(id);
    if (!entry) perRep.set(id, (entry = { scores: [], held: 0 }));
    return entry;
  };
  for (const c of cardMeans) if (c.date >= windowStart) of(c.repId).scores.push(c.mean!);
  for (const p of participations) if (p.status === 'done' && p.date >= windowStart) of(p.repId).held++;
  const group = (keyOf: (r: (typeof reps)[number]) => string | null) => {
    const groups = new Map<string, string[]>();
    for (const rep of reps) {
      const key = keyOf(rep);
      if (!key) continue;
      groups.set(key, [...(groups.get(key) ?? []), rep.id]);
    }
    const shown = [];
    for (const [key, ids] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (ids.length < options.minCohort) {
        hidden++;
        continue;
      }
      const scores = ids.flatMap((id) => perRep.get(id)?.scores ?? []);
      const held = ids.reduce((sum, id) => sum + (perRep.get(id)?.held ?? 0), 0);
      shown.push({ key, n: ids.length, meanScore: round(mean(scores)), sessionsPerWeek: round(held / ids.length / options.windowWeeks)! });
    }
    return shown;
  };
  return {
    minSize: options.minCohort,
    byHireQuarter: group((r) => (r.hireDate ? quarterOf(r.hireDate) : null)),
    byAssessment: group((r) => r.assessmentType || null),
    byLearningPreference: group((r) => r.learningPreference),
    hidden,
  };
}
