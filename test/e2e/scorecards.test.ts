import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeMedia } from '../support/media';
import { tempDir } from '../support/temp-dir';
import { type RunningHost, openApp, recordTake, rpc, useBrowserAndHosts } from './harness';

const e2e = useBrowserAndHosts();
let host: RunningHost;


/** Aino played the seller and Ben the buyer in yesterday's discovery role-play. */
async function seed(url: string) {
  const aino = await rpc<{ id: string }>(url, 'people:create', { name: 'Aino Laine', email: 'aino@example.com' });
  const ben = await rpc<{ id: string }>(url, 'people:create', { name: 'Ben Carter', email: 'ben@example.com' });
  await rpc(url, 'sessions:create', {
    focusAreaId: 'discovery',
    title: 'Week 48 role-play',
    startsAt: new Date(Date.now() - 86_400_000).toISOString(),
    participants: [
      { repId: aino.id, role: 'seller' },
      { repId: ben.id, role: 'buyer' },
    ],
  });
  return { aino, ben };
}

interface Focused {
  tag: string;
  type: string;
  name: string;
  id: string;
  text: string;
  criterion: string;
}

// Runs in the page, so it is passed as source text (this file is type-checked without the DOM).
const describeFocus = `(() => {
  const el = document.activeElement;
  return {
    tag: el?.tagName ?? '',
    type: el?.type ?? '',
    name: el?.name ?? '',
    id: el?.id ?? '',
    text: el?.textContent?.trim() ?? '',
    criterion: el?.closest('[data-criterion]')?.dataset.criterion ?? '',
  };
})()`;

function focused(page: Page): Promise<Focused> {
  return page.evaluate(describeFocus) as Promise<Focused>;
}

function pickPerson(page: Page, id: string): Promise<unknown> {
  return page.evaluate(`window.localStorage.setItem('reprise.coaching.me', ${JSON.stringify(id)})`);
}

/** Presses Tab (or Shift+Tab) until the focused element matches; the only way this test moves around the page. */
async function tabUntil(page: Page, matches: (el: Focused) => boolean, what: string, key = 'Tab') {
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press(key);
    if (matches(await focused(page))) return focused(page);
  }
  throw new Error(`Tab never reached ${what}`);
}

const nextCriterion = (after: string) => (el: Focused) => el.type === 'radio' && el.name.startsWith('criterion-') && el.name !== after;

describe('Scorecards, end to end in Chromium against the browser host', () => {
  it('scores a role-play recorded before its slot straight from the take', async () => {
    host = await e2e.startHost(tempDir());
    const aino = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Aino Laine', email: 'aino@example.com' });
    const ben = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Ben Carter', email: 'ben@example.com' });
    const session = await rpc<{ id: string }>(host.url, 'sessions:create', {
      focusAreaId: 'discovery',
      title: 'Tomorrow’s role-play',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      participants: [
        { repId: aino.id, role: 'seller' },
        { repId: ben.id, role: 'buyer' },
      ],
    });
    // The pair records today, a day early, the way the recorder does: start, chunks, stop.
    const take = await recordTake(host.url, { sessionId: session.id, file: makeMedia('webm-audio', 2), consents: [{ repId: aino.id }, { repId: ben.id }], confirmedBy: 'Ben Carter' });
    await rpc(host.url, 'markers:add', { recordingId: take.id, offsetMs: 1000, note: 'Agreed a follow-up on Friday', tag: 'Next step' });
    await rpc(host.url, 'comments:add', { recordingId: take.id, atMs: 1500, body: 'Asked what a delay would cost', author: 'aino@example.com' });

    const { page, problems } = await openApp(e2e.browser(), `${host.url}/#/coaching`);
    await pickPerson(page, ben.id);
    await page.reload();
    const toWrite = page.getByRole('list', { name: 'Scorecards to write' });
    await toWrite.waitFor();
    expect(await toWrite.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Discovery · Aino Laine'),
    ]);

    await page.goto(`${host.url}/#/library/${take.id}`);
    await page.getByRole('link', { name: 'Score this role-play' }).click();
    await page.getByRole('heading', { name: 'Aino Laine · Discovery' }).waitFor();
    expect(page.url()).toMatch(/#\/coaching\?scorecard=/);

    // A marker tagged with a criterion while recording goes to that criterion, whichever one has focus.
    await page.locator('[data-criterion="open-questions"] .coaching-level').nth(3).click();
    // The app never slides out of the window: only its panes scroll, whatever a long form holds.
    expect(await page.evaluate('({ scrolled: window.scrollY, height: document.scrollingElement.scrollHeight - window.innerHeight })')).toEqual({ scrolled: 0, height: 0 });
    await page.getByRole('button', { name: 'Add to “Next step”' }).click();
    expect(await page.locator('[data-criterion="next-step"] .coaching-evidence__list').textContent()).toContain('Agreed a follow-up on Friday');
    expect(await page.locator('[data-criterion="open-questions"] .coaching-evidence__list').count()).toBe(0);

    // A comment on the take goes to the criterion that has focus.
    await page.getByRole('list', { name: 'Comments on the take' }).getByRole('button', { name: /^Add to/ }).click();
    expect(await page.locator('[data-criterion="open-questions"] .coaching-evidence__list').textContent()).toContain('Asked what a delay would cost');

    // After adding a moment, focus stays in the form, on the button that adds the next one.
    await page.locator('[data-criterion="open-questions"]').getByRole('button', { name: 'Add a moment' }).click();
    await page.keyboard.type('0:01');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Add a moment', criterion: 'open-questions' });

    // A refused submit says what to do, and each item takes you to its field.
    await page.getByRole('button', { name: 'Submit scorecard' }).click();
    await page.getByRole('button', { name: 'Write “The one thing to practise next”' }).click();
    expect((await focused(page)).id).toBe('section-practise-next');

    // Deleting the draft asks first; Esc keeps it.
    await page.getByRole('button', { name: 'Delete draft' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this draft?' });
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Aino Laine · Discovery' }).waitFor();

    // Back returns to the take, not to a page that would open the form again.
    await page.goBack();
    await page.getByRole('link', { name: 'Score this role-play' }).waitFor();
    // Expected: the refused submit answers 400.
    expect(problems.filter((p) => !/status of 400 \(Bad Request\)/.test(p))).toEqual([]);
  });

  it('is filled with the keyboard alone, survives a killed host as a draft, and reaches the reviewee once submitted', async () => {
    const dataDir = tempDir();
    host = await e2e.startHost(dataDir);
    const { aino, ben } = await seed(host.url);
    const { page, problems } = await openApp(e2e.browser(), `${host.url}/#/coaching`);
    await pickPerson(page, ben.id);
    await page.reload();

    await tabUntil(page, (el) => el.tag === 'BUTTON' && el.text.startsWith('Write scorecard'), 'the Write scorecard button');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Aino Laine · Discovery' }).waitFor();

    // Discovery call: open questions, pain and impact, quantifying, listening, next step.
    const scores = [4, 3, 2, 5];
    let group = '';
    for (const [index, score] of scores.entries()) {
      group = (await tabUntil(page, nextCriterion(group), `criterion ${index + 1}`)).name;
      await page.keyboard.press(String(score));
      if (index === 0) {
        await tabUntil(page, (el) => el.tag === 'TEXTAREA', 'the comment');
        await page.keyboard.type('Asked "what happens if nothing changes?", then waited.');
      }
    }
    // Submitting now is refused, naming what is missing, and keeps the draft.
    await tabUntil(page, (el) => el.tag === 'BUTTON' && el.text === 'Submit scorecard', 'Submit');
    await page.keyboard.press('Enter');
    await page.getByText('Do these, then submit again.', { exact: false }).waitFor();
    expect(await page.getByRole('alert').getByRole('listitem').allTextContents()).toEqual(['Score “Next step”', 'Write “The one thing to practise next”']);

    await tabUntil(page, (el) => el.type === 'radio' && el.criterion === 'next-step', 'Next step', 'Shift+Tab');
    await page.keyboard.press('3');
    await tabUntil(page, (el) => el.id === 'section-practise-next', 'the one thing to practise next');
    await page.keyboard.type('Quantify the pain before moving on.');
    await page.getByText(/^Draft saved at/).waitFor();

    // The app dies before the reviewer submits.
    await host.stop('SIGKILL');
    host = await e2e.startHost(dataDir);
    // A new port is a new origin for the browser, so the person is picked again.
    await page.goto(`${host.url}/#/coaching`);
    await pickPerson(page, ben.id);
    await page.reload();
    await tabUntil(page, (el) => el.tag === 'BUTTON' && el.text.startsWith('Continue'), 'Continue');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Aino Laine · Discovery' }).waitFor();
    const radios = page.locator('input[type=radio]:checked');
    const checked = await Promise.all(Array.from({ length: await radios.count() }, (_, i) => radios.nth(i).getAttribute('value')));
    expect(checked).toEqual(['4', '3', '2', '5', '3']);
    expect(await page.locator('textarea').first().inputValue()).toBe('Asked "what happens if nothing changes?", then waited.');
    expect(await page.locator('#section-practise-next').inputValue()).toBe('Quantify the pain before moving on.');
    // Weights 1, 2, 1.5, 1, 1: (4 + 6 + 3 + 5 + 3) / 6.5 = 3.23 → 55.8
    expect(await page.getByTestId('overall').textContent()).toBe('56');

    await tabUntil(page, (el) => el.tag === 'BUTTON' && el.text === 'Submit scorecard', 'Submit');
    await page.keyboard.press('Enter');
    await page.getByText(/^Submitted .* The scorecard is locked/).waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('This computer belongs to').selectOption(aino.id);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coaching' }).click();
    await page.getByRole('link', { name: 'About me' }).click();
    const table = page.getByRole('table', { name: 'Scorecards about Aino Laine, one column per reviewer' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Criterion', 'Ben CarterPeer']);
    expect(await table.textContent()).toContain('Asked "what happens if nothing changes?", then waited.');
    expect(await table.getByRole('row', { name: /Overall score/ }).textContent()).toMatch(/56\s*\/ 100/);
    // Expected: the refused submit answers 400, and the killed host cut its event stream.
    const unexpected = problems.filter((p) => !/status of 400 \(Bad Request\)|ERR_INCOMPLETE_CHUNKED_ENCODING/.test(p));
    expect(unexpected).toEqual([]);
  });
});
