// `tsx bench/containers.bench.ts` (root: it starts a practice router): how long the container
// operations take through the app's services against a practice router (vagrant platform),
// with OpenSSH's `ssh … sudo -i docker run` of the same container as a ratio in the same run;
// and the runbook export of a long session. BENCH_RUNS=N sets the runs per figure (default 5).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Conf from 'conf';
import { createServices } from '../src-main/app/create-services';
import type { KeyValueStore } from '../src-main/services/store/app-store';
import { CommandRecorder } from '../src-main/services/transport/command-recorder';
import { runbookMarkdown } from '../src-main/services/runbook/runbook-markdown';
import { labDown, labUp } from '../tests/lab/lab-api';
import { removeKnownHosts, sshRun } from '../tests/lab/stock-clients';
import { loadBusybox } from '../tests/integration/support/container-images';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LAB = `ct-bench-${process.pid.toString(36)}`;
const IMAGE = 'ct/busybox:1';
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (v: number[]): string => `${median(v).toFixed(0)} ms (min ${Math.min(...v).toFixed(0)}, max ${Math.max(...v).toFixed(0)})`;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'xrcl-containers-bench-'));
  const lab = await labUp({ platform: 'vagrant', name: LAB });
  const app = createServices({ shell: 'web', version: 'bench', dataDir: home, openStore: (o) => new Conf(o) as unknown as KeyValueStore });
  try {
    await loadBusybox(LAB, join(home, 'busybox.tar'), IMAGE);
    const cli = lab.endpoints.xrCli!;
    await app.handlers['targets.add']({ target: { name: 'rtr', platform: 'vagrant', host: lab.labAddress, user: cli.user! }, password: cli.password! });
    await app.handlers['targets.test']({ name: 'rtr', acceptNew: true });
    const h = app.handlers;
    const run: number[] = [], check: number[] = [], list: number[] = [], shell: number[] = [], remove: number[] = [], stock: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      run.push(await time(() => h['containers.run']({ target: 'rtr', spec: { image: IMAGE, name: `b${i}` } })));
      check.push(await time(() => h['containers.check']({ target: 'rtr', name: `b${i}` })));
      list.push(await time(() => h['containers.list']({ target: 'rtr' })));
      shell.push(
        await time(async () => {
          let seen = '';
          const off = app.hub.on('session.data', (c) => (seen += c.data));
          const v = await h['containers.shell']({ target: 'rtr', name: `b${i}`, cols: 80, rows: 24 });
          await h['sessions.write']({ id: v.id, data: 'echo ready-$((1+1))\r' });
          while (!seen.includes('ready-2')) await new Promise((r) => setTimeout(r, 5));
          off();
          await h['sessions.close']({ id: v.id });
        }),
      );
      remove.push(await time(() => h['containers.remove']({ target: 'rtr', name: `b${i}` })));
      const ep = { host: lab.labAddress, port: 57722, user: cli.user, password: cli.password };
      stock.push(await time(() => sshRun(ep, `sudo -i docker run -itd --name s${i} -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add SYS_ADMIN ${IMAGE}`)));
      await sshRun(ep, `sudo -i docker rm -f s${i}`);
    }
    const recorder = new CommandRecorder(5000, join(home, 'journal.jsonl'));
    for (let i = 0; i < 5000; i++) {
      recorder.append({ place: 'XR shell', target: 'vagrant@198.18.0.2:57722', asRoot: true, command: `docker inspect c${i}`, exitStatus: 0, outputTail: 'x\n'.repeat(20), startedAt: new Date().toISOString(), durationMs: 1 });
    }
    const exportMs: number[] = [];
    for (let i = 0; i < RUNS; i++) exportMs.push(await time(async () => runbookMarkdown(recorder.list())));

    console.log(`| containers.run (name and image checks, VRF list, docker run) | ${ms(run)} | OpenSSH \`ssh … sudo -i docker run\` alone: ${ms(stock)}; ratio ${(median(run) / median(stock)).toFixed(2)} |`);
    console.log(`| containers.check (inspect, ip addr and ip route in the namespace) | ${ms(check)} | |`);
    console.log(`| containers.list | ${ms(list)} | |`);
    console.log(`| containers.shell to a typed command's answer | ${ms(shell)} | |`);
    console.log(`| containers.remove | ${ms(remove)} | |`);
    console.log(`| runbook export of 5000 recorded commands (read the journal, render) | ${ms(exportMs)} | |`);
  } finally {
    app.dispose();
    await labDown({ name: LAB }).catch(() => undefined);
    removeKnownHosts();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
