// The image config a build writes: the base's config with the user's settings on top, the way
// a Dockerfile's ENV / ENTRYPOINT / CMD / WORKDIR / LABEL would change it. Pure and ordered, so
// the same inputs always serialise to the same bytes (and so the same image ID).
import { AppError } from '../../../src-shared/errors';
import type { ImageConfigJson } from './image-tarball-reader';

export interface ImageSettings {
  /** KEY=VALUE pairs or a map; a key already in the base is replaced in place. */
  env?: Record<string, string> | string[];
  entrypoint?: string[];
  cmd?: string[];
  /** Absolute folder the container starts in. */
  workdir?: string;
  labels?: Record<string, string>;
}

export const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function badSetting(message: string, fix: string): AppError {
  return new AppError(message, { code: 'BAD_INPUT', fix });
}

export function envPairs(env: ImageSettings['env']): string[] {
  if (!env) return [];
  const list = Array.isArray(env) ? env : Object.entries(env).map(([k, v]) => `${k}=${v}`);
  for (const pair of list) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (eq <= 0 || /[\s\0]/.test(key)) {
      throw badSetting(`"${pair}" is not a valid environment setting.`, 'Write it as NAME=value, with a name that has no spaces (the value may hold anything).');
    }
  }
  return list;
}

function mergeEnv(base: string[], extra: string[]): string[] {
  const out = [...base];
  for (const pair of extra) {
    const key = pair.slice(0, pair.indexOf('='));
    const i = out.findIndex((p) => p.slice(0, p.indexOf('=')) === key || p === key);
    if (i >= 0) out[i] = pair;
    else out.push(pair);
  }
  return out;
}

export interface ComposeInput {
  base: ImageConfigJson | null;
  settings: ImageSettings;
  /** diffIDs of every layer, base layers first. */
  diffIds: string[];
  /** ISO time written as the image's creation time. */
  created: string;
  /** Whether this build added a layer (one history entry per layer). */
  addedLayer: boolean;
  /** What the history entry says this build did. */
  createdBy: string;
}

export function composeConfig(input: ComposeInput): ImageConfigJson {
  const { base, settings } = input;
  const baseCfg = base?.config ?? {};
  if (settings.workdir !== undefined && !settings.workdir.startsWith('/')) {
    throw badSetting(`The working folder "${settings.workdir}" is not absolute.`, 'Give an absolute path, e.g. /opt/app.');
  }
  let env = baseCfg.Env ?? [];
  if (!base && !env.some((e) => e.startsWith('PATH='))) env = [DEFAULT_PATH];
  env = mergeEnv(env, envPairs(settings.env));
  // As in a Dockerfile: a new ENTRYPOINT drops the CMD inherited from the base.
  const entrypoint = settings.entrypoint ?? baseCfg.Entrypoint ?? null;
  const cmd = settings.cmd ?? (settings.entrypoint ? null : (baseCfg.Cmd ?? null));
  const labels = { ...(baseCfg.Labels ?? {}), ...(settings.labels ?? {}) };
  const config: NonNullable<ImageConfigJson['config']> = { ...baseCfg, Env: env, Entrypoint: entrypoint, Cmd: cmd };
  const workdir = settings.workdir ?? baseCfg.WorkingDir;
  if (workdir) config.WorkingDir = workdir;
  if (Object.keys(labels).length) config.Labels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
  else delete config.Labels;
  const history = [...(base?.history ?? [])];
  const entry: Record<string, unknown> = { created: input.created, created_by: input.createdBy };
  if (!input.addedLayer) entry.empty_layer = true;
  history.push(entry);
  return {
    architecture: 'amd64',
    config,
    created: input.created,
    history,
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: input.diffIds },
  };
}
