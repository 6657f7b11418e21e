// The IOS-XRv box: is it added to Vagrant, and add it from the .box file the user downloaded
// from Cisco. Before vagrant runs, the file is checked by size and by its first bytes: the
// classic failure is a download that "finished" in seconds because it is an HTML sign-in or
// error page, not the ~1.8 GB box (xr-facts section 4, item 14).
//
//   const boxes = new BoxManager();
//   (await boxes.findIosXrv()).added           // true once `vagrant box add --name IOS-XRv` ran
//   await boxes.add('/home/me/Downloads/iosxrv-fullk9-x64.box', { task: ctx });
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { runCommand } from '../exec/command-runner';
import { formatCommand, shellStyleFor } from '../exec/shell-quote';
import { tailLines } from '../exec/output-tail';
import { INSTALL_VAGRANT, IOSXRV_BOX } from '../prerequisites/check-vagrant';
import { fixFor } from '../prerequisites/prereq-types';
import type { TaskContext } from '../tasks/task-manager';
import { runInPty } from './pty-stream';
import { vagrantFailure } from './vagrant-failures';
import { vagrantProgram } from './vagrant-program';
import { parseMachineReadable, plainText } from './vagrant-output-parsers';

export { IOSXRV_BOX };

export interface AddedBox {
  name: string;
  provider: string;
  version: string;
}

/** `vagrant box list --machine-readable`: box-name, box-provider, box-version lines in turn. */
export function parseBoxListMachineReadable(text: string): AddedBox[] {
  const boxes: AddedBox[] = [];
  for (const l of parseMachineReadable(text)) {
    if (l.type === 'box-name') boxes.push({ name: l.data[0] ?? '', provider: '', version: '' });
    const last = boxes[boxes.length - 1];
    if (!last) continue;
    if (l.type === 'box-provider') last.provider = l.data[0] ?? '';
    if (l.type === 'box-version') last.version = l.data[0] ?? '';
  }
  return boxes;
}

export type BoxFileFormat = 'tar' | 'gzip' | 'bzip2' | 'xz' | 'zip' | 'metadata-json' | 'html' | 'json' | 'text' | 'unknown';

export interface BoxFileCheck {
  path: string;
  size: number;
  format: BoxFileFormat;
  /** Why vagrant would fail on this file; null when it looks like a box. */
  problem: AppError | null;
  /** Worth saying but not fatal (e.g. smaller than an IOS-XRv box). */
  warning: string | null;
}

/** The IOS-XRv box is about 1.8 GB; even the smallest Vagrant VM box is far above this. */
export const SUSPICIOUSLY_SMALL_BOX_BYTES = 100 * 1024 * 1024;
const HEAD_BYTES = 4096;

const DOWNLOAD_AGAIN =
  'Download the box again from Cisco (signed in with your CCO ID, and with the download link still valid), wait for the full file (about 1.8 GB), then add it.';

/** Reads the size and the first bytes of a box file; never runs vagrant. */
export async function inspectBoxFile(file: string): Promise<BoxFileCheck> {
  const st = await stat(file).catch(() => null);
  if (!st || !st.isFile()) {
    throw new AppError(`There is no box file at ${file}.`, { code: 'NOT_FOUND', device: 'this computer', fix: 'Choose the .box file you downloaded (for example iosxrv-fullk9-x64.box).' });
  }
  const fh = await open(file, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, st.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const format = sniffFormat(head);
  const size = st.size;
  const mb = (size / (1024 * 1024)).toFixed(size < 1024 * 1024 ? 3 : 1);
  const result: BoxFileCheck = { path: file, size, format, problem: null, warning: null };
  if (format === 'html') {
    const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(head.toString('utf8'))?.[1]?.trim();
    result.problem = new AppError(
      `${path.basename(file)} is a web page (${mb} MB${title ? `, titled "${title}"` : ''}), not a Vagrant box: the download saved the site's sign-in or error page.`,
      { code: 'BOX_FILE_IS_HTML', device: 'this computer', fix: DOWNLOAD_AGAIN, detail: head.toString('utf8').slice(0, 400) },
    );
  } else if (format === 'json' || format === 'text') {
    result.problem = new AppError(`${path.basename(file)} is a small ${format === 'json' ? 'JSON' : 'text'} file (${mb} MB), not a Vagrant box; it is most likely an error message from the download site.`, {
      code: 'BOX_FILE_NOT_A_BOX',
      device: 'this computer',
      fix: DOWNLOAD_AGAIN,
      detail: head.toString('utf8').slice(0, 400),
    });
  } else if (format === 'unknown') {
    result.problem = new AppError(`${path.basename(file)} is not a Vagrant box (not a tar, gzip or zip archive).`, { code: 'BOX_FILE_NOT_A_BOX', device: 'this computer', fix: DOWNLOAD_AGAIN });
  } else if (format !== 'metadata-json' && size < SUSPICIOUSLY_SMALL_BOX_BYTES) {
    result.warning = `${path.basename(file)} is only ${mb} MB; the IOS-XRv box is about 1.8 GB. If this is meant to be IOS-XRv, the download stopped early.`;
  }
  return result;
}

function sniffFormat(head: Buffer): BoxFileFormat {
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.toString('latin1', 0, 4) === 'PK\u0003\u0004') return 'zip';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^<(?:!doctype html|html|head|body|\?xml[\s\S]*<html)/i.test(text) || (/^</.test(text) && /<(?:html|body|title|div)\b/i.test(text))) return 'html';
  if (/^[{[]/.test(text)) return /"versions"\s*:/.test(text) ? 'metadata-json' : 'json';
  // Mostly printable: a text file (an error message, a README).
  const printable = [...head].filter((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127)).length;
  if (head.length > 0 && printable / head.length > 0.95) return 'text';
  return 'unknown';
}

export interface BoxAddProgress {
  percent: number;
  /** As vagrant prints it, e.g. 118M/s. */
  rate: string;
  /** As vagrant prints it, e.g. 0:00:12 (--:--:-- while unknown). */
  remaining: string;
}

/** The latest "Progress: 42% (Rate: 118M/s, Estimated time remaining: 0:00:12)" in the text. */
export function lastBoxAddProgress(text: string): BoxAddProgress | null {
  const m = [...plainText(text).matchAll(/Progress: (\d+)% \(Rate: ([^,]+), Estimated time remaining: ([^)]+)\)/g)].pop();
  return m ? { percent: Number(m[1]), rate: m[2]!.trim(), remaining: m[3]!.trim() } : null;
}

export interface BoxManagerOptions {
  vagrantPath?: string;
  /** Extra environment, e.g. VAGRANT_HOME for tests. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export interface AddBoxOptions {
  /** Box name. Default IOS-XRv, the name the reference Vagrantfile asks for. */
  name?: string;
  /** Replace a box of the same name (vagrant box add --force). */
  force?: boolean;
  task?: TaskContext;
  /** Default: the task's signal. */
  signal?: AbortSignal;
  onData?: (text: string) => void;
}

export class BoxManager {
  constructor(private readonly options: BoxManagerOptions = {}) {}

  /** Boxes added to Vagrant on this computer. */
  async list(signal?: AbortSignal): Promise<AddedBox[]> {
    const r = await runCommand(
      { file: this.vagrant, args: ['box', 'list', '--machine-readable'], timeoutMs: 60_000, env: { VAGRANT_CHECKPOINT_DISABLE: '1', ...this.options.env } },
      { signal },
    );
    if (r.exitCode !== 0) throw vagrantFailure(r.command, r.exitCode, r.stdout + r.stderr, this.platform);
    return parseBoxListMachineReadable(r.stdout);
  }

  /** Whether the IOS-XRv box is added for VirtualBox (the provider the real topology uses). */
  async findIosXrv(opts: { name?: string; provider?: string; signal?: AbortSignal } = {}): Promise<{ added: boolean; box: AddedBox | null; boxes: AddedBox[] }> {
    const boxes = await this.list(opts.signal);
    const name = opts.name ?? IOSXRV_BOX;
    const provider = opts.provider ?? 'virtualbox';
    const box = boxes.find((b) => b.name === name && b.provider === provider) ?? null;
    return { added: box !== null, box, boxes };
  }

  /**
   * `vagrant box add --name IOS-XRv FILE`, after checking the file. Progress goes to the task
   * (copying with percentage, then unpacking); failures are AppErrors with the fix.
   */
  async add(file: string, opts: AddBoxOptions = {}): Promise<AddedBox> {
    const name = opts.name ?? IOSXRV_BOX;
    const absolute = path.resolve(file);
    const check = await inspectBoxFile(absolute);
    if (check.problem) throw check.problem;
    if (check.warning) opts.task?.log(`Note: ${check.warning}\r\n`);
    const args = ['box', 'add', '--name', name, ...(opts.force ? ['--force'] : []), absolute];
    const command = formatCommand('vagrant', args, shellStyleFor(this.platform));
    opts.task?.log(`\r\n$ ${command}\r\n`);
    opts.task?.progress(0, `Adding ${name} from ${path.basename(absolute)}`);
    let seen = '';
    const result = await runInPty(
      { file: this.vagrant, args, cwd: path.dirname(absolute), env: { VAGRANT_CHECKPOINT_DISABLE: '1', ...this.options.env } },
      {
        signal: opts.signal ?? opts.task?.signal,
        onData: (text) => {
          opts.task?.log(text);
          opts.onData?.(text);
          seen = (seen + text).slice(-2000);
          const p = lastBoxAddProgress(seen);
          if (p) opts.task?.progress((p.percent / 100) * 0.8, `Copying the box: ${p.percent}% (${p.rate}, ${p.remaining} left)`);
          if (/Unpacking necessary files/.test(text)) opts.task?.progress(null, 'Copying and unpacking the box');
        },
      },
    );
    if (result.error) throw new AppError(`vagrant could not be started: ${result.error}`, { code: 'VAGRANT_NOT_STARTED', fix: fixFor(this.platform, INSTALL_VAGRANT), command });
    if (result.cancelled) {
      throw new AppError('Adding the box was cancelled.', { code: 'CANCELLED', name: 'CancelledError', command, fix: 'Add it again when you are ready; nothing was added.' });
    }
    if (result.exitCode !== 0) throw vagrantFailure(command, result.exitCode, result.output, this.platform);
    const m = /Successfully added box '([^']+)' \(v([^)]*)\) for '([^']+)'/.exec(plainText(result.output));
    if (!m) {
      throw new AppError(`vagrant box add finished but did not report the box as added.`, { code: 'VAGRANT_FAILED', command, detail: tailLines(plainText(result.output)), fix: 'Run `vagrant box list` to see what is there.' });
    }
    return { name: m[1]!, version: m[2]!, provider: m[3]! };
  }

  private get platform(): NodeJS.Platform {
    return this.options.platform ?? process.platform;
  }

  private get vagrant(): string {
    return vagrantProgram(this.options.vagrantPath, this.options.env, this.platform);
  }
}
