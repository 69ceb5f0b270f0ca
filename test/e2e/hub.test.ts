import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { openApp, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();
const cli = path.resolve(__dirname, '../../out/main/cli.js');

/** `reprise hub invite` against the running hub's data folder, as an admin at the hub's terminal would. */
function invite(dataDir: string, email: string, role?: string): string {
  const out = execFileSync(process.execPath, [cli, '--data-dir', dataDir, 'hub', 'invite', email, ...(role ? ['--role', role] : []), '--json'], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { code: string }).code;
}

async function desktopToken(url: string, code: string): Promise<string> {
  const response = await fetch(`${url}/auth/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, kind: 'desktop' }) });
  return ((await response.json()) as { value: { token: string } }).value.token;
}

async function rpcAs<T>(url: string, token: string, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${url}/rpc/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value;
}

describe('the team hub in Chromium', () => {
  it('signs a rep in with a code and shows only what a rep may see and do', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'roster.csv'),
      'name,email,role,team,manager_email,coach\nAda Admin,ada@example.com,Enablement,Ops,,\nSam Seller,sam@example.com,AE,North,,\nBea Buyer,bea@example.com,AE,North,,\nOtto Outside,otto@example.com,AE,South,,\n',
    );
    execFileSync(process.execPath, [cli, '--data-dir', dataDir, 'reps', 'import', path.join(dataDir, 'roster.csv')]);
    const hub = await e2e.startHost(dataDir, {}, ['hub', '--listen', '127.0.0.1:0']);

    const adaToken = await desktopToken(hub.url, invite(dataDir, 'ada@example.com', 'admin'));
    const people = await rpcAs<{ id: string; email: string }[]>(hub.url, adaToken, 'people:list', {});
    const id = (email: string) => people.find((p) => p.email === email)!.id;
    await rpcAs(hub.url, adaToken, 'sessions:create', {
      focusAreaId: 'discovery',
      title: 'Sam and Bea practise discovery',
      participants: [
        { repId: id('sam@example.com'), role: 'seller' },
        { repId: id('bea@example.com'), role: 'buyer' },
      ],
    });
    await rpcAs(hub.url, adaToken, 'sessions:create', {
      focusAreaId: 'demo',
      title: 'Otto practises a demo alone',
      participants: [{ repId: id('otto@example.com'), role: 'seller' }],
    });

    const { page, problems } = await openApp(e2e.browser(), hub.url);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to your team’s Reprise' }).count()).toBe(1);
    await page.getByLabel('Sign-in code').fill('WRONG-CODE-0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText(/That code does not work/).count()).toBe(1);

    await page.getByLabel('Sign-in code').fill(invite(dataDir, 'sam@example.com').toLowerCase());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Signed in as Sam Seller').count()).toBe(1);

    // The page's own session (its HttpOnly cookie) sees Sam's role-play and not Otto's.
    const titles = await page.evaluate(async () => {
      const response = await fetch('/rpc/sessions:list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return ((await response.json()) as { value: { title: string }[] }).value.map((s) => s.title);
    });
    expect(titles).toEqual(['Sam and Bea practise discovery']);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'reprise_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // Programs are an admin's to set up: a rep is not offered what the core would refuse.
    await page.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Schedule' }).waitFor();
    expect(await page.getByRole('link', { name: 'New program' }).count()).toBe(0);

    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Your devices' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Roles and invitations' }).count()).toBe(0);
    // A rep may not change team settings, so the app does not offer them.
    expect(await page.getByLabel('New hire for the first N days').count()).toBe(0);

    // Sam submits his self-review in the browser: the page asks the hub nothing it refuses (each refusal is a line in the audit log).
    const draft = await page.evaluate(async (reviewerId) => {
      const call = async (channel: string, input: unknown) =>
        ((await (await fetch(`/rpc/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json()) as { value: never }).value;
      const sessions: { id: string }[] = await call('sessions:list', {});
      const card: { id: string; template: { criteria: { id: string }[]; sections: { key: string }[] } } = await call('scorecards:start', { sessionId: sessions[0]!.id, reviewerId });
      await call('scorecards:save-draft', {
        id: card.id,
        scores: card.template.criteria.map((c) => ({ criterionId: c.id, score: 4 })),
        sections: Object.fromEntries(card.template.sections.map((x) => [x.key, 'Ask about the budget earlier'])),
      });
      return card.id;
    }, id('sam@example.com'));
    const deniedBefore = (await rpcAs<{ action: string }[]>(hub.url, adaToken, 'audit:list', {})).filter((e) => e.action === 'denied').length;
    await page.goto(`${hub.url}/#/coaching?scorecard=${draft}`);
    await page.getByRole('button', { name: 'Submit scorecard' }).click();
    await expect.poll(() => page.getByText(/Self-review submitted/).count()).toBe(1);
    const denied = (await rpcAs<{ action: string; subject: string }[]>(hub.url, adaToken, 'audit:list', {})).filter((e) => e.action === 'denied');
    expect(denied.length - deniedBefore, JSON.stringify(denied.map((e) => e.subject))).toBe(0);
    expect(problems.filter((p) => !/status of 40[13]/.test(p))).toEqual([]);
  });

  it('a desktop served with `reprise serve` on a connected data folder says it is online and shows a take going up to the hub', async () => {
    const hubDir = tempDir();
    fs.writeFileSync(path.join(hubDir, 'roster.csv'), 'name,email,role,team,manager_email,coach\nAda Admin,ada@example.com,Enablement,Ops,,\nSam Seller,sam@example.com,AE,North,,\n');
    execFileSync(process.execPath, [cli, '--data-dir', hubDir, 'reps', 'import', path.join(hubDir, 'roster.csv')]);
    const hub = await e2e.startHost(hubDir, {}, ['hub', '--listen', '127.0.0.1:0']);
    const adaToken = await desktopToken(hub.url, invite(hubDir, 'ada@example.com', 'admin'));
    const people = await rpcAs<{ id: string; email: string }[]>(hub.url, adaToken, 'people:list', {});
    const session = await rpcAs<{ id: string }>(hub.url, adaToken, 'sessions:create', {
      focusAreaId: 'discovery',
      title: 'Sam practises discovery',
      participants: [{ repId: people.find((p) => p.email === 'sam@example.com')!.id, role: 'seller' }],
    });

    // Sam's laptop: an empty data folder joined to the hub, with a take finished there (imported)
    // before it is served. Served, it sends the take by itself, and says so.
    const desktopDir = tempDir();
    execFileSync(process.execPath, [cli, '--data-dir', desktopDir, 'connect', hub.url, '--code', invite(hubDir, 'sam@example.com'), '--device', 'Laptop']);
    execFileSync(process.execPath, [cli, '--data-dir', desktopDir, 'recordings', 'import', makeMedia('webm-audio', 2), '--session', session.id]);
    const desktop = await e2e.startHost(desktopDir);
    const { page, problems } = await openApp(e2e.browser(), desktop.url);
    const status = page.locator('.sync-indicator');
    // It may say "online" before the sync has picked the take up, "sending" while it goes up (slow on
    // a busy machine), and "online" again once it is there; so wait for the take on the hub, then read
    // the state and its words together, as one snapshot, until it says online.
    await expect
      .poll(async () => (await rpcAs<unknown[]>(hub.url, adaToken, 'recordings:list', {})).length, { timeout: 30_000 })
      .toBe(1);
    const snapshot = () => status.evaluate((el) => `${el.getAttribute('data-state')}: ${el.textContent ?? ''}`);
    await expect.poll(snapshot, { timeout: 20_000 }).toMatch(/^online: Online/);

    await status.click();
    await expect.poll(() => page.getByRole('heading', { name: 'Team hub' }).count()).toBe(1);
    expect(await page.getByText(`Connected to ${hub.url} as Sam Seller.`).count()).toBe(1);
    const bar = page.getByRole('progressbar', { name: 'Upload of Sam practises discovery' });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 20_000 }).toBe('100');
    await expect.poll(() => page.getByText('On the team hub', { exact: true }).count()).toBe(1);
    expect(await page.getByText(/^Last reached /).count()).toBe(1);

    // On the hub, with the sha256 it was sealed with.
    const there = await rpcAs<{ id: string; sessionId: string; sha256: string | null }[]>(hub.url, adaToken, 'recordings:list', {});
    expect(there.map((r) => r.sessionId)).toEqual([session.id]);
    expect(there[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(problems).toEqual([]);
  });
});
