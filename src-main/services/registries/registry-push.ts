// The app's push client for the Distribution API: HEAD each blob (what the registry holds is not
// sent again), mount it from another repository of the same registry when it is there, else
// POST an upload session, PATCH the bytes streamed from the tarball, PUT with the digest; then
// PUT the manifest. Progress per blob and in total.
//
// Compression: layers go as the tarball stores them (docker save writes them uncompressed).
// Measured with bench/registry-push.bench.ts (docs/benchmarks.md): gzip level 1 runs at 48 MB/s
// on incompressible bytes and 72 MB/s on a busybox layer (to 52 %) on one core here, while the
// push of uncompressed layers to a registry on this computer runs at ~100 MB/s. Compressing
// would slow every push to a local or lab registry by more than it saves on the wire, and needs
// a second pass (the digest must be known before the PUT). Docker 20.10 pulls uncompressed
// layers (media type …diff.tar); layers already gzipped (OCI tarballs) are pushed gzipped.
import type { Readable } from 'node:stream';
import { AppError } from '../../../src-shared/errors';
import type { PushResult } from '../../../src-shared/types/registries';
import { assertUsable, readImageTarball, streamEntries } from '../images/image-tarball-reader';
import { Tap } from '../images/tarball-stream';
import { planPush, type PlannedBlob } from './push-plan';
import { header, type RegistryHttp } from './registry-http';

export interface PushProgress {
  /** The blob being sent, and its bytes so far. */
  digest: string;
  blobDone: number;
  blobSize: number;
  /** All bytes to send in this push, and sent so far. */
  done: number;
  total: number;
}

export interface PushOptions {
  /** REPO:TAG in the registry; default the image's own name. */
  as?: string;
  signal?: AbortSignal;
  onProgress?: (p: PushProgress) => void;
  onLog?: (line: string) => void;
  /** Repositories to look in for a mount (default: the registry's catalog, first 50). */
  mountFrom?: string[];
}

const short = (digest: string): string => digest.slice(7, 19);

export async function pushTarball(http: RegistryHttp, file: string, opts: PushOptions = {}): Promise<PushResult> {
  const log = opts.onLog ?? (() => undefined);
  log(`Reading ${file} …`);
  // The registry checks every blob's digest as it arrives, so the tarball is not hashed first
  // (a second full pass); only a layer whose digest is not on record sends us back to it.
  let index = await readImageTarball(file, { signal: opts.signal, verify: false });
  if (index.problems.length) index = await readImageTarball(file, { signal: opts.signal });
  assertUsable(index);
  const plan = planPush(index, opts.as);
  const { repository, tag } = plan;
  const blobPath = (d: string): string => `/v2/${repository}/blobs/${d}`;
  const scope = `repository:${repository}:pull,push`;

  // What the registry already holds in this repository.
  const missing: PlannedBlob[] = [];
  let skipped = 0;
  for (const blob of plan.blobs) {
    const res = await http.request('HEAD', blobPath(blob.digest), { ok: [200, 404], signal: opts.signal, scopes: [scope] });
    await res.body.dump();
    if (res.status === 200) {
      skipped++;
      log(`${short(blob.digest)}: already in ${repository}, not sent`);
    } else missing.push(blob);
  }

  // Blobs held by another repository of the registry are linked, not sent.
  let mounted = 0;
  const toSend: PlannedBlob[] = [];
  const others = missing.length ? (opts.mountFrom ?? (await catalog(http, opts.signal))).filter((r) => r !== repository) : [];
  for (const blob of missing) {
    const from = await findElsewhere(http, blob.digest, others, opts.signal);
    if (from) {
      const res = await http.request('POST', `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(from)}`, {
        ok: [201, 202],
        signal: opts.signal,
        scopes: [scope, `repository:${from}:pull`],
      });
      await res.body.dump();
      if (res.status === 201) {
        mounted++;
        log(`${short(blob.digest)}: mounted from ${from}, not sent`);
        continue;
      }
      // 202: the registry opened an upload instead; cancel it and send the bytes.
      const loc = header(res, 'location');
      if (loc) await http.request('DELETE', loc, { ok: [204, 404, 405], signal: opts.signal }).then((r) => r.body.dump()).catch(() => undefined);
    }
    toSend.push(blob);
  }

  const total = toSend.reduce((n, b) => n + b.size, 0);
  let done = 0;
  let sent = 0;
  const report = (blob: PlannedBlob, blobDone: number): void => opts.onProgress?.({ digest: blob.digest, blobDone, blobSize: blob.size, done, total });
  opts.onProgress?.({ digest: '', blobDone: 0, blobSize: 0, done: 0, total });

  const upload = async (blob: PlannedBlob, body: Buffer | Readable): Promise<void> => {
    log(`${short(blob.digest)}: sending ${blob.size} bytes`);
    const start = await http.request('POST', `/v2/${repository}/blobs/uploads/`, { ok: [202], signal: opts.signal, scopes: [scope] });
    await start.body.dump();
    let location = header(start, 'location');
    if (!location) throw protocolError('gave no upload location');
    let blobDone = 0;
    // Tar entries are streamx streams (tar-stream 3), not Node Readables: pipe them through a
    // Node Transform that counts, which undici takes as a streamed body.
    const counted = !Buffer.isBuffer(body)
        ? body.pipe(
            new Tap((c) => {
              blobDone += c.length;
              done += c.length;
              report(blob, blobDone);
            }),
          )
        : body;
    const patch = await http.request('PATCH', location, {
      ok: [202],
      signal: opts.signal,
      headers: { 'content-type': 'application/octet-stream', ...(Buffer.isBuffer(body) ? { 'content-length': String(body.length) } : {}) },
      body: counted,
    });
    await patch.body.dump();
    if (Buffer.isBuffer(body)) {
      done += body.length;
      report(blob, body.length);
    }
    location = header(patch, 'location') ?? location;
    const put = new URL(location, `${http.base}/`);
    put.searchParams.set('digest', blob.digest);
    const fin = await http.request('PUT', put.toString(), { ok: [201, 400], signal: opts.signal, headers: { 'content-length': '0' } });
    const refused = fin.status === 400 ? await fin.body.text() : (await fin.body.dump(), '');
    if (refused) {
      throw new AppError(`The registry refused ${blob.digest.slice(0, 19)}… from ${file}: ${/DIGEST_INVALID/.test(refused) ? 'its bytes do not match its digest, so the tarball is damaged' : refused.slice(0, 300)}.`, {
        code: /DIGEST_INVALID/.test(refused) ? 'BAD_TARBALL' : 'REGISTRY_ERROR',
        fix: 'Save or copy the tarball again from a good source (xrcl image inspect FILE checks every digest).',
        device: 'this computer',
        detail: refused.slice(0, 4000),
      });
    }
    sent++;
  };

  for (const blob of toSend.filter((b) => b.bytes)) await upload(blob, blob.bytes!);
  const fromFile = toSend.filter((b) => b.path);
  if (fromFile.length) {
    const byPath = new Map(fromFile.map((b) => [b.path!, b]));
    await streamEntries(
      file,
      new Set(byPath.keys()),
      async (path, entry) => {
        // The registry answers the PATCH only once it has every byte: the entry is consumed.
        await upload(byPath.get(path)!, entry);
      },
      { signal: opts.signal },
    );
  }

  const res = await http.request('PUT', `/v2/${repository}/manifests/${tag}`, {
    ok: [201],
    signal: opts.signal,
    headers: { 'content-type': plan.manifestType },
    body: plan.manifest,
    scopes: [scope],
  });
  await res.body.dump();
  const digest = header(res, 'docker-content-digest') ?? plan.manifestDigest;
  log(`${repository}:${tag} is ${digest}`);
  return { repository, tag, digest, blobsSent: sent, blobsSkipped: skipped + mounted, blobsMounted: mounted, bytesSent: done };
}

/** The registry's repositories, for mounts; a registry that hides its catalog gives none. */
export async function catalog(http: RegistryHttp, signal?: AbortSignal, limit = 50): Promise<string[]> {
  try {
    const res = await http.request('GET', `/v2/_catalog?n=${limit}`, { ok: [200], signal });
    const json = (await res.body.json()) as { repositories?: string[] };
    return json.repositories ?? [];
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    return [];
  }
}

async function findElsewhere(http: RegistryHttp, digest: string, repos: string[], signal?: AbortSignal): Promise<string | null> {
  for (const repo of repos) {
    const res = await http.request('HEAD', `/v2/${repo}/blobs/${digest}`, { ok: [200, 404, 401, 403], signal, scopes: [`repository:${repo}:pull`] });
    await res.body.dump();
    if (res.status === 200) return repo;
  }
  return null;
}

function protocolError(what: string): AppError {
  return new AppError(`The registry ${what}: it does not speak the Distribution API as expected.`, {
    code: 'REGISTRY_ERROR',
    fix: 'Check that the URL points at a Docker registry (it answers /v2/).',
    device: 'this computer',
  });
}
