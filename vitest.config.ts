import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Several suites build an index or start servers: keep them from fighting over 2 cores.
    fileParallelism: false,
    // The last line of a run says which tests were skipped and why (a missing Chromium or python3-onnx).
    reporters: ['default', './tests/helpers/skip-summary-reporter.ts'],
  },
});
