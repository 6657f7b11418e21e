import type { HandlerGroup } from '../../../src-shared/contract';
import type { OnboardingService } from '../onboarding/onboarding-service';
import type { PromptCenter } from '../prompts/prompt-center';
import type { CommandRecorder } from '../transport/command-recorder';
import type { RouterAccess } from '../routers/router-access';
import type { TargetService } from './target-service';

/** The contract's `targets.*` and `knownHosts.*` methods. */
export function targetHandlers(
  targets: TargetService,
  routers: RouterAccess,
  onboarding: OnboardingService,
  recorder: CommandRecorder,
  prompts: PromptCenter,
): HandlerGroup<'targets' | 'knownHosts'> {
  return {
    'targets.list': async () => targets.list(),
    'targets.add': async ({ target, password, shellPassword }) => targets.add(target, { password, shellPassword }),
    'targets.update': async ({ name, target, password, shellPassword }) => targets.update(name, target, { password, shellPassword }),
    'targets.remove': async ({ name }) => targets.remove(name),
    'targets.test': async ({ name, acceptNew }) => routers.test(name, { acceptNew }),
    'targets.onboard': async (req) => ({ taskId: onboarding.start(req).taskId }),
    'targets.exec': async ({ name, where, command, acceptNew }) => routers.exec(name, where, command, { acceptNew, recorder, prompts }),
    'targets.onboardingResult': async ({ name }) => onboarding.lastResult(name),
    'knownHosts.forget': async ({ name }) => routers.forgetHostKeys(name),
  };
}
