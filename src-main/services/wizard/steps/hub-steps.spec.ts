import { describe, expect, it } from 'vitest';
import { memoryValue } from '../../../../tests/support/vagrant-service-setup';
import { stepContext } from '../../../../tests/support/step-context';
import { ImageGuide, type ImageGuideState } from '../../image-guide/image-guide';
import { hubReadiness } from '../../registry-trust/hub-readiness';
import { hubSteps } from './hub-steps';

function world(router: { resolvConf: string; defaultRoutes: string }) {
  const pulls: string[] = [];
  const asked: (string | undefined)[] = [];
  const guide = new ImageGuide(memoryValue<ImageGuideState>());
  const [step] = hubSteps({
    guide,
    routerRegistries: {
      hubReadinessIn: async ({ target, nameServer }) => (asked.push(nameServer), hubReadiness({ ...router, target })),
      pullIn: async ({ target, ref }) => (pulls.push(ref), { target, ref, id: 'sha256:0123456789abcdef0123' }),
    },
  });
  return { step: step!, pulls, guide, asked };
}

describe("the Guide's Docker Hub step", () => {
  it('does not pull when global-vrf has no name server or no route out, and names both fixes', async () => {
    const w = world({ resolvConf: '# none\n', defaultRoutes: '' });
    const out = await w.step.run(stepContext({ imagePath: 'hub' }));
    expect(w.pulls).toEqual([]);
    expect(out.verdict).toBe('failed');
    expect(out.summary).toContain('r1 has no name server in global-vrf');
    expect(out.summary).toContain('no default route');
    expect(out.fix).toContain('nameserver 8.8.8.8');
    expect(out.fix).toContain('default-route mgmt');
  });

  it('pulls busybox:latest by default, or the image the user chose, and leaves it for the container step', async () => {
    const w = world({ resolvConf: 'nameserver 8.8.8.8\n', defaultRoutes: 'default dev fwdintf scope link src 10.0.2.15\n' });
    expect(await w.step.run(stepContext({ imagePath: 'hub' }))).toMatchObject({ verdict: 'done', image: 'busybox:latest' });
    w.guide.choose({ hubImage: 'alpine:3.19' });
    expect(await w.step.run(stepContext({ imagePath: 'hub' }))).toMatchObject({ verdict: 'done', image: 'alpine:3.19' });
    expect(w.pulls).toEqual(['busybox:latest', 'alpine:3.19']);
    // The name server the user gave goes to the router's check, which adds it.
    w.guide.choose({ hubNameServer: '9.9.9.9' });
    await w.step.run(stepContext({ imagePath: 'hub' }));
    expect(w.asked).toEqual([undefined, undefined, '9.9.9.9']);
    expect(() => w.guide.choose({ hubNameServer: 'dns.example.com' })).toThrow(/not the IP address of a name server/);
    expect(() => w.guide.choose({ hubImage: '198.18.0.1:5000/xrcl/app:1' })).toThrow(/not Docker Hub/);
  });
});
