// Builds from the Images page as tasks: the offline builder with progress on the task, the result
// kept by task id for the page to show (file, sha256, bytes, layers).
import { basename } from 'node:path';
import type { ImageBuildRequest, ImageBuildResult } from '../../../src-shared/types/images';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import { parseAddSpec, type AddSpec } from './added-files';
import { buildContainerTarball, buildImageTarball } from './image-builder';
import { taskByteProgress } from './task-progress';
import { AppError } from '../../../src-shared/errors';
import type { RecentTarballs } from './recent-tarballs';
import type { RegistryDirectory } from '../registries/registry-directory';
import { checkBuildBase, withBuildBase } from './build-base';

export class ImageBuildService {
  private readonly results = new Map<string, ImageBuildResult>();

  constructor(
    private readonly tasks: TaskManager,
    private readonly recent?: RecentTarballs,
    /** Registries the app knows, for a docker:// base on one of them (its CA and login). */
    private readonly registries: RegistryDirectory | null = null,
  ) {}

  start(req: ImageBuildRequest): { taskId: string; done: Promise<ImageBuildResult> } {
    // Bad input is refused now, with its fix, rather than as a failed task.
    const add = (req.add ?? []).map(parseAddSpec);
    checkBuildBase(req.base);
    if (req.format === 'save' && !req.tags?.length) {
      throw new AppError('An image tarball needs a name (REPO:TAG): docker load gives it that name.', { code: 'BAD_INPUT', fix: 'Give a tag such as xrcl/my-app:1.' });
    }
    const { id, done } = this.tasks.start({
      title: `Build ${basename(req.output)}`,
      kind: 'build',
      target: 'this computer',
      run: (ctx) =>
        withBuildBase(
          req.base,
          { registries: this.registries, signal: ctx.signal, onProgress: taskByteProgress(ctx, 'Pulled'), onLog: (l) => ctx.log(`${l}\r\n`) },
          (base) => this.build(req, add, base, ctx),
        ),
    });
    done.catch(() => undefined);
    return { taskId: id, done };
  }

  private async build(req: ImageBuildRequest, add: AddSpec[], base: string | undefined, ctx: TaskContext): Promise<ImageBuildResult> {
    const common = {
      output: req.output,
      ...(base ? { base } : {}),
      add,
      gzip: req.gzip ?? false,
      signal: ctx.signal,
      onProgress: taskByteProgress(ctx),
    };
    const r =
      req.format === 'export'
        ? await buildContainerTarball(common)
        : await buildImageTarball({
            ...common,
            tags: req.tags ?? [],
            ...(req.env ? { env: req.env } : {}),
            ...(req.entrypoint ? { entrypoint: req.entrypoint } : {}),
            ...(req.cmd ? { cmd: req.cmd } : {}),
            ...(req.workdir ? { workdir: req.workdir } : {}),
            ...(req.labels ? { labels: req.labels } : {}),
          });
    const result: ImageBuildResult = { file: r.file, sha256: r.sha256, bytes: r.bytes, layers: r.layers.length, imageId: r.imageId ?? null };
    this.results.set(ctx.id, result);
    this.recent?.note(r.file, req.format, req.format === 'save' ? (req.tags ?? []) : []);
    ctx.setOutcome({ verdict: 'done', summary: `Wrote ${r.file} (${r.bytes} bytes, sha256 ${r.sha256.slice(0, 12)}…).` });
    return result;
  }

  result(taskId: string): ImageBuildResult | null {
    return this.results.get(taskId) ?? null;
  }
}
