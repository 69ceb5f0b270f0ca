import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probe, resolveFfmpeg } from '../../src/core/media/ffmpeg';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { openApp, recordTake, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

// Runs in the page; this file is type-checked without the DOM.
interface Media {
  currentTime: number;
  paused: boolean;
  addEventListener(type: string, listener: () => void): void;
}
type Doc = { document: { querySelector(selector: string): Media | null } };

describe('Clips, end to end in Chromium against the browser host', () => {
  it('selects a range with I and O, clips it with X and the keyboard, and plays only that range in Great moments', async () => {
    const host = await e2e.startHost(tempDir());
    const aino = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Aino Laine', email: 'aino@example.com' });
    const ben = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Ben Carter', email: 'ben@example.com' });
    const session = await rpc<{ id: string }>(host.url, 'sessions:create', {
      focusAreaId: 'discovery',
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      participants: [
        { repId: aino.id, role: 'seller' },
        { repId: ben.id, role: 'buyer' },
      ],
    });
    const take = await recordTake(host.url, { sessionId: session.id, file: makeMedia('webm-audio', 8), consents: [{ repId: aino.id }, { repId: ben.id }], confirmedBy: 'Ben Carter' });

    const { page, problems } = await openApp(e2e.browser(), `${host.url}/#/library/${take.id}`);
    const player = page.locator('audio.player');
    await player.waitFor();
    await page.waitForFunction(() => (((globalThis as unknown as Doc).document.querySelector('audio.player') as unknown as { readyState: number } | null)?.readyState ?? 0) >= 1);
    await page.getByText('Drag across the waveform, or press I and O, to pick a range.').waitFor();

    // In at 0:02, out at 0:05, by the second.
    for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('i');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('o');
    await page.getByText('Range 0:02–0:05').waitFor();

    // X opens the dialog on the title; a criterion is ticked and the clip saved, all with keys.
    await page.keyboard.press('x');
    const dialog = page.getByRole('dialog', { name: 'Clip 0:02–0:05' });
    await dialog.waitFor();
    await page.keyboard.type('Asks about the budget');
    await dialog.getByRole('checkbox', { name: 'Open questions' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await dialog.getByRole('checkbox', { name: 'Open questions' }).isChecked()).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Clip saved to Great moments for Discovery.').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.clip-item__title', { hasText: 'Asks about the budget' }).waitFor();

    const { rows } = await rpc<{ rows: { startMs: number; endMs: number; criteria: string[]; focusAreaId: string }[] }>(host.url, 'clips:list', { focusAreaId: 'discovery' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ criteria: ['open-questions'], focusAreaId: 'discovery' });
    expect(Math.abs(rows[0]!.startMs - 2000)).toBeLessThan(50);
    expect(Math.abs(rows[0]!.endMs - 5000)).toBeLessThan(50);

    // Great moments, from the Library's tab, filtered to Discovery.
    await page.getByRole('link', { name: 'Library', exact: true }).first().click();
    await page.getByRole('link', { name: 'Great moments' }).click();
    await page.waitForURL(/#\/moments$/);
    await page.getByLabel('Focus area').selectOption({ label: 'Discovery' });
    await page.waitForURL(/#\/moments\?focus=discovery$/);
    const card = page.locator('.moment-card', { hasText: 'Asks about the budget' });
    await card.waitFor();
    await card.getByText('Open questions').waitFor();

    // Every moment heard lies in the range; playback stops at its end.
    const media = card.locator('audio');
    await media.evaluate((el) => {
      const node = el as unknown as Media & { heard: number[] };
      node.heard = [];
      node.addEventListener('timeupdate', () => {
        if (!node.paused) node.heard.push(node.currentTime);
      });
    });
    await card.getByRole('button', { name: 'Play “Asks about the budget” (0:02–0:05)' }).click();
    await media.evaluate(
      (el) =>
        new Promise<void>((resolve) => {
          const node = el as unknown as Media & { heard: number[] };
          const check = () => (node.paused && node.heard.length > 2 ? resolve() : setTimeout(check, 50));
          check();
        }),
    );
    const heard = await media.evaluate((el) => (el as unknown as { heard: number[] }).heard);
    expect(Math.min(...heard)).toBeGreaterThanOrEqual(1.95);
    expect(Math.max(...heard)).toBeLessThanOrEqual(5.05);
    expect(Math.max(...heard)).toBeGreaterThan(4.5);
    expect(await media.evaluate((el) => (el as unknown as Media).currentTime)).toBeCloseTo(rows[0]!.endMs / 1000, 2);

    // Save as file: the cut downloads under the clip's title, as long as the range.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Save as file' }).click()]);
    expect(download.suggestedFilename()).toBe('Asks about the budget.webm');
    const saved = path.join(tempDir(), download.suggestedFilename());
    await download.saveAs(saved);
    expect(Math.abs((await probe(resolveFfmpeg(), saved)).durationMs! - (rows[0]!.endMs - rows[0]!.startMs))).toBeLessThanOrEqual(60);
    await page.getByText('The clip is ready and is being saved as Asks about the budget.webm.').waitFor();
    expect(problems).toEqual([]);
  }, 60_000);
});
