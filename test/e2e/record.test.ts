import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Recording } from '../../src/shared/recordings';
import { bestAlignment, envelope, makeSpeechWav, voiced } from '../support/speech';
import { tempDir } from '../support/temp-dir';
import { type RunningHost, openApp, rpc, useBrowserAndHosts } from './harness';

const speech = makeSpeechWav(5, 40);
const e2e = useBrowserAndHosts([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${speech.file}%noloop`,
    '--autoplay-policy=no-user-gesture-required',
  ]);
let host: RunningHost;


async function seedPair(url: string) {
  await rpc(url, 'people:create', { name: 'Aino Virtanen', email: 'aino@example.com' });
  await rpc(url, 'people:create', { name: 'Ben Okafor', email: 'ben@example.com' });
}

/** Fills the Record screen up to a ready "Start recording" button. */
async function prepare(page: Page, mode: 'Camera and microphone' | 'Microphone only' | 'Video call' | 'Screen and microphone') {
  await page.getByRole('navigation').getByRole('link', { name: 'Record' }).click();
  await page.getByLabel('Seller').selectOption({ label: 'Aino Virtanen' });
  await page.getByLabel('Buyer').selectOption({ label: 'Ben Okafor' });
  await page.getByRole('radio', { name: new RegExp(mode) }).check();
  if (mode === 'Video call') {
    // The fake microphone stands in for the far side's loopback input too.
    const remote = page.getByLabel('The other side’s audio');
    await expect.poll(async () => (await remote.locator('option').count()) > 1, { timeout: 10_000 }).toBe(true);
    await remote.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Connect the call’s audio' }).click();
  }
  if (mode === 'Screen and microphone') await page.getByRole('button', { name: 'Choose the screen to record' }).click();
  await page.getByLabel('Aino Virtanen agrees to be recorded').check();
  await page.getByLabel('Ben Okafor agrees to be recorded').check();
  await page.getByLabel('Confirmed by').selectOption({ label: 'Aino Virtanen' });
  const start = page.getByRole('button', { name: 'Start recording' });
  await expect.poll(() => start.isEnabled(), { timeout: 15_000 }).toBe(true);
  return start;
}

describe('Recording, end to end with fake devices', () => {
  it('records about 5 s through the UI; the finalized take has that duration and the speech of the WAV', async () => {
    host = await e2e.startHost(tempDir());
    await seedPair(host.url);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    const start = await prepare(page, 'Camera and microphone');
    // Wall-clock bounds that hold on any machine: the take starts after this click and before Stop
    // shows, and ends after Stop is clicked and before the Library opens.
    const clickedStartAt = Date.now();
    await start.click();
    const stop = page.getByRole('button', { name: 'Stop recording' });
    await stop.waitFor({ timeout: 15_000 });
    const startedAt = Date.now();
    await page.keyboard.press('m');
    const markedBy = Date.now() - clickedStartAt;
    await page.waitForTimeout(5_000);
    await stop.click();
    const recordedMs = Date.now() - startedAt;
    await page.waitForURL(/#\/library\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const upperMs = Date.now() - clickedStartAt;
    const id = page.url().split('/').pop()!;

    const recording = await rpc<Recording & { markers: { offsetMs: number }[] }>(host.url, 'recordings:get', { id });
    expect(recording).toMatchObject({ status: 'ready', hasVideo: true, mode: 'camera', recovered: false });
    expect(recording.durationMs).toBeGreaterThan(recordedMs - 1500);
    expect(recording.durationMs).toBeLessThanOrEqual(upperMs);
    expect(recording.consents.map((c) => c.name)).toEqual(['Aino Virtanen', 'Ben Okafor']);
    expect(recording.markers).toHaveLength(1);
    expect(recording.markers[0]!.offsetMs).toBeLessThanOrEqual(markedBy);

    // The take lines up with the WAV: speech where the WAV had speech, silence where it had none.
    const file = `${host.dataDir}/media/recordings/${id}/recording.webm`;
    const alignment = bestAlignment(voiced(envelope(speech.file)), voiced(envelope(file)));
    expect(alignment.recordedVoiced).toBeGreaterThan(10);
    expect(alignment.f1).toBeGreaterThan(0.7);

    // The player draws the finalized take's waveform from its stored peaks.
    await page.locator('.player-wave[data-ready="true"]').waitFor();
    expect(await page.getByRole('group', { name: /^Waveform of each voice/ }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('keeps a take running while the user moves to other areas; the indicator shows it and stops it', async () => {
    host = await e2e.startHost(tempDir());
    await seedPair(host.url);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    const start = await prepare(page, 'Microphone only');
    const clickedStartAt = Date.now();
    await start.click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 15_000 });
    const startedAt = Date.now();
    await page.waitForTimeout(2_000);

    // Leaving the Record screen: the take goes on, and the shell says so on every page.
    await page.getByRole('navigation').getByRole('link', { name: 'Library' }).click();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.waitForTimeout(1_500);
    expect((await rpc<Recording[]>(host.url, 'recordings:list', {})).map((r) => r.status)).toEqual(['recording']);
    const indicator = page.getByRole('region', { name: 'Recording in progress' });
    await indicator.waitFor({ timeout: 5_000 });

    // Back to the take through the indicator: the same take, still running.
    await indicator.getByRole('link', { name: 'Back to the recording' }).click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 5_000 });
    expect(await indicator.count()).toBe(0);

    // Closing the tab asks first; staying keeps the take.
    const asked = new Promise<string>((resolve) => page.once('dialog', (dialog) => { resolve(dialog.type()); void dialog.dismiss(); }));
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');

    await page.getByRole('navigation').getByRole('link', { name: 'Schedule' }).click();
    await indicator.waitFor({ timeout: 5_000 });
    await page.waitForTimeout(1_500);
    await indicator.getByRole('button', { name: 'Stop recording' }).click();
    const recordedMs = Date.now() - startedAt;

    await expect.poll(async () => (await rpc<Recording[]>(host.url, 'recordings:list', {})).map((r) => r.status), { timeout: 30_000 }).toEqual(['ready']);
    const upperMs = Date.now() - clickedStartAt;
    const [recording] = await rpc<Recording[]>(host.url, 'recordings:list', {});
    expect(recording).toMatchObject({ mode: 'microphone', recovered: false });
    expect(recording!.durationMs).toBeGreaterThan(recordedMs - 1500);
    expect(recording!.durationMs).toBeLessThanOrEqual(upperMs);
    // Stopped from another page, the user stays where they are and is told the take is saved.
    expect(page.url()).toMatch(/#\/schedule$/);
    await expect.poll(() => page.getByRole('button', { name: 'Open' }).count(), { timeout: 15_000 }).toBe(1);
    expect(problems).toEqual([]);
  });

  it('finalizes the take at once when the tab is closed anyway, not a minute later by the watchdog', async () => {
    host = await e2e.startHost(tempDir());
    await seedPair(host.url);
    const { page } = await openApp(e2e.browser(), host.url);
    const start = await prepare(page, 'Microphone only');
    await start.click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3_000);
    await page.close({ runBeforeUnload: false });
    // The core's watchdog would finish a silent take only after 60 s and mark it recovered; a take
    // stopped by the closing page is ready well before that, as a normal take.
    await expect
      .poll(async () => (await rpc<Recording[]>(host.url, 'recordings:list', {})).map((r) => [r.status, r.recovered]), { timeout: 20_000 })
      .toEqual([['ready', false]]);
    const [recording] = await rpc<Recording[]>(host.url, 'recordings:list', {});
    expect(recording!.durationMs).toBeGreaterThan(1500);
  });

  it('refuses a file that is not a recording, says why, and keeps the dialog usable from the keyboard', async () => {
    host = await e2e.startHost(tempDir());
    const { page } = await openApp(e2e.browser(), host.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Import recording' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import a recording' });
    await dialog.getByLabel('Recording file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a recording') });
    await dialog.getByRole('alert').waitFor({ timeout: 15_000 });
    // The picker was disabled during the upload; focus must come back into the dialog.
    await expect.poll(() => dialog.locator(':focus').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await rpc<Recording[]>(host.url, 'recordings:list', {})).toEqual([]);
    // Nor is a session left behind for the file that never became a recording.
    expect((await rpc<{ status: string }[]>(host.url, 'sessions:list', {})).filter((s) => s.status !== 'cancelled')).toEqual([]);
  });

  it('shows a scheduled role-play with its people, roles and brief, fills in who confirms, and lists the markers', async () => {
    host = await e2e.startHost(tempDir());
    const aino = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Aino Virtanen', email: 'aino@example.com' });
    const ben = await rpc<{ id: string }>(host.url, 'people:create', { name: 'Ben Okafor', email: 'ben@example.com' });
    const [scenario] = await rpc<{ id: string; title: string; personaId: string }[]>(host.url, 'scenarios:list', { focusAreaId: 'discovery' });
    const personas = await rpc<{ id: string; name: string }[]>(host.url, 'personas:list', {});
    const persona = personas.find((p) => p.id === scenario!.personaId)!;
    const session = await rpc<{ id: string }>(host.url, 'sessions:create', {
      focusAreaId: 'discovery',
      scenarioId: scenario!.id,
      participants: [{ repId: aino.id, role: 'seller' }, { repId: ben.id, role: 'buyer' }],
    });
    const { page, problems } = await openApp(e2e.browser(), host.url);
    // The person using the app, as chosen in Coaching.
    await page.evaluate(`localStorage.setItem('reprise.coaching.me', ${JSON.stringify(ben.id)})`);
    await page.goto(`${host.url}/#/record?session=${session.id}`);

    const who = page.getByRole('region', { name: 'Who is practising' });
    await expect.poll(() => who.innerText(), { timeout: 10_000 }).toMatch(/Focus area\s+Discovery\s+Seller\s+Aino Virtanen\s+Buyer\s+Ben Okafor/);
    const brief = page.getByRole('region', { name: `Brief: ${scenario!.title}` });
    await expect.poll(() => brief.getByText(`The buyer plays ${persona.name}`).count()).toBe(1);
    expect(await page.getByLabel('Confirmed by').inputValue()).toBe(ben.id);

    await page.getByRole('radio', { name: /Microphone only/ }).check();
    await page.getByLabel('Aino Virtanen agrees to be recorded').check();
    await page.getByLabel('Ben Okafor agrees to be recorded').check();
    const start = page.getByRole('button', { name: 'Start recording' });
    await expect.poll(() => start.isEnabled(), { timeout: 15_000 }).toBe(true);
    await start.click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 15_000 });
    // The buyer keeps the persona in view while playing it.
    await expect.poll(() => page.getByRole('region', { name: `Brief: ${scenario!.title}` }).count()).toBe(1);
    await page.getByLabel('Marker note').fill('great open question');
    await page.getByRole('button', { name: 'Add marker' }).click();
    const markers = page.getByRole('region', { name: 'Markers' });
    await expect.poll(() => markers.getByRole('listitem').allInnerTexts()).toEqual([expect.stringMatching(/^0:0\d\s+great open question$/)]);
    await page.getByRole('button', { name: 'Stop recording' }).click();
    await page.waitForURL(/#\/library\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const recording = await rpc<Recording>(host.url, 'recordings:get', { id: page.url().split('/').pop()! });
    expect(recording.consents.map((c) => c.confirmedBy)).toEqual(['Ben Okafor', 'Ben Okafor']);
    expect(problems).toEqual([]);
  });

  it('records a call in stereo: left is the local seller, right the far side', async () => {
    host = await e2e.startHost(tempDir());
    await seedPair(host.url);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    const start = await prepare(page, 'Video call');
    await expect.poll(() => page.getByText('Other side (right)').count()).toBeGreaterThan(0);
    await start.click();
    const stop = page.getByRole('button', { name: 'Stop recording' });
    await stop.waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3_000);
    await stop.click();
    await page.waitForURL(/#\/library\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const id = page.url().split('/').pop()!;
    const recording = await rpc<Recording>(host.url, 'recordings:get', { id });
    expect(recording).toMatchObject({
      status: 'ready',
      mode: 'call',
      channels: 2,
      hasVideo: false,
      channelMap: { left: { label: 'Aino Virtanen' }, right: { label: 'Ben Okafor' } },
    });
    const peaks = await rpc<{ channels: number[][] }>(host.url, 'recordings:peaks', { id });
    expect(peaks.channels).toHaveLength(2);
    expect(problems).toEqual([]);
  });

  it('records the screen with the microphone, and a pause is left out of the take', async () => {
    host = await e2e.startHost(tempDir());
    await seedPair(host.url);
    const { page, problems } = await openApp(e2e.browser(), host.url);
    const start = await prepare(page, 'Screen and microphone');
    const clickedStartAt = Date.now();
    await start.click();
    const stop = page.getByRole('button', { name: 'Stop recording' });
    await stop.waitFor({ timeout: 15_000 });
    const startedAt = Date.now();
    await page.waitForTimeout(2_000);
    await page.getByRole('button', { name: 'Pause' }).click();
    const pausedAt = Date.now();
    await expect.poll(() => page.getByRole('heading', { name: 'Paused' }).count()).toBe(1);
    await page.waitForTimeout(3_000);
    await page.getByRole('button', { name: 'Resume' }).click();
    const pausedMs = Date.now() - pausedAt;
    await page.waitForTimeout(2_000);
    await stop.click();
    const activeMs = Date.now() - startedAt - pausedMs;
    await page.waitForURL(/#\/library\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const upperMs = Date.now() - clickedStartAt;
    const recording = await rpc<Recording>(host.url, 'recordings:get', { id: page.url().split('/').pop()! });
    expect(recording).toMatchObject({ status: 'ready', mode: 'screen', hasVideo: true });
    expect(recording.durationMs).toBeGreaterThan(activeMs - 1500);
    // It was paused for at least the 3 s it showed "Paused", and those seconds are not in the take.
    expect(recording.durationMs).toBeLessThanOrEqual(upperMs - 3_000);
    expect(problems).toEqual([]);
  });

  it('refuses to start on a nearly full disk and says why', async () => {
    host = await e2e.startHost(tempDir(), { REPRISE_MIN_FREE_MB: String(1024 * 1024 * 1024) });
    await seedPair(host.url);
    const { page } = await openApp(e2e.browser(), host.url);
    const start = await prepare(page, 'Microphone only');
    await start.click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /free on the disk/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(await rpc<Recording[]>(host.url, 'recordings:list', {})).toEqual([]);
    // Nor is the ad-hoc session made for the take left behind in the pickers.
    expect((await rpc<{ status: string }[]>(host.url, 'sessions:list', {})).filter((s) => s.status !== 'cancelled')).toEqual([]);
  });

  it('recovers a take after the host is killed with SIGKILL mid-recording', async () => {
    const dataDir = tempDir();
    host = await e2e.startHost(dataDir);
    await seedPair(host.url);
    const { page } = await openApp(e2e.browser(), host.url);
    const start = await prepare(page, 'Microphone only');
    await start.click();
    await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 15_000 });
    const startedAt = Date.now();
    await page.waitForTimeout(6_000);
    await host.stop('SIGKILL');
    const recordedMs = Date.now() - startedAt;
    await page.close();

    host = await e2e.startHost(dataDir);
    const url = host.url;
    await expect
      .poll(async () => (await rpc<Recording[]>(url, 'recordings:list', {})).map((r) => r.status), { timeout: 30_000 })
      .toEqual(['ready']);
    const [recovered] = await rpc<Recording[]>(url, 'recordings:list', {});
    expect(recovered!.recovered).toBe(true);
    expect(recovered!.durationMs).toBeGreaterThanOrEqual(recordedMs - 2000);
    // The recovered file plays: ffprobe reads a duration from it.
    const probed = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', `${dataDir}/media/recordings/${recovered!.id}/recording.webm`]).toString();
    expect(Number(probed) * 1000).toBeGreaterThan(recordedMs - 2000);
  });
});
