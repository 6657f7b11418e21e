// Every contract method, called the way a hostile or broken page could call it: each must be
// refused with INVALID_PARAMS naming the method and the field, before any handler runs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, describe, expect, it } from 'vitest';
import { methodNames, type MethodName } from '../../src-shared/contract';
import { createServices } from '../app/create-services';
import type { KeyValueStore } from '../services/store/app-store';
import type { StepDefinition } from '../services/wizard/step-definition';
import { createDispatcher } from './dispatcher';

const openStore = (o: ConstructorParameters<typeof Conf>[0]) => new Conf(o) as unknown as KeyValueStore;
const steps: StepDefinition[] = ['first', 'second'].map((id) => ({
  id,
  paths: 'all',
  title: id,
  why: 'why',
  manual: [],
  actionLabel: 'Go',
  taskTitle: id,
  run: async () => ({ verdict: 'done', summary: 'ok' }),
}));

/** Where the sample `vagrant.init` writes its files (removed after the suite). */
const sampleTopologyDir = mkdtempSync(join(tmpdir(), 'xrcl-dispatch-topology-'));
afterAll(() => rmSync(sampleTopologyDir, { recursive: true, force: true }));

/** A well-formed call per method; the malformed ones are built from it. */
const valid: Record<MethodName, unknown> = {
  'app.info': undefined,
  'app.notices': undefined,
  'app.dismissNotice': { id: 'n-1' },
  'settings.get': undefined,
  'settings.update': { theme: 'dark' },
  'tasks.list': undefined,
  'tasks.log': { id: 'task-1' },
  'tasks.cancel': { id: 'task-1' },
  'tasks.clearFinished': undefined,
  'wizard.get': undefined,
  'wizard.dispatch': { type: 'select', stepId: 'first' },
  'wizard.runStep': { stepId: 'first' },
  'targets.list': undefined,
  'targets.add': { target: { name: 'r1', platform: 'ncs5500', host: '198.18.0.10', user: 'root' }, password: 'pw' },
  'targets.update': { name: 'r1', target: { name: 'r1', platform: 'ncs5500', host: '198.18.0.11', user: 'root' } },
  'targets.remove': { name: 'no-such-router' },
  'targets.test': { name: 'no-such-router' },
  'targets.onboard': { name: 'no-such-router', newUser: 'cisco', newPassword: 'pw' },
  'targets.onboardingResult': { name: 'no-such-router' },
  'targets.exec': { name: 'no-such-router', where: 'cli', command: 'show version' },
  'knownHosts.forget': { name: 'no-such-router' },
  'sessions.open': { name: 'no-such-router', endpoint: 'cli', cols: 80, rows: 24 },
  'sessions.list': undefined,
  'sessions.history': { id: 's-1' },
  'sessions.write': { id: 's-1', data: 'show version\r' },
  'sessions.resize': { id: 's-1', cols: 100, rows: 30 },
  'sessions.close': { id: 's-1' },
  'routerRegistries.trust': { name: 'no-such-registry', target: 'no-such-router', updateSource: 'GigabitEthernet0/0/0/0' },
  'routerRegistries.trustResult': { taskId: 'task-1' },
  'routerRegistries.login': { name: 'no-such-registry', target: 'no-such-router' },
  'routerImages.pull': { target: 'no-such-router', ref: '198.18.0.1:5000/xrcl/busybox:1' },
  'routerImages.pullResult': { taskId: 'task-1' },
  'images.inspect': { file: '/no/such/tarball.tar' },
  'images.build': { output: '/no/such/dir/out.tar', format: 'save', tags: ['xrcl/app:1'], add: ['/no/such/file:/srv/file'] },
  'images.buildResult': { taskId: 'task-1' },
  'images.send': { target: 'no-such-router', file: '/no/such/tarball.tar', action: 'load' },
  'images.sendResult': { taskId: 'task-1' },
  'registries.list': undefined,
  'registries.up': { name: 'r1', kind: 'insecure', port: 5000, address: '198.18.0.1', hostname: 'registry.xrcl.test' },
  'registries.down': { name: 'no-such-registry' },
  'registries.remove': { name: 'no-such-registry' },
  'registries.add': { registry: { name: 'hub-mirror', url: 'https://127.0.0.1:1', user: 'u' }, password: 'pw' },
  'registries.candidates': { target: 'no-such-router' },
  'registries.repositories': { name: 'no-such-registry' },
  'registries.tags': { name: 'no-such-registry', repository: 'xrcl/busybox' },
  'registries.deleteTag': { name: 'no-such-registry', repository: 'xrcl/busybox', tag: '1' },
  'registries.push': { name: 'no-such-registry', source: '/tmp/busybox.tar', as: 'xrcl/busybox:1' },
  'registries.pushResult': { taskId: 'task-1' },
  'registries.engineImages': undefined,
  'containers.preview': { target: 'no-such-router', spec: { image: '', name: '' } },
  'containers.images': { target: 'no-such-router' },
  'containers.vrfs': { target: 'no-such-router' },
  'containers.run': { target: 'no-such-router', spec: { image: 'xrcl/busybox:1', name: 'web', vrfs: ['global-vrf'], capabilities: ['SYS_ADMIN'], memory: '256m', mounts: [{ source: '/misc/app_host/www', destination: '/www' }] } },
  'containers.list': { target: 'no-such-router' },
  'containers.logs': { target: 'no-such-router', name: 'web', tail: 50 },
  'containers.followLogs': { target: 'no-such-router', name: 'web' },
  'containers.start': { target: 'no-such-router', name: 'web' },
  'containers.stop': { target: 'no-such-router', name: 'web' },
  'containers.restart': { target: 'no-such-router', name: 'web' },
  'containers.remove': { target: 'no-such-router', name: 'web', image: true },
  'containers.inspect': { target: 'no-such-router', name: 'web' },
  'containers.exec': { target: 'no-such-router', name: 'web', command: ['cat', '/etc/hostname'] },
  'containers.shell': { target: 'no-such-router', name: 'web', cols: 80, rows: 24 },
  'containers.check': { target: 'no-such-router', name: 'web', vrf: 'global-vrf' },
  'runbook.export': undefined,
  'runbook.clear': undefined,
  'vagrant.preview': { choices: { routerMemoryMb: 6144, devboxBox: 'ubuntu/jammy64' } },
  'vagrant.init': { dir: sampleTopologyDir, choices: {} },
  'vagrant.topologies': undefined,
  'imageGuide.get': undefined,
  'imageGuide.choose': {
    address: '198.18.0.1',
    port: 5000,
    source: '/no-such-folder/busybox.tar',
    as: 'xrcl/busybox:1',
    existingUrl: 'https://registry.example.com:5000',
    existingUser: 'ci',
    existingCaFile: '/no-such-folder/ca.crt',
    existingImage: 'registry.example.com:5000/team/app:1',
    hubImage: 'busybox:latest',
    hubNameServer: '8.8.8.8',
  },
  'vagrant.guideTopology': undefined,
  'vagrant.chooseTopology': { dir: sampleTopologyDir, choices: { routerMemoryMb: 6144 } },
  'vagrant.boxStatus': undefined,
  'vagrant.addBox': { file: '/no-such-folder/iosxrv-fullk9-x64.box' },
  'vagrant.up': { dir: '/no-such-topology' },
  'vagrant.halt': { dir: '/no-such-topology' },
  'vagrant.destroy': { dir: '/no-such-topology' },
  'vagrant.status': { dir: '/no-such-topology' },
  'vagrant.ports': { dir: '/no-such-topology' },
  'vagrant.addTargets': { dir: '/no-such-topology', routerName: 'rtr' },
  'prompts.pending': undefined,
  'prompts.answer': { id: 'p-1', value: true },
  'prompts.cancel': { id: 'p-1' },
};

/**
 * Samples that must not start anything fail in the service with these codes instead of
 * NOT_FOUND: a host name on a plain HTTP registry is refused before anything is written, and
 * the existing registry on a closed loopback port cannot be reached.
 */
const serviceFailure: Partial<Record<MethodName, string>> = {
  'registries.up': 'BAD_INPUT',
  'registries.add': 'REGISTRY_UNREACHABLE',
};

const huge = 'x'.repeat(2_000_000);
/** The same object JSON.parse makes from a socket message: `__proto__` as an own key. */
const withKey = (base: unknown, key: string, value: unknown): unknown =>
  JSON.parse(JSON.stringify({ ...(typeof base === 'object' && base ? base : {}) }).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)}${base && Object.keys(base).length ? ',' : ''}`));

function malformed(name: MethodName): Array<{ what: string; params: unknown; field?: string }> {
  const base = valid[name];
  const out: Array<{ what: string; params: unknown; field?: string }> = [
    { what: '__proto__', params: withKey(base, '__proto__', { polluted: true, persistSecretsInWebHost: true }), field: '__proto__' },
    { what: 'constructor', params: withKey(base, 'constructor', { prototype: { polluted: true } }), field: 'constructor' },
    { what: 'an unknown field', params: withKey(base, 'outcome', { verdict: 'done' }), field: 'outcome' },
    { what: 'a huge string', params: huge },
    { what: 'a number', params: 42 },
    { what: 'an array', params: [base] },
  ];
  if (base === undefined) {
    out.push({ what: 'an empty object', params: {} });
  } else {
    out.push({ what: 'null', params: null });
    for (const [key, value] of Object.entries(base as Record<string, unknown>)) {
      if (key === 'type') continue;
      out.push({ what: `an oversized ${key}`, params: { ...(base as object), [key]: huge }, field: key });
      out.push({ what: `an object for ${key}`, params: { ...(base as object), [key]: { toString: 'x' } }, field: key });
      if (typeof value === 'string') out.push({ what: `an empty ${key}`, params: { ...(base as object), [key]: '' }, field: key });
    }
  }
  return out;
}

function setup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-dispatch-'));
  const services = createServices({ shell: 'web', version: 't', dataDir, openStore, steps });
  return { dataDir, services, dispatch: createDispatcher(services.handlers) };
}

describe('dispatcher', () => {
  it('has a well-formed sample for every contract method, and accepts it', async () => {
    expect(Object.keys(valid).sort()).toEqual([...methodNames].sort());
    const { dispatch } = setup();
    for (const name of methodNames) {
      const outcome = await dispatch(name, valid[name]);
      // tasks.* on a task that does not exist fails in the service, not in validation (and
      // vagrant.boxStatus where vagrant is not installed).
      const expected = name === 'vagrant.boxStatus' ? ['NOT_FOUND', 'VAGRANT_NOT_FOUND'] : [serviceFailure[name] ?? 'NOT_FOUND'];
      if (!outcome.ok) expect(expected, name).toContain(outcome.error.code);
    }
  });

  it('refuses malformed, oversized and prototype-polluting parameters for every method, changing nothing', async () => {
    const { dataDir, services, dispatch } = setup();
    const settingsFile = join(dataDir, 'config.json');
    const before = { file: readFileSync(settingsFile, 'utf8'), wizard: await services.handlers['wizard.get'](), tasks: await services.handlers['tasks.list']() };

    let calls = 0;
    for (const name of methodNames) {
      for (const bad of malformed(name)) {
        const outcome = await dispatch(name, bad.params);
        calls++;
        expect(outcome.ok, `${name} with ${bad.what}`).toBe(false);
        if (outcome.ok) continue;
        expect(outcome.error, `${name} with ${bad.what}`).toMatchObject({ code: 'INVALID_PARAMS', name: 'BridgeError' });
        expect(outcome.error.message).toContain(name);
        if (valid[name] === undefined) expect(outcome.error.message).toContain('takes no parameters');
        // A nested field is named by its path ("target.name"), which starts with the top-level one.
        else if (bad.field) expect(outcome.error.message, `${name} with ${bad.what}`).toMatch(new RegExp(`"${bad.field.replace(/[_$]/g, '\\$&')}[".]`));
        expect(outcome.error.fix).toMatch(/Nothing was changed/);
        expect(outcome.error.message.length).toBeLessThan(400);
      }
    }
    expect(calls).toBeGreaterThan(60);

    expect(readFileSync(settingsFile, 'utf8')).toBe(before.file);
    expect(await services.handlers['wizard.get']()).toEqual(before.wizard);
    expect(await services.handlers['tasks.list']()).toEqual(before.tasks);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('persistSecretsInWebHost');
  });

  it('refuses empty or malformed fields nested in registries.add, and hostile registry and repository names', async () => {
    const { dispatch } = setup();
    const base = valid['registries.add'] as { registry: Record<string, string>; password: string };
    for (const key of ['name', 'url', 'user', 'caPem']) {
      const outcome = await dispatch('registries.add', { ...base, registry: { ...base.registry, [key]: '' } });
      expect(outcome.ok, key).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toContain(`registry.${key}`);
    }
    const notPem = await dispatch('registries.add', { ...base, registry: { ...base.registry, caPem: 'hello' } });
    expect(notPem.ok).toBe(false);
    for (const name of ['../x', 'a b', 'X', '-x']) expect((await dispatch('registries.down', { name })).ok, name).toBe(false);
    for (const repository of ['a b', 'x;y', 'A/b']) expect((await dispatch('registries.tags', { name: 'r1', repository })).ok, repository).toBe(false);
    for (const tag of ['.x', 'a b', 'x;y']) expect((await dispatch('registries.deleteTag', { name: 'r1', repository: 'a/b', tag })).ok, tag).toBe(false);
  });

  it('lets a page ask the wizard only for user actions, never report a step finished or started', async () => {
    const { dataDir, services, dispatch } = setup();
    const settingsFile = join(dataDir, 'config.json');
    const file = readFileSync(settingsFile, 'utf8');
    const view = await services.handlers['wizard.get']();

    const forged = [
      { type: 'finished', stepId: 'first', outcome: { verdict: 'done', summary: 'forged' }, at: 'now' },
      { type: 'started', stepId: 'first', taskId: 'x', at: 'now' },
      { type: 'partial', stepId: 'first', details: {}, at: 'now' },
      { type: 'restored', at: 'now' },
      { type: 'choosePath', path: 'mars' },
      { type: 'choosePath', path: { toString: 'vagrant' } },
      { type: 'select', stepId: 'first', extra: 1 },
    ];
    for (const action of forged) {
      const outcome = await dispatch('wizard.dispatch', action);
      expect(outcome, JSON.stringify(action)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    }
    const finished = await dispatch('wizard.dispatch', forged[0]);
    expect(!finished.ok && finished.error.message).toMatch(/wizard\.dispatch.*"type"/);

    expect(await services.handlers['wizard.get']()).toEqual(view);
    expect(readFileSync(settingsFile, 'utf8')).toBe(file);
    // The second step stays locked: nothing marked the first one done.
    expect(view.steps[1]?.status).toBe('locked');

    // The real actions still work, with a path from the shared list.
    const chosen = await dispatch('wizard.dispatch', { type: 'choosePath', path: 'lab' });
    expect(chosen).toMatchObject({ ok: true, value: { path: 'lab' } });
  });

  it('refuses settings the schema does not know, leaving the settings file as it was', async () => {
    const { dataDir, dispatch } = setup();
    const file = readFileSync(join(dataDir, 'config.json'), 'utf8');
    for (const patch of [{ theme: 'neon' }, { persistSecretsInWebHost: 'yes' }, { theme: 'dark', shell: 'evil' }]) {
      expect(await dispatch('settings.update', patch)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });
    }
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(file);
    expect(await dispatch('settings.update', { theme: 'dark' })).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });
});
