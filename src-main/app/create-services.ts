// The composition root shared by the Electron app and the web host: it wires the services
// and returns the contract's handlers. It never imports 'electron'; the desktop layer passes
// in what only Electron has (its store class, safeStorage).
import { join } from 'node:path';
import type { Handlers } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { AppInfo, Settings } from '../../src-shared/types/app';
import { EventHub } from '../services/events/event-hub';
import { NoticeCenter } from '../services/notices/notice-center';
import { createKeyFileSealer, forgetPersistedSecrets } from '../services/secrets/key-file-sealer';
import { MemorySecretStore } from '../services/secrets/memory-secret-store';
import { SealedSecretStore } from '../services/secrets/sealed-secret-store';
import type { Sealer, SecretStore } from '../services/secrets/secret-store';
import { openStoreSafely, valueIn, type StoreFactory } from '../services/store/app-store';
import { DeliveryService } from '../services/delivery/delivery-service';
import { ImageBuildService } from '../services/images/image-build-service';
import { imageHandlers } from '../services/images/image-handlers';
import { RecentTarballs } from '../services/images/recent-tarballs';
import { tarballSteps } from '../services/wizard/steps/tarball-steps';
import { OnboardingService } from '../services/onboarding/onboarding-service';
import { PromptCenter } from '../services/prompts/prompt-center';
import { CommandRecorder } from '../services/transport/command-recorder';
import { containerHandlers } from '../services/containers/container-handlers';
import { ContainerService } from '../services/containers/container-service';
import { runbookHandlers } from '../services/runbook/runbook-handlers';
import { sessionHandlers } from '../services/sessions/session-handlers';
import { SessionService } from '../services/sessions/session-service';
import { promptHandlers } from '../services/prompts/prompt-handlers';
import { RouterAccess } from '../services/routers/router-access';
import { routerRegistryHandlers } from '../services/registry-trust/router-registry-handlers';
import { RouterRegistryService } from '../services/registry-trust/router-registry-service';
import { KnownHosts } from '../services/ssh/known-hosts';
import { SshPool } from '../services/ssh/ssh-pool';
import { registryHandlers } from '../services/registries/registry-handlers';
import { RegistryPushes } from '../services/registries/registry-push-task';
import { RegistryService } from '../services/registries/registry-service';
import { settingsHandlers } from '../services/store/settings-handlers';
import { targetHandlers } from '../services/targets/target-handlers';
import { TargetService } from '../services/targets/target-service';
import { SettingsService } from '../services/store/settings-service';
import { taskHandlers } from '../services/tasks/task-handlers';
import { TaskManager } from '../services/tasks/task-manager';
import { wizardSteps } from '../services/wizard/step-catalog';
import { routerSteps } from '../services/wizard/steps/router-steps';
import { registrySteps } from '../services/wizard/steps/registry-steps';
import { localRegistrySteps } from '../services/wizard/steps/local-registry-steps';
import { existingRegistrySteps } from '../services/wizard/steps/existing-registry-steps';
import { hubSteps } from '../services/wizard/steps/hub-steps';
import { ImageGuide, type ImageGuideState } from '../services/image-guide/image-guide';
import { imageGuideHandlers } from '../services/image-guide/image-guide-handlers';
import { addressCandidates, localAddresses } from '../services/registries/address-candidates';
import { containerSteps } from '../services/wizard/steps/container-steps';
import type { StepDefinition } from '../services/wizard/step-definition';
import { vagrantHandlers } from '../services/vagrant/vagrant-handlers';
import { VagrantService } from '../services/vagrant/vagrant-service';
import { TopologyRegistry } from '../services/vagrant/topology-registry';
import { vagrantSteps } from '../services/wizard/steps/vagrant-steps';
import { wizardHandlers } from '../services/wizard/wizard-handlers';
import { WizardService } from '../services/wizard/wizard-service';
import { appHandlers } from './app-handlers';
import { wireHandlers } from './wire-handlers';

export interface ShellAdapters {
  shell: AppInfo['shell'];
  version: string;
  dataDir: string;
  openStore: StoreFactory;
  /** The OS keychain (Electron safeStorage) when available. */
  keychainSealer?: Sealer | null;
  /** Tests may swap the step list (built from the app's own services when a function). */
  steps?: readonly StepDefinition[] | ((app: { containers: ContainerService }) => readonly StepDefinition[]);
}

export interface AppServices {
  hub: EventHub;
  settings: SettingsService;
  handlers: Handlers;
  tasks: TaskManager;
  /** Every command the app ran, for the runbook export. */
  recorder: CommandRecorder;
  registries: RegistryService;
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
  const keyFile = join(adapters.dataDir, 'secrets.key');
  const chooseSecretStore = (settings: Settings): SecretStore => {
    if (adapters.keychainSealer) return new SealedSecretStore(secretsValue, adapters.keychainSealer);
    if (settings.persistSecretsInWebHost) return new SealedSecretStore(secretsValue, createKeyFileSealer(keyFile));
    return new MemorySecretStore();
  };
  let secrets: SecretStore;
  const settings = new SettingsService(valueIn(store, 'settings'), (next, before) => {
    // Throws (and the setting stays as it was) when the key file is unsafe.
    secrets = chooseSecretStore(next);
    if (!adapters.keychainSealer && before.persistSecretsInWebHost && !next.persistSecretsInWebHost) {
      // Opting out means nothing of the secrets stays on disk: neither the sealed values nor the key.
      forgetPersistedSecrets(secretsValue, keyFile);
    }
  });
  try {
    secrets = chooseSecretStore(settings.get());
  } catch (err) {
    secrets = new MemorySecretStore();
    notices.add(
      'error',
      'Saved passwords are not available',
      `${err instanceof Error ? err.message : String(err)} Passwords are kept in memory only until this is fixed.` +
        (err instanceof AppError && err.fix ? ` Fix: ${err.fix}` : ''),
    );
  }

  const tasks = new TaskManager(hub);
  const targets = new TargetService(valueIn(store, 'targets'), () => secrets);
  const prompts = new PromptCenter((e) => (e.type === 'asked' ? hub.emit('prompt.asked', e.prompt) : hub.emit('prompt.settled', { id: e.id, outcome: e.outcome })));
  const knownHosts = new KnownHosts(join(adapters.dataDir, 'known_hosts'));
  const ssh = new SshPool({ knownHosts, prompts });
  const routers = new RouterAccess(targets, knownHosts, ssh);
  // Every command the app runs anywhere, for the runbook export.
  // Kept in the data folder, so an export covers every front door's commands (xrcl runs too).
  const recorder = new CommandRecorder(5000, join(adapters.dataDir, 'runbook', 'commands.jsonl'));
  const sessions = new SessionService(hub, routers, ssh);
  const containers = new ContainerService({ targets, routers, pool: ssh, tasks, recorder, prompts });
  const onboarding = new OnboardingService({ targets, routers, pool: ssh, prompts, tasks, recorder });
  const recentTarballs = new RecentTarballs();
  const delivery = new DeliveryService({ targets, routers, pool: ssh, tasks, recorder, prompts });
  const registries = new RegistryService({ value: valueIn(store, 'registries'), secrets: () => secrets, dataDir: adapters.dataDir, prompts });
  const builds = new ImageBuildService(tasks, recentTarballs, registries);
  const pushes = new RegistryPushes(registries, tasks);
  const vagrant = new VagrantService({
    tasks,
    targets,
    routers,
    prompts,
    recorder,
    sessions,
    registry: new TopologyRegistry(valueIn(store, 'vagrant')),
    guide: valueIn(store, 'vagrantGuide'),
    defaultFolder: join(adapters.dataDir, 'vagrant', 'xr-topology'),
  });
  const routerRegistries = new RouterRegistryService({ targets, routers, registries, tasks, recorder, prompts });
  const imageGuide = new ImageGuide(valueIn<ImageGuideState>(store, 'imageGuide'));
  const wizard = new WizardService({
    steps:
      typeof adapters.steps === 'function'
        ? adapters.steps({ containers })
        : (adapters.steps ?? [
            ...wizardSteps,
            ...vagrantSteps(vagrant),
            ...routerSteps({ targets, routers, onboarding, prompts, recorder }),
            // The image paths' own steps, after the router's: each ends where the container step starts.
            ...hubSteps({ routerRegistries, guide: imageGuide }),
            ...localRegistrySteps({ registries, pushes, guide: imageGuide, candidates: (target) => addressCandidates(localAddresses(), targets.get(target)), routerHost: (target) => targets.get(target).host }),
            ...existingRegistrySteps({ registries, routerRegistries, guide: imageGuide }),
            ...registrySteps({ routerRegistries, registries: () => registries.records(), guide: imageGuide }),
            ...tarballSteps({ delivery, recent: recentTarballs }),
            ...containerSteps({ containers }),
          ]),
    tasks,
    hub,
    store: valueIn(store, 'wizard'),
  });

  const appInfo = (): AppInfo => ({
    name: 'XR Container Lab',
    version: adapters.version,
    shell: adapters.shell,
    platform: process.platform,
    arch: process.arch,
    dataDir: adapters.dataDir,
    secretsPersistent: secrets.persistent,
  });
  // One group per domain, each written beside its service; later features add theirs here.
  const handlers = wireHandlers([
    appHandlers(appInfo, notices),
    settingsHandlers(settings),
    taskHandlers(tasks),
    wizardHandlers(wizard),
    targetHandlers(targets, routers, onboarding, recorder, prompts),
    promptHandlers(prompts),
    sessionHandlers(sessions),
    imageHandlers(builds, delivery, recentTarballs),
    registryHandlers(registries, pushes, targets),
    routerRegistryHandlers(routerRegistries),
    containerHandlers(containers, sessions),
    runbookHandlers(recorder, () => targets.list().flatMap((t) => targets.secretsOf(t.name))),
    vagrantHandlers(vagrant),
    imageGuideHandlers(imageGuide),
  ]);

  return {
    hub,
    settings,
    handlers,
    tasks,
    recorder,
    registries,
    secrets: () => secrets,
    dispose: () => {
      tasks.cancelAll();
      prompts.cancelAll();
      sessions.closeAll();
      ssh.closeAll();
    },
  };
}
