// `npm run bench`: figures for docs/benchmarks.md. Run after `npm run build` (the npm script does it).
// Prints a Markdown table; each figure is the median of several runs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startWebHost } from '../tests/support/web-host-process';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHROMIUM = process.env.XRCL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function bundleSize(): { rawKb: number; gzipKb: number } {
  const assets = files('dist/renderer').filter((f) => /\.(js|css|html)$/.test(f));
  let raw = 0;
  let gz = 0;
  for (const f of assets) {
    const data = readFileSync(f);
    raw += data.length;
    gz += gzipSync(data, { level: 9 }).length;
  }
  return { rawKb: raw / 1024, gzipKb: gz / 1024 };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function coldStartMs(): Promise<{ coldStart: number; idleRss: number }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const t0 = performance.now();
    const host = await startWebHost();
    const page = await browser.newPage();
    await page.goto(host.url);
    // Interactive: the first step's primary action is on screen and enabled.
    await page.getByRole('button', { name: 'Run checks' }).first().waitFor({ state: 'visible' });
    const coldStart = performance.now() - t0;
    await page.close();
    // Idle: the page is gone and nothing runs; let the heap settle by waiting for RSS to stop falling.
    let previous = rssMb(host.child.pid!);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const now = rssMb(host.child.pid!);
      if (Math.abs(now - previous) < 0.1) break;
      previous = now;
    }
    const idleRss = rssMb(host.child.pid!);
    await host.stop();
    return { coldStart, idleRss };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const starts: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await coldStartMs();
    starts.push(r.coldStart);
    rss.push(r.idleRss);
  }
  const size = bundleSize();
  const rows = [
    ['Web host cold start to an interactive wizard (process spawn to the "Run checks" button on screen)', `${median(starts).toFixed(0)} ms`, `median of ${RUNS}; min ${Math.min(...starts).toFixed(0)}, max ${Math.max(...starts).toFixed(0)}`],
    ['Renderer bundle (JS + CSS + HTML)', `${size.gzipKb.toFixed(1)} KB gzip`, `${size.rawKb.toFixed(1)} KB raw`],
    ['Main side memory at idle (web host RSS after the page closed)', `${median(rss).toFixed(1)} MB`, `median of ${RUNS}`],
  ];
  console.log('| figure | value | notes |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
