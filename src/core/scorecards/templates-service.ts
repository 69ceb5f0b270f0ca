import type { Database, Statement } from 'better-sqlite3';
import { AppError, ErrorCode } from '../../shared/errors';
import {
  templateFields as templateFieldsSchema,
  type Criterion,
  type RubricTemplate,
  type Section,
  type TemplateFields,
  type TemplateVersion,
} from '../../shared/scorecards';
import type { Clock } from '../clock';
import { statementCache } from '../db/statements';
import type { CoreEvents } from '../events';
import { uuidv7 } from '../ids';
import { writeTransaction } from '../db/open-database';

interface TemplateRow {
  id: string;
  focus_area_id: string;
  focus_area_name: string;
  builtin: number;
  is_default: number;
  archived_at: string | null;
  updated_at: string;
}

interface VersionRow {
  id: string;
  template_id: string;
  version: number;
  name: string;
  description: string;
  sections: string;
  created_at: string;
}

interface CriterionRow {
  id: string;
  version_id: string;
  key: string;
  name: string;
  description: string;
  weight: number;
  required: number;
  anchors: string;
}

type ParsedFields = ReturnType<typeof templateFieldsSchema.parse>;

const selectTemplate = `
  SELECT t.*, f.name AS focus_area_name FROM rubric_templates t JOIN focus_areas f ON f.id = t.focus_area_id`;

function sameContent(version: TemplateVersion, fields: ParsedFields): boolean {
  const current = {
    name: version.name,
    description: version.description,
    criteria: version.criteria.map(({ key, name, description, weight, required, anchors }) => ({ key, name, description, weight, required, anchors })),
    sections: version.sections,
  };
  const next = {
    name: fields.name,
    description: fields.description,
    criteria: fields.criteria.map((c, i) => ({
      key: c.key ?? `\0new${i}`,
      name: c.name,
      description: c.description,
      weight: c.weight,
      required: c.required,
      anchors: c.anchors,
    })),
    sections: fields.sections.map((s, i) => ({ key: s.key ?? `\0new${i}`, title: s.title, prompt: s.prompt, required: s.required })),
  };
  return JSON.stringify(current) === JSON.stringify(next);
}

/** Rubric templates per focus area, with versions that freeze once a scorecard uses them. */
export class TemplatesService {
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Database,
    private readonly events: CoreEvents,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  list(options: { focusAreaId?: string; includeArchived?: boolean } = {}): RubricTemplate[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (!options.includeArchived) where.push('t.archived_at IS NULL');
    if (options.focusAreaId) {
      where.push('t.focus_area_id = @focusAreaId');
      params.focusAreaId = options.focusAreaId;
    }
    const rows = this.sql(
      `${selectTemplate}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY f.position, f.name, t.is_default DESC, t.created_at, t.id`,
    ).all(params) as TemplateRow[];
    return rows.map((row) => this.toTemplate(row, this.latestVersionRow(row.id)));
  }

  get(id: string, version?: number): RubricTemplate {
    const row = this.templateRow(id);
    const versionRow =
      version === undefined
        ? this.latestVersionRow(id)
        : (this.sql('SELECT * FROM rubric_template_versions WHERE template_id = ? AND version = ?').get(id, version) as VersionRow | undefined);
    if (!versionRow) throw new AppError(ErrorCode.notFound, `The template has no version ${version}.`, [{ path: 'version', message: 'No such version' }]);
    return this.toTemplate(row, versionRow);
  }

  versions(id: string): (TemplateVersion & { usedBy: number })[] {
    const row = this.templateRow(id);
    const versions = this.sql('SELECT * FROM rubric_template_versions WHERE template_id = ? ORDER BY version DESC').all(id) as VersionRow[];
    return versions.map((v) => ({ ...this.toVersion(v, row.focus_area_id), usedBy: this.usedBy(v.id) }));
  }

  /** The version a scorecard was filled against, whatever has happened to the template since. */
  version(versionId: string): TemplateVersion {
    const row = this.sql(
      `SELECT v.*, t.focus_area_id FROM rubric_template_versions v JOIN rubric_templates t ON t.id = v.template_id WHERE v.id = ?`,
    ).get(versionId) as (VersionRow & { focus_area_id: string }) | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No template version ${versionId}.`);
    return this.toVersion(row, row.focus_area_id);
  }

  /** The template a new scorecard for this focus area uses: the default one, else the oldest active one. */
  defaultFor(focusAreaId: string): RubricTemplate | null {
    const row = this.sql(
      `${selectTemplate} WHERE t.focus_area_id = ? AND t.archived_at IS NULL ORDER BY t.is_default DESC, t.created_at, t.id LIMIT 1`,
    ).get(focusAreaId) as TemplateRow | undefined;
    return row ? this.toTemplate(row, this.latestVersionRow(row.id)) : null;
  }

  create(input: TemplateFields): RubricTemplate {
    const fields = templateFieldsSchema.parse(input);
    const id = uuidv7(this.clock().getTime());
    writeTransaction(this.db, () => {
      this.assertFocusArea(fields.focusAreaId);
      const now = this.clock().toISOString();
      const first = !this.sql('SELECT 1 FROM rubric_templates WHERE focus_area_id = ? AND archived_at IS NULL').get(fields.focusAreaId);
      this.sql('INSERT INTO rubric_templates (id, focus_area_id, builtin, is_default, created_at, updated_at) VALUES (?, ?, 0, 0, ?, ?)').run(
        id,
        fields.focusAreaId,
        now,
        now,
      );
      if (fields.isDefault ?? first) this.makeDefault(id, fields.focusAreaId);
      this.insertVersion(id, 1, fields, new Set(), now);
    });
    this.events.emit('rubric-templates:changed', { ids: [id] });
    return this.get(id);
  }

  /**
   * Replaces the template's content. While no scorecard uses the latest version it is edited in
   * place; once one does, that version is kept as it is and the content becomes the next version.
   */
  update(id: string, input: TemplateFields): RubricTemplate {
    const fields = templateFieldsSchema.parse(input);
    writeTransaction(this.db, () => {
      const row = this.templateRow(id);
      if (fields.focusAreaId !== row.focus_area_id) this.assertFocusArea(fields.focusAreaId);
      const latest = this.latestVersionRow(id);
      const now = this.clock().toISOString();
      this.assertKnownKeys(id, fields);
      if (!sameContent(this.toVersion(latest, row.focus_area_id), fields)) {
        const knownKeys = new Set(
          (this.sql('SELECT DISTINCT c.key FROM rubric_criteria c JOIN rubric_template_versions v ON v.id = c.version_id WHERE v.template_id = ?').all(id) as {
            key: string;
          }[]).map((r) => r.key),
        );
        if (this.usedBy(latest.id) > 0) {
          this.insertVersion(id, latest.version + 1, fields, knownKeys, now);
        } else {
          this.sql('DELETE FROM rubric_criteria WHERE version_id = ?').run(latest.id);
          this.sql('UPDATE rubric_template_versions SET name = ?, description = ?, sections = ? WHERE id = ?').run(
            fields.name,
            fields.description,
            JSON.stringify(withSectionKeys(fields.sections)),
            latest.id,
          );
          this.insertCriteria(latest.id, fields, knownKeys);
        }
      }
      this.sql('UPDATE rubric_templates SET focus_area_id = ?, updated_at = ? WHERE id = ?').run(fields.focusAreaId, now, id);
      if (fields.isDefault === true) this.makeDefault(id, fields.focusAreaId);
      else if (fields.isDefault === false || fields.focusAreaId !== row.focus_area_id) {
        this.sql('UPDATE rubric_templates SET is_default = 0 WHERE id = ?').run(id);
      }
    });
    this.events.emit('rubric-templates:changed', { ids: [id] });
    return this.get(id);
  }

  setArchived(id: string, archived: boolean): RubricTemplate {
    const row = this.templateRow(id);
    const now = this.clock().toISOString();
    writeTransaction(this.db, () => {
      this.sql('UPDATE rubric_templates SET archived_at = ?, is_default = CASE WHEN ? THEN 0 ELSE is_default END, updated_at = ? WHERE id = ?').run(
        archived ? (row.archived_at ?? now) : null,
        archived ? 1 : 0,
        now,
        id,
      );
    });
    this.events.emit('rubric-templates:changed', { ids: [id] });
    return this.get(id);
  }

  private assertFocusArea(focusAreaId: string): void {
    const area = this.sql('SELECT name, archived_at FROM focus_areas WHERE id = ?').get(focusAreaId) as
      | { name: string; archived_at: string | null }
      | undefined;
    if (!area) throw new AppError(ErrorCode.invalidInput, `No focus area "${focusAreaId}".`, [{ path: 'focusAreaId', message: 'Unknown focus area' }]);
    if (area.archived_at) {
      throw new AppError(ErrorCode.invalidInput, `The focus area "${area.name}" is archived; restore it or pick another.`, [
        { path: 'focusAreaId', message: 'Archived' },
      ]);
    }
  }

  /** A key given by the editor must be one this template has used; new criteria come without one. */
  private assertKnownKeys(id: string, fields: ParsedFields): void {
    const known = this.sql(
      'SELECT 1 FROM rubric_criteria c JOIN rubric_template_versions v ON v.id = c.version_id WHERE v.template_id = ? AND c.key = ?',
    );
    fields.criteria.forEach((c, index) => {
      if (c.key !== undefined && !known.get(id, c.key)) {
        throw new AppError(ErrorCode.invalidInput, `The criterion "${c.name}" refers to a key this template never had.`, [
          { path: `fields.criteria.${index}.key`, message: 'Unknown key; leave it out for a new criterion' },
        ]);
      }
    });
  }

  private makeDefault(id: string, focusAreaId: string): void {
    this.sql('UPDATE rubric_templates SET is_default = 0 WHERE focus_area_id = ? AND id <> ?').run(focusAreaId, id);
    this.sql('UPDATE rubric_templates SET is_default = 1 WHERE id = ?').run(id);
  }

  private insertVersion(templateId: string, version: number, fields: ParsedFields, knownKeys: Set<string>, now: string): void {
    const versionId = uuidv7(this.clock().getTime());
    this.sql(
      'INSERT INTO rubric_template_versions (id, template_id, version, name, description, sections, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(versionId, templateId, version, fields.name, fields.description, JSON.stringify(withSectionKeys(fields.sections)), now);
    this.insertCriteria(versionId, fields, knownKeys);
  }

  /**
   * New criteria get a key from their name that no earlier version of the template used, so a
   * new criterion is never mistaken for a removed one when versions are compared.
   */
  private insertCriteria(versionId: string, fields: ParsedFields, knownKeys: Set<string>): void {
    const taken = new Set([...knownKeys, ...fields.criteria.flatMap((c) => (c.key ? [c.key] : []))]);
    const insert = this.sql(
      `INSERT INTO rubric_criteria (id, version_id, key, position, name, description, weight, required, anchors)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    fields.criteria.forEach((c, position) => {
      let key = c.key;
      if (!key) {
        const base = keyFrom(c.name, 'criterion');
        key = base;
        for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
        taken.add(key);
      }
      insert.run(uuidv7(this.clock().getTime()), versionId, key, position, c.name, c.description, c.weight, c.required ? 1 : 0, JSON.stringify(c.anchors));
    });
  }

  private templateRow(id: string): TemplateRow {
    const row = this.sql(`${selectTemplate} WHERE t.id = ?`).get(id) as TemplateRow | undefined;
    if (!row) throw new AppError(ErrorCode.notFound, `No rubric template with id ${id}.`);
    return row;
  }

  private latestVersionRow(templateId: string): VersionRow {
    return this.sql('SELECT * FROM rubric_template_versions WHERE template_id = ? ORDER BY version DESC LIMIT 1').get(templateId) as VersionRow;
  }

  private usedBy(versionId: string): number {
    return (this.sql('SELECT count(*) AS n FROM scorecards WHERE version_id = ?').get(versionId) as { n: number }).n;
  }

  private toVersion(row: VersionRow, focusAreaId: string): TemplateVersion {
    const criteria = this.sql('SELECT * FROM rubric_criteria WHERE version_id = ? ORDER BY position').all(row.id) as CriterionRow[];
    return {
      templateId: row.template_id,
      versionId: row.id,
      version: row.version,
      focusAreaId,
      name: row.name,
      description: row.description,
      criteria: criteria.map(toCriterion),
      sections: JSON.parse(row.sections) as Section[],
      createdAt: row.created_at,
    };
  }

  private toTemplate(row: TemplateRow, versionRow: VersionRow): RubricTemplate {
    const count = (this.sql('SELECT count(*) AS n FROM rubric_template_versions WHERE template_id = ?').get(row.id) as { n: number }).n;
    return {
      ...this.toVersion(versionRow, row.focus_area_id),
      id: row.id,
      focusAreaName: row.focus_area_name,
      builtin: row.builtin === 1,
      isDefault: row.is_default === 1,
      archived: row.archived_at !== null,
      versionCount: count,
      usedBy: this.usedBy(versionRow.id),
      updatedAt: row.updated_at,
    };
  }
}

/** A readable key from a name: `Pain & impact` → `pain-impact`. */
function keyFrom(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || fallback;
}

function withSectionKeys(sections: ParsedFields['sections']): Section[] {
  const taken = new Set(sections.flatMap((s) => (s.key ? [s.key] : [])));
  return sections.map((s) => {
    let key = s.key;
    if (!key) {
      const base = keyFrom(s.title, 'section');
      key = base;
      for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
      taken.add(key);
    }
    return { key, title: s.title, prompt: s.prompt, required: s.required };
  });
}

function toCriterion(row: CriterionRow): Criterion {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    weight: row.weight,
    required: row.required === 1,
    anchors: JSON.parse(row.anchors) as string[],
  };
}
