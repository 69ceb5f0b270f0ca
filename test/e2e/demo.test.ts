import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { openApp, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

describe('demo data, end to end in Chromium against the browser host', () => {
  it('explores the demo from the first run, leaves it for the empty real data, and removes it', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    const host = await e2e.startHost(dataDir, { REPRISE_NOW: '2026-11-30T09:00:00Z' });
    const { page, problems } = await openApp(e2e.browser(), host.url);
    const banner = page.getByRole('region', { name: 'Demo data in use' });

    await page.getByRole('heading', { name: 'Welcome to Reprise' }).waitFor();
    await page.getByRole('checkbox', { name: 'Skip the sample recordings (quicker)' }).check();
    await page.getByRole('button', { name: 'Explore with demo data' }).click();
    await banner.getByText('You are exploring demo data — nothing here is real').waitFor({ timeout: 60_000 });

    await page.getByRole('navigation').getByRole('link', { name: 'Progress' }).click();
    const heatmap = page.getByRole('figure').first();
    await heatmap.getByRole('button', { name: 'Table' }).click();
    await expect.poll(() => heatmap.getByRole('cell', { name: 'Aino Virtanen' }).count()).toBe(1);
    // The demo's certifications give Progress results around them to show.
    const certified = page.getByRole('region', { name: 'Results around certification' });
    await expect.poll(() => certified.getByRole('cell', { name: 'Win rate' }).count()).toBeGreaterThan(0);
    expect(await banner.isVisible()).toBe(true);
    // The real folder still has nobody in it while the demo is shown.
    expect(fs.existsSync(path.join(dataDir, 'demo', 'reprise.sqlite'))).toBe(true);

    await banner.getByRole('button', { name: 'Leave demo' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await expect.poll(() => page.getByText('Aino Virtanen').count()).toBe(0);
    expect(await rpc<unknown[]>(host.url, 'people:list', {})).toEqual([]);
    await page.getByRole('navigation').getByRole('link', { name: 'Today' }).click();
    await page.getByRole('heading', { name: 'Welcome to Reprise' }).waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    const section = page.getByRole('region', { name: 'Demo data' });
    await section.getByRole('button', { name: 'Remove demo data' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the demo data?' });
    await dialog.getByRole('button', { name: 'Remove demo data' }).click();
    await expect.poll(() => fs.existsSync(path.join(dataDir, 'demo'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'reprise.sqlite'))).toBe(true);
    await section.getByRole('button', { name: 'Explore demo data' }).waitFor();
    expect(await section.getByRole('button', { name: 'Remove demo data' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
