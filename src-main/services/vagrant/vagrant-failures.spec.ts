import { describe, expect, it } from 'vitest';
import { loadOutput } from './fixtures/load-output';
import { recognizeVagrantFailure, vagrantFailure } from './vagrant-failures';

const code = (fixture: string, platform: NodeJS.Platform = 'linux'): string | undefined =>
  recognizeVagrantFailure(loadOutput(fixture, { pty: true }), platform)?.code;

describe('recognizeVagrantFailure', () => {
  it('VirtualBox missing (recorded here: no VirtualBox on this machine)', () => {
    expect(code('vagrant-up.virtualbox.not-installed')).toBe('VIRTUALBOX_MISSING');
  });

  it('VT-x/AMD-V disabled, Hyper-V in the way, not enough memory (written)', () => {
    expect(code('vagrant-up.virtualbox.vtx-disabled.written')).toBe('VIRTUALIZATION_DISABLED');
    expect(recognizeVagrantFailure(loadOutput('vagrant-up.virtualbox.vtx-disabled.written'), 'win32')!.fix).toContain('BIOS');
    expect(code('vagrant-up.virtualbox.hyper-v.written', 'win32')).toBe('HYPERV_CONFLICT');
    expect(code('vagrant-up.virtualbox.no-memory.written')).toBe('NOT_ENOUGH_MEMORY');
  });

  it('a port collision Vagrant could not fix names the port', () => {
    const f = recognizeVagrantFailure(loadOutput('vagrant-up.virtualbox.port-collision.written'))!;
    expect(f.code).toBe('PORT_COLLISION');
    expect(f.message).toContain('2223');
    expect(recognizeVagrantFailure('docker: Error response from daemon: driver failed programming external connectivity on endpoint x: Bind for 127.0.0.1:2222 failed: port is already allocated.')!.message).toContain('2222');
  });

  it('a box that is not added, with the box add command as the fix', () => {
    const f = recognizeVagrantFailure(loadOutput('vagrant-up.virtualbox.box-not-added.written'))!;
    expect(f.code).toBe('BOX_NOT_ADDED');
    expect(f.fix).toContain('vagrant box add --name IOS-XRv');
  });

  it('a missing docker image (recorded)', () => {
    const f = recognizeVagrantFailure(loadOutput('vagrant-up.docker.missing-image'))!;
    expect(f.code).toBe('IMAGE_NOT_FOUND');
    expect(f.message).toContain('xrcl-vagrant-itest/no-such-image:1');
  });

  it('successful output is not a failure', () => {
    expect(recognizeVagrantFailure(loadOutput('vagrant-up.virtualbox.two-machines.written'))).toBeNull();
    expect(recognizeVagrantFailure(loadOutput('vagrant-up.docker.rtr-port-collision'))).toBeNull();
  });
});

describe('vagrantFailure', () => {
  it('keeps the command and the tail of the output', () => {
    const e = vagrantFailure('vagrant up', 1, loadOutput('vagrant-up.virtualbox.vtx-disabled.written', { pty: true }));
    expect(e).toMatchObject({ code: 'VIRTUALIZATION_DISABLED', command: 'vagrant up', device: 'this computer' });
    expect(e.detail).toContain('VERR_VMX_MSR_ALL_VMX_DISABLED');
    expect(e.detail).not.toContain('\r');
  });

  it('an unknown failure still says what ran and how it ended', () => {
    const e = vagrantFailure('vagrant halt', 2, 'something odd\n');
    expect(e).toMatchObject({ code: 'VAGRANT_FAILED', message: '`vagrant halt` failed (exit code 2).', detail: 'something odd' });
  });
});
