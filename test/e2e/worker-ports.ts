/**
 * End-to-end files run side by side (vitest.config.ts). What a test starts on fixed ports gets a
 * range of its worker's own, unless the caller chose one or keeps a cluster between runs
 * (REPRISE_TEST_CEPH_DIR, on the ports it was started with): the Ceph that scripts/ceph-start.sh
 * starts (21 ports from 7150 by default) moves up 30 ports per worker, and 60 more each time its
 * range is found taken (a Ceph of another file still on its way out, or another program).
 */
const worker = Math.max(1, Number(process.env.VITEST_POOL_ID) || 1);
const chosen = ['REPRISE_TEST_CEPH_DIR', 'REPRISE_CEPH_PORT_BASE', 'REPRISE_CEPH_MON_PORT', 'REPRISE_CEPH_RGW_PORT', 'REPRISE_CEPH_OSD_PORTS'].some((name) => process.env[name]);
if (!chosen) {
  process.env.REPRISE_CEPH_PORT_BASE = String(7150 + 30 * (worker - 1));
  // Picked here, not by the caller: a Ceph may move on from a range something else holds (test/e2e/ceph.ts).
  process.env.REPRISE_TEST_CEPH_PORTS_PICKED = '1';
}
