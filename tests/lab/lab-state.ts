// The lab's state directory must be root's alone: `up` runs as root and acts on what it finds
// there (records name namespaces, links, processes and directories to remove). A directory
// another user could create or write (the old /tmp/xrcl-lab) would let them plant records.
// So: the lab root is a real directory, owned by root, mode 0700, and every directory above it
// is root's and not writable by others (unless sticky, like /tmp). XRCL_LAB_DIR gets the same
// checks. Nothing is touched when a check fails.
import { lstatSync, mkdirSync, realpathSync, type Stats } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { labRoot } from './lab-config.js';
import { runSync } from './run-command.js';

function ownerName(uid: number): string {
  const r = runSync('getent', ['passwd', String(uid)]);
  const name = r.code === 0 ? r.stdout.split(':')[0] : '';
  return name ? `${name} (uid ${uid})` : `uid ${uid}`;
}

const fix = (root: string): string =>
  `Remove it (\`sudo rm -rf ${root}\`) after checking what is in it, or set XRCL_LAB_DIR to a root-only directory.`;

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Every existing directory above root must be root's and not writable by others (sticky is fine). */
function checkAncestors(root: string): void {
  let parent = dirname(root);
  while (lstatOrNull(parent) === null && parent !== dirname(parent)) parent = dirname(parent);
  const real = realpathSync(parent);
  const parts = real.split(sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const p = sep + parts.slice(0, i).join(sep);
    const st = lstatSync(p);
    const writableByOthers = (st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0;
    if (st.uid !== 0 || writableByOthers) {
      throw new Error(
        `Unsafe lab state directory ${root}: ${p} above it is ${st.uid !== 0 ? `owned by ${ownerName(st.uid)}` : `writable by other users (mode ${(st.mode & 0o7777).toString(8)})`}, so another user could replace it. Set XRCL_LAB_DIR to a directory under a root-only path (the default is /run/xrcl-lab).`,
      );
    }
  }
}

/** Throws (touching nothing) unless root is safe to use; returns false when it does not exist. */
export function checkLabRoot(root = labRoot()): boolean {
  checkAncestors(root);
  const st = lstatOrNull(root);
  if (st === null) return false;
  if (st.isSymbolicLink()) throw new Error(`Refusing to use the lab state directory ${root}: it is a symbolic link. ${fix(root)}`);
  if (!st.isDirectory()) throw new Error(`Refusing to use the lab state directory ${root}: it is not a directory. ${fix(root)}`);
  const uid = process.getuid?.() ?? 0;
  if (st.uid !== uid) {
    throw new Error(
      `Refusing to use the lab state directory ${root}: it is owned by ${ownerName(st.uid)}, not by root, so its records cannot be trusted. ${fix(root)}`,
    );
  }
  if ((st.mode & 0o077) !== 0) {
    throw new Error(
      `Refusing to use the lab state directory ${root}: its mode is ${(st.mode & 0o7777).toString(8)}, other users can reach it (it must be 700). ${fix(root)}`,
    );
  }
  return true;
}

/** Creates the lab root (mode 0700) if needed, after the same checks. */
export function ensureLabRoot(root = labRoot()): string {
  if (!checkLabRoot(root)) {
    mkdirSync(dirname(root), { recursive: true, mode: 0o755 });
    try {
      mkdirSync(root, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    checkLabRoot(root);
  }
  return root;
}

export function lockDir(): string {
  return join(labRoot(), '.lock');
}
