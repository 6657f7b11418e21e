import type { HandlerGroup } from '../../../src-shared/contract';
import type { RouterRegistryService } from './router-registry-service';

/** The contract's `routerRegistries.*` (trust, login) and `routerImages.*` (pull) methods. */
export function routerRegistryHandlers(svc: RouterRegistryService): HandlerGroup<'routerRegistries' | 'routerImages'> {
  return {
    'routerRegistries.trust': async (req) => ({ taskId: svc.startTrust(req).taskId }),
    'routerRegistries.trustResult': async ({ taskId }) => svc.trustResult(taskId),
    'routerRegistries.login': async (req) => ({ taskId: svc.startLogin(req).taskId }),
    'routerImages.pull': async (req) => ({ taskId: svc.startPull(req).taskId }),
    'routerImages.pullResult': async ({ taskId }) => svc.pullResult(taskId),
  };
}
