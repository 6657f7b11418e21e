// `npm run bench:registry`: the app's push client against `skopeo copy docker-archive:… docker://…`
// of the same tarball to the same kind of registry (the real Distribution program, started by
// the app on loopback), time and peak memory of each, measured in one run; the registry's start
// time; and gzip level 1 throughput, the figure behind pushing layers as stored. Each push goes
// to a fresh registry, so nothing is skipped or mounted. BENCH_MB sets the payload (default
// 200), BENCH_RUNS the runs per figure (default 3). Needs docker-registry, skopeo,
// busybox-static and GNU time.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Registry } from '../src-shared/types/registries';
import { buildImageTarball } from '../src-main/services/images/image-builder';
import { RegistryService } from '../src-main/services/registries/registry-service';
import { MemorySecretStore } from '../src-main/services/secrets/memory-secret-store';
import { run } from '../tests/lab/run-command';
import { busyboxLayer, writeBusyboxImage } from '../tests/lab/test-images';
import { freePort } from '../tests/support/free-port';

const MB = Number(process.env.BENCH_MB ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;


async function writePayload(dir: string): Promise<void> {
  // 10 MB files of random bytes (incompressible, like binaries).
  for (let f = 0; f < Math.max(1, Math.round(MB / 10)); f++) {
    const ws = createWriteStream(join(dir, `blob-${f}.bin`));
    for (let i = 0; i < 10; i++) if (!ws.write(randomBytes(1 << 20))) await once(ws, 'drain');
    ws.end();
    await once(ws, 'finish');
  }
}

/** GNU time's elapsed seconds and peak RSS (kB) of a command. */
async function timedCommand(cmd: string, args: string[]): Promise<{ ms: number; maxRssMb: number }> {
  const r = await run('/usr/bin/time', ['-f', '@@%e %M', cmd, ...args], { timeoutMs: 900_000 });
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  const m = /@@([\d.]+) (\d+)/.exec(r.stderr)!;
  return { ms: Number(m[1]) * 1000, maxRssMb: Number(m[2]) / 1024 };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'xrcl-bench-registry-'));
  const store: { value?: Record<string, Registry> } = {};
  const service = new RegistryService({
    value: { get: () => store.value, set: (v) => void (store.value = v) },
    secrets: () => new MemorySecretStore(),
    dataDir: join(tmp, 'data'),
  });
  let n = 0;
  const fresh = async (): Promise<{ name: string; url: string; hostPort: string; startMs: number }> => {
    const name = `bench-${n++}`;
    const t = performance.now();
    const r = await service.up({ name, kind: 'insecure', address: '127.0.0.1', port: await freePort() });
    return { name, url: r.url, hostPort: r.hostPort, startMs: performance.now() - t };
  };
  try {
    const base = writeBusyboxImage(join(tmp, 'base.tar'), 'xrcl-bench/base:1').file;
    mkdirSync(join(tmp, 'payload'));
    await writePayload(join(tmp, 'payload'));
    const file = join(tmp, 'image.tar');
    await buildImageTarball({ base, output: file, tags: ['bench/push:1'], add: [{ source: join(tmp, 'payload'), dest: '/opt/payload' }] });
    const size = statSync(file).size / 1e6;

    const starts: number[] = [];
    const app: Array<{ ms: number; maxRssMb: number; baseRssMb: number }> = [];
    const appAgain: number[] = [];
    const skopeoGzip: Array<{ ms: number; maxRssMb: number }> = [];
    const skopeoPlain: Array<{ ms: number; maxRssMb: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      const a = await fresh();
      starts.push(a.startMs);
      const out = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'registry-push-client.ts'), a.url, file, 'bench/push:1'], { timeoutMs: 900_000 });
      if (out.code !== 0) throw new Error(out.stderr);
      app.push(JSON.parse(out.stdout) as { ms: number; maxRssMb: number; baseRssMb: number });
      const again = await run(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'registry-push-client.ts'), a.url, file, 'bench/push:1'], { timeoutMs: 900_000 });
      appAgain.push((JSON.parse(again.stdout) as { ms: number }).ms);
      await service.remove(a.name);

      const b = await fresh();
      starts.push(b.startMs);
      skopeoGzip.push(await timedCommand('skopeo', ['copy', '--quiet', '--insecure-policy', '--dest-tls-verify=false', `docker-archive:${file}`, `docker://${b.hostPort}/bench/push:1`]));
      await service.remove(b.name);

      const c = await fresh();
      starts.push(c.startMs);
      skopeoPlain.push(await timedCommand('skopeo', ['copy', '--quiet', '--insecure-policy', '--dest-tls-verify=false', '--dest-compress=false', `docker-archive:${file}`, `docker://${c.hostPort}/bench/push:1`]));
      await service.remove(c.name);
    }

    // The compression decision: gzip level 1 on incompressible bytes and on a real layer.
    const random = randomBytes(64 << 20);
    let t = performance.now();
    gzipSync(random, { level: 1 });
    const gzRandom = 64 * 1.048576 / ((performance.now() - t) / 1000);
    const layer = busyboxLayer('bench');
    const reps = Math.ceil((32 << 20) / layer.length);
    t = performance.now();
    let out = 0;
    for (let i = 0; i < reps; i++) out += gzipSync(layer, { level: 1 }).length;
    const gzLayer = (reps * layer.length) / 1e6 / ((performance.now() - t) / 1000);

    const m = (v: Array<{ ms: number }>): number => median(v.map((x) => x.ms));
    const r = (v: Array<{ maxRssMb: number }>): number => median(v.map((x) => x.maxRssMb));
    const rate = (ms: number): string => `${(size / (ms / 1000)).toFixed(0)} MB/s`;
    console.log(`| figure (${size.toFixed(0)} MB docker-save tarball, median of ${RUNS}) | time | rate | peak RSS |`);
    console.log('|---|---|---|---|');
    console.log(`| app's push client (layers as stored) | ${m(app).toFixed(0)} ms | ${rate(m(app))} | ${r(app).toFixed(0)} MB |`);
    console.log(`| (of which the client process before pushing: Node, tsx, modules) | | | ${median(app.map((x) => x.baseRssMb)).toFixed(0)} MB |`);
    console.log(`| same push again (every blob already there) | ${median(appAgain).toFixed(0)} ms | | |`);
    console.log(`| skopeo copy, default (gzips the layers) | ${m(skopeoGzip).toFixed(0)} ms | ${rate(m(skopeoGzip))} | ${r(skopeoGzip).toFixed(0)} MB |`);
    console.log(`| skopeo copy --dest-compress=false | ${m(skopeoPlain).toFixed(0)} ms | ${rate(m(skopeoPlain))} | ${r(skopeoPlain).toFixed(0)} MB |`);
    console.log(`| ratio app / skopeo default | ${(m(app) / m(skopeoGzip)).toFixed(2)} time | | ${(r(app) / r(skopeoGzip)).toFixed(2)} memory |`);
    console.log(`| ratio app / skopeo uncompressed | ${(m(app) / m(skopeoPlain)).toFixed(2)} time | | ${(r(app) / r(skopeoPlain)).toFixed(2)} memory |`);
    console.log(`| registry start (up to /v2/ answering) | ${median(starts).toFixed(0)} ms | min ${Math.min(...starts).toFixed(0)}, max ${Math.max(...starts).toFixed(0)} of ${starts.length} | |`);
    console.log(`| gzip level 1, random bytes / busybox layer | ${gzRandom.toFixed(0)} MB/s / ${gzLayer.toFixed(0)} MB/s | layer ratio ${((out / (reps * layer.length)) * 100).toFixed(0)} % | |`);
  } finally {
    for (const name of Object.keys(store.value ?? {})) await service.remove(name).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
