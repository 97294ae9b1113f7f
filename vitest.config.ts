import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // Most files wait on processes, sockets and terraform rather than the CPU: four at a time, even on 2 cores.
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Pure: a process, a socket or terraform throws (test/support/pure.ts).
          setupFiles: ['test/support/pure.ts'],
          // Pure tests take milliseconds: a hang fails in 10 s, not the 60 s processes and terraform need.
          testTimeout: 10_000,
        },
      },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'terraform', include: ['test/terraform/**/*.test.ts'] } },
    ],
  },
});
