import { defineConfig } from 'vitest/config';

// Two projects: fast unit specs that sit next to the code, and integration suites
// (practice router lab, real sshd/dockerd) that need root and run one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-main/**/*.spec.ts', 'src-shared/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.itest.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
