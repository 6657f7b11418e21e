// What `docker load` and `docker import` printed, read into the names the image got. Users are
// often surprised by them: a save of an untagged image loads untagged ("Loaded image ID: …"),
// and `docker import FILE name` becomes name:latest.

export interface LoadedImage {
  /** repository:tag names, as `docker images` shows them; empty when the image is untagged. */
  tags: string[];
  /** sha256:… when the engine printed it (untagged loads, imports). */
  imageId: string | null;
}

/** `Loaded image: busybox:latest` (one line per tag) or `Loaded image ID: sha256:…`. */
export function parseLoadOutput(output: string): LoadedImage {
  const tags: string[] = [];
  let imageId: string | null = null;
  // On a terminal (the root shell is one) the engine draws progress bars with escape codes and
  // carriage returns; the result lines follow them on the same physical line.
  for (const line of stripTerminal(output).split(/[\r\n]+/)) {
    const id = /^Loaded image ID:\s*(sha256:[a-f0-9]{64})\s*$/.exec(line.trim());
    if (id) {
      imageId ??= id[1]!;
      continue;
    }
    const tag = /^Loaded image:\s*(\S+)\s*$/.exec(line.trim());
    if (tag && !tags.includes(tag[1]!)) tags.push(tag[1]!);
  }
  return { tags, imageId };
}

const ESCAPES = /\x1b\[[0-9;?]*[A-Za-z]/g;
function stripTerminal(text: string): string {
  return text.replace(ESCAPES, '\n');
}

/** `docker import` prints the new image's ID alone on a line. */
export function parseImportOutput(output: string): string | null {
  const m = /^(sha256:[a-f0-9]{64})\s*$/m.exec(output.replace(/\r/g, ''));
  return m ? m[1]! : null;
}

/** `docker image inspect --format '{{json .RepoTags}}' ID`: the names the image has now. */
export function parseRepoTags(output: string): string[] {
  try {
    const v: unknown = JSON.parse(output.trim());
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
