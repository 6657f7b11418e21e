import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures/load-fixture';
import { gitCheck, sshCheck } from './check-ssh-git';
import type { CommandOutcome } from './prereq-types';

const missing = (command: string): CommandOutcome => ({ command, exitCode: null, stdout: '', stderr: '', notFound: true, timedOut: false });

describe('ssh -V', () => {
  it('reads the version from stderr (recorded on Debian 12)', () => {
    const o = fixtureOutcome('ssh-V.linux-debian12.openssh-9.2p1');
    expect(o.stdout).toBe('');
    expect(sshCheck.interpret(o, 'linux')).toMatchObject({ status: 'pass', value: 'OpenSSH 9.2p1' });
  });

  it('reads the macOS and Windows clients', () => {
    expect(sshCheck.interpret(fixtureOutcome('ssh-V.darwin.openssh-9.8p1'), 'darwin').value).toBe('OpenSSH 9.8p1');
    expect(sshCheck.interpret(fixtureOutcome('ssh-V.win32.openssh-for-windows-9.5p1'), 'win32').value).toBe('OpenSSH 9.5p1');
  });

  it('warns with the install fix when missing', () => {
    expect(sshCheck.interpret(missing('ssh -V'), 'linux')).toMatchObject({ status: 'warn', value: 'not found' });
    expect(sshCheck.interpret(missing('ssh -V'), 'linux').fix).toContain('sudo apt install openssh-client');
    expect(sshCheck.interpret(missing('ssh -V'), 'win32').fix).toContain('Add-WindowsCapability -Online -Name OpenSSH.Client');
  });
});

describe('git --version', () => {
  it('passes on the recorded Debian 12 output and on macOS and Windows builds', () => {
    expect(gitCheck.interpret(fixtureOutcome('git-version.linux-debian12.git-2.39.5'), 'linux')).toMatchObject({ status: 'pass', value: 'git 2.39.5' });
    expect(gitCheck.interpret(fixtureOutcome('git-version.darwin.apple-git-154'), 'darwin').value).toBe('git 2.39.5');
    expect(gitCheck.interpret(fixtureOutcome('git-version.win32.git-2.47.1'), 'win32').value).toBe('git 2.47.1.windows.1');
  });

  it('recognises the macOS stub without the Command Line Tools', () => {
    const v = gitCheck.interpret(fixtureOutcome('git-version.darwin.no-developer-tools'), 'darwin');
    expect(v).toMatchObject({ status: 'warn', value: 'Command Line Tools missing' });
    expect(v.fix).toContain('xcode-select --install');
  });

  it('warns with the install fix when missing', () => {
    expect(gitCheck.interpret(missing('git --version'), 'win32').fix).toContain('winget install --id Git.Git -e');
  });
});
