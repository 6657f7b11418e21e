import type { HandlerGroup } from '../../../src-shared/contract';
import type { RouterAccess } from '../routers/router-access';
import type { TargetService } from './target-service';

/** The contract's `targets.*` and `knownHosts.*` methods. */
export function targetHandlers(targets: TargetService, routers: RouterAccess): HandlerGroup<'targets' | 'knownHosts'> {
  return {
    'targets.list': async () => targets.list(),
    'targets.add': async ({ target, password, shellPassword }) => targets.add(target, { password, shellPassword }),
    'targets.update': async ({ name, target, password, shellPassword }) => targets.update(name, target, { password, shellPassword }),
    'targets.remove': async ({ name }) => targets.remove(name),
    'targets.test': async ({ name, acceptNew }) => routers.test(name, { acceptNew }),
    'knownHosts.forget': async ({ name }) => routers.forgetHostKeys(name),
  };
}
