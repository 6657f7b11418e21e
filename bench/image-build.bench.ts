// `npx tsx bench/image-build.bench.ts`: the daemon-less builder on a ~200 MB image against
// `docker save` of an image with the same content, plus the inspector's read speed and the
// process's peak RSS (memory must not follow the image size). Needs dockerd and busybox-static.
// BENCH_MB sets the payload size (default 200), BENCH_RUNS the runs per figure (default 3).
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildContainerTarball, buildImageTarball } from '../src-main/services/images/image-builder';
import { inspectTarball } from '../src-main/services/images/image-inspector';
import { run } from '../tests/lab/run-command';
import { writeBusyboxImage } from '../tests/lab/test-images';

const MB = Number(process.env.BENCH_MB ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TAG = `xrcl-bench/image-build-${randomBytes(3).toString('hex')}:1`;

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function writePayload(dir: string): Promise<void> {
  // 10 MB files of random bytes (incompressible, like binaries), written 1 MiB at a time.
  const files = Math.max(1, Math.round(MB / 10));
  for (let f = 0; f < files; f++) {
    const ws = createWriteStream(join(dir, `blob-${String(f).padStart(3, '0')}.bin`));
    for (let i = 0; i < 10; i++) if (!ws.write(randomBytes(1 << 20))) await once(ws, 'drain');
    ws.end();
    await once(ws, 'finish');
  }
}

async function docker(args: string[]): Promise<string> {
  const r = await run('docker', args, { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`docker ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'xrcl-bench-images-'));
  try {
    const base = writeBusyboxImage(join(tmp, 'base.tar'), 'xrcl-bench/base:1').file;
    const payload = join(tmp, 'payload');
    mkdirSync(payload);
    await writePayload(payload);
    const rssBefore = maxRssMb();
    const opts = { base, tags: [TAG], add: [{ source: payload, dest: '/opt/payload' }] };

    const out = join(tmp, 'image.tar');
    const buildMs = await timed(() => buildImageTarball({ ...opts, output: out }));
    const size = statSync(out).size / 1e6;
    const gzMs = await timed(() => buildImageTarball({ ...opts, output: join(tmp, 'image.tar.gz'), gzip: true }));
    const gzSize = statSync(join(tmp, 'image.tar.gz')).size / 1e6;
    const exportMs = await timed(() => buildContainerTarball({ output: join(tmp, 'container.tar'), base, add: opts.add }));
    const inspectMs = await timed(async () => {
      const r = await inspectTarball(out);
      if (!r.verified) throw new Error(r.problems.join('; '));
    });
    const rssAfter = maxRssMb();

    await docker(['load', '-i', out]);
    const saveMs = await timed(() => docker(['save', '-o', join(tmp, 'saved.tar'), TAG]));
    const savedSize = statSync(join(tmp, 'saved.tar')).size / 1e6;

    const rate = (ms: number, mb: number): string => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
    console.log(`| figure (${MB} MB payload, median of ${RUNS}) | time | size | rate |`);
    console.log('|---|---|---|---|');
    console.log(`| buildImageTarball (docker-save format) | ${buildMs.toFixed(0)} ms | ${size.toFixed(1)} MB | ${rate(buildMs, size)} |`);
    console.log(`| buildImageTarball, gzip level 1 | ${gzMs.toFixed(0)} ms | ${gzSize.toFixed(1)} MB | ${rate(gzMs, size)} |`);
    console.log(`| buildContainerTarball (export format) | ${exportMs.toFixed(0)} ms | ${(statSync(join(tmp, 'container.tar')).size / 1e6).toFixed(1)} MB | ${rate(exportMs, size)} |`);
    console.log(`| inspectTarball (all digests checked) | ${inspectMs.toFixed(0)} ms | ${size.toFixed(1)} MB | ${rate(inspectMs, size)} |`);
    console.log(`| docker save, same content (dockerd ${(await docker(['version', '--format', '{{.Server.Version}}'])).trim()}) | ${saveMs.toFixed(0)} ms | ${savedSize.toFixed(1)} MB | ${rate(saveMs, savedSize)} |`);
    console.log(`| peak RSS of this process | before builds ${rssBefore.toFixed(0)} MB | after all builds and inspects ${rssAfter.toFixed(0)} MB | |`);
  } finally {
    await run('docker', ['rmi', '-f', TAG, 'xrcl-bench/base:1'], { timeoutMs: 60_000 });
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
