import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Most files wait on processes, sockets and terraform rather than the CPU: four at a time, even on 2 cores.
    maxWorkers: 4,
  },
});
