// The Guide's Docker Hub path: the router pulls a public image itself. Before the pull, the two
// things every Hub pull on XR needs are read on the router (a name server in global-vrf, a
// default route out); a missing one fails the step with the fix instead of a pull that hangs.
import type { RouterPullResult } from '../../../../src-shared/types/router-registries';
import type { ImageGuide } from '../../image-guide/image-guide';
import { IMAGE_GUIDE_DEFAULTS } from '../../image-guide/image-guide';
import type { HubReadiness } from '../../registry-trust/hub-readiness';
import type { TaskContext } from '../../tasks/task-manager';
import { guideTarget, type StepDefinition } from '../step-definition';

export interface HubStepDeps {
  routerRegistries: {
    hubReadinessIn(req: { target: string; nameServer?: string }, task: TaskContext): Promise<HubReadiness>;
    pullIn(req: { target: string; ref: string }, task: TaskContext): Promise<RouterPullResult>;
  };
  guide: Pick<ImageGuide, 'choices'>;
}

export function hubSteps(d: HubStepDeps): StepDefinition[] {
  return [
    {
      id: 'hub-pull',
      paths: 'all',
      needsRouter: true,
      imagePaths: ['hub'],
      title: 'Pull from Docker Hub',
      why:
        "The router's daemon pulls the image from Docker Hub itself: it needs a name server in global-vrf (the app adds the one you give) and a route out to the internet, both checked first.\n" +
        "It is done when the router's own docker images lists the image.",
      manual: [
        { place: 'XR shell', command: 'sudo -i' },
        { place: 'XR shell', command: 'cat /etc/netns/global-vrf/resolv.conf', note: 'needs a nameserver line, e.g. nameserver 8.8.8.8' },
        { place: 'XR shell', command: 'ip route show default', note: 'needs a default route; on 6.3.1+ tpa vrf default address-family ipv4 default-route mgmt in the XR CLI' },
        { place: 'XR shell', command: 'docker pull IMAGE' },
        { place: 'XR shell', command: 'docker images' },
      ],
      actionLabel: 'Check and pull',
      taskTitle: 'Pull the image from Docker Hub',
      async run(ctx) {
        const target = guideTarget(ctx);
        const { hubImage, hubNameServer } = d.guide.choices();
        const ref = hubImage ?? IMAGE_GUIDE_DEFAULTS.hubImage;
        ctx.progress(null, 'Checking the way out to Docker Hub');
        const ready = await d.routerRegistries.hubReadinessIn({ target, ...(hubNameServer ? { nameServer: hubNameServer } : {}) }, ctx);
        if (ready.problems.length > 0) {
          return {
            verdict: 'failed',
            summary: ready.problems.map((p) => p.summary).join(' '),
            fix: ready.problems.map((p) => p.fix).join(' '),
          };
        }
        ctx.log(`# global-vrf: name server ${ready.nameServers.join(', ')}; ${ready.defaultRoute}\r\n`);
        const r = await d.routerRegistries.pullIn({ target, ref }, ctx);
        return { verdict: 'done', summary: `${r.ref} is on ${target} (${r.id.slice(0, 19)}).`, image: r.ref };
      },
    },
  ];
}
