import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/host/cli';
import { tempDir } from '../support/temp-dir';
import { openApp, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

/**
 * The demo workspace of 8 reps over 12 weeks, seeded once for this file; each test that wants it
 * gets its own copy in `dataDir`, and the seed's exit code to check.
 */
let eightReps: Promise<{ dir: string; code: number }> | null = null;
async function seedEightReps(dataDir: string): Promise<number> {
  eightReps ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-test-'));
    const code = await runCli(['--data-dir', dir, 'demo', 'seed', '--reps', '8', '--weeks', '12'], { out: () => undefined, err: () => undefined }, {});
    return { dir, code };
  })();
  const { dir, code } = await eightReps;
  fs.cpSync(dir, dataDir, { recursive: true });
  return code;
}
afterAll(async () => {
  if (eightReps) fs.rmSync((await eightReps).dir, { recursive: true, force: true });
});

describe('Progress, end to end in Chromium against the browser host', () => {
  it('opens a rep from the heatmap, reaches the scorecard behind a cell, and exports a chart', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const seeded = await seedEightReps(dataDir);
    expect(seeded).toBe(0);
    const host = await e2e.startHost(dataDir);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Progress' }).click();
    const heatmapFigure = page.getByRole('figure').first();
    const heatmap = heatmapFigure.locator('.chart__canvas');
    await heatmap.locator('canvas').first().waitFor();
    // How many rows and columns the heatmap has, from its table view.
    await heatmapFigure.getByRole('button', { name: 'Table' }).click();
    const rowCount = await heatmapFigure.locator('tbody tr').count();
    const columns = (await heatmapFigure.locator('thead th').count()) - 1;
    await heatmapFigure.getByRole('button', { name: 'Chart' }).click();

    // The first cell: the grid leaves 150 px on the left, 16 on the right and at the top, 90 at the bottom.
    const clickFirstCell = async () => {
      await heatmap.locator('canvas').first().waitFor();
      await heatmap.scrollIntoViewIfNeeded();
      const box = (await heatmap.boundingBox())!;
      await page.mouse.click(box.x + 150 + (box.width - 166) / columns / 2, box.y + 16 + (box.height - 106) / rowCount / 2);
    };
    await clickFirstCell();
    const detail = page.getByRole('region', { name: 'Scorecards behind the selected cell' });
    const repName = (await detail.getByRole('link').first().textContent())!;
    await detail.getByRole('link', { name: repName }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Development arc' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: repName }).count()).toBe(1);

    await page.goBack();
    await clickFirstCell();
    await detail.getByRole('link').nth(1).click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/coaching\?scorecard=/);
    await expect.poll(() => page.getByText(repName).count()).toBeGreaterThan(0);

    await page.goBack();
    const cadence = page.getByRole('figure', { name: 'Share of planned sessions held, per week' });
    const [csv] = await Promise.all([page.waitForEvent('download'), cadence.getByRole('button', { name: 'CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('cadence.csv');
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('Team or program,Week,Planned,Held,Held %');
    const [png] = await Promise.all([page.waitForEvent('download'), cadence.getByRole('button', { name: 'PNG' }).click()]);
    expect(png.suggestedFilename()).toBe('cadence.png');
    expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
    const [svg] = await Promise.all([page.waitForEvent('download'), cadence.getByRole('button', { name: 'SVG' }).click()]);
    expect(fs.readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);

    await cadence.getByRole('button', { name: 'Table' }).click();
    expect(await cadence.getByRole('columnheader', { name: 'Held %' }).count()).toBe(1);

    // The heatmap's table reaches the same scorecards by keyboard.
    await heatmapFigure.getByRole('button', { name: 'Table' }).click();
    await heatmapFigure.locator('tbody tr').first().getByRole('button').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getByRole('link').count()).toBeGreaterThan(1);
    expect(problems).toEqual([]);
  });

  it('exports the whole heatmap of a team larger than its on-screen window, every rep in the PNG and the SVG', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const seeded = await runCli(['--data-dir', dataDir, 'demo', 'seed', '--reps', '60', '--weeks', '12'], { out: () => undefined, err: () => undefined }, {});
    expect(seeded).toBe(0);
    const host = await e2e.startHost(dataDir);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Progress' }).click();
    const heatmapFigure = page.getByRole('figure').first();
    const heatmap = heatmapFigure.locator('.chart__canvas');
    await heatmap.locator('canvas').first().waitFor();
    await heatmapFigure.getByRole('button', { name: 'Table' }).click();
    const names = await heatmapFigure.locator('tbody tr th, tbody tr td:first-child').allTextContents();
    expect(names.length).toBeGreaterThan(30);
    await heatmapFigure.getByRole('button', { name: 'Chart' }).click();
    await heatmap.locator('canvas').first().waitFor();
    const onScreen = (await heatmap.boundingBox())!.height;

    const [svg] = await Promise.all([page.waitForEvent('download'), heatmapFigure.getByRole('button', { name: 'SVG' }).click()]);
    const text = fs.readFileSync((await svg.path())!, 'utf8');
    for (const name of names) expect(text).toContain(`>${name}<`);
    expect(Number(/<svg[^>]* height="(\d+)"/.exec(text)?.[1])).toBeGreaterThan(onScreen * 1.2);

    const [png] = await Promise.all([page.waitForEvent('download'), heatmapFigure.getByRole('button', { name: 'PNG' }).click()]);
    const bytes = fs.readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20; drawn at two pixels per point.
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(onScreen * 2 * 1.2);
    expect(problems).toEqual([]);
  });

  it('imports a CRM export whose headers it does not know through the column mapping step, in Finnish', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const host = await e2e.startHost(dataDir);
    const { page, problems } = await openApp(e2e.browser(), host.url, { locale: 'fi-FI' });
    await page.evaluate("localStorage.setItem('reprise.language', 'fi')");
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Kehitys' }).click();
    await page.getByRole('button', { name: 'Tuo kaupat' }).click();
    const dialog = page.getByRole('dialog');
    const csv = 'Ref,Rep,Opened,Shut,Value,Result\nX1,aino@example.com,2026-01-01,2026-01-31,100,won\nX2,not-an-email,2026-01-01,2026-01-31,100,won\n';
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByLabel('Myyntimahdollisuuden tunniste (pakollinen)').selectOption('Ref');
    await dialog.getByLabel('Omistajan sähköposti (pakollinen)').selectOption('Rep');
    await dialog.getByLabel('Luontipäivä (pakollinen)').selectOption('Opened');
    await dialog.getByLabel('Sulkemispäivä').selectOption('Shut');
    await dialog.getByLabel('Voitettu (kyllä/ei)').selectOption('Result');
    await dialog.getByRole('button', { name: 'Tuo näillä sarakkeilla' }).click();
    await expect.poll(() => dialog.getByText('Omistaja "not-an-email" ei ole sähköpostiosoite.').count()).toBe(1);
    // The first try, without a mapping, is refused with a 400 by design: that is what opens the mapping step.
    expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  it('shows the certification matrix, opens a rep at their path and reinforcement, and lists the practice due on Today', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    expect(await seedEightReps(dataDir)).toBe(0);
    const host = await e2e.startHost(dataDir);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Progress' }).click();
    await page.getByRole('navigation', { name: 'Progress views' }).getByRole('link', { name: 'Certification' }).click();
    const matrix = page.getByRole('region', { name: 'Certification by rep and focus area' });
    const table = matrix.getByRole('table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(10);
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Discovery/), expect.stringMatching(/^Demo/)]));
    await matrix.getByRole('combobox', { name: 'Team' }).selectOption('Nordics');
    // The core narrows the matrix: the rows change when its answer arrives.
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBeLessThan(10);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    await matrix.getByRole('searchbox', { name: 'Search' }).fill('zzz-nobody');
    await expect.poll(() => matrix.getByText('No one matches the search or team.').count(), { timeout: 10_000 }).toBe(1);
    await matrix.getByRole('searchbox', { name: 'Search' }).fill('');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    const name = (await table.locator('tbody tr').first().getByRole('link').textContent())!;
    await table.getByRole('link', { name }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name }).count(), { timeout: 10_000 }).toBe(1);
    expect(new URL(page.url()).hash).toMatch(/\?section=certification$/);
    const path = page.getByRole('region', { name: 'Certification path' });
    await expect.poll(() => path.getByTestId('cert-area').count().then(async (n) => n + (await path.getByTestId('cert-path-empty').count())), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('heading', { name: 'Memory of each skill' }).count()).toBe(1);

    await page.getByRole('navigation').getByRole('link', { name: 'Today' }).click();
    await page.getByLabel('This computer belongs to').selectOption({ label: name });
    await page.getByRole('button', { name: 'This is me' }).click();
    await expect.poll(() => page.getByTestId('reinforcement-due').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('reinforcement-due').getByRole('heading', { name: 'Reinforcement due' }).count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
