import { randomBytes } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import {
  certificationProgramFields,
  type CertificationProgram,
  matrixPageInput,
  type CertificationProgramFields,
  type CertificationState,
  type CertificationStatus,
  type MatrixCell,
  type MatrixPage,
  type MatrixPageInput,
  type MissingItem,
  type UncertifiableLevel,
  type Verification,
} from '../../shared/certification';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Clock } from '../clock';
import { dataVersion } from '../db/data-version';
import { writeTransaction } from '../db/open-database';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { calibrate } from '../scorecards/calibration';
import type { CalibrationReport } from '../../shared/scorecards';
import type { ScorecardsService } from '../scorecards/scorecards-service';
import { recordingMetricsLoader } from './metric-requirements';
import { defaultProgram, replay, type Grant, type Replay, type RoleplayScore } from './rules';

const dayMs = 86_400_000;

interface GrantRow {
  id: string;
  rep_id: string;
  focus_area_id: string;
  level_index: number;
  level_name: string;
  kind: 'grant' | 'renewal';
  granted_at: string;
  expires_at: string | null;
  certifier_id: string | null;
  code: string;
  requirement: string;
  evidence: string;
}

interface CardRow {
  id: string;
  revision: number;
  session_id: string;
  version_id: string;
  reviewee_id: string;
  reviewer_id: string;
  role: 'peer' | 'self' | 'coach';
  at: string;
  overall: number | null;
}

interface PersonRow {
  id: string;
  name: string;
  email: string;
  coach: number;
  access_role: string | null;
}

type Person = PersonRow & { archived: boolean; team: string };

/**
 * The people a listing names, read as they are needed: a rep's name and flags by id, and a set of
 * reps in roster order (name, then email). Only the listing of everyone's path reads the whole roster.
 */
class Directory {
  private readonly known = new Map<string, Person | null>();

  constructor(private readonly sql: (text: string) => Statement) {}

  get(id: string): Person | undefined {
    if (!this.known.has(id)) {
      const row = this.sql('SELECT id, name, email, team, coach, access_role, archived_at FROM reps WHERE id = ?').get(id) as (PersonRow & { team: string; archived_at: string | null }) | undefined;
      this.known.set(id, row ? toPerson(row) : null);
    }
    return this.known.get(id) ?? undefined;
  }

  /** The given reps (everyone with null) in roster order. */
  ordered(ids: string[] | null): Person[] {
    if (ids !== null && ids.length === 0) return [];
    const rows = (
      ids === null
        ? this.sql('SELECT id, name, email, team, coach, access_role, archived_at FROM reps ORDER BY name COLLATE NOCASE, email').all()
        : this.sql('SELECT id, name, email, team, coach, access_role, archived_at FROM reps WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name COLLATE NOCASE, email').all(JSON.stringify(ids))
    ) as (PersonRow & { team: string; archived_at: string | null })[];
    const people = rows.map(toPerson);
    for (const p of people) this.known.set(p.id, p);
    return people;
  }
}

function toPerson(row: PersonRow & { team: string; archived_at: string | null }): Person {
  return { id: row.id, name: row.name, email: row.email, team: row.team, coach: row.coach, access_role: row.access_role, archived: row.archived_at !== null };
}

type StoredGrant = Grant & { id: string; code: string };

interface Refreshed {
  grants: StoredGrant[];
  result: Replay;
  cards: Map<string, RoleplayScore>;
}

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is unambiguous. */
const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => codeAlphabet[b % 32]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** What a person typed, in the stored form: case, spaces and dashes do not matter; O is 0, I and L are 1. */
export function normalizeCode(text: string): string {
  const plain = text
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return plain.length === 12 ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}` : plain;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * dayMs).toISOString();
}

/**
 * Certification: each focus area's levels, the grants they lead to, and where each rep stands.
 * Grants are made when someone looks (the list, the rep's path, the matrix): the scorecards since
 * each rep's last grant are replayed against the levels as they are now, and what they earn up to
 * now is stored with its evidence frozen.
 */
export class CertificationService {
  private readonly sql: (text: string) => Statement;
  private calibration: { key: string; report: CalibrationReport; flagged: Set<string> } | null = null;
  /**
   * Each focus area's last replay, with the data it was made from and the span of "now" over
   * which it stays the same: from the moment it was made until the next role-play or pending
   * grant after it (clock travel back, or any write, makes it again).
   */
  private replays = new Map<string, { version: string; from: string; until: string | null; value: Refreshed }>();

  constructor(
    private readonly db: Database,
    private readonly cards: ScorecardsService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  program(focusAreaId: string): CertificationProgram {
    const area = this.sql('SELECT id, name FROM focus_areas WHERE id = ?').get(focusAreaId) as { id: string; name: string } | undefined;
    if (!area) throw new AppError(ErrorCode.notFound, `No focus area with id ${focusAreaId}.`, [{ path: 'focusAreaId', message: 'Unknown focus area' }]);
    const row = this.sql('SELECT fields FROM certification_programs WHERE focus_area_id = ?').get(focusAreaId) as { fields: string } | undefined;
    const fields = row ? certificationProgramFields.parse(JSON.parse(row.fields)) : defaultProgram();
    return { ...fields, focusAreaId: area.id, focusAreaName: area.name, custom: Boolean(row) };
  }

  /** Replaces a focus area's levels; null returns it to the defaults. Grants already made keep the levels they were made under. */
  setProgram(focusAreaId: string, fields: CertificationProgramFields | null): CertificationProgram {
    this.program(focusAreaId);
    if (fields === null) this.sql('DELETE FROM certification_programs WHERE focus_area_id = ?').run(focusAreaId);
    else {
      this.sql(
        `INSERT INTO certification_programs (focus_area_id, fields, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (focus_area_id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at`,
      ).run(focusAreaId, JSON.stringify(fields), this.clock().toISOString());
    }
    this.events.emit('certifications:changed', { repIds: [] });
    return this.program(focusAreaId);
  }

  /** The marked certifiers and every reviewer's calibration, per focus area (one, or each one in use). */
  certifiersAndCalibration(focusAreaId?: string) {
    const areas =
      focusAreaId === undefined
        ? (this.sql('SELECT id FROM focus_areas WHERE archived_at IS NULL ORDER BY position, name').pluck().all() as string[])
        : [this.program(focusAreaId).focusAreaId];
    const calibration = areas.flatMap((areaId) => {
      const { calibrationBand, calibrationMinComparisons } = this.program(areaId);
      return this.calibrationReport(calibrationBand, calibrationMinComparisons).reviewers.map((r) => ({
        reviewer: r.reviewer,
        focusAreaId: areaId,
        standing: r.flag !== null ? ('out-of-band' as const) : r.comparisons < calibrationMinComparisons ? ('not-judged' as const) : ('in-band' as const),
        comparisons: r.comparisons,
        meanDeviation: r.meanDeviation,
      }));
    });
    return { certifiers: this.certifiers(focusAreaId), calibration, uncertifiable: this.uncertifiable(areas) };
  }

  /**
   * The levels nobody active can certify today: no one marked for the area, no coach, no current
   * holder of the level or above and, where a manager's review counts without the coach flag, no
   * manager with people. A rep working toward such a level can never reach it until an admin marks someone.
   */
  uncertifiable(areaIds: string[]): UncertifiableLevel[] {
    const now = this.clock().toISOString();
    const coaches = this.sql("SELECT count(*) FROM reps WHERE archived_at IS NULL AND (coach = 1 OR access_role = 'coach')").pluck().get() as number;
    if (coaches > 0) return [];
    const managers = this.sql('SELECT count(*) FROM reps m WHERE m.archived_at IS NULL AND EXISTS (SELECT 1 FROM reps r WHERE r.manager_id = m.id AND r.archived_at IS NULL)').pluck().get() as number;
    const marked = this.sql('SELECT count(*) FROM certification_certifiers c JOIN reps r ON r.id = c.rep_id WHERE c.focus_area_id = ? AND r.archived_at IS NULL').pluck();
    const topHeld = this.sql(
      `SELECT max(g.level_index) FROM certification_grants g JOIN reps r ON r.id = g.rep_id
       WHERE g.focus_area_id = @area AND r.archived_at IS NULL AND g.granted_at <= @now AND (g.expires_at IS NULL OR g.expires_at > @now)`,
    ).pluck();
    const out: UncertifiableLevel[] = [];
    for (const areaId of areaIds) {
      const program = this.program(areaId);
      if ((marked.get(areaId) as number) > 0) continue;
      if (program.managerReviews === 'always' && managers > 0) continue;
      const held = (topHeld.get({ area: areaId, now }) as number | null) ?? -1;
      program.levels.forEach((level, levelIndex) => {
        if (levelIndex > held) out.push({ focusAreaId: areaId, focusAreaName: program.focusAreaName, levelIndex, levelName: level.name });
      });
    }
    return out;
  }

  certifiers(focusAreaId?: string) {
    const rows = this.sql(
      `SELECT c.focus_area_id, c.marked_at, r.id, r.name, r.email FROM certification_certifiers c JOIN reps r ON r.id = c.rep_id
       WHERE (@focus IS NULL OR c.focus_area_id = @focus) ORDER BY c.focus_area_id, r.name`,
    ).all({ focus: focusAreaId ?? null }) as { focus_area_id: string; marked_at: string; id: string; name: string; email: string }[];
    return rows.map((r) => ({ rep: { id: r.id, name: r.name, email: r.email }, focusAreaId: r.focus_area_id, markedAt: r.marked_at }));
  }

  markCertifier(input: { repId: string; focusAreaId: string; certifier: boolean }, markedBy: string | null) {
    this.program(input.focusAreaId);
    if (!this.sql('SELECT 1 FROM reps WHERE id = ?').get(input.repId)) {
      throw new AppError(ErrorCode.notFound, `No rep with id ${input.repId}.`, [{ path: 'repId', message: 'Unknown rep' }]);
    }
    if (input.certifier) {
      this.sql('INSERT OR IGNORE INTO certification_certifiers (rep_id, focus_area_id, marked_by, marked_at) VALUES (?, ?, ?, ?)').run(
        input.repId,
        input.focusAreaId,
        markedBy,
        this.clock().toISOString(),
      );
    } else {
      this.sql('DELETE FROM certification_certifiers WHERE rep_id = ? AND focus_area_id = ?').run(input.repId, input.focusAreaId);
    }
    this.events.emit('certifications:changed', { repIds: [input.repId] });
    return this.certifiers(input.focusAreaId);
  }

  /** Where each (active) rep stands on each focus area, after making the grants that are due. */
  /** `held`: only reps who were granted a level of the area at some time (the only ones with anything to renew). */
  /** `repIds`: only these reps (a manager's tree), read without the rest of the roster. */
  list(filter: { repId?: string; repIds?: ReadonlySet<string>; focusAreaId?: string; renewals?: boolean; held?: boolean } = {}): CertificationStatus[] {
    const now = this.clock().toISOString();
    const areas = (
      this.sql('SELECT id, name FROM focus_areas WHERE archived_at IS NULL ORDER BY position, name').all() as { id: string; name: string }[]
    ).filter((a) => filter.focusAreaId === undefined || a.id === filter.focusAreaId);
    const people = new Directory(this.sql);
    const wanted = (p: Person) => !p.archived && (filter.repId === undefined || p.id === filter.repId) && (filter.repIds === undefined || filter.repIds.has(p.id));
    if (filter.repId !== undefined) {
      const rep = people.get(filter.repId);
      if (!rep || rep.archived) throw new AppError(ErrorCode.notFound, `No active rep with id ${filter.repId}.`, [{ path: 'repId', message: 'Unknown rep' }]);
    }
    // Renewals and held levels concern only those once granted a level: a roster of 20,000 is read only when everyone's path is asked.
    const onlyHolders = filter.renewals === true || filter.held === true;
    const everyone = onlyHolders ? null : people.ordered(filter.repId !== undefined ? [filter.repId] : filter.repIds ? [...filter.repIds] : null).filter(wanted);
    const out: CertificationStatus[] = [];
    const names = this.criterionNames();
    for (const area of areas) {
      const program = this.program(area.id);
      const { grants, result, cards } = this.refresh(area.id, program, people, now);
      const byRep = new Map<string, StoredGrant[]>();
      for (const g of grants) byRep.set(g.repId, [...(byRep.get(g.repId) ?? []), g]);
      const reps = everyone ?? people.ordered([...byRep.keys()]).filter(wanted);
      for (const rep of reps) {
        const held = byRep.get(rep.id) ?? [];
        // Only a level once granted can be due or expired: the others need no path worked out.
        if (onlyHolders && held.length === 0) continue;
        const status = this.status(rep, area, program, held, result, cards, people, now, names);
        if (!filter.renewals || status.state === 'due' || status.state === 'expired') out.push(status);
      }
    }
    return out;
  }

  /**
   * A page of the matrix (rows are people, `visible` of them, everyone with null), searched,
   * narrowed and ordered in SQL. Only the grants are read for the cells: the level held, its state
   * and expiry need no path worked out, so a roster of 20,000 costs a page of rows, not 60,000 paths.
   */
  matrix(input: MatrixPageInput, visible: ReadonlySet<string> | null): MatrixPage {
    const { query, team, onlyDue, sortArea, after, limit } = matrixPageInput.parse(input);
    const now = this.clock().toISOString();
    const areas = this.sql('SELECT id, name FROM focus_areas WHERE archived_at IS NULL ORDER BY position, name').all() as { id: string; name: string }[];
    const people = new Directory(this.sql);
    const cells = new Map<string, MatrixCell[]>();
    for (const area of areas) {
      const program = this.program(area.id);
      const top = new Map<string, StoredGrant>();
      for (const g of this.refresh(area.id, program, people, now).grants) {
        const held = top.get(g.repId);
        // The newest grant made up to now; of two at the same time, the later stored (as the path orders them).
        if (g.grantedAt <= now && (!held || held.grantedAt <= g.grantedAt)) top.set(g.repId, g);
      }
      for (const [repId, g] of top) {
        const cell = { focusAreaId: area.id, level: g.levelName, levelIndex: g.levelIndex, state: stateOf(g, program, now), expiresAt: g.expiresAt };
        cells.set(repId, [...(cells.get(repId) ?? []), cell]);
      }
    }
    const where = ['r.archived_at IS NULL'];
    const params: Record<string, unknown> = {};
    if (visible) {
      where.push('r.id IN (SELECT value FROM json_each(@visible))');
      params.visible = JSON.stringify([...visible]);
    }
    const teams = this.sql(`SELECT DISTINCT r.team FROM reps r WHERE ${where.join(' AND ')} AND trim(r.team) <> '' ORDER BY r.team COLLATE NOCASE`).pluck().all(params) as string[];
    if (query) {
      where.push("(r.name LIKE @q ESCAPE '\\' OR r.email LIKE @q ESCAPE '\\' OR r.team LIKE @q ESCAPE '\\')");
      params.q = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (team !== undefined) {
      where.push('r.team = @team');
      params.team = team;
    }
    if (onlyDue) {
      const due = [...cells].filter(([, list]) => list.some((c) => c.state === 'due' || c.state === 'expired')).map(([repId]) => repId);
      where.push('r.id IN (SELECT value FROM json_each(@due))');
      params.due = JSON.stringify(due);
    }
    // The rank of each rep on the sorting area: only those holding a level of it have one above -1.
    let rank = '0';
    let ranked = '';
    if (sortArea !== undefined) {
      const ranks = [...cells].flatMap(([repId, list]) => {
        const cell = list.find((c) => c.focusAreaId === sortArea);
        return cell ? [[repId, rankOf(cell)]] : [];
      });
      ranked = 'WITH ranks(id, rank) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(@ranks)) ';
      rank = 'coalesce(k.rank, -1)';
      params.ranks = JSON.stringify(ranks);
    }
    const join = sortArea !== undefined ? ' LEFT JOIN ranks k ON k.id = r.id' : '';
    const from = `SELECT r.id, r.name, r.email, r.team, ${rank} AS rank FROM reps r${join} WHERE ${where.join(' AND ')}`;
    const matching = this.sql(`${ranked}SELECT count(*) FROM (${from})`).pluck().get(params) as number;
    const page = after
      ? ' WHERE rank < @afterRank OR (rank = @afterRank AND (name COLLATE NOCASE > @afterName OR (name COLLATE NOCASE = @afterName AND email > @afterEmail)))'
      : '';
    const rows = this.sql(`${ranked}SELECT * FROM (${from})${page} ORDER BY rank DESC, name COLLATE NOCASE, email LIMIT @limit`).all({
      ...params,
      ...(after ? { afterRank: after.rank, afterName: after.name, afterEmail: after.email } : {}),
      limit: limit + 1,
    }) as { id: string; name: string; email: string; team: string; rank: number }[];
    const shown = rows.slice(0, limit);
    const last = shown.at(-1);
    return {
      areas,
      rows: shown.map((r) => ({ rep: { id: r.id, name: r.name, email: r.email, team: r.team }, cells: cells.get(r.id) ?? [] })),
      next: rows.length > limit && last ? { rank: last.rank, name: last.name, email: last.email } : null,
      matching,
      teams,
    };
  }

  verify(text: string): Omit<Verification, 'mayOpen'> {
    const code = normalizeCode(text);
    const row = this.sql(
      `SELECT g.*, r.name AS rep_name, f.name AS focus_name, c.name AS certifier_name
       FROM certification_grants g JOIN reps r ON r.id = g.rep_id JOIN focus_areas f ON f.id = g.focus_area_id
       LEFT JOIN reps c ON c.id = g.certifier_id WHERE g.code = ?`,
    ).get(code) as (GrantRow & { rep_name: string; focus_name: string; certifier_name: string | null }) | undefined;
    if (!row) return { code, genuine: false, current: false, rep: null, focusArea: null, level: null, grantedAt: null, expiresAt: null, certifier: null };
    const now = this.clock().toISOString();
    return {
      code,
      genuine: true,
      current: row.granted_at <= now && (row.expires_at === null || now < row.expires_at),
      rep: row.rep_name,
      focusArea: row.focus_name,
      level: row.level_name,
      grantedAt: row.granted_at,
      expiresAt: row.expires_at,
      certifier: row.certifier_name,
    };
  }

  /** Replays one focus area and stores the grants it earns; returns every grant of the area and the replay. */
  private refresh(focusAreaId: string, program: CertificationProgramFields, people: Directory, now: string): Refreshed {
    const version = dataVersion(this.db);
    const kept = this.replays.get(focusAreaId);
    if (version !== null && kept?.version === version && kept.from <= now && (kept.until === null || now < kept.until)) return kept.value;
    const stored = (this.sql('SELECT * FROM certification_grants WHERE focus_area_id = ? ORDER BY granted_at').all(focusAreaId) as GrantRow[]).map(toGrant);
    // Role-plays after now are read too (the replay stops at now): the first of them says how long this replay holds.
    const rows = this.sql(
      `WITH last AS (SELECT rep_id, max(granted_at) AS at FROM certification_grants WHERE focus_area_id = @focus GROUP BY rep_id)
       SELECT sc.id, r.revision, sc.session_id, sc.version_id, sc.reviewee_id, sc.reviewer_id, sc.role,
              coalesce(s.starts_at, r.submitted_at) AS at, r.overall
         FROM sessions s
         JOIN counted_scorecards sc ON sc.session_id = s.id
         JOIN scorecard_revisions r ON r.scorecard_id = sc.id AND r.revision = sc.revision
         LEFT JOIN last ON last.rep_id = sc.reviewee_id
        WHERE s.focus_area_id = @focus AND sc.revision > 0 AND s.status <> 'cancelled'
          AND coalesce(s.starts_at, r.submitted_at) > coalesce(last.at, '')`,
    ).all({ focus: focusAreaId }) as CardRow[];
    const keyOf = this.criterionKeys();
    const content = this.sql('SELECT content FROM scorecard_revisions WHERE scorecard_id = ? AND revision = ?').pluck();
    const loadMetrics = recordingMetricsLoader(this.sql);
    let until: string | null = null;
    const cards: RoleplayScore[] = [];
    for (const row of rows) {
      if (row.at > now) {
        if (until === null || row.at < until) until = row.at;
        continue;
      }
      let scores: Map<string, number | null> | null = null;
      cards.push({
        scorecardId: row.id,
        revision: row.revision,
        sessionId: row.session_id,
        templateVersionId: row.version_id,
        revieweeId: row.reviewee_id,
        reviewerId: row.reviewer_id,
        role: row.role,
        at: row.at,
        overall: row.overall,
        scores: () => {
          if (scores) return scores;
          const parsed = JSON.parse(content.get(row.id, row.revision) as string) as { scores: { criterionId: string; score: number | null }[] };
          scores = new Map(parsed.scores.map((s) => [keyOf.get(s.criterionId) ?? s.criterionId, s.score]));
          return scores;
        },
        metrics: () => loadMetrics(row.id),
      });
    }
    const marked = new Set(this.sql('SELECT rep_id FROM certification_certifiers WHERE focus_area_id = ?').pluck().all(focusAreaId) as string[]);
    let flagged: Set<string> | null = null;
    const manages = this.managerTree();
    const result = replay({
      program,
      stored,
      cards,
      now,
      reviewers: (id) => {
        const p = people.get(id);
        return { coach: p !== undefined && (p.coach === 1 || p.access_role === 'coach'), marked: marked.has(id), manages: (repId) => manages(id, repId) };
      },
      outOfBand: (id) => {
        flagged ??= this.outOfBand(program.calibrationBand, program.calibrationMinComparisons);
        return flagged.has(id);
      },
    });
    const made = this.store(focusAreaId, result.granted);
    const value = { grants: [...stored, ...made], result, cards: new Map(cards.map((c) => [c.scorecardId, c])) };
    // A replay that made grants is not kept: the next one starts from them and tells less.
    if (version !== null && made.length === 0) {
      for (const p of result.progress.values()) if (p.pending && (until === null || p.pending.grantedAt < until)) until = p.pending.grantedAt;
      this.replays.set(focusAreaId, { version, from: now, until, value });
    }
    return value;
  }

  /** Whether one person is above another in the manager tree, with the roster read once. */
  private managerTree(): (managerId: string, repId: string) => boolean {
    let managerOf: Map<string, string | null> | null = null;
    return (managerId, repId) => {
      managerOf ??= new Map((this.sql('SELECT id, manager_id FROM reps').all() as { id: string; manager_id: string | null }[]).map((r) => [r.id, r.manager_id]));
      const seen = new Set<string>();
      for (let at = managerOf.get(repId) ?? null; at !== null && !seen.has(at); at = managerOf.get(at) ?? null) {
        if (at === managerId) return true;
        seen.add(at);
      }
      return false;
    };
  }

  /**
   * Reviewers whose calibration is outside the band. Calibrating reads every submitted scorecard,
   * so the answer is kept until a scorecard revision is added or removed (by any process).
   */
  private outOfBand(band: number, minComparisons: number): Set<string> {
    this.calibrationReport(band, minComparisons);
    return this.calibration!.flagged;
  }

  private calibrationReport(band: number, minComparisons: number): CalibrationReport {
    const version = this.sql('SELECT count(*) || \':\' || coalesce(max(rowid), 0) FROM scorecard_revisions').pluck().get() as string;
    const key = `${version}:${band}:${minComparisons}`;
    if (this.calibration?.key !== key) {
      const report = calibrate(this.cards.submittedBySession({}), band, minComparisons);
      this.calibration = { key, report, flagged: new Set(report.reviewers.filter((r) => r.flag !== null).map((r) => r.reviewer.id)) };
    }
    return this.calibration.report;
  }

  private store(focusAreaId: string, grants: Grant[]): StoredGrant[] {
    if (grants.length === 0) return [];
    const made: StoredGrant[] = [];
    writeTransaction(this.db, () => {
      const insert = this.sql(
        `INSERT OR IGNORE INTO certification_grants
           (id, rep_id, focus_area_id, level_index, level_name, kind, granted_at, expires_at, certifier_id, code, requirement, evidence, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const now = this.clock();
      for (const g of grants) {
        const id = uuidv7(now.getTime());
        const code = newCode();
        const info = insert.run(
          id,
          g.repId,
          focusAreaId,
          g.levelIndex,
          g.levelName,
          g.kind,
          g.grantedAt,
          g.expiresAt,
          g.certifierId,
          code,
          JSON.stringify(g.requirement),
          JSON.stringify(g.evidence),
          now.toISOString(),
        );
        if (info.changes === 1) made.push({ ...g, id, code });
        else {
          // Another window made the same grant a moment ago: take the stored one (and its code).
          const row = this.sql('SELECT * FROM certification_grants WHERE rep_id = ? AND focus_area_id = ? AND level_index = ? AND granted_at = ?').get(
            g.repId,
            focusAreaId,
            g.levelIndex,
            g.grantedAt,
          ) as GrantRow;
          made.push(toGrant(row));
        }
      }
    });
    this.events.emit('certifications:changed', { repIds: [...new Set(grants.map((g) => g.repId))] });
    return made;
  }

  private criterionKeys(): Map<string, string> {
    const rows = this.sql('SELECT id, key FROM rubric_criteria').all() as { id: string; key: string }[];
    return new Map(rows.map((r) => [r.id, r.key]));
  }

  /** Each criterion key's newest wording (as reinforcement names its cards). */
  private criterionNames(): Map<string, string> {
    const rows = this.sql(
      'SELECT c.key, c.name FROM rubric_criteria c JOIN rubric_template_versions v ON v.id = c.version_id ORDER BY v.created_at, v.version',
    ).all() as { key: string; name: string }[];
    return new Map(rows.map((r) => [r.key, r.name]));
  }

  private status(
    rep: Person,
    area: { id: string; name: string },
    program: CertificationProgramFields,
    grants: StoredGrant[],
    result: Replay,
    cards: Map<string, RoleplayScore>,
    people: Directory,
    now: string,
    names: Map<string, string>,
  ): CertificationStatus {
    const named = (blockers: CertificationProgramFields['levels'][number]['blockers']) =>
      blockers.map((b) => ({ ...b, criterionName: names.get(b.criterionKey) ?? b.criterionKey }));
    const visible = grants.filter((g) => g.grantedAt <= now).sort((a, b) => a.grantedAt.localeCompare(b.grantedAt));
    const top = visible[visible.length - 1] ?? null;
    const levels = program.levels;
    const state = stateOf(top, program, now);
    const progress = result.progress.get(rep.id);
    const missing: MissingItem[] = [];
    let nextOpensAt: string | null = null;
    if (progress?.pending) {
      missing.push({ kind: 'wait', level: progress.pending.levelName, until: progress.pending.grantedAt });
      nextOpensAt = progress.pending.grantedAt;
    } else if ((state === 'due' || state === 'expired') && top && levels[top.levelIndex]) {
      const level = levels[top.levelIndex]!;
      missing.push({ kind: 'renewal', level: level.name, minScore: level.minScore, blockers: named(level.blockers), ...metricsOf(level) });
    } else {
      const nextIndex = top ? top.levelIndex + 1 : 0;
      const next = levels[nextIndex];
      if (next) {
        const have = progress && progress.levelIndex === nextIndex ? progress.evidence.length : 0;
        missing.push({
          kind: 'roleplays',
          level: next.name,
          required: next.roleplays,
          remaining: Math.max(0, next.roleplays - have),
          minScore: next.minScore,
          blockers: named(next.blockers),
          ...metricsOf(next),
        });
        const opens = top ? addDays(top.grantedAt, next.minDaysSincePrevious) : null;
        if (opens && opens > now) {
          missing.push({ kind: 'wait', level: next.name, until: opens });
          nextOpensAt = opens;
        }
      } else if (top?.expiresAt) {
        nextOpensAt = addDays(top.expiresAt, -program.renewalWindowDays);
      }
    }
    const history = visible.map((g, i) => {
      const renewedInTime = visible.slice(i + 1).some((n) => n.levelIndex >= g.levelIndex && g.expiresAt !== null && n.grantedAt < g.expiresAt);
      return {
        level: g.levelName,
        kind: g.kind,
        grantedAt: g.grantedAt,
        expiresAt: g.expiresAt,
        expiredAt: g.expiresAt !== null && g.expiresAt <= now && !renewedInTime ? g.expiresAt : null,
        code: g.code,
        evidence: g.evidence.map((e) => ({
          scorecardId: e.scorecardId,
          at: e.at,
          reviewer: { id: e.reviewerId, name: people.get(e.reviewerId)?.name ?? '' },
          overall: e.overall,
        })),
      };
    });
    const verdicts = (result.verdicts.get(rep.id) ?? []).map((v) => {
      const card = cards.get(v.scorecardId)!;
      const reviewer = people.get(card.reviewerId);
      return {
        scorecardId: v.scorecardId,
        sessionId: card.sessionId,
        at: card.at,
        reviewer: { id: card.reviewerId, name: reviewer?.name ?? '' },
        overall: card.overall,
        level: levels[v.levelIndex]?.name ?? '',
        counted: v.counted,
        reason: v.reason,
        criterionKey: v.criterionKey,
        criterionName: v.criterionKey === null ? null : (names.get(v.criterionKey) ?? v.criterionKey),
        metricKey: v.metricKey ?? null,
      };
    });
    const certifier = top?.certifierId ? people.get(top.certifierId) : undefined;
    return {
      rep: { id: rep.id, name: rep.name, email: rep.email, team: rep.team },
      focusArea: area,
      level: top?.levelName ?? null,
      levelIndex: top?.levelIndex ?? null,
      state,
      grantedAt: top?.grantedAt ?? null,
      expiresAt: top?.expiresAt ?? null,
      certifier: certifier ? { id: certifier.id, name: certifier.name } : null,
      code: top?.code ?? null,
      missing,
      nextOpensAt,
      history,
      verdicts,
    };
  }
}

/** Where a rep stands on an area from the newest grant made up to now (null: none yet). */
function stateOf(top: Grant | null, program: CertificationProgramFields, now: string): CertificationState {
  if (!top) return 'in-progress';
  if (top.expiresAt === null) return 'certified';
  if (now >= top.expiresAt) return 'expired';
  if (now >= addDays(top.expiresAt, -program.renewalWindowDays)) return 'due';
  return 'certified';
}

/** Sorted by a focus area, those needing action first (expired, then due), then the highest level; -1 without one. */
function rankOf(cell: MatrixCell | undefined): number {
  if (!cell) return -1;
  if (cell.state === 'expired') return 1000;
  if (cell.state === 'due') return 900;
  return cell.levelIndex;
}

/** A level's metric ranges for what is missing, only when it has some (most levels do not). */
function metricsOf(level: CertificationProgramFields['levels'][number]) {
  return level.metrics.length ? { metrics: level.metrics } : {};
}

function toGrant(row: GrantRow): StoredGrant {
  return {
    id: row.id,
    code: row.code,
    repId: row.rep_id,
    levelIndex: row.level_index,
    levelName: row.level_name,
    kind: row.kind,
    grantedAt: row.granted_at,
    expiresAt: row.expires_at,
    certifierId: row.certifier_id,
    requirement: JSON.parse(row.requirement) as Grant['requirement'],
    evidence: JSON.parse(row.evidence) as Grant['evidence'],
  };
}
