import BetterSqlite3 from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { openApp, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();
const cli = path.resolve(__dirname, '../../out/main/cli.js');
/** Where the screenshots go when asked for (REPRISE_SCREENSHOTS=DIR), to be looked at. */
const shots = process.env.REPRISE_SCREENSHOTS ?? null;

function run(...args: string[]): string {
  return execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function rpcAs<T>(url: string, token: string, channel: string, input: unknown): Promise<T> {
  const send = () =>
    fetch(`${url}/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  // A command run in between blocks this process past the hub's keep-alive: the kept connection is closed, so ask once more.
  const response = await send().catch(send);
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value;
}

async function shot(page: Page, name: string, at?: string): Promise<void> {
  if (!shots) return;
  // Toasts of earlier steps would cover the page.
  await page.locator('.toast').evaluateAll((toasts) => toasts.forEach((toast) => toast.remove()));
  if (at) await page.locator(at).scrollIntoViewIfNeeded();
  else await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

describe('a connected desktop in Chromium while the hub is away', () => {
  it('writes and submits a scorecard, shows cached comments honestly and comments offline; all wait, are shown waiting, and go up when the hub is back', async () => {
    const hubDir = tempDir();
    fs.writeFileSync(path.join(hubDir, 'roster.csv'), 'name,email,role,team,manager_email,coach\nAda Admin,ada@example.com,Enablement,Ops,,\nSam Seller,sam@example.com,AE,North,,\nBea Buyer,bea@example.com,AE,North,,\n');
    run('--data-dir', hubDir, 'reps', 'import', path.join(hubDir, 'roster.csv'));
    const port = await freePort();
    const hubCommand = ['hub', '--listen', `127.0.0.1:${port}`];
    let hub = await e2e.startHost(hubDir, {}, hubCommand);
    const ada = (JSON.parse(run('--data-dir', hubDir, 'hub', 'invite', 'ada@example.com', '--role', 'admin', '--json')) as { code: string }).code;
    const adaToken = ((await (await fetch(`${hub.url}/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: ada, kind: 'desktop' }) })).json()) as { value: { token: string } }).value.token;
    const people = await rpcAs<{ id: string; email: string }[]>(hub.url, adaToken, 'people:list', {});
    const id = (email: string) => people.find((p) => p.email === email)!.id;
    const session = await rpcAs<{ id: string }>(hub.url, adaToken, 'sessions:create', {
      focusAreaId: 'discovery',
      title: 'Sam and Bea practise discovery',
      participants: [
        { repId: id('sam@example.com'), role: 'seller' },
        { repId: id('bea@example.com'), role: 'buyer' },
      ],
    });

    // Sam's laptop: joined, a take imported and sent, and Ada's comment on it on the hub.
    const desktopDir = tempDir();
    run('--data-dir', desktopDir, 'connect', hub.url, '--code', (JSON.parse(run('--data-dir', hubDir, 'hub', 'invite', 'sam@example.com', '--json')) as { code: string }).code, '--device', 'Laptop');
    const take = JSON.parse(run('--data-dir', desktopDir, 'recordings', 'import', makeMedia('webm-audio', 2), '--session', session.id, '--json')) as { id: string };
    run('--data-dir', desktopDir, 'sync', '--once');
    await rpcAs(hub.url, adaToken, 'comments:add', { recordingId: take.id, atMs: 500, body: 'Good opening question' });
    const desktop = await e2e.startHost(desktopDir);

    const open = async (locale: string) => {
      const { page, problems } = await openApp(e2e.browser(), `${desktop.url}/#/coaching`, { locale });
      return { page, problems };
    };
    const { page, problems } = await open('en-US');
    // Online, Sam looks at what is owed and at the take: that is what the desktop keeps.
    const toWrite = page.getByRole('list', { name: 'Scorecards to write' });
    await toWrite.waitFor();
    await page.goto(`${desktop.url}/#/library/${take.id}`);
    await page.getByText('Good opening question').waitFor();
    await page.getByText(/^No clips of this take yet/).waitFor();

    await hub.stop('SIGKILL');
    await page.goto(`${desktop.url}/#/coaching`);
    await toWrite.waitFor();
    await page.getByRole('button', { name: /^Write scorecard/ }).click();
    await page.getByRole('heading', { name: 'Sam Seller · Discovery' }).waitFor();
    // Offline, the card opens here; it says the page is this computer's copy and waits to send.
    await page.getByText(/^Offline: this shows what this computer/).waitFor();
    for (const criterion of await page.locator('[data-criterion]').all()) await criterion.locator('.coaching-level').nth(3).click();
    for (const section of await page.locator('textarea[id^="section-"]').all()) await section.fill('Ask about budget earlier');
    await page.getByRole('button', { name: 'Submit scorecard' }).click();
    await page.getByText(/The scorecard is locked/).waitFor();
    const header = page.locator('.coaching-status');
    await expect.poll(() => header.textContent()).toContain('Waiting to send');
    await shot(page, 'scorecard-offline-en');

    // To write no longer offers it; it is among the written ones, waiting to send.
    await page.goto(`${desktop.url}/#/coaching`);
    await page.getByRole('heading', { name: 'Submitted by you' }).waitFor();
    expect(await page.getByRole('list', { name: 'Scorecards to write' }).count()).toBe(0);
    await expect.poll(() => page.getByText('Waiting to send').count()).toBe(1);
    await shot(page, 'to-write-offline-en');

    // The take: the comments fetched before are shown, and a new one waits with its text kept.
    await page.goto(`${desktop.url}/#/library/${take.id}`);
    await page.getByText('Good opening question').waitFor();
    await page.locator('#comment-text').fill('I rushed the budget question');
    await page.getByRole('button', { name: /^Comment at/ }).click();
    await page.getByText('I rushed the budget question').waitFor();
    await expect.poll(() => page.locator('.comment').filter({ hasText: 'I rushed the budget question' }).getByText('Waiting to send').count()).toBe(1);
    // Nothing on the page claims an error for what it has kept or could not load.
    expect(await page.locator('[role=alert]').allTextContents()).toEqual([]);
    await shot(page, 'recording-offline-en', '#comments-title');

    await page.goto(`${desktop.url}/#/settings?section=hub`);
    await page.getByRole('heading', { name: 'Changes made on this computer' }).waitFor();
    await expect.poll(() => page.getByText('New scorecard').count()).toBe(1);
    await shot(page, 'outbox-offline-en');

    if (shots) {
      const fi = await open('fi-FI');
      await fi.page.getByRole('heading', { name: 'Lähettämäsi arviot' }).waitFor();
      await shot(fi.page, 'to-write-offline-fi');
      const [card] = await rpc<{ id: string }[]>(desktop.url, 'scorecards:list', { reviewerId: id('sam@example.com'), status: ['submitted'] });
      await fi.page.goto(`${desktop.url}/#/coaching?scorecard=${card!.id}`);
      await fi.page.getByText('Odottaa lähetystä').first().waitFor();
      await shot(fi.page, 'scorecard-offline-fi');
      await fi.page.goto(`${desktop.url}/#/library/${take.id}`);
      await fi.page.getByText('Good opening question').waitFor();
      await shot(fi.page, 'recording-offline-fi', '#comments-title');
      await fi.page.goto(`${desktop.url}/#/settings?section=hub`);
      await fi.page.getByText('Uusi arviointi').waitFor();
      await shot(fi.page, 'outbox-offline-fi');
      await fi.page.context().close();
    }

    // The hub is back: everything goes up, once.
    hub = await e2e.startHost(hubDir, {}, hubCommand);
    const report = await rpc<{ sent: number; refused: number; state: string }>(desktop.url, 'sync:run', {});
    expect(report).toMatchObject({ state: 'online', refused: 0 });
    const cards = await rpcAs<{ status: string; reviewer: { id: string } }[]>(hub.url, adaToken, 'scorecards:list', {});
    expect(cards.map((c) => [c.status, c.reviewer.id])).toEqual([['submitted', id('sam@example.com')]]);
    const threads = await rpcAs<{ body: string }[]>(hub.url, adaToken, 'comments:list', { recordingId: take.id });
    expect(threads.map((c) => c.body).sort()).toEqual(['Good opening question', 'I rushed the budget question']);
    expect(await rpc(desktop.url, 'sync:outbox', {})).toEqual([]);
    expect(problems.filter((p) => !/status of 50[23]|Failed to load resource/.test(p))).toEqual([]);
    // Two processes, two languages and a restart of the hub: slower than one page on a busy machine.
  }, 180_000);

  it("opens a scorecard from Today offline for the partner's take, though the desktop only synced while the hub answered", async () => {
    const hubDir = tempDir();
    fs.writeFileSync(path.join(hubDir, 'roster.csv'), 'name,email,role,team,manager_email,coach\nAda Admin,ada@example.com,Enablement,Ops,,\nSam Seller,sam@example.com,AE,North,,\nBea Buyer,bea@example.com,AE,North,,\n');
    run('--data-dir', hubDir, 'reps', 'import', path.join(hubDir, 'roster.csv'));
    const port = await freePort();
    const hub = await e2e.startHost(hubDir, {}, ['hub', '--listen', `127.0.0.1:${port}`]);
    const invite = (email: string, role?: string) =>
      (JSON.parse(run('--data-dir', hubDir, 'hub', 'invite', email, ...(role ? ['--role', role] : []), '--json')) as { code: string }).code;
    const adaToken = ((await (await fetch(`${hub.url}/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: invite('ada@example.com', 'admin'), kind: 'desktop' }) })).json()) as { value: { token: string } }).value.token;
    const people = await rpcAs<{ id: string; email: string }[]>(hub.url, adaToken, 'people:list', {});
    // This week's role-play, today (late, so it is still ahead): Sam and Bea.
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const weekday = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][now.getDay()]!;
    const program = await rpcAs<{ id: string }>(hub.url, adaToken, 'programs:create', {
      name: 'North weekly',
      weekday,
      time: '23:59',
      durationMinutes: 30,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      startDate: today,
      repIds: people.filter((p) => p.email !== 'ada@example.com').map((p) => p.id),
    });
    const { sessions } = await rpcAs<{ sessions: { id: string }[] }>(hub.url, adaToken, 'schedule:generate', { programId: program.id, weeks: 1 });
    expect(sessions).toHaveLength(1);

    // Bea sends the take from her laptop; Sam's laptop joins and syncs once. Sam opens no page online.
    const beaDir = tempDir();
    run('--data-dir', beaDir, 'connect', hub.url, '--code', invite('bea@example.com'), '--device', 'Bea laptop');
    const take = JSON.parse(run('--data-dir', beaDir, 'recordings', 'import', makeMedia('webm-audio', 2), '--session', sessions[0]!.id, '--json')) as { id: string };
    run('--data-dir', beaDir, 'sync', '--once');
    const samDir = tempDir();
    run('--data-dir', samDir, 'connect', hub.url, '--code', invite('sam@example.com'), '--device', 'Sam laptop');
    run('--data-dir', samDir, 'sync', '--once');
    await hub.stop('SIGKILL');

    // On the train: Today, "Scorecard" on this week's session, and the form.
    const desktop = await e2e.startHost(samDir);
    const { page, problems } = await openApp(e2e.browser(), `${desktop.url}/#/`, { locale: 'en-US' });
    await page.getByTestId('today-week').getByRole('link', { name: /^Scorecard/ }).click();
    await page.getByRole('button', { name: 'Submit scorecard' }).waitFor();
    await page.getByText(/^Offline: this shows what this computer/).waitFor();
    // The side panel knows the session has a take, kept from the sync; it never claims there is none.
    await page.getByRole('heading', { name: 'Recording' }).waitFor();
    expect(await page.getByText('This session has no recording.', { exact: false }).count()).toBe(0);
    const cardId = new URL(page.url().replace('#/', '')).searchParams.get('scorecard')!;
    expect((await rpc<{ recordingId: string | null }>(desktop.url, 'scorecards:get', { id: cardId })).recordingId).toBe(take.id);
    await shot(page, 'scorecard-from-today-offline-en', '#recording-title');

    // Had the take's details not been kept, the panel says it is not loaded, not that there is none.
    const db = new BetterSqlite3(path.join(samDir, 'reprise.sqlite'));
    db.prepare("DELETE FROM hub_cache WHERE key LIKE 'recordings:get %'").run();
    db.close();
    await page.reload();
    await page.getByText('The take is not loaded while offline; moments can still be noted by time.').waitFor();
    await shot(page, 'scorecard-take-not-loaded-en', '#recording-title');
    await page.evaluate("window.localStorage.setItem('reprise.language', 'fi')");
    await page.reload();
    await page.getByText('Tallennetta ei ole ladattu, koska yhteyttä ei ole. Hetkiä voi silti merkitä ajan mukaan.').waitFor();
    await shot(page, 'scorecard-take-not-loaded-fi', '#recording-title');
    expect(problems.filter((p) => !/status of 50[23]|Failed to load resource/.test(p))).toEqual([]);
  }, 180_000);
});
