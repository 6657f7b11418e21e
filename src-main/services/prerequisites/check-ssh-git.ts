// Tools for doing the steps by hand: an ssh client (`vagrant ssh`, logging in to the router
// yourself) and git (cloning the reference vagrant-xrdocs repository). The app itself has a
// built-in SSH client, so missing tools warn rather than fail.
import { allOutput, commandCheck } from './command-check';
import { firstLine } from './format-units';
import { fixFor, type CommandOutcome, type FixByOs, type Verdict } from './prereq-types';

export const INSTALL_SSH: FixByOs = {
  linux: 'Install the OpenSSH client: `sudo apt install openssh-client`.',
  darwin: 'macOS includes ssh; if it is missing, reinstall the Command Line Tools: `xcode-select --install`.',
  win32: 'Add the OpenSSH client: in an administrator PowerShell run `Add-WindowsCapability -Online -Name OpenSSH.Client~~~~0.0.1.0` (or Settings > Optional features > OpenSSH Client).',
};

export const INSTALL_GIT: FixByOs = {
  linux: 'Install git: `sudo apt install git`.',
  darwin: 'Install git with the Command Line Tools: `xcode-select --install` (or `brew install git`).',
  win32: 'Install Git for Windows: `winget install --id Git.Git -e`, then open a new terminal.',
};

/** "OpenSSH_9.2p1" from `ssh -V` (stderr), Windows' "OpenSSH_for_Windows_9.5p1" included. */
export function parseSshVersion(text: string): string | null {
  const m = /OpenSSH_(?:for_Windows_)?([0-9][\w.]*)/.exec(text);
  return m ? `OpenSSH ${m[1]!}` : null;
}

export const sshCheck = commandCheck({
  id: 'ssh',
  title: 'SSH client',
  why: '`vagrant ssh` and logging in to the router by hand (XR Linux shell on port 57722, XR CLI on 22) use the ssh command.',
  timeoutMs: 10_000,
  commands: () => [{ file: 'ssh', args: ['-V'] }],
  interpret(o: CommandOutcome, platform): Verdict {
    if (o.notFound) {
      return {
        status: 'warn',
        value: 'not found',
        message: 'No ssh command found. The app connects to routers by itself, but `vagrant ssh` and doing the steps by hand need it.',
        fix: fixFor(platform, INSTALL_SSH),
      };
    }
    const version = parseSshVersion(allOutput(o));
    if (version !== null) return { status: 'pass', value: version, message: 'An OpenSSH client is installed.' };
    const line = firstLine(allOutput(o));
    if (o.exitCode === 0 && line !== '') {
      return { status: 'pass', value: line, message: 'An ssh client is installed (not OpenSSH; its options may differ).' };
    }
    return {
      status: 'warn',
      value: 'does not run',
      message: `\`ssh -V\` did not report a version (exit code ${o.exitCode ?? 'none'}): ${line || 'no output'}`,
      fix: fixFor(platform, INSTALL_SSH),
    };
  },
});

export function parseGitVersion(text: string): string | null {
  return /git version (\S+)/.exec(text)?.[1] ?? null;
}

export const gitCheck = commandCheck({
  id: 'git',
  title: 'git',
  why: 'The tutorial starts by cloning the reference topology: `git clone https://github.com/ios-xr/vagrant-xrdocs.git`.',
  timeoutMs: 10_000,
  commands: () => [{ file: 'git', args: ['--version'] }],
  interpret(o: CommandOutcome, platform): Verdict {
    if (o.notFound) {
      return {
        status: 'warn',
        value: 'not found',
        message: 'git is not installed. The app writes the topology itself; you need git only to follow the tutorial by hand.',
        fix: fixFor(platform, INSTALL_GIT),
      };
    }
    const text = allOutput(o);
    const version = parseGitVersion(text);
    if (version !== null && o.exitCode === 0) return { status: 'pass', value: `git ${version}`, message: 'git is installed.' };
    // macOS ships a /usr/bin/git stub that only offers to install the Command Line Tools.
    if (/xcode-select|no developer tools/i.test(text)) {
      return {
        status: 'warn',
        value: 'Command Line Tools missing',
        message: 'git on this Mac is only a stub until the Xcode Command Line Tools are installed.',
        fix: fixFor(platform, INSTALL_GIT),
      };
    }
    return {
      status: 'warn',
      value: 'does not run',
      message: `\`git --version\` did not report a version (exit code ${o.exitCode ?? 'none'}): ${firstLine(text) || 'no output'}`,
      fix: fixFor(platform, INSTALL_GIT),
    };
  },
});
