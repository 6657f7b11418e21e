import type { HandlerGroup } from '../../../src-shared/contract';
import type { TargetService } from '../targets/target-service';
import { addressCandidates, localAddresses } from './address-candidates';
import { deleteTag, listRepositories, listTags } from './registry-browser';
import type { RegistryPushes } from './registry-push-task';
import type { RegistryService } from './registry-service';

/** The contract's `registries.*` methods. */
export function registryHandlers(registries: RegistryService, pushes: RegistryPushes, targets: TargetService): HandlerGroup<'registries'> {
  const withHttp = async <T>(name: string, fn: (http: ReturnType<RegistryService['http']>) => Promise<T>): Promise<T> => {
    const http = registries.http(name);
    try {
      return await fn(http);
    } finally {
      await http.close();
    }
  };
  return {
    'registries.list': async () => registries.list(),
    'registries.up': async (input) => registries.up(input),
    'registries.down': async ({ name }) => registries.down(name),
    'registries.remove': async ({ name }) => registries.remove(name),
    'registries.add': async ({ registry, password }) => registries.add(registry, password),
    'registries.candidates': async ({ target } = {}) => addressCandidates(localAddresses(), target ? targets.get(target) : null),
    'registries.repositories': async ({ name }) => withHttp(name, (http) => listRepositories(http)),
    'registries.tags': async ({ name, repository }) => withHttp(name, (http) => listTags(http, repository)),
    'registries.deleteTag': async ({ name, repository, tag }) => withHttp(name, (http) => deleteTag(http, repository, tag)),
    'registries.push': async (req) => ({ taskId: pushes.start(req).taskId }),
    'registries.pushResult': async ({ taskId }) => pushes.result(taskId),
    'registries.engineImages': async () => pushes.engineImages(),
  };
}
