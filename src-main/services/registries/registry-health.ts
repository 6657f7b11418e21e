import type { Registry } from '../../../src-shared/types/registries';
import { RegistryHttp } from './registry-http';

/** GET /v2/ without a login: 200, or 401 from a registry that wants one, both mean it serves. */
export async function registryHealth(r: Pick<Registry, 'name' | 'url' | 'caPem'>): Promise<{ ok: boolean; detail: string }> {
  const http = new RegistryHttp({ name: r.name, url: r.url, caPem: r.caPem });
  try {
    const res = await http.request('GET', '/v2/', { ok: [200, 401] });
    await res.body.dump();
    return { ok: true, detail: `answers on ${r.url}/v2/` };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  } finally {
    await http.close();
  }
}
