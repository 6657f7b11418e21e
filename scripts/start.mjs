// `npm start`: the desktop app, or the web host where the Electron binary cannot be had.
// npm install skips Electron's download script (package.json allowScripts), so installs work on
// networks that reach the npm registry only; the binary is fetched here on the first start.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { electronBinary, electronPackageDir } from './electron-binary.mjs';

const FETCH_TIMEOUT_MS = 10 * 60_000;

/** Runs Electron's own download script once; returns why it failed, or null. */
function fetchElectron() {
  const dir = electronPackageDir();
  if (!dir) return 'the electron package is not installed: run npm install';
  const script = join(dir, 'install.js');
  console.log("Fetching Electron's binary, about 100 MB (npm install skips its download; this happens once)…");
  const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: FETCH_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status === 0 && electronBinary()) return null;
  if (r.error?.code === 'ETIMEDOUT') return `the download took longer than ${FETCH_TIMEOUT_MS / 60_000} minutes`;
  const last = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').filter(Boolean).pop();
  return last ? last.replace(/^\w*Error:\s*/, '').slice(0, 160) : `the download script exited with ${r.status}`;
}

let binary = electronBinary();
if (!binary) {
  const why = fetchElectron();
  binary = why ? null : electronBinary();
  if (!binary) {
    console.log(`Electron could not be downloaded (${why}), so XR Container Lab starts in your browser instead.`);
  }
}

if (!existsSync('dist/main/web-host.js')) {
  console.error('The app is not built yet: run npm run build.');
  process.exit(1);
}

const [command, args] = binary
  ? [binary, ['.', ...process.argv.slice(2)]]
  : [process.execPath, ['dist/main/web-host.js', ...process.argv.slice(2)]];

const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
