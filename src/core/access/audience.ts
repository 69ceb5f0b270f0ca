import type { Database } from 'better-sqlite3';
import type { AccessRole, Caller } from '../../shared/access';
import { statementCache } from '../db/statements';
import { normalizeCode } from '../certification/certification-service';

/**
 * Who relates to whom, read from the roster and the sessions: the facts every access rule is
 * made of. One `View` per request and person; each set is read once, when a rule first asks.
 */
export class Audience {
  private readonly sql;

  constructor(private readonly db: Database) {
    this.sql = statementCache(db);
  }

  /**
   * A person's role: the one an admin set, else what the roster says (someone with reports is a
   * manager, someone with the coach flag a coach, everyone else a rep). Admin is never derived.
   */
  roleOf(repId: string): AccessRole | null {
    const row = this.sql(
      `SELECT r.access_role AS role, r.coach, r.archived_at AS archivedAt,
              EXISTS (SELECT 1 FROM reps x WHERE x.manager_id = r.id AND x.archived_at IS NULL) AS manages
       FROM reps r WHERE r.id = ?`,
    ).get(repId) as { role: AccessRole | null; coach: number; archivedAt: string | null; manages: number } | undefined;
    if (!row || row.archivedAt) return null;
    if (row.role) return row.role;
    if (row.manages) return 'manager';
    return row.coach ? 'coach' : 'rep';
  }

  view(repId: string, role: AccessRole): View {
    return new View(this.sql, repId, role);
  }

  /** The sessions a caller may see as a query condition; null when they see all (the local owner, an admin). */
  sessionsSeen(caller: Caller): SessionsSeen | null {
    if (caller.kind === 'owner') return null;
    // A stranger never reaches a handler (dispatch refuses first); should one, they see nothing.
    return caller.kind === 'person'
      ? this.view(caller.repId, caller.role).sessionsSeen()
      : { where: () => '0', params: { seenBy: '', seenCoached: 0, seenLed: '[]', seenPrograms: '[]' } };
  }
}

type Sql = ReturnType<typeof statementCache>;

/** A condition that keeps the sessions a person may see, with its named parameters. */
export interface SessionsSeen {
  where(column: string): string;
  params: { seenBy: string; seenCoached: number; seenLed: string; seenPrograms: string };
}

export class View {
  private reports?: Set<string>;
  private ownSessions?: Set<string>;
  private coachedSessions?: Set<string>;
  private coachedReps?: Set<string>;
  private coachedPrograms?: Set<string>;
  private reportSessions?: Set<string>;
  private ledSessions?: Set<string>;

  constructor(
    private readonly sql: Sql,
    readonly repId: string,
    readonly role: AccessRole,
  ) {}

  get isAdmin(): boolean {
    return this.role === 'admin';
  }

  /** Everyone below this person in the manager tree (managers only see their own tree). */
  reportIds(): Set<string> {
    if (this.reports) return this.reports;
    if (this.role !== 'manager') return (this.reports = new Set());
    const rows = this.sql(
      `WITH RECURSIVE tree(id) AS (
         SELECT id FROM reps WHERE manager_id = ?
         UNION SELECT r.id FROM reps r JOIN tree t ON r.manager_id = t.id
       ) SELECT id FROM tree`,
    ).pluck().all(this.repId) as string[];
    // A loop in the roster (A manages B manages A) must not make anyone their own report.
    return (this.reports = new Set(rows.filter((id) => id !== this.repId)));
  }

  sessionIds(): Set<string> {
    this.ownSessions ??= new Set(this.sql('SELECT session_id FROM session_participants WHERE rep_id = ?').pluck().all(this.repId) as string[]);
    return this.ownSessions;
  }

  /** Sessions this person is the coach of: counted for coaches and managers, not for a rep who happens to be the buyer. */
  coachedSessionIds(): Set<string> {
    if (this.coachedSessions) return this.coachedSessions;
    if (this.role !== 'coach' && this.role !== 'manager') return (this.coachedSessions = new Set());
    return (this.coachedSessions = new Set(this.sql('SELECT id FROM sessions WHERE coach_rep_id = ?').pluck().all(this.repId) as string[]));
  }

  /** Programs an admin named this person a coach of. */
  coachedProgramIds(): Set<string> {
    this.coachedPrograms ??= new Set(this.sql('SELECT program_id FROM program_coaches WHERE rep_id = ?').pluck().all(this.repId) as string[]);
    return this.coachedPrograms;
  }

  /**
   * The people this person coaches: those the roster names them the coach of, and the people of
   * the programs they coach. Read from these assignments only, whatever their role: being put
   * into someone's session (a participant list others may edit) never makes anyone their coach.
   */
  coachedRepIds(): Set<string> {
    if (this.coachedReps) return this.coachedReps;
    const rows = this.sql(
      `SELECT id FROM reps WHERE coached_by = @me
       UNION SELECT pr.rep_id FROM program_reps pr JOIN program_coaches pc ON pc.program_id = pr.program_id WHERE pc.rep_id = @me`,
    ).pluck().all({ me: this.repId }) as string[];
    return (this.coachedReps = new Set(rows.filter((id) => id !== this.repId)));
  }

  /** Coaches this person: named on the roster as their coach, or a coach of one of their programs. */
  isCoachOf(repId: string | null | undefined): boolean {
    return !!repId && this.coachedRepIds().has(repId);
  }

  isSelf(repId: string | null | undefined): boolean {
    return repId === this.repId;
  }

  /** Self, a report (managers), or someone this person coaches (coaches and managers). */
  canSeeRep(repId: string | null | undefined): boolean {
    if (!repId) return false;
    return this.isAdmin || this.isSelf(repId) || this.reportIds().has(repId) || this.coachedRepIds().has(repId);
  }

  /** Leads a rep: a manager above them or a coach of theirs (not the rep themself). */
  leads(repId: string | null | undefined): boolean {
    if (!repId) return false;
    return this.isAdmin || this.reportIds().has(repId) || this.coachedRepIds().has(repId);
  }

  /**
   * Sessions one of this person's reports takes part in, read once: a list scoped per item
   * would otherwise ask for each session's people, thousands of queries for a manager.
   */
  reportSessionIds(): Set<string> {
    if (this.reportSessions) return this.reportSessions;
    const reports = this.reportIds();
    if (reports.size === 0) return (this.reportSessions = new Set());
    const rows = this.sql('SELECT DISTINCT session_id FROM session_participants WHERE rep_id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify([...reports])) as string[];
    return (this.reportSessions = new Set(rows));
  }

  /**
   * Sessions of the people this person leads (reports, the people they coach) and of the programs
   * they coach, read once. Derived from the manager tree and the coaching assignments only.
   */
  ledSessionIds(): Set<string> {
    if (this.ledSessions) return this.ledSessions;
    const coached = this.coachedRepIds();
    const programs = this.coachedProgramIds();
    if (coached.size === 0 && programs.size === 0) return (this.ledSessions = this.reportSessionIds());
    const rows = this.sql(
      `SELECT session_id FROM session_participants WHERE rep_id IN (SELECT value FROM json_each(@reps))
       UNION SELECT id FROM sessions WHERE program_id IN (SELECT value FROM json_each(@programs))`,
    ).pluck().all({ reps: JSON.stringify([...coached]), programs: JSON.stringify([...programs]) }) as string[];
    return (this.ledSessions = new Set([...this.reportSessionIds(), ...rows]));
  }

  /** A session of someone this person leads, or of a program they coach: theirs to review as a coach or manager. */
  leadsSession(sessionId: string | null | undefined): boolean {
    if (!sessionId) return false;
    return this.isAdmin || this.ledSessionIds().has(sessionId);
  }

  canSeeSession(sessionId: string | null | undefined): boolean {
    if (!sessionId) return false;
    return this.isAdmin || this.sessionIds().has(sessionId) || this.coachedSessionIds().has(sessionId) || this.ledSessionIds().has(sessionId);
  }

  /**
   * canSeeSession as a condition on a column holding a session id, so a list is narrowed in its
   * query instead of built whole and then filtered (a year of a team's sessions is thousands).
   * Null for an admin, who sees everything. The scope still filters the answer after.
   */
  sessionsSeen(): SessionsSeen | null {
    if (this.isAdmin) return null;
    const coached = this.role === 'coach' || this.role === 'manager';
    return {
      where: (column) =>
        `${column} IN (SELECT session_id FROM session_participants WHERE rep_id = @seenBy
           UNION SELECT id FROM sessions WHERE @seenCoached AND coach_rep_id = @seenBy
           UNION SELECT session_id FROM session_participants WHERE rep_id IN (SELECT value FROM json_each(@seenLed))
           UNION SELECT id FROM sessions WHERE program_id IN (SELECT value FROM json_each(@seenPrograms)))`,
      params: {
        seenBy: this.repId,
        seenCoached: coached ? 1 : 0,
        seenLed: JSON.stringify([...this.ledRepIds()]),
        seenPrograms: JSON.stringify([...this.coachedProgramIds()]),
      },
    };
  }

  /**
   * Every session `canSeeSession` allows, as one set, for lists that filter in SQL (the Library
   * search pages through thousands of sessions and cannot ask one at a time).
   */
  visibleSessionIds(): Set<string> {
    return new Set([...this.sessionIds(), ...this.coachedSessionIds(), ...this.ledSessionIds()]);
  }

  /** Everyone this person leads (`leads`), as one set. */
  ledRepIds(): Set<string> {
    return new Set([...this.reportIds(), ...this.coachedRepIds()]);
  }

  /** May change a session's schedule: its coach, or a manager of one of its people. */
  canManageSession(sessionId: string | null | undefined): boolean {
    if (!sessionId) return false;
    return this.isAdmin || this.coachedSessionIds().has(sessionId) || this.reportSessionIds().has(sessionId);
  }

  /** Takes part in it (records, marks, scores as a peer): a participant or its coach. */
  takesPart(sessionId: string | null | undefined): boolean {
    if (!sessionId) return false;
    if (this.isAdmin || this.sessionIds().has(sessionId)) return true;
    const coach = this.sql('SELECT coach_rep_id FROM sessions WHERE id = ?').pluck().get(sessionId) as string | null | undefined;
    return coach === this.repId;
  }

  /** Who is in a session now, and in which role. */
  participantsOf(sessionId: string): { repId: string; role: string }[] {
    return this.sql('SELECT rep_id AS repId, role FROM session_participants WHERE session_id = ?').all(sessionId) as { repId: string; role: string }[];
  }

  /**
   * Scenarios this person is about to sell (a scheduled session where they are the seller), less
   * any they are about to play the buyer of: their buyer's side stays out of what they read.
   */
  sellingScenarioIds(): Set<string> {
    const rows = this.sql(
      `SELECT s.scenario_id FROM sessions s JOIN session_participants p ON p.session_id = s.id
       WHERE p.rep_id = @me AND p.role = 'seller' AND s.status = 'scheduled' AND s.scenario_id IS NOT NULL
       EXCEPT
       SELECT s.scenario_id FROM sessions s JOIN session_participants p ON p.session_id = s.id
       WHERE p.rep_id = @me AND p.role = 'buyer' AND s.status = 'scheduled'`,
    ).pluck().all({ me: this.repId }) as string[];
    return new Set(rows);
  }

  personasOfScenarios(ids: Set<string>): string[] {
    return this.sql('SELECT DISTINCT persona_id FROM scenarios WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify([...ids])) as string[];
  }

  sessionOfRecording(recordingId: string): string | null {
    return (this.sql('SELECT session_id FROM recordings WHERE id = ?').pluck().get(recordingId) as string | undefined) ?? null;
  }

  /** A marker's session and who set it (null for markers from before authors were kept). */
  marker(id: string): { sessionId: string; authorId: string | null; coachId: string | null } | null {
    return (
      (this.sql(
        `SELECT r.session_id AS sessionId, m.author_id AS authorId, s.coach_rep_id AS coachId
         FROM markers m JOIN recordings r ON r.id = m.recording_id JOIN sessions s ON s.id = r.session_id WHERE m.id = ?`,
      ).get(id) as { sessionId: string; authorId: string | null; coachId: string | null } | undefined) ?? null
    );
  }

  /** May change or delete a marker: its author or the session's coach; one without an author, anyone taking part. */
  canEditMarker(id: string): boolean {
    const marker = this.marker(id);
    if (!marker) return false;
    if (this.isAdmin || this.isSelf(marker.coachId)) return true;
    return marker.authorId ? this.isSelf(marker.authorId) : this.takesPart(marker.sessionId);
  }

  /** The session of a comment's take, and who wrote it. */
  comment(id: string): { sessionId: string; authorId: string | null } | null {
    return (
      (this.sql('SELECT r.session_id AS sessionId, c.author_id AS authorId FROM comments c JOIN recordings r ON r.id = c.recording_id WHERE c.id = ?').get(id) as
        | { sessionId: string; authorId: string | null }
        | undefined) ?? null
    );
  }

  clip(id: string): { sessionId: string; createdBy: string | null } | null {
    return (
      (this.sql('SELECT r.session_id AS sessionId, c.created_by AS createdBy FROM clips c JOIN recordings r ON r.id = c.recording_id WHERE c.id = ?').get(id) as
        | { sessionId: string; createdBy: string | null }
        | undefined) ?? null
    );
  }

  scorecard(id: string): { reviewerId: string; revieweeId: string; sessionId: string; submitted: boolean } | null {
    const row = this.sql(
      `SELECT reviewer_id AS reviewerId, reviewee_id AS revieweeId, session_id AS sessionId,
              status = 'submitted' AS submitted
       FROM scorecards s WHERE id = ?`,
    ).get(id) as { reviewerId: string; revieweeId: string; sessionId: string; submitted: number } | undefined;
    return row ? { ...row, submitted: Boolean(row.submitted) } : null;
  }

  /**
   * Its writer always; once submitted (and not being revised: the working copy of a revision is
   * the writer's until it is submitted again), the person it is about and those who lead them.
   * The last submitted revision stays readable to them through `scorecards:about`/`for-session`.
   */
  canSeeScorecard(card: { reviewerId: string; revieweeId: string; submitted: boolean } | null): boolean {
    if (!card) return false;
    if (this.isAdmin || this.isSelf(card.reviewerId)) return true;
    return card.submitted && (this.isSelf(card.revieweeId) || this.leads(card.revieweeId));
  }

  /** Whose certificate a verification code is (typed as a person would: case and dashes do not matter). */
  grantOwner(code: string): string | null {
    return (this.sql('SELECT rep_id FROM certification_grants WHERE code = ?').pluck().get(normalizeCode(code)) as string | undefined) ?? null;
  }

  deviceOwner(id: string): string | null {
    return (this.sql('SELECT rep_id FROM hub_devices WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
  }

  absenceOwner(id: string): string | null {
    return (this.sql('SELECT rep_id FROM rep_absences WHERE id = ?').pluck().get(id) as string | undefined) ?? null;
  }

  coachingNote(id: string): { coachId: string; repId: string } | null {
    return (this.sql('SELECT coach_id AS coachId, rep_id AS repId FROM coaching_notes WHERE id = ?').get(id) as { coachId: string; repId: string } | undefined) ?? null;
  }

  canSeeCoachingNote(note: { coachId: string; repId: string } | null): boolean {
    if (!note) return false;
    return this.isAdmin || this.isSelf(note.coachId) || this.isSelf(note.repId) || this.leads(note.repId);
  }
}
