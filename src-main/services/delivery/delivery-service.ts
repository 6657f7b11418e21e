// Sends an image or container tarball to a router and loads or imports it: checked here first
// (every digest), free space on /misc/app_host checked before a byte moves, copied over SFTP
// with progress, speed and time left, resumed after a dropped connection from the last verified
// byte, checked with sha256sum on the router, then `docker load` / `docker import`, reporting
// the exact name the image got. The copy goes over the target's XR shell endpoint: on a Vagrant
// box that is the forwarded management port, much faster than the Gig data link.
// Resume, and why it hashes on the router: copy-session.ts.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../src-shared/errors';
import type { ImageSendRequest, ImageSendResult } from '../../../src-shared/types/images';
import { parseImageReference } from '../images/image-reference';
import { assertUsable, readImageTarball, type ImageTarballIndex } from '../images/image-tarball-reader';
import { writeStreamAtomically } from '../images/tarball-writer';
import { chooseCompression, type CompressionChoice } from './compression-choice';
import { CopySession, type Payload } from './copy-session';
import { assertFits, mb, parseDfP } from './disk-space';
import { gzipSample, PROBE_BYTES, PROBE_MIN_FILE } from './gzip-sample';
import { parseImportOutput, parseLoadOutput, parseRepoTags } from './load-output';
import { remoteCommands, remotePathFor, SCRATCH, parseSha256sum, userDir } from './remote-file';
import { RouterSide, type DeliveryCtx, type DeliveryDeps } from './router-side';
import { layersOnRouter, parseRouterLayers, ROUTER_LAYERS_COMMAND } from './router-layers';
import { planThin, writeThinTarball, type ThinPlan } from './thin-tarball';

export type { DeliveryDeps } from './router-side';

/** What landed on the router, and how. */
interface Delivered {
  copyMs: number;
  remotePath: string;
  bytesSent: number;
  resumed: boolean;
  compression: CompressionChoice;
  /** What was copied (thinned and gzipped as decided). */
  payload: Payload;
}


export class DeliveryService {
  private readonly results = new Map<string, ImageSendResult>();

  constructor(private readonly deps: DeliveryDeps) {}

  /** Starts a send as a task; its result is kept for `result(taskId)`. */
  start(req: ImageSendRequest): { taskId: string; done: Promise<ImageSendResult> } {
    this.deps.targets.get(req.target); // an unknown router is refused now, not in the task
    const { id, done } = this.deps.tasks.start({
      title: `Send ${basename(req.file)} to ${req.target}`,
      kind: 'transfer',
      target: req.target,
      run: async (ctx) => {
        const r = await this.send(req, ctx);
        this.results.set(ctx.id, r);
        ctx.setOutcome({ verdict: 'done', summary: summaryOf(r) });
        return r;
      },
    });
    done.catch(() => undefined);
    return { taskId: id, done };
  }

  result(taskId: string): ImageSendResult | null {
    return this.results.get(taskId) ?? null;
  }

  async send(req: ImageSendRequest, ctx: DeliveryCtx): Promise<ImageSendResult> {
    const t0 = performance.now();
    const importRef = req.action === 'import' ? checkImportRef(req.importAs) : null;
    const index = await this.checkLocal(req, ctx);
    const target = this.deps.routers.sshTarget(req.target, 'shell', { acceptNew: req.acceptNew });
    const side = new RouterSide(req.target, target, this.deps, ctx);
    const work = await mkdtemp(join(tmpdir(), 'xrcl-send-'));
    try {
      const dir = await this.stagingDir(side);
      let thin: ThinPlan | null = null;
      let payload: Payload = { file: req.file, bytes: index.fileBytes, sha256: index.fileSha256, suffix: '' };
      if (req.thin && req.action === 'load') {
        ctx.detail('Asking the router which layers it has');
        const have = layersOnRouter(index.images[0]!.layers.map((l) => l.diffId), parseRouterLayers(await side.ok(ROUTER_LAYERS_COMMAND, true, 'Listing the router\'s image layers')));
        thin = planThin(index, have);
        ctx.log(`The router has ${have} of the image's ${index.images[0]!.layers.length} layers; ${thin.omit.size ? `leaving out ${mb(thin.omittedBytes)}` : 'sending every layer'}.\r\n`);
        if (thin.omit.size) {
          const out = join(work, `${basename(req.file)}.thin`);
          const w = await writeThinTarball(req.file, thin, out, ctx.signal);
          payload = { file: out, bytes: w.bytes, sha256: w.sha256, suffix: '.thin' };
        }
      }
      let delivered = await this.copy(req, side, dir, payload, index.compressed, work, ctx);
      let fellBackToFull = false;
      let loaded: { tags: string[]; imageId: string | null } | null = null;
      if (req.action !== 'copy') ctx.progress(null, `Running docker ${req.action} on ${req.target}`);
      if (req.action === 'load') {
        const r = await side.run(remoteCommands.load(delivered.remotePath), true, 30 * 60_000);
        if (r.exitStatus !== 0 && thin?.omit.size && /layer\.tar|no such file|not found|failed to get layer|open .*blobs/i.test(r.output)) {
          // An engine that opens every layer file refuses the thin tarball: send it in full.
          ctx.log('The engine refused the thin tarball; sending the full one.\r\n');
          await side.run(remoteCommands.remove(delivered.remotePath));
          fellBackToFull = true;
          payload = { file: req.file, bytes: index.fileBytes, sha256: index.fileSha256, suffix: '' };
          const full = await this.copy(req, side, dir, payload, index.compressed, work, ctx);
          full.bytesSent += delivered.bytesSent;
          delivered = full;
          loaded = parseLoadOutput(await this.loadOk(side, delivered.remotePath));
        } else {
          if (r.exitStatus !== 0) throw loadFailed(req.target, remoteCommands.load(delivered.remotePath), r.output);
          loaded = parseLoadOutput(r.output);
        }
      } else if (req.action === 'import' && importRef) {
        const cmd = remoteCommands.import(delivered.remotePath, importRef);
        const r = await side.run(cmd, true, 30 * 60_000);
        const id = parseImportOutput(r.output);
        if (r.exitStatus !== 0 || !id) throw loadFailed(req.target, cmd, r.output);
        loaded = { tags: parseRepoTags(await side.ok(remoteCommands.repoTags(id), true)), imageId: id };
      }
      const kept = req.keep === true || req.action === 'copy';
      if (!kept) await side.run(remoteCommands.remove(delivered.remotePath));
      const result: ImageSendResult = {
        target: req.target,
        file: req.file,
        remotePath: delivered.remotePath,
        bytesSent: delivered.bytesSent,
        payloadBytes: delivered.payload.bytes,
        fileBytes: index.fileBytes,
        sha256: delivered.payload.sha256,
        resumed: delivered.resumed,
        thin: thin && !fellBackToFull ? { layersSkipped: thin.layersSkipped, layersSent: thin.layersSent, bytesLeftOut: thin.omittedBytes } : null,
        fellBackToFull,
        compression: { gzip: delivered.compression.gzip, reason: delivered.compression.reason },
        loaded: loaded ? (loaded.tags[0] ?? loaded.imageId) : null,
        tags: loaded?.tags ?? [],
        imageId: loaded?.imageId ?? null,
        untagged: loaded !== null && loaded.tags.length === 0,
        kept,
        seconds: Math.round((performance.now() - t0) / 100) / 10,
        copySeconds: Math.round(delivered.copyMs / 10) / 100,
      };
      ctx.progress(1, result.loaded ? (result.untagged ? `Loaded without a name: ${result.imageId}` : `${req.target} now has ${result.tags.join(', ')}`) : `Copied to ${result.remotePath}`);
      if (result.untagged) ctx.log(`The image was loaded without a name (${result.imageId}): the tarball holds no tag. Tag it with \`docker tag ${result.imageId} NAME:TAG\`.\r\n`);
      return result;
    } finally {
      side.close();
      await rm(work, { recursive: true, force: true });
    }
  }

  private async loadOk(side: RouterSide, remotePath: string): Promise<string> {
    const cmd = remoteCommands.load(remotePath);
    const r = await side.run(cmd, true, 30 * 60_000);
    if (r.exitStatus !== 0) throw loadFailed(side.name, cmd, r.output);
    return r.output;
  }

  /** Every digest checked here first: a damaged tarball never leaves this computer. */
  private async checkLocal(req: ImageSendRequest, ctx: DeliveryCtx): Promise<ImageTarballIndex> {
    const size = await stat(req.file).then(
      (s) => s.size,
      (err: NodeJS.ErrnoException) => {
        throw new AppError(`Cannot read the tarball ${req.file}: ${err.code ?? err.message}.`, {
          code: err.code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_INPUT',
          device: 'this computer',
          fix: 'Check the path and that this user may read the file.',
        });
      },
    );
    ctx.log(`Checking ${req.file} (${mb(size)}): every digest, before anything is sent.\r\n`);
    const index = await readImageTarball(req.file, {
      signal: ctx.signal,
      onRead: (n) => ctx.progress(null, `Checking the tarball: ${mb(n)} of ${mb(size)}`),
    });
    assertUsable(index);
    if (req.action === 'load' && index.kind !== 'save') {
      throw new AppError(
        index.kind === 'export'
          ? `${req.file} is a container file system (docker export): it is imported, not loaded.`
          : `${req.file} is an OCI layout without manifest.json, which Docker 20.10's \`docker load\` cannot read.`,
        {
          code: 'BAD_INPUT',
          device: 'this computer',
          fix: index.kind === 'export' ? 'Choose Import (docker import) and give the image a REPO:TAG.' : 'Save the image with `docker save`, or build it with XR Container Lab (docker-save format).',
        },
      );
    }
    if (req.action === 'import' && index.kind !== 'export') {
      throw new AppError(`${req.file} is an image tarball (${index.kind === 'save' ? 'docker save' : 'OCI'}), not a container file system.`, {
        code: 'BAD_INPUT',
        device: 'this computer',
        fix: 'Choose Load (docker load) for an image tarball; import takes what `docker export` writes.',
      });
    }
    ctx.log(`The tarball checks out: ${index.kind}${index.compressed ? ', gzipped' : ''}, sha256 ${index.fileSha256}.\r\n`);
    return index;
  }

  /** /misc/app_host/scratch when the shell user may write it; otherwise a folder root makes for the user. */
  private async stagingDir(side: RouterSide): Promise<string> {
    if ((await side.run(remoteCommands.canWrite(SCRATCH))).exitStatus === 0) return SCRATCH;
    const dir = userDir(side.target.username);
    if ((await side.run(remoteCommands.canWrite(dir))).exitStatus === 0) return dir;
    await side.ok(remoteCommands.makeUserDir(dir, side.target.username), true, `Making ${dir}`);
    return dir;
  }

  /** Copies a payload (gzipped first when that pays), resuming and verifying; returns where it landed. */
  private async copy(
    req: ImageSendRequest,
    side: RouterSide,
    dir: string,
    plain: Payload,
    alreadyCompressed: boolean,
    work: string,
    ctx: DeliveryCtx,
  ): Promise<Delivered> {
    const mode = req.compression ?? 'auto';
    let payload = plain;
    const compression = chooseCompression(mode, null, alreadyCompressed);
    if (compression.gzip) payload = await this.gzip(plain, work, ctx);

    const space = parseDfP(await side.ok(remoteCommands.df(), false, 'Checking free space'));
    const remotePath = remotePathFor(dir, req.file, payload.suffix);
    const session = new CopySession(side, ctx, payload, remotePath);
    try {
      return await this.copyWith(session, req, side, dir, plain, alreadyCompressed, work, ctx, space, compression);
    } finally {
      session.close();
    }
  }

  private async copyWith(
    session: CopySession,
    req: ImageSendRequest,
    side: RouterSide,
    dir: string,
    plain: Payload,
    alreadyCompressed: boolean,
    work: string,
    ctx: DeliveryCtx,
    space: ReturnType<typeof parseDfP>,
    chosen: CompressionChoice,
  ): Promise<Delivered> {
    const mode = req.compression ?? 'auto';
    let compression = chosen;
    let payload = session.payload;
    let from = await session.verifiedPrefix();
    assertFits(space, payload.bytes - (await session.remoteSize()), side.name);
    ctx.log(`Free on /misc/app_host: ${mb(space.availableBytes)}; the tarball needs ${mb(payload.bytes)}.\r\n`);

    // Measure the link on the first bytes of the real copy, then decide on gzip.
    const probeWorth = mode === 'auto' && !alreadyCompressed && from === 0 && payload.bytes >= PROBE_MIN_FILE;
    if (probeWorth) {
      const t = performance.now();
      from = await session.run(from, PROBE_BYTES);
      const linkBps = (from * 1000) / Math.max(1, performance.now() - t);
      compression = chooseCompression(mode, { linkBps, ...(await gzipSample(payload.file)) }, false);
      ctx.log(`${compression.reason}\r\n`);
      if (compression.gzip) {
        session.close();
        await side.run(remoteCommands.remove(session.remotePath));
        payload = await this.gzip(plain, work, ctx);
        const gz = new CopySession(side, ctx, payload, remotePathFor(dir, req.file, payload.suffix));
        gz.bytesSent = session.bytesSent;
        try {
          from = await gz.verifiedPrefix();
          return await this.finish(gz, from, side, ctx, compression, session.copyMs);
        } finally {
          gz.close();
        }
      }
    } else if (mode === 'auto' && !alreadyCompressed) {
      compression = { gzip: false, reason: from > 0 ? 'Resumed as it was started (not gzipped).' : compression.reason, sample: null };
    }
    return this.finish(session, from, side, ctx, compression);
  }

  private async finish(
    session: CopySession,
    from: number,
    side: RouterSide,
    ctx: DeliveryCtx,
    compression: CompressionChoice,
    probeMs?: number,
  ): Promise<Delivered> {
    if (from < session.payload.bytes) await session.run(from);
    ctx.progress(1, `Checking sha256 on ${side.name}`);
    const out = await side.ok(remoteCommands.sha256(session.remotePath), false, 'sha256sum', 10 * 60_000);
    const got = parseSha256sum(out);
    if (got !== session.payload.sha256) {
      await side.run(remoteCommands.remove(session.remotePath));
      throw new AppError(`The copy on ${side.name} does not match: sha256 ${got ?? '(none)'} there, ${session.payload.sha256} here. It was removed and not loaded.`, {
        code: 'CHECKSUM_MISMATCH',
        device: side.name,
        command: remoteCommands.sha256(session.remotePath),
        fix: 'Send it again; if it fails again, check the router\'s /misc/app_host for errors (`dmesg`) and the link for faults.',
      });
    }
    ctx.log(`sha256 on ${side.name} matches: ${got}\r\n`);
    return { remotePath: session.remotePath, bytesSent: session.bytesSent, resumed: session.resumed, compression, payload: session.payload, copyMs: session.copyMs + (probeMs ?? 0) };
  }

  private async gzip(plain: Payload, work: string, ctx: DeliveryCtx): Promise<Payload> {
    const out = join(work, `${basename(plain.file)}.gz`);
    let done = 0;
    ctx.log(`Gzipping ${basename(plain.file)} (level 1) before the copy.\r\n`);
    const w = await writeStreamAtomically(createReadStream(plain.file, { highWaterMark: 1 << 20 }), out, {
      gzip: true,
      signal: ctx.signal,
      onData: (n) => {
        done += n;
        ctx.progress(plain.bytes ? done / plain.bytes : null, `Gzipping: ${mb(done)} of ${mb(plain.bytes)}`);
      },
    });
    ctx.log(`Gzipped to ${mb(w.bytes)} (${Math.round((w.bytes / Math.max(1, plain.bytes)) * 100)} %).\r\n`);
    return { file: out, bytes: w.bytes, sha256: w.sha256, suffix: `${plain.suffix}.gz` };
  }
}




function checkImportRef(ref: string | undefined): string {
  if (!ref) {
    throw new AppError('docker import needs the name to give the image (REPO:TAG).', { code: 'BAD_INPUT', fix: 'Give a name such as xrcl/my-app:1.' });
  }
  return parseImageReference(ref).familiar;
}

function loadFailed(where: string, command: string, output: string): AppError {
  return new AppError(`The router's Docker engine did not take the tarball.`, {
    code: 'LOAD_FAILED',
    device: where,
    command,
    detail: output.slice(-2000),
    fix: /no space/i.test(output)
      ? 'Free space for Docker on the router (`docker image prune`, `docker rmi IMAGE`), then send again.'
      : 'Read the engine\'s message above. A tarball from a newer Docker may need saving with an older one, or building with XR Container Lab.',
  });
}

function summaryOf(r: ImageSendResult): string {
  const what = r.loaded ? (r.untagged ? `loaded untagged as ${r.imageId}` : `now ${r.tags.join(', ')}`) : `copied to ${r.remotePath}`;
  return `${mb(r.bytesSent)} sent in ${r.seconds} s${r.resumed ? ' (resumed)' : ''}${r.thin ? `, ${r.thin.layersSkipped} layer(s) already there` : ''}; ${what}.`;
}
