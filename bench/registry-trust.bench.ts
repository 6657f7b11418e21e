// `npm run -s bench:trust` (root: it starts practice routers and test
// registries): the time from "trust" to a proven pull on each platform, with the router's
// real delays (vagrant and ncs5500 restart the daemon by themselves 10-14 s after the save;
// certs.d reaches their host layer 5-10 s after it is placed; asr9k restarts when told).
// One insecure and one self-signed registry; each figure is one trust followed by one pull
// through the app's services, as the Guide runs them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { labDown, labUp } from '../tests/lab/lab-api';
import { writeBusyboxImage } from '../tests/lab/test-images';
import { startTestRegistry } from '../tests/lab/test-registry';
import { addLabRouter, addRegistryRecord, appEnv } from '../tests/integration/support/router-registry-env';

const PLATFORMS = ['vagrant', 'ncs5500', 'asr9k'] as const;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xrcl-trust-bench-'));
  const image = writeBusyboxImage(join(dir, 'busybox.tar'), 'xrcl/busybox:bench');
  const labs = PLATFORMS.map((p) => `rr-bench-${p}`);
  const [insecure, tls] = await Promise.all([startTestRegistry(), startTestRegistry({ tlsName: 'registry.xrcl.test' })]);
  const env = appEnv();
  const rows: string[] = [];
  try {
    await Promise.all([insecure.push(image.file, 'xrcl/busybox:bench'), tls.push(image.file, 'xrcl/busybox:bench')]);
    const up = await Promise.all(PLATFORMS.map((p, i) => labUp({ platform: p, name: labs[i], diskMb: 64 })));
    for (const [i, l] of up.entries()) await addLabRouter(env, l, PLATFORMS[i]);
    addRegistryRecord(env, 'plain', insecure, { kind: 'insecure' });
    addRegistryRecord(env, 'selfsigned', tls, { kind: 'tls' });
    const timed = async (registry: string, target: string, ref: string): Promise<string> => {
      const t0 = performance.now();
      const { taskId } = await env.call('routerRegistries.trust', { name: registry, target });
      await env.task(taskId);
      const trusted = performance.now() - t0;
      const pulled = await env.call('routerImages.pull', { target, ref });
      await env.task(pulled.taskId);
      const total = performance.now() - t0;
      return `${(total / 1000).toFixed(1)} s (trust proven after ${(trusted / 1000).toFixed(1)} s)`;
    };
    for (const p of PLATFORMS) {
      rows.push(`| ${p}, insecure | ${await timed('plain', p, `${insecure.address}/xrcl/busybox:bench`)} |`);
      rows.push(`| ${p}, self-signed | ${await timed('selfsigned', p, `${tls.address}/xrcl/busybox:bench`)} |`);
    }
  } finally {
    env.dispose();
    await Promise.all([insecure.stop(), tls.stop()]);
    await Promise.all(labs.map((name) => labDown({ name }).catch(() => undefined)));
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(['| platform, registry | trust to a proven pull |', '|---|---|', ...rows].join('\n'));
}

await main();
