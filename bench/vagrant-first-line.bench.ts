// `npm run bench:vagrant` (root; after `npm run build`): in Chromium through the web host, the
// time from a click on the Guide's "vagrant up" to the first lines reaching the page (its socket
// receiving the task log chunk): the app's own "$ vagrant up" line (bridge, task, PTY spawn), and
// vagrant's first line ("Bringing machine ...", which adds Ruby's start and the Vagrantfile).
// Real vagrant with the docker provider and a locally built sshd image, as in the e2e suite.
// BENCH_RUNS=N (default 5).
import { join } from 'node:path';
import { chromium, expect } from '@playwright/test';
import { buildSshdImage, removeImage } from '../tests/integration/support/sshd-image';
import { freeLabSubnet, removeDir, removeDockerLeftovers, tempDir, vagrantDockerProblem } from '../tests/integration/support/vagrant-itest-env';
import { runSync } from '../tests/lab/run-command';
import { seedVagrantGuide } from '../tests/support/vagrant-guide-seed';
import { startWebHost } from '../tests/support/web-host-process';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHROMIUM = process.env.XRCL_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (v: number[]): string => `${median(v).toFixed(0)} ms (min ${Math.min(...v).toFixed(0)}, max ${Math.max(...v).toFixed(0)})`;

async function main(): Promise<void> {
  const problem = vagrantDockerProblem();
  if (problem) throw new Error(`This bench ${problem}.`);
  const tag = `vg-bench/sshd:${process.pid}`;
  const prefix = `vg-bench-${process.pid}`;
  const vagrantHome = tempDir('vg-bench-vagrant-home-');
  const parent = tempDir('vg-bench-topology-');
  const topologyDir = join(parent, 'xr-topology');
  const link = freeLabSubnet();
  buildSshdImage(tag);
  const host = await startWebHost({ env: { VAGRANT_HOME: vagrantHome }, prepare: (d) => seedVagrantGuide(d, { topologyDir, docker: { link, image: tag, containerPrefix: prefix } }) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const echo: number[] = [];
  const first: number[] = [];
  try {
    const page = await browser.newPage();
    // What reaches the renderer: every frame the page's socket receives, with the time it came.
    const frames: { at: number; text: string }[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push({ at: performance.now(), text: String(f.payload) })));
    await page.goto(host.url);
    const card = (id: string) => page.locator(`[data-testid="step-card"][data-step-id="${id}"]`);
    const runStep = async (id: string): Promise<void> => {
      if ((await card(id).getAttribute('data-expanded')) !== 'true') await card(id).getByRole('button').first().click();
      await card(id).getByTestId('step-action').click();
      await expect(card(id)).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    };
    await runStep('vagrant-box');
    await runStep('vagrant-topology');
    for (let i = 0; i < RUNS; i++) {
      // A fresh page each run, so no earlier output is on screen.
      await page.reload();
      const up = card('vagrant-up');
      if ((await up.getAttribute('data-expanded')) !== 'true') await up.getByRole('button').first().click();
      const action = up.getByTestId('step-action');
      await action.scrollIntoViewIfNeeded();
      frames.length = 0;
      const t0 = performance.now();
      await action.click();
      const arrival = async (needle: string): Promise<number> => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const f = frames.find((x) => x.text.includes('task.log') && x.text.includes(needle));
          if (f) return f.at - t0;
          if (Date.now() > deadline) throw new Error(`"${needle}" did not reach the page within 60 s`);
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      echo.push(await arrival('$ vagrant up'));
      first.push(await arrival('Bringing machine'));
      await expect(up).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
    }
  } finally {
    await browser.close();
    await host.stop();
    runSync('vagrant', ['destroy', '-f'], { cwd: topologyDir, env: { ...process.env, VAGRANT_HOME: vagrantHome }, timeoutMs: 120_000 });
    removeDockerLeftovers(prefix, link.prefix);
    removeImage(tag);
    removeDir(parent);
    removeDir(vagrantHome);
  }
  console.log(`| figure | value | notes |\n|---|---|---|`);
  console.log(`| click "vagrant up" to the app's "$ vagrant up" line at the page | ${fmt(echo)} | Chromium, web host, median of ${RUNS}; the task log chunk received by the page's socket |`);
  console.log(`| click "vagrant up" to vagrant's first line ("Bringing machine ...") | ${fmt(first)} | the first run creates the containers; later runs find them running |`);
}

await main();
