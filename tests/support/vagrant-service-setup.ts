// The Vagrant service on real parts (tasks, targets, sessions, prompts, known_hosts) with the
// settings store in memory, for the specs that need no vagrant run.
import path from 'node:path';
import { EventHub } from '../../src-main/services/events/event-hub';
import { PromptCenter } from '../../src-main/services/prompts/prompt-center';
import { RouterAccess } from '../../src-main/services/routers/router-access';
import { MemorySecretStore } from '../../src-main/services/secrets/memory-secret-store';
import { SessionService } from '../../src-main/services/sessions/session-service';
import { KnownHosts } from '../../src-main/services/ssh/known-hosts';
import { SshPool } from '../../src-main/services/ssh/ssh-pool';
import type { PersistentValue } from '../../src-main/services/store/app-store';
import { TargetService } from '../../src-main/services/targets/target-service';
import { TaskManager } from '../../src-main/services/tasks/task-manager';
import { CommandRecorder } from '../../src-main/services/transport/command-recorder';
import { TopologyRegistry } from '../../src-main/services/vagrant/topology-registry';
import { VagrantService } from '../../src-main/services/vagrant/vagrant-service';

export function memoryValue<T>(): PersistentValue<T> {
  let v: T | undefined;
  return { get: () => v, set: (x) => (v = structuredClone(x)) };
}

/** A Vagrant service whose files (known_hosts, the default topology folder) live under root. */
export function vagrantServiceIn(root: string) {
  const hub = new EventHub();
  const tasks = new TaskManager(hub);
  const targets = new TargetService(memoryValue(), () => new MemorySecretStore());
  const prompts = new PromptCenter(() => undefined);
  const knownHosts = new KnownHosts(path.join(root, 'known_hosts'));
  const pool = new SshPool({ knownHosts, prompts });
  const routers = new RouterAccess(targets, knownHosts, pool);
  const sessions = new SessionService(hub, routers, pool);
  const defaultFolder = path.join(root, 'data', 'vagrant', 'xr-topology');
  const vagrant = new VagrantService({ tasks, targets, routers, prompts, recorder: new CommandRecorder(), sessions, registry: new TopologyRegistry(memoryValue()), guide: memoryValue(), defaultFolder });
  return { hub, vagrant, tasks, targets, sessions, defaultFolder };
}
