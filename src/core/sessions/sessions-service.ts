import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import {
  focusAreaPatch as focusAreaPatchSchema,
  sessionFields as sessionFieldsSchema,
  sessionFilter as sessionFilterSchema,
  sessionPatch as sessionPatchSchema,
  type FocusArea,
  type Participant,
  type Session,
  type SessionFields,
  type SessionFilter,
  type SessionPatch,
  type SessionStatus,
} from '../../shared/sessions';
import type { SessionsSeen } from '../access/audience';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { heldStatusSql } from './held';
import { writeTransaction } from '../db/open-database';

interface FocusAreaRow {
  id: string;
  name: string;
  description: string;
  builtin: number;
  position: number;
  archived_at: string | null;
}

interface SessionRow {
  id: string;
  program_id: string | null;
  focus_area_id: string;
  focus_area_name: string;
  program_time_zone: string | null;
  held_status: SessionStatus;
  title: string;
  starts_at: string | null;
  ends_at: string | null;
  status: SessionStatus;
  scenario_id: string | null;
  notes: string;
  sequence: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

interface ParticipantRow {
  session_id: string;
  rep_id: string;
  name: string;
  email: string;
  role: Participant['role'];
}

const roleOrder: Record<Participant['role'], number> = { seller: 0, buyer: 1, observer: 2 };

/** Its status is what happened (held.ts): a session with a take reads as held without anyone marking it. */
const selectSession = `
  SELECT s.*, ${heldStatusSql('s')} AS held_status, f.name AS focus_area_name, pr.time_zone AS program_time_zone
  FROM sessions s JOIN focus_areas f ON f.id = s.focus_area_id LEFT JOIN programs pr ON pr.id = s.program_id`;

/** Normalizes an ISO instant with any offset to UTC with milliseconds, so text order is time order. */
export function toUtc(iso: string | null): string | null {
  return iso === null ? null : new Date(iso).toISOString();
}

export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return slug || 'focus';
}

export interface SessionWriteOptions {
  /** false while a batch (such as schedule generation) runs; the batch notifies once. */
  notify?: boolean;
}

export interface SessionCreateOptions extends SessionWriteOptions {
  /**
   * The rep who makes this ad-hoc role-play: it stays unconfirmed for everyone else in it until
   * they confirm it or consent to a take. Not for sessions made by those who lead the people in them.
   */
  createdBy?: string | null;
}

export class SessionsService {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  // Focus areas

  listFocusAreas(options: { includeArchived?: boolean } = {}): FocusArea[] {
    const rows = this.sql(
      `SELECT * FROM focus_areas ${options.includeArchived ? '' : 'WHERE archived_at IS NULL'} ORDER BY position, name`,
    ).all() as FocusAreaRow[];
    return rows.map(toFocusArea);
  }

  getFocusArea(id: string): FocusArea {
    const row = this.sql('SELECT * FROM focus_areas WHERE id = ?').get(id) as FocusAreaRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No focus area "${id}".`, [{ path: 'focusAreaId', message: 'Unknown focus area' }]);
    return toFocusArea(row);
  }

  createFocusArea(input: { name: string; description?: string }): FocusArea {
    const name = input.name.trim();
    this.assertFocusNameFree(name, null);
    const base = slugify(name);
    let id = base;
    for (let n = 2; this.sql('SELECT 1 FROM focus_areas WHERE id = ?').get(id); n++) id = `${base}-${n}`;
    const now = this.clock().toISOString();
    const position = (this.sql('SELECT coalesce(max(position), 0) + 1 AS p FROM focus_areas').get() as { p: number }).p;
    this.sql(
      `INSERT INTO focus_areas (id, name, description, builtin, position, created_at, updated_at)
       VALUES (?, ?, ?, 0, ?, ?, ?)`,
    ).run(id, name, input.description?.trim() ?? '', position, now, now);
    this.events.emit('focus-areas:changed', {});
    return this.getFocusArea(id);
  }

  updateFocusArea(id: string, patchInput: unknown): FocusArea {
    const patch = focusAreaPatchSchema.parse(patchInput);
    const current = this.getFocusArea(id);
    if (patch.name !== undefined) this.assertFocusNameFree(patch.name, id);
    const stored = this.sql('SELECT archived_at FROM focus_areas WHERE id = ?').get(id) as { archived_at: string | null };
    const now = this.clock().toISOString();
    const archivedAt = patch.archived === undefined ? stored.archived_at : patch.archived ? (stored.archived_at ?? now) : null;
    this.sql('UPDATE focus_areas SET name = ?, description = ?, position = ?, archived_at = ?, updated_at = ? WHERE id = ?').run(
      patch.name ?? current.name,
      patch.description ?? current.description,
      patch.position ?? current.position,
      archivedAt,
      now,
      id,
    );
    this.events.emit('focus-areas:changed', {});
    return this.getFocusArea(id);
  }

  private assertFocusNameFree(name: string, ownId: string | null): void {
    const other = this.sql('SELECT id FROM focus_areas WHERE name = ? COLLATE NOCASE').get(name) as { id: string } | undefined;
    if (other && other.id !== ownId) {
      throw new AppError(ErrorCode.conflict, `There is already a focus area called "${name}".`, [
        { path: 'name', message: 'Already in use' },
      ]);
    }
  }

  // Sessions

  /** Sessions in the filter; with `seen`, only those the caller may see. */
  list(filterInput: SessionFilter = {}, seen: SessionsSeen | null = null): Session[] {
    const filter = sessionFilterSchema.parse(filterInput);
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (seen) {
      where.push(seen.where('s.id'));
      Object.assign(params, seen.params);
    }
    if (filter.from) {
      where.push('s.starts_at >= @from');
      params.from = toUtc(filter.from);
    }
    if (filter.to) {
      where.push('s.starts_at < @to');
      params.to = toUtc(filter.to);
    }
    if (filter.programId) {
      where.push('s.program_id = @programId');
      params.programId = filter.programId;
    }
    if (filter.focusAreaId) {
      where.push('s.focus_area_id = @focusAreaId');
      params.focusAreaId = filter.focusAreaId;
    }
    if (filter.repId) {
      // Driven from the person's own rows, not by testing every session of the year.
      where.push('s.id IN (SELECT p.session_id FROM session_participants p WHERE p.rep_id = @repId)');
      params.repId = filter.repId;
    }
    if (filter.unconfirmed) where.push('s.id IN (SELECT u.session_id FROM session_unconfirmed u)');
    if (filter.status?.length) {
      where.push(`s.status IN (${filter.status.map((_, i) => `@status${i}`).join(', ')})`);
      filter.status.forEach((status, i) => (params[`status${i}`] = status));
    }
    const rows = this.sql(
      `${selectSession}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.starts_at IS NULL, s.starts_at, s.created_at`,
    ).all(params) as SessionRow[];
    return this.withParticipants(rows);
  }

  get(id: string): Session {
    const row = this.sql(`${selectSession} WHERE s.id = ?`).get(id) as SessionRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No session with id ${id}.`);
    return this.withParticipants([row])[0]!;
  }

  create(input: SessionFields, options: SessionCreateOptions = {}): Session {
    const fields = sessionFieldsSchema.parse(input);
    const id = uuidv7(this.clock().getTime());
    writeTransaction(this.db, () => {
      this.assertFocusAreaUsable(fields.focusAreaId);
      this.assertTimes(fields.startsAt, fields.endsAt);
      const now = this.clock().toISOString();
      this.sql(
        `INSERT INTO sessions (id, program_id, focus_area_id, title, starts_at, ends_at, status, scenario_id, notes, sequence, created_by, created_at, updated_at)
         VALUES (@id, @programId, @focusAreaId, @title, @startsAt, @endsAt, 'scheduled', @scenarioId, @notes, 0, @createdBy, @now, @now)`,
      ).run({ ...fields, id, startsAt: toUtc(fields.startsAt), endsAt: toUtc(fields.endsAt), createdBy: options.createdBy ?? null, now });
      this.writeParticipants(id, fields.participants);
    });
    if (options.notify !== false) this.events.emit('sessions:changed', { ids: [id] });
    return this.get(id);
  }

  /**
   * Changes one session. What a calendar shows (time, focus, people, status) bumps `sequence`,
   * so an updated .ics replaces the old event instead of adding a second one.
   */
  update(id: string, patchInput: SessionPatch, options: SessionWriteOptions = {}): Session {
    const patch = sessionPatchSchema.parse(patchInput);
    writeTransaction(this.db, () => {
      const current = this.get(id);
      if (patch.focusAreaId !== undefined && patch.focusAreaId !== current.focusAreaId) this.assertFocusAreaUsable(patch.focusAreaId);
      const startsAt = patch.startsAt !== undefined ? toUtc(patch.startsAt) : current.startsAt;
      const endsAt = patch.endsAt !== undefined ? toUtc(patch.endsAt) : current.endsAt;
      this.assertTimes(startsAt, endsAt);
      const participantsChanged =
        patch.participants !== undefined &&
        JSON.stringify(sortParticipants(patch.participants)) !==
          JSON.stringify(sortParticipants(current.participants.map(({ repId, role }) => ({ repId, role }))));
      const visible =
        startsAt !== current.startsAt ||
        endsAt !== current.endsAt ||
        (patch.focusAreaId !== undefined && patch.focusAreaId !== current.focusAreaId) ||
        (patch.status !== undefined && patch.status !== current.status) ||
        (patch.title !== undefined && patch.title !== current.title) ||
        participantsChanged;
      this.sql(
        `UPDATE sessions SET focus_area_id = @focusAreaId, title = @title, starts_at = @startsAt, ends_at = @endsAt,
           notes = @notes, status = @status, scenario_id = @scenarioId, sequence = sequence + @bump, updated_at = @now
         WHERE id = @id`,
      ).run({
        id,
        focusAreaId: patch.focusAreaId ?? current.focusAreaId,
        title: patch.title ?? current.title,
        startsAt,
        endsAt,
        notes: patch.notes ?? current.notes,
        status: patch.status ?? current.status,
        scenarioId: patch.scenarioId !== undefined ? patch.scenarioId : current.scenarioId,
        bump: visible ? 1 : 0,
        now: this.clock().toISOString(),
      });
      if (participantsChanged && patch.participants) {
        this.sql('DELETE FROM session_participants WHERE session_id = ?').run(id);
        this.writeParticipants(id, patch.participants);
      }
    });
    if (options.notify !== false) this.events.emit('sessions:changed', { ids: [id] });
    return this.get(id);
  }

  /**
   * `repId` confirms that the ad-hoc role-play they were named in took place: from now on the
   * scorecards and notes about them on it count. Only someone it is unconfirmed for may.
   */
  confirm(id: string, repId: string): Session {
    const session = this.get(id);
    if (!session.unconfirmedBy.includes(repId)) {
      const named = session.participants.some((p) => p.repId === repId) && session.createdBy !== repId;
      if (named) return session;
      throw new AppError(ErrorCode.forbidden, 'Only a person this role-play names, other than the one who made it, can confirm it.');
    }
    this.sql('INSERT OR IGNORE INTO session_confirmations (session_id, rep_id, confirmed_at) VALUES (?, ?, ?)').run(id, repId, this.clock().toISOString());
    this.events.emit('sessions:changed', { ids: [id] });
    return this.get(id);
  }

  setStatus(id: string, status: SessionStatus): Session {
    return this.update(id, { status });
  }

  notifyChanged(ids: string[]): void {
    if (ids.length) this.events.emit('sessions:changed', { ids });
  }

  private assertFocusAreaUsable(id: string): void {
    const area = this.getFocusArea(id);
    if (area.archived) {
      throw new AppError(ErrorCode.invalidInput, `The focus area "${area.name}" is archived; restore it or pick another.`, [
        { path: 'focusAreaId', message: 'Archived' },
      ]);
    }
  }

  private assertTimes(startsAt: string | null, endsAt: string | null): void {
    if (startsAt && endsAt && new Date(endsAt) < new Date(startsAt)) {
      throw new AppError(ErrorCode.invalidInput, 'The session ends before it starts.', [{ path: 'endsAt', message: 'Before the start' }]);
    }
  }

  private writeParticipants(sessionId: string, participants: { repId: string; role: Participant['role'] }[]): void {
    const rep = this.sql('SELECT name, archived_at FROM reps WHERE id = ?');
    const insert = this.sql('INSERT INTO session_participants (session_id, rep_id, role) VALUES (?, ?, ?)');
    participants.forEach((p, index) => {
      const row = rep.get(p.repId) as { name: string; archived_at: string | null } | undefined;
      if (!row) {
        throw new AppError(ErrorCode.invalidInput, `No rep with id ${p.repId}.`, [
          { path: `participants.${index}.repId`, message: 'Unknown rep' },
        ]);
      }
      if (row.archived_at) {
        throw new AppError(ErrorCode.invalidInput, `${row.name} is archived and cannot join a session.`, [
          { path: `participants.${index}.repId`, message: 'Archived' },
        ]);
      }
      insert.run(sessionId, p.repId, p.role);
    });
  }

  private withParticipants(rows: SessionRow[]): Session[] {
    if (rows.length === 0) return [];
    const byId = new Map<string, Participant[]>();
    const unconfirmed = new Map<string, string[]>();
    // Chunked: SQLite limits the number of bound parameters in one statement.
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const participants = this.db
        .prepare(
          `SELECT p.session_id, p.rep_id, r.name, r.email, p.role FROM session_participants p JOIN reps r ON r.id = p.rep_id
           WHERE p.session_id IN (${chunk.map(() => '?').join(', ')})`,
        )
        .all(...chunk.map((r) => r.id)) as ParticipantRow[];
      for (const p of participants) {
        const list = byId.get(p.session_id) ?? [];
        list.push({ repId: p.rep_id, name: p.name, email: p.email, role: p.role });
        byId.set(p.session_id, list);
      }
      const adHoc = chunk.filter((r) => r.created_by !== null);
      if (adHoc.length) {
        const pending = this.db
          .prepare(`SELECT session_id, rep_id FROM session_unconfirmed WHERE session_id IN (${adHoc.map(() => '?').join(', ')})`)
          .all(...adHoc.map((r) => r.id)) as { session_id: string; rep_id: string }[];
        for (const u of pending) unconfirmed.set(u.session_id, [...(unconfirmed.get(u.session_id) ?? []), u.rep_id]);
      }
    }
    return rows.map((row) => ({
      id: row.id,
      programId: row.program_id,
      focusAreaId: row.focus_area_id,
      focusAreaName: row.focus_area_name,
      title: row.title,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone: row.program_time_zone ?? null,
      status: row.held_status,
      scenarioId: row.scenario_id,
      notes: row.notes,
      sequence: row.sequence,
      participants: (byId.get(row.id) ?? []).sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name)),
      createdBy: row.created_by,
      confirmed: !unconfirmed.has(row.id),
      unconfirmedBy: (unconfirmed.get(row.id) ?? []).sort(),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }
}

function sortParticipants(list: { repId: string; role: string }[]) {
  return [...list].sort((a, b) => a.repId.localeCompare(b.repId));
}

function toFocusArea(row: FocusAreaRow): FocusArea {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    builtin: row.builtin === 1,
    position: row.position,
    archived: row.archived_at !== null,
  };
}
