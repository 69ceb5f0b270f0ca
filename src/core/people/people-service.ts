import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import {
  repFields as repFieldsSchema,
  type Profile,
  type Rep,
  type RepDetail,
  type RepFilter,
  type PeoplePage,
  type PeoplePageInput,
  peoplePageInput as peoplePageSchema,
  type RepPatch,
  repPatch as repPatchSchema,
  repFilter as repFilterSchema,
  type RepFields,
} from '../../shared/people';
import type { z } from 'zod';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import type { SettingsService } from '../settings-service';
import { seniorityOf } from './seniority';
import { writeTransaction } from '../db/open-database';

interface RepRow {
  id: string;
  name: string;
  email: string;
  role: string;
  team: string;
  manager_id: string | null;
  manager_name: string | null;
  coached_by: string | null;
  coached_by_name: string | null;
  hire_date: string | null;
  coach: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

interface ProfileRow {
  career_goals: string;
  motivators: string;
  learning_preference: Profile['learningPreference'];
  assessment_type: string;
  assessment_result: string;
  notes: string;
}

const emptyProfile: Profile = {
  careerGoals: '',
  motivators: '',
  learningPreference: null,
  assessmentType: '',
  assessmentResult: '',
  notes: '',
};

const selectRep = `
  SELECT r.*, m.name AS manager_name, c.name AS coached_by_name
  FROM reps r LEFT JOIN reps m ON m.id = r.manager_id LEFT JOIN reps c ON c.id = r.coached_by`;

/**
 * The ids of the people @ledBy leads, as the core's view derives them: their manager tree, the
 * people the roster names them coach of, and the people of the (unarchived) programs they coach.
 */
export const ledBySql = `
  WITH RECURSIVE tree(id) AS (
    SELECT id FROM reps WHERE manager_id = @ledBy
    UNION SELECT t2.id FROM reps t2 JOIN tree ON t2.manager_id = tree.id
  )
  SELECT id FROM tree
  UNION SELECT id FROM reps WHERE coached_by = @ledBy
  UNION SELECT pr.rep_id FROM program_reps pr JOIN program_coaches pc ON pc.program_id = pr.program_id
    JOIN programs p ON p.id = pr.program_id WHERE pc.rep_id = @ledBy AND p.archived_at IS NULL`;

type ParsedRepFilter = z.output<typeof repFilterSchema>;

/** Made when first needed: a collator costs every command's start tens of milliseconds of ICU data. */
let nameCollator: Intl.Collator | null = null;
const collator = () => (nameCollator ??= new Intl.Collator(undefined, { sensitivity: 'base' }));

export class PeopleService {
  constructor(
    private readonly db: Database,
    private readonly settings: SettingsService,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  private readonly sql: (text: string) => Statement;

  list(filterInput: RepFilter = {}): Rep[] {
    const filter = repFilterSchema.parse(filterInput);
    const { where, params } = this.whereOf(filter);
    const sql = `${selectRep}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    const context = this.seniorityContext();
    const reps = (this.sql(sql).all(params) as RepRow[]).map((row) => this.toRep(row, context));
    return reps.sort((a, b) => collator().compare(a.name, b.name) || a.email.localeCompare(b.email));
  }

  /**
   * A page of the roster, read by its key (name, then email) so the thousandth page costs what the
   * first does, with the counts and filter choices the People screen shows next to it.
   */
  page(input: PeoplePageInput = {}): PeoplePage {
    const { filter, after, limit } = peoplePageSchema.parse(input);
    const { where, params } = this.whereOf(filter);
    const matching = (this.sql(`SELECT count(*) FROM reps r${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`).pluck().get(params) as number);
    if (after) {
      where.push('(r.name COLLATE NOCASE > @afterName OR (r.name COLLATE NOCASE = @afterName AND r.email > @afterEmail))');
      params.afterName = after.name;
      params.afterEmail = after.email;
    }
    const rows = this.sql(
      `${selectRep}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY r.name COLLATE NOCASE, r.email LIMIT @limit`,
    ).all({ ...params, limit: limit + 1 }) as RepRow[];
    const context = this.seniorityContext();
    const items = rows.slice(0, limit).map((row) => this.toRep(row, context));
    const last = items.at(-1);
    const counts = this.sql('SELECT count(*) AS everyone, count(*) FILTER (WHERE archived_at IS NULL) AS active FROM reps').get() as { everyone: number; active: number };
    const distinct = (column: 'team' | 'role') =>
      this.sql(`SELECT DISTINCT ${column} FROM reps WHERE trim(${column}) <> '' ORDER BY ${column} COLLATE NOCASE`).pluck().all() as string[];
    return {
      items,
      next: rows.length > limit && last ? { name: last.name, email: last.email } : null,
      matching,
      ...counts,
      teams: distinct('team'),
      roles: distinct('role'),
    };
  }

  /** The SQL conditions of a roster filter, seniority included (a hire date against the new-hire line). */
  private whereOf(filter: ParsedRepFilter): { where: string[]; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (!filter.includeArchived) where.push('r.archived_at IS NULL');
    if (filter.query) {
      where.push("(r.name LIKE @q ESCAPE '\\' OR r.email LIKE @q ESCAPE '\\' OR r.team LIKE @q ESCAPE '\\')");
      params.q = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.team !== undefined) {
      where.push('r.team = @team');
      params.team = filter.team;
    }
    if (filter.role !== undefined) {
      where.push('r.role = @role');
      params.role = filter.role;
    }
    if (filter.coachesOnly) where.push('r.coach = 1');
    if (filter.managerId) {
      where.push('r.manager_id = @managerId');
      params.managerId = filter.managerId;
    }
    if (filter.seniority) {
      // seniorityOf: a new hire while fewer than newHireDays days have passed since the hire date.
      const { today, newHireDays } = this.seniorityContext();
      const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
      params.newHireLine = new Date(day - newHireDays * 86_400_000).toISOString().slice(0, 10);
      where.push(
        filter.seniority === 'unknown' ? 'r.hire_date IS NULL' : filter.seniority === 'new_hire' ? 'r.hire_date > @newHireLine' : 'r.hire_date <= @newHireLine',
      );
    }
    if (filter.ledBy) {
      where.push(`r.id <> @ledBy AND r.id IN (${ledBySql})`);
      params.ledBy = filter.ledBy;
    }
    return { where, params };
  }

  get(id: string): RepDetail {
    const row = this.sql(`${selectRep} WHERE r.id = ?`).get(id) as RepRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No rep with id ${id}.`);
    const profileRow = this.sql('SELECT * FROM rep_profiles WHERE rep_id = ?').get(id) as ProfileRow | undefined;
    return { ...this.toRep(row, this.seniorityContext()), profile: profileRow ? toProfile(profileRow) : { ...emptyProfile } };
  }

  findByEmail(email: string): Rep | null {
    const row = this.sql(`${selectRep} WHERE r.email = ?`).get(email.trim().toLowerCase()) as RepRow | undefined;
    return row ? this.toRep(row, this.seniorityContext()) : null;
  }

  /** Every stored email (archived reps too), for checking a whole roster file against. */
  emailIndex(): Set<string> {
    return new Set((this.sql('SELECT email FROM reps').all() as { email: string }[]).map((r) => r.email));
  }

  create(input: RepFields): RepDetail {
    const id = this.insert(input);
    this.events.emit('people:changed', { ids: [id] });
    return this.get(id);
  }

  /** Creates a rep without reading it back or telling listeners: for a batch, which notifies once. */
  insert(input: RepFields): string {
    const fields = repFieldsSchema.parse(input);
    const id = uuidv7(this.clock().getTime());
    writeTransaction(this.db, () => {
      this.assertEmailFree(fields.email, null);
      if (fields.managerId) this.assertManager(id, fields.managerId);
      if (fields.coachedById) this.assertCoach(id, fields.coachedById);
      const now = this.clock().toISOString();
      this.sql(
          `INSERT INTO reps (id, name, email, role, team, manager_id, coached_by, hire_date, coach, created_at, updated_at)
           VALUES (@id, @name, @email, @role, @team, @managerId, @coachedById, @hireDate, @coach, @now, @now)`,
        )
        .run({ ...fields, id, coach: fields.coach ? 1 : 0, now });
      this.writeProfile(id, { ...emptyProfile, ...fields.profile });
    });
    return id;
  }

  update(id: string, patchInput: RepPatch): RepDetail {
    this.patch(id, patchInput);
    this.events.emit('people:changed', { ids: [id] });
    return this.get(id);
  }

  /** Changes a rep without reading it back or telling listeners: for a batch, which notifies once. */
  patch(id: string, patchInput: RepPatch): void {
    const patch = repPatchSchema.parse(patchInput);
    writeTransaction(this.db, () => {
      const current = this.sql('SELECT * FROM reps WHERE id = ?').get(id) as RepRow | undefined;
      if (!current) throw new AppError(ErrorCode.notFound, `No rep with id ${id}.`);
      if (patch.email !== undefined) this.assertEmailFree(patch.email, id);
      if (patch.managerId) this.assertManager(id, patch.managerId);
      if (patch.coachedById) this.assertCoach(id, patch.coachedById);
      const next = {
        name: patch.name ?? current.name,
        email: patch.email ?? current.email,
        role: patch.role ?? current.role,
        team: patch.team ?? current.team,
        managerId: patch.managerId !== undefined ? patch.managerId : current.manager_id,
        coachedById: patch.coachedById !== undefined ? patch.coachedById : current.coached_by,
        hireDate: patch.hireDate !== undefined ? patch.hireDate : current.hire_date,
        coach: patch.coach ?? current.coach === 1,
      };
      this.sql(
          `UPDATE reps SET name = @name, email = @email, role = @role, team = @team, manager_id = @managerId,
             coached_by = @coachedById, hire_date = @hireDate, coach = @coach, updated_at = @now WHERE id = @id`,
        )
        .run({ ...next, coach: next.coach ? 1 : 0, id, now: this.clock().toISOString() });
      if (patch.profile) this.writeProfile(id, { ...this.get(id).profile, ...patch.profile });
    });
  }

  /** What a roster row can set on the rep with this email, read without the rest of the record. */
  rosterFields(email: string): Pick<Rep, 'id' | 'name' | 'role' | 'team' | 'hireDate' | 'coach' | 'managerId' | 'coachedById'> | null {
    const row = this.sql('SELECT id, name, role, team, hire_date, coach, manager_id, coached_by FROM reps WHERE email = ?').get(email.trim().toLowerCase()) as
      | Pick<RepRow, 'id' | 'name' | 'role' | 'team' | 'hire_date' | 'coach' | 'manager_id' | 'coached_by'>
      | undefined;
    return row
      ? {
          id: row.id,
          name: row.name,
          role: row.role,
          team: row.team,
          hireDate: row.hire_date,
          coach: row.coach === 1,
          managerId: row.manager_id,
          coachedById: row.coached_by,
        }
      : null;
  }

  /** Tells listeners, once for a whole batch, about changes made with insert and patch. */
  notifyChanged(ids: string[]): void {
    if (ids.length) this.events.emit('people:changed', { ids });
  }

  archive(id: string): RepDetail {
    return this.setArchived(id, true);
  }

  unarchive(id: string): RepDetail {
    return this.setArchived(id, false);
  }

  private setArchived(id: string, archived: boolean): RepDetail {
    this.get(id);
    const now = this.clock().toISOString();
    this.db
      .prepare('UPDATE reps SET archived_at = ?, updated_at = ? WHERE id = ?')
      .run(archived ? now : null, now, id);
    this.events.emit('people:changed', { ids: [id] });
    return this.get(id);
  }

  private assertEmailFree(email: string, ownId: string | null): void {
    const other = this.rosterFields(email);
    if (other && other.id !== ownId) {
      throw new AppError(ErrorCode.conflict, `${email} is already used by ${other.name}. Each rep needs their own email.`, [
        { path: 'email', message: `Already used by ${other.name}` },
      ]);
    }
  }

  /** The manager must exist and must not be the rep or someone who reports (directly or not) to the rep. */
  private assertManager(id: string, managerId: string): void {
    if (managerId === id) {
      throw new AppError(ErrorCode.invalidInput, 'A rep cannot be their own manager.', [
        { path: 'managerId', message: 'Cannot be the rep themselves' },
      ]);
    }
    const chain = this.sql('SELECT manager_id FROM reps WHERE id = ?');
    let cursor: string | null = managerId;
    const seen = new Set<string>();
    while (cursor) {
      if (cursor === id) {
        throw new AppError(ErrorCode.invalidInput, 'That manager reports to this rep; pick someone else.', [
          { path: 'managerId', message: 'Would make a reporting loop' },
        ]);
      }
      if (seen.has(cursor)) break;
      seen.add(cursor);
      const row = chain.get(cursor) as { manager_id: string | null } | undefined;
      if (!row) {
        if (cursor === managerId) {
          throw new AppError(ErrorCode.invalidInput, `No rep with id ${managerId} to be the manager.`, [
            { path: 'managerId', message: 'Unknown rep' },
          ]);
        }
        break;
      }
      cursor = row.manager_id;
    }
  }

  /** A rep's coach is someone else on the roster (a coach may also be coached, by another person). */
  private assertCoach(id: string, coachId: string): void {
    if (coachId === id) {
      throw new AppError(ErrorCode.invalidInput, 'A rep cannot be their own coach.', [{ path: 'coachedById', message: 'Cannot be the rep themselves' }]);
    }
    if (!this.sql('SELECT 1 FROM reps WHERE id = ?').get(coachId)) {
      throw new AppError(ErrorCode.invalidInput, `No rep with id ${coachId} to be the coach.`, [{ path: 'coachedById', message: 'Unknown rep' }]);
    }
  }

  private writeProfile(id: string, profile: Profile): void {
    // A changed profile keeps what it replaced, so a rep's arc can show what their goals were then.
    const before = this.sql('SELECT * FROM rep_profiles WHERE rep_id = ?').get(id) as ProfileRow | undefined;
    if (before) {
      const old = toProfile(before);
      if ((Object.keys(profile) as (keyof Profile)[]).some((k) => profile[k] !== old[k])) {
        this.sql(
          `INSERT INTO rep_profile_history (rep_id, replaced_at, career_goals, motivators, learning_preference, assessment_type, assessment_result, notes)
           VALUES (@id, @replacedAt, @careerGoals, @motivators, @learningPreference, @assessmentType, @assessmentResult, @notes)`,
        ).run({ id, replacedAt: this.clock().toISOString(), ...old });
      }
    }
    this.sql(
        `INSERT INTO rep_profiles (rep_id, career_goals, motivators, learning_preference, assessment_type, assessment_result, notes)
         VALUES (@id, @careerGoals, @motivators, @learningPreference, @assessmentType, @assessmentResult, @notes)
         ON CONFLICT(rep_id) DO UPDATE SET career_goals = excluded.career_goals, motivators = excluded.motivators,
           learning_preference = excluded.learning_preference, assessment_type = excluded.assessment_type,
           assessment_result = excluded.assessment_result, notes = excluded.notes`,
      )
      .run({ id, ...profile });
  }

  /** Today's calendar date (YYYY-MM-DD) by this core's clock, the day seniority is counted from. */
  today(): string {
    return this.clock().toISOString().slice(0, 10);
  }

  private seniorityContext(): { today: Date; newHireDays: number } {
    return { today: this.clock(), newHireDays: this.settings.get().newHireDays };
  }

  private toRep(row: RepRow, context: { today: Date; newHireDays: number }): Rep {
    return {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      team: row.team,
      managerId: row.manager_id,
      managerName: row.manager_name,
      coachedById: row.coached_by,
      coachedByName: row.coached_by_name,
      hireDate: row.hire_date,
      coach: row.coach === 1,
      seniority: seniorityOf(row.hire_date, context.today, context.newHireDays),
      archived: row.archived_at !== null,
      archivedAt: row.archived_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function toProfile(row: ProfileRow): Profile {
  return {
    careerGoals: row.career_goals,
    motivators: row.motivators,
    learningPreference: row.learning_preference,
    assessmentType: row.assessment_type,
    assessmentResult: row.assessment_result,
    notes: row.notes,
  };
}
