import { describe, expect, it } from 'vitest';
import { localizePersona, localizeScenario, localizeTemplate } from '../../src/renderer/src/i18n/shipped-content';
import { personasFi, rubricCriteriaFi, rubricSectionsFi, rubricTemplatesFi, scenariosFi } from '../../src/shared/default-content-fi';
import { defaultPersonas, defaultScenarios } from '../../src/shared/default-library';
import { defaultRubricSections, defaultRubricTemplates } from '../../src/shared/default-rubrics';
import { shippedFinnish, shippedPairs } from '../../src/shared/shipped-text';
import { testCore } from '../support/core';
import { call } from './scorecards-support';

const inFinnish = (text: string) => shippedFinnish(text) ?? text;

describe('the shipped content in Finnish', () => {
  it('translates every shipped text, keyed like the English, with nothing left over', () => {
    const criteria = defaultRubricTemplates.flatMap((t) => t.criteria);
    expect(Object.keys(rubricTemplatesFi).sort()).toEqual(defaultRubricTemplates.map((t) => t.focusAreaId).sort());
    expect(Object.keys(rubricCriteriaFi).sort()).toEqual([...new Set(criteria.map((c) => c.key))].sort());
    expect(Object.keys(rubricSectionsFi).sort()).toEqual(defaultRubricSections.map((s) => s.key).sort());
    expect(Object.keys(personasFi).sort()).toEqual(defaultPersonas.map((p) => p.id).sort());
    expect(Object.keys(scenariosFi).sort()).toEqual(defaultScenarios.map((s) => s.id).sort());
    for (const p of defaultPersonas) {
      const fi = personasFi[p.id]!;
      expect([fi.pains.length, fi.objections.length, fi.uncover.length], p.id).toEqual([p.pains.length, p.objections.length, p.uncover.length]);
    }
    for (const c of criteria) expect(rubricCriteriaFi[c.key]!.anchors, c.key).toHaveLength(5);

    const pairs = shippedPairs();
    const byEnglish = new Map<string, Set<string>>();
    for (const [english, finnish, where] of pairs) {
      expect(finnish.trim(), where).not.toBe('');
      byEnglish.set(english, (byEnglish.get(english) ?? new Set()).add(finnish));
      // Only "Demo" reads the same in both languages.
      if (english !== 'Demo') expect(finnish, where).not.toBe(english);
    }
    // One English text, one Finnish text: the lookup cannot depend on where a text appears.
    for (const [english, finnish] of byEnglish) expect([...finnish], english).toHaveLength(1);
  });

  it('uses one word for each thing: myyjä for the seller and ostaja for the buyer', () => {
    const finnish = shippedPairs().map(([, fi]) => fi).join('\n');
    expect(finnish).toMatch(/myyjä/i);
    expect(finnish).toMatch(/ostaja/i);
    for (const other of [/myyntiedustaja/i, /\bedustaja\b/i, /asiakasyritys/i, /\bseller\b/i, /\bbuyer\b/i, /\bpain\b/i]) {
      expect(finnish).not.toMatch(other);
    }
  });

  it('shows the templates, personas and scenarios a new database holds in Finnish, and a team’s edit as written', async () => {
    const core = testCore();
    const templates = await call(core, 'rubric-templates:list', {});
    expect(templates).toHaveLength(4);
    for (const template of templates) {
      const shown = localizeTemplate(template, inFinnish);
      const texts = [shown.name, shown.description, ...shown.criteria.flatMap((c) => [c.name, c.description, ...c.anchors]), ...shown.sections.flatMap((s) => [s.title, s.prompt])];
      const stored = [template.name, template.description, ...template.criteria.flatMap((c) => [c.name, c.description, ...c.anchors]), ...template.sections.flatMap((s) => [s.title, s.prompt])];
      texts.forEach((text, i) => {
        if (stored[i] !== 'Demo') expect(text, stored[i]).not.toBe(stored[i]);
      });
    }
    const discovery = localizeTemplate(templates.find((t) => t.focusAreaId === 'discovery')!, inFinnish);
    expect(discovery.name).toBe('Tarvekartoituspuhelu');
    expect(discovery.criteria.map((c) => c.name)).toContain('Avoimet kysymykset');
    expect(discovery.sections.map((s) => s.title)).toEqual(['Mikä onnistui', 'Mitä parantaa', 'Yksi asia, jota harjoitella seuraavaksi']);

    const personas = await call(core, 'personas:list', {});
    const maria = personas.find((p) => p.id === 'builtin-cfo-maria')!;
    expect(localizePersona(maria, inFinnish).role).toBe('Talousjohtaja');
    const scenarios = await call(core, 'scenarios:list', {});
    for (const s of scenarios) expect(localizeScenario(s, inFinnish).sellerGoal, s.id).not.toBe(s.sellerGoal);

    // The team rewrites Maria's situation and one objection: those stay as written, the rest is still shipped.
    const edited = await call(core, 'personas:save', {
      id: maria.id,
      fields: {
        name: maria.name,
        role: maria.role,
        company: maria.company,
        situation: 'Maria is new in the job and reviewing every contract.',
        pains: maria.pains,
        objections: ['We already have a tool for this.', ...maria.objections.slice(1)],
        uncover: maria.uncover,
      },
    });
    const shownEdited = localizePersona(edited, inFinnish);
    expect(shownEdited.situation).toBe('Maria is new in the job and reviewing every contract.');
    expect(shownEdited.objections[0]).toBe('We already have a tool for this.');
    expect(shownEdited.objections[1]).toBe('ERP-toimittajamme sanoo, että heidän seuraava versionsa tekee tämän.');
    expect(shownEdited.role).toBe('Talousjohtaja');
  });
});
