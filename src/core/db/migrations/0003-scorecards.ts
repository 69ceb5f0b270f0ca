import type { Database } from 'better-sqlite3';
import { defaultRubricSections as sections, defaultRubricTemplates as templates } from '../../../shared/default-rubrics';
import type { Migration } from './types';

const seededAt = '2026-01-01T00:00:00.000Z';

function seed(db: Database): void {
  const focusAreaExists = db.prepare('SELECT 1 FROM focus_areas WHERE id = ?');
  const insertTemplate = db.prepare(
    `INSERT INTO rubric_templates (id, focus_area_id, builtin, is_default, created_at, updated_at) VALUES (?, ?, 1, 1, ?, ?)`,
  );
  const insertVersion = db.prepare(
    `INSERT INTO rubric_template_versions (id, template_id, version, name, description, sections, created_at) VALUES (?, ?, 1, ?, ?, ?, ?)`,
  );
  const insertCriterion = db.prepare(
    `INSERT INTO rubric_criteria (id, version_id, key, position, name, description, weight, required, anchors)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  for (const template of templates) {
    if (!focusAreaExists.get(template.focusAreaId)) continue;
    const templateId = `builtin-${template.focusAreaId}`;
    const versionId = `${templateId}-v1`;
    insertTemplate.run(templateId, template.focusAreaId, seededAt, seededAt);
    insertVersion.run(versionId, templateId, template.name, template.description, JSON.stringify(sections), seededAt);
    template.criteria.forEach((c, position) => {
      insertCriterion.run(`${versionId}-${c.key}`, versionId, c.key, position, c.name, c.description, c.weight, JSON.stringify(c.anchors));
    });
  }
}

/** Rubric templates (versioned), scorecards with their revision history, and the weekly peer-coaching notes. */
export const migration0003: Migration = {
  version: 3,
  name: 'scorecards',
  up: (db) => {
    db.exec(`
      CREATE TABLE rubric_templates (
        id TEXT PRIMARY KEY,
        focus_area_id TEXT NOT NULL REFERENCES focus_areas(id),
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX rubric_templates_focus ON rubric_templates(focus_area_id);
      CREATE UNIQUE INDEX rubric_templates_one_default ON rubric_templates(focus_area_id) WHERE is_default = 1;

      -- A version is frozen once any scorecard uses it; editing then adds the next version.
      CREATE TABLE rubric_template_versions (
        id TEXT PRIMARY KEY,
        template_id TEXT NOT NULL REFERENCES rubric_templates(id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        name TEXT NOT NULL CHECK (length(name) > 0),
        description TEXT NOT NULL DEFAULT '',
        sections TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sections) AND json_type(sections) = 'array'),
        created_at TEXT NOT NULL,
        UNIQUE (template_id, version)
      ) STRICT;

      -- key is a criterion's identity across versions, so scores stay comparable when a template changes.
      CREATE TABLE rubric_criteria (
        id TEXT PRIMARY KEY,
        version_id TEXT NOT NULL REFERENCES rubric_template_versions(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        name TEXT NOT NULL CHECK (length(name) > 0),
        description TEXT NOT NULL DEFAULT '',
        weight REAL NOT NULL CHECK (weight >= 0),
        required INTEGER NOT NULL DEFAULT 1 CHECK (required IN (0, 1)),
        anchors TEXT NOT NULL CHECK (json_valid(anchors) AND json_array_length(anchors) = 5),
        UNIQUE (version_id, key),
        UNIQUE (version_id, position),
        UNIQUE (version_id, name COLLATE NOCASE)
      ) STRICT;

      -- The working copy the reviewer edits; what was submitted lives in scorecard_revisions.
      CREATE TABLE scorecards (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        version_id TEXT NOT NULL REFERENCES rubric_template_versions(id),
        reviewer_id TEXT NOT NULL REFERENCES reps(id),
        reviewee_id TEXT NOT NULL REFERENCES reps(id),
        role TEXT NOT NULL CHECK (role IN ('peer', 'self', 'coach')),
        recording_id TEXT,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'revising')),
        revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
        sections TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sections) AND json_type(sections) = 'object'),
        draft_saved_at TEXT,
        submitted_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (session_id, reviewer_id),
        CHECK ((role = 'self') = (reviewer_id = reviewee_id)),
        CHECK ((status = 'draft') = (revision = 0))
      ) STRICT;
      CREATE INDEX scorecards_reviewer ON scorecards(reviewer_id);
      CREATE INDEX scorecards_reviewee ON scorecards(reviewee_id);
      CREATE INDEX scorecards_version ON scorecards(version_id);

      CREATE TABLE scorecard_scores (
        scorecard_id TEXT NOT NULL REFERENCES scorecards(id) ON DELETE CASCADE,
        criterion_id TEXT NOT NULL REFERENCES rubric_criteria(id),
        score INTEGER CHECK (score BETWEEN 1 AND 5),
        comment TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence) AND json_type(evidence) = 'array'),
        PRIMARY KEY (scorecard_id, criterion_id)
      ) STRICT;

      CREATE TABLE scorecard_revisions (
        scorecard_id TEXT NOT NULL REFERENCES scorecards(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        submitted_at TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        overall REAL,
        content TEXT NOT NULL CHECK (json_valid(content)),
        PRIMARY KEY (scorecard_id, revision)
      ) STRICT;

      CREATE TABLE coaching_notes (
        id TEXT PRIMARY KEY,
        coach_id TEXT NOT NULL REFERENCES reps(id),
        rep_id TEXT NOT NULL REFERENCES reps(id),
        week_of TEXT NOT NULL,
        session_id TEXT REFERENCES sessions(id) ON DELETE SET NULL,
        goals_reviewed TEXT NOT NULL DEFAULT '',
        practised TEXT NOT NULL DEFAULT '',
        actions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actions) AND json_type(actions) = 'array'),
        follow_up_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (coach_id, rep_id, week_of),
        CHECK (coach_id <> rep_id)
      ) STRICT;
      CREATE INDEX coaching_notes_rep ON coaching_notes(rep_id);
    `);
    seed(db);
  },
};
