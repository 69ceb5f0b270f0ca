import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';
import { type RunningHost, openApp, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();
let host: RunningHost;


describe('Programs, end to end in Chromium against the browser host', () => {
  it('creates a program in the editor, shows the preview, saves, and shows this week’s session on Today', async () => {
    host = await e2e.startHost(tempDir());
    const people = [
      ['Aino Järvinen', 'aino@example.com', '2019-01-01'],
      ['Ben Okoro', 'ben@example.com', '2026-10-01'],
      ['Cara Lind', 'cara@example.com', '2018-05-01'],
      ['Dani Korhonen', 'dani@example.com', '2026-09-15'],
    ];
    for (const [name, email, hireDate] of people) await rpc(host.url, 'people:create', { name, email, hireDate });

    // The editor starts on today's weekday and date in the viewer's zone, so the first session is this week.
    const { page, problems } = await openApp(e2e.browser(), host.url, { timezoneId: 'Europe/Helsinki' });
    await page.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('link', { name: 'New program' }).first().click();
    const form = page.getByRole('form', { name: 'Program' });
    await form.getByLabel('Name', { exact: true }).fill('Nordics weekly');
    await form.getByLabel('Time zone').fill('Europe/Helsinki');
    for (const [name] of people) await form.getByRole('checkbox', { name: name! }).check();

    const preview = page.getByTestId('program-preview');
    await expect.poll(() => preview.locator(':scope > li').count(), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => preview.getByText('First time together.').count()).toBeGreaterThan(0);
    expect(await preview.textContent()).toMatch(/Discovery[\s\S]*Demo[\s\S]*Buyer personas/);
    expect(await preview.textContent()).toMatch(/\(seller\)/);

    await form.getByRole('button', { name: 'Create program' }).click();
    await expect.poll(() => page.getByText(/Nordics weekly saved; \d+ sessions scheduled\./).count()).toBe(1);
    await expect.poll(() => page.url()).toMatch(/#\/schedule\?program=/);

    await page.getByRole('navigation').getByRole('link', { name: 'Today' }).click();
    await page.getByLabel('You are').selectOption({ label: 'Ben Okoro' });
    const week = page.getByTestId('today-week');
    await expect.poll(() => week.locator('li').count(), { timeout: 10_000 }).toBe(1);
    expect(await week.textContent()).toMatch(/Discovery/);
    const sessions = (await rpc(host.url, 'schedule:list', {})) as { localDate: string; participants: { name: string }[] }[];
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(new Date());
    expect(sessions.filter((s) => s.localDate === today).flatMap((s) => s.participants.map((p) => p.name)).sort()).toEqual(people.map(([name]) => name).sort());
    // Either the session is still ahead today, or it has begun and can be marked; both are this week's.
    const next = page.getByTestId('today-next');
    if ((await next.count()) > 0 && (await next.textContent())?.includes('Discovery')) {
      expect(await next.getByRole('link', { name: 'Start recording' }).getAttribute('href')).toMatch(/^#\/record\?session=/);
    }
    expect(problems).toEqual([]);
  });
});
