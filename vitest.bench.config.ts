import { defineConfig } from 'vitest/config';

/** `npm run bench`: benchmarks print numbers; they never fail on a time. */
export default defineConfig({
  define: { __REPRISE_VERSION__: JSON.stringify('0.0.0-bench') },
  test: {
    include: [],
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
});
