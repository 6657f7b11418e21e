// A PATH on which some commands are not installed, everything else unchanged: each PATH folder
// that holds one of them is replaced by a temp folder of links to the rest of its entries. The
// e2e suite uses it to run the real checks in the world where, say, VirtualBox is missing.
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface ShadowPath {
  /** The PATH value to give the process. */
  path: string;
  cleanup(): void;
}

export function pathWithout(commands: readonly string[], pathValue = process.env.PATH ?? ''): ShadowPath {
  const made: string[] = [];
  const dirs = pathValue.split(delimiter).map((dir) => {
    if (dir === '' || !commands.some((c) => existsSync(join(dir, c)))) return dir;
    const shadow = mkdtempSync(join(tmpdir(), 'xrcl-path-'));
    made.push(shadow);
    for (const entry of readdirSync(dir)) {
      if (!commands.includes(entry)) symlinkSync(join(dir, entry), join(shadow, entry));
    }
    return shadow;
  });
  return {
    path: dirs.join(delimiter),
    cleanup: () => made.forEach((d) => rmSync(d, { recursive: true, force: true })),
  };
}
