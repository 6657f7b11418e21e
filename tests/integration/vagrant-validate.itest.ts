// `vagrant validate` accepts the generated Vagrantfiles: the VirtualBox topology (the user's) and
// the docker variant (this machine's tests), with defaults and with the user's own choices.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCommand } from '../lab/lab-prereqs';
import { generateTopology, writeTopology } from '../../src-main/services/vagrant/topology-generator';
import type { TopologyOptions } from '../../src-main/services/vagrant/topology-options';
import { VagrantRunner } from '../../src-main/services/vagrant/vagrant-runner';
import { removeDir, tempDir } from './support/vagrant-itest-env';

// Validation needs only vagrant (no root, no docker).
const problem = findCommand('vagrant') ? null : 'vagrant not found: apt-get install vagrant';
// Without VirtualBox, Vagrant cannot check VirtualBox's own options (it refuses to load the
// provider); it still parses the Ruby and checks the machines, networks and provisioners.
const haveVirtualBox = findCommand('VBoxManage') !== null;

describe.skipIf(problem !== null)(`vagrant validate on generated topologies${problem ? ` (skipped: ${problem})` : ''}`, () => {
  const home = problem ? '' : tempDir('xrcl-vagrant-home-');
  const dirs: string[] = [];
  afterAll(() => {
    dirs.forEach(removeDir);
    if (home) removeDir(home);
  });

  async function validate(options: TopologyOptions, ignoreProvider: boolean): Promise<{ output: string; dir: string }> {
    const dir = tempDir('xrcl-validate-');
    dirs.push(dir);
    await writeTopology(dir, generateTopology(options));
    const run = await new VagrantRunner({ cwd: dir, env: { VAGRANT_HOME: home } }).validate({ ignoreProvider });
    return { output: run.output, dir };
  }

  it.each<[string, TopologyOptions]>([
    ['the reference defaults', {}],
    ['the user\'s choices', { routerMemoryMb: 8192, devboxBox: 'ubuntu/jammy64', routerAddress: '10.10.10.1/30', devboxAddress: '10.10.10.2/30', linkName: 'lab_link' }],
  ])(`VirtualBox topology with %s${haveVirtualBox ? '' : ' (provider options not checked: no VirtualBox here)'}`, async (_what, options) => {
    const { output } = await validate(options, !haveVirtualBox);
    expect(output).toContain('Vagrantfile validated successfully.');
  });

  it('docker variant, with the provider options checked', async () => {
    const { output } = await validate({ provider: 'docker', docker: { routerImage: 'xrcl/sshd:1', devboxImage: 'xrcl/devbox:1' } }, false);
    expect(output).toContain('Vagrantfile validated successfully.');
    expect(output).not.toContain('Ignoring provider config');
  });

  it('is a real check: a topology missing its provisioning script is refused', async () => {
    const dir = tempDir('xrcl-validate-');
    dirs.push(dir);
    await writeTopology(dir, generateTopology());
    rmSync(path.join(dir, 'scripts', 'apply_config.sh'));
    const err = await new VagrantRunner({ cwd: dir, env: { VAGRANT_HOME: home } }).validate({ ignoreProvider: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VAGRANTFILE_INVALID', command: 'vagrant validate --ignore-provider' });
    expect((err as { detail: string }).detail).toContain('apply_config.sh');
  });
});
