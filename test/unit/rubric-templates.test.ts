import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/core/db/migrations';
import { openDatabase } from '../../src/core/db/open-database';
import { testCore } from '../support/core';
import { anchors, call, criterionFields, fail, fullContent, team, templateFields } from './scorecards-support';

describe('default rubric templates', () => {
  it('ship one default template per built-in focus area, in focus-area order', async () => {
    const core = testCore();
    const templates = await call(core, 'rubric-templates:list', {});
    expect(templates.map((t) => [t.focusAreaId, t.name, t.version, t.isDefault, t.builtin])).toEqual([
      ['discovery', 'Discovery call', 1, true, true],
      ['demo', 'Demo', 1, true, true],
      ['personas', 'Buyer persona', 1, true, true],
      ['objection-handling', 'Objection handling', 1, true, true],
    ]);
  });

  it('cover what the issue asks for, with five distinct behavioural anchors per criterion', async () => {
    const core = testCore();
    const templates = await call(core, 'rubric-templates:list', {});
    const names = (focus: string) => templates.find((t) => t.focusAreaId === focus)!.criteria.map((c) => c.name);
    expect(names('discovery')).toEqual(expect.arrayContaining(['Open questions', 'Pain and impact', 'Quantifying', 'Next step']));
    expect(names('demo')).toEqual(expect.arrayContaining(['Tailored to discovered pains', 'Storytelling', 'Checking in']));
    expect(names('personas')).toEqual(expect.arrayContaining(['Persona-specific questions', 'Language of the persona’s role']));
    for (const template of templates) {
      expect(template.sections.map((s) => [s.key, s.required])).toEqual([
        ['went-well', false],
        ['to-improve', false],
        ['practise-next', true],
      ]);
      for (const c of template.criteria) {
        expect(c.anchors).toHaveLength(5);
        expect(new Set(c.anchors).size).toBe(5);
        for (const anchor of c.anchors) {
          expect(anchor.length).toBeGreaterThan(20);
          expect(anchor).not.toMatch(/^(poor|fair|good|better|best|excellent)\b/i);
        }
        expect(c.weight).toBeGreaterThan(0);
        expect(c.required).toBe(true);
      }
    }
  });
});

describe('creating a template', () => {
  it('stores criteria with keys, weights, anchors and sections; the first for a focus area becomes its default', async () => {
    const core = testCore();
    const area = await call(core, 'focus-areas:create', { name: 'Cold call' });
    const created = await call(core, 'rubric-templates:create', templateFields({ focusAreaId: area.id, name: 'Cold call opener' }));
    expect(created).toMatchObject({
      focusAreaId: area.id,
      focusAreaName: 'Cold call',
      version: 1,
      isDefault: true,
      builtin: false,
      usedBy: 0,
      criteria: [
        { key: 'questions', name: 'Questions', weight: 2, required: true, anchors },
        { key: 'next-step', name: 'Next step', weight: 1, required: true },
      ],
      sections: [{ key: 'practise-next', title: 'Practise next', prompt: '', required: true }],
    });
    expect(await call(core, 'rubric-templates:get', { id: created.id })).toEqual(created);
    const second = await call(core, 'rubric-templates:create', templateFields({ focusAreaId: area.id, name: 'Second' }));
    expect(second.isDefault).toBe(false);
  });

  it('refuses bad templates with errors that point at the field, and saves nothing', async () => {
    const core = testCore();
    const before = (await call(core, 'rubric-templates:list', {})).length;
    const cases: [Parameters<typeof templateFields>[0], string, RegExp][] = [
      [{ criteria: [] }, 'criteria', /at least one criterion/],
      [{ criteria: [criterionFields('Questions'), criterionFields(' questions ')] }, 'criteria.1.name', /already has this name/],
      [{ criteria: [criterionFields('A', { weight: 0 }), criterionFields('B', { weight: 0 })] }, 'criteria', /add up to zero/],
      [{ criteria: [criterionFields('A', { weight: -1 })] }, 'criteria.0.weight', /negative/],
      [{ criteria: [criterionFields('A', { anchors: anchors.slice(0, 4) })] }, 'criteria.0.anchors', /all five levels/],
      [{ criteria: [criterionFields('A', { anchors: ['a', 'b', ' ', 'd', 'e'] })] }, 'criteria.0.anchors.2', /sees or hears/],
      [{ name: '  ' }, 'name', /Name the template/],
      [{ sections: [{ title: 'Notes' }, { title: 'notes' }] }, 'sections.1.title', /already has this title/],
    ];
    for (const [fields, path, message] of cases) {
      const error = await fail(core, 'rubric-templates:create', templateFields(fields));
      expect(error.code, path).toBe('invalid_input');
      expect(error.issues, path).toContainEqual({ path, message: expect.stringMatching(message) });
    }
    const unknownArea = await fail(core, 'rubric-templates:create', templateFields({ focusAreaId: 'nope' }));
    expect(unknownArea).toMatchObject({ code: 'invalid_input', issues: [{ path: 'focusAreaId' }] });
    expect(await call(core, 'rubric-templates:list', { includeArchived: true })).toHaveLength(before);
  });
});

describe('template versioning', () => {
  it('edits an unused template in place', async () => {
    const core = testCore();
    const created = await call(core, 'rubric-templates:create', templateFields());
    const edited = await call(core, 'rubric-templates:update', {
      id: created.id,
      fields: templateFields({ criteria: [criterionFields('Open questions', { key: 'questions' })] }),
    });
    expect(edited).toMatchObject({ version: 1, versionCount: 1, criteria: [{ key: 'questions', name: 'Open questions' }] });
  });

  it('keeps a used version as it was and puts the edit in a new version; old scorecards keep theirs', async () => {
    const { core, aino, session } = team();
    const discovery = (await call(core, 'rubric-templates:list', { focusAreaId: 'discovery' }))[0]!;
    const first = session();
    const old = await call(core, 'scorecards:start', { sessionId: first.id, reviewerId: aino.id });
    await call(core, 'scorecards:submit', fullContent(old, [4]));

    const fields = {
      focusAreaId: 'discovery',
      name: discovery.name,
      description: discovery.description,
      sections: discovery.sections,
      criteria: [
        ...discovery.criteria.filter((c) => c.key !== 'listening').map(({ key, name, description, weight, required, anchors: a }) => ({
          key,
          name: key === 'open-questions' ? 'Open, curious questions' : name,
          description,
          weight,
          required,
          anchors: a,
        })),
        criterionFields('Listening'),
      ],
    };
    const v2 = await call(core, 'rubric-templates:update', { id: discovery.id, fields });
    expect(v2).toMatchObject({ version: 2, versionCount: 2, usedBy: 0 });
    expect(v2.versionId).not.toBe(discovery.versionId);
    expect(v2.criteria.find((c) => c.name === 'Open, curious questions')!.key).toBe('open-questions');
    // A new criterion never takes the key of a removed one, so it is not compared with it.
    expect(v2.criteria.find((c) => c.name === 'Listening')!.key).toBe('listening-2');

    const kept = await call(core, 'scorecards:get', { id: old.id });
    expect(kept.template).toMatchObject({ version: 1, versionId: discovery.versionId });
    expect(kept.template.criteria.map((c) => c.name)).toEqual(discovery.criteria.map((c) => c.name));
    expect(kept.computation.normalized).toBe(75);

    const fresh = await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: aino.id });
    expect(fresh.template.version).toBe(2);
    expect(await call(core, 'rubric-templates:get', { id: discovery.id, version: 1 })).toMatchObject({ version: 1, usedBy: 1 });
    expect((await call(core, 'rubric-templates:versions', { id: discovery.id })).map((v) => [v.version, v.usedBy])).toEqual([
      [2, 1],
      [1, 1],
    ]);
  });

  it('makes no new version when only the default flag changes or nothing changes', async () => {
    const { core, aino, session } = team();
    const created = await call(core, 'rubric-templates:create', templateFields({ isDefault: false }));
    await call(core, 'scorecards:start', { sessionId: session().id, reviewerId: aino.id, templateId: created.id });
    const same = { ...templateFields(), criteria: created.criteria.map(({ key, name, weight, anchors: a }) => ({ key, name, weight, anchors: a })) };
    same.sections = created.sections;
    const updated = await call(core, 'rubric-templates:update', { id: created.id, fields: { ...same, isDefault: true } });
    expect(updated).toMatchObject({ version: 1, versionCount: 1, isDefault: true });
    const builtin = (await call(core, 'rubric-templates:list', { focusAreaId: 'discovery' })).find((t) => t.builtin)!;
    expect(builtin.isDefault).toBe(false);
  });

  it('refuses a criterion key the template never had', async () => {
    const core = testCore();
    const created = await call(core, 'rubric-templates:create', templateFields());
    const error = await fail(core, 'rubric-templates:update', {
      id: created.id,
      fields: templateFields({ criteria: [criterionFields('X', { key: 'made-up' })] }),
    });
    expect(error).toMatchObject({ code: 'invalid_input', issues: [{ path: 'fields.criteria.0.key' }] });
  });

  it('archives a template so new scorecards no longer use it', async () => {
    const { core, aino, session } = team();
    const discovery = (await call(core, 'rubric-templates:list', { focusAreaId: 'discovery' }))[0]!;
    await call(core, 'rubric-templates:archive', { id: discovery.id, archived: true });
    expect(await call(core, 'rubric-templates:list', { focusAreaId: 'discovery' })).toEqual([]);
    const error = await fail(core, 'scorecards:start', { sessionId: session().id, reviewerId: aino.id });
    expect(error.message).toMatch(/no rubric template for Discovery yet/);
    const explicit = await fail(core, 'scorecards:start', { sessionId: session().id, reviewerId: aino.id, templateId: discovery.id });
    expect(explicit.message).toMatch(/archived/);
  });
});

describe('migration 3 (scorecards)', () => {
  it('seeds the four default templates and guards scorecards in the schema itself', () => {
    const db = openDatabase(':memory:', migrations.filter((m) => m.version <= 3));
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    expect(db.prepare('SELECT count(*) AS n FROM rubric_templates WHERE is_default = 1').get()).toEqual({ n: 4 });
    expect(db.prepare('SELECT count(*) AS n FROM rubric_criteria').get()).toEqual({ n: 17 });
    db.exec(`
      INSERT INTO reps (id, name, email, created_at, updated_at) VALUES ('r1', 'A', 'a@x.fi', '', ''), ('r2', 'B', 'b@x.fi', '', '');
      INSERT INTO sessions (id, focus_area_id, created_at, updated_at) VALUES ('s1', 'discovery', '', '');
      INSERT INTO scorecards (id, session_id, version_id, reviewer_id, reviewee_id, role, created_at, updated_at)
        VALUES ('c1', 's1', 'builtin-discovery-v1', 'r2', 'r1', 'peer', '', '');
    `);
    const score = db.prepare("INSERT INTO scorecard_scores (scorecard_id, criterion_id, score) VALUES ('c1', 'builtin-discovery-v1-listening', ?)");
    expect(() => score.run(6)).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE scorecards SET status = 'submitted' WHERE id = 'c1'").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE scorecards SET role = 'self' WHERE id = 'c1'").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
