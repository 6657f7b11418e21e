// `npm run bench:delivery` (as root: it starts a practice Vagrant router; builds dist first): tarball delivery
// figures for docs/benchmarks.md.
//  - peak memory of xrcl building, then sending, a 1 GiB image (goal < 200 MB);
//  - copy throughput of the app's SFTP copy against OpenSSH `scp` of the same file over the
//    same lab link (sshpass feeds scp the box's password);
//  - bytes sent and time to a loaded image when the router has the base: thin against full.
// BENCH_BIG_MB (default 1024), BENCH_MB (copy and thin figures, default 200), BENCH_RUNS (3).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildImageTarball } from '../src-main/services/images/image-builder';
import { labDown, labExec, labUp } from '../tests/lab/lab-api';
import { run } from '../tests/lab/run-command';
import { writeBusyboxImage } from '../tests/lab/test-images';
import { deliveryHarness } from '../tests/integration/support/delivery-harness';

const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 1024);
const MB = Number(process.env.BENCH_MB ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LAB = `dl-bench-${process.pid}`;

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const mbs = (bytes: number, ms: number): string => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

async function randomFile(path: string, mb: number): Promise<void> {
  const ws = createWriteStream(path);
  for (let i = 0; i < mb; i++) if (!ws.write(randomBytes(1 << 20))) await once(ws, 'drain');
  ws.end();
  await once(ws, 'finish');
}

async function onRouter(cmd: string): Promise<string> {
  const r = await labExec(LAB, ['bash', '-c', cmd], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  return r.stdout;
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'xrcl-bench-delivery-'));
  const lab = await labUp({ platform: 'vagrant', name: LAB, diskMb: BIG_MB + 400 });
  const h = await deliveryHarness(lab);
  try {
    const base = writeBusyboxImage(join(tmp, 'busybox.tar'), 'xrcl-bench/busybox:1').file;

    // 1. Memory: xrcl as a user runs it (the bundled command line, not this process), building
    // a BIG_MB image, then sending it; peak RSS of each process as GNU time reports it.
    await randomFile(join(tmp, 'big.bin'), BIG_MB);
    const home = mkdtempSync(join(tmpdir(), 'xrcl-bench-home-'));
    const shell0 = lab.endpoints.xrShell!;
    /** OpenSSH scp of the same file to the same place, as a user would run it. */
    const scpTime = async (file: string): Promise<number> => {
      const t = performance.now();
      const s = await run('sshpass', ['-e', 'scp', '-q', '-P', String(shell0.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', file, `${shell0.user}@${shell0.host}:/misc/app_host/scratch/scp.tar`], {
        env: { ...process.env, SSHPASS: shell0.password ?? '' } as Record<string, string>,
        timeoutMs: 600_000,
      });
      const ms = performance.now() - t;
      if (s.code !== 0) throw new Error(`scp: ${s.stderr}`);
      await onRouter('rm -f /misc/app_host/scratch/scp.tar');
      return ms;
    };
    const xrcl = async (args: string[], input?: string): Promise<{ rssMb: number; out: Record<string, unknown> }> => {
      const r = await run('/usr/bin/time', ['-f', 'XRCL_MAXRSS_KB=%M', process.execPath, 'dist/main/xrcl.js', ...args], {
        env: { ...process.env, XRCL_HOME: home } as Record<string, string>,
        input,
        timeoutMs: 1_200_000,
      });
      if (r.code !== 0) throw new Error(`xrcl ${args.join(' ')}: ${r.stderr}`);
      const kb = Number(/XRCL_MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
      return { rssMb: kb / 1024, out: r.stdout.trim().startsWith('{') ? (JSON.parse(r.stdout) as Record<string, unknown>) : {} };
    };
    await xrcl(['target', 'add', 'lab', '--platform', 'vagrant', '--host', lab.labAddress, '--user', shell0.user ?? 'vagrant', '--password-stdin'], shell0.password ?? '');
    const bigFile = join(tmp, 'big.tar');
    const built = await xrcl(['image', 'build', '--from', base, '--add', `${join(tmp, 'big.bin')}:/opt/big.bin`, '--tag', 'xrcl-bench/big:1', '-o', bigFile, '--json']);
    rmSync(join(tmp, 'big.bin'));
    const bigBytes = statSync(bigFile).size;
    const sent = await xrcl(['image', 'send', 'lab', bigFile, '--compress', 'none', '--accept-new', '--json']);
    const bigCopy = Number(sent.out.copySeconds) * 1000;
    await onRouter(`rm -f ${String(sent.out.remotePath)}`);
    const bigScp = await scpTime(bigFile);
    rmSync(bigFile);
    rmSync(home, { recursive: true, force: true });

    // 2. Throughput: the same MB file, app against scp, alternating.
    await randomFile(join(tmp, 'payload.bin'), MB);
    const img = await buildImageTarball({ base, add: [{ source: join(tmp, 'payload.bin'), dest: '/opt/payload.bin' }], tags: ['xrcl-bench/base:1'], output: join(tmp, 'base.tar') });
    const app: number[] = [];
    const copy: number[] = [];
    const scp: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await h.send({ file: img.file, action: 'copy', compression: 'none' });
      app.push(performance.now() - t);
      copy.push(r.copySeconds * 1000);
      await onRouter(`rm -f ${r.remotePath}`);
      scp.push(await scpTime(img.file));
    }
    const appMs = median(app);
    const copyMs = median(copy);
    const scpMs = median(scp);

    // 3. Thin against full, the base already on the router.
    await h.send({ file: img.file, action: 'load' });
    const thinRows: string[] = [];
    for (const mode of ['full', 'thin'] as const) {
      writeFileSync(join(tmp, `${mode}.txt`), `the ${mode} image\n`);
      const out = await buildImageTarball({ base: img.file, add: [{ source: join(tmp, `${mode}.txt`), dest: '/srv/app.txt' }], cmd: ['cat', '/srv/app.txt'], tags: [`xrcl-bench/${mode}:1`], output: join(tmp, `${mode}.tar`) });
      const t = performance.now();
      const r = await h.send({ file: out.file, action: 'load', thin: mode === 'thin' });
      const ms = performance.now() - t;
      const ran = await onRouter(`docker run --rm xrcl-bench/${mode}:1`);
      if (ran !== `the ${mode} image\n`) throw new Error(`${mode} image printed ${ran}`);
      thinRows.push(`| ${mode} tarball to a loaded image (${(out.bytes / 1e6).toFixed(1)} MB tarball) | ${(r.bytesSent / 1e6).toFixed(3)} MB sent | ${(ms / 1000).toFixed(2)} s | ${r.thin ? `${r.thin.layersSkipped} layers left out` : 'every layer sent'} |`);
    }

    console.log(`| figure | value | time | notes |`);
    console.log('|---|---|---|---|');
    console.log(`| peak RSS of \`xrcl image build\`, ${(bigBytes / 1e6).toFixed(0)} MB image | ${built.rssMb.toFixed(0)} MB | | GNU time's maximum resident set size |`);
    console.log(`| peak RSS of \`xrcl image send\`, same image | ${sent.rssMb.toFixed(0)} MB | copy ${(bigCopy / 1000).toFixed(1)} s (${mbs(bigBytes, bigCopy)}) | scp of the same file: ${(bigScp / 1000).toFixed(1)} s (${mbs(bigBytes, bigScp)}); time ratio ${(bigCopy / bigScp).toFixed(2)} |`);
    console.log(`| SFTP copy alone, ${(img.bytes / 1e6).toFixed(0)} MB (median of ${RUNS}) | ${mbs(img.bytes, copyMs)} | ${(copyMs / 1000).toFixed(2)} s | ratio to scp's time ${(copyMs / scpMs).toFixed(2)} |`);
    console.log(`| whole send without load (digest check here, df, copy, sha256sum there) | ${mbs(img.bytes, appMs)} | ${(appMs / 1000).toFixed(2)} s | ratio to scp's time ${(appMs / scpMs).toFixed(2)} |`);
    console.log(`| OpenSSH scp, same file, same link (median of ${RUNS}) | ${mbs(img.bytes, scpMs)} | ${(scpMs / 1000).toFixed(2)} s | |`);
    for (const row of thinRows) console.log(row);
  } finally {
    h.close();
    await labDown({ name: LAB }).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
