// The composition root shared by the Electron app and the web host: it wires the services
// and returns the contract's handlers. It never imports 'electron'; the desktop layer passes
// in what only Electron has (its store class, safeStorage).
import { join } from 'node:path';
import type { Handlers } from '../../src-shared/contract';
import type { AppInfo, Settings } from '../../src-shared/types/app';
import { EventHub } from '../services/events/event-hub';
import { NoticeCenter } from '../services/notices/notice-center';
import { createKeyFileSealer } from '../services/secrets/key-file-sealer';
import { MemorySecretStore } from '../services/secrets/memory-secret-store';
import { SealedSecretStore } from '../services/secrets/sealed-secret-store';
import type { Sealer, SecretStore } from '../services/secrets/secret-store';
import { openStoreSafely, valueIn, type StoreFactory } from '../services/store/app-store';
import { SettingsService } from '../services/store/settings-service';
import { PromptCenter } from '../services/prompts/prompt-center';
import { RouterAccess } from '../services/routers/router-access';
import { KnownHosts } from '../services/ssh/known-hosts';
import { SshPool } from '../services/ssh/ssh-pool';
import { TargetService } from '../services/targets/target-service';
import { TaskManager } from '../services/tasks/task-manager';
import { wizardSteps } from '../services/wizard/step-catalog';
import type { StepDefinition } from '../services/wizard/step-definition';
import { WizardService } from '../services/wizard/wizard-service';

export interface ShellAdapters {
  shell: AppInfo['shell'];
  version: string;
  dataDir: string;
  openStore: StoreFactory;
  /** The OS keychain (Electron safeStorage) when available. */
  keychainSealer?: Sealer | null;
  /** Tests may swap the step list. */
  steps?: readonly StepDefinition[];
}

export interface AppServices {
  hub: EventHub;
  settings: SettingsService;
  handlers: Handlers;
  tasks: TaskManager;
  secrets: () => SecretStore;
  dispose(): void;
}

export function createServices(adapters: ShellAdapters): AppServices {
  const hub = new EventHub();
  const notices = new NoticeCenter(hub);
  const { store, quarantinedTo } = openStoreSafely(adapters.openStore, adapters.dataDir);
  if (quarantinedTo) {
    notices.add(
      'warning',
      'Settings were reset',
      `The settings file could not be read, so it was kept aside as ${quarantinedTo} and fresh settings were started. ` +
        'Your routers and tasks are unaffected; the wizard starts from the beginning.',
    );
  }

  const secretsValue = valueIn<Record<string, string>>(store, 'secrets');
  let secrets: SecretStore;
  const chooseSecretStore = (settings: Settings): SecretStore => {
    if (adapters.keychainSealer) return new SealedSecretStore(secretsValue, adapters.keychainSealer);
    if (settings.persistSecretsInWebHost) {
      return new SealedSecretStore(secretsValue, createKeyFileSealer(join(adapters.dataDir, 'secrets.key')));
    }
    return new MemorySecretStore();
  };
  const settings = new SettingsService(valueIn(store, 'settings'), (next) => {
    secrets = chooseSecretStore(next);
  });
  secrets = chooseSecretStore(settings.get());

  const tasks = new TaskManager(hub);
  const targets = new TargetService(valueIn(store, 'targets'), () => secrets);
  const prompts = new PromptCenter((e) => (e.type === 'asked' ? hub.emit('prompt.asked', e.prompt) : hub.emit('prompt.settled', { id: e.id, outcome: e.outcome })));
  const knownHosts = new KnownHosts(join(adapters.dataDir, 'known_hosts'));
  const ssh = new SshPool({ knownHosts, prompts });
  const routers = new RouterAccess(targets, knownHosts, ssh);
  const wizard = new WizardService({
    steps: adapters.steps ?? wizardSteps,
    tasks,
    hub,
    store: valueIn(store, 'wizard'),
  });

  const handlers: Handlers = {
    'app.info': async () => ({
      name: 'XR Container Lab',
      version: adapters.version,
      shell: adapters.shell,
      platform: process.platform,
      arch: process.arch,
      dataDir: adapters.dataDir,
      secretsPersistent: secrets.persistent,
    }),
    'app.notices': async () => notices.list(),
    'app.dismissNotice': async ({ id }) => notices.dismiss(id),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => settings.update(patch),
    'tasks.list': async () => tasks.list(),
    'tasks.log': async ({ id }) => tasks.logOf(id),
    'tasks.cancel': async ({ id }) => tasks.cancel(id),
    'tasks.clearFinished': async () => tasks.clearFinished(),
    'wizard.get': async () => wizard.view(),
    'wizard.dispatch': async (action) => wizard.dispatch(action),
    'wizard.runStep': async ({ stepId }) => wizard.runStep(stepId),
    'targets.list': async () => targets.list(),
    'targets.add': async ({ target, password, shellPassword }) => targets.add(target, { password, shellPassword }),
    'targets.update': async ({ name, target, password, shellPassword }) => targets.update(name, target, { password, shellPassword }),
    'targets.remove': async ({ name }) => targets.remove(name),
    'targets.test': async ({ name, acceptNew }) => routers.test(name, { acceptNew }),
    'knownHosts.forget': async ({ name }) => routers.forgetHostKeys(name),
    'prompts.pending': async () => prompts.pending(),
    'prompts.answer': async ({ id, value }) => prompts.answer(id, value),
    'prompts.cancel': async ({ id }) => prompts.cancel(id),
  };

  return {
    hub,
    settings,
    handlers,
    tasks,
    secrets: () => secrets,
    dispose: () => {
      tasks.cancelAll();
      prompts.cancelAll();
      ssh.closeAll();
    },
  };
}
