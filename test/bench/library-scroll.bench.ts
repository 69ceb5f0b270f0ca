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
  await page.goto(`${host.url}/#/library`);
  await page.waitForSelector('.library-row:not(.library-row--loading)');
  // A shared machine can take a while to start the host and Chromium.
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Frames {
  frames: number;
  over17: number;
  over33: number;
  longestMs: number;
  totalMs: number;
  loadingFrames: number;
  longTasks: number;
}

/**
 * Scrolls the list from the top to its end by a fixed step each animation frame, as a fast
 * flick would, and times the frames: an interval between two frames over 16.7 ms is a frame
 * the screen missed. Also counts the frames that showed a row still loading and the long tasks.
 */
async function scrollToEnd(target: Page, stepPx: number): Promise<Frames> {
  return target.evaluate(async (step) => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="library-scroller"]')!;
    scroller.scrollTop = 0;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    let longTasks = 0;
    const observer = new PerformanceObserver((list) => (longTasks += list.getEntries().length));
    observer.observe({ type: 'longtask' });
    const stamps: number[] = [];
    let loadingFrames = 0;
    // The probe keeps its own position and reads the list's height only at the end, so that it
    // forces no layout of its own in a frame.
    let position = 0;
    let end = scroller.scrollHeight - scroller.clientHeight;
    await new Promise<void>((resolve) => {
      const tick = (now: number) => {
        stamps.push(now);
        if (scroller.getElementsByClassName('library-row--loading').length) loadingFrames++;
        if (position >= end) {
          // Rows measured on the way may have made the list longer.
          end = scroller.scrollHeight - scroller.clientHeight;
          if (position >= end) return resolve();
        }
        position = Math.min(end, position + step);
        scroller.scrollTop = position;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    return {
      frames: gaps.length,
      over17: gaps.filter((g) => g > 16.7 * 1.1).length,
      over33: gaps.filter((g) => g > 33.4).length,
      longestMs: Math.round(Math.max(...gaps)),
      totalMs: Math.round(stamps[stamps.length - 1]! - stamps[0]!),
      loadingFrames,
      longTasks,
    };
  }, stepPx);
}

describe('Library in Chromium at 10,000 sessions: scrolling to the end (the issue asks for no dropped frames)', () => {
  // About 15 rows a frame: a fast flick, and the whole list in some 700 frames.
  bench(
    'scroll from the top to the end, one step a frame',
    async () => {
      // From another page and back, so the Library mounts again and fetches its pages while scrolling, as it would the first time.
      await page.evaluate(() => (location.hash = '#/today'));
      await page.waitForSelector('.library-page', { state: 'detached' });
      await page.evaluate(() => (location.hash = '#/library'));
      await page.waitForSelector('.library-row:not(.library-row--loading)');
      const result = await scrollToEnd(page, 1200);
      console.log(`library scroll: ${JSON.stringify(result)}`);
    },
    { iterations: 4, warmupIterations: 0 },
  );
});
