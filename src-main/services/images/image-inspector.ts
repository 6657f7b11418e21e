// What is in a tarball, and can it be trusted: the summary the Images page and `xrcl image
// inspect` show before anything is copied to a router. Every digest is checked by the reader;
// `verified` is true only when all checks passed.
import type { TarballInspection } from '../../../src-shared/types/images';
import { readImageTarball } from './image-tarball-reader';
import type { WalkOptions } from './tarball-stream';

export type { TarballInspection };

export async function inspectTarball(file: string, options: WalkOptions = {}): Promise<TarballInspection> {
  const index = await readImageTarball(file, options);
  const problems = [...index.problems];
  if (index.kind !== 'export' && index.images.length === 0 && problems.length === 0) problems.push('The tarball holds no image.');
  if (index.kind === 'export' && index.entryCount === 0 && problems.length === 0) problems.push('The tarball is empty.');
  return {
    file,
    kind: index.kind,
    compressed: index.compressed,
    sha256: index.fileSha256,
    bytes: index.fileBytes,
    images: index.images.map((img) => ({
      tags: img.tags,
      platform: img.platform,
      configDigest: img.configDigest,
      layers: img.layers.map((l) => ({ digest: l.digest, diffId: l.diffId, size: l.size })),
    })),
    verified: problems.length === 0,
    problems,
  };
}
