// The same tarballs made with this computer's Docker engine instead of the daemon-less builder:
// build from a Dockerfile, then `docker save` (image) or `docker export` (container) through the
// Engine API (dockerode), streamed to disk with progress. Same output shape as the builder.
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import Docker from 'dockerode';
import { AppError } from '../../../src-shared/errors';
import { collectAddedEntries, writeAddedEntries } from './added-files';
import { parseImageReference } from './image-reference';
import { CHUNK } from './tarball-stream';
import { TarballWriter, tempPathBeside, writeStreamAtomically } from './tarball-writer';

export interface EngineBuildOptions {
  /** The build context folder (sent as a tar; `.dockerignore` is not applied yet). */
  context: string;
  /** Dockerfile path inside the context; default "Dockerfile". */
  dockerfile?: string;
  tags: string[];
  buildArgs?: Record<string, string>;
  /** Passed to the engine only when given (the classic builder of 20.10 needs experimental for others). */
  platform?: 'linux/amd64';
  signal?: AbortSignal;
  /** Build output, line by line, as `docker build` prints it. */
  onLog?: (line: string) => void;
}

export interface EngineTarballOptions {
  output: string;
  gzip?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface EngineTarballResult {
  file: string;
  sha256: string;
  bytes: number;
}

function engineError(what: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { message?: string; statusCode?: number; code?: string; json?: { message?: string } };
  const msg = e.json?.message ?? e.message ?? String(err);
  const unreachable = e.code === 'ENOENT' || e.code === 'ECONNREFUSED' || e.code === 'EACCES';
  return new AppError(`${what} failed: ${msg}`, {
    code: unreachable ? 'DOCKER_UNREACHABLE' : e.statusCode === 404 ? 'NOT_FOUND' : 'DOCKER_ERROR',
    fix: unreachable
      ? 'Start Docker on this computer (and make sure this user may use it), or build with the daemon-less builder instead.'
      : 'Read the engine message above; check the image name and the Dockerfile.',
    device: 'this computer',
    cause: err,
  });
}

function isAbort(err: unknown): boolean {
  return (err as Error)?.name === 'AbortError';
}

/** Image builds, saves and exports on this computer's Docker engine. */
export class DockerEngineImages {
  constructor(private readonly docker: Docker = new Docker()) {}

  /** `docker build`: returns the image ID; every tag is checked against the reference grammar first. */
  async build(opts: EngineBuildOptions): Promise<{ imageId: string; tags: string[] }> {
    if (!opts.tags.length) throw new AppError('The image needs at least one tag.', { code: 'BAD_INPUT', fix: 'Give a name such as xrcl/my-app:1.0.' });
    const tags = opts.tags.map((t) => parseImageReference(t).familiar);
    const contextTar = tempPathBeside(join(tmpdir(), 'xrcl-build-context.tar'), 'ctx');
    try {
      const writer = new TarballWriter(contextTar, { temp: `${contextTar}.part` });
      try {
        await writeAddedEntries(writer, await collectAddedEntries([{ source: opts.context, dest: '/' }]), new Date(0), opts.signal);
        await writer.finish();
      } catch (err) {
        await writer.abort(err as Error);
        throw err;
      }
      let imageId = '';
      let failure: string | null = null;
      try {
        const stream = await this.docker.buildImage(createReadStream(contextTar, { highWaterMark: CHUNK }), {
          t: tags[0],
          dockerfile: opts.dockerfile ?? 'Dockerfile',
          buildargs: opts.buildArgs,
          rm: true,
          forcerm: true,
          ...(opts.platform ? { platform: opts.platform } : {}),
          abortSignal: opts.signal,
        } as Docker.ImageBuildOptions);
        await new Promise<void>((resolve, reject) => {
          this.docker.modem.followProgress(
            stream,
            (err) => (err ? reject(err) : resolve()),
            (ev: { stream?: string; error?: string; aux?: { ID?: string } }) => {
              if (ev.stream) for (const line of ev.stream.split('\n')) if (line.trim()) opts.onLog?.(line);
              if (ev.aux?.ID) imageId = ev.aux.ID;
              if (ev.error) failure = ev.error;
            },
          );
        });
      } catch (err) {
        if (isAbort(err)) throw err;
        throw engineError('docker build', err);
      }
      if (failure || !imageId) {
        throw new AppError(`docker build failed: ${failure ?? 'the engine reported no image'}`, {
          code: 'BUILD_FAILED',
          fix: 'Fix the step named in the build log, then build again.',
          device: 'this computer',
          command: `docker build -t ${tags[0]} ${opts.context}`,
        });
      }
      for (const t of tags.slice(1)) {
        const { repository, tag } = parseImageReference(t);
        await this.docker.getImage(imageId).tag({ repo: repository, tag }).catch((err) => {
          throw engineError(`docker tag ${imageId} ${t}`, err);
        });
      }
      return { imageId, tags };
    } finally {
      await rm(contextTar, { force: true });
      await rm(`${contextTar}.part`, { force: true });
    }
  }

  /** `docker images`: every name:tag the engine holds (untagged images left out), sorted. */
  async tags(): Promise<string[]> {
    const list = await this.docker.listImages().catch((err) => {
      throw engineError('docker images', err);
    });
    return list.flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>').sort();
  }

  /** `docker save REF… -o output` through the API, streamed with progress (total from image sizes). */
  async save(refs: string[], opts: EngineTarballOptions): Promise<EngineTarballResult> {
    if (!refs.length) throw new AppError('Name at least one image to save.', { code: 'BAD_INPUT', fix: 'Give an image name or ID.' });
    let total = 0;
    for (const ref of refs) {
      const info = await this.docker.getImage(ref).inspect().catch((err) => {
        throw engineError(`docker image inspect ${ref}`, err);
      });
      total += info.Size ?? 0;
    }
    try {
      const stream =
        refs.length === 1
          ? await this.docker.getImage(refs[0]!).get()
          : await (this.docker as unknown as { getImages(o: { names: string[] }): Promise<NodeJS.ReadableStream> }).getImages({ names: refs });
      return await this.toFile(stream, total, opts);
    } catch (err) {
      if (isAbort(err)) throw err;
      throw engineError(`docker save ${refs.join(' ')}`, err);
    }
  }

  /**
   * `docker export` of a container created (never started) from `image`: the flat root file
   * system for `docker import`. The helper container is always removed.
   */
  async exportImage(image: string, opts: EngineTarballOptions): Promise<EngineTarballResult> {
    const info = await this.docker.getImage(image).inspect().catch((err) => {
      throw engineError(`docker image inspect ${image}`, err);
    });
    const hasCommand = (info.Config?.Cmd?.length ?? 0) > 0 || (info.Config?.Entrypoint?.length ?? 0) > 0;
    const container = await this.docker
      .createContainer({ Image: image, ...(hasCommand ? {} : { Cmd: ['sh'] }), Labels: { 'xrcl.purpose': 'export' } })
      .catch((err) => {
        throw engineError(`docker create ${image}`, err);
      });
    try {
      const stream = await container.export();
      return await this.toFile(stream, info.Size ?? 0, opts);
    } catch (err) {
      if (isAbort(err)) throw err;
      throw engineError(`docker export (of ${image})`, err);
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  private async toFile(stream: NodeJS.ReadableStream, estimate: number, opts: EngineTarballOptions): Promise<EngineTarballResult> {
    let done = 0;
    let total = Math.max(estimate, 1);
    opts.onProgress?.(0, total);
    const out = await writeStreamAtomically(stream, opts.output, {
      gzip: opts.gzip,
      signal: opts.signal,
      onData: (n) => {
        done += n;
        // The engine's size is an estimate of the tar stream: stretch it rather than pass 100 %.
        if (done > total) total = done;
        opts.onProgress?.(done, total);
      },
    });
    opts.onProgress?.(out.tarBytes, out.tarBytes);
    return { file: opts.output, sha256: out.sha256, bytes: out.bytes };
  }
}
