import { describe, expect, it } from 'vitest';
import { buildTake, type Scene } from '../support/conversation';
import { tempDir } from '../support/temp-dir';
import { openApp, recordTake, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

const scene: Scene = {
  seller: { name: 'en-us', speed: 165, pitch: 45 },
  buyer: { name: 'en-gb+f3', speed: 175, pitch: 60 },
  leadMs: 1000,
  tailMs: 1000,
  lines: [
    { who: 'seller', text: 'What happens today when a new rep joins the team?' },
    { who: 'buyer', text: 'They shadow calls for two weeks and then they are on their own.', after: 900 },
    { who: 'seller', text: 'mm hmm', over: 1500 },
    { who: 'seller', text: 'And who coaches them after that?', after: 700 },
    { who: 'buyer', text: 'Nobody, really.', after: 1200 },
  ],
};

describe('The conversation metrics of a call take, end to end in Chromium against the browser host', () => {
  it('analyses a call take after it stops and shows its turns; a turn plays from its start', async () => {
    const host = await e2e.startHost(tempDir());
    const aino = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Aino Laine', email: 'aino@example.com' });
    const ben = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Ben Carter', email: 'ben@example.com' });
    const session = await rpc<{ id: string }>(host.url, 'sessions:create', {
      focusAreaId: 'discovery',
      participants: [
        { repId: aino.id, role: 'seller' },
        { repId: ben.id, role: 'buyer' },
      ],
    });
    const built = buildTake(scene, { format: 'webm', seed: 9 }, tempDir());
    const take = await recordTake(host.url, {
      sessionId: session.id,
      file: built.file,
      mode: 'call',
      mimeType: 'audio/webm;codecs=opus',
      consents: [{ repId: aino.id }, { repId: ben.id }],
      confirmedBy: 'Aino Laine',
      channelMap: { left: { label: 'Aino Laine', repId: aino.id }, right: { label: 'Ben Carter', repId: ben.id } },
    });

    const { page, problems } = await openApp(e2e.browser(), `${host.url}/#/library/${take.id}`);
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation.getByText('Seller talk time').waitFor({ timeout: 30_000 });
    const turns = conversation.getByRole('group', { name: 'Turns' }).getByRole('button');
    expect(await turns.count()).toBe(built.truth.turns.length);
    const buyerTurn = conversation.getByRole('button', { name: /^Buyer, 0:0/ }).first();
    await buyerTurn.click();
    const playedFrom = await page.locator('audio').evaluate((node) => (node as unknown as { currentTime: number }).currentTime);
    expect(Math.abs(playedFrom * 1000 - built.truth.turns[1]!.startMs)).toBeLessThan(300);
    await expect.poll(() => conversation.getByText('Backchannel', { exact: true }).count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
