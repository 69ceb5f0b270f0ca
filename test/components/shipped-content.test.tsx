import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../src/renderer/src/app/providers';
import { TemplateLibraryTab } from '../../src/renderer/src/features/coaching/template-library';
import { PersonaLibrary } from '../../src/renderer/src/features/programs/persona-library';
import type { Language } from '../../src/renderer/src/i18n/i18n';
import { defaultPersonas, defaultScenarios } from '../../src/shared/default-library';
import { defaultRubricSections, defaultRubricTemplates } from '../../src/shared/default-rubrics';
import type { Persona, Scenario } from '../../src/shared/programs';
import type { RubricTemplate } from '../../src/shared/scorecards';
import { fakeApi } from './fake-api';

// What a new database holds, as the core lists it: the shipped content, plus one persona the team edited.
const personas: Persona[] = defaultPersonas.map((p) => ({ ...p, builtin: true, archived: false }));
personas[1] = { ...personas[1]!, company: 'Caremo Oy, our biggest healthcare account' };
const scenarios: Scenario[] = defaultScenarios.map((s) => ({ ...s, builtin: true, archived: false }));
const areas = [
  { id: 'discovery', name: 'Discovery', description: '', builtin: true, position: 0, archived: false },
  { id: 'demo', name: 'Demo', description: '', builtin: true, position: 1, archived: false },
];
const templates: RubricTemplate[] = defaultRubricTemplates
  .filter((t) => areas.some((a) => a.id === t.focusAreaId))
  .map((t) => ({
    id: `builtin-${t.focusAreaId}`,
    templateId: `builtin-${t.focusAreaId}`,
    versionId: `builtin-${t.focusAreaId}-v1`,
    version: 1,
    focusAreaId: t.focusAreaId,
    focusAreaName: areas.find((a) => a.id === t.focusAreaId)!.name,
    name: t.name,
    description: t.description,
    criteria: t.criteria.map((c) => ({ id: c.key, key: c.key, name: c.name, description: c.description, weight: c.weight, required: true, anchors: [...c.anchors] })),
    sections: defaultRubricSections,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    builtin: true,
    isDefault: true,
    archived: false,
    versionCount: 1,
    usedBy: 0,
  }));
// The team renamed the demo template and rewrote one anchor: both stay as written.
templates[1] = {
  ...templates[1]!,
  version: 2,
  name: 'Our product demo',
  criteria: templates[1]!.criteria.map((c, i) => (i === 0 ? { ...c, anchors: ['Showed the login screen first.', ...c.anchors.slice(1)] } : c)),
};

function renderIn(language: Language, ui: React.ReactNode) {
  const api = fakeApi({
    'personas:list': () => personas,
    'scenarios:list': () => scenarios,
    'focus-areas:list': () => areas,
    'rubric-templates:list': () => templates,
  });
  render(
    <AppProviders api={api} language={language}>
      {ui}
    </AppProviders>,
  );
}

describe('shipped content in the Finnish UI', () => {
  it('shows the persona library in Finnish, and the team’s edit as written', async () => {
    renderIn('fi', <PersonaLibrary />);
    expect(await screen.findByText('Jäädytetty budjetti')).toBeTruthy();
    expect(screen.getByText('Talousjohtaja, Nordfrakt, logistiikkayritys, 600 työntekijää neljässä maassa')).toBeTruthy();
    expect(screen.getByText('Tarvekartoitus · Maria Lindqvist')).toBeTruthy();
    expect(screen.getByText('IT-päällikkö, Caremo Oy, our biggest healthcare account')).toBeTruthy();
    expect(screen.queryByText('The frozen budget')).toBeNull();

    // The editor holds what the list shows.
    const maria = screen.getByText('Maria Lindqvist').closest('li')!;
    fireEvent.click(within(maria).getByRole('button', { name: 'Muokkaa' }));
    const dialog = await screen.findByRole('dialog');
    expect((within(dialog).getByLabelText('Rooli') as HTMLInputElement).value).toBe('Talousjohtaja');
  });

  it('shows the persona library in English in the English UI', async () => {
    renderIn('en', <PersonaLibrary />);
    expect(await screen.findByText('The frozen budget')).toBeTruthy();
    expect(screen.getByText('Chief Financial Officer, Nordfrakt, a logistics company with 600 employees in four countries')).toBeTruthy();
  });

  it('shows a shipped rubric template in Finnish, criteria, anchors and sections, and an edited one as written', async () => {
    renderIn('fi', <TemplateLibraryTab />);
    expect(await screen.findByRole('heading', { name: 'Tarvekartoituspuhelu' })).toBeTruthy();
    expect(screen.getByText('Avoimet kysymykset')).toBeTruthy();
    expect(screen.getByText(/Lähes pelkkiä kyllä\/ei- tai johdattelevia kysymyksiä/)).toBeTruthy();
    expect(screen.getAllByText('Yksi asia, jota harjoitella seuraavaksi').length).toBeGreaterThan(0);
    expect(screen.queryByText('Discovery call')).toBeNull();

    expect(screen.getByRole('heading', { name: 'Our product demo' })).toBeTruthy();
    expect(screen.getByText(/Showed the login screen first\./)).toBeTruthy();
    // The rest of the edited template is still the shipped text, so it reads in Finnish.
    expect(screen.getByText('Räätälöity löydettyihin ongelmiin')).toBeTruthy();
  });
});
