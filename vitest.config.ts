import { defineConfig } from 'vitest/config';
import ClosingLineReporter from './test/support/closingLineReporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // The machine has 2 cores; the suites start real servers, so keep parallelism modest and timeouts generous.
    maxWorkers: 2,
    reporters: ['default', new ClosingLineReporter()],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
