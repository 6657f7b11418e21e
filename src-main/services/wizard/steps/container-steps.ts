// The Guide's last step, whichever way the image reached the router: run a container from it
// with the global-vrf namespace mounted and SYS_ADMIN, then prove from inside the container
// that it sees the router's interfaces. Ends green only when it does.
import { AppError } from '../../../../src-shared/errors';
import type { ContainerService } from '../../containers/container-service';
import { mountOption } from '../../containers/network-check';
import { renderRun } from '../../containers/run-spec';
import type { StepContext, StepDefinition } from '../step-definition';

export interface ContainerStepDeps {
  containers: ContainerService;
}

/** A container name from the image: its last path part, in docker's name grammar. */
export function containerNameFor(image: string): string {
  const last = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '').split('/').pop() ?? '';
  const name = last.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
  return name.length >= 2 ? name.slice(0, 64) : 'xr-app';
}

export function containerSteps(d: ContainerStepDeps): StepDefinition[] {
  return [
    {
      id: 'run-container',
      paths: ['physical', 'lab'],
      needsRouter: true,
      imagePaths: 'all',
      title: "Run the container and reach the router's network",
      why:
        'A container sees the router\'s interfaces only through its network namespace: the app mounts /var/run/netns/global-vrf and adds SYS_ADMIN, as the tutorial does.\n' +
        "Then it runs ip netns exec global-vrf ip addr inside the container: green when the router's own addresses show.",
      manual: [
        { place: 'XR shell', command: 'sudo -i', note: 'docker needs root and its environment' },
        { place: 'XR shell', command: renderRun({ image: 'IMAGE', name: 'NAME' }) },
        { place: 'XR shell', command: 'docker exec -it NAME ip netns exec global-vrf ip addr', note: "the router's interfaces, e.g. Mg0_RP0_CPU0_0" },
      ],
      actionLabel: 'Run and check',
      taskTitle: "Run the container and check it reaches the router's network",
      async run(ctx: StepContext) {
        if (!ctx.router) throw new AppError('Choose the router to work on first.', { code: 'ROUTER_NEEDED' });
        const target = ctx.router.target;
        if (!ctx.image) {
          return {
            verdict: 'attention',
            summary: 'No image has reached the router yet.',
            fix: 'Finish the step before this one: it brings the image to the router, and this step runs it.',
          };
        }
        const image = ctx.image;
        const name = containerNameFor(image);
        const existing = (await d.containers.list(target, ctx)).find((c) => c.name === name);
        if (existing && existing.image !== image) {
          return {
            verdict: 'attention',
            summary: `A container named ${name} already runs ${existing.image} on ${target}; it was left as it is.`,
            fix: `Remove it (Containers page, or docker rm -f ${name}) if it is no longer needed, then run this step again.`,
          };
        }
        if (!existing) {
          const r = await d.containers.run(target, { image, name }, ctx);
          ctx.log(`# ${name} started (${r.id.slice(0, 12)}).\r\n`);
        } else if (existing.state !== 'running') {
          await d.containers.lifecycle(target, name, 'start', ctx);
        } else {
          ctx.log(`# ${name} already runs ${image}; checking it.\r\n`);
        }
        const check = await d.containers.check(target, name, 'global-vrf', ctx);
        if (!check.reachesRouterNetwork) {
          return {
            verdict: 'failed',
            summary: `${name} runs, but does not reach the router's network${check.error ? `: ${check.error}` : '.'}`,
            fix: check.missing.length
              ? `Run it again with ${check.missing.join(' and ')}: remove it on the Containers page, then run this step again.`
              : `Mount the namespace (${mountOption('global-vrf')}) and add SYS_ADMIN; the image needs ip (iproute2) or busybox's nsenter.`,
          };
        }
        const addresses = check.interfaces.filter((i) => i.name !== 'lo').flatMap((i) => i.addresses.filter((a) => !a.startsWith('fe80:')).map((a) => `${i.name} ${a}`));
        return {
          verdict: 'done',
          summary: `Container ${name} running and reaching the router's network: it sees ${addresses.slice(0, 3).join(', ')}.`,
        };
      },
    },
  ];
}
