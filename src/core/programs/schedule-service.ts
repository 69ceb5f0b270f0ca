import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import {
  type ScheduleSummary,
  weekdays,
  type PairingReason,
  type PlannedWeek,
  type Program,
  type ProgramFields,
  type ProgramSession,
  type SessionChange,
} from '../../shared/programs';
import type { ParticipantRole, SessionStatus } from '../../shared/sessions';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import type { SessionsService } from '../sessions/sessions-service';
import type { SettingsService } from '../settings-service';
import { eventText, type CalendarLanguage } from './calendar-text';
import { buildCalendar, type AllDayIcsEvent } from './ics';
import type { LibraryService } from './library-service';
import { PairingHistory } from './pairing';
import { planWeeks, planWeeksInTurn, ScenarioUse, weekExists, weekIndexAt, type PlanContext, type PlanProgram, type PlanWeek, type RetentionOracle } from './plan';
import { newPairingSeed, type ProgramsService } from './programs-service';
import { isoWeek, localDateTime, zonedToInstant } from './time-zones';
import { writeTransaction } from '../db/open-database';
import { ledBySql } from '../people/people-service';
import { inLibrarySearchBatch } from '../db/library-search-batch';
import { BulkInsert } from '../db/bulk-insert';
import { heldStatusSql } from '../sessions/held';

/** Whole-day entries for a rep's own calendar beside their sessions, in the calendar's language and the rep's time zone. */
export type RepCalendarDays = (repId: string, language: CalendarLanguage, timeZone: string) => AllDayIcsEvent[];

interface SessionRow {
  id: string;
  program_id: string;
  program_name: string;
  time_zone: string;
  program_week: number;
  local_date: string;
  starts_at: string;
  ends_at: string;
  focus_area_id: string;
  focus_area_name: string;
  status: SessionStatus;
  sequence: number;
  coach_rep_id: string | null;
  pairing_reason: string | null;
  scenario_id: string | null;
  scenario_title: string | null;
  notes: string;
  recording_id: string | null;
  reminder_minutes: number;
  created_at: string;
  updated_at: string;
}

interface ParticipantRow {
  session_id: string;
  rep_id: string;
  name: string;
  email: string;
  role: ParticipantRole;
}

/** A session's status is what happened: one with a take of a minute or more was held, whoever's desktop recorded it (see held.ts). */
const selectSessions = `
  SELECT s.id, s.program_id, p.name AS program_name, p.time_zone, s.program_week, s.local_date, s.starts_at, s.ends_at,
         s.focus_area_id, f.name AS focus_area_name, ${heldStatusSql('s')} AS status, s.sequence, s.coach_rep_id, s.pairing_reason,
         s.scenario_id, sc.title AS scenario_title, s.notes, p.reminder_minutes, s.created_at, s.updated_at,
         (SELECT r.id FROM recordings r WHERE r.session_id = s.id AND r.status IN ('finalizing', 'ready') ORDER BY r.started_at DESC LIMIT 1) AS recording_id
  FROM sessions s
  JOIN programs p ON p.id = s.program_id
  JOIN focus_areas f ON f.id = s.focus_area_id
  LEFT JOIN scenarios sc ON sc.id = s.scenario_id`;

const roleOrder: Record<ParticipantRole, number> = { seller: 0, buyer: 1, observer: 2 };

export interface ScheduleFilter {
  from?: string;
  to?: string;
  programId?: string;
  repId?: string;
  includeCancelled?: boolean;
  /** Sessions in which someone this person leads takes part. */
  ledBy?: string;
}

/**
 * The program's sessions: planned with the pairing engine, stored through the sessions tables the
 * rest of Reprise reads, changed one session at a time (each change bumps the session's calendar
 * SEQUENCE and is written to its history). Generating never touches a week that already has
 * sessions, so editing one week cannot change another.
 */
export class ScheduleService {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly programs: ProgramsService,
    private readonly sessions: SessionsService,
    private readonly library: LibraryService,
    private readonly settings: SettingsService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
    /** The sellers' predicted retention, for programs with the adaptive focus strategy. */
    private readonly retention?: () => RetentionOracle,
    /** Whole-day entries a rep's own calendar carries besides sessions (certification reminders). */
    private readonly repDays?: RepCalendarDays,
  ) {
    this.sql = statementCache(db);
  }

  // Planning

  /** What the program (saved or not) would schedule for the next `weeks` weeks; nothing is written. */
  preview(id: string | undefined, input: ProgramFields, weeks: number): { weeks: PlannedWeek[]; pairingSeed: string } {
    const fields = this.programs.validate(input, id ?? null);
    // A saved program pairs with its own seed; a new one with the seed it will be created with.
    const pairingSeed = id ? this.programs.pairingSeed(id) : (fields.pairingSeed ?? newPairingSeed());
    const plan = toPlan(fields, pairingSeed);
    const context = this.context(plan, fields.repIds, id ?? null);
    const from = this.firstWeek(plan);
    const stored = id ? this.storedWeeks(id) : new Set<number>();
    const range = Array.from({ length: weeks }, (_, k) => from + k).filter((k) => weekExists(plan, k));
    const planned = new Map(planWeeks(context, range.filter((k) => !stored.has(k))).map((w) => [w.weekIndex, w]));
    const names = this.repNames(fields.repIds);
    // The stored weeks are read in one go: reading the program's sessions once a week read a
    // 5,000-person program's 10,000 sessions four times over for a four-week preview.
    const storedSessions = new Map<number, ProgramSession[]>();
    if (id && range.some((k) => stored.has(k)))
      for (const session of this.list({ programId: id })) {
        if (!stored.has(session.weekIndex)) continue;
        const list = storedSessions.get(session.weekIndex) ?? [];
        list.push(session);
        storedSessions.set(session.weekIndex, list);
      }
    const out: PlannedWeek[] = [];
    for (const k of range) {
      const week = planned.get(k);
      if (week) out.push(this.toPlannedWeek(week, names, false));
      else if (id) {
        const kept = this.storedWeek(storedSessions.get(k) ?? [], k, names);
        if (kept) out.push(kept);
      }
    }
    return { weeks: out, pairingSeed };
  }

  /**
   * Stores sessions for the next `weeks` weeks, from the program's first week or the current week,
   * whichever is later; with `more`, from the week after the last one already planned. Weeks that
   * already have sessions are left as they are.
   */
  generate(programId: string, weeks: number, more = false): { created: number; sessions: ProgramSession[] } {
    const program = this.programs.get(programId);
    if (program.archived) throw new AppError(ErrorCode.conflict, `${program.name} is archived; it schedules nothing.`);
    const plan = toPlan(program, this.programs.pairingSeed(program.id));
    const last = more ? (this.sql('SELECT max(program_week) AS last FROM sessions WHERE program_id = ?').get(programId) as { last: number | null }).last : null;
    const from = Math.max(this.firstWeek(plan), last === null ? 0 : last + 1);
    const range = Array.from({ length: weeks }, (_, k) => from + k).filter((k) => weekExists(plan, k));
    const stored = this.storedWeeks(programId);
    const created = withBulkWrites(this.db, () => this.planAndStore(program, plan, range, undefined, true));
    this.sessions.notifyChanged(created.ids);
    // The answer is built from what was written; only the weeks that were already there are read.
    const kept = range.some((k) => stored.has(k)) ? this.inWeeks(programId, range.filter((k) => stored.has(k))) : [];
    const sessions = kept.length ? [...kept, ...created.sessions].sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) : created.sessions;
    return { created: created.ids.length, sessions };
  }

  /**
   * Plans the weeks from `from` on again with the program as it is now. A session that already
   * happened or has something attached (a recording, a scorecard, a note) is kept and the week is
   * planned around it; the other sessions are cancelled (they stay in history and calendars get a
   * cancellation). `dryRun` answers the same counts and changes nothing, so the person can confirm.
   */
  regenerate(programId: string, from: string, weeks: number, dryRun = false): { created: number; cancelled: number; kept: number; sessions: ProgramSession[] } {
    const program = this.programs.get(programId);
    const plan = toPlan(program, this.programs.pairingSeed(program.id));
    const first = Math.max(weekIndexAt(plan, from), this.firstWeek(plan));
    const range = Array.from({ length: weeks }, (_, k) => first + k).filter((k) => weekExists(plan, k));
    const now = this.clock().toISOString();
    const touched: string[] = [];
    const counts = { created: 0, cancelled: 0, kept: 0 };
    const weekSessions = this.sql(
      `SELECT s.id, s.status, (s.status IN ('done', 'missed') OR s.notes != ''
          OR EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id)
          OR EXISTS (SELECT 1 FROM scorecards c WHERE c.session_id = s.id)
          OR EXISTS (SELECT 1 FROM coaching_notes n WHERE n.session_id = s.id)) AS keep
       FROM sessions s WHERE s.program_id = ? AND s.program_week = ? AND s.status != 'cancelled'`,
    );
    const membersOf = this.sql('SELECT rep_id FROM session_participants WHERE session_id = ?');
    const run = () => {
      const placed = new Map<number, Set<string>>();
      for (const k of range) {
        const rows = weekSessions.all(programId, k) as { id: string; status: SessionStatus; keep: number }[];
        const kept = new Set<string>();
        for (const row of rows) {
          if (row.keep) {
            counts.kept++;
            for (const m of membersOf.all(row.id) as { rep_id: string }[]) kept.add(m.rep_id);
            continue;
          }
          this.sql(`UPDATE sessions SET status = 'cancelled', sequence = sequence + 1, updated_at = ? WHERE id = ?`).run(now, row.id);
          this.addHistory(row.id, 'replaced', { reason: 'The program was planned again from this week.' }, now);
          touched.push(row.id);
          counts.cancelled++;
        }
        placed.set(k, kept);
      }
      const { ids } = this.planAndStore(program, plan, range, placed);
      for (const id of ids) touched.push(id);
      counts.created = ids.length;
    };
    if (dryRun) {
      try {
        writeTransaction(this.db, () => {
          run();
          throw new DryRunDone();
        });
      } catch (error) {
        if (!(error instanceof DryRunDone)) throw error;
      }
      return { ...counts, sessions: [] };
    }
    withBulkWrites(this.db, () => writeTransaction(this.db, run));
    this.sessions.notifyChanged(touched);
    return { ...counts, sessions: this.inWeeks(programId, range) };
  }

  /**
   * Plans and stores `range`; without `placed`, only weeks that have no sessions yet. Returns the new
   * sessions' ids and, with `answer`, the sessions as `list` would read them back, built from what was written.
   */
  private planAndStore(
    program: Program,
    plan: PlanProgram,
    range: number[],
    placed?: ReadonlyMap<number, ReadonlySet<string>>,
    answer = false,
  ): { ids: string[]; sessions: ProgramSession[] } {
    const stored = placed ? new Set<number>() : this.storedWeeks(program.id);
    const todo = range.filter((k) => !stored.has(k));
    if (todo.length === 0) return { ids: [], sessions: [] };
    const context = { ...this.context(plan, program.reps.map((r) => r.repId), program.id), placed };
    // Planned a week at a time inside the transaction, each week written and let go before the
    // next is planned: a year of 2,000 reps is never held as one plan.
    const planned = planWeeksInTurn(context, todo);
    const now = this.clock().toISOString();
    const ids: string[] = [];
    const sessions: ProgramSession[] = [];
    const names = answer ? this.repNames(program.reps.map((r) => r.repId)) : null;
    const focusNames = answer ? this.focusAreaNames() : null;
    const scenarioTitles = answer ? new Map(this.library.listScenarios({ includeArchived: true }).map((s) => [s.id, s.title])) : null;
    const stamp = this.clock().getTime();
    // Each person in a role is the same answer in every session (over 100,000 seats for a year of
    // 2,000 reps): one object each. Names are put in order once, as `localeCompare` orders them.
    // Found by role, then person: a key made of both was a new string for each of the 100,000 seats.
    const seats: Record<ParticipantRole, Map<string, ProgramSession['participants'][number]>> = { seller: new Map(), buyer: new Map(), observer: new Map() };
    const participant = (repId: string, role: ParticipantRole) => {
      const byPerson = seats[role];
      let seat = byPerson.get(repId);
      if (!seat) byPerson.set(repId, (seat = { repId, name: names!.get(repId)!.name, email: names!.get(repId)!.email, role }));
      return seat;
    };
    const nameRank = new Map<string, number>();
    if (names) {
      const sorted = [...new Set([...names.values()].map((n) => n.name))].sort((a, b) => a.localeCompare(b));
      sorted.forEach((name, i) => nameRank.set(name, i > 0 && sorted[i - 1]!.localeCompare(name) === 0 ? nameRank.get(sorted[i - 1]!)! : i));
    }
    const byRoleAndName = (a: ProgramSession['participants'][number], b: ProgramSession['participants'][number]) =>
      roleOrder[a.role] - roleOrder[b.role] || nameRank.get(a.name)! - nameRank.get(b.name)!;
    // About as many people as the weeks will seat (the absent are few): decides whether indexes are made again once.
    const newParticipants = context.reps.filter((r) => !r.archived).length * todo.length;
    // Two or three people a session.
    const newSessions = Math.floor(newParticipants / 3);
    // Groups share their reason objects (see pairing.ts), so each is written out once.
    const reasonTexts = new Map<PairingReason, string>();
    const reasonJson = (reason: PairingReason): string => {
      let text = reasonTexts.get(reason);
      if (text === undefined) reasonTexts.set(reason, (text = JSON.stringify(reason)));
      return text;
    };
    writeTransaction(this.db, () =>
      withDeferredParticipantTriggers(this.db, newParticipants, newSessions, () => inLibrarySearchBatch(this.db, () => {
      assertParentsExist(this.db, context.reps.map((r) => r.id), program.focusAreaIds);
      // Many rows per statement. Participants and history refer to their session, so they go in
      // once the sessions they belong to are written.
      const insertSession = new BulkInsert(
        this.db,
        'sessions',
        `id, program_id, focus_area_id, title, starts_at, ends_at, status, scenario_id, notes, sequence, created_at, updated_at,
         program_week, local_date, coach_rep_id, pairing_reason`,
        `(?, ?, ?, ?, ?, ?, 'scheduled', ?, '', 0, ?, ?, ?, ?, ?, ?)`,
      );
      const insertParticipant = new BulkInsert(this.db, 'session_participants', 'session_id, rep_id, role', '(?, ?, ?)', 1024);
      const insertHistory = new BulkInsert(this.db, 'session_history', 'id, session_id, at, kind, detail', `(?, ?, ?, 'created', ?)`);
      const after: unknown[] = [];
      const afterHistory: unknown[] = [];
      const followSessions = () => {
        for (let k = 0; k < after.length; k += 3) insertParticipant.add(after[k], after[k + 1], after[k + 2]);
        for (let k = 0; k < afterHistory.length; k += 4) insertHistory.add(afterHistory[k], afterHistory[k + 1], afterHistory[k + 2], afterHistory[k + 3]);
        after.length = 0;
        afterHistory.length = 0;
      };
      for (const week of planned) {
        for (const group of week.groups) {
          const id = uuidv7(stamp);
          ids.push(id);
          for (const m of group.members) after.push(id, m.repId, m.role);
          afterHistory.push(uuidv7(stamp), id, now, week.shiftedFor ? JSON.stringify({ shiftedFor: week.shiftedFor }) : '{}');
          const written = insertSession.add(
            id, program.id, group.focusAreaId, program.name, week.startsAt, week.endsAt, group.scenarioId, now, now,
            week.weekIndex, week.localDate, group.coachRepId, reasonJson(group.reason),
          );
          if (written) followSessions();
          if (names && focusNames && scenarioTitles) {
            sessions.push({
              id,
              programId: program.id,
              programName: program.name,
              weekIndex: week.weekIndex,
              week: week.week,
              localDate: week.localDate,
              timeZone: program.timeZone,
              startsAt: week.startsAt,
              endsAt: week.endsAt,
              focusAreaId: group.focusAreaId,
              focusAreaName: focusNames.get(group.focusAreaId) ?? '',
              status: 'scheduled',
              sequence: 0,
              participants: group.members.map((m) => participant(m.repId, m.role)).sort(byRoleAndName),
              coachRepId: group.coachRepId,
              reason: group.reason,
              scenarioId: group.scenarioId,
              scenarioTitle: group.scenarioId ? (scenarioTitles.get(group.scenarioId) ?? null) : null,
              notes: '',
              recordingId: null,
              createdAt: now,
              updatedAt: now,
            });
          }
        }
      }
      insertSession.flush();
      followSessions();
      insertParticipant.flush();
      insertHistory.flush();
      })),
    );
    return { ids, sessions };
  }

  private focusAreaNames(): Map<string, string> {
    const rows = this.sql('SELECT id, name FROM focus_areas').all() as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  private firstWeek(plan: PlanProgram): number {
    const today = localDateTime(plan.timeZone, this.clock().getTime()).date;
    return Math.max(0, weekIndexAt(plan, today));
  }

  private storedWeeks(programId: string): Set<number> {
    const rows = this.sql('SELECT DISTINCT program_week FROM sessions WHERE program_id = ? AND program_week IS NOT NULL').all(programId) as { program_week: number }[];
    return new Set(rows.map((r) => r.program_week));
  }

  private context(plan: PlanProgram, repIds: readonly string[], programId: string | null): PlanContext {
    const rep = this.sql('SELECT id, hire_date, archived_at, team FROM reps WHERE id = ?');
    const reps = repIds.map((id) => {
      const row = rep.get(id) as { id: string; hire_date: string | null; archived_at: string | null; team: string };
      return { id: row.id, hireDate: row.hire_date, archived: row.archived_at !== null, team: row.team };
    });
    const absences = new Map<string, { from: string; to: string }[]>();
    for (const a of this.programs.listAbsences()) {
      const list = absences.get(a.repId) ?? [];
      list.push({ from: a.from, to: a.to });
      absences.set(a.repId, list);
    }
    const history = new PairingHistory();
    const scenarioUse = new ScenarioUse();
    if (programId) {
      // What happened or is planned counts; a cancelled session never took place.
      const rows = this.sql(
        `SELECT s.id, s.program_week, s.coach_rep_id, s.scenario_id, sp.rep_id, sp.role FROM sessions s
         JOIN session_participants sp ON sp.session_id = s.id
         WHERE s.program_id = ? AND s.status != 'cancelled' AND s.program_week IS NOT NULL
         ORDER BY s.program_week, s.id`,
      ).all(programId) as { id: string; program_week: number; coach_rep_id: string | null; scenario_id: string | null; rep_id: string; role: ParticipantRole }[];
      const groups = new Map<string, { week: number; coach: string | null; scenario: string | null; members: { repId: string; role: ParticipantRole }[] }>();
      for (const row of rows) {
        const group = groups.get(row.id) ?? { week: row.program_week, coach: row.coach_rep_id, scenario: row.scenario_id, members: [] };
        group.members.push({ repId: row.rep_id, role: row.role });
        groups.set(row.id, group);
      }
      for (const group of groups.values()) {
        history.addGroup(group.week, group.members, group.coach);
        if (group.scenario) scenarioUse.add(group.scenario, group.members.map((m) => m.repId));
      }
    }
    return {
      program: plan,
      reps,
      absences,
      newHireDays: this.settings.get().newHireDays,
      history,
      scenarios: this.library.listScenarios().map((s) => ({ id: s.id, focusAreaId: s.focusAreaId })),
      scenarioUse,
      retention: plan.focusStrategy === 'adaptive' ? this.retention?.() : undefined,
    };
  }

  private repNames(repIds: readonly string[]): Map<string, { name: string; email: string }> {
    const rep = this.sql('SELECT name, email FROM reps WHERE id = ?');
    return new Map(repIds.map((id) => [id, rep.get(id) as { name: string; email: string }]));
  }

  private toPlannedWeek(week: PlanWeek, names: Map<string, { name: string; email: string }>, stored: boolean): PlannedWeek {
    const scenarioTitles = new Map(this.library.listScenarios({ includeArchived: true }).map((s) => [s.id, s.title]));
    const person = (repId: string) => names.get(repId) ?? { name: repId, email: '' };
    return {
      ...week,
      groups: week.groups.map((g) => ({
        members: g.members.map((m) => ({ ...m, ...person(m.repId) })),
        focusAreaId: g.focusAreaId,
        coachRepId: g.coachRepId,
        reason: g.reason,
        scenarioId: g.scenarioId,
        scenarioTitle: g.scenarioId ? (scenarioTitles.get(g.scenarioId) ?? null) : null,
      })),
      leftOut: week.leftOut.map((l) => ({ ...l, name: person(l.repId).name })),
      stored,
    };
  }

  private storedWeek(sessions: ProgramSession[], weekIndex: number, names: Map<string, { name: string; email: string }>): PlannedWeek | null {
    const first = sessions[0];
    if (!first) return null;
    return {
      weekIndex,
      week: first.week,
      localDate: first.localDate,
      startsAt: first.startsAt,
      endsAt: first.endsAt,
      focusAreaId: first.focusAreaId,
      skipped: false,
      shiftedFor: null,
      groups: sessions.map((s) => ({
        focusAreaId: s.focusAreaId,
        members: s.participants.map((p) => ({ repId: p.repId, name: names.get(p.repId)?.name ?? p.name, email: p.email, role: p.role })),
        coachRepId: s.coachRepId ?? '',
        reason: s.reason ?? emptyReason(),
        scenarioId: s.scenarioId,
        scenarioTitle: s.scenarioTitle,
      })),
      leftOut: [],
      stored: true,
    };
  }

  // Reading

  list(filter: ScheduleFilter = {}): ProgramSession[] {
    return this.read(filter);
  }

  /** The sessions of a filter in time order; with `limit`, only the first ones (their participants too). */
  private read(filter: ScheduleFilter, limit?: number): ProgramSession[] {
    const { clause, params } = this.whereOf(filter);
    const first = limit === undefined ? '' : ' LIMIT @limit';
    if (limit !== undefined) params.limit = limit;
    const rows = this.sql(`${selectSessions}${clause} ORDER BY s.starts_at, s.id${first}`).all(params) as SessionRow[];
    const participants = this.sql(
      `SELECT sp.session_id, sp.rep_id, r.name, r.email, sp.role FROM session_participants sp JOIN reps r ON r.id = sp.rep_id
       WHERE sp.session_id IN (SELECT s.id FROM sessions s${clause} ORDER BY s.starts_at, s.id${first})`,
    ).all(params) as ParticipantRow[];
    return this.assemble(rows, participants);
  }

  private whereOf(filter: ScheduleFilter): { clause: string; params: Record<string, unknown> } {
    const where: string[] = ['s.program_week IS NOT NULL'];
    const params: Record<string, unknown> = {};
    if (filter.from) {
      where.push('s.ends_at > @from');
      params.from = new Date(filter.from).toISOString();
    }
    if (filter.to) {
      where.push('s.starts_at < @to');
      params.to = new Date(filter.to).toISOString();
    }
    if (filter.programId) {
      where.push('s.program_id = @programId');
      params.programId = filter.programId;
    }
    if (filter.repId) {
      // Driven from the person's own rows (a few a week), not by testing every session of the year.
      where.push('s.id IN (SELECT x.session_id FROM session_participants x WHERE x.rep_id = @repId)');
      params.repId = filter.repId;
    }
    if (filter.ledBy) {
      where.push(`s.id IN (SELECT x.session_id FROM session_participants x WHERE x.rep_id <> @ledBy AND x.rep_id IN (${ledBySql}))`);
      params.ledBy = filter.ledBy;
    }
    if (!filter.includeCancelled) where.push(`s.status != 'cancelled'`);
    return { clause: ` WHERE ${where.join(' AND ')}`, params };
  }

  /**
   * A week at a glance for someone who leads: how many sessions were held, planned and missed, and
   * the first few. A team's week is thousands of sessions, and the screen shows eight.
   */
  summary(input: { from: string; to: string; ledBy?: string; limit: number }): ScheduleSummary {
    const filter = { from: input.from, to: input.to, ...(input.ledBy ? { ledBy: input.ledBy } : {}) };
    const { clause, params } = this.whereOf(filter);
    // Counted where the rows are, by what happened: held once a take of a minute is there (held.ts), as each session shows.
    const counts = this.sql(
      `SELECT count(*) AS total,
              count(*) FILTER (WHERE (${heldStatusSql('s')}) = 'done') AS held,
              count(*) FILTER (WHERE (${heldStatusSql('s')}) = 'missed') AS missed
         FROM sessions s${clause}`,
    ).get(params) as { total: number; held: number; missed: number };
    return { ...counts, planned: counts.total - counts.held - counts.missed, sessions: this.read(filter, input.limit) };
  }

  get(id: string): ProgramSession & { history: SessionChange[] } {
    const row = this.sql(`${selectSessions} WHERE s.id = ?`).get(id) as SessionRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No scheduled session with id ${id}.`, [{ path: 'id', message: 'Unknown session' }]);
    const participants = this.sql(
      'SELECT sp.session_id, sp.rep_id, r.name, r.email, sp.role FROM session_participants sp JOIN reps r ON r.id = sp.rep_id WHERE sp.session_id = ?',
    ).all(id) as ParticipantRow[];
    const history = (this.sql('SELECT at, kind, detail FROM session_history WHERE session_id = ? ORDER BY at, rowid').all(id) as { at: string; kind: SessionChange['kind']; detail: string }[]).map(
      (h) => ({ at: h.at, kind: h.kind, detail: JSON.parse(h.detail) as Record<string, unknown> }),
    );
    return { ...this.assemble([row], participants)[0]!, history };
  }

  /** The rep's next session that has not ended yet. */
  next(repId: string): ProgramSession | null {
    const now = this.clock().toISOString();
    return this.list({ repId, from: now }).find((s) => s.status === 'scheduled') ?? null;
  }

  /** Sessions whose program's reminder lead time has come and that have neither started nor been recorded. */
  remindersDue(repId?: string): (ProgramSession & { remindAt: string })[] {
    const now = this.clock();
    const weekAhead = new Date(now.getTime() + 7 * 86_400_000 + 60_000).toISOString();
    // Only each program's lead time: a program's member list is thousands of people.
    const minutes = new Map(this.sql('SELECT id, reminder_minutes FROM programs').raw().all() as [string, number][]);
    return this.list({ repId, from: now.toISOString(), to: weekAhead })
      // A pair that already recorded (early) needs no reminder to record.
      .filter((s) => s.status === 'scheduled' && s.recordingId === null && Date.parse(s.startsAt) > now.getTime())
      .map((s) => ({ ...s, remindAt: new Date(Date.parse(s.startsAt) - (minutes.get(s.programId) ?? 0) * 60_000).toISOString() }))
      .filter((s) => (minutes.get(s.programId) ?? 0) > 0 && Date.parse(s.remindAt) <= now.getTime());
  }

  private assemble(rows: SessionRow[], participants: ParticipantRow[]): ProgramSession[] {
    const bySession = new Map<string, ParticipantRow[]>();
    for (const p of participants) {
      const list = bySession.get(p.session_id) ?? [];
      list.push(p);
      bySession.set(p.session_id, list);
    }
    return rows.map((row) => ({
      id: row.id,
      programId: row.program_id,
      programName: row.program_name,
      weekIndex: row.program_week,
      week: isoWeek(row.local_date),
      localDate: row.local_date,
      timeZone: row.time_zone,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      focusAreaId: row.focus_area_id,
      focusAreaName: row.focus_area_name,
      status: row.status,
      sequence: row.sequence,
      participants: (bySession.get(row.id) ?? [])
        .map((p) => ({ repId: p.rep_id, name: p.name, email: p.email, role: p.role }))
        .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name)),
      coachRepId: row.coach_rep_id,
      reason: row.pairing_reason ? (JSON.parse(row.pairing_reason) as PairingReason) : null,
      scenarioId: row.scenario_id,
      scenarioTitle: row.scenario_title,
      notes: row.notes,
      recordingId: row.recording_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  private inWeeks(programId: string, range: number[]): ProgramSession[] {
    const weeks = new Set(range);
    return this.list({ programId }).filter((s) => weeks.has(s.weekIndex));
  }

  // Changing one session

  reschedule(id: string, input: { date: string; time: string; durationMinutes?: number }): ProgramSession {
    const session = this.editable(id);
    const start = zonedToInstant(session.timeZone, input.date, input.time);
    if (start.shifted) {
      throw new AppError(ErrorCode.invalidInput, `${input.time} does not exist on ${input.date} in ${session.timeZone}: the clocks jump forward past it. Pick another time.`, [
        { path: 'time', message: 'Does not exist that day (daylight saving)' },
      ]);
    }
    const minutes = input.durationMinutes ?? Math.round((Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000);
    const startsAt = new Date(start.epochMs).toISOString();
    const endsAt = new Date(start.epochMs + minutes * 60_000).toISOString();
    writeTransaction(this.db, () => {
      this.sessions.update(id, { startsAt, endsAt }, { notify: false });
      this.sql('UPDATE sessions SET local_date = ? WHERE id = ?').run(input.date, id);
      this.addHistory(id, 'rescheduled', { from: session.startsAt, to: startsAt });
    });
    this.sessions.notifyChanged([id]);
    return this.get(id);
  }

  cancel(id: string, reason: string): ProgramSession {
    const session = this.get(id);
    if (session.status === 'cancelled') return session;
    if (session.status !== 'scheduled') throw new AppError(ErrorCode.conflict, `This session is already marked ${session.status}; it cannot be cancelled.`);
    writeTransaction(this.db, () => {
      this.sessions.update(id, { status: 'cancelled' }, { notify: false });
      this.addHistory(id, 'cancelled', reason ? { reason } : {});
    });
    this.sessions.notifyChanged([id]);
    return this.get(id);
  }

  setStatus(id: string, status: 'scheduled' | 'done' | 'missed'): ProgramSession {
    const session = this.get(id);
    // The mark itself, not what the take says happened: a take makes a session held, and the mark still follows.
    const marked = this.sql('SELECT status FROM sessions WHERE id = ?').pluck().get(id) as SessionStatus;
    if (marked === status) return session;
    if (marked === 'cancelled') throw new AppError(ErrorCode.conflict, 'This session was cancelled; schedule a new one instead.');
    if (status !== 'scheduled' && Date.parse(session.startsAt) > this.clock().getTime()) {
      throw new AppError(ErrorCode.conflict, `This session has not started yet (it starts ${session.startsAt}); it can be marked ${status} once it has.`);
    }
    writeTransaction(this.db, () => {
      this.sessions.update(id, { status }, { notify: false });
      this.addHistory(id, 'status', { from: marked, to: status });
    });
    this.sessions.notifyChanged([id]);
    return this.get(id);
  }

  /** Puts `inRepId` in `outRepId`'s place; when the newcomer is in another session that week, the two trade places. */
  swap(id: string, outRepId: string, inRepId: string): ProgramSession[] {
    const session = this.editable(id);
    const leaving = session.participants.find((p) => p.repId === outRepId);
    if (!leaving) throw new AppError(ErrorCode.invalidInput, 'That rep is not in this session.', [{ path: 'outRepId', message: 'Not in this session' }]);
    if (session.participants.some((p) => p.repId === inRepId)) {
      throw new AppError(ErrorCode.invalidInput, 'That rep is already in this session.', [{ path: 'inRepId', message: 'Already in this session' }]);
    }
    const other = this.list({ programId: session.programId, repId: inRepId }).find((s) => s.weekIndex === session.weekIndex && s.id !== id);
    if (other && other.status !== 'scheduled') {
      throw new AppError(ErrorCode.conflict, `That rep's session this week is already ${other.status}; pick someone else.`, [{ path: 'inRepId', message: `Session ${other.status}` }]);
    }
    const replace = (list: ProgramSession['participants'], from: string, to: string) => list.map((p) => ({ repId: p.repId === from ? to : p.repId, role: p.role }));
    writeTransaction(this.db, () => {
      this.sessions.update(id, { participants: replace(session.participants, outRepId, inRepId) }, { notify: false });
      if (session.coachRepId === outRepId) this.sql('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(inRepId, id);
      this.addHistory(id, 'swapped', { out: outRepId, in: inRepId, role: leaving.role, ...(other ? { tradedWith: other.id } : {}) });
      if (other) {
        const role = other.participants.find((p) => p.repId === inRepId)!.role;
        this.sessions.update(other.id, { participants: replace(other.participants, inRepId, outRepId) }, { notify: false });
        if (other.coachRepId === inRepId) this.sql('UPDATE sessions SET coach_rep_id = ? WHERE id = ?').run(outRepId, other.id);
        this.addHistory(other.id, 'swapped', { out: inRepId, in: outRepId, role, tradedWith: id });
      }
    });
    this.sessions.notifyChanged(other ? [id, other.id] : [id]);
    return other ? [this.get(id), this.get(other.id)] : [this.get(id)];
  }

  private editable(id: string): ProgramSession {
    const session = this.get(id);
    if (session.status !== 'scheduled') {
      throw new AppError(ErrorCode.conflict, `This session is ${session.status}; only a scheduled session can be changed.`);
    }
    return session;
  }

  private addHistory(sessionId: string, kind: SessionChange['kind'], detail: Record<string, unknown>, at = this.clock().toISOString()): void {
    this.sql('INSERT INTO session_history (id, session_id, at, kind, detail) VALUES (?, ?, ?, ?, ?)').run(
      uuidv7(this.clock().getTime()),
      sessionId,
      at,
      kind,
      JSON.stringify(detail),
    );
  }

  // Calendar

  exportCalendar(input: { repId?: string; programId?: string; language?: CalendarLanguage }): { filename: string; ics: string; events: number } {
    const language = input.language ?? 'en';
    let name: string;
    let sessions: ProgramSession[];
    let allDayEvents: AllDayIcsEvent[] = [];
    if (input.programId) {
      const program = this.programs.get(input.programId);
      name = `Reprise: ${program.name}`;
      sessions = this.list({ programId: program.id, includeCancelled: true });
    } else {
      const rep = this.sql('SELECT id, name, email FROM reps WHERE id = ?').get(input.repId) as { id: string; name: string; email: string } | undefined;
      if (!rep) throw new AppError(ErrorCode.notFound, `No rep with id ${input.repId}.`, [{ path: 'repId', message: 'Unknown rep' }]);
      name = `Reprise: ${rep.name}`;
      sessions = this.list({ repId: rep.id, includeCancelled: true });
      // Dates on the rep's own calendar: where their latest session is held, else UTC.
      allDayEvents = this.repDays?.(rep.id, language, sessions.at(-1)?.timeZone ?? 'UTC') ?? [];
    }
    const scenarios = new Map(this.library.listScenarios({ includeArchived: true }).map((s) => [s.id, s]));
    const personas = new Map(this.library.listPersonas({ includeArchived: true }).map((p) => [p.id, p]));
    const events = sessions.map((s) => {
      const scenario = s.scenarioId ? (scenarios.get(s.scenarioId) ?? null) : null;
      const persona = scenario ? (personas.get(scenario.personaId) ?? null) : null;
      const text = eventText(s, scenario, persona, input.repId ?? null, language);
      return {
        uid: `${s.id}@reprise.app`,
        sequence: s.sequence,
        // A missed session did not take place either; calendars show both as cancelled.
        status: s.status === 'cancelled' || s.status === 'missed' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        timeZone: s.timeZone,
        summary: text.summary,
        description: text.description,
        categories: [s.focusAreaName],
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
      };
    });
    const slug = name.replace(/^Reprise: /, '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'calendar';
    return { filename: `reprise-${slug}.ics`, ics: buildCalendar({ name, events, allDayEvents }, this.clock()), events: events.length + allDayEvents.length };
  }
}

/**
 * Runs a batch of many writes with SQLite's page cache raised from its 2 MB default to 4 MB, put
 * back afterwards (the cache is per connection). New rows go in at the end of most of their indexes
 * (ids in time order), so a bigger cache bought no time: 64 MB only cost 60 MB of memory. Temporary
 * b-trees stay where SQLite keeps them (files): in memory, the sort that makes the person-first
 * indexes again held them whole and was the run's peak (2,000 reps, 52 weeks: 6 to 8 MB more), for
 * no processor time saved.
 *
 * Foreign keys are not checked row by row during the batch (2,000 reps, 52 weeks: about 0.3 s of
 * processor for 200,000 rows). Every row the planner writes refers to the program's people and
 * focus areas, which Reprise never deletes and `planAndStore` finds once inside its transaction
 * (`assertParentsExist`), or to a session of the same batch written before it. The setting is the
 * connection's and cannot change inside a transaction; within one, the rows are checked as usual.
 */
function withBulkWrites<T>(db: Database, fn: () => T): T {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('cache_size = -4096');
  if (!db.inTransaction) db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    db.pragma(`cache_size = ${cache}`);
    if (!db.inTransaction) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
}

/**
 * The parents of a batch's rows, found once: what SQLite's foreign keys would find row by row, were
 * they on (see `withBulkWrites`). Fails as they would.
 */
function assertParentsExist(db: Database, repIds: readonly string[], focusAreaIds: readonly string[]): void {
  const missing = (table: 'reps' | 'focus_areas', ids: readonly string[]) =>
    db.prepare(`SELECT count(*) FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = j.value)`).pluck().get(JSON.stringify(ids)) as number;
  if (missing('reps', repIds) > 0 || missing('focus_areas', focusAreaIds) > 0) throw new Error('FOREIGN KEY constraint failed');
}

/**
 * Three triggers on new participants run a program per row (a year of 2,000 reps is over 100,000
 * rows). Two have nothing to do for a session the planner writes: the Library's list of
 * rep-created sessions (`created_by` set) and the Progress cards (a session with scorecards); it is
 * new, nobody created it by hand and it has no scorecard yet. The third makes the participation's
 * Progress row (migration 43); it is made here once for all the batch's new participants with the
 * trigger's own statement. Inside the write transaction the triggers are dropped while the
 * planner's rows go in and put back from their own stored text before it commits, so no other
 * connection ever sees them missing.
 */
const deferredParticipantTriggers = ['library_sessions_participant_insert', 'progress_cards_participant_insert', 'progress_participations_insert'];

/**
 * Indexes that lead with the person: new rows enter them all over the tree (a week's sessions hold
 * every rep), so once they outgrow the page cache nearly every row reads and writes pages that were
 * already pushed out, and the transaction spills to disk. Every other index of these tables leads
 * with something that grows with the schedule (a session id, a day) and takes new rows at its end.
 * When a batch is large beside the table (at least half as many new participants as there are
 * already), the indexes are dropped inside the transaction and made again from their stored text
 * after the rows are in: SQLite then sorts the rows once and writes each page once. At 2,000 reps and
 * 52 weeks this took the participants and their Progress rows from about 1.9 s of processor to 0.7 s,
 * the rebuild included. For a small batch beside a large table, making the index again would read
 * the whole table, so it is entered row by row as before.
 */
const personIndexes = ['session_participants_rep', 'progress_participations_rep', 'progress_participations_area'];

/**
 * The sessions' index that leads with a person, the coach: as with the participants' (above), a
 * week's sessions enter it all over the tree. Made again after a batch at least half as large as the
 * sessions already there (2,000 reps, 52 weeks: the sessions' inserts about 0.2 s of processor less,
 * its rebuild 0.05 s).
 */
const sessionPersonIndexes = ['sessions_coach'];

/** The participation rows of migration 43's trigger, for the participants past rowid `?`, in the order they were written. */
const newParticipations = `
  INSERT OR REPLACE INTO progress_participations (session_id, rep_id, role, status, program_id, focus_area_id, coach_id, date)
    SELECT sp.session_id, sp.rep_id, sp.role, ${heldStatusSql('s')}, s.program_id, s.focus_area_id, s.coach_rep_id,
           COALESCE(s.local_date, substr(s.starts_at, 1, 10))
    FROM session_participants sp JOIN sessions s ON s.id = sp.session_id
    WHERE sp.rowid > ? ORDER BY sp.rowid`;

/**
 * Migration 47's count of writes to `progress_participations`, bumped by a trigger once per row.
 * A row trigger on the table also makes SQLite copy the whole SELECT of an `INSERT ... SELECT`
 * into a temporary table before the first row goes in (the trigger could change what the SELECT
 * reads): for the batch's 104,000 Progress rows (2,000 reps, 52 weeks) that copy was the run's
 * peak, 10 to 15 MB above the rest. So it is dropped with the others while the batch's rows go in
 * and the count is raised once by as many rows as were inserted, the value the trigger would have
 * left.
 */
const participationsVersionTrigger = 'progress_versions_progress_participations_insert';

function withDeferredParticipantTriggers<T>(db: Database, newParticipants: number, newSessions: number, fn: () => T): T {
  if (!db.inTransaction) throw new Error('withDeferredParticipantTriggers runs inside a write transaction.');
  const named = (type: 'trigger' | 'index', names: string[]) =>
    db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = ? AND name IN (${names.map(() => '?').join(', ')}) ORDER BY name`).all(type, ...names) as { name: string; sql: string }[];
  const triggers = named('trigger', [...deferredParticipantTriggers, participationsVersionTrigger]);
  const lastParticipant = db.prepare('SELECT coalesce(max(rowid), 0) FROM session_participants').pluck().get() as number;
  const lastSession = db.prepare('SELECT coalesce(max(rowid), 0) FROM sessions').pluck().get() as number;
  const indexes = [
    ...(newParticipants * 2 >= lastParticipant ? named('index', personIndexes) : []),
    ...(newSessions * 2 >= lastSession ? named('index', sessionPersonIndexes) : []),
  ];
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  try {
    const result = fn();
    if (triggers.some((t) => t.name === 'progress_participations_insert')) {
      const { changes } = db.prepare(newParticipations).run(lastParticipant);
      if (triggers.some((t) => t.name === participationsVersionTrigger))
        db.prepare(`UPDATE progress_versions SET version = version + ? WHERE part = 'participations'`).run(changes);
    }
    return result;
  } finally {
    // Put back as stored; when `fn` threw, its transaction is rolled back anyway.
    for (const { sql } of indexes) db.exec(sql);
    for (const { sql } of triggers) db.exec(sql);
  }
}

/** Thrown to roll a dry run's transaction back once its counts are known. */
class DryRunDone extends Error {}

function emptyReason(): PairingReason {
  return { strategy: 'mixed', match: 'unknown', trio: false, timesMetBefore: 0, lastMetWeeksAgo: null, windowWeeks: 0, effectiveWindowWeeks: 0, relaxed: [] };
}

type PlanFields = Pick<
  Program,
  'weekday' | 'time' | 'durationMinutes' | 'timeZone' | 'startDate' | 'endDate' | 'skippedDates' | 'focusAreaIds' | 'strategy' | 'focusStrategy' | 'repeatWindowWeeks' | 'pairAcrossTeams'
>;

export function toPlan(p: PlanFields, seed: string): PlanProgram {
  return {
    seed,
    weekday: weekdays.indexOf(p.weekday),
    time: p.time,
    durationMinutes: p.durationMinutes,
    timeZone: p.timeZone,
    startDate: p.startDate,
    endDate: p.endDate,
    skippedDates: p.skippedDates,
    focusAreaIds: p.focusAreaIds,
    strategy: p.strategy,
    focusStrategy: p.focusStrategy,
    repeatWindowWeeks: p.repeatWindowWeeks,
    pairAcrossTeams: p.pairAcrossTeams,
  };
}
