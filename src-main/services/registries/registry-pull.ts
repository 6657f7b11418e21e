// The app's pull client for the Distribution API: the manifest (Docker schema 2 or OCI; from a
// manifest list or OCI index, the linux/amd64 entry, as IOS-XR runs), then the config and every
// layer streamed into a `docker save` tarball on disk, each blob's digest checked as it streams.
// Layers are kept as the registry stores them (usually gzipped): the one tarball reader and the
// builder read gzipped layers, so nothing is decompressed twice.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../src-shared/errors';
import { TarballWriter } from '../images/tarball-writer';
import type { PullSource } from './pull-source';
import type { RegistryHttp } from './registry-http';

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

/** What a pull accepts, in the order a registry should prefer (schema 1 is not asked for). */
export const MANIFEST_ACCEPT: readonly string[] = [MEDIA.dockerManifest, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.ociIndex];

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

export interface ImageManifest {
  config: Descriptor;
  layers: Descriptor[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export type ManifestDocument = { kind: 'index'; manifests: Descriptor[] } | { kind: 'image'; manifest: ImageManifest };

function badManifest(source: PullSource, why: string): AppError {
  return new AppError(`${source.text}: the registry's manifest ${why}.`, {
    code: 'BAD_MANIFEST',
    fix: 'Push the image again with a current Docker or skopeo (Docker schema 2 or OCI), then retry.',
  });
}

function checkDescriptor(source: PullSource, d: unknown, what: string): Descriptor {
  const x = d as Partial<Descriptor> | null;
  if (!x || typeof x.digest !== 'string' || !DIGEST.test(x.digest) || typeof x.size !== 'number' || !Number.isSafeInteger(x.size) || x.size < 0) {
    throw badManifest(source, `names ${what} without a sha256 digest and size`);
  }
  return x as Descriptor;
}

/** Classifies a fetched manifest by its mediaType (the document's, else the Content-Type). */
export function readManifest(source: PullSource, bytes: Buffer, contentType: string): ManifestDocument {
  let doc: { schemaVersion?: number; mediaType?: string; manifests?: unknown[]; config?: unknown; layers?: unknown[] };
  try {
    doc = JSON.parse(bytes.toString('utf8')) as typeof doc;
  } catch {
    throw badManifest(source, 'is not JSON');
  }
  const type = doc.mediaType ?? contentType;
  if (doc.schemaVersion === 1 || type.startsWith('application/vnd.docker.distribution.manifest.v1')) {
    throw badManifest(source, 'is Docker schema 1, which this app does not read');
  }
  if (type === MEDIA.dockerList || type === MEDIA.ociIndex || (!doc.config && Array.isArray(doc.manifests))) {
    return { kind: 'index', manifests: (doc.manifests ?? []).map((m, i) => checkDescriptor(source, m, `entry ${i + 1}`)) };
  }
  if (!doc.config || !Array.isArray(doc.layers)) throw badManifest(source, 'has no config and layers');
  return {
    kind: 'image',
    manifest: { config: checkDescriptor(source, doc.config, 'its config'), layers: doc.layers.map((l, i) => checkDescriptor(source, l, `layer ${i + 1}`)) },
  };
}

/** The linux/amd64 entry of a manifest list or OCI index; refused with what it does hold. */
export function pickLinuxAmd64(source: PullSource, manifests: Descriptor[]): Descriptor {
  const hit = manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
  if (hit) return hit;
  const held = manifests.map((m) => [m.platform?.os, m.platform?.architecture, m.platform?.variant].filter(Boolean).join('/')).filter(Boolean);
  throw new AppError(`${source.text} has no linux/amd64 image (it holds ${held.length ? held.join(', ') : 'no platform at all'}).`, {
    code: 'NO_PLATFORM',
    fix: "IOS-XR's Docker runs linux/amd64 only: choose an image (or tag) built for linux/amd64.",
  });
}

export interface PullOptions {
  signal?: AbortSignal;
  /** Bytes fetched and the total of config and layers. */
  onProgress?: (done: number, total: number) => void;
  onLog?: (line: string) => void;
}

export interface PulledImage {
  file: string;
  /** Digest of the image manifest pulled (the linux/amd64 one, from an index). */
  digest: string;
  layers: number;
  bytes: number;
}

const hex = (digest: string): string => digest.slice('sha256:'.length);

/** The image manifest for the source: an index is followed to its linux/amd64 entry. */
async function imageManifest(http: RegistryHttp, source: PullSource, signal?: AbortSignal): Promise<{ digest: string; manifest: ImageManifest }> {
  const notFound = (err: unknown): never => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') {
      throw new AppError(`${source.text}: ${http.endpoint.name} does not hold ${source.repository}:${source.reference}.`, {
        code: 'NOT_FOUND',
        fix: 'Check the repository and tag (xrcl registry tags NAME lists what a registry the app knows holds), or push the image first.',
        device: 'this computer',
        cause: err,
      });
    }
    throw err;
  };
  let fetched = await http.manifest(source.repository, source.reference, MANIFEST_ACCEPT, signal).catch(notFound);
  let doc = readManifest(source, fetched.bytes, fetched.mediaType);
  if (doc.kind === 'index') {
    const entry = pickLinuxAmd64(source, doc.manifests);
    fetched = await http.manifest(source.repository, entry.digest, MANIFEST_ACCEPT, signal).catch(notFound);
    doc = readManifest(source, fetched.bytes, fetched.mediaType);
    if (doc.kind === 'index') throw badManifest(source, 'nests one index in another for linux/amd64');
  }
  return { digest: fetched.digest, manifest: doc.manifest };
}

/**
 * Pulls the source into `output` as a `docker save` tarball (manifest.json naming blobs under
 * blobs/sha256/, as Docker 25 writes them). Written to a temp file and renamed only when every
 * digest checked out, so a damaged blob leaves nothing behind.
 */
export async function pullToSaveTarball(http: RegistryHttp, source: PullSource, output: string, opts: PullOptions = {}): Promise<PulledImage> {
  const log = opts.onLog ?? (() => undefined);
  log(`Fetching the manifest of ${source.repository}:${source.reference} from ${http.base} …`);
  const { digest, manifest } = await imageManifest(http, source, opts.signal);
  const blobs = [manifest.config, ...manifest.layers];
  const total = blobs.reduce((n, b) => n + b.size, 0);
  let done = 0;
  const writer = new TarballWriter(output, {
    onData: (n) => {
      done += n;
      opts.onProgress?.(Math.min(done, total), total);
    },
  });
  try {
    for (const blob of blobs) {
      opts.signal?.throwIfAborted();
      log(`${hex(blob.digest).slice(0, 12)}: ${blob.size} bytes`);
      const name = `blobs/sha256/${hex(blob.digest)}`;
      await writer.addStream({ name, size: blob.size, mode: 0o644, mtime: new Date(0) }, http.blob(source.repository, blob.digest, blob.size, opts.signal));
    }
    const saveManifest = [
      {
        Config: `blobs/sha256/${hex(manifest.config.digest)}`,
        RepoTags: source.repoTag ? [source.repoTag] : [],
        Layers: manifest.layers.map((l) => `blobs/sha256/${hex(l.digest)}`),
      },
    ];
    await writer.add({ name: 'manifest.json', mode: 0o644, mtime: new Date(0) }, Buffer.from(JSON.stringify(saveManifest)));
    const written = await writer.finish();
    log(`Pulled ${source.text} (${digest}).`);
    return { file: output, digest, layers: manifest.layers.length, bytes: written.bytes };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/**
 * Runs `use` with the source pulled into a temporary folder as a `docker save` tarball; the
 * folder is removed afterwards, whether `use` succeeds or fails.
 */
export async function withPulledBase<T>(http: RegistryHttp, source: PullSource, opts: PullOptions, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'xrcl-base-'));
  try {
    const pulled = await pullToSaveTarball(http, source, join(dir, 'base.tar'), opts);
    return await use(pulled.file);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await http.close().catch(() => undefined);
  }
}
