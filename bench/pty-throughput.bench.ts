// `npx tsx bench/pty-throughput.bench.ts`: how fast output gets from a program on a PTY to the
// runner's callback (MB/s, whole characters only), and how long from spawn to the first line.
// BENCH_RUNS=N sets the runs per figure (default 5), BENCH_MB the flood size (default 50).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runInPty } from '../src-main/services/vagrant/pty-stream';
import { findOnPath } from '../src-main/services/vagrant/vagrant-program';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MB = Number(process.env.BENCH_MB ?? 50);
const writer = path.join(import.meta.dirname, '..', 'src-main', 'services', 'vagrant', 'fixtures', 'pty-flood-writer.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xrcl-pty-bench-'));

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (v: number[], unit: string, digits = 1): string =>
  `${median(v).toFixed(digits)} ${unit} (min ${Math.min(...v).toFixed(digits)}, max ${Math.max(...v).toFixed(digits)})`;

async function throughput(): Promise<{ mbps: number; firstToLastMbps: number; intact: boolean }> {
  const copy = path.join(dir, 'flood.copy');
  const hash = createHash('sha256');
  let first = 0;
  let last = 0;
  const t0 = performance.now();
  const r = await runInPty({ file: process.execPath, args: [writer, copy, String(MB)], cwd: dir }, {
    onData: (t) => {
      const now = performance.now();
      if (first === 0) first = now;
      last = now;
      hash.update(t, 'utf8');
    },
  });
  const total = (performance.now() - t0) / 1000;
  const expected = createHash('sha256').update(Buffer.from(readFileSync(copy).toString('latin1').replace(/\n/g, '\r\n'), 'latin1')).digest('hex');
  const mb = r.bytes / (1024 * 1024);
  return { mbps: mb / total, firstToLastMbps: mb / ((last - first) / 1000), intact: hash.digest('hex') === expected };
}

async function firstLine(file: string, args: string[]): Promise<number> {
  const t0 = performance.now();
  let at = 0;
  let seen = '';
  await runInPty({ file, args, cwd: dir }, {
    onData: (t) => {
      seen += t;
      if (at === 0 && /\n/.test(seen)) at = performance.now() - t0;
    },
  });
  return at;
}

async function main(): Promise<void> {
  const mbps: number[] = [];
  const steady: number[] = [];
  let intact = true;
  for (let i = 0; i < RUNS; i++) {
    const r = await throughput();
    mbps.push(r.mbps);
    steady.push(r.firstToLastMbps);
    intact &&= r.intact;
  }
  const echo: number[] = [];
  const node: number[] = [];
  const vagrant: number[] = [];
  const vagrantPath = findOnPath('vagrant', process.env.PATH ?? '', process.platform);
  for (let i = 0; i < RUNS; i++) {
    echo.push(await firstLine('/bin/echo', ['ready']));
    node.push(await firstLine(process.execPath, ['-e', "console.log('ready')"]));
    if (vagrantPath) vagrant.push(await firstLine(vagrantPath, ['--version']));
  }
  console.log(`| figure | value | notes |`);
  console.log(`|---|---|---|`);
  console.log(`| PTY to callback, ${MB} MB of multi-byte lines | ${fmt(mbps, 'MB/s')} | spawn to exit; median of ${RUNS}; every run byte-identical (sha256): ${intact} |`);
  console.log(`| same, first byte to last | ${fmt(steady, 'MB/s')} | without process start-up |`);
  console.log(`| spawn to first line: /bin/echo | ${fmt(echo, 'ms')} | the PTY's own cost |`);
  console.log(`| spawn to first line: node -e | ${fmt(node, 'ms')} | |`);
  if (vagrantPath) console.log(`| spawn to first line: vagrant --version | ${fmt(vagrant, 'ms')} | Ruby start-up dominates |`);
  rmSync(dir, { recursive: true, force: true });
  if (!intact) process.exitCode = 1;
}

await main();
