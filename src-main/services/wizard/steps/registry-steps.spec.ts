import { describe, expect, it } from 'vitest';
import type { Registry } from '../../../../src-shared/types/registries';
import { memoryValue } from '../../../../tests/support/vagrant-service-setup';
import { stepContext } from '../../../../tests/support/step-context';
import { ImageGuide, type ImageGuideState } from '../../image-guide/image-guide';
import type { RouterRegistryService } from '../../registry-trust/router-registry-service';
import { existingImageRef, guideRegistry, registrySteps } from './registry-steps';

const reg = (name: string, kind: Registry['kind'], hostPort: string, createdAt: string): Registry => ({
  name, kind, hostPort, host: hostPort.split(':')[0]!, port: Number(hostPort.split(':')[1]), address: null,
  url: `http://${hostPort}`, caPem: null, user: null, hasPassword: false, createdAt,
});
const all = [reg('new-plain', 'insecure', '198.18.0.1:5001', '2026-02'), reg('old-plain', 'insecure', '198.18.0.1:5000', '2026-01'), reg('tls', 'tls', 'registry.xrcl.test:5443', '2026-01')];

describe('the Guide registry steps', () => {
  it('use the registry the image was pushed to, else the newest of the path\'s kind', () => {
    expect(guideRegistry(all, 'insecure', '198.18.0.1:5000/xrcl/app:1').name).toBe('old-plain');
    expect(guideRegistry(all, 'insecure', null).name).toBe('new-plain');
    expect(guideRegistry(all, 'self-signed', null).name).toBe('tls');
    expect(() => guideRegistry([], 'self-signed', null)).toThrow(/no self-signed \(TLS\) registry yet/);
  });

  it('show the manual commands of the chosen path, and refuse to pull before an image was pushed', async () => {
    const steps = registrySteps({ routerRegistries: {} as RouterRegistryService, registries: () => all, guide: new ImageGuide(memoryValue()) });
    const trust = steps[0]!;
    const pull = steps[1]!;
    const manual = (imagePath: 'insecure' | 'self-signed') => (typeof trust.manual === 'function' ? trust.manual('lab', imagePath) : trust.manual).map((m) => m.command);
    expect(manual('insecure')).toContain('vi /etc/sysconfig/docker');
    expect(manual('self-signed')).toEqual(['mkdir -p /etc/docker/certs.d/HOST:PORT', 'vi /etc/docker/certs.d/HOST:PORT/ca.crt', 'vi /etc/netns/global-vrf/hosts']);
    expect(trust.imagePaths).toEqual(['insecure', 'self-signed']);
    const ctx = { router: { target: 'r1', newUser: 'cisco' }, imagePath: 'insecure', image: null } as unknown as Parameters<typeof pull.run>[0];
    await expect(pull.run(ctx)).rejects.toMatchObject({ code: 'IMAGE_NEEDED' });
  });

  it('pull from your own registry the image you named, qualified with its host:port, and nothing from elsewhere', async () => {
    const corp = { ...reg('registry-corp-example', 'existing', 'registry.corp.example:5000', '2026-03'), url: 'https://registry.corp.example:5000', user: 'ci', hasPassword: true };
    expect(existingImageRef(corp, 'team/app:1')).toBe('registry.corp.example:5000/team/app:1');
    expect(existingImageRef(corp, 'registry.corp.example:5000/team/app:1')).toBe('registry.corp.example:5000/team/app:1');
    expect(() => existingImageRef(corp, 'other.example:5000/team/app:1')).toThrow(/not on your registry registry.corp.example:5000/);
    expect(() => existingImageRef(corp, undefined)).toThrow(expect.objectContaining({ code: 'IMAGE_NEEDED' }));
    expect(() => existingImageRef(corp, 'team/app;rm -rf /')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));

    const guide = new ImageGuide(memoryValue<ImageGuideState>());
    const pulls: { target: string; ref: string }[] = [];
    const routerRegistries = { pullIn: async (req: { target: string; ref: string }) => (pulls.push(req), { ...req, id: 'sha256:0123456789abcdef0123' }) } as unknown as RouterRegistryService;
    const pull = registrySteps({ routerRegistries, registries: () => [...all, corp], guide })[1]!;
    expect(pull.imagePaths).toEqual(['insecure', 'self-signed', 'ca-registry']);
    await expect(pull.run(stepContext({ imagePath: 'ca-registry' }))).rejects.toMatchObject({ code: 'REGISTRY_NEEDED' });
    guide.useRegistry('existing', corp.name);
    guide.choose({ existingImage: 'team/app:1' });
    const out = await pull.run(stepContext({ imagePath: 'ca-registry' }));
    expect(pulls).toEqual([{ target: 'r1', ref: 'registry.corp.example:5000/team/app:1' }]);
    expect(out).toMatchObject({ verdict: 'done', image: 'registry.corp.example:5000/team/app:1' });
  });
});
