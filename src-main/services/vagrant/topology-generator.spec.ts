import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { generateTopology, writeTopology } from './topology-generator';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'xrcl-topo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const file = (t: ReturnType<typeof generateTopology>, p: string): string => t.files.find((f) => f.path === p)!.contents;

function badInput(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('BAD_INPUT');
    expect((e as AppError).fix).toBeTruthy();
    return e as AppError;
  }
  throw new Error('expected a BAD_INPUT AppError');
}

describe('generateTopology (virtualbox, the defaults of the reference topology)', () => {
  const t = generateTopology();
  const vf = file(t, 'Vagrantfile');

  it('lists the four files with what each does', () => {
    expect(t.files.map((f) => [f.path, f.mode])).toEqual([
      ['Vagrantfile', 0o644],
      ['configs/rtr_config', 0o644],
      ['scripts/apply_config.sh', 0o755],
      ['scripts/docker_install.sh', 0o755],
    ]);
    expect(t.files.every((f) => f.purpose.length > 10)).toBe(true);
  });

  it('defines rtr from IOS-XRv on link1 with auto_config off and 5120 MB', () => {
    const rtr = vf.slice(vf.indexOf("define 'rtr'"), vf.indexOf("define 'devbox'"));
    expect(rtr).toContain("node.vm.box = 'IOS-XRv'");
    expect(rtr).toMatch(/private_network, auto_config: false, virtualbox__intnet: 'link1'/);
    expect(rtr).toContain('vb.memory = 5120');
    expect(rtr).toContain("provision :file, source: 'configs/rtr_config', destination: '/home/vagrant/rtr_config'");
    expect(rtr).toContain("provision :shell, path: 'scripts/apply_config.sh', args: ['/home/vagrant/rtr_config']");
  });

  it('puts the devbox on the same link with its address and the Docker install script', () => {
    const dev = vf.slice(vf.indexOf("define 'devbox'"));
    expect(dev).toContain("node.vm.box = 'ubuntu/trusty64'");
    expect(dev).toContain("ip: '11.1.1.20', netmask: '255.255.255.0', virtualbox__intnet: 'link1'");
    expect(dev).toContain("provision :shell, path: 'scripts/docker_install.sh'");
  });

  it("configures the router's Gi0/0/0/0 and brings it up", () => {
    expect(file(t, 'configs/rtr_config')).toBe('interface GigabitEthernet0/0/0/0\n ipv4 address 11.1.1.10 255.255.255.0\n no shutdown\n!\nend\n');
  });

  it('applies the config with xrapply and fails on rejected lines', () => {
    const sh = file(t, 'scripts/apply_config.sh');
    expect(sh.startsWith('#!/bin/bash\n')).toBe(true);
    expect(sh).toContain('source /pkg/bin/ztp_helper.sh');
    expect(sh).toContain('xrapply "$config_file"');
    expect(sh).toMatch(/grep -q "ERROR"[\s\S]*exit 1/);
    expect(file(t, 'scripts/docker_install.sh')).toContain('apt-get install -y -q docker.io');
  });
});

describe('generateTopology with the user\'s choices', () => {
  it('carries memory, boxes, addresses and link name into the files', () => {
    const t = generateTopology({ routerMemoryMb: 8192, devboxBox: 'ubuntu/jammy64', routerAddress: '10.10.10.1/30', devboxAddress: '10.10.10.2/30', linkName: 'lab_link' });
    const vf = file(t, 'Vagrantfile');
    expect(vf).toContain('vb.memory = 8192');
    expect(vf).toContain("node.vm.box = 'ubuntu/jammy64'");
    expect(vf).toContain("ip: '10.10.10.2', netmask: '255.255.255.252', virtualbox__intnet: 'lab_link'");
    expect(file(t, 'configs/rtr_config')).toContain(' ipv4 address 10.10.10.1 255.255.255.252\n');
  });

  it('rejects values that are out of range or would break the Ruby', () => {
    expect(badInput(() => generateTopology({ routerMemoryMb: 1024 })).message).toContain('1024 MB');
    badInput(() => generateTopology({ routerMemoryMb: 5120.5 }));
    badInput(() => generateTopology({ devboxBox: "ubuntu/trusty64' ; system('id') ; '" }));
    badInput(() => generateTopology({ routerBox: 'IOS XRv' }));
    badInput(() => generateTopology({ routerAddress: '11.1.1.10' }));
    badInput(() => generateTopology({ routerAddress: '11.1.1.256/24' }));
    badInput(() => generateTopology({ routerAddress: '11.1.1.0/24' }));
    expect(badInput(() => generateTopology({ devboxAddress: '11.1.2.20/24' })).message).toContain('same subnet');
    badInput(() => generateTopology({ devboxAddress: '11.1.1.10/24' }));
    badInput(() => generateTopology({ linkName: 'link 1' }));
    badInput(() => generateTopology({ provider: 'docker' }));
    badInput(() => generateTopology({ provider: 'docker', docker: { routerImage: 'Bad Image', devboxImage: 'x:1' } }));
  });
});

describe('generateTopology (docker provider variant)', () => {
  const t = generateTopology({ provider: 'docker', docker: { routerImage: 'xrcl/sshd:1', devboxImage: 'xrcl/sshd:1', containerPrefix: 'lab1' } });
  const vf = file(t, 'Vagrantfile');

  it('spells out the router ports of the IOS-XRv box and points SSH at the XR shell', () => {
    expect(vf).toContain("forwarded_port, guest: 57722, host: 2222, host_ip: '127.0.0.1', auto_correct: true");
    expect(vf).toContain("forwarded_port, guest: 22, host: 2223, host_ip: '127.0.0.1', id: 'ssh', auto_correct: true");
    expect(vf).toContain('node.ssh.guest_port = 57722');
  });

  it('runs the given images as named containers with the router memory', () => {
    expect(vf).toContain("d.image = 'xrcl/sshd:1'");
    expect(vf).toContain("d.name = 'lab1-rtr'");
    expect(vf).toContain("d.name = 'lab1-devbox'");
    expect(vf).toContain("d.create_args = ['--memory', '5120m']");
    expect(vf).not.toContain('virtualbox');
  });
});

describe('writeTopology', () => {
  it('writes every file with its mode, and refuses to replace different ones', async () => {
    const dir = path.join(tmp, 'topo');
    const t = generateTopology();
    const written = await writeTopology(dir, t);
    expect(written).toHaveLength(4);
    expect(readFileSync(path.join(dir, 'configs', 'rtr_config'), 'utf8')).toBe(file(t, 'configs/rtr_config'));
    expect(statSync(path.join(dir, 'scripts', 'apply_config.sh')).mode & 0o777).toBe(0o755);
    // Same contents again: fine. Different contents: refused unless asked.
    await writeTopology(dir, t);
    const other = generateTopology({ routerMemoryMb: 6144 });
    await expect(writeTopology(dir, other)).rejects.toMatchObject({ code: 'TOPOLOGY_EXISTS' });
    await writeTopology(dir, other, { overwrite: true });
    expect(readFileSync(path.join(dir, 'Vagrantfile'), 'utf8')).toContain('vb.memory = 6144');
  });

  it('refuses a relative path or a file', async () => {
    await expect(writeTopology('relative/dir', generateTopology())).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const f = path.join(tmp, 'a-file');
    writeFileSync(f, 'x');
    mkdirSync(path.join(tmp, 'x'), { recursive: true });
    await expect(writeTopology(f, generateTopology())).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
