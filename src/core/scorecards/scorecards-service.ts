import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import {
  computeOverall,
  draftInput as draftInputSchema,
  normalize,
  type CriterionScore,
  type DraftInput,
  type Revision,
  type ReviewerRole,
  type Scorecard,
  type ScorecardStatus,
  type ScorecardSummary,
  type SessionScorecards,
  type SubmittedScorecard,
  type TemplateVersion,
  type ToWriteItem,
} from '../../shared/scorecards';
import type { Session } from '../../shared/sessions';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import { assertRevision } from '../revision';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import type { SessionsService } from '../sessions/sessions-service';
import { heldStatusSql } from '../sessions/held';
import type { TemplatesService } from './templates-service';
import { writeTransaction } from '../db/open-database';

interface ScorecardRow {
  id: string;
  session_id: string;
  version_id: string;
  reviewer_id: string;
  reviewee_id: string;
  role: ReviewerRole;
  recording_id: string | null;
  status: ScorecardStatus;
  revision: number;
  sections: string;
  draft_saved_at: string | null;
  submitted_at: string | null;
  created_at: string;
  updated_at: string;
  reviewer_name: string;
  reviewee_name: string;
  session_title: string;
  session_starts_at: string | null;
  session_status: string;
  session_time_zone: string | null;
  focus_area_id: string;
  focus_area_name: string;
  template_id: string;
  template_name: string;
  template_version: number;
  mean: number | null;
}

interface ScoreRow {
  criterion_id: string;
  score: number | null;
  comment: string;
  evidence: string;
}

interface RevisionRow {
  revision: number;
  submitted_at: string;
  reason: string;
  overall: number | null;
  content: string;
}

interface RevisionContent {
  scores: CriterionScore[];
  sections: Record<string, string>;
}

type SubmittedRow = ScorecardRow & { rev_submitted_at: string; content: string };

const selectScorecard = `
  SELECT sc.*, rv.name AS reviewer_name, re.name AS reviewee_name,
    s.title AS session_title, s.starts_at AS session_starts_at, ${heldStatusSql('s')} AS session_status,
    (SELECT p.time_zone FROM programs p WHERE p.id = s.program_id) AS session_time_zone,
    s.focus_area_id, f.name AS focus_area_name,
    v.template_id, v.name AS template_name, v.version AS template_version,
    (SELECT sum(ss.score * c.weight) / nullif(sum(c.weight), 0)
       FROM scorecard_scores ss JOIN rubric_criteria c ON c.id = ss.criterion_id
      WHERE ss.scorecard_id = sc.id AND ss.score IS NOT NULL) AS mean
  FROM scorecards sc
  JOIN reps rv ON rv.id = sc.reviewer_id
  JOIN reps re ON re.id = sc.reviewee_id
  JOIN sessions s ON s.id = sc.session_id
  JOIN focus_areas f ON f.id = s.focus_area_id
  JOIN rubric_template_versions v ON v.id = sc.version_id`;

const selectSubmitted = `
  SELECT x.*, r.submitted_at AS rev_submitted_at, r.content
  FROM (${selectScorecard}) x
  JOIN scorecard_revisions r ON r.scorecard_id = x.id AND r.revision = x.revision
  WHERE x.revision > 0`;

export interface SubmittedFilter {
  sessionId?: string;
  revieweeId?: string;
  reviewerId?: string;
  focusAreaId?: string;
  from?: string;
  to?: string;
}

/** notify: false leaves telling the windows to the caller, which writes many at once (an import). */
export interface WriteOptions {
  notify?: boolean;
}

/** Scorecards: drafts saved as the reviewer types, submission that locks, revisions that keep history. */
export class ScorecardsService {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly templates: TemplatesService,
    private readonly sessions: SessionsService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /**
   * Opens the reviewer's scorecard for a session, creating it on first use. The reviewee is the
   * session's seller. Calling it again returns the same scorecard, so "write" can be clicked twice.
   */
  start(
    input: { id?: string; sessionId: string; reviewerId: string; role?: ReviewerRole; templateId?: string; recordingId?: string | null },
    options: WriteOptions = {},
  ): Scorecard {
    let id = '';
    let created = false;
    writeTransaction(this.db, () => {
      const session = this.sessions.get(input.sessionId);
      const existing = this.sql('SELECT id, role FROM scorecards WHERE session_id = ? AND reviewer_id = ?').get(session.id, input.reviewerId) as
        | { id: string; role: ReviewerRole }
        | undefined;
      if (existing) {
        if (input.role && input.role !== existing.role) {
          throw new AppError(ErrorCode.conflict, `This reviewer already has a ${existing.role} scorecard for the session; open that one.`, [
            { path: 'role', message: `Already reviewing as ${existing.role}` },
          ]);
        }
        id = existing.id;
        return;
      }
      if (session.status === 'cancelled' || session.status === 'missed') {
        throw new AppError(ErrorCode.invalidInput, `The session was ${session.status}; there is nothing to score.`, [
          { path: 'sessionId', message: `Session ${session.status}` },
        ]);
      }
      const seller = session.participants.find((p) => p.role === 'seller');
      if (!seller) throw new AppError(ErrorCode.invalidInput, 'The session has nobody playing the seller, so there is no one to review.');
      const reviewer = this.sql('SELECT id, name, coach, archived_at FROM reps WHERE id = ?').get(input.reviewerId) as
        | { id: string; name: string; coach: number; archived_at: string | null }
        | undefined;
      if (!reviewer) throw new AppError(ErrorCode.invalidInput, `No rep with id ${input.reviewerId}.`, [{ path: 'reviewerId', message: 'Unknown rep' }]);
      if (reviewer.archived_at) {
        throw new AppError(ErrorCode.invalidInput, `${reviewer.name} is archived and cannot write scorecards.`, [{ path: 'reviewerId', message: 'Archived' }]);
      }
      const role = input.role ?? this.inferRole(session, reviewer.id);
      this.assertRole(role, session, reviewer, seller.name);
      const template = input.templateId ? this.templates.get(input.templateId) : this.templates.defaultFor(session.focusAreaId);
      if (!template) {
        throw new AppError(
          ErrorCode.invalidInput,
          `There is no rubric template for ${session.focusAreaName} yet. Create one in the template library first.`,
          [{ path: 'templateId', message: 'No template for this focus area' }],
        );
      }
      if (template.archived) {
        throw new AppError(ErrorCode.invalidInput, `The template "${template.name}" is archived; restore it or pick another.`, [
          { path: 'templateId', message: 'Archived' },
        ]);
      }
      if (template.focusAreaId !== session.focusAreaId) {
        throw new AppError(ErrorCode.invalidInput, `"${template.name}" is a ${template.focusAreaName} template; this session practises ${session.focusAreaName}.`, [
          { path: 'templateId', message: 'Different focus area' },
        ]);
      }
      if (input.id && this.sql('SELECT 1 FROM scorecards WHERE id = ?').get(input.id)) {
        throw new AppError(ErrorCode.conflict, 'Another scorecard already has this id.', [{ path: 'id', message: 'Taken' }]);
      }
      id = input.id ?? uuidv7(this.clock().getTime());
      const now = this.clock().toISOString();
      this.sql(
        `INSERT INTO scorecards (id, session_id, version_id, reviewer_id, reviewee_id, role, recording_id, status, revision, sections, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', 0, '{}', ?, ?)`,
      ).run(id, session.id, template.versionId, reviewer.id, seller.repId, role, input.recordingId ?? null, now, now);
      const insertScore = this.sql("INSERT INTO scorecard_scores (scorecard_id, criterion_id, score, comment, evidence) VALUES (?, ?, NULL, '', '[]')");
      for (const c of template.criteria) insertScore.run(id, c.id);
      created = true;
    });
    if (created && options.notify !== false) this.events.emit('scorecards:changed', { ids: [id] });
    return this.get(id);
  }

  get(id: string): Scorecard {
    const row = this.row(id);
    const template = this.templates.version(row.version_id);
    const scores = this.workingScores(row.id, template);
    const computation = computeOverall(template.criteria, scores);
    const revisions = (this.sql('SELECT * FROM scorecard_revisions WHERE scorecard_id = ? ORDER BY revision').all(id) as RevisionRow[]).map(toRevision);
    return { ...this.toSummary(row), template, scores, sections: JSON.parse(row.sections) as Record<string, string>, computation, revisions };
  }

  list(filter: { reviewerId?: string; revieweeId?: string; sessionId?: string; status?: ScorecardStatus[] } = {}): ScorecardSummary[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    for (const [column, value] of [
      ['sc.reviewer_id', filter.reviewerId],
      ['sc.reviewee_id', filter.revieweeId],
      ['sc.session_id', filter.sessionId],
    ] as const) {
      if (value !== undefined) {
        const name = `p${Object.keys(params).length}`;
        where.push(`${column} = @${name}`);
        params[name] = value;
      }
    }
    if (filter.status?.length) {
      where.push(`sc.status IN (${filter.status.map((_, i) => `@status${i}`).join(', ')})`);
      filter.status.forEach((s, i) => (params[`status${i}`] = s));
    }
    const rows = this.sql(
      `${selectScorecard}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY coalesce(s.starts_at, s.created_at) DESC, sc.created_at`,
    ).all(params) as ScorecardRow[];
    return rows.map((row) => this.toSummary(row));
  }

  /** Saves what the reviewer has typed so far. Every call is its own transaction, so a crash loses at most the last keystrokes. */
  saveDraft(input: DraftInput): ScorecardSummary {
    const parsed = draftInputSchema.parse(input);
    writeTransaction(this.db, () => {
      const row = this.row(parsed.id);
      if (row.status === 'submitted') throw lockedError(row);
      assertRevision(row.updated_at, parsed.baseRevision);
      this.applyContent(row, parsed);
    });
    this.events.emit('scorecards:changed', { ids: [parsed.id] });
    return this.toSummary(this.row(parsed.id));
  }

  /**
   * Applies the last changes and submits, in one transaction: if a required criterion or section
   * is missing, nothing at all is saved. Submitting a revision unchanged just closes it.
   */
  submit(input: DraftInput & { reason?: string }, options: WriteOptions & { sectionsOptional?: boolean } = {}): Scorecard {
    const parsed = draftInputSchema.parse(input);
    const reason = input.reason?.trim() ?? '';
    writeTransaction(this.db, () => {
      const row = this.row(parsed.id);
      if (row.status === 'submitted') {
        throw new AppError(ErrorCode.conflict, `This scorecard was already submitted on ${row.submitted_at}. Start a revision to change it.`);
      }
      assertRevision(row.updated_at, parsed.baseRevision);
      this.applyContent(row, parsed);
      const template = this.templates.version(row.version_id);
      const scores = this.workingScores(row.id, template);
      const sections = JSON.parse((this.sql('SELECT sections FROM scorecards WHERE id = ?').get(row.id) as { sections: string }).sections) as Record<
        string,
        string
      >;
      assertComplete(template, scores, sections, options.sectionsOptional ?? false);
      const now = this.clock().toISOString();
      const content: RevisionContent = { scores, sections };
      if (row.status === 'revising') {
        const last = this.sql('SELECT content FROM scorecard_revisions WHERE scorecard_id = ? AND revision = ?').get(row.id, row.revision) as {
          content: string;
        };
        if (last.content === JSON.stringify(content)) {
          this.sql("UPDATE scorecards SET status = 'submitted', updated_at = ? WHERE id = ?").run(now, row.id);
          return;
        }
      }
      const revision = row.revision + 1;
      const { mean } = computeOverall(template.criteria, scores);
      this.sql('INSERT INTO scorecard_revisions (scorecard_id, revision, submitted_at, reason, overall, content) VALUES (?, ?, ?, ?, ?, ?)').run(
        row.id,
        revision,
        now,
        revision === 1 ? '' : reason,
        mean === null ? null : normalize(mean),
        JSON.stringify(content),
      );
      this.sql("UPDATE scorecards SET status = 'submitted', revision = ?, submitted_at = ?, updated_at = ? WHERE id = ?").run(revision, now, now, row.id);
    });
    if (options.notify !== false) this.events.emit('scorecards:changed', { ids: [parsed.id] });
    return this.get(parsed.id);
  }

  /** Unlocks a submitted scorecard for changes. Until it is submitted again, others still see the last submitted revision. */
  revise(id: string, options: WriteOptions = {}): Scorecard {
    const row = this.row(id);
    if (row.status === 'draft') {
      throw new AppError(ErrorCode.invalidInput, 'This scorecard has not been submitted yet; it is a draft you can edit as it is.');
    }
    if (row.status === 'submitted') {
      this.sql("UPDATE scorecards SET status = 'revising', updated_at = ? WHERE id = ?").run(this.clock().toISOString(), id);
      if (options.notify !== false) this.events.emit('scorecards:changed', { ids: [id] });
    }
    return this.get(id);
  }

  /** Deletes a draft that was never submitted, or drops a revision in progress back to the last submitted one. */
  discard(id: string): { id: string; deleted: boolean } {
    const row = this.row(id);
    if (row.status === 'submitted') {
      throw new AppError(ErrorCode.conflict, 'A submitted scorecard is kept with its history; start a revision to change it.');
    }
    let deleted = false;
    writeTransaction(this.db, () => {
      if (row.status === 'draft') {
        this.sql('DELETE FROM scorecards WHERE id = ?').run(id);
        deleted = true;
        return;
      }
      const last = this.sql('SELECT content FROM scorecard_revisions WHERE scorecard_id = ? AND revision = ?').get(id, row.revision) as { content: string };
      const content = JSON.parse(last.content) as RevisionContent;
      const update = this.sql('UPDATE scorecard_scores SET score = ?, comment = ?, evidence = ? WHERE scorecard_id = ? AND criterion_id = ?');
      for (const s of content.scores) update.run(s.score, s.comment, JSON.stringify(s.evidence), id, s.criterionId);
      this.sql("UPDATE scorecards SET status = 'submitted', sections = ?, updated_at = ? WHERE id = ?").run(
        JSON.stringify(content.sections),
        this.clock().toISOString(),
        id,
      );
    });
    this.events.emit('scorecards:changed', { ids: [id] });
    return { id, deleted };
  }

  /**
   * What a reviewer still owes: sessions that have happened in the last `days` where they took
   * part (or manage the seller) and have not submitted, plus any draft or revision they have open.
   * A session with a take counts as happened whatever its slot: pairs often record early. A coach
   * owes a review of every recorded session of the people and programs they coach, however old.
   * Newest first by (start, id); `page` asks for `limit` of them `after` a given one, in the query.
   */
  toWrite(reviewerId: string, days: number, page: { limit?: number; after?: { startsAt: string | null; id: string } } = {}): ToWriteItem[] {
    const now = this.clock();
    const since = new Date(now.getTime() - days * 86_400_000).toISOString();
    const candidates = this.sql(
      `SELECT c.id FROM (
      SELECT s.id FROM sessions s
        JOIN session_participants seller ON seller.session_id = s.id AND seller.role = 'seller'
        JOIN reps sr ON sr.id = seller.rep_id
        LEFT JOIN session_participants me ON me.session_id = s.id AND me.rep_id = @reviewer
       WHERE (me.rep_id IS NOT NULL OR sr.manager_id = @reviewer)
         AND s.status IN ('scheduled', 'done')
         AND (coalesce(s.starts_at, s.created_at) BETWEEN @since AND @now
              OR EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id AND r.status IN ('finalizing', 'ready') AND r.started_at >= @since))
         AND NOT EXISTS (SELECT 1 FROM scorecards sc WHERE sc.session_id = s.id AND sc.reviewer_id = @reviewer AND sc.status = 'submitted')
      UNION
      SELECT s.id FROM sessions s
        JOIN session_participants seller ON seller.session_id = s.id AND seller.role = 'seller'
        JOIN reps sr ON sr.id = seller.rep_id
       WHERE seller.rep_id <> @reviewer
         AND (sr.coached_by = @reviewer
              OR s.program_id IN (SELECT program_id FROM program_coaches WHERE rep_id = @reviewer)
              OR seller.rep_id IN (SELECT pr.rep_id FROM program_reps pr JOIN program_coaches pc ON pc.program_id = pr.program_id WHERE pc.rep_id = @reviewer))
         AND s.status IN ('scheduled', 'done')
         AND EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id AND r.status IN ('finalizing', 'ready'))
         AND NOT EXISTS (SELECT 1 FROM scorecards sc WHERE sc.session_id = s.id AND sc.reviewer_id = @reviewer AND sc.status = 'submitted')
      UNION
      SELECT sc.session_id FROM scorecards sc WHERE sc.reviewer_id = @reviewer AND sc.status IN ('draft', 'revising')
      ) c JOIN sessions s ON s.id = c.id
      WHERE @afterId IS NULL OR coalesce(s.starts_at, '') < @afterAt OR (coalesce(s.starts_at, '') = @afterAt AND s.id < @afterId)
      ORDER BY coalesce(s.starts_at, '') DESC, s.id DESC
      LIMIT @limit`,
    ).all({
      reviewer: reviewerId,
      since,
      now: now.toISOString(),
      afterAt: page.after ? (page.after.startsAt ?? '') : null,
      afterId: page.after?.id ?? null,
      limit: page.limit ?? -1,
    }) as { id: string }[];
    const mine = this.sql('SELECT id, role, status FROM scorecards WHERE session_id = ? AND reviewer_id = ?');
    const items = candidates.map(({ id }) => {
      const session = this.sessions.get(id);
      const seller = session.participants.find((p) => p.role === 'seller')!;
      const card = mine.get(id, reviewerId) as { id: string; role: ReviewerRole; status: ScorecardStatus } | undefined;
      return {
        session: sessionRef(session, this.zoneOf(session)),
        reviewee: { id: seller.repId, name: seller.name },
        role: card?.role ?? this.inferRole(session, reviewerId),
        scorecardId: card?.id ?? null,
        status: card?.status ?? null,
      };
    });
    return items;
  }

  /** The time zone of the session's program, in which its time is shown; null outside a program. */
  private zoneOf(session: Session): string | null {
    if (!session.programId) return null;
    return (this.sql('SELECT time_zone FROM programs WHERE id = ?').get(session.programId) as { time_zone: string } | undefined)?.time_zone ?? null;
  }

  /** Tells the windows about scorecards written with notify: false. */
  notifyChanged(ids: string[]): void {
    if (ids.length) this.events.emit('scorecards:changed', { ids });
  }

  /** Submitted scorecards about one rep, grouped by session, newest session first. */
  about(revieweeId: string): SessionScorecards[] {
    return this.submittedBySession({ revieweeId });
  }

  forSession(sessionId: string): SessionScorecards {
    const session = this.sessions.get(sessionId);
    const found = this.submittedBySession({ sessionId });
    if (found[0]) return found[0];
    const seller = session.participants.find((p) => p.role === 'seller');
    return {
      session: sessionRef(session, this.zoneOf(session)),
      reviewee: seller ? { id: seller.repId, name: seller.name } : { id: '', name: '' },
      recordingId: this.recordingFor(session.id),
      scorecards: [],
    };
  }

  /** The latest submitted revision of each matching scorecard, grouped by session (newest first). */
  submittedBySession(filter: SubmittedFilter): SessionScorecards[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const add = (clause: string, name: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params[name] = value;
    };
    add('x.session_id = @sessionId', 'sessionId', filter.sessionId);
    add('x.reviewee_id = @revieweeId', 'revieweeId', filter.revieweeId);
    add('x.reviewer_id = @reviewerId', 'reviewerId', filter.reviewerId);
    add('x.focus_area_id = @focusAreaId', 'focusAreaId', filter.focusAreaId);
    add('x.session_time >= @from', 'from', filter.from && new Date(filter.from).toISOString());
    add('x.session_time < @to', 'to', filter.to && new Date(filter.to).toISOString());
    const rows = this.sql(
      `SELECT * FROM (SELECT y.*, coalesce(y.session_starts_at, y.rev_submitted_at) AS session_time FROM (${selectSubmitted}) y) x
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY x.session_time DESC, x.session_id, CASE x.role WHEN 'self' THEN 0 WHEN 'peer' THEN 1 ELSE 2 END, x.rev_submitted_at, x.reviewer_name`,
    ).all(params) as SubmittedRow[];
    const versions = new Map<string, TemplateVersion>();
    const groups = new Map<string, SessionScorecards>();
    for (const row of rows) {
      let group = groups.get(row.session_id);
      if (!group) {
        group = {
          session: {
            id: row.session_id,
            title: row.session_title,
            focusAreaId: row.focus_area_id,
            focusAreaName: row.focus_area_name,
            startsAt: row.session_starts_at,
            timeZone: row.session_time_zone,
            status: row.session_status,
          },
          reviewee: { id: row.reviewee_id, name: row.reviewee_name },
          recordingId: row.recording_id ?? this.recordingFor(row.session_id),
          scorecards: [],
        };
        groups.set(row.session_id, group);
      }
      let template = versions.get(row.version_id);
      if (!template) {
        template = this.templates.version(row.version_id);
        versions.set(row.version_id, template);
      }
      const content = JSON.parse(row.content) as RevisionContent;
      group.scorecards.push(toSubmitted(row, template, content));
    }
    return [...groups.values()];
  }

  private applyContent(row: ScorecardRow, input: ReturnType<typeof draftInputSchema.parse>): void {
    const template = this.templates.version(row.version_id);
    const criteria = new Set(template.criteria.map((c) => c.id));
    const issues: { path: string; message: string }[] = [];
    input.scores?.forEach((s, index) => {
      if (!criteria.has(s.criterionId)) issues.push({ path: `scores.${index}.criterionId`, message: 'Not a criterion of this scorecard’s template' });
    });
    const sectionKeys = new Set(template.sections.map((s) => s.key));
    for (const key of Object.keys(input.sections ?? {})) {
      if (!sectionKeys.has(key)) issues.push({ path: `sections.${key}`, message: 'Not a section of this scorecard’s template' });
    }
    if (issues.length) throw new AppError(ErrorCode.invalidInput, 'The scorecard refers to criteria or sections its template does not have.', issues);

    const current = this.sql('SELECT * FROM scorecard_scores WHERE scorecard_id = ? AND criterion_id = ?');
    const update = this.sql('UPDATE scorecard_scores SET score = ?, comment = ?, evidence = ? WHERE scorecard_id = ? AND criterion_id = ?');
    for (const s of input.scores ?? []) {
      const stored = current.get(row.id, s.criterionId) as ScoreRow;
      const evidence = s.evidence ? [...s.evidence].sort((a, b) => a.atMs - b.atMs) : undefined;
      update.run(
        s.score !== undefined ? s.score : stored.score,
        s.comment ?? stored.comment,
        evidence ? JSON.stringify(evidence) : stored.evidence,
        row.id,
        s.criterionId,
      );
    }
    const sections = input.sections ? { ...(JSON.parse(row.sections) as Record<string, string>), ...input.sections } : null;
    const now = this.clock().toISOString();
    this.sql(
      `UPDATE scorecards SET sections = coalesce(?, sections), recording_id = CASE WHEN ? THEN ? ELSE recording_id END,
         draft_saved_at = ?, updated_at = ? WHERE id = ?`,
    ).run(
      sections ? JSON.stringify(sections) : null,
      input.recordingId !== undefined ? 1 : 0,
      input.recordingId ?? null,
      now,
      now,
      row.id,
    );
  }

  private workingScores(id: string, template: TemplateVersion): CriterionScore[] {
    const rows = this.sql('SELECT criterion_id, score, comment, evidence FROM scorecard_scores WHERE scorecard_id = ?').all(id) as ScoreRow[];
    const byCriterion = new Map(rows.map((r) => [r.criterion_id, r]));
    return template.criteria.map((c) => {
      const r = byCriterion.get(c.id);
      return {
        criterionId: c.id,
        score: r?.score ?? null,
        comment: r?.comment ?? '',
        evidence: r ? (JSON.parse(r.evidence) as CriterionScore['evidence']) : [],
      };
    });
  }

  /** Self for the seller, coach for the seller's manager, peer for everyone else. */
  private inferRole(session: Session, reviewerId: string): ReviewerRole {
    const seller = session.participants.find((p) => p.role === 'seller');
    if (seller?.repId === reviewerId) return 'self';
    const manager = seller && (this.sql('SELECT manager_id FROM reps WHERE id = ?').get(seller.repId) as { manager_id: string | null } | undefined);
    if (manager?.manager_id === reviewerId) return 'coach';
    if (seller && this.namedCoach(reviewerId, seller.repId, session.programId)) return 'coach';
    const participant = session.participants.some((p) => p.repId === reviewerId);
    const coach = (this.sql('SELECT coach FROM reps WHERE id = ?').get(reviewerId) as { coach: number } | undefined)?.coach === 1;
    return !participant && coach ? 'coach' : 'peer';
  }

  private assertRole(role: ReviewerRole, session: Session, reviewer: { id: string; name: string; coach: number }, sellerName: string): void {
    const seller = session.participants.find((p) => p.role === 'seller')!;
    if (role === 'self' && reviewer.id !== seller.repId) {
      throw new AppError(ErrorCode.invalidInput, `A self-review is written by the seller, ${sellerName}.`, [{ path: 'role', message: 'Only the seller reviews themselves' }]);
    }
    if (role !== 'self' && reviewer.id === seller.repId) {
      throw new AppError(ErrorCode.invalidInput, `${sellerName} played the seller; their own scorecard is a self-review.`, [
        { path: 'role', message: 'Use self for the seller' },
      ]);
    }
    if (role === 'coach') {
      const manager = (this.sql('SELECT manager_id FROM reps WHERE id = ?').get(seller.repId) as { manager_id: string | null }).manager_id;
      const coachRole = this.sql("SELECT 1 FROM reps WHERE id = ? AND access_role = 'coach'").get(reviewer.id) !== undefined;
      if (reviewer.coach !== 1 && !coachRole && manager !== reviewer.id && !this.namedCoach(reviewer.id, seller.repId, session.programId)) {
        throw new AppError(ErrorCode.invalidInput, `${reviewer.name} is not marked as a coach and is not ${sellerName}’s manager; review as a peer instead.`, [
          { path: 'role', message: 'Not a coach' },
        ]);
      }
    }
  }

  /** Whether the roster names the reviewer the seller's coach, or they coach the session's program or one of the seller's. */
  private namedCoach(reviewerId: string, sellerId: string, programId: string | null): boolean {
    return (
      this.sql(
        `SELECT 1 FROM reps WHERE id = @seller AND coached_by = @reviewer
         UNION ALL SELECT 1 FROM program_coaches WHERE rep_id = @reviewer AND program_id = @program
         UNION ALL SELECT 1 FROM program_reps pr JOIN program_coaches pc ON pc.program_id = pr.program_id WHERE pr.rep_id = @seller AND pc.rep_id = @reviewer
         LIMIT 1`,
      ).get({ seller: sellerId, reviewer: reviewerId, program: programId }) !== undefined
    );
  }

  /**
   * The session's newest take, for scorecards that were not tied to one explicitly. A take still
   * being finished counts: a reviewer who opens the form right after stopping sees it become playable.
   */
  private recordingFor(sessionId: string): string | null {
    const row = this.sql("SELECT id FROM recordings WHERE session_id = ? AND status IN ('finalizing', 'ready') ORDER BY started_at DESC LIMIT 1").get(sessionId) as
      | { id: string }
      | undefined;
    return row?.id ?? null;
  }

  private row(id: string): ScorecardRow {
    const row = this.sql(`${selectScorecard} WHERE sc.id = ?`).get(id) as ScorecardRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No scorecard with id ${id}.`);
    return row;
  }

  private toSummary(row: ScorecardRow): ScorecardSummary {
    return {
      id: row.id,
      sessionId: row.session_id,
      sessionTitle: row.session_title,
      sessionStartsAt: row.session_starts_at,
      sessionTimeZone: row.session_time_zone,
      focusAreaId: row.focus_area_id,
      focusAreaName: row.focus_area_name,
      reviewer: { id: row.reviewer_id, name: row.reviewer_name },
      reviewee: { id: row.reviewee_id, name: row.reviewee_name },
      role: row.role,
      status: row.status,
      revision: row.revision,
      templateId: row.template_id,
      templateName: row.template_name,
      templateVersion: row.template_version,
      recordingId: row.recording_id ?? this.recordingFor(row.session_id),
      overall: row.mean === null ? null : normalize(row.mean),
      draftSavedAt: row.draft_saved_at,
      submittedAt: row.submitted_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function lockedError(row: ScorecardRow): AppError {
  return new AppError(ErrorCode.conflict, `This scorecard was submitted on ${row.submitted_at} and is locked. Start a revision to change it.`);
}

/** Every required criterion scored and every required section written, or one error naming them all. */
export function assertComplete(template: Pick<TemplateVersion, 'criteria' | 'sections'>, scores: CriterionScore[], sections: Record<string, string>, sectionsOptional: boolean): void {
  const issues: { path: string; message: string }[] = [];
  const missing: string[] = [];
  template.criteria.forEach((c, index) => {
    if (c.required && scores[index]?.score == null) {
      issues.push({ path: `scores.${index}.score`, message: `Score “${c.name}”` });
      missing.push(c.name);
    }
  });
  for (const s of sectionsOptional ? [] : template.sections) {
    if (s.required && !(sections[s.key] ?? '').trim()) {
      issues.push({ path: `sections.${s.key}`, message: `Write “${s.title}”` });
      missing.push(s.title);
    }
  }
  if (issues.length) {
    throw new AppError(ErrorCode.invalidInput, `Not submitted yet. Still required: ${missing.join(', ')}.`, issues);
  }
}

function toRevision(row: RevisionRow): Revision {
  const content = JSON.parse(row.content) as RevisionContent;
  return { revision: row.revision, submittedAt: row.submitted_at, reason: row.reason, overall: row.overall, scores: content.scores, sections: content.sections };
}

function toSubmitted(row: SubmittedRow, template: TemplateVersion, content: RevisionContent): SubmittedScorecard {
  return {
    id: row.id,
    reviewer: { id: row.reviewer_id, name: row.reviewer_name },
    role: row.role,
    revision: row.revision,
    submittedAt: row.rev_submitted_at,
    templateId: row.template_id,
    templateVersion: row.template_version,
    template,
    scores: content.scores,
    sections: content.sections,
    computation: computeOverall(template.criteria, content.scores),
  };
}

function sessionRef(session: Session, timeZone: string | null) {
  return {
    id: session.id,
    title: session.title,
    focusAreaId: session.focusAreaId,
    focusAreaName: session.focusAreaName,
    startsAt: session.startsAt,
    timeZone,
    status: session.status,
  };
}

