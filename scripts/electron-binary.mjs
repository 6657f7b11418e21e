// Where the Electron binary is, without the electron package's own lookup (which starts a
// download when the binary is missing): null until it has been downloaded.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function electronBinary() {
  const dir = electronPackageDir();
  if (!dir || !existsSync(join(dir, 'path.txt'))) return null;
  const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
