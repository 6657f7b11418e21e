// The pull client against a small Distribution API served on loopback by node:http: what it asks
// for (Accept headers), which manifest it takes from an index, and what it refuses.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readImageTarball } from '../images/image-tarball-reader';
import { parsePullSource } from './pull-source';
import { RegistryHttp } from './registry-http';
import { MEDIA, pullToSaveTarball, readManifest } from './registry-pull';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function layerTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'etc/', type: 'directory', mode: 0o755, mtime: new Date(0) });
  pack.entry({ name: 'etc/motd', mode: 0o644, mtime: new Date(0) }, 'hello from the base\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

interface Served {
  bytes: Buffer;
  type?: string;
  digestHeader?: string;
}

describe('registry pull client', () => {
  let server: Server;
  let base = '';
  let dir = '';
  const routes = new Map<string, Served>();
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  let layer: Buffer;
  let plain: Buffer;
  let config: Buffer;
  let image: Buffer;

  const put = (path: string, s: Served): void => void routes.set(path, s);
  const manifestOf = (cfg: Buffer, layers: Buffer[]): Buffer =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.dockerManifest,
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: sha(cfg), size: cfg.length },
        layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: sha(l), size: l.length })),
      }),
    );
  const index = (platforms: Array<[string, string, Buffer]>): Buffer =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.ociIndex,
        manifests: platforms.map(([os, architecture, m]) => ({ mediaType: MEDIA.dockerManifest, digest: sha(m), size: m.length, platform: { os, architecture } })),
      }),
    );

  beforeAll(async () => {
    plain = await layerTar();
    layer = gzipSync(plain);
    config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: [sha(plain)] } }));
    image = manifestOf(config, [layer]);
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      if (req.url === '/v2/moved/blob') {
        res.end(layer);
        return;
      }
      const s = routes.get(req.url ?? '');
      if (!s) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
        return;
      }
      if (s.type === 'redirect') {
        res.writeHead(307, { location: s.bytes.toString() });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': s.type ?? 'application/octet-stream', 'content-length': s.bytes.length, ...(s.digestHeader ? { 'docker-content-digest': s.digestHeader } : {}) });
      res.end(s.bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'xrcl-pull-spec-'));
  });

  afterEach(() => {
    routes.clear();
    seen.length = 0;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const serveImage = (repo: string, layerBytes = layer): void => {
    put(`/v2/${repo}/blobs/${sha(config)}`, { bytes: config });
    put(`/v2/${repo}/blobs/${sha(layer)}`, { bytes: layerBytes });
  };
  const pull = async (ref: string, out: string) => {
    const source = parsePullSource(`docker://${base}/${ref}`);
    const http = new RegistryHttp({ name: 'test registry', url: `http://${base}` });
    try {
      return await pullToSaveTarball(http, source, join(dir, out));
    } finally {
      await http.close();
    }
  };

  it('takes linux/amd64 from an index, asks for every schema 2 and OCI type, and writes a save tarball whose digests check out', async () => {
    const arm = manifestOf(Buffer.from('{}'), []);
    put('/v2/bp/app/manifests/1', { bytes: index([['linux', 'arm64', arm], ['linux', 'amd64', image]]), type: MEDIA.ociIndex });
    put(`/v2/bp/app/manifests/${sha(image)}`, { bytes: image, type: MEDIA.dockerManifest, digestHeader: sha(image) });
    serveImage('bp/app');
    const pulled = await pull('bp/app:1', 'ok.tar');
    expect(pulled).toMatchObject({ digest: sha(image), layers: 1 });

    const accept = seen.find((s) => s.url === '/v2/bp/app/manifests/1')!.headers.accept!.split(', ');
    expect(accept).toEqual(expect.arrayContaining([MEDIA.dockerManifest, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.ociIndex]));
    // The arm64 manifest is never fetched.
    expect(seen.some((s) => s.url.endsWith(sha(arm)))).toBe(false);

    const read = await readImageTarball(pulled.file);
    expect(read.problems).toEqual([]);
    expect(read.kind).toBe('save');
    expect(read.images[0]).toMatchObject({ tags: [`${base}/bp/app:1`], platform: 'linux/amd64', configDigest: sha(config) });
    // Kept gzipped as stored; its diffID is the plain tar's.
    expect(read.images[0]!.layers[0]).toMatchObject({ digest: sha(layer), diffId: sha(plain), compression: 'gzip' });
  });

  it('follows a blob redirect without sending the login elsewhere', async () => {
    put('/v2/bp/moved/manifests/1', { bytes: image, type: MEDIA.dockerManifest });
    put(`/v2/bp/moved/blobs/${sha(config)}`, { bytes: config });
    put(`/v2/bp/moved/blobs/${sha(layer)}`, { bytes: Buffer.from(`http://${base}/v2/moved/blob`), type: 'redirect' });
    const pulled = await pull('bp/moved:1', 'moved.tar');
    expect((await readImageTarball(pulled.file)).problems).toEqual([]);
  });

  it('refuses a blob whose bytes do not match its digest, and leaves no file behind', async () => {
    put('/v2/bp/bad/manifests/1', { bytes: image, type: MEDIA.dockerManifest });
    const corrupt = Buffer.from(layer);
    corrupt[corrupt.length - 20]! ^= 0xff;
    serveImage('bp/bad', corrupt);
    await expect(pull('bp/bad:1', 'bad.tar')).rejects.toMatchObject({ code: 'DIGEST_MISMATCH', message: expect.stringContaining(sha(layer)) });
    expect(readdirSync(dir).filter((f) => f.includes('bad.tar'))).toEqual([]);
  });

  it('refuses a manifest whose digest is not the one the registry names, and one fetched by digest that differs', async () => {
    put('/v2/bp/lie/manifests/1', { bytes: image, type: MEDIA.dockerManifest, digestHeader: sha(config) });
    await expect(pull('bp/lie:1', 'lie.tar')).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    const wanted = sha(Buffer.from('another manifest'));
    put(`/v2/bp/lie/manifests/${wanted}`, { bytes: image, type: MEDIA.dockerManifest });
    await expect(pull(`bp/lie@${wanted}`, 'lie2.tar')).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });

  it('says when the registry does not hold the image, and when an index has no linux/amd64', async () => {
    await expect(pull('bp/none:1', 'none.tar')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('bp/none:1'), fix: expect.stringContaining('push') });
    put('/v2/bp/arm/manifests/1', { bytes: index([['linux', 'arm64', image], ['windows', 'amd64', image]]), type: MEDIA.dockerList });
    await expect(pull('bp/arm:1', 'arm.tar')).rejects.toMatchObject({ code: 'NO_PLATFORM', message: expect.stringContaining('linux/arm64, windows/amd64') });
  });

  it('refuses Docker schema 1 manifests and descriptors without a digest', () => {
    const source = parsePullSource('docker://h:5000/a:1');
    expect(() => readManifest(source, Buffer.from(JSON.stringify({ schemaVersion: 1, fsLayers: [] })), 'application/vnd.docker.distribution.manifest.v1+prettyjws')).toThrow(/schema 1/);
    const noDigest = { schemaVersion: 2, mediaType: MEDIA.ociManifest, config: { size: 2 }, layers: [] };
    expect(() => readManifest(source, Buffer.from(JSON.stringify(noDigest)), MEDIA.ociManifest)).toThrow(/without a sha256 digest/);
  });
});
