import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/core';
import { tempDir } from '../support/temp-dir';
import { storeGrant } from '../unit/certification-support';
import { openApp, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();

/** What the test puts on the page's window. */
interface PageGlobals {
  localStorage: { setItem(key: string, value: string): void };
  shown: { title: string; body: string }[];
  printed?: boolean;
  print(): void;
}
const today = '2027-02-20T09:00:00Z';

/** Åsa's Demo Advanced expires on 3 March 2027 (11 calendar days after "today"); her Beginner certificate was replaced by it. */
function seed() {
  const dataDir = tempDir();
  const core = createCore({ dataDir, backups: false, clock: () => new Date(today) });
  const maija = core.people.create({ name: 'Maija Kärkkäinen', email: 'maija@example.com', coach: true });
  const asa = core.people.create({ name: 'Åsa Öhman', email: 'asa@example.com' });
  storeGrant(core, { repId: asa.id, levelIndex: 0, levelName: 'Beginner', grantedAt: '2026-09-10T10:00:00Z', validDays: null, code: 'B7QK-2M9D-X4TR', reviewers: [maija.id] });
  storeGrant(core, { repId: asa.id, grantedAt: '2026-12-03T10:00:00Z', code: '7KQ2-M9XD-44TB', reviewers: [maija.id] });
  core.close();
  return { dataDir, asaId: asa.id };
}

describe('certificates and expiry reminders, end to end in Chromium against the browser host', () => {
  it('shows the reminder on Today, notifies once after "Notify me", and opens, downloads and prints the certificate', { timeout: 120_000 }, async () => {
    const { dataDir, asaId } = seed();
    const host = await e2e.startHost(dataDir, { REPRISE_NOW: today });
    const { page, problems } = await openApp(e2e.browser(), 'about:blank', { permissions: ['notifications'] });
    await page.context().grantPermissions(['notifications'], { origin: host.url });
    await page.addInitScript((me) => {
      // This runs in the page; the test's own types know no DOM.
      const page = globalThis as unknown as PageGlobals;
      page.localStorage.setItem('reprise.coaching.me', me);
      // Record notifications instead of showing them; print is recorded too.
      page.shown = [];
      class Recorded {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string }) {
          page.shown.push({ title, body: options.body });
        }
      }
      Object.defineProperty(page, 'Notification', { value: Recorded });
      page.print = () => {
        page.printed = true;
      };
    }, asaId);
    const shown = () => page.evaluate(() => (globalThis as unknown as PageGlobals).shown);

    await page.goto(`${host.url}/#/today`);
    const card = page.getByTestId('cert-reminders');
    await expect.poll(() => card.textContent()).toContain('Your Demo certification (Advanced) expires on March 3.');
    expect(await card.textContent()).toContain('One role-play scored 80 or above by a certifier renews it.');
    expect(await card.textContent()).toContain('11 days left');
    expect(await shown()).toEqual([]);

    await card.getByRole('button', { name: 'Notify me on the desktop' }).click();
    await expect.poll(shown).toEqual([
      { title: 'Your Demo certification expires in 11 days', body: 'Advanced, valid until 3 March 2027. One role-play scored 80 or above by a certifier renews it.' },
    ]);
    expect(await card.textContent()).toContain('You get a desktop notification 30, 7 and 1 days before');

    // Opened again (a restart, another window): the reminder was handed out already.
    const claimed = page.waitForResponse((r) => r.url().endsWith('/rpc/certifications:claim-reminders'));
    await page.reload();
    expect(await (await claimed).json()).toMatchObject({ ok: true, value: [] });
    expect(await shown()).toEqual([]);

    await page.getByTestId('cert-reminders').getByRole('link', { name: 'Certificate' }).click();
    const sheet = page.getByTestId('certificate-sheet');
    await expect.poll(() => sheet.textContent()).toContain('Åsa Öhman');
    expect(await sheet.textContent()).toContain('has reached the Advanced level in Demo.');
    expect(await sheet.textContent()).toContain('reprise certifications verify 7KQ2-M9XD-44TB');
    expect(await sheet.getByRole('status').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('reprise-certificate-asa-ohman-demo-advanced.pdf');
    expect(fs.readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');
    // The built host finds the shipped fonts: names print as written, not in the standard fonts' WinAnsi.
    expect(execFileSync('pdffonts', [(await download.path())!], { encoding: 'utf8' })).toMatch(/DejaVuSerif-Bold/);
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).printed)).toBe(true);

    // The replaced Beginner certificate still renders, and says it no longer holds.
    await page.goto(`${host.url}/#/certificates/b7qk-2m9d-x4tr`);
    await expect.poll(() => sheet.getByRole('status').textContent()).toBe('This certificate is no longer current: a later certificate replaced it on 3 December 2026.');

    // Settings → Check a certificate.
    await page.goto(`${host.url}/#/settings`);
    await page.getByRole('link', { name: 'Check a certificate' }).click();
    await page.getByLabel('Verification code').fill('7kq2 m9xd 44tb');
    await page.getByRole('button', { name: 'Check' }).click();
    const result = page.getByTestId('certificate-check-result');
    await expect.poll(() => result.textContent()).toContain('Genuine and current');
    expect(await result.textContent()).toContain('Åsa Öhman');
    // Her own computer: the certificate itself opens from the check.
    expect(await result.getByRole('link', { name: 'Open the certificate' }).count()).toBe(1);
    expect(new URL(page.url()).hash).toBe('#/certificates?code=7kq2%20m9xd%2044tb');
    expect(problems).toEqual([]);
  });
});
