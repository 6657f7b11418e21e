// What the router's docker client prints, read back: `docker ps -a` and `docker images` with a
// one-JSON-object-per-line format (stable across docker versions, unlike the tables), and the
// error texts that mean "no such container" or "name in use".
import type { ContainerSummary, RouterImage } from '../../../src-shared/types/containers';

/** The --format that makes `docker ps -a` print one JSON object per container. */
export const PS_FORMAT = '{{json .}}';
export const IMAGES_FORMAT = '{{json .}}';

function jsonLines(output: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of output.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      out.push(JSON.parse(t) as Record<string, unknown>);
    } catch {
      // A line cut by a terminal or a warning; skip it.
    }
  }
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function parseDockerPs(output: string): ContainerSummary[] {
  return jsonLines(output).map((o) => ({
    id: str(o.ID),
    name: str(o.Names).split(',')[0] ?? '',
    image: str(o.Image),
    state: str(o.State) || stateFromStatus(str(o.Status)),
    status: str(o.Status),
    startedAt: null,
  }));
}

// Docker before 20.10 has no State field in `ps` JSON; its Status says it.
function stateFromStatus(status: string): string {
  if (/^Up .*\(Paused\)/.test(status)) return 'paused';
  if (/^Up /.test(status)) return 'running';
  if (/^Restarting/.test(status)) return 'restarting';
  if (/^Exited/.test(status)) return 'exited';
  if (/^Created/.test(status)) return 'created';
  if (/^Dead/.test(status)) return 'dead';
  return 'unknown';
}

export function parseDockerImages(output: string): RouterImage[] {
  return jsonLines(output).map((o) => {
    const repo = str(o.Repository);
    const tag = str(o.Tag);
    const id = str(o.ID);
    return { reference: repo && repo !== '<none>' ? `${repo}:${tag && tag !== '<none>' ? tag : 'latest'}` : id, id, size: str(o.Size) };
  });
}

export const NO_SUCH_CONTAINER = /No such (?:container|object)/i;
export const NAME_IN_USE = /is already in use by container|Conflict\. The container name/i;
export const NO_SUCH_IMAGE = /No such image|Unable to find image|not found: manifest unknown/i;
