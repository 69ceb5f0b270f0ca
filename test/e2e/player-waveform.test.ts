import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { openApp, recordTake, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

// Runs in the page; this file is type-checked without the DOM.
type Media = { currentTime: number; paused: boolean };
type Box = { getBoundingClientRect(): { width: number } };

async function stereoTake(url: string) {
  const aino = await rpc<{ id: string }>(url, 'people:create', { name: 'Aino Laine', email: 'aino@example.com' });
  const ben = await rpc<{ id: string }>(url, 'people:create', { name: 'Ben Carter', email: 'ben@example.com' });
  const session = await rpc<{ id: string }>(url, 'sessions:create', {
    focusAreaId: 'discovery',
    startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: ben.id, role: 'buyer' },
    ],
  });
  const take = await recordTake(url, {
    sessionId: session.id,
    file: makeMedia('webm-audio', 6),
    consents: [{ repId: aino.id }, { repId: ben.id }],
    confirmedBy: 'Ben Carter',
    channelMap: { left: { label: 'Aino Laine', repId: aino.id }, right: { label: 'Ben Carter', repId: ben.id } },
  });
  for (let i = 0; (await rpc<{ status: string }>(url, 'recordings:get', { id: take.id })).status !== 'ready'; i++) {
    if (i > 100) throw new Error('The take did not finish.');
    await new Promise((done) => setTimeout(done, 100));
  }
  return take;
}

describe('The player waveform, end to end in Chromium against the browser host', () => {
  it('draws each voice from the stored peaks even when the media cannot be fetched', async () => {
    const host = await e2e.startHost(tempDir());
    const take = await stereoTake(host.url);
    const { page } = await openApp(e2e.browser(), 'about:blank');
    // With the file unreachable, anything drawn can only come from the peaks the core stored.
    await page.route('**/media/recording/**', (route) => route.abort());
    await page.goto(`${host.url}/#/library/${take.id}`);
    await page.locator('.player-wave[data-ready]').waitFor();
    expect(await page.locator('.player-wave [part="canvases"] > div').count()).toBe(2);
    expect(await page.locator('.player-wave [part="canvases"] canvas').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.player-wave__label').allTextContents()).toEqual(['Aino Laine', 'Ben Carter']);
  });

  it('zooms, plays from a marker, and turns a dragged range and an I/O range into a range comment, fetching the media only as the player streams it', async () => {
    const host = await e2e.startHost(tempDir());
    const take = await stereoTake(host.url);
    await rpc(host.url, 'markers:add', { recordingId: take.id, offsetMs: 4500, note: 'Price too early' });

    const { page, problems } = await openApp(e2e.browser(), 'about:blank');
    const mediaRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/media/recording/')) mediaRequests.push(request.resourceType());
    });
    await page.goto(`${host.url}/#/library/${take.id}`);
    const wave = page.locator('.player-wave[data-ready]');
    await wave.waitFor();
    const player = page.locator('audio.player');
    const time = () => player.evaluate((el) => (el as unknown as Media).currentTime);

    // Zoom: the keys, the buttons and Ctrl+wheel change the pixels per second of the drawn take.
    const pxPerSecond = () => page.locator('.player-wave [part="wrapper"]').evaluate((el) => (el as unknown as Box).getBoundingClientRect().width / 6);
    const fitted = await pxPerSecond();
    await page.keyboard.press('+');
    await expect.poll(pxPerSecond).toBeCloseTo(fitted * 2, 0);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(pxPerSecond).toBeCloseTo(fitted * 4, 0);
    await page.keyboard.press('-');
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(pxPerSecond).toBeCloseTo(fitted, 0);
    expect(await page.getByRole('button', { name: 'Zoom out' }).isDisabled()).toBe(true);
    const surface = (await page.locator('.player-wave__surface').boundingBox())!;
    await page.mouse.move(surface.x + surface.width / 2, surface.y + 40);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await expect.poll(pxPerSecond).toBeGreaterThan(fitted * 1.2);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await expect.poll(pxPerSecond).toBeCloseTo(fitted, 0);

    // The marker's flag plays from the marker, wherever on the flag the click lands.
    await page.locator('.player-wave [part~="region-content"]').first().click();
    await expect.poll(() => player.evaluate((el) => !(el as unknown as Media).paused)).toBe(true);
    expect(await time()).toBeGreaterThanOrEqual(4.4);
    await page.keyboard.press('k');
    await expect.poll(() => player.evaluate((el) => (el as unknown as Media).paused)).toBe(true);

    // A drag from 1 s to 3 s selects that range; "Comment on this range" comments on it.
    await page.mouse.move(surface.x + surface.width / 6, surface.y + 40);
    await page.mouse.down();
    await page.mouse.move(surface.x + surface.width / 3, surface.y + 40, { steps: 6 });
    await page.mouse.move(surface.x + surface.width / 2, surface.y + 40, { steps: 6 });
    await page.mouse.up();
    await page.getByText('Range 0:01–0:03').waitFor();
    await page.getByRole('button', { name: 'Comment on this range' }).click();
    const box = page.getByLabel('Comment on 0:01–0:03');
    await expect.poll(() => box.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await page.keyboard.type('Too much talking here');
    await page.keyboard.press('Control+Enter');
    await page.locator('.comment__body', { hasText: 'Too much talking here' }).waitFor();
    // Saved, the range gives way to the comment drawn in its place.
    await page.getByText('Drag across the waveform, or press I and O, to pick a range.').waitFor();

    // I and O at the playhead set a range too; Escape clears it. (Out of the comment box first.)
    await page.locator('h1').click();
    await player.evaluate((el) => ((el as unknown as Media).currentTime = 2));
    await page.keyboard.press('i');
    await page.getByText('Range 0:02–0:06').waitFor();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('o');
    await page.getByText('Range 0:02–0:04').waitFor();
    await page.keyboard.press('Escape');
    await page.getByText('Drag across the waveform, or press I and O, to pick a range.').waitFor();
    await page.keyboard.press('i');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('o');
    await page.getByText('Range 0:04–0:05').waitFor();
    await page.getByRole('button', { name: 'Comment on this range' }).click();
    await page.keyboard.type('Good recovery');
    await page.getByRole('button', { name: 'Comment on 0:04–0:05', exact: true }).click();
    await page.locator('.comment__body', { hasText: 'Good recovery' }).waitFor();

    const comments = await rpc<{ body: string; atMs: number; toMs: number | null }[]>(host.url, 'comments:list', { recordingId: take.id });
    expect(comments.map((c) => c.body)).toEqual(['Too much talking here', 'Good recovery']);
    const [dragged, keyed] = comments;
    expect(Math.abs(dragged!.atMs - 1000)).toBeLessThan(200);
    expect(Math.abs(dragged!.toMs! - 3000)).toBeLessThan(200);
    expect(Math.abs(keyed!.atMs - 4000)).toBeLessThan(100);
    expect(Math.abs(keyed!.toMs! - 5000)).toBeLessThan(100);
    // The list says each range, and the waveform draws each as a band with a flag.
    await page.getByRole('button', { name: /^Play from 0:0[01]–0:03/ }).waitFor();
    expect(await page.locator('.player-wave [part~="region"]').count()).toBe(2);

    // The only reads of the file are the player's own (streamed in ranges); nothing fetched it to decode.
    expect(new Set(mediaRequests)).toEqual(new Set(['media']));
    expect(problems).toEqual([]);
  });
});
