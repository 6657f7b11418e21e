// `npm start`: the desktop app, or the web host where the Electron binary is missing.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws when it was never downloaded.
    return require('electron');
  } catch {
    return null;
  }
}

const binary = electronBinary();
const [command, args] = binary
  ? [binary, ['.', ...process.argv.slice(2)]]
  : [process.execPath, ['dist/main/web-host.js', ...process.argv.slice(2)]];

if (!binary) {
  console.log('Electron is not installed on this computer (its binary was not downloaded), so XR Container Lab starts in your browser instead.');
}

const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
