// Finds the vagrant program before anything is spawned, so "not installed" is a clear AppError
// with the install fix rather than a PTY that dies at once.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { INSTALL_VAGRANT } from '../prerequisites/check-vagrant';
import { fixFor } from '../prerequisites/prereq-types';

export function vagrantProgram(given: string | undefined, env: NodeJS.ProcessEnv | undefined, platform: NodeJS.Platform): string {
  if (given && path.isAbsolute(given)) return given;
  const found = findOnPath(given ?? 'vagrant', { ...process.env, ...env }.PATH ?? '', platform);
  if (!found) {
    throw new AppError('The vagrant command was not found on PATH.', { code: 'VAGRANT_NOT_FOUND', fix: fixFor(platform, INSTALL_VAGRANT), device: 'this computer' });
  }
  return found;
}

export function findOnPath(name: string, pathVar: string, platform: NodeJS.Platform): string | null {
  const exts = platform === 'win32' ? ['.exe', '.bat', '.cmd', ''] : [''];
  for (const dir of pathVar.split(platform === 'win32' ? ';' : ':').filter(Boolean)) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        /* keep looking */
      }
    }
  }
  return null;
}
