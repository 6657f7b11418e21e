// What the router-side registry suites share: the app's services in-process (the same
// composition root as the web host, with its command recorder), a lab router added as a target
// with its XR shell on, registry records as the registry store writes them, and tasks awaited.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import type { MethodName, ParamsOf, ResultOf } from '../../../src-shared/contract';
import { AppError } from '../../../src-shared/errors';
import type { Registry, RegistryKind } from '../../../src-shared/types/registries';
import type { TaskSnapshot } from '../../../src-shared/types/tasks';
import { createServices, type AppServices } from '../../../src-main/app/create-services';
import { createDispatcher } from '../../../src-main/bridge/dispatcher';
import type { KeyValueStore } from '../../../src-main/services/store/app-store';
import { labExec, type LabInfo } from '../../lab/lab-api';
import { HOST_ADDRESS } from '../../lab/lab-config';
import type { TestRegistry } from '../../lab/test-registry';
import { waitFor } from '../../support/wait-for';

export interface AppEnv {
  services: AppServices;
  store: KeyValueStore;
  dataDir: string;
  call<K extends MethodName>(name: K, ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]): Promise<ResultOf<K>>;
  /** Waits for a task; resolves with its snapshot, rejects with its error. */
  task(taskId: string): Promise<TaskSnapshot>;
  /** Every task's log and every command record, as one text (for leak checks). */
  everythingLogged(): Promise<string>;
  dispose(): void;
}

export function appEnv(): AppEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-rr-'));
  let store: KeyValueStore | null = null;
  const services = createServices({
    shell: 'web',
    version: 'test',
    dataDir,
    openStore: (o) => (store = new Conf(o) as unknown as KeyValueStore),
  });
  const dispatch = createDispatcher(services.handlers);
  const call = (async (name: MethodName, params?: unknown) => {
    const outcome = await dispatch(name, params);
    if (!outcome.ok) throw AppError.fromEnvelope(outcome.error);
    return outcome.value;
  }) as AppEnv['call'];
  const task = (taskId: string): Promise<TaskSnapshot> =>
    new Promise((resolve, reject) => {
      const finish = (t: TaskSnapshot): void => {
        off();
        if (t.state === 'succeeded') resolve(t);
        else reject(t.error ? AppError.fromEnvelope(t.error) : new Error(`${t.title} ${t.state}`));
      };
      const off = services.hub.on('task.updated', (t) => {
        if (t.id === taskId && t.state !== 'running') finish(t);
      });
      const now = services.tasks.get(taskId);
      if (now.state !== 'running') finish(now);
    });
  return {
    services,
    store: store!,
    dataDir,
    call,
    task,
    async everythingLogged() {
      const logs = services.tasks.list().map((t) => services.tasks.logOf(t.id));
      return [...logs, JSON.stringify(services.recorder.list()), JSON.stringify(services.tasks.list())].join('\n');
    },
    dispose() {
      services.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const SHELL_USER = 'cisco';
export const SHELL_PASSWORD = 'rr shell pass';

/**
 * The lab router as a target with its XR shell on. ncs5500/asr9k get the tutorial's onboarding
 * done directly as root in the lab (the onboarding suites test the app's own); host keys are
 * trusted on first use.
 */
export async function addLabRouter(env: AppEnv, lab: LabInfo, name = lab.name): Promise<void> {
  const cli = lab.endpoints.xrCli!;
  if (lab.platform !== 'vagrant') {
    const sh = (script: string, input?: string): Promise<unknown> =>
      labExec(lab.name, ['bash', '-c', script], input ? { input } : {}).then((r) => {
        if (r.code !== 0) throw new Error(`${script}: ${r.stderr}`);
      });
    await sh(`id ${SHELL_USER} >/dev/null 2>&1 || useradd -m -s /bin/bash -G sudo ${SHELL_USER}`);
    await sh('chpasswd', `${SHELL_USER}:${SHELL_PASSWORD}\n`);
    await sh("sed -i 's/^# *%sudo/%sudo/' /etc/sudoers && (service sshd_operns status | grep -q running || service sshd_operns start)");
  }
  const shell = lab.platform === 'vagrant' ? lab.endpoints.xrShell! : { user: SHELL_USER, password: SHELL_PASSWORD };
  await env.call('targets.add', {
    target: { name, platform: lab.platform as 'vagrant' | 'ncs5500' | 'asr9k', host: lab.labAddress, user: cli.user!, shellUser: shell.user! },
    password: cli.password!,
    shellPassword: shell.password!,
  });
  await waitFor(
    async () => {
      const t = await env.call('targets.test', { name, acceptNew: true });
      return Object.values(t.endpoints).every((e) => e.login === 'ok');
    },
    { timeoutMs: 30_000, intervalMs: 500, what: `${name}'s XR CLI and XR shell logins` },
  );
}

/** A registry record as the registry store writes it (settings key `registries`). */
export function addRegistryRecord(
  env: AppEnv,
  name: string,
  reg: TestRegistry,
  o: { kind: RegistryKind; user?: string; password?: string },
): Registry {
  const [host, port] = [reg.address.replace(/:\d+$/, ''), reg.port];
  const tls = reg.caCert !== null;
  const record: Registry = {
    name,
    kind: o.kind,
    hostPort: reg.address,
    host,
    port,
    address: host === HOST_ADDRESS ? null : HOST_ADDRESS,
    url: `${tls ? 'https' : 'http'}://${HOST_ADDRESS}:${port}`,
    caPem: reg.caCert,
    user: o.user ?? null,
    hasPassword: o.password !== undefined,
    createdAt: new Date().toISOString(),
  };
  const all = (env.store.get('registries') as Record<string, Registry> | undefined) ?? {};
  env.store.set('registries', { ...all, [name]: record });
  if (o.password !== undefined) env.services.secrets().set(`registry/${name}`, o.password);
  return record;
}
