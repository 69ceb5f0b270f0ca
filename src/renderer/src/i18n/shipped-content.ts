import type { Criterion, Section, TemplateVersion } from '../../../shared/scorecards';
import type { Persona, Scenario } from '../../../shared/programs';

type Shipped = (text: string) => string;

/**
 * A template version as the reader sees it: each shipped text in the active language while it is
 * unedited, the team's own texts as written. Keys and ids are untouched, so what is saved still
 * refers to the same criteria and sections.
 */
export function localizeCriterion<C extends Pick<Criterion, 'name' | 'description' | 'anchors'>>(criterion: C, shipped: Shipped): C {
  return { ...criterion, name: shipped(criterion.name), description: shipped(criterion.description), anchors: criterion.anchors.map(shipped) };
}

export function localizeSection<S extends Pick<Section, 'title' | 'prompt'>>(section: S, shipped: Shipped): S {
  return { ...section, title: shipped(section.title), prompt: shipped(section.prompt) };
}

export function localizeTemplate<T extends Pick<TemplateVersion, 'name' | 'description' | 'criteria' | 'sections'>>(template: T, shipped: Shipped): T {
  return {
    ...template,
    name: shipped(template.name),
    description: shipped(template.description),
    criteria: template.criteria.map((c) => localizeCriterion(c, shipped)),
    sections: template.sections.map((s) => localizeSection(s, shipped)),
  };
}

export function localizePersona<P extends Pick<Persona, 'role' | 'company' | 'situation' | 'pains' | 'objections' | 'uncover'>>(persona: P, shipped: Shipped): P {
  return {
    ...persona,
    role: shipped(persona.role),
    company: shipped(persona.company),
    situation: shipped(persona.situation),
    pains: persona.pains.map(shipped),
    objections: persona.objections.map(shipped),
    uncover: persona.uncover.map(shipped),
  };
}

export function localizeScenario<S extends Pick<Scenario, 'title' | 'setup' | 'sellerGoal' | 'buyerNotes'>>(scenario: S, shipped: Shipped): S {
  return { ...scenario, title: shipped(scenario.title), setup: shipped(scenario.setup), sellerGoal: shipped(scenario.sellerGoal), buyerNotes: shipped(scenario.buyerNotes) };
}
