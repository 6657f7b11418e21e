// What a push sends: the image's blobs (config and layers, each once) and the manifest that
// names them, built from the one tarball reader's index.
import { createHash } from 'node:crypto';
import { AppError } from '../../../src-shared/errors';
import type { ImageRecord, ImageTarballIndex } from '../images/image-tarball-reader';
import { parseImageReference } from '../images/image-reference';

export const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const CONFIG = 'application/vnd.docker.container.image.v1+json';
const LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
const LAYER_TAR = 'application/vnd.docker.image.rootfs.diff.tar';

export interface PlannedBlob {
  digest: string;
  size: number;
  mediaType: string;
  /** Entry path in the tarball (layers), or null when the bytes are in memory (config). */
  path: string | null;
  bytes: Buffer | null;
}

export interface PushPlan {
  repository: string;
  tag: string;
  blobs: PlannedBlob[];
  manifest: Buffer;
  manifestType: string;
  manifestDigest: string;
}

/** Repository and tag in the registry: REPO[:TAG], without a registry host. */
export function pushTarget(ref: string): { repository: string; tag: string } {
  const r = parseImageReference(ref);
  // "busybox" is library/busybox only on Docker Hub; a private registry keeps the name as typed.
  return { repository: r.domain ? r.path : r.repository, tag: r.tag };
}

function chooseImage(index: ImageTarballIndex, as: string | undefined): ImageRecord {
  if (index.kind === 'export') {
    throw new AppError(`${index.file} is a container file system (docker export), not an image: it has no config to push.`, {
      code: 'BAD_INPUT',
      fix: 'Push a docker-save or OCI tarball, or build an image from this file system first (xrcl image build --from …).',
      device: 'this computer',
    });
  }
  const images = index.images.filter((i) => i.configBytes && i.configDigest);
  if (!images.length) throw new AppError(`${index.file} holds no image with a config.`, { code: 'BAD_TARBALL', fix: 'Save the image again.' });
  if (images.length > 1 && as) {
    const want = pushTarget(as);
    const match = images.find((i) => i.tags.some((t) => { try { return pushTarget(t).repository === want.repository; } catch { return false; } }));
    if (match) return match;
  }
  return images[0]!;
}

/**
 * The blobs and the manifest for one image of the tarball. Layers go as stored: the digest the
 * tarball already proved is the one the registry checks, and nothing is recompressed (see
 * registry-push.ts for why).
 */
export function planPush(index: ImageTarballIndex, as?: string): PushPlan {
  const image = chooseImage(index, as);
  const name = as ?? image.tags[0];
  if (!name) {
    throw new AppError(`The image in ${index.file} has no name.`, { code: 'BAD_INPUT', fix: 'Say what to call it in the registry: --as REPO:TAG (or the "Push as" field).' });
  }
  const { repository, tag } = pushTarget(name);
  const config: PlannedBlob = { digest: image.configDigest!, size: image.configBytes!.length, mediaType: CONFIG, path: null, bytes: image.configBytes };
  const layers = image.layers.map((l) => ({
    digest: l.digest,
    size: l.size,
    mediaType: l.compression === 'gzip' ? LAYER_GZIP : LAYER_TAR,
    path: l.path,
    bytes: null,
  }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_V2,
      config: { mediaType: CONFIG, size: config.size, digest: config.digest },
      layers: layers.map((l) => ({ mediaType: l.mediaType, size: l.size, digest: l.digest })),
    }),
  );
  const seen = new Set<string>();
  const blobs = [config, ...layers].filter((b) => (seen.has(b.digest) ? false : (seen.add(b.digest), true)));
  return {
    repository,
    tag,
    blobs,
    manifest,
    manifestType: MANIFEST_V2,
    manifestDigest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`,
  };
}
