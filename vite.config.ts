import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import tailwindcss from '@tailwindcss/vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

// The renderer is loaded from file:// in Electron and from the web host's static server, so asset
// paths are relative and nothing is inlined as a script (the CSP allows script-src 'self' only).
export default defineConfig(({ mode }) => ({
  root: here('./src-renderer'),
  base: './',
  publicDir: false,
  plugins: [svelte(), tailwindcss()],
  resolve: {
    alias: { $shared: here('./src-shared') },
  },
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    // Keep every script an external file so script-src 'self' holds.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Source maps only while developing (`npm run dev:web`): the served bundle ships none.
    sourcemap: mode === 'development',
    chunkSizeWarningLimit: 1200,
  },
  server: { host: '127.0.0.1', strictPort: false },
}));
