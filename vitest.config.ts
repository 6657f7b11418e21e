import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

// Three projects: fast unit specs that sit next to the code, the renderer's specs (Svelte 5
// runes compiled by the Svelte plugin, in jsdom), and integration suites (practice router lab,
// real sshd/dockerd) that need root and run one file at a time.
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
        plugins: [svelte({ configFile: false })],
        // The browser build of Svelte: runes in .svelte.ts files react as they do in the app.
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          include: ['src-renderer/**/*.spec.ts'],
          environment: 'jsdom',
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
