// A push as a task: progress per blob and in total on the task, the log of what was sent and
// skipped, cancel through the task's AbortSignal. The source is a docker-save or OCI tarball,
// or `docker-daemon:IMAGE` from the local engine (saved to a temporary tarball first, then read
// by the same tarball reader).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineImages, PushResult } from '../../../src-shared/types/registries';
import { DockerEngineImages } from '../images/docker-engine-images';
import { parseImageReference } from '../images/image-reference';
import type { TaskContext, TaskManager } from '../tasks/task-manager';
import { pushTarball, type PushProgress } from './registry-push';
import type { RegistryService } from './registry-service';

export const DAEMON_PREFIX = 'docker-daemon:';
const MB = 1e6;

export interface PushRequest {
  name: string;
  source: string;
  as?: string;
}

/** Draws a push on its task: total fraction, the blob being sent, at most once per percent. */
export function pushProgressOnTask(ctx: Pick<TaskContext, 'progress'>): (p: PushProgress) => void {
  let last = '';
  return (p) => {
    const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
    const key = `${pct}:${p.digest}`;
    if (key === last) return;
    last = key;
    const blob = p.digest ? `${p.digest.slice(7, 19)} ${(p.blobDone / MB).toFixed(1)}/${(p.blobSize / MB).toFixed(1)} MB · ` : '';
    ctx.progress(p.total > 0 ? p.done / p.total : null, `${blob}sent ${(p.done / MB).toFixed(1)} of ${(p.total / MB).toFixed(1)} MB`);
  };
}

export class RegistryPushes {
  private readonly results = new Map<string, PushResult>();

  constructor(
    private readonly registries: RegistryService,
    private readonly tasks: TaskManager,
    private readonly engine: () => DockerEngineImages = () => new DockerEngineImages(),
  ) {}

  start(req: PushRequest): { taskId: string; done: Promise<PushResult> } {
    const job = this.prepare(req);
    const { id, done } = this.tasks.start({
      title: `Push ${job.what} to ${job.registry}`,
      kind: 'registry-push',
      run: async (ctx) => {
        const result = await this.push(ctx, req, job);
        this.results.set(ctx.id, result);
        return result;
      },
    });
    return { taskId: id, done };
  }

  /** A push inside a task that already runs (a Guide step). */
  pushIn(req: PushRequest, ctx: TaskContext): Promise<PushResult> {
    return this.push(ctx, req, this.prepare(req));
  }

  /** Checked before any task starts, so a bad name fails the call itself. */
  private prepare(req: PushRequest): { registry: string; daemonImage: string | null; what: string } {
    const registry = this.registries.get(req.name);
    if (req.as) parseImageReference(req.as);
    const daemonImage = req.source.startsWith(DAEMON_PREFIX) ? req.source.slice(DAEMON_PREFIX.length) : null;
    if (daemonImage !== null) parseImageReference(daemonImage);
    return { registry: registry.name, daemonImage, what: daemonImage ?? req.source };
  }

  private async push(ctx: TaskContext, req: PushRequest, job: { registry: string; daemonImage: string | null }): Promise<PushResult> {
    const { daemonImage } = job;
    const registry = this.registries.get(job.registry);
    const http = this.registries.http(registry.name);
    let tmp: string | null = null;
    try {
      let file = resolve(req.source);
      if (daemonImage !== null) {
        tmp = await mkdtemp(join(tmpdir(), 'xrcl-push-'));
        file = join(tmp, 'image.tar');
        ctx.log(`$ docker save ${daemonImage} (through the engine API)\r\n`);
        await this.engine().save([daemonImage], { output: file, signal: ctx.signal });
      }
      const result = await pushTarball(http, file, {
        as: req.as ?? (daemonImage !== null ? daemonImage : undefined),
        signal: ctx.signal,
        onLog: (line) => ctx.log(`${line}\r\n`),
        onProgress: pushProgressOnTask(ctx),
      });
      ctx.setOutcome({
        verdict: 'done',
        summary: `${registry.hostPort}/${result.repository}:${result.tag} — ${result.blobsSent} blob(s) sent, ${result.blobsSkipped} already there`,
      });
      return result;
    } finally {
      await http.close();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    }
  }

  result(taskId: string): PushResult | null {
    return this.results.get(taskId) ?? null;
  }

  /** The local engine's tagged images, for the push dialog; an engine that is not there gives none, and says why. */
  async engineImages(): Promise<EngineImages> {
    try {
      return { available: true, images: await this.engine().tags(), problem: null };
    } catch (err) {
      return { available: false, images: [], problem: err instanceof Error ? err.message : String(err) };
    }
  }
}
