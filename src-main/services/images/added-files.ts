// Files and folders added to an image (`--add SRC:DEST`): resolved to one sorted list of tar
// entries with normalised owners (root:root), the source's mode bits and one fixed time, so the
// same sources always give the same layer bytes. Names are kept exactly (spaces, quotes, `;`):
// they only ever travel as data inside tar headers, never through a shell.
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import type { PackHeader, TarPacker } from './tarball-writer';

export interface AddSpec {
  /** A file or folder on this computer. */
  source: string;
  /** Absolute path in the image; a trailing / puts a file inside that folder. */
  dest: string;
}

export interface AddedEntry {
  /** Path in the image without the leading slash, e.g. etc/app.conf. */
  path: string;
  type: 'file' | 'directory' | 'symlink';
  mode: number;
  size: number;
  /** Absolute source path (files only). */
  source?: string;
  linkname?: string;
}

/** Parses `SRC:DEST` as typed on a command line; DEST is the part after the last `:/`. */
export function parseAddSpec(spec: string): AddSpec {
  const i = spec.lastIndexOf(':/');
  if (i <= 0) {
    throw new AppError(`"${spec}" is not SRC:DEST.`, {
      code: 'BAD_INPUT',
      fix: 'Give the file or folder on this computer, a colon, then the absolute path in the image, e.g. ./app:/opt/app',
    });
  }
  return { source: spec.slice(0, i), dest: spec.slice(i + 1) };
}

function badDest(dest: string, why: string): AppError {
  return new AppError(`The image path "${dest}" ${why}.`, {
    code: 'BAD_INPUT',
    fix: 'Give an absolute path inside the image, e.g. /opt/app or /etc/ (trailing / for "into this folder").',
  });
}

/** /a/./b/ → a/b ; refuses relative paths and NUL bytes. */
export function imagePath(dest: string): string {
  if (!dest.startsWith('/')) throw badDest(dest, 'is not absolute');
  if (dest.includes('\0')) throw badDest(dest, 'contains a NUL byte');
  return posix.normalize(dest).replace(/^\/+/, '').replace(/\/+$/, '');
}

/** Every parent folder of a path, outermost first: a/b/c → [a, a/b]. */
function parents(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Resolves the adds to sorted entries (later adds win on the same path). */
export async function collectAddedEntries(adds: readonly AddSpec[]): Promise<AddedEntry[]> {
  const byPath = new Map<string, AddedEntry>();
  const put = (e: AddedEntry): void => {
    if (e.path === '') return; // the image root itself
    for (const p of parents(e.path)) {
      const existing = byPath.get(p);
      if (!existing || existing.type !== 'directory') byPath.set(p, { path: p, type: 'directory', mode: 0o755, size: 0 });
    }
    byPath.set(e.path, e);
  };
  for (const add of adds) {
    const src = resolve(add.source);
    // The source named on the command line is followed when it is a link (as `docker cp` and
    // COPY do); links found inside a folder are kept as links.
    const st = await stat(src).catch((err: NodeJS.ErrnoException) => {
      throw new AppError(`Cannot read ${add.source} to add it to the image: ${err.code ?? err.message}.`, {
        code: err.code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_INPUT',
        fix: 'Check the path on this computer and that this user may read it.',
        device: 'this computer',
        cause: err,
      });
    });
    let dest = imagePath(add.dest);
    if (st.isDirectory()) {
      if (dest !== '') put({ path: dest, type: 'directory', mode: st.mode & 0o7777, size: 0 });
      await walk(src, dest, put);
    } else {
      if (add.dest.endsWith('/') || dest === '') dest = dest ? `${dest}/${basename(src)}` : basename(src);
      await putOne(src, dest, put, true);
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function putOne(src: string, dest: string, put: (e: AddedEntry) => void, follow = false): Promise<void> {
  const st = follow ? await stat(src) : await lstat(src);
  const mode = st.mode & 0o7777;
  if (st.isFile()) put({ path: dest, type: 'file', mode, size: st.size, source: src });
  else if (st.isSymbolicLink()) put({ path: dest, type: 'symlink', mode, size: 0, linkname: await readlink(src) });
  else if (st.isDirectory()) {
    put({ path: dest, type: 'directory', mode, size: 0 });
    await walk(src, dest, put);
  } else {
    throw new AppError(`${src} is neither a file, a folder nor a symbolic link.`, {
      code: 'BAD_INPUT',
      fix: 'Add regular files, folders and symbolic links only (sockets, pipes and devices cannot go into an image layer).',
      device: 'this computer',
    });
  }
}

async function walk(dir: string, dest: string, put: (e: AddedEntry) => void): Promise<void> {
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    await putOne(join(dir, name), dest ? `${dest}/${name}` : name, put);
  }
}

function addedHeader(e: AddedEntry, mtime: Date): PackHeader {
  return {
    name: e.path,
    type: e.type,
    mode: e.mode,
    uid: 0,
    gid: 0,
    mtime,
    size: e.type === 'file' ? e.size : 0,
    ...(e.type === 'symlink' ? { linkname: e.linkname } : {}),
  };
}

/** Writes the entries (files streamed from disk) into a tarball being written. */
export async function writeAddedEntries(writer: TarPacker, entries: AddedEntry[], mtime: Date, signal?: AbortSignal): Promise<void> {
  for (const e of entries) {
    if (signal?.aborted) throw abortError();
    if (e.type === 'file') await writer.addFile(addedHeader(e, mtime), e.source!);
    else await writer.add(addedHeader(e, mtime));
  }
}

function abortError(): Error {
  const e = new Error('The build was cancelled.');
  e.name = 'AbortError';
  return e;
}
