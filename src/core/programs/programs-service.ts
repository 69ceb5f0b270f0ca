import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import {
  programFields as programFieldsSchema,
  programPatch as programPatchSchema,
  weekdays,
  type Absence,
  type ParsedProgramFields,
  type Program,
  type ProgramFields,
  type ProgramPatch,
} from '../../shared/programs';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { firstSessionDate } from './plan';
import { checkTimeZone, zonedToInstant } from './time-zones';
import { writeTransaction } from '../db/open-database';

interface ProgramRow {
  id: string;
  name: string;
  weekday: number;
  time: string;
  duration_minutes: number;
  time_zone: string;
  start_date: string;
  end_date: string | null;
  strategy: Program['strategy'];
  focus_strategy: Program['focusStrategy'];
  repeat_window_weeks: number;
  pair_across_teams: number;
  reminder_minutes: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export function newPairingSeed(): string {
  return randomUUID();
}

/** Made when first needed: a date format costs every command's start tens of milliseconds and megabytes of ICU data. */
let longDateFormat: Intl.DateTimeFormat | null = null;
const longDate = () => (longDateFormat ??= new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));

/** Programs (the weekly rhythm, roster, rotation and strategy) and reps' absences. */
export class ProgramsService {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  list(options: { includeArchived?: boolean } = {}): Program[] {
    const rows = this.sql(`SELECT * FROM programs ${options.includeArchived ? '' : 'WHERE archived_at IS NULL'} ORDER BY name COLLATE NOCASE, created_at`).all() as ProgramRow[];
    return rows.map((row) => this.toProgram(row));
  }

  get(id: string): Program {
    const row = this.sql('SELECT * FROM programs WHERE id = ?').get(id) as ProgramRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No program with id ${id}. List them with: reprise programs list`, [{ path: 'programId', message: 'Unknown program' }]);
    return this.toProgram(row);
  }

  /**
   * Checks what the schema cannot: a real time zone, reps that exist and are active, focus areas that
   * exist, and a first session that exists on the clock. Returns the fields with the zone's canonical name.
   */
  validate(input: ProgramFields, ownId: string | null = null): ParsedProgramFields {
    const fields = programFieldsSchema.parse(input);
    const timeZone = checkTimeZone(fields.timeZone);
    const issues: { path: string; message: string }[] = [];
    const problems: string[] = [];
    const rep = this.sql('SELECT id, name, archived_at FROM reps WHERE id = ?');
    const alreadyIn = ownId ? new Set((this.sql('SELECT rep_id FROM program_reps WHERE program_id = ?').all(ownId) as { rep_id: string }[]).map((r) => r.rep_id)) : new Set<string>();
    fields.repIds.forEach((id, i) => {
      const row = rep.get(id) as { id: string; name: string; archived_at: string | null } | undefined;
      if (!row) {
        issues.push({ path: `repIds.${i}`, message: 'Unknown rep' });
        problems.push(`there is no rep with id ${id}`);
      } else if (row.archived_at && !alreadyIn.has(id)) {
        // Someone archived after joining stays listed (and is left out of pairing); nobody joins archived.
        issues.push({ path: `repIds.${i}`, message: 'Archived' });
        problems.push(`${row.name} is archived: unarchive them in People or leave them out`);
      }
    });
    const alreadyCoach = ownId ? new Set(this.sql('SELECT rep_id FROM program_coaches WHERE program_id = ?').pluck().all(ownId) as string[]) : new Set<string>();
    fields.coachIds.forEach((id, i) => {
      const row = rep.get(id) as { id: string; name: string; archived_at: string | null } | undefined;
      if (!row) {
        issues.push({ path: `coachIds.${i}`, message: 'Unknown rep' });
        problems.push(`there is no one with id ${id} to coach it`);
      } else if (row.archived_at && !alreadyCoach.has(id)) {
        issues.push({ path: `coachIds.${i}`, message: 'Archived' });
        problems.push(`${row.name} is archived and cannot coach it`);
      }
    });
    const focus = this.sql('SELECT id, name, archived_at FROM focus_areas WHERE id = ?');
    fields.focusAreaIds.forEach((id, i) => {
      const row = focus.get(id) as { name: string; archived_at: string | null } | undefined;
      if (!row) {
        issues.push({ path: `focusAreaIds.${i}`, message: 'Unknown focus area' });
        problems.push(`there is no focus area "${id}"`);
      } else if (row.archived_at) {
        issues.push({ path: `focusAreaIds.${i}`, message: 'Archived' });
        problems.push(`the focus area ${row.name} is archived`);
      }
    });
    if (issues.length) throw new AppError(ErrorCode.invalidInput, `Cannot save the program: ${problems.join('; ')}.`, issues);

    const weekday = weekdays.indexOf(fields.weekday);
    const first = firstSessionDate({ weekday, startDate: fields.startDate });
    if (fields.endDate !== null && fields.endDate < first) {
      throw new AppError(ErrorCode.invalidInput, `The program ends on ${fields.endDate}, before its first session on ${first}.`, [
        { path: 'endDate', message: 'Before the first session' },
      ]);
    }
    // A first session inside a daylight-saving gap is refused: the person choosing the time is right
    // here to pick another. Later sessions that hit a gap move forward and the preview says so.
    const start = zonedToInstant(timeZone, first, fields.time);
    if (start.shifted) {
      throw new AppError(
        ErrorCode.invalidInput,
        `${fields.time} does not exist on ${longDate().format(new Date(`${first}T00:00:00Z`))} in ${timeZone}: the clocks jump forward past it. Pick another time or start date.`,
        [{ path: 'time', message: `Does not exist on ${first} (daylight saving)` }],
      );
    }
    return { ...fields, timeZone };
  }

  create(input: ProgramFields): Program {
    const fields = this.validate(input);
    const id = uuidv7(this.clock().getTime());
    const now = this.clock().toISOString();
    writeTransaction(this.db, () => {
      this.sql(
        `INSERT INTO programs (id, name, weekday, time, duration_minutes, time_zone, start_date, end_date, strategy, focus_strategy, repeat_window_weeks, pair_across_teams, reminder_minutes, pairing_seed, created_at, updated_at)
         VALUES (@id, @name, @weekday, @time, @durationMinutes, @timeZone, @startDate, @endDate, @strategy, @focusStrategy, @repeatWindowWeeks, @pairAcrossTeams, @reminderMinutes, @pairingSeed, @now, @now)`,
      ).run({ ...fields, id, weekday: weekdays.indexOf(fields.weekday), pairAcrossTeams: fields.pairAcrossTeams ? 1 : 0, pairingSeed: fields.pairingSeed ?? newPairingSeed(), now });
      this.writeLists(id, fields);
    });
    this.events.emit('programs:changed', { ids: [id] });
    return this.get(id);
  }

  /** What seeds the program's pairing tie-breaks (see programFields.pairingSeed). */
  pairingSeed(id: string): string {
    const row = this.sql('SELECT pairing_seed FROM programs WHERE id = ?').get(id) as { pairing_seed: string } | undefined;
    return row ? row.pairing_seed : this.get(id).id;
  }

  /** Changes the program; sessions already scheduled stay as they are (see schedule:regenerate). */
  update(id: string, patchInput: ProgramPatch): Program {
    const patch = programPatchSchema.parse(patchInput);
    const current = this.get(id);
    const fields = this.validate(
      {
        name: patch.name ?? current.name,
        weekday: patch.weekday ?? current.weekday,
        time: patch.time ?? current.time,
        durationMinutes: patch.durationMinutes ?? current.durationMinutes,
        timeZone: patch.timeZone ?? current.timeZone,
        startDate: patch.startDate ?? current.startDate,
        endDate: patch.endDate !== undefined ? patch.endDate : current.endDate,
        skippedDates: patch.skippedDates ?? current.skippedDates,
        repIds: patch.repIds ?? current.reps.map((r) => r.repId),
        coachIds: patch.coachIds ?? current.coaches.map((r) => r.repId),
        focusAreaIds: patch.focusAreaIds ?? current.focusAreaIds,
        strategy: patch.strategy ?? current.strategy,
        focusStrategy: patch.focusStrategy ?? current.focusStrategy,
        repeatWindowWeeks: patch.repeatWindowWeeks ?? current.repeatWindowWeeks,
        pairAcrossTeams: patch.pairAcrossTeams ?? current.pairAcrossTeams,
        reminderMinutes: patch.reminderMinutes ?? current.reminderMinutes,
      },
      id,
    );
    writeTransaction(this.db, () => {
      this.sql(
        `UPDATE programs SET name = @name, weekday = @weekday, time = @time, duration_minutes = @durationMinutes, time_zone = @timeZone,
           start_date = @startDate, end_date = @endDate, strategy = @strategy, focus_strategy = @focusStrategy, repeat_window_weeks = @repeatWindowWeeks,
           pair_across_teams = @pairAcrossTeams, reminder_minutes = @reminderMinutes, updated_at = @now WHERE id = @id`,
      ).run({ ...fields, id, weekday: weekdays.indexOf(fields.weekday), pairAcrossTeams: fields.pairAcrossTeams ? 1 : 0, now: this.clock().toISOString() });
      this.writeLists(id, fields);
    });
    this.events.emit('programs:changed', { ids: [id] });
    return this.get(id);
  }

  archive(id: string): Program {
    this.get(id);
    const now = this.clock().toISOString();
    this.sql('UPDATE programs SET archived_at = coalesce(archived_at, ?), updated_at = ? WHERE id = ?').run(now, now, id);
    this.events.emit('programs:changed', { ids: [id] });
    return this.get(id);
  }

  listAbsences(repId?: string): Absence[] {
    const rows = (repId
      ? this.sql('SELECT * FROM rep_absences WHERE rep_id = ? ORDER BY from_date').all(repId)
      : this.sql('SELECT * FROM rep_absences ORDER BY from_date').all()) as { id: string; rep_id: string; from_date: string; to_date: string; note: string }[];
    return rows.map((r) => ({ id: r.id, repId: r.rep_id, from: r.from_date, to: r.to_date, note: r.note }));
  }

  /** Marks a rep away (vacation, leave) for whole local days; weeks scheduled after this leave them out. */
  addAbsence(input: { repId: string; from: string; to: string; note: string }): Absence {
    if (!this.sql('SELECT 1 FROM reps WHERE id = ?').get(input.repId)) {
      throw new AppError(ErrorCode.invalidInput, `No rep with id ${input.repId}.`, [{ path: 'repId', message: 'Unknown rep' }]);
    }
    const id = uuidv7(this.clock().getTime());
    this.sql('INSERT INTO rep_absences (id, rep_id, from_date, to_date, note, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      input.repId,
      input.from,
      input.to,
      input.note,
      this.clock().toISOString(),
    );
    this.events.emit('people:changed', { ids: [input.repId] });
    return { id, ...input };
  }

  removeAbsence(id: string): { removed: boolean } {
    const row = this.sql('SELECT rep_id FROM rep_absences WHERE id = ?').get(id) as { rep_id: string } | undefined;
    if (!row) return { removed: false };
    this.sql('DELETE FROM rep_absences WHERE id = ?').run(id);
    this.events.emit('people:changed', { ids: [row.rep_id] });
    return { removed: true };
  }

  private writeLists(id: string, fields: ParsedProgramFields): void {
    this.sql('DELETE FROM program_reps WHERE program_id = ?').run(id);
    this.sql('DELETE FROM program_focus_areas WHERE program_id = ?').run(id);
    this.sql('DELETE FROM program_skipped_dates WHERE program_id = ?').run(id);
    this.sql('DELETE FROM program_coaches WHERE program_id = ?').run(id);
    const coach = this.sql('INSERT INTO program_coaches (program_id, rep_id) VALUES (?, ?)');
    for (const coachId of fields.coachIds) coach.run(id, coachId);
    const rep = this.sql('INSERT INTO program_reps (program_id, rep_id, position) VALUES (?, ?, ?)');
    fields.repIds.forEach((repId, i) => rep.run(id, repId, i));
    const focus = this.sql('INSERT INTO program_focus_areas (program_id, position, focus_area_id) VALUES (?, ?, ?)');
    fields.focusAreaIds.forEach((focusId, i) => focus.run(id, i, focusId));
    const skipped = this.sql('INSERT OR IGNORE INTO program_skipped_dates (program_id, date) VALUES (?, ?)');
    for (const date of fields.skippedDates) skipped.run(id, date);
  }

  private toProgram(row: ProgramRow): Program {
    const reps = this.sql(
      `SELECT r.id, r.name, r.email, r.archived_at FROM program_reps p JOIN reps r ON r.id = p.rep_id WHERE p.program_id = ? ORDER BY p.position`,
    ).all(row.id) as { id: string; name: string; email: string; archived_at: string | null }[];
    const coaches = this.sql(
      `SELECT r.id, r.name, r.email, r.archived_at FROM program_coaches p JOIN reps r ON r.id = p.rep_id WHERE p.program_id = ? ORDER BY r.name COLLATE NOCASE`,
    ).all(row.id) as { id: string; name: string; email: string; archived_at: string | null }[];
    const focus = this.sql('SELECT focus_area_id FROM program_focus_areas WHERE program_id = ? ORDER BY position').all(row.id) as { focus_area_id: string }[];
    const skipped = this.sql('SELECT date FROM program_skipped_dates WHERE program_id = ? ORDER BY date').all(row.id) as { date: string }[];
    return {
      id: row.id,
      name: row.name,
      weekday: weekdays[row.weekday]!,
      time: row.time,
      durationMinutes: row.duration_minutes,
      timeZone: row.time_zone,
      startDate: row.start_date,
      endDate: row.end_date,
      skippedDates: skipped.map((s) => s.date),
      reps: reps.map((r) => ({ repId: r.id, name: r.name, email: r.email, archived: r.archived_at !== null })),
      coaches: coaches.map((r) => ({ repId: r.id, name: r.name, email: r.email, archived: r.archived_at !== null })),
      focusAreaIds: focus.map((f) => f.focus_area_id),
      strategy: row.strategy,
      focusStrategy: row.focus_strategy,
      repeatWindowWeeks: row.repeat_window_weeks,
      pairAcrossTeams: row.pair_across_teams === 1,
      reminderMinutes: row.reminder_minutes,
      archived: row.archived_at !== null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
