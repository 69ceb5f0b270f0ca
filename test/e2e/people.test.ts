import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { type RunningHost, openApp, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

// Runs in the page, so it is passed as source text (this file is type-checked without the DOM).
// Rows of the filter bar by the vertical centre of its items; the placeholder measured in the input's font.
const measureRoster = `(() => {
  const bar = document.querySelector('[role="search"]');
  const rows = new Set([...bar.children].map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)));
  const input = document.querySelector('#people-search');
  const style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
  const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const wrap = document.querySelector('.table-wrap').getBoundingClientRect();
  const status = [...document.querySelectorAll('.roster th')].at(-1).getBoundingClientRect();
  return { rows: rows.size, placeholderFits: context.measureText(input.placeholder).width <= room, statusInView: status.right <= wrap.right + 1 };
})()`;
let host: RunningHost;

describe('People, end to end in Chromium against the browser host', () => {
  it('adds a rep through the form and still shows it after a reload', async () => {
    host = await e2e.startHost(tempDir());
    const { page, problems } = await openApp(e2e.browser(), host.url);
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Add person' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Aino Virtanen');
    await dialog.getByLabel('Email').fill('aino.virtanen@example.com');
    await dialog.getByLabel('Role').fill('Account Executive');
    await dialog.getByLabel('Team').fill('Nordics');
    await dialog.getByLabel('Hire date').fill('2026-09-01');
    await dialog.getByLabel('Career goals').fill('Lead the Nordics team');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Aino Virtanen' }).count()).toBeGreaterThan(0);

    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: 'Aino Virtanen' }).first().click();
    await expect.poll(() => page.getByText('Lead the Nordics team').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('shows the email error next to the field and saves nothing', async () => {
    host = await e2e.startHost(tempDir());
    const { page } = await openApp(e2e.browser(), host.url);
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Add person' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('No Mail');
    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.getByText(/email address like/i).count()).toBeGreaterThan(0);
    const res = await fetch(`${host.url}/rpc/people:list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await res.json()).toEqual({ ok: true, value: [] });
  });

  it('imports a CSV with a bad row: the report names the line, the good rows are in the roster', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'roster.csv');
    fs.writeFileSync(
      csv,
      'name;email;role;team;hire_date;manager_email;coach\n' +
        'Mika Laine;mika@example.com;Sales Manager;Nordics;2018-02-01;;kyllä\n' +
        'Broken Row;not-an-email;AE;Nordics;;;\n' +
        '"Virtanen, Aino";aino@example.com;AE;Nordics;1.9.2026;mika@example.com;ei\n',
    );
    host = await e2e.startHost(dir);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByRole('button', { name: 'Import CSV' }).first().click();
    await page.getByLabel('CSV file').setInputFiles(csv);
    const report = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: 'Import report' }) });
    await expect.poll(() => report.getByText(/Line 3/).count()).toBeGreaterThan(0);
    expect(await report.textContent()).toMatch(/not-an-email/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('link', { name: 'Virtanen, Aino' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Mika Laine' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Broken Row' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('archives a rep and brings them back with Undo', async () => {
    const dir = tempDir();
    host = await e2e.startHost(dir);
    await fetch(`${host.url}/rpc/people:create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ben Okafor', email: 'ben@example.com' }),
    });
    const { page } = await openApp(e2e.browser(), `${host.url}/#/people`);
    await page.getByRole('link', { name: 'Ben Okafor' }).first().click();
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(async () => {
        const res = await fetch(`${host.url}/rpc/people:list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return ((await res.json()) as { value: { archived: boolean }[] }).value.map((r) => r.archived);
      })
      .toEqual([false]);
  });
  it('fits the filters on one row at 1440 px, the search placeholder whole, and keeps the status column in view at 1024 px', async () => {
    host = await e2e.startHost(tempDir());
    const people = [
      ['Aino Mäkinen', 'Sales Development Representative', 'Outbound Prospecting'],
      ['Sanna Järvinen', 'Senior Account Executive', 'Enterprise Nordics'],
      ['Mikko Korhonen', 'Customer Success Manager', 'Enterprise Nordics'],
    ];
    for (const [name, role, team] of people) {
      const email = `${name!.split(' ')[0]!.toLowerCase().replace('ä', 'a')}.long-surname-for-layout@example.fi`;
      await rpc(host.url, 'people:create', { name, email, role, team, hireDate: '2026-09-01' });
    }
    for (const language of ['en', 'fi']) {
      for (const width of [1440, 1024]) {
        const { page } = await openApp(e2e.browser(), host.url, { viewport: { width, height: 900 } });
        await page.evaluate(`window.localStorage.setItem('reprise.language', '${language}')`);
        await page.goto(`${host.url}/#/people`);
        await page.locator('.roster').waitFor();
        const layout = (await page.evaluate(measureRoster)) as { rows: number; placeholderFits: boolean; statusInView: boolean };
        expect(layout.placeholderFits, `${language} ${width}`).toBe(true);
        expect(layout.statusInView, `${language} ${width}`).toBe(true);
        if (width === 1440) expect(layout.rows, `${language} ${width}`).toBe(1);
        await page.context().close();
      }
    }
  });
});
