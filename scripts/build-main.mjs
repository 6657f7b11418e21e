// Bundles the main side: the web host (Node), the Electron main process and its sandboxed
// preload (CommonJS, as Electron requires for sandboxed preloads). Dependencies stay external.
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  sourcemap: true,
  logLevel: 'warning',
  packages: 'external',
};

await Promise.all([
  build({ ...common, format: 'esm', entryPoints: ['src-main/web-host/main.ts'], outfile: 'dist/main/web-host.js' }),
  build({ ...common, format: 'esm', entryPoints: ['src-main/electron/main.ts'], outfile: 'dist/main/electron-main.js' }),
  build({ ...common, format: 'esm', entryPoints: ['src-main/cli/xrcl.ts'], outfile: 'dist/main/xrcl.js' }),
  build({
    ...common,
    packages: undefined,
    external: ['electron'],
    format: 'cjs',
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: 'dist/main/preload.cjs',
  }),
]);

// `npm start` and `npm run web` compare this stamp with the sources to skip needless builds.
writeFileSync('dist/.build-stamp', `${new Date().toISOString()}\n`);
