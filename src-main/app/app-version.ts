import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The app's version from package.json, found from the source tree or the built bundle. */
export function appVersion(from: string = import.meta.url): string {
  for (const rel of ['../../package.json', '../package.json']) {
    const file = fileURLToPath(new URL(rel, from));
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'xr-container-lab' && pkg.version) return pkg.version;
    }
  }
  return '0.0.0';
}
