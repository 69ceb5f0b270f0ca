import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import { personaFields, scenarioFields, type Persona, type Scenario, type SessionBrief } from '../../shared/programs';
import type { z } from 'zod';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';

interface PersonaRow {
  id: string;
  name: string;
  role: string;
  company: string;
  situation: string;
  pains: string;
  objections: string;
  uncover: string;
  builtin: number;
  archived_at: string | null;
}

interface ScenarioRow {
  id: string;
  title: string;
  focus_area_id: string | null;
  persona_id: string;
  setup: string;
  seller_goal: string;
  buyer_notes: string;
  builtin: number;
  archived_at: string | null;
}

/** Buyer personas and role-play scenarios: the shipped set plus the team's own. */
export class LibraryService {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  listPersonas(options: { includeArchived?: boolean } = {}): Persona[] {
    const rows = this.sql(`SELECT * FROM personas ${options.includeArchived ? '' : 'WHERE archived_at IS NULL'} ORDER BY builtin DESC, name`).all() as PersonaRow[];
    return rows.map(toPersona);
  }

  /** A session's brief in full; the access rules withhold the buyer's side from its seller. */
  brief(sessionId: string): SessionBrief {
    const session = this.sql(
      `SELECT s.scenario_id AS scenarioId, (SELECT rep_id FROM session_participants p WHERE p.session_id = s.id AND p.role = 'seller') AS sellerId
       FROM sessions s WHERE s.id = ?`,
    ).get(sessionId) as { scenarioId: string | null; sellerId: string | null } | undefined;
    if (!session) throw new AppError(ErrorCode.notFound, 'This session no longer exists.');
    const scenarioRow = session.scenarioId ? (this.sql('SELECT * FROM scenarios WHERE id = ?').get(session.scenarioId) as ScenarioRow | undefined) : undefined;
    const personaRow = scenarioRow ? (this.sql('SELECT * FROM personas WHERE id = ?').get(scenarioRow.persona_id) as PersonaRow | undefined) : undefined;
    return {
      sessionId,
      sellerId: session.sellerId,
      scenario: scenarioRow ? toScenario(scenarioRow) : null,
      persona: personaRow ? toPersona(personaRow) : null,
      withheld: false,
    };
  }

  getPersona(id: string): Persona {
    const row = this.sql('SELECT * FROM personas WHERE id = ?').get(id) as PersonaRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No persona with id ${id}.`, [{ path: 'personaId', message: 'Unknown persona' }]);
    return toPersona(row);
  }

  savePersona(id: string | undefined, input: z.input<typeof personaFields>): Persona {
    const fields = personaFields.parse(input);
    const now = this.clock().toISOString();
    const values = {
      ...fields,
      pains: JSON.stringify(fields.pains),
      objections: JSON.stringify(fields.objections),
      uncover: JSON.stringify(fields.uncover),
      archivedAt: fields.archived ? now : null,
      now,
    };
    let key = id;
    if (key) {
      this.getPersona(key);
      this.sql(
        `UPDATE personas SET name = @name, role = @role, company = @company, situation = @situation, pains = @pains,
           objections = @objections, uncover = @uncover, archived_at = CASE WHEN @archivedAt IS NULL THEN NULL ELSE coalesce(archived_at, @archivedAt) END,
           updated_at = @now WHERE id = @id`,
      ).run({ ...values, id: key });
    } else {
      key = uuidv7(this.clock().getTime());
      this.sql(
        `INSERT INTO personas (id, name, role, company, situation, pains, objections, uncover, builtin, archived_at, created_at, updated_at)
         VALUES (@id, @name, @role, @company, @situation, @pains, @objections, @uncover, 0, @archivedAt, @now, @now)`,
      ).run({ ...values, id: key });
    }
    this.events.emit('library:changed', {});
    return this.getPersona(key);
  }

  listScenarios(options: { focusAreaId?: string; includeArchived?: boolean } = {}): Scenario[] {
    const where: string[] = [];
    if (!options.includeArchived) where.push('archived_at IS NULL');
    if (options.focusAreaId) where.push('(focus_area_id = @focus OR focus_area_id IS NULL)');
    const rows = this.sql(`SELECT * FROM scenarios ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY focus_area_id IS NULL, focus_area_id, builtin DESC, title`).all(
      options.focusAreaId ? { focus: options.focusAreaId } : {},
    ) as ScenarioRow[];
    return rows.map(toScenario);
  }

  getScenario(id: string): Scenario {
    const row = this.sql('SELECT * FROM scenarios WHERE id = ?').get(id) as ScenarioRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No scenario with id ${id}.`);
    return toScenario(row);
  }

  saveScenario(id: string | undefined, input: z.input<typeof scenarioFields>): Scenario {
    const fields = scenarioFields.parse(input);
    const persona = this.getPersona(fields.personaId);
    if (persona.archived && !fields.archived) {
      throw new AppError(ErrorCode.invalidInput, `The persona ${persona.name} is archived; restore it or pick another.`, [{ path: 'personaId', message: 'Archived' }]);
    }
    if (fields.focusAreaId && !this.sql('SELECT 1 FROM focus_areas WHERE id = ?').get(fields.focusAreaId)) {
      throw new AppError(ErrorCode.invalidInput, `No focus area "${fields.focusAreaId}".`, [{ path: 'focusAreaId', message: 'Unknown focus area' }]);
    }
    const now = this.clock().toISOString();
    const values = { ...fields, archivedAt: fields.archived ? now : null, now };
    let key = id;
    if (key) {
      this.getScenario(key);
      this.sql(
        `UPDATE scenarios SET title = @title, focus_area_id = @focusAreaId, persona_id = @personaId, setup = @setup,
           seller_goal = @sellerGoal, buyer_notes = @buyerNotes,
           archived_at = CASE WHEN @archivedAt IS NULL THEN NULL ELSE coalesce(archived_at, @archivedAt) END, updated_at = @now
         WHERE id = @id`,
      ).run({ ...values, id: key });
    } else {
      key = uuidv7(this.clock().getTime());
      this.sql(
        `INSERT INTO scenarios (id, title, focus_area_id, persona_id, setup, seller_goal, buyer_notes, builtin, archived_at, created_at, updated_at)
         VALUES (@id, @title, @focusAreaId, @personaId, @setup, @sellerGoal, @buyerNotes, 0, @archivedAt, @now, @now)`,
      ).run({ ...values, id: key });
    }
    this.events.emit('library:changed', {});
    return this.getScenario(key);
  }
}

/** What the buyer knows and the seller must find out, left out of what the seller sees. */
export function withoutBuyerSide<T extends Persona | Scenario>(item: T): T {
  return 'buyerNotes' in item ? { ...item, buyerNotes: '' } : { ...item, pains: [], objections: [], uncover: [] };
}

function toPersona(row: PersonaRow): Persona {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    company: row.company,
    situation: row.situation,
    pains: JSON.parse(row.pains) as string[],
    objections: JSON.parse(row.objections) as string[],
    uncover: JSON.parse(row.uncover) as string[],
    builtin: row.builtin === 1,
    archived: row.archived_at !== null,
  };
}

function toScenario(row: ScenarioRow): Scenario {
  return {
    id: row.id,
    title: row.title,
    focusAreaId: row.focus_area_id,
    personaId: row.persona_id,
    setup: row.setup,
    sellerGoal: row.seller_goal,
    buyerNotes: row.buyer_notes,
    builtin: row.builtin === 1,
    archived: row.archived_at !== null,
  };
}
