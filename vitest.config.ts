import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Unit and component files at a time. Vitest's default (one less than the cores) is one worker on
 * a 2-core machine, which leaves a core idle whenever a file waits on ffmpeg, a socket or a timer;
 * REPRISE_TEST_WORKERS sets it.
 */
const unitWorkers = Math.max(1, Math.floor(Number(process.env.REPRISE_TEST_WORKERS) || Math.max(2, os.availableParallelism() - 1)));

/**
 * End-to-end files at a time. They spend most of their time waiting (a take recording in real
 * time, a host or Chromium starting, a gateway answering), so two of them share two cores well;
 * each uses its own temp folders and ports (REPRISE_TEST_E2E_WORKERS=1 runs them one by one).
 */
const e2eWorkers = Math.max(1, Math.floor(Number(process.env.REPRISE_TEST_E2E_WORKERS) || 2));

export default defineConfig({
  define: { __REPRISE_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    projects: [
      {
        extends: true,
        // Media tests run real ffmpeg; a loaded machine must not turn slowness into failures (two
        // files at a time on two cores: a take killed midway or re-hashed took over 30 s at load 20).
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000, maxWorkers: unitWorkers },
      },
      {
        extends: true,
        test: {
          name: 'components',
          include: ['test/components/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['test/components/setup.ts'],
          maxWorkers: unitWorkers,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // A worker's own ports for what a test starts on fixed ports (the Ceph gateway).
          setupFiles: ['test/e2e/worker-ports.ts'],
          maxWorkers: e2eWorkers,
          fileParallelism: e2eWorkers > 1,
          // After the unit and component files (their own worker count), as before.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
