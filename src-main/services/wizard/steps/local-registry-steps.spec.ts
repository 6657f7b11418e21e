import { describe, expect, it } from 'vitest';
import type { AddressCandidate, Registry, RegistryUpInput, RegistryView } from '../../../../src-shared/types/registries';
import { memoryValue } from '../../../../tests/support/vagrant-service-setup';
import { stepContext } from '../../../../tests/support/step-context';
import { ImageGuide, type ImageGuideState } from '../../image-guide/image-guide';
import type { PushRequest } from '../../registries/registry-push-task';
import { checkRegistryName } from '../../registries/registry-rules';
import { defaultCandidate } from '../../../../src-shared/registry-candidates';
import { guideRegistryName, localRegistrySteps } from './local-registry-steps';

const cand = (address: string, source: AddressCandidate['source'], listen = address): AddressCandidate => ({ address, source, label: address, tradeoff: `trade-off of ${address}`, listen, viewOnly: source === 'vagrant-nat' });
const LAB = [cand('192.168.1.20', 'interface'), cand('198.18.0.1', 'interface'), cand('127.0.0.1', 'loopback')];

function view(r: Partial<RegistryView> & Pick<RegistryView, 'name' | 'kind' | 'hostPort'>): RegistryView {
  const [host, port] = [r.hostPort.replace(/:\d+$/, ''), Number(r.hostPort.split(':').pop())];
  return {
    host, port, address: null, url: `http://${r.hostPort}`, caPem: null, user: null, hasPassword: false, createdAt: '2026-01-01',
    managed: { engine: 'binary', listen: host, folder: `/data/registries/${r.name}` }, state: 'running', stateDetail: 'pid 42, /v2/ answers',
    caFile: null, storage: `/data/registries/${r.name}/storage`, ...r,
  };
}

/** The registry manager and push client as far as the steps use them, recording the calls. */
function world(o: { registries?: RegistryView[]; candidates?: AddressCandidate[] } = {}) {
  const all = [...(o.registries ?? [])];
  const ups: RegistryUpInput[] = [];
  const pushes: PushRequest[] = [];
  const guide = new ImageGuide(memoryValue<ImageGuideState>());
  const steps = localRegistrySteps({
    registries: {
      list: async () => all,
      up: async (input) => {
        ups.push(input);
        const v = view({ name: input.name, kind: input.kind, hostPort: `${input.address}:${input.port}`, ...(input.kind === 'tls' ? { caFile: `/data/registries/${input.name}/certs/ca.crt` } : {}) });
        all.push(v);
        return v;
      },
      get: (name) => all.find((r) => r.name === name) as Registry,
    },
    pushes: {
      pushIn: async (req) => {
        pushes.push(req);
        return { repository: 'xrcl/busybox', tag: '1', digest: 'sha256:abc', blobsSent: 2, blobsSkipped: 0, blobsMounted: 0, bytesSent: 1000 };
      },
    },
    guide,
    candidates: () => o.candidates ?? LAB,
    routerHost: () => '198.18.0.7',
  });
  return { start: steps[0]!, push: steps[1]!, guide, ups, pushes };
}

describe("the Guide's local registry steps", () => {
  it('pick the address the router can reach: the Vagrant NAT view on the Vagrant path, the lab link on the lab path, never loopback', () => {
    const nat = cand('10.0.2.2', 'vagrant-nat', '127.0.0.1');
    expect(defaultCandidate(LAB, 'lab')?.address).toBe('198.18.0.1');
    expect(defaultCandidate([nat, ...LAB], 'vagrant')?.address).toBe('10.0.2.2');
    // A practice router with the vagrant platform is on the lab link, not behind VirtualBox NAT.
    expect(defaultCandidate([nat, ...LAB], 'lab')?.address).toBe('198.18.0.1');
    expect(defaultCandidate([cand('127.0.0.1', 'loopback')], 'physical')).toBeNull();
    // Another lab link (a docker bridge in 198.19/16) loses to the one on the router's subnet.
    const twoLinks = [cand('198.19.222.1', 'interface'), ...LAB];
    expect(defaultCandidate(twoLinks, 'lab', '198.18.0.7')?.address).toBe('198.18.0.1');
    expect(defaultCandidate(twoLinks, 'physical', '192.168.1.1')?.address).toBe('192.168.1.20');
    for (const [kind, address, port] of [['insecure', '198.18.0.1', 5000], ['tls', 'a-very-long-host-name.example.internal.corp', 65535]] as const) {
      expect(checkRegistryName(guideRegistryName(kind, address, port))).toMatch(new RegExp(`-${port}$`));
    }
  });

  it('start a registry of the path\'s kind at the lab address, listening where the candidate says, and remember it for the push', async () => {
    const w = world();
    const out = await w.start.run(stepContext({ imagePath: 'self-signed' }));
    expect(w.ups).toEqual([{ name: 'guide-tls-198-18-0-1-5443', kind: 'tls', address: '198.18.0.1', port: 5443, listen: '198.18.0.1' }]);
    expect(out).toMatchObject({ verdict: 'done', summary: 'guide-tls-198-18-0-1-5443 runs at 198.18.0.1:5443 (TLS with a self-signed certificate).' });
    expect(w.guide.registry('tls')).toBe('guide-tls-198-18-0-1-5443');

    w.guide.choose({ port: 5999 });
    await w.start.run(stepContext({ imagePath: 'insecure' }));
    expect(w.ups.at(-1)).toEqual({ name: 'guide-plain-198-18-0-1-5999', kind: 'insecure', address: '198.18.0.1', port: 5999, listen: '198.18.0.1' });
  });

  it('reuse a running registry of that kind at the chosen address instead of starting another', async () => {
    const w = world({ registries: [view({ name: 'lab', kind: 'insecure', hostPort: '198.18.0.1:5000' }), view({ name: 'other', kind: 'insecure', hostPort: '192.168.1.20:5000' })] });
    const ctx = stepContext({ imagePath: 'insecure' });
    const out = await w.start.run(ctx);
    expect(w.ups).toEqual([]);
    expect(out.summary).toBe('Using lab, already running at 198.18.0.1:5000 (plain HTTP).');
    expect(w.guide.registry('insecure')).toBe('lab');
    expect(ctx.logged()).toContain('lab already runs at 198.18.0.1:5000');
  });

  it('refuse a loopback-only computer or a loopback choice with the way forward', async () => {
    const only = world({ candidates: [cand('127.0.0.1', 'loopback')] });
    expect(await only.start.run(stepContext({ imagePath: 'insecure' }))).toMatchObject({ verdict: 'failed', summary: expect.stringContaining('only loopback') });
    const chosen = world();
    chosen.guide.choose({ address: '127.0.0.1' });
    expect(await chosen.start.run(stepContext({ imagePath: 'insecure' }))).toMatchObject({ verdict: 'failed', fix: expect.stringContaining('198.18.0.1') });
    expect(chosen.ups).toEqual([]);
  });

  it('push the chosen image to the registry the start step used, leaving HOST:PORT/REPOSITORY:TAG for the pull', async () => {
    const w = world();
    await expect(w.push.run(stepContext({ imagePath: 'insecure' }))).rejects.toMatchObject({ code: 'REGISTRY_NEEDED' });
    await w.start.run(stepContext({ imagePath: 'insecure' }));
    expect(await w.push.run(stepContext({ imagePath: 'insecure' }))).toMatchObject({ verdict: 'failed', summary: 'No image to push has been chosen yet.' });
    w.guide.choose({ source: '/home/me/busybox.tar', as: 'xrcl/busybox:1' });
    const out = await w.push.run(stepContext({ imagePath: 'insecure' }));
    expect(w.pushes).toEqual([{ name: 'guide-plain-198-18-0-1-5000', source: '/home/me/busybox.tar', as: 'xrcl/busybox:1' }]);
    expect(out).toMatchObject({ verdict: 'done', image: '198.18.0.1:5000/xrcl/busybox:1', summary: expect.stringContaining('2 blob(s) sent, 0 already there') });
  });

  it('show the manual commands of the chosen kind', () => {
    const { start } = world();
    const manual = (p: 'insecure' | 'self-signed') => (typeof start.manual === 'function' ? start.manual('lab', p) : start.manual).map((m) => m.command).join('\n');
    expect(manual('insecure')).toContain('registry:2');
    expect(manual('insecure')).not.toContain('openssl');
    expect(manual('self-signed')).toContain('subjectAltName = IP:ADDRESS');
    expect(manual('self-signed')).toContain('REGISTRY_HTTP_TLS_CERTIFICATE');
    const fromRouter = (path: 'vagrant' | 'lab') => (typeof start.manual === 'function' ? start.manual(path, 'insecure') : start.manual).find((m) => m.place === 'XR shell');
    expect(fromRouter('vagrant')).toMatchObject({ command: 'curl http://ADDRESS:PORT/v2/', note: expect.stringContaining('10.0.2.2') });
    expect(fromRouter('lab')?.note).not.toContain('10.0.2.2');
  });
});
