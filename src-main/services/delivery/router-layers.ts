// Which layers of an image the router already holds. `docker load` skips a layer only when it
// has the layer's whole chain (the layer and every layer under it, in order: the chain ID), so
// what may be left out of a thin tarball is the longest run of bottom layers that some image on
// the router starts with, not every diff ID it happens to know.

/** The shell command that lists each image's RootFS diff IDs, one JSON list per line. */
export const ROUTER_LAYERS_COMMAND =
  "ids=$(docker image ls -aq --no-trunc | sort -u); [ -z \"$ids\" ] || docker image inspect --format '{{json .RootFS.Layers}}' $ids";

/** Parses the command's output: one list of diff IDs per image. */
export function parseRouterLayers(output: string): string[][] {
  const chains: string[][] = [];
  for (const line of output.split(/\r?\n/)) {
    const t = line.trim();
    if (!t.startsWith('[')) continue;
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v) && v.every((d) => typeof d === 'string' && /^sha256:[a-f0-9]{64}$/.test(d))) chains.push(v as string[]);
    } catch {
      /* not a layer list */
    }
  }
  return chains;
}

/** How many of `diffIds`, from the bottom, the router already has as a chain. */
export function layersOnRouter(diffIds: readonly string[], routerChains: readonly string[][]): number {
  let best = 0;
  for (const chain of routerChains) {
    let k = 0;
    while (k < diffIds.length && k < chain.length && chain[k] === diffIds[k]) k++;
    best = Math.max(best, k);
  }
  return best;
}
