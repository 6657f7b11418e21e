// Tarball delivery against the practice Vagrant router (real OpenSSH and SFTP on 57722, real
// sudo, real Docker 20.10 in the host layer): built here, copied to /misc/app_host/scratch,
// checked with sha256sum there, loaded or imported, and a container from it runs. Also: a copy
// that loses its connection half way resumes; a full /misc/app_host is refused with the numbers
// before the copy; a damaged tarball never reaches the router; a thin tarball sends only the
// layers the router lacks; hostile names arrive intact; xrcl image send as a process.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContainerTarball, buildImageTarball } from '../../src-main/services/images/image-builder';
import { readImageTarball } from '../../src-main/services/images/image-tarball-reader';
import { labDown, labExec, labFault, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { sampleLayers, saveTarball } from '../support/image-tarballs';
import { jsonOf, runXrcl } from '../support/xrcl-process';
import { waitFor } from '../support/wait-for';
import { deliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { failure } from './support/failure';

const skip = labSuiteSkipReason() ?? testImageProblem();
const LAB = `dl-vagrant-${process.pid}`;
const HOSTILE = `it's a "tar"; touch pwned $(id).tar`;

describe.skipIf(skip !== null)(`tarball delivery to the practice Vagrant router${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LabInfo;
  let h: DeliveryHarness;
  let dir: string;
  const onRouter = async (cmd: string) => (await labExec(LAB, ['bash', '-c', cmd])).stdout;
  const scratch = () => onRouter('ls -A /misc/app_host/scratch');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-dl-'));
    lab = await labUp({ platform: 'vagrant', name: LAB, diskMb: 640 });
    h = await deliveryHarness(lab);
    writeBusyboxImage(join(dir, 'base.tar'), 'dl/busybox:base');
    writeFileSync(join(dir, 'hello.txt'), 'hello from the tarball\n');
  }, 120_000);

  afterAll(async () => {
    h?.close();
    await labDown({ name: LAB }).catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const appImage = async (name: string, tag: string, extra: string[] = []) =>
    buildImageTarball({
      base: join(dir, 'base.tar'),
      add: [{ source: join(dir, 'hello.txt'), dest: '/srv/hello.txt' }, ...extra.map((source) => ({ source, dest: `/srv/${source.split('/').pop()}` }))],
      cmd: ['cat', '/srv/hello.txt'],
      tags: [tag],
      output: join(dir, name),
    });

  it('save/load: checked, copied, sha256 checked on the router, loaded under its tag; the container runs; the tarball is removed', async () => {
    const built = await appImage('app.tar', 'dl/app:1');
    const details: string[] = [];
    const r = await h.send({ file: built.file, action: 'load' }, (t) => details.push(t.detail));
    expect(r).toMatchObject({ loaded: 'dl/app:1', tags: ['dl/app:1'], untagged: false, resumed: false, sha256: built.sha256, kept: false });
    expect(r.bytesSent).toBe(built.bytes);
    expect(r.remotePath).toBe('/misc/app_host/scratch/app.tar');
    expect(details.some((d) => /^Copied .* MB/.test(d))).toBe(true);
    expect(await onRouter('docker run --rm dl/app:1')).toBe('hello from the tarball\n');
    expect(await scratch()).toBe('');
  });

  it('gzipped on the way when asked: Docker 20.10 loads the gzip, and the checksum is the gzip\'s', async () => {
    const built = await appImage('gz.tar', 'dl/gz:1');
    const r = await h.send({ file: built.file, action: 'load', compression: 'gzip' });
    expect(r.compression.gzip).toBe(true);
    expect(r.remotePath).toBe('/misc/app_host/scratch/gz.tar.gz');
    expect(r.payloadBytes).toBeLessThan(built.bytes);
    expect(r.bytesSent).toBe(r.payloadBytes);
    expect(r.sha256).not.toBe(built.sha256);
    expect(await onRouter('docker run --rm dl/gz:1')).toBe('hello from the tarball\n');
  });

  it('on a slow link, compressible content is gzipped on the way, decided from the measured link', async () => {
    // The lab link shaped to 40 Mbit/s (5 MB/s) toward the router, on this lab's own veth.
    const veth = (JSON.parse(readFileSync(join(lab.labDir, 'lab.json'), 'utf8')) as { hostVeth: string }).hostVeth;
    const text = join(dir, 'log.txt');
    const out = createWriteStream(text);
    for (let i = 0; i < 40; i++) {
      const lines = Array.from({ length: 20_000 }, (_, n) => `event ${i * 20_000 + n} interface Gi0/0/0/${n % 48} state up, counter ${(n * 7919) % 10007}\n`).join('');
      if (!out.write(lines)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    const built = await appImage('logs.tar', 'dl/logs:1', [text]);
    expect(built.bytes).toBeGreaterThan(40e6);
    execFileSync('tc', ['qdisc', 'add', 'dev', veth, 'root', 'tbf', 'rate', '40mbit', 'burst', '64kb', 'latency', '100ms']);
    try {
      const r = await h.send({ file: built.file, action: 'load' });
      expect(r.compression.gzip).toBe(true);
      expect(r.compression.reason).toMatch(/^Gzipped: it takes \d+ % of the plain copy's time \(link [\d.]+ MB\/s/);
      expect(r.remotePath).toBe('/misc/app_host/scratch/logs.tar.gz');
      // The 8 MB probe plus the gzip: well under the plain size.
      expect(r.bytesSent).toBeLessThan(built.bytes * 0.6);
      expect(await onRouter('docker run --rm dl/logs:1')).toBe('hello from the tarball\n');
    } finally {
      execFileSync('tc', ['qdisc', 'del', 'dev', veth, 'root']);
      rmSync(text, { force: true });
    }
  }, 120_000);

  it('an image saved without a tag loads untagged, and the result says so with its ID', async () => {
    writeFileSync(join(dir, 'untagged.tar'), await saveTarball(await sampleLayers(), []));
    const index = await readImageTarball(join(dir, 'untagged.tar'));
    const r = await h.send({ file: join(dir, 'untagged.tar'), action: 'load' });
    expect(r).toMatchObject({ untagged: true, tags: [], imageId: index.images[0]!.configDigest, loaded: index.images[0]!.configDigest });
    expect((await onRouter(`docker image inspect --format '{{json .RepoTags}}' ${r.imageId}`)).trim()).toBe('[]');
  });

  it('export/import: the container tarball is imported under the given name, and runs', async () => {
    const built = await buildContainerTarball({ base: join(dir, 'base.tar'), add: [{ source: join(dir, 'hello.txt'), dest: '/srv/hello.txt' }], output: join(dir, 'rootfs.tar') });
    const r = await h.send({ file: built.file, action: 'import', importAs: 'dl/imported' });
    expect(r.loaded).toBe('dl/imported:latest');
    expect(r.imageId).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(await onRouter('docker run --rm dl/imported:latest cat /srv/hello.txt')).toBe('hello from the tarball\n');
  });

  it('a connection dropped half way: the copy resumes from the verified bytes and the router\'s sha256 matches', async () => {
    const big = join(dir, 'big.bin');
    const out = createWriteStream(big);
    for (let i = 0; i < 200; i++) if (!out.write(randomBytes(1 << 20))) await once(out, 'drain');
    out.end();
    await once(out, 'close');
    const built = await appImage('big.tar', 'dl/big:1', [big]);
    let dropped: Promise<string> | null = null;
    const r = await h.send({ file: built.file, action: 'load', keep: true }, (t) => {
      if (!dropped && t.progress !== null && t.progress >= 0.5 && t.progress < 0.9 && /^Copied/.test(t.detail)) dropped = labFault(LAB, 'drop-ssh');
    });
    expect(await dropped).toMatch(/dropped [1-9]/);
    // The link was measured on the first MBs: the lab's link is faster than gzip, so no gzip.
    expect(r.compression).toMatchObject({ gzip: false, reason: expect.stringMatching(/^Sent as it is: gzip would take \d+ % .*link [\d.]+ MB\/s, gzip [\d.]+ MB\/s/) });
    expect(r.resumed).toBe(true);
    // Only the unverified tail went twice: far less than the whole file again.
    expect(r.bytesSent).toBeGreaterThanOrEqual(built.bytes);
    expect(r.bytesSent).toBeLessThan(built.bytes * 1.3);
    expect((await onRouter('sha256sum /misc/app_host/scratch/big.tar')).slice(0, 64)).toBe(built.sha256);
    expect(await onRouter('docker run --rm dl/big:1')).toBe('hello from the tarball\n');
    await onRouter('rm -f /misc/app_host/scratch/big.tar; docker rmi dl/big:1 >/dev/null');
    rmSync(big);
  }, 180_000);

  it('a cancelled send leaves its part on the router; sending again resumes from it', async () => {
    const big = join(dir, 'cancel.bin');
    const out = createWriteStream(big);
    for (let i = 0; i < 120; i++) if (!out.write(randomBytes(1 << 20))) await once(out, 'drain');
    out.end();
    await once(out, 'close');
    const built = await appImage('cancel.tar', 'dl/cancel:1', [big]);
    rmSync(big);
    let cancelled = false;
    const err = await failure(
      h.send({ file: built.file, action: 'load', compression: 'none' }, (t) => {
        if (!cancelled && t.state === 'running' && t.progress !== null && t.progress >= 0.5 && /^Copied/.test(t.detail)) {
          cancelled = true;
          void h.services.handlers['tasks.cancel']({ id: t.id });
        }
      }),
    );
    expect(err.code).toBe('CANCELLED');
    const part = Number(await onRouter("stat -c %s /misc/app_host/scratch/cancel.tar"));
    expect(part).toBeGreaterThan(built.bytes * 0.4);
    expect(part).toBeLessThan(built.bytes);
    const r = await h.send({ file: built.file, action: 'load', compression: 'none' });
    expect(r.resumed).toBe(true);
    // Only what was past the verified part (its last 16 MB are checked again) is sent.
    expect(r.bytesSent).toBeLessThan(built.bytes - part + (17 << 20));
    expect(r.sha256).toBe(built.sha256);
    expect(await onRouter('docker run --rm dl/cancel:1')).toBe('hello from the tarball\n');
    await onRouter('docker rmi dl/cancel:1 >/dev/null');
  }, 120_000);

  it('a full /misc/app_host: refused before the copy, with the numbers and the fix', async () => {
    await labFault(LAB, 'fill-disk');
    try {
      const err = await failure(h.send({ file: join(dir, 'app.tar'), action: 'load' }));
      expect(err.code).toBe('NO_SPACE');
      expect(err.message).toMatch(/needs [\d.]+ MB, and \/misc\/app_host has [\d.]+ MB free of [\d.]+ MB/);
      expect(err.fix).toMatch(/docker image prune/);
      expect(await scratch()).toBe('');
    } finally {
      await labFault(LAB, 'free-disk');
    }
  });

  it('a damaged tarball is caught here and never reaches the router', async () => {
    const good = readFileSync(join(dir, 'app.tar'));
    const index = await readImageTarball(join(dir, 'app.tar'));
    // Flip one byte inside the top layer's data: its diffID no longer matches the config.
    const bad = Buffer.from(good);
    const at = bad.indexOf(Buffer.from('hello from the tarball'));
    expect(at).toBeGreaterThan(0);
    bad[at] = bad[at]! ^ 0x20;
    writeFileSync(join(dir, 'damaged.tar'), bad);
    expect(index.problems).toEqual([]);
    const err = await failure(h.send({ file: join(dir, 'damaged.tar'), action: 'load' }));
    expect(err.code).toBe('BAD_TARBALL');
    expect(err.message).toMatch(/corrupted/);
    expect(await scratch()).toBe('');
  });

  it('thin: with the base on the router, only the new layer crosses the link, and the image runs', async () => {
    await h.send({ file: join(dir, 'base.tar'), action: 'load' });
    // A top layer the router does not have yet (dl/app:1 already has hello.txt on this base).
    writeFileSync(join(dir, 'thin.txt'), 'only in the thin image\n');
    const built = await appImage('thin-app.tar', 'dl/thin:1', [join(dir, 'thin.txt')]);
    const index = await readImageTarball(built.file);
    const layers = index.images[0]!.layers;
    const r = await h.send({ file: built.file, action: 'load', thin: true });
    expect(r.thin).toMatchObject({ layersSkipped: 1, layersSent: 1, bytesLeftOut: layers[0]!.size });
    expect(r.fellBackToFull).toBe(false);
    // What went: the new layer plus the small JSON documents, well under the base layer's size.
    expect(r.bytesSent).toBe(r.payloadBytes);
    expect(r.bytesSent).toBeLessThan(built.bytes - layers[0]!.size + 64 * 1024);
    expect(r.bytesSent).toBeGreaterThan(layers[1]!.size);
    expect(await onRouter('docker run --rm dl/thin:1')).toBe('hello from the tarball\n');
  });

  it('thin, when the router loses the base during the copy: the engine refuses the thin tarball and the full one is sent', async () => {
    // A base of its own (no other image shares its layer), on the router first.
    writeBusyboxImage(join(dir, 'own-base.tar'), 'dl/own-base:1', 'a base nothing else uses');
    await h.send({ file: join(dir, 'own-base.tar'), action: 'load' });
    const big = join(dir, 'fallback.bin');
    const out = createWriteStream(big);
    for (let i = 0; i < 100; i++) if (!out.write(randomBytes(1 << 20))) await once(out, 'drain');
    out.end();
    await once(out, 'close');
    const built = await buildImageTarball({ base: join(dir, 'own-base.tar'), add: [{ source: join(dir, 'hello.txt'), dest: '/srv/hello.txt' }, { source: big, dest: '/srv/big.bin' }], cmd: ['cat', '/srv/hello.txt'], tags: ['dl/fallback:1'], output: join(dir, 'fallback.tar') });
    rmSync(big);
    let removed: Promise<unknown> | null = null;
    const r = await h.send({ file: built.file, action: 'load', thin: true, compression: 'none' }, (t) => {
      // While the thin tarball crosses the link, the base goes (as another user might remove it).
      if (!removed && /^Copied/.test(t.detail)) removed = onRouter('docker rmi dl/own-base:1');
    });
    await removed;
    expect(r.fellBackToFull).toBe(true);
    expect(r.thin).toBeNull();
    expect(r.loaded).toBe('dl/fallback:1');
    expect(r.bytesSent).toBeGreaterThan(built.bytes);
    expect(await onRouter('docker run --rm dl/fallback:1')).toBe('hello from the tarball\n');
  }, 120_000);

  it('hostile file names arrive intact and are never run; a hostile tag is refused before anything is sent', async () => {
    const file = join(dir, HOSTILE);
    writeFileSync(file, readFileSync(join(dir, 'app.tar')));
    const r = await h.send({ file, action: 'load', keep: true });
    expect(r.remotePath).toBe(`/misc/app_host/scratch/${HOSTILE}`);
    expect(await scratch()).toBe(`${HOSTILE}\n`);
    expect(await onRouter('ls -A / /home/vagrant /root | grep -c pwned || true')).toBe('0\n');
    await onRouter('rm -f /misc/app_host/scratch/*');
    const err = await failure(h.send({ file: join(dir, 'rootfs.tar'), action: 'import', importAs: 'dl/x:1; touch /tmp/pwned' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(await scratch()).toBe('');
  });

  it('xrcl image send as a process prints bytesSent, sha256, resumed, loaded and seconds', async () => {
    const home = mkdtempSync(join(tmpdir(), 'xrcl-dl-home-'));
    try {
      const shell = lab.endpoints.xrShell!;
      const add = await runXrcl(home, ['target', 'add', 'lab', '--platform', 'vagrant', '--host', lab.labAddress, '--user', 'vagrant', '--password-stdin'], shell.password ?? '');
      expect(add.status, add.stderr).toBe(0);
      const built = await appImage('cli.tar', 'dl/cli:1');
      const run = await runXrcl(home, ['image', 'send', 'lab', built.file, '--load', '--accept-new', '--json']);
      expect(run.status, run.stderr).toBe(0);
      const out = jsonOf<{ bytesSent: number; sha256: string; resumed: boolean; loaded: string; seconds: number }>(run);
      expect(out).toMatchObject({ bytesSent: built.bytes, sha256: built.sha256, resumed: false, loaded: 'dl/cli:1' });
      expect(out.seconds).toBeGreaterThan(0);
      expect(run.stderr).toContain('$ docker load -i /misc/app_host/scratch/cli.tar');
      expect(run.stderr).toMatch(/\$ scp -P 57722 .*cli\.tar vagrant@/);
      expect(await onRouter('docker run --rm dl/cli:1')).toBe('hello from the tarball\n');
      // The runbook shows the copy as the scp a user would type, then the check and the load.
      const exported = await runXrcl(home, ['runbook', 'export', '-o', join(home, 'runbook.md')]);
      expect(exported.status, exported.stderr).toBe(0);
      const runbook = readFileSync(join(home, 'runbook.md'), 'utf8');
      const order = ['scp -P 57722', 'sha256sum /misc/app_host/scratch/cli.tar', 'docker load -i /misc/app_host/scratch/cli.tar'].map((c) => runbook.indexOf(c));
      expect(order.every((i) => i >= 0), runbook).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      const usage = await runXrcl(home, ['image', 'send', 'lab', built.file, '--load', '--import', 'x:1']);
      expect(usage.status).toBe(2);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the router these claims were checked on runs Docker 20.10, and is healthy after the faults', async () => {
    await waitFor(async () => (await onRouter('docker info --format {{.ServerVersion}}')).startsWith('20.10'), { timeoutMs: 10_000, what: 'docker 20.10 on the lab router' });
  });
});
