import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Several suites build an index or start servers: keep them from fighting over 2 cores.
    fileParallelism: false,
  },
});
