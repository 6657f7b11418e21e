// The base of a build as the user named it: a tarball path, used as it is, or `docker://REF`,
// pulled into a temporary `docker save` tarball that is removed once the build is over (also
// when it fails), so the builder itself only ever reads tarballs.
import { resolve } from 'node:path';
import { isDockerSource, parsePullSource, pullEndpoint } from '../registries/pull-source';
import type { RegistryDirectory } from '../registries/registry-directory';
import { RegistryHttp } from '../registries/registry-http';
import { withPulledBase } from '../registries/registry-pull';

export interface BuildBaseOptions {
  /** Registries the app knows: a source on one of them is reached with its URL, CA and login. */
  registries: RegistryDirectory | null;
  /** CA (PEM) for a registry the app does not know. */
  caPem?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  onLog?: (line: string) => void;
}

/** Checks a docker:// base before any work starts (BAD_INPUT with the fix). */
export function checkBuildBase(base: string | undefined): void {
  if (base && isDockerSource(base)) parsePullSource(base);
}

export async function withBuildBase<T>(base: string | undefined, opts: BuildBaseOptions, build: (file: string | undefined) => Promise<T>): Promise<T> {
  if (!base || !isDockerSource(base)) return build(base ? resolve(base) : undefined);
  const source = parsePullSource(base);
  const http = new RegistryHttp(pullEndpoint(source, opts.registries, opts.caPem));
  return withPulledBase(http, source, { signal: opts.signal, onProgress: opts.onProgress, onLog: opts.onLog }, build);
}
