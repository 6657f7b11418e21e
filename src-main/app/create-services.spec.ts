import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../services/store/app-store';
import type { StepDefinition } from '../services/wizard/step-definition';
import { createServices } from './create-services';

const openStore = (o: ConstructorParameters<typeof Conf>[0]) => new Conf(o) as unknown as KeyValueStore;
const step: StepDefinition = {
  id: 'only',
  paths: 'all',
  title: 'Only',
  why: 'why',
  manual: [],
  actionLabel: 'Go',
  taskTitle: 'Only',
  run: async () => ({ verdict: 'attention', summary: 'warned' }),
};

describe('createServices', () => {
  it('resumes the wizard where it stopped after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    const first = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    const { taskId } = await first.handlers['wizard.runStep']({ stepId: 'only' });
    await expect.poll(async () => (await first.handlers['wizard.get']()).steps[0]?.status).toBe('attention');
    expect((await first.handlers['tasks.list']()).find((t) => t.id === taskId)?.state).toBe('succeeded');

    const second = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    const view = await second.handlers['wizard.get']();
    expect(view.steps[0]).toMatchObject({ status: 'attention', verdict: { summary: 'warned' } });
  });

  it('keeps a corrupted settings file aside, starts fresh and tells the user', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    writeFileSync(join(dataDir, 'config.json'), '\u0000\u0001 garbage');
    const services = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    const notices = await services.handlers['app.notices']();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning', title: 'Settings were reset' });
    const aside = /kept aside as (\S+)/.exec(notices[0]!.message)?.[1];
    expect(readFileSync(aside!, 'utf8')).toBe('\u0000\u0001 garbage');
    expect((await services.handlers['wizard.get']()).steps[0]?.status).toBe('ready');
  });

  it('keeps web-host secrets in memory unless the user opts in, then never in plain text', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    const services = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    services.secrets().set('router-1', 'pa$$ word');
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).not.toContain('pa$$ word');
    expect((await services.handlers['app.info']()).secretsPersistent).toBe(false);

    await services.handlers['settings.update']({ persistSecretsInWebHost: true });
    services.secrets().set('router-1', 'pa$$ word');
    const onDisk = readFileSync(join(dataDir, 'config.json'), 'utf8');
    expect(onDisk).toContain('router-1');
    expect(onDisk).not.toContain('pa$$ word');

    const reopened = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    expect(reopened.secrets().get('router-1')).toBe('pa$$ word');
  });

  it('opting out of remembered passwords leaves no secret and no key on disk', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    const services = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    await services.handlers['settings.update']({ persistSecretsInWebHost: true });
    services.secrets().set('router-1', 'pa$$ word');
    const sealed = JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')).secrets['router-1'] as string;
    expect(existsSync(join(dataDir, 'secrets.key'))).toBe(true);

    await services.handlers['settings.update']({ persistSecretsInWebHost: false });
    expect(existsSync(join(dataDir, 'secrets.key'))).toBe(false);
    const onDisk = readFileSync(join(dataDir, 'config.json'), 'utf8');
    expect(onDisk).not.toContain('router-1');
    expect(onDisk).not.toContain(sealed);
    expect((await services.handlers['app.info']()).secretsPersistent).toBe(false);
  });

  it('refuses to remember passwords under a key file others can read, and says so at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    const first = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    await first.handlers['settings.update']({ persistSecretsInWebHost: true });
    chmodSync(join(dataDir, 'secrets.key'), 0o644);

    const second = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    expect((await second.handlers['app.info']()).secretsPersistent).toBe(false);
    const [notice] = await second.handlers['app.notices']();
    expect(notice).toMatchObject({ level: 'error', title: 'Saved passwords are not available' });
    expect(notice?.message).toContain('chmod 600');
  });

  it('the wizard service itself takes only user actions, whoever calls it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    const services = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    const before = await services.handlers['wizard.get']();
    const forged = { type: 'finished', stepId: 'only', outcome: { verdict: 'done', summary: 'forged' }, at: 'now' };
    await expect(services.handlers['wizard.dispatch'](forged as never)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await services.handlers['wizard.get']()).toEqual(before);
  });

  it('rejects bad settings with a fix', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    const services = createServices({ shell: 'web', version: 't', dataDir, openStore, steps: [step] });
    await expect(services.handlers['settings.update']({ theme: 'neon' as never })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it("offers the registry image paths with their steps between the router's own and the container step, in order", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-svc-'));
    const app = createServices({ shell: 'web', version: 't', dataDir, openStore });
    await app.handlers['wizard.dispatch']({ type: 'choosePath', path: 'lab' });
    const imageSteps = async (imagePath: 'hub' | 'insecure' | 'self-signed' | 'ca-registry') => {
      const view = await app.handlers['wizard.dispatch']({ type: 'chooseImagePath', imagePath });
      return view.steps.map((s) => s.id);
    };
    expect((await app.handlers['wizard.get']()).imagePathsOffered).toEqual(expect.arrayContaining(['hub', 'insecure', 'self-signed', 'ca-registry']));
    const router = ['prerequisites', 'reach-cli', 'onboard'];
    expect(await imageSteps('insecure')).toEqual([...router, 'registry-start', 'registry-push', 'registry-trust', 'registry-pull', 'run-container']);
    expect(await imageSteps('self-signed')).toEqual([...router, 'registry-start', 'registry-push', 'registry-trust', 'registry-pull', 'run-container']);
    expect(await imageSteps('ca-registry')).toEqual([...router, 'registry-existing', 'registry-login', 'registry-pull', 'run-container']);
    expect(await imageSteps('hub')).toEqual([...router, 'hub-pull', 'run-container']);
    // Every image step says why and what a user would type by hand, per path.
    for (const s of (await app.handlers['wizard.get']()).steps) expect(s.why.length > 20 && s.manual.length > 0, s.id).toBe(true);
    app.dispose();
  });
});
