// A thin `docker save` tarball: the same manifest, config and repositories, without the files of
// the bottom layers the router already holds. `docker load` (verified with Docker 20.10) looks
// each layer up by its chain ID first and opens a layer file only when the chain is missing, so
// the manifest may keep listing files that are not there. Entries are copied as they are
// (headers included), in file order, through the one tar reader and writer.
import { AppError } from '../../../src-shared/errors';
import type { ImageTarballIndex } from '../images/image-tarball-reader';
import { normalizeEntryName, walkTar, drain, type TarEntryHeader } from '../images/tarball-stream';
import { TarballWriter, type PackHeader, type WrittenFile } from '../images/tarball-writer';

export interface ThinPlan {
  /** Layer entry paths left out. */
  omit: Set<string>;
  /** Their bytes as stored (what does not cross the link). */
  omittedBytes: number;
  layersSkipped: number;
  layersSent: number;
}

/** Which layer files may be left out when the router has the bottom `haveCount` layers of the image. */
export function planThin(index: ImageTarballIndex, haveCount: number): ThinPlan {
  if (index.kind !== 'save' || index.images.length !== 1) {
    throw new AppError('A thin tarball needs a docker-save tarball holding one image.', {
      code: 'BAD_INPUT',
      fix: 'Send this tarball in full (without --thin), or save one image per tarball.',
    });
  }
  const layers = index.images[0]!.layers;
  const kept = new Set(layers.slice(haveCount).map((l) => l.path));
  const omit = new Set<string>();
  let omittedBytes = 0;
  for (const l of layers.slice(0, haveCount)) {
    // A layer file shared with a layer that is sent stays in.
    if (kept.has(l.path) || omit.has(l.path)) continue;
    omit.add(l.path);
    omittedBytes += l.size;
  }
  return { omit, omittedBytes, layersSkipped: haveCount, layersSent: layers.length - haveCount };
}

function headerOf(h: TarEntryHeader): PackHeader {
  const header: PackHeader = { name: h.name, type: h.type as PackHeader['type'], mode: h.mode, uid: h.uid, gid: h.gid, mtime: h.mtime ?? new Date(0) };
  if (h.type === 'file' || h.type === 'contiguous-file') header.size = h.size;
  if (h.uname) header.uname = h.uname;
  if (h.gname) header.gname = h.gname;
  if (h.linkname) header.linkname = h.linkname;
  return header;
}

/** Writes `source` without the planned layer files to `output` (uncompressed). */
export async function writeThinTarball(source: string, plan: ThinPlan, output: string, signal?: AbortSignal): Promise<WrittenFile> {
  const writer = new TarballWriter(output);
  try {
    await walkTar(
      source,
      async (h, entry) => {
        if (plan.omit.has(normalizeEntryName(h.name))) return drain(entry);
        const header = headerOf(h);
        if (header.type === 'file' || header.type === 'contiguous-file') await writer.addStream(header, entry as unknown as AsyncIterable<Buffer>);
        else {
          await drain(entry);
          await writer.add(header);
        }
      },
      { signal },
    );
    return await writer.finish();
  } catch (err) {
    await writer.abort(err as Error);
    throw err;
  }
}
