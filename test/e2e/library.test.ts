import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { openApp, recordTake, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

describe('Library, end to end in Chromium against the browser host', () => {
  it('finds a take by a word from a comment typed without its diacritics, opens the player at that moment and comments there with the keyboard', async () => {
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
    const take = await recordTake(host.url, { sessionId: session.id, file: makeMedia('webm-audio', 6), consents: [{ repId: aino.id }, { repId: ben.id }], confirmedBy: 'Ben Carter' });
    await rpc(host.url, 'comments:add', { recordingId: take.id, atMs: 1500, body: 'Käyttöönoton aikataulu sovittiin', author: 'ben@example.com' });

    const { page, problems } = await openApp(e2e.browser(), `${host.url}/#/library`);
    await page.getByRole('link', { name: 'Discovery · Aino Laine & Ben Carter' }).waitFor();
    await page.getByLabel('Search recordings').fill('kayttoonoton');
    await page.waitForURL(/#\/library\?q=kayttoonoton$/);
    await page.locator('.library-row__snippet mark').first().waitFor();
    expect(await page.locator('.library-row__snippet mark').allTextContents()).toEqual(['Käyttöönoton']);

    await page.getByRole('link', { name: 'Open at 0:01' }).click();
    await page.waitForURL(new RegExp(`#/library/${take.id}\\?t=1500$`));
    const player = page.locator('audio.player');
    await player.waitFor();
    // Runs in the page; this file is type-checked without the DOM.
    type Doc = { document: { querySelector(selector: string): { currentTime: number } | null } };
    await page.waitForFunction(() => Math.abs(((globalThis as unknown as Doc).document.querySelector('audio.player')?.currentTime ?? 0) - 1.5) < 0.05);
    expect(await player.evaluate((el) => (el as unknown as { currentTime: number }).currentTime)).toBeCloseTo(1.5, 1);

    // The player's keys: back a second, next comment, faster, a marker here, the shortcuts sheet.
    const time = () => player.evaluate((el) => (el as unknown as { currentTime: number }).currentTime);
    await page.keyboard.press('Shift+ArrowLeft');
    expect(await time()).toBeCloseTo(0.5, 1);
    await page.keyboard.press('n');
    expect(await time()).toBeCloseTo(1.5, 1);
    await page.keyboard.press(']');
    expect(await player.evaluate((el) => (el as unknown as { playbackRate: number }).playbackRate)).toBe(1.25);
    await page.getByText('1.25× speed').waitFor();
    await page.keyboard.press('m');
    await page.getByText('Marker added at 0:01').waitFor();
    // The media may land a few ms off the asked time (it seeks to what it can decode).
    const { markers } = await rpc<{ markers: { offsetMs: number }[] }>(host.url, 'recordings:get', { id: take.id });
    expect(markers).toHaveLength(1);
    expect(Math.abs(markers[0]!.offsetMs - 1500)).toBeLessThan(50);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });

    // C writes a comment at the playhead; Ctrl+Enter adds it, and it is found like any other.
    await page.keyboard.press('c');
    await page.keyboard.type('Hyvä tauko ennen hintaa');
    await page.keyboard.press('Control+Enter');
    await page.locator('.comment__body', { hasText: 'Hyvä tauko ennen hintaa' }).waitFor();
    const comments = await rpc<{ body: string; atMs: number }[]>(host.url, 'comments:list', { recordingId: take.id });
    expect(comments.map((c) => c.body)).toEqual(['Käyttöönoton aikataulu sovittiin', 'Hyvä tauko ennen hintaa']);
    expect(Math.abs(comments[1]!.atMs - 1500)).toBeLessThan(50);

    // The view is in the address: going back shows the same search.
    await page.goBack();
    await page.getByRole('link', { name: 'Open at 0:01' }).waitFor();
    expect(await page.getByLabel('Search recordings').inputValue()).toBe('kayttoonoton');
    expect(problems).toEqual([]);
  });

  it('plays a camera take that has no sound, with its thumbnail, and says why there is no waveform or analysis', async () => {
    const host = await e2e.startHost(tempDir());
    const aino = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Aino Laine', email: 'aino@example.com' });
    const session = await rpc<{ id: string }>(host.url, 'sessions:create', { focusAreaId: 'discovery', participants: [{ repId: aino.id, role: 'seller' }] });
    const take = await recordTake(host.url, {
      sessionId: session.id,
      file: makeMedia('webm-video-only', 3),
      consents: [{ repId: aino.id }],
      confirmedBy: 'Aino Laine',
      mode: 'camera',
      mimeType: 'video/webm;codecs=vp8',
    });
    for (let i = 0; (await rpc<{ status: string }>(host.url, 'recordings:get', { id: take.id })).status === 'finalizing'; i++) {
      if (i > 100) throw new Error('The take did not finish.');
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(await rpc(host.url, 'recordings:get', { id: take.id })).toMatchObject({ status: 'ready', hasVideo: true, hasThumbnail: true, channels: 0 });

    const { page, problems } = await openApp(e2e.browser(), `${host.url}/#/library/${take.id}`);
    await page.locator('video.player').waitFor();
    await page.getByText('No sound was recorded in this take').waitFor();
    await page.getByText('This take has no sound, so there is no waveform or conversation analysis.').waitFor();
    await expect.poll(() => page.locator('video.player').evaluate((el) => (el as unknown as { readyState: number }).readyState)).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
