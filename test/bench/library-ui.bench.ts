import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { launchChromium, startHostProcess, type RunningHost } from '../e2e/harness';
import { library } from './library-data';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-bench-'));
library(dir).close();
let host: RunningHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  host = await startHostProcess(dir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${host.url}/#/today`);
  await page.waitForSelector('.sidebar');
});

afterAll(async () => {
  await browser?.close();
  await host?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

// Each run goes to Today and back, so the Library mounts and asks the core again.
describe('Library in Chromium at 10,000 sessions (the issue asks first render < 500 ms)', () => {
  bench(
    'from another page to the first rows drawn',
    async () => {
      await page.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '#/today';
      });
      await page.waitForSelector('.library-page', { state: 'detached' });
      await page.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '#/library';
      });
      await page.waitForSelector('.library-row:not(.library-row--loading)');
    },
    { iterations: 20, warmupIterations: 2 },
  );
});
