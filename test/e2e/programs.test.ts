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
      // Enough people that many pairings are equally good: only the seed decides between them.
      ['Eero Salo', 'eero@example.com', '2017-03-01'],
      ['Fanni Virta', 'fanni@example.com', '2026-10-20'],
      ['Gustav Berg', 'gustav@example.com', '2020-06-01'],
      ['Hanna Koski', 'hanna@example.com', '2026-11-02'],
      ['Iida Nieminen', 'iida@example.com', '2016-08-15'],
      ['Juho Lahti', 'juho@example.com', '2026-08-31'],
    ];
    for (const [name, email, hireDate] of people) await rpc(host.url, 'people:create', { name, email, hireDate });

    // The editor starts on today's weekday and date in the viewer's zone, so the first session is this week.
    const { page, problems } = await openApp(e2e.browser(), host.url, { timezoneId: 'Europe/Helsinki' });
    await page.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('link', { name: 'New program' }).first().click();
    const form = page.getByRole('form', { name: 'Program' });
    await form.getByLabel('Name', { exact: true }).fill('Nordics weekly');
    await form.getByLabel('Time zone').fill('Europe/Helsinki');
    // The reps' list: the program's coaches are listed by name too, in a section of their own.
    for (const [name] of people) await form.getByRole('group', { name: /^Reps/ }).getByRole('checkbox', { name: name! }).check();

    const preview = page.getByTestId('program-preview');
    await expect.poll(() => preview.locator(':scope > li').count(), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => preview.getByText('First time together.').count()).toBeGreaterThan(0);
    expect(await preview.textContent()).toMatch(/Discovery[\s\S]*Demo[\s\S]*Buyer personas/);
    expect(await preview.textContent()).toMatch(/\(seller\)/);
    // What the person approves: each week's groups, people with roles.
    const approved = await preview.locator(':scope > li').evaluateAll((weeks) =>
      weeks.map((w) => [...w.querySelectorAll('.programs-group__people')].map((g) => g.textContent ?? '').sort()),
    );

    await form.getByRole('button', { name: 'Create program' }).click();
    await expect.poll(() => page.getByText(/Nordics weekly saved; \d+ sessions scheduled\./).count()).toBe(1);
    await expect.poll(() => page.url()).toMatch(/#\/schedule\?program=/);
    const saved = (await rpc(host.url, 'schedule:list', {})) as { weekIndex: number; participants: { name: string; role: string }[] }[];
    const savedWeeks = [...new Set(saved.map((s) => s.weekIndex))].map((week) =>
      saved
        .filter((s) => s.weekIndex === week)
        .map((s) => s.participants.map((p) => `${p.name} (${p.role})`).join(' · '))
        .sort(),
    );
    expect(savedWeeks).toEqual(approved);

    await page.getByRole('navigation').getByRole('link', { name: 'Today' }).click();
    await page.getByLabel('This computer belongs to').selectOption({ label: 'Ben Okoro' });
    await page.getByRole('button', { name: 'This is me' }).click();
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

  it('offers the adaptive focus: each group shows its own focus area and why, and the program keeps the choice', async () => {
    host = await e2e.startHost(tempDir());
    const people = [
      ['Aino Järvinen', 'aino@example.com', '2019-01-01'],
      ['Ben Okoro', 'ben@example.com', '2026-10-01'],
      ['Cara Lind', 'cara@example.com', '2018-05-01'],
      ['Dani Korhonen', 'dani@example.com', '2026-09-15'],
    ];
    for (const [name, email, hireDate] of people) await rpc(host.url, 'people:create', { name, email, hireDate });
    const { page, problems } = await openApp(e2e.browser(), host.url, { timezoneId: 'Europe/Helsinki' });
    await page.goto(`${host.url}/#/schedule?edit=new`);
    const form = page.getByRole('form', { name: 'Program' });
    await form.getByLabel('Name', { exact: true }).fill('Adaptive weekly');
    await form.getByLabel('Time zone').fill('Europe/Helsinki');
    // The reps' list: the program's coaches are listed by name too, in a section of their own.
    for (const [name] of people) await form.getByRole('group', { name: /^Reps/ }).getByRole('checkbox', { name: name! }).check();
    const strategy = form.getByRole('radiogroup', { name: 'Focus each week' });
    expect(await strategy.getByRole('radio', { name: 'Fixed rotation' }).isChecked()).toBe(true);
    const preview = page.getByTestId('program-preview');
    await expect.poll(() => preview.locator(':scope > li').count(), { timeout: 10_000 }).toBe(4);
    expect(await preview.locator('.programs-group__focus').count()).toBe(0);

    await strategy.getByRole('radio', { name: 'Adaptive' }).check();
    expect(await form.getByText('Each week, each pair practises the area the seller is forgetting most').count()).toBe(1);
    // No one has practised yet: each group says so for the area it was given.
    await expect.poll(() => preview.locator('.programs-group__focus').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await preview.locator('.programs-group__focus').first().textContent()).toMatch(/^(Discovery|Demo|Buyer personas): the seller has not practised it yet\.$/);

    await form.getByRole('button', { name: 'Create program' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/schedule\?program=/);
    const [saved] = (await rpc(host.url, 'programs:list', {})) as { id: string; focusStrategy: string }[];
    expect(saved!.focusStrategy).toBe('adaptive');
    await page.goto(`${host.url}/#/schedule?edit=${saved!.id}`);
    await expect.poll(() => page.getByRole('radio', { name: 'Adaptive' }).isChecked(), { timeout: 10_000 }).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('Re-planning, end to end', () => {
  it('asks in the app’s own dialog with the counts, and keeps a session that has a recording', async () => {
    host = await e2e.startHost(tempDir());
    const ids: string[] = [];
    for (const [name, email] of [
      ['Aino Järvinen', 'aino@example.com'],
      ['Ben Okoro', 'ben@example.com'],
      ['Cara Lind', 'cara@example.com'],
      ['Dani Korhonen', 'dani@example.com'],
    ]) ids.push(((await rpc(host.url, 'people:create', { name, email })) as { id: string }).id);
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const program = (await rpc(host.url, 'programs:create', { name: 'Nordics weekly', weekday: 'wed', time: '15:00', durationMinutes: 45, timeZone: 'Europe/Helsinki', startDate: start, repIds: ids })) as { id: string };
    const { sessions } = (await rpc(host.url, 'schedule:generate', { programId: program.id, weeks: 3 })) as { sessions: { id: string; participants: { repId: string }[] }[] };
    // A take recorded ahead of the session's slot.
    const recorded = sessions[0]!;
    await rpc(host.url, 'recordings:start', { sessionId: recorded.id, mode: 'microphone', mimeType: 'audio/webm', consents: recorded.participants.map((p) => ({ repId: p.repId })), confirmedBy: 'Aino Järvinen', channelMap: null });

    const { page, problems } = await openApp(e2e.browser(), host.url);
    page.on('dialog', (dialog) => {
      problems.push(`native dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
    await page.getByRole('button', { name: 'Re-plan upcoming weeks' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-plan the next four weeks of Nordics weekly?' });
    const counts = dialog.getByTestId('replan-counts');
    await expect.poll(() => counts.textContent(), { timeout: 10_000 }).toMatch(/5 planned sessions are cancelled and replaced/);
    expect(await counts.textContent()).toMatch(/1 session that already has a recording, a scorecard or a note stays as it is/);
    await dialog.getByRole('button', { name: 'Re-plan', exact: true }).click();
    await expect.poll(() => page.getByText(/sessions planned again; 5 cancelled\./).count()).toBe(1);
    const kept = (await rpc(host.url, 'schedule:get', { id: recorded.id })) as { status: string };
    expect(kept.status).toBe('scheduled');
    expect(problems).toEqual([]);
  });
});
