// `npm run web`: the app in a browser tab. Serves the built renderer and the contract on
// 127.0.0.1 with a per-launch token, and prints the URL to open.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../../src-shared/errors';
import { openNodeServices } from '../app/node-services';
import { startWebHost } from './web-host';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`--port must be a number from 0 to 65535 (0 picks a free port), not "${values.port}".`);
  }
  const rendererDir = values['renderer-dir'] ?? fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${rendererDir}/index.html`)) {
    fail(`The renderer is not built (${rendererDir}index.html is missing). Run: npm run build`);
  }

  const { services, dataDir } = openNodeServices('web');
  const host = await startWebHost({ services, rendererDir: rendererDir.replace(/\/$/, ''), port });
  process.stdout.write(`XR Container Lab web host: ${host.url}\n`);
  process.stdout.write(`Open that address in a browser on this computer. Data folder: ${dataDir}. Press Ctrl+C to stop.\n`);

  const stop = () => {
    services.dispose();
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}


function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

main().catch((err: unknown) => {
  if (err instanceof AppError) {
    process.stderr.write(`${err.message}\n${err.fix ? `Fix: ${err.fix}\n` : ''}`);
  } else {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
