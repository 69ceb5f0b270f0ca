import { personasFi, rubricCriteriaFi, rubricSectionsFi, rubricTemplatesFi, scenariosFi } from './default-content-fi';
import { defaultPersonas, defaultScenarios } from './default-library';
import { defaultRubricSections, defaultRubricTemplates } from './default-rubrics';

/**
 * A shipped text in Finnish, found by the English text it was seeded with. The key of each shipped
 * item (template focus area, criterion and section key, persona and scenario id) pairs the English
 * original with its translation; the stored text then decides: while it is exactly the shipped
 * English, it is shown in Finnish, and once a team edits it, it is theirs and shown as written.
 * The same mechanism as the built-in focus area names.
 */
export type ShippedPair = readonly [english: string, finnish: string, where: string];

export function shippedPairs(): ShippedPair[] {
  const pairs: ShippedPair[] = [];
  const add = (english: string, finnish: string | undefined, where: string) => {
    if (finnish !== undefined) pairs.push([english, finnish, where]);
  };
  const addList = (english: readonly string[], finnish: readonly string[] | undefined, where: string) => {
    english.forEach((text, i) => add(text, finnish?.[i], `${where}[${i}]`));
  };
  for (const section of defaultRubricSections) {
    const fi = rubricSectionsFi[section.key];
    add(section.title, fi?.title, `section ${section.key} title`);
    add(section.prompt, fi?.prompt, `section ${section.key} prompt`);
  }
  for (const template of defaultRubricTemplates) {
    const fi = rubricTemplatesFi[template.focusAreaId];
    add(template.name, fi?.name, `template ${template.focusAreaId} name`);
    add(template.description, fi?.description, `template ${template.focusAreaId} description`);
    for (const criterion of template.criteria) {
      const cfi = rubricCriteriaFi[criterion.key];
      add(criterion.name, cfi?.name, `criterion ${criterion.key} name`);
      add(criterion.description, cfi?.description, `criterion ${criterion.key} description`);
      addList(criterion.anchors, cfi?.anchors, `criterion ${criterion.key} anchors`);
    }
  }
  for (const persona of defaultPersonas) {
    const fi = personasFi[persona.id];
    add(persona.role, fi?.role, `persona ${persona.id} role`);
    add(persona.company, fi?.company, `persona ${persona.id} company`);
    add(persona.situation, fi?.situation, `persona ${persona.id} situation`);
    addList(persona.pains, fi?.pains, `persona ${persona.id} pains`);
    addList(persona.objections, fi?.objections, `persona ${persona.id} objections`);
    addList(persona.uncover, fi?.uncover, `persona ${persona.id} uncover`);
  }
  for (const scenario of defaultScenarios) {
    const fi = scenariosFi[scenario.id];
    add(scenario.title, fi?.title, `scenario ${scenario.id} title`);
    add(scenario.setup, fi?.setup, `scenario ${scenario.id} setup`);
    add(scenario.sellerGoal, fi?.sellerGoal, `scenario ${scenario.id} sellerGoal`);
    add(scenario.buyerNotes, fi?.buyerNotes, `scenario ${scenario.id} buyerNotes`);
  }
  return pairs;
}

let finnish: Map<string, string> | null = null;

/** The Finnish for a shipped English text, or undefined for any other text (a team's own or edited). */
export function shippedFinnish(text: string): string | undefined {
  finnish ??= new Map(shippedPairs().map(([english, fi]) => [english, fi]));
  return finnish.get(text);
}
