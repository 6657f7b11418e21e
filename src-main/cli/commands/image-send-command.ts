// xrcl image send: a tarball to a router, loaded or imported there, through the same task as the
// Images page (progress and the commands it runs on stderr, one JSON object on stdout).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImageSendRequest } from '../../../src-shared/types/images';
import type { CliServices } from '../cli-services';
import { printResult, UsageError, type CliIo } from '../cli-io';
import { answerPromptsOnTerminal, followTask } from '../cli-tasks';

export const imageSendUsage = `xrcl image send TARGET FILE [--thin] [--load | --import REPO:TAG] [--keep] [--compress auto|gzip|none] [--accept-new] [--json]`;

export async function imageSend(args: string[], cli: CliServices, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      thin: { type: 'boolean' },
      load: { type: 'boolean' },
      import: { type: 'string' },
      keep: { type: 'boolean' },
      compress: { type: 'string', default: 'auto' },
      'accept-new': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 2) throw new UsageError('Give the router and the tarball: xrcl image send TARGET FILE.');
  if (values.load && values.import !== undefined) throw new UsageError('Use --load (docker load) or --import REPO:TAG (docker import), not both.');
  if (values.thin && values.import !== undefined) throw new UsageError('--thin applies to image tarballs (--load); a container tarball is one layer.');
  const compression = values.compress;
  if (compression !== 'auto' && compression !== 'gzip' && compression !== 'none') throw new UsageError('--compress is auto, gzip or none.');
  const [target, file] = positionals as [string, string];
  const req: ImageSendRequest = {
    target,
    file: resolve(file),
    action: values.import !== undefined ? 'import' : values.load ? 'load' : 'copy',
    ...(values.import !== undefined ? { importAs: values.import } : {}),
    ...(values.thin ? { thin: true } : {}),
    ...(values.keep ? { keep: true } : {}),
    compression,
    ...(values['accept-new'] ? { acceptNew: true } : {}),
  };
  const stop = answerPromptsOnTerminal(cli, io);
  let taskId: string;
  try {
    ({ taskId } = await cli.call('images.send', req));
    await followTask(cli, taskId, io);
  } finally {
    stop();
  }
  const r = await cli.call('images.sendResult', { taskId });
  if (!r) throw new Error('The send ended without a result.');
  // The documented keys first (bytesSent, sha256, resumed, loaded, seconds), then the details.
  const { bytesSent, sha256, resumed, loaded, seconds, ...details } = r;
  const out = { bytesSent, sha256, resumed, loaded, seconds, ...details };
  const lines = [
    `Copied to ${r.target}:${r.remotePath}: ${r.bytesSent} bytes sent${r.resumed ? ' (resumed)' : ''} in ${r.seconds} s, sha256 ${r.sha256} checked on the router.`,
    r.compression.reason,
    ...(r.thin ? [`Thin: ${r.thin.layersSkipped} layer(s) already on the router were not sent (${r.thin.bytesLeftOut} bytes).`] : []),
    ...(r.fellBackToFull ? ['The engine refused the thin tarball; the full one was sent.'] : []),
    r.loaded ? (r.untagged ? `Loaded without a name: ${r.imageId}` : `The router now has ${r.tags.join(', ')}`) : `Kept at ${r.remotePath}`,
  ];
  printResult(io, out, lines.join('\n'));
}
