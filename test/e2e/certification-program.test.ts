import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { tempDir } from '../support/temp-dir';
import { storeGrant } from '../unit/certification-support';
import { openApp, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();
const today = '2026-11-30T09:00:00Z';

/** Aino holds Discovery Beginner, so her path shows what Intermediate needs. */
function seed() {
  const dataDir = tempDir();
  const core = createCore({ dataDir, backups: false, clock: () => new Date(today) });
  const maija = core.people.create({ name: 'Maija Kärkkäinen', email: 'maija@example.com', coach: true });
  const aino = core.people.create({ name: 'Aino Virtanen', email: 'aino@example.com' });
  storeGrant(core, { repId: aino.id, focusAreaId: 'discovery', levelIndex: 0, levelName: 'Beginner', grantedAt: '2026-10-01T10:00:00Z', validDays: null, code: 'B7QK-2M9D-X4TR', reviewers: [maija.id] });
  core.close();
  return { dataDir, ainoId: aino.id };
}

describe('the certification program editor, end to end in Chromium against the browser host', () => {
  it('an admin raises a level’s bar and adds a blocker, and the rep’s path then asks for them', { timeout: 120_000 }, async () => {
    const { dataDir, ainoId } = seed();
    const host = await e2e.startHost(dataDir, { REPRISE_NOW: today });
    const { page, problems } = await openApp(e2e.browser(), `${host.url}/#/progress?view=certification`);

    await page.getByRole('button', { name: 'Levels and rules' }).click();
    const dialog = page.getByRole('dialog', { name: 'Certification levels and rules' });
    const intermediate = dialog.getByRole('listitem', { name: 'Intermediate' });
    await intermediate.getByLabel('Lowest overall score').fill('75');
    await intermediate.getByRole('button', { name: 'Add a blocker' }).click();
    await intermediate.getByLabel('Criterion').selectOption({ label: 'Open questions' });
    await intermediate.getByLabel('Lowest score (1–5)').selectOption('4');
    await dialog.getByRole('button', { name: 'Save levels' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('each grant keeps the rules it was made under');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Levels saved. Grants already made are unchanged.').waitFor();
    await dialog.getByText('This focus area has its own levels.').waitFor();

    await page.goto(`${host.url}/#/people/${ainoId}?section=certification`);
    const discovery = page.getByTestId('cert-area').filter({ hasText: 'Discovery' });
    await expect.poll(() => discovery.textContent()).toContain('Role-plays scored 75 or above by a certifier: 0 of 2');
    expect(await discovery.textContent()).toContain('At least 4 on “Open questions” in each of them');
    // The grant made under the old rules stands.
    expect(await discovery.textContent()).toContain('Beginner');
    expect(problems).toEqual([]);
  });
});
