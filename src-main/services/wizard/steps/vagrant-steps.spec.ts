// The Guide's Vagrant steps through the wizard service, as far as they go without running
// vagrant: the box is not needed with the docker provider, the topology is written from the
// user's choice and shown, and the steps after it wait their turn.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryValue, vagrantServiceIn } from '../../../../tests/support/vagrant-service-setup';
import { WizardService } from '../wizard-service';
import { vagrantSteps } from './vagrant-steps';

const root = mkdtempSync(path.join(os.tmpdir(), 'xrcl-vg-steps-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Guide: the Vagrant path', () => {
  it('box not needed on the docker provider, the chosen topology written and shown; up waits for it; docker ps waits for a router', async () => {
    const { hub, vagrant, tasks } = vagrantServiceIn(root);
    const dir = path.join(root, 'xr-topology');
    vagrant.chooseTopology(dir, { provider: 'docker', routerAddress: '198.19.201.10/24', devboxAddress: '198.19.201.20/24', docker: { routerImage: 'vg-test/sshd:1', devboxImage: 'vg-test/sshd:1' } });
    const wizard = new WizardService({ steps: vagrantSteps(vagrant), tasks, hub, store: memoryValue() });
    wizard.dispatch({ type: 'choosePath', path: 'vagrant' });
    expect(wizard.view().steps.map((s) => [s.id, s.status])).toEqual([
      ['vagrant-box', 'ready'],
      ['vagrant-topology', 'locked'],
      ['vagrant-up', 'locked'],
      ['vagrant-targets', 'locked'],
      ['vagrant-docker', 'locked'],
    ]);
    const finished = async (stepId: string) => {
      const { taskId } = wizard.runStep(stepId);
      await expect.poll(() => tasks.get(taskId).state).not.toBe('running');
      return wizard.view().steps.find((s) => s.id === stepId)!;
    };

    expect(await finished('vagrant-box')).toMatchObject({ status: 'done', verdict: { summary: expect.stringContaining('Not needed') } });
    const topo = await finished('vagrant-topology');
    expect(topo).toMatchObject({ status: 'done', details: { kind: 'vagrantTopology', dir } });
    expect(topo.details?.kind === 'vagrantTopology' && topo.details.files.map((f) => f.path)).toEqual(['Vagrantfile', 'configs/rtr_config', 'scripts/apply_config.sh', 'scripts/docker_install.sh']);
    expect(existsSync(path.join(dir, 'Vagrantfile'))).toBe(true);
    expect(vagrant.topologies()).toEqual([expect.objectContaining({ dir, provider: 'docker' })]);

    const view = wizard.view();
    expect(view.currentStepId).toBe('vagrant-up');
    expect(view.router).toBeNull();
    expect(() => wizard.runStep('vagrant-docker')).toThrow(expect.objectContaining({ code: 'STEP_LOCKED' }));
  });
});
