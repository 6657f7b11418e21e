// Builds the app only when a source is newer than the last build, so `npm start` and
// `npm run web` open at once after the first time. Says so when it builds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.build-stamp';
const INPUTS = ['src-main', 'src-shared', 'src-renderer', 'scripts/build-main.mjs', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** The newest modification time under a file or folder (specs included: cheap and safe). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const changed = Math.max(...INPUTS.map(newest));
if (built > changed && existsSync('dist/main/web-host.js') && existsSync('dist/renderer/index.html')) process.exit(0);

console.log(built ? 'Sources changed since the last build: building the app first…' : 'Building the app (first start; later starts skip this until the sources change)…');
const started = Date.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', '-s', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
