// The Guide's steps on a physical router (and the practice lab's): reach its XR CLI, trusting
// its host key as a person would, then onboard it so docker answers over 57722.
import type { OnboardingService } from '../../onboarding/onboarding-service';
import { onboardingSteps } from '../../onboarding/onboarding-steps';
import type { PromptCenter } from '../../prompts/prompt-center';
import type { RouterAccess } from '../../routers/router-access';
import type { TargetService } from '../../targets/target-service';
import type { CommandRecorder } from '../../transport/command-recorder';
import { guideTarget, type StepDefinition } from '../step-definition';

export interface RouterStepDeps {
  targets: TargetService;
  routers: RouterAccess;
  onboarding: OnboardingService;
  prompts: PromptCenter;
  recorder: CommandRecorder;
}

export function routerSteps(d: RouterStepDeps): StepDefinition[] {
  return [
    {
      id: 'reach-cli',
      paths: ['physical', 'lab'],
      needsRouter: true,
      title: "Reach the router's XR CLI",
      why:
        "Everything starts on the XR CLI (port 22): the app logs in as you would, shows the router's host key for you to trust, and reads its version.\n" +
        'Port 57722 (the XR shell) is usually off on a new router; the next step turns it on.',
      manual: [
        { place: 'this computer', command: 'ssh USER@ROUTER', note: 'compare the key fingerprint with the router before answering yes' },
        { place: 'XR CLI', command: 'show version' },
      ],
      actionLabel: 'Connect',
      taskTitle: "Reach the router's XR CLI",
      async run(ctx) {
        const name = guideTarget(ctx);
        const target = d.targets.get(name);
        ctx.log(`# Logging in to ${name}'s XR CLI (${target.host}:${target.cliPort}). An unknown host key is shown to you before it is trusted.\r\n`);
        const r = await d.routers.exec(name, 'cli', 'show version', { recorder: d.recorder, prompts: d.prompts, task: ctx });
        const version = /Cisco IOS XR Software, Version (\d[\w.]*)/.exec(r.output)?.[1];
        return {
          verdict: 'done',
          summary: version ? `${name} answers: IOS XR ${version}.` : `${name}'s XR CLI answers.`,
        };
      },
    },
    {
      id: 'onboard',
      paths: ['physical', 'lab'],
      needsRouter: true,
      title: 'Open the XR shell for Docker',
      why:
        'Docker runs in the XR Linux shell on port 57722, which needs SSH keys, a sudo user and sshd_operns: the app does each step, and skips what is already in place.\n' +
        'It ends with docker ps over 57722 as the new user with sudo -i, as you will use it.',
      manual: onboardingSteps.filter((s) => s.platforms.includes('ncs5500')).flatMap((s) => s.manual),
      actionLabel: 'Onboard the router',
      taskTitle: 'Open the XR shell for Docker',
      async run(ctx) {
        const name = guideTarget(ctx);
        const newUser = ctx.router!.newUser;
        const stored = d.targets.get(name).shell?.user === newUser ? d.targets.password(name, 'shell') : undefined;
        const newPassword =
          stored ??
          (await d.prompts.ask(
            {
              kind: 'password',
              title: `Password for ${newUser}`,
              message: `Onboarding creates the user ${newUser} on ${name}'s XR shell (or uses it if it exists). Type the password it should have; it is kept in the secret store.`,
              device: name,
            },
            { signal: ctx.signal },
          ));
        const result = await d.onboarding.runIn({ name, newUser, newPassword, acceptNew: false }, ctx);
        const changed = result.steps.filter((s) => s.changed).length;
        return {
          verdict: 'done',
          summary: `docker ps answers over ${result.shell.port} as ${result.shell.user} with sudo -i. ${changed ? `${changed} of ${result.steps.length} steps changed something.` : 'Everything was already in place.'}`,
        };
      },
    },
  ];
}
