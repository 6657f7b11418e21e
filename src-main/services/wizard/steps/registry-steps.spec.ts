import { describe, expect, it } from 'vitest';
import type { Registry } from '../../../../src-shared/types/registries';
import type { RouterRegistryService } from '../../registry-trust/router-registry-service';
import { guideRegistry, registrySteps } from './registry-steps';

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
    const steps = registrySteps({ routerRegistries: {} as RouterRegistryService, registries: () => all });
    const trust = steps[0]!;
    const pull = steps[1]!;
    const manual = (imagePath: 'insecure' | 'self-signed') => (typeof trust.manual === 'function' ? trust.manual('lab', imagePath) : trust.manual).map((m) => m.command);
    expect(manual('insecure')).toContain('vi /etc/sysconfig/docker');
    expect(manual('self-signed')).toEqual(['mkdir -p /etc/docker/certs.d/HOST:PORT', 'vi /etc/docker/certs.d/HOST:PORT/ca.crt', 'vi /etc/netns/global-vrf/hosts']);
    expect(trust.imagePaths).toEqual(['insecure', 'self-signed']);
    const ctx = { router: { target: 'r1', newUser: 'cisco' }, imagePath: 'insecure', image: null } as unknown as Parameters<typeof pull.run>[0];
    await expect(pull.run(ctx)).rejects.toMatchObject({ code: 'IMAGE_NEEDED' });
  });
});
