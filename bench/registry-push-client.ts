// One push by the app's client, as its own process so its peak memory is its own: prints
// {"ms", "maxRssMb", "result"} on stdout. Used by registry-push.bench.ts.
import { RegistryHttp } from '../src-main/services/registries/registry-http';
import { pushTarball } from '../src-main/services/registries/registry-push';

const [url, file, as] = process.argv.slice(2) as [string, string, string];
const http = new RegistryHttp({ name: 'bench', url });
// What the process holds before the push (Node, tsx, the modules): the push's own cost is the rest.
const baseRssMb = process.memoryUsage().rss / 1024 / 1024;
const start = performance.now();
const result = await pushTarball(http, file, { as });
const ms = performance.now() - start;
await http.close();
console.log(JSON.stringify({ ms, baseRssMb, maxRssMb: process.resourceUsage().maxRSS / 1024, result }));
