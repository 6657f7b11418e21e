// `npm run bench:vagrant` (root; after `npm run build`): in Chromium through the web host, the
// time from a click on the Guide's "vagrant up" to the first line in the step's terminal — the
// app's own "$ vagrant up" line (the bridge, the task and the terminal), and vagrant's first line
// ("Bringing machine ...", which adds Ruby's start and the Vagrantfile). Real vagrant with the
// docker provider and a locally built sshd image, as in the e2e suite. BENCH_RUNS=N (default 5).
import { join } from 'node:path';
import { chromium } from '@playwright/test';
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

/** Runs in the page: clicks the step's action and times the first lines in its terminal. */
const MEASURE = `new Promise((resolve, reject) => {
  const card = document.querySelector('[data-testid="step-card"][data-step-id="vagrant-up"]');
  if ((card.textContent || '').includes('Bringing machine')) return reject(new Error('earlier output is still on screen'));
  let echo = 0;
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    const text = (card.querySelector('.xterm-rows') || {}).textContent || '';
    if (!echo && text.includes('$ vagrant up')) echo = performance.now() - t0;
    if (text.includes('Bringing machine')) {
      observer.disconnect();
      resolve({ echo, first: performance.now() - t0 });
    }
  });
  observer.observe(card, { subtree: true, childList: true, characterData: true });
  card.querySelector('[data-testid="step-action"]').click();
})`;

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
  const host = await startWebHost({ env: { VAGRANT_HOME: vagrantHome }, prepare: (d) => seedVagrantGuide(d, { topologyDir, link, image: tag, containerPrefix: prefix }) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const echo: number[] = [];
  const first: number[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(host.url);
    const card = (id: string) => page.locator(`[data-testid="step-card"][data-step-id="${id}"]`);
    const runStep = async (id: string): Promise<void> => {
      if ((await card(id).getAttribute('data-expanded')) !== 'true') await card(id).getByRole('button').first().click();
      await card(id).getByTestId('step-action').click();
      await page.waitForFunction(`document.querySelector('[data-step-id="${id}"]')?.getAttribute('data-status') === 'done'`, undefined, { timeout: 60_000 });
    };
    await runStep('vagrant-box');
    await runStep('vagrant-topology');
    for (let i = 0; i < RUNS; i++) {
      // A fresh page each run, so no earlier output is on screen.
      await page.reload();
      const up = card('vagrant-up');
      if ((await up.getAttribute('data-expanded')) !== 'true') await up.getByRole('button').first().click();
      await up.scrollIntoViewIfNeeded();
      const t = await page.evaluate<{ echo: number; first: number }>(MEASURE);
      echo.push(t.echo);
      first.push(t.first);
      await page.waitForFunction(`document.querySelector('[data-step-id="vagrant-up"]')?.getAttribute('data-status') === 'done'`, undefined, { timeout: 180_000 });
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
  console.log(`| click "vagrant up" to the app's "$ vagrant up" line in the step's terminal | ${fmt(echo)} | Chromium, web host, median of ${RUNS} |`);
  console.log(`| click "vagrant up" to vagrant's first line ("Bringing machine ...") | ${fmt(first)} | the first run creates the containers; later runs find them running |`);
}

await main();
