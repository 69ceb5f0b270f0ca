import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bench, describe } from 'vitest';
import { launchChromium, openApp, startHostProcess } from '../e2e/harness';

/**
 * The renderer's memory over a long take (camera mode, fake devices): JS heap from the DevTools
 * protocol and the resident memory of Chromium's renderer processes, sampled every 30 s. The
 * goal is flat: under 50 MB growth over 10 minutes. REPRISE_BENCH_TAKE_MINUTES shortens it;
 * REPRISE_BENCH_MODE=microphone records audio only and REPRISE_BENCH_NO_PREVIEW=1 removes the live
 * preview, to tell where growth comes from.
 */
const minutes = Number(process.env.REPRISE_BENCH_TAKE_MINUTES ?? 10);
/** Camera by default; `microphone` tells growth from the video path apart. */
const mode = process.env.REPRISE_BENCH_MODE === 'microphone' ? 'Microphone only' : 'Camera and microphone';

/** Resident memory of the renderer processes of the Chromium this process started (its descendants only). */
function rendererRssMb(): number {
  const parents = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const ppid = /PPid:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (ppid) parents.set(Number(pid), Number(ppid[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const pid of parents.keys()) {
    if (!descends(pid)) continue;
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) total += Number(rss[1]) / 1024;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

describe(`renderer memory over a ${minutes}-minute take (${mode})`, () => {
  bench(
    'record, sampling every 30 s',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-membench-'));
      const host = await startHostProcess(dataDir);
      const browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
      try {
        for (const [name, email] of [['Aino Virtanen', 'aino@example.com'], ['Ben Okafor', 'ben@example.com']]) {
          await fetch(`${host.url}/rpc/people:create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, email }) });
        }
        const { page } = await openApp(browser, `${host.url}/#/record`);
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Performance.enable');
        await page.getByLabel('Seller').selectOption({ label: 'Aino Virtanen' });
        await page.getByLabel('Buyer').selectOption({ label: 'Ben Okafor' });
        await page.getByRole('radio', { name: new RegExp(mode) }).check();
        await page.getByLabel('Aino Virtanen agrees to be recorded').check();
        await page.getByLabel('Ben Okafor agrees to be recorded').check();
        await page.getByLabel('Confirmed by').selectOption({ label: 'Aino Virtanen' });
        const start = page.getByRole('button', { name: 'Start recording' });
        while (!(await start.isEnabled())) await page.waitForTimeout(200);
        await start.click();
        await page.getByRole('button', { name: 'Stop recording' }).waitFor({ timeout: 15_000 });
        if (process.env.REPRISE_BENCH_NO_PREVIEW) {
          // Experiment: take the live preview away to see whether it, or the encoder, holds memory.
          await page.evaluate(() => document.querySelectorAll('video').forEach((v) => v.remove()));
        }
        const sample = async () => {
          await cdp.send('HeapProfiler.collectGarbage');
          const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
          const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1024 / 1024;
          return { heap, rss: rendererRssMb() };
        };
        const samples: { minute: number; heap: number; rss: number }[] = [];
        const t0 = Date.now();
        await page.waitForTimeout(15_000);
        samples.push({ minute: (Date.now() - t0) / 60000, ...(await sample()) });
        while (Date.now() - t0 < minutes * 60_000) {
          await page.waitForTimeout(30_000);
          samples.push({ minute: (Date.now() - t0) / 60000, ...(await sample()) });
        }
        await page.getByRole('button', { name: 'Stop recording' }).click();
        await page.waitForURL(/#\/library\//, { timeout: 120_000 });
        const size = fs.readdirSync(path.join(dataDir, 'media', 'recordings')).length;
        const first = samples[0]!;
        const last = samples[samples.length - 1]!;
        const peakRss = Math.max(...samples.map((s) => s.rss));
        console.log(`\n  minute  JS heap MB  renderer RSS MB`);
        for (const s of samples) console.log(`  ${s.minute.toFixed(1).padStart(6)}  ${s.heap.toFixed(1).padStart(10)}  ${s.rss.toFixed(1).padStart(15)}`);
        console.log(
          `  growth from 0.25 min to the end: JS heap ${(last.heap - first.heap).toFixed(1)} MB, renderer RSS ${(last.rss - first.rss).toFixed(1)} MB (peak ${peakRss.toFixed(1)} MB); ${size} recording(s) finalized\n`,
        );
      } finally {
        await browser.close();
        await host.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0 },
  );
});
