import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { coachingNoteFields as fieldsSchema, type CoachingNote, type CoachingNoteFields } from '../../shared/scorecards';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { assertRevision } from '../revision';
import { writeTransaction } from '../db/open-database';

interface NoteRow {
  id: string;
  coach_id: string;
  coach_name: string;
  rep_id: string;
  rep_name: string;
  week_of: string;
  session_id: string | null;
  goals_reviewed: string;
  practised: string;
  actions: string;
  follow_up_on: string | null;
  created_at: string;
  updated_at: string;
}

const selectNote = `
  SELECT n.*, c.name AS coach_name, r.name AS rep_name
  FROM coaching_notes n JOIN reps c ON c.id = n.coach_id JOIN reps r ON r.id = n.rep_id`;

/** The Monday of the week a date falls in, as YYYY-MM-DD. */
export function mondayOf(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The weekly peer-coaching form: a coach's notes on one colleague's week, with or without a recording. */
export class CoachingNotesService {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  list(filter: { coachId?: string; repId?: string } = {}): CoachingNote[] {
    const where: string[] = [];
    if (filter.coachId !== undefined) where.push('n.coach_id = @coachId');
    if (filter.repId !== undefined) where.push('n.rep_id = @repId');
    const rows = this.sql(`${selectNote}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY n.week_of DESC, r.name`).all({
      coachId: filter.coachId,
      repId: filter.repId,
    }) as NoteRow[];
    return rows.map(toNote);
  }

  get(id: string): CoachingNote {
    const row = this.sql(`${selectNote} WHERE n.id = ?`).get(id) as NoteRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No coaching notes with id ${id}.`);
    return toNote(row);
  }

  /** Creates the week's notes, or replaces them when `id` is given; called as the coach types. */
  save(id: string | undefined, input: CoachingNoteFields, baseRevision?: string): CoachingNote {
    const fields = fieldsSchema.parse(input);
    const weekOf = mondayOf(fields.weekOf);
    const noteId = id ?? uuidv7(this.clock().getTime());
    writeTransaction(this.db, () => {
      const existing = id ? this.get(id) : null;
      if (existing) assertRevision(existing.updatedAt, baseRevision);
      const isNew = !existing;
      this.assertRep(fields.coachId, 'coachId', isNew || existing.coach.id !== fields.coachId);
      this.assertRep(fields.repId, 'repId', isNew || existing.rep.id !== fields.repId);
      if (fields.sessionId && !this.sql('SELECT 1 FROM sessions WHERE id = ?').get(fields.sessionId)) {
        throw new AppError(ErrorCode.invalidInput, `No session with id ${fields.sessionId}.`, [{ path: 'fields.sessionId', message: 'Unknown session' }]);
      }
      const clash = this.sql('SELECT id FROM coaching_notes WHERE coach_id = ? AND rep_id = ? AND week_of = ?').get(fields.coachId, fields.repId, weekOf) as
        | { id: string }
        | undefined;
      if (clash && clash.id !== noteId) {
        throw new AppError(ErrorCode.conflict, `There are already notes from this coach for this colleague in the week of ${weekOf}; open those instead.`, [
          { path: 'fields.weekOf', message: 'Notes for this week exist' },
        ]);
      }
      const now = this.clock().toISOString();
      const values = {
        id: noteId,
        coachId: fields.coachId,
        repId: fields.repId,
        weekOf,
        sessionId: fields.sessionId,
        goalsReviewed: fields.goalsReviewed,
        practised: fields.practised,
        actions: JSON.stringify(fields.actions),
        followUpOn: fields.followUpOn,
        now,
      };
      if (existing) {
        this.sql(
          `UPDATE coaching_notes SET coach_id = @coachId, rep_id = @repId, week_of = @weekOf, session_id = @sessionId, goals_reviewed = @goalsReviewed,
             practised = @practised, actions = @actions, follow_up_on = @followUpOn, updated_at = @now WHERE id = @id`,
        ).run(values);
      } else {
        this.sql(
          `INSERT INTO coaching_notes (id, coach_id, rep_id, week_of, session_id, goals_reviewed, practised, actions, follow_up_on, created_at, updated_at)
           VALUES (@id, @coachId, @repId, @weekOf, @sessionId, @goalsReviewed, @practised, @actions, @followUpOn, @now, @now)`,
        ).run(values);
      }
    });
    this.events.emit('coaching-notes:changed', { ids: [noteId] });
    return this.get(noteId);
  }

  delete(id: string): { id: string } {
    this.get(id);
    this.sql('DELETE FROM coaching_notes WHERE id = ?').run(id);
    this.events.emit('coaching-notes:changed', { ids: [id] });
    return { id };
  }

  /** A rep must exist; an archived one is refused only when newly picked, so old notes stay editable. */
  private assertRep(id: string, field: 'coachId' | 'repId', newlyPicked: boolean): void {
    const rep = this.sql('SELECT name, archived_at FROM reps WHERE id = ?').get(id) as { name: string; archived_at: string | null } | undefined;
    if (!rep) throw new AppError(ErrorCode.invalidInput, `No rep with id ${id}.`, [{ path: `fields.${field}`, message: 'Unknown rep' }]);
    if (rep.archived_at && newlyPicked) {
      throw new AppError(ErrorCode.invalidInput, `${rep.name} is archived.`, [{ path: `fields.${field}`, message: 'Archived' }]);
    }
  }
}

function toNote(row: NoteRow): CoachingNote {
  return {
    id: row.id,
    coach: { id: row.coach_id, name: row.coach_name },
    rep: { id: row.rep_id, name: row.rep_name },
    weekOf: row.week_of,
    sessionId: row.session_id,
    goalsReviewed: row.goals_reviewed,
    practised: row.practised,
    actions: JSON.parse(row.actions) as CoachingNote['actions'],
    followUpOn: row.follow_up_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
