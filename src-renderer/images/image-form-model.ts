// The builder form as a person fills it (one line per variable or label, a JSON list or plain
// words for the command), turned into the contract's build request, with a message per field
// that is wrong. Pure: the page shows the messages, the services check everything again.
import type { ImageBuildRequest } from '../../src-shared/types/images';

export interface AddedRow {
  source: string;
  dest: string;
}

export interface BuildFields {
  format: 'save' | 'export';
  base: string;
  added: AddedRow[];
  tag: string;
  env: string;
  entrypoint: string;
  cmd: string;
  workdir: string;
  labels: string;
  gzip: boolean;
  output: string;
}

export const emptyBuildFields = (): BuildFields => ({
  format: 'save',
  base: '',
  added: [{ source: '', dest: '' }],
  tag: '',
  env: '',
  entrypoint: '',
  cmd: '',
  workdir: '',
  labels: '',
  gzip: false,
  output: '',
});

export type FieldErrors = Partial<Record<'base' | 'added' | 'tag' | 'env' | 'entrypoint' | 'cmd' | 'workdir' | 'labels' | 'output', string>>;

const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/** `["/bin/sh","-c","echo hi"]`, or words split on spaces (`cat /srv/hello.txt`). */
export function parseCommand(text: string): string[] | null {
  const t = text.trim();
  if (!t) return [];
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.length > 0) ? (v as string[]) : null;
    } catch {
      return null;
    }
  }
  return t.split(/\s+/);
}

export function toBuildRequest(f: BuildFields): { request: ImageBuildRequest | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const output = f.output.trim();
  if (!output) errors.output = 'Where to write the tarball, e.g. /home/me/my-app.tar.';
  const added = f.added.filter((r) => r.source.trim() || r.dest.trim());
  if (added.some((r) => !r.source.trim() || !r.dest.trim().startsWith('/'))) errors.added = 'Each added file needs a path here and an absolute path in the image.';
  if (!f.base.trim() && added.length === 0) errors.base = 'Give a base tarball, or add a root file system folder to /.';
  const env = lines(f.env);
  if (env.some((e) => !/^[^=\s]+=/.test(e))) errors.env = 'One NAME=value per line.';
  const labelLines = lines(f.labels);
  if (labelLines.some((l) => !/^[^=\s]+=/.test(l))) errors.labels = 'One key=value per line.';
  const entrypoint = parseCommand(f.entrypoint);
  if (entrypoint === null) errors.entrypoint = 'A JSON list of strings, or plain words.';
  const cmd = parseCommand(f.cmd);
  if (cmd === null) errors.cmd = 'A JSON list of strings, or plain words.';
  const workdir = f.workdir.trim();
  if (workdir && !workdir.startsWith('/')) errors.workdir = 'An absolute path, e.g. /srv.';
  const tag = f.tag.trim();
  if (f.format === 'save' && !tag) errors.tag = 'docker load gives the image this name, e.g. xrcl/my-app:1.';
  if (Object.keys(errors).length) return { request: null, errors };
  const request: ImageBuildRequest = {
    output,
    format: f.format,
    ...(f.base.trim() ? { base: f.base.trim() } : {}),
    ...(added.length ? { add: added.map((r) => `${r.source.trim()}:${r.dest.trim()}`) } : {}),
    ...(f.gzip ? { gzip: true } : {}),
  };
  if (f.format === 'save') {
    request.tags = [tag];
    if (env.length) request.env = env;
    if (entrypoint?.length) request.entrypoint = entrypoint;
    if (cmd?.length) request.cmd = cmd;
    if (workdir) request.workdir = workdir;
    if (labelLines.length) request.labels = Object.fromEntries(labelLines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }
  return { request, errors };
}

const UNITS = ['B', 'kB', 'MB', 'GB'];
/** 2123776 → "2.1 MB" (decimal units, as docker images shows). */
export function formatBytes(n: number): string {
  let v = n;
  let i = 0;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${UNITS[i]}`;
}
