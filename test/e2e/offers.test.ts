import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { tempDir } from '../support/temp-dir';
import { openApp, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();
const cli = path.resolve(__dirname, '../../out/main/cli.js');

function invite(dataDir: string, email: string, role?: string): string {
  const out = execFileSync(process.execPath, [cli, '--data-dir', dataDir, 'hub', 'invite', email, ...(role ? ['--role', role] : []), '--json'], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { code: string }).code;
}

/** Every screen of the app whose actions depend on who is looking, with what to wait for before reading it. */
const screens: { path: string; ready: string }[] = [
  { path: '/today', ready: 'h1' },
  { path: '/library', ready: 'h1' },
  { path: '/coaching?tab=templates', ready: '.coaching-area' },
  { path: '/coaching?tab=calibration', ready: 'h1' },
  { path: '/people', ready: 'h1' },
  { path: '/schedule', ready: 'h1' },
  { path: '/progress', ready: 'h1' },
  { path: '/settings', ready: '#settings-devices' },
];
const shown = ['/today', '/library', '/coaching?tab=templates', '/people', '/settings'];

/** The actions a screen offers (buttons and links that name the channel they call), and its tabs. */
async function offered(page: Page): Promise<{ actions: string[]; tabs: string[] }> {
  const read = async (selector: string, attribute: string) =>
    Promise.all((await page.locator(selector).all()).map(async (e) => (await e.getAttribute(attribute)) ?? ''));
  return { actions: await read('[data-action]', 'data-action'), tabs: await read('.page-tabs__tab', 'href') };
}

/** The channels the core says this page's person may call with any input (access:me, from rules.ts). */
async function may(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const response = await fetch('/rpc/access:me', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return ((await response.json()) as { value: { may: string[] } }).value.may;
  });
}

/** Whether the core would let this page's person call a channel with this input (access:can). */
async function can(page: Page, channel: string, input: unknown): Promise<boolean> {
  return page.evaluate(
    async ({ channel, input }) => {
      const response = await fetch('/rpc/access:can', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checks: [{ channel, input }] }) });
      return ((await response.json()) as { value: boolean[] }).value[0]!;
    },
    { channel, input },
  );
}

const adminOnly = ['rubric-templates:create', 'rubric-templates:update', 'rubric-templates:archive', 'scorecards:import', 'people:create', 'people:import', 'programs:create', 'schedule:generate', 'outcomes:import'];

describe('what the app offers each role on a hub', () => {
  it('offers every role only actions the core allows it, and nothing an admin does to anyone else', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'roster.csv'),
      'name,email,role,team,manager_email,coach\n' +
        'Ada Admin,ada@example.com,Enablement,Ops,,\n' +
        'Mia Manager,mia@example.com,Sales manager,North,,\n' +
        'Cole Coach,cole@example.com,Senior AE,North,,yes\n' +
        'Sam Seller,sam@example.com,AE,North,mia@example.com,\n' +
        'Bea Buyer,bea@example.com,AE,North,mia@example.com,\n',
    );
    execFileSync(process.execPath, [cli, '--data-dir', dataDir, 'reps', 'import', path.join(dataDir, 'roster.csv')]);
    const hub = await e2e.startHost(dataDir, {}, ['hub', '--listen', '127.0.0.1:0']);
    const shots = process.env.REPRISE_SHOTS_DIR;
    const seen: Record<string, Set<string>> = {};

    for (const [email, role] of [
      ['ada@example.com', 'admin'],
      ['mia@example.com', 'manager'],
      ['cole@example.com', 'coach'],
      ['sam@example.com', 'rep'],
    ] as const) {
      const { page, problems } = await openApp(e2e.browser(), hub.url);
      await page.getByLabel('Sign-in code').fill(invite(dataDir, email, role === 'admin' ? 'admin' : undefined));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByText(/^Signed in as /).count()).toBe(1);
      const allowed = new Set(await may(page));
      seen[role] = new Set();
      for (const language of ['en', 'fi'] as const) {
        // Every screen is checked in English; rep and manager screens are shot in Finnish too.
        if (language === 'fi' && !(shots && (role === 'rep' || role === 'manager'))) continue;
        await page.evaluate(`window.localStorage.setItem('reprise.language', '${language}')`);
        await page.reload();
        for (const screen of screens) {
          if (language === 'fi' && !shown.includes(screen.path)) continue;
          await page.evaluate(`window.location.hash = ${JSON.stringify(screen.path)}`);
          await page.locator(screen.ready).first().waitFor();
          await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
          const { actions, tabs } = await offered(page);
          for (const action of actions) {
            seen[role].add(action);
            expect(allowed.has(action), `${role} is offered ${action} on ${screen.path}`).toBe(true);
          }
          if (tabs.some((href) => href.includes('tab=calibration'))) expect(await can(page, 'scorecards:calibration', {}), `${role} sees the calibration tab`).toBe(true);
          if (shots && (role === 'rep' || role === 'manager') && shown.includes(screen.path)) {
            await page.screenshot({ path: path.join(shots, `${role}-${language}-${screen.path.replace(/[/?=]/g, '_')}.png`), fullPage: true });
          }
        }
      }
      // Team settings are offered only to whoever may change them.
      await page.goto(`${hub.url}/#/settings`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByLabel(/New hire for the first N days|Uusi työntekijä/).count(), role).toBe(allowed.has('settings:update') ? 1 : 0);
      expect(problems.filter((p) => !/status of 40[13]/.test(p)), role).toEqual([]);
      await page.context().close();
    }

    // The tagging is live: an admin is offered the admin actions; a manager and a rep none of them.
    for (const action of ['rubric-templates:create', 'scorecards:import', 'people:create', 'people:import', 'programs:create', 'outcomes:import']) expect(seen.admin!.has(action), action).toBe(true);
    for (const role of ['manager', 'coach', 'rep']) expect([...seen[role]!].filter((a) => adminOnly.includes(a)), role).toEqual([]);
  }, 300_000);
});
