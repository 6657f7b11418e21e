// What a registry holds: repositories, their tags, each tag's manifest digest and size (config
// plus layers, as stored), and deleting a tag. The Distribution API deletes manifests, not
// tags: every tag on the same manifest goes with it, so the browser says which.
import { AppError } from '../../../src-shared/errors';
import type { RegistryRepository, RegistryTag } from '../../../src-shared/types/registries';
import { parseImageReference } from '../images/image-reference';
import { MANIFEST_LIST, MANIFEST_V2, OCI_INDEX, OCI_MANIFEST } from './push-plan';
import { header, type RegistryHttp } from './registry-http';
import { catalog } from './registry-push';

const ACCEPT = [MANIFEST_V2, OCI_MANIFEST, MANIFEST_LIST, OCI_INDEX].join(', ');

interface ManifestDoc {
  mediaType?: string;
  config?: { size?: number };
  layers?: Array<{ size?: number }>;
  manifests?: Array<{ size?: number }>;
}

/** Checks a repository name with the image-reference grammar before it goes into a URL. */
export function checkRepository(repository: string): string {
  const r = parseImageReference(`${repository}:latest`);
  if (r.domain) throw new AppError(`"${repository}" names a registry host; give only the repository.`, { code: 'BAD_INPUT', fix: 'For example xrcl/busybox.' });
  return repository;
}

function checkTag(tag: string): string {
  parseImageReference(`x:${tag}`);
  return tag;
}

export async function listTags(http: RegistryHttp, repository: string, signal?: AbortSignal): Promise<RegistryTag[]> {
  checkRepository(repository);
  const res = await http.request('GET', `/v2/${repository}/tags/list`, { ok: [200, 404], signal });
  if (res.status === 404) {
    await res.body.dump();
    return [];
  }
  const names = ((await res.body.json()) as { tags?: string[] | null }).tags ?? [];
  const tags: RegistryTag[] = [];
  for (const tag of names.sort()) {
    const m = await http.request('GET', `/v2/${repository}/manifests/${tag}`, { ok: [200, 404], signal, headers: { accept: ACCEPT } });
    if (m.status === 404) {
      await m.body.dump();
      continue; // deleted meanwhile
    }
    const text = await m.body.text();
    let doc: ManifestDoc = {};
    try {
      doc = JSON.parse(text) as ManifestDoc;
    } catch {
      /* sizes unknown */
    }
    const parts = doc.layers ?? doc.manifests ?? [];
    tags.push({
      tag,
      digest: header(m, 'docker-content-digest') ?? '',
      mediaType: doc.mediaType ?? header(m, 'content-type') ?? '',
      size: (doc.config?.size ?? 0) + parts.reduce((n, l) => n + (l.size ?? 0), 0),
      layers: doc.layers?.length ?? 0,
      sharedWith: [],
    });
  }
  for (const t of tags) t.sharedWith = tags.filter((o) => o !== t && o.digest === t.digest).map((o) => o.tag);
  return tags;
}

export async function listRepositories(http: RegistryHttp, signal?: AbortSignal): Promise<RegistryRepository[]> {
  const repos = await catalog(http, signal, 1000);
  const out: RegistryRepository[] = [];
  for (const name of repos.sort()) {
    const tags = await listTags(http, name, signal);
    // A repository whose tags were all deleted stays in the catalog; it holds nothing to show.
    if (tags.length) out.push({ name, tags });
  }
  return out;
}

/** Deletes a tag by its manifest digest; returns every tag that went (the others on it too). */
export async function deleteTag(http: RegistryHttp, repository: string, tag: string, signal?: AbortSignal): Promise<{ digest: string; removedTags: string[] }> {
  checkRepository(repository);
  checkTag(tag);
  const tags = await listTags(http, repository, signal);
  const t = tags.find((x) => x.tag === tag);
  if (!t || !t.digest) {
    throw new AppError(`${repository}:${tag} is not in ${http.endpoint.name}.`, { code: 'NOT_FOUND', fix: 'Refresh the list: it may have been deleted already.' });
  }
  const res = await http.request('DELETE', `/v2/${repository}/manifests/${t.digest}`, { ok: [202, 404], signal });
  await res.body.dump();
  return { digest: t.digest, removedTags: [t.tag, ...t.sharedWith] };
}
