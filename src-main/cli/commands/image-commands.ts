// xrcl image inspect | build: the offline tarball inspector and builder from a terminal. These
// run on this computer only, so xrcl calls the image services directly (no router involved).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAddSpec } from '../../services/images/added-files';
import { checkBuildBase, withBuildBase } from '../../services/images/build-base';
import { buildContainerTarball, buildImageTarball } from '../../services/images/image-builder';
import { inspectTarball } from '../../services/images/image-inspector';
import type { CliServices } from '../cli-services';
import { imageSend, imageSendUsage } from './image-send-command';
import { onePositional, printResult, table, UsageError, type CliIo } from '../cli-io';

export const imageUsage = `xrcl image inspect FILE [--json]
xrcl image build [--from TARBALL | --from docker://HOST:PORT/REPO[:TAG|@sha256:HEX] [--ca FILE]]
                 [--add SRC:DEST]... [--env K=V]... [--entrypoint JSON] [--cmd JSON] [--workdir DIR]
                 [--label K=V]... --tag REPO:TAG [--format save|export] [--gzip] -o OUT [--json]
${imageSendUsage}`;

export async function imageCommand(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const [verb, ...rest] = args;
  if (verb === 'inspect') return inspect(rest, io);
  if (verb === 'build') return build(rest, cli, io);
  if (verb === 'send') return imageSend(rest, cli, io);
  throw new UsageError(verb ? `Unknown image command "${verb}": use inspect, build or send.` : 'Say what to do: xrcl image inspect | build | send.');
}

async function inspect(args: string[], io: CliIo): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const r = await inspectTarball(resolve(onePositional(positionals, 'FILE')));
  const lines = [
    `${r.file}: ${r.kind === 'save' ? 'docker save (image)' : r.kind === 'export' ? 'docker export (container file system)' : 'OCI layout'}${r.compressed ? ', gzipped' : ''}, ${r.bytes} bytes, sha256 ${r.sha256}`,
    ...r.images.flatMap((img) => [
      `image ${img.tags.join(', ') || '(untagged)'}  ${img.platform ?? ''}`,
      table([['  LAYER', 'SIZE'], ...img.layers.map((l) => [`  ${l.digest ?? l.diffId}`, String(l.size)])]),
    ]),
    r.verified ? 'Every digest checks out.' : `NOT verified:\n${r.problems.map((p) => `  - ${p}`).join('\n')}`,
  ];
  printResult(io, r, lines.join('\n'));
  if (!r.verified) process.exitCode = 1;
}

async function build(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      ca: { type: 'string' },
      add: { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      entrypoint: { type: 'string' },
      cmd: { type: 'string' },
      workdir: { type: 'string' },
      label: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      format: { type: 'string', default: 'save' },
      gzip: { type: 'boolean' },
      o: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
    },
  });
  if (!values.o) throw new UsageError('-o OUT is required: where the tarball is written.');
  if (values.format !== 'save' && values.format !== 'export') throw new UsageError('--format is save (docker load) or export (docker import).');
  if (values.format === 'save' && !values.tag?.length) throw new UsageError('--tag REPO:TAG is required for an image tarball (docker load gives it that name).');
  checkBuildBase(values.from);
  if (values.ca && !values.from?.startsWith('docker://')) throw new UsageError('--ca FILE goes with --from docker://REF: the CA of the registry the base is pulled from.');
  const add = (values.add ?? []).map(parseAddSpec);
  // Every setting is checked before a base is pulled.
  const settings = {
    tags: values.tag ?? [],
    ...(values.env ? { env: values.env } : {}),
    ...(values.entrypoint ? { entrypoint: jsonList(values.entrypoint, '--entrypoint') } : {}),
    ...(values.cmd ? { cmd: jsonList(values.cmd, '--cmd') } : {}),
    ...(values.workdir ? { workdir: values.workdir } : {}),
    ...(values.label ? { labels: Object.fromEntries(values.label.map((l) => splitPair(l, '--label'))) } : {}),
  };
  const caPem = values.ca ? readCa(values.ca) : undefined;
  const result = await withBuildBase(values.from, { registries: cli.services.registries, ...(caPem ? { caPem } : {}), onProgress: progressOnStderr(io, 'pulling') }, (base) => {
    const common = { output: resolve(values.o!), ...(base ? { base } : {}), add, gzip: values.gzip ?? false, onProgress: progressOnStderr(io) };
    return values.format === 'export' ? buildContainerTarball(common) : buildImageTarball({ ...common, ...settings });
  });
  const out = { file: result.file, sha256: result.sha256, bytes: result.bytes, layers: result.layers.length, ...(result.imageId ? { imageId: result.imageId } : {}) };
  printResult(io, out, `Wrote ${out.file} (${out.bytes} bytes, ${out.layers} layer${out.layers === 1 ? '' : 's'}), sha256 ${out.sha256}`);
}

function readCa(file: string): string {
  try {
    return readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new UsageError(`--ca ${file} cannot be read: ${(err as Error).message}`);
  }
}

function jsonList(text: string, flag: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    /* reported below */
  }
  throw new UsageError(`${flag} takes a JSON list of strings, e.g. '["/bin/sh","-c","echo hi"]'.`);
}

function splitPair(text: string, flag: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new UsageError(`${flag} takes KEY=VALUE, not "${text}".`);
  return [text.slice(0, i), text.slice(i + 1)];
}

/** Progress on stderr, at most once per percent. */
function progressOnStderr(io: CliIo, label = 'building'): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 0;
    if (pct !== last) {
      last = pct;
      io.stderr(`\r${label}: ${pct}%${pct === 100 ? '\n' : ''}`);
    }
  };
}
