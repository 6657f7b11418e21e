// The base of a build as the user named it: a tarball path, used as it is, or `docker://REF`,
// pulled into a temporary `docker save` tarball that is removed once the build is over (also
// when it fails), so the builder itself only ever reads tarballs.
import { resolve } from 'node:path';
import { isDockerSource, parsePullSource, pullEndpoints } from '../registries/pull-source';
import type { RegistryDirectory } from '../registries/registry-directory';
import { AppError } from '../../../src-shared/errors';
import { RegistryHttp, type RegistryEndpoint } from '../registries/registry-http';
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
  const http = await firstSpoken(pullEndpoints(source, opts.registries, opts.caPem), opts.signal);
  return withPulledBase(http, source, { signal: opts.signal, onProgress: opts.onProgress, onLog: opts.onLog }, build);
}

/** Ports that answer TLS with plain HTTP: the next candidate (HTTP) is tried. */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** The first candidate whose protocol the registry speaks (its /v2/ answers, with or without a login). */
async function firstSpoken(candidates: RegistryEndpoint[], signal?: AbortSignal): Promise<RegistryHttp> {
  for (const [i, endpoint] of candidates.entries()) {
    const http = new RegistryHttp(endpoint);
    if (i === candidates.length - 1) return http;
    try {
      const res = await http.request('GET', '/v2/', { ok: [200, 401], signal });
      await res.body.dump();
      return http;
    } catch (err) {
      await http.close().catch(() => undefined);
      const cause = (err as { cause?: { code?: string; cause?: { code?: string } } }).cause;
      const notTls = err instanceof AppError && err.code === 'REGISTRY_UNREACHABLE' && NOT_TLS.has(cause?.code ?? cause?.cause?.code ?? '');
      if (!notTls) throw err;
    }
  }
  throw new Error('no registry endpoint to try');
}
