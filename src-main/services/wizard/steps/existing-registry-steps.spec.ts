import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Registry, RegistryAddInput, RegistryView } from '../../../../src-shared/types/registries';
import { memoryValue } from '../../../../tests/support/vagrant-service-setup';
import { stepContext } from '../../../../tests/support/step-context';
import { ImageGuide, type ImageGuideState } from '../../image-guide/image-guide';
import { existingRegistryName, existingRegistrySteps } from './existing-registry-steps';

const dir = mkdtempSync(join(tmpdir(), 'xrcl-existing-steps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function world() {
  const kept = new Map<string, Registry>();
  const calls: string[] = [];
  const guide = new ImageGuide(memoryValue<ImageGuideState>());
  const steps = existingRegistrySteps({
    guide,
    registries: {
      add: async (input: RegistryAddInput) => {
        calls.push(`add ${JSON.stringify(input)}`);
        const u = new URL(input.url);
        const r: Registry = { name: input.name, kind: 'existing', hostPort: u.host, host: u.hostname, port: Number(u.port), address: null, url: u.origin, caPem: input.caPem ?? null, user: input.user ?? null, hasPassword: !!input.user, createdAt: '2026-01-01' };
        kept.set(r.name, r);
        return { ...r, state: 'external', stateDetail: '', caFile: null, storage: null } satisfies RegistryView;
      },
      get: (name) => kept.get(name)!,
    },
    routerRegistries: {
      trustIn: async (req) => (calls.push(`trust ${req.name} on ${req.target}`), { registry: req.name, target: req.target, hostPort: 'x', changed: true, restarted: false, proof: 'TLS handshake', steps: [] }),
      loginIn: async (req) => void calls.push(`login ${req.name} on ${req.target}`),
    },
  });
  return { check: steps[0]!, login: steps[1]!, guide, calls };
}

describe("the Guide's own-registry steps", () => {
  it('name the registry after its host, in the registry-name grammar', () => {
    expect(existingRegistryName('https://Registry.Corp.Example:5000')).toBe('registry-corp-example');
    expect(existingRegistryName('https://[fd00::1]:5000')).toBe('fd00-1');
  });

  it('check the registry with its login and your CA, then install the CA on the router before logging its Docker in', async () => {
    const w = world();
    expect(await w.check.run(stepContext({ imagePath: 'ca-registry' }))).toMatchObject({ verdict: 'failed', fix: expect.stringContaining('https://HOST:PORT') });
    await expect(w.login.run(stepContext({ imagePath: 'ca-registry' }))).rejects.toMatchObject({ code: 'REGISTRY_NEEDED' });

    const ca = join(dir, 'ca.crt');
    writeFileSync(ca, PEM);
    w.guide.choose({ existingUrl: 'https://registry.corp.example:5000', existingUser: 'ci', existingCaFile: ca });
    const checked = await w.check.run(stepContext({ imagePath: 'ca-registry' }));
    expect(checked).toMatchObject({ verdict: 'done', summary: 'registry.corp.example:5000 answers to ci; kept as registry-corp-example, its password in the secret store.' });
    expect(w.calls).toEqual([`add ${JSON.stringify({ name: 'registry-corp-example', url: 'https://registry.corp.example:5000', user: 'ci', caPem: PEM })}`]);

    const logged = await w.login.run(stepContext({ imagePath: 'ca-registry', target: 'ncs5508' }));
    expect(w.calls.slice(1)).toEqual(['trust registry-corp-example on ncs5508', 'login registry-corp-example on ncs5508']);
    expect(logged.summary).toBe('The docker daemon on ncs5508 is logged in to registry.corp.example:5000 as ci.');
  });

  it('refuse a CA file that holds no certificate before anything is kept', async () => {
    const w = world();
    const bad = join(dir, 'not-a-ca.txt');
    writeFileSync(bad, 'hello');
    w.guide.choose({ existingUrl: 'https://registry.corp.example:5000', existingCaFile: bad });
    await expect(w.check.run(stepContext({ imagePath: 'ca-registry' }))).rejects.toThrow(/holds no PEM certificate/);
    expect(w.calls).toEqual([]);
  });
});
