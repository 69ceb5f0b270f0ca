import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

const root = path.resolve(__dirname, '../..');

/**
 * Debian's Ceph (one monitor, one OSD, radosgw) for a test file, started by the project's own
 * script before its tests and stopped and purged after them. REPRISE_TEST_CEPH_DIR: a cluster kept
 * between runs (started there when not running, never stopped here). `env` is the gateway's
 * settings (REPRISE_S3_ENDPOINT, AWS_ACCESS_KEY_ID, ...), filled in once it runs; `start` starts it
 * again after a test stopped it.
 */
export function useCeph(): { dir: string; env: Record<string, string>; start(): void } {
  const kept = process.env.REPRISE_TEST_CEPH_DIR;
  const dir = kept ? path.resolve(kept) : fs.mkdtempSync(path.join(os.tmpdir(), 'reprise-ceph-'));
  const env: Record<string, string> = {};
  const start = () => execFileSync('bash', [path.join(root, 'scripts/ceph-start.sh'), dir], { stdio: 'inherit' });
  /**
   * The first start, on the next range of ports when the one picked for this worker is taken (the
   * script says so before it starts anything). A range the caller chose is never moved.
   */
  const firstStart = () => {
    for (let attempt = 1; ; attempt++) {
      try {
        execFileSync('bash', [path.join(root, 'scripts/ceph-start.sh'), dir], { stdio: ['ignore', 'inherit', 'pipe'] });
        return;
      } catch (error) {
        const said = String((error as { stderr?: Buffer }).stderr ?? '');
        process.stderr.write(said);
        if (kept || process.env.REPRISE_TEST_CEPH_PORTS_PICKED !== '1' || attempt >= 5 || !/is taken|free ports/.test(said)) throw error;
        // 60 up: past both workers' first ranges, so two workers moving on never meet.
        process.env.REPRISE_CEPH_PORT_BASE = String(Number(process.env.REPRISE_CEPH_PORT_BASE ?? 7150) + 60);
      }
    }
  };
  beforeAll(() => {
    firstStart();
    const lines = fs.readFileSync(path.join(dir, 's3.env'), 'utf8').trim().split('\n');
    Object.assign(env, Object.fromEntries(lines.map((line) => line.split('=', 2) as [string, string])));
  }, 120_000);
  afterAll(() => {
    if (!kept) execFileSync('bash', [path.join(root, 'scripts/ceph-stop.sh'), dir, '--purge'], { stdio: 'inherit' });
  }, 60_000);
  return { dir, env, start };
}
