// The lab host's file system. Two halves:
//  - prepareEtc (host side, before the supervisor starts): a private copy of /etc with XR's files
//    (sysconfig/docker, certs.d, global-vrf hosts/resolv.conf, sudoers, prompts).
//  - enterLabRoot (in the supervisor, inside its fresh mount namespace): a new root made of
//    bind mounts of the host's system directories plus private /etc, /run, /home, /root,
//    /var/log and the size-limited /misc/app_host, then pivot_root into it. Building a new root
//    (rather than mounting over the host's) lets /misc exist without creating it on the host.
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabConfig } from './lab-config.js';
import { runOkSync } from './run-command.js';
import { sbinDir } from './router-commands.js';
import { SYSCONFIG_DOCKER } from './sysconfig-docker.js';

export const APP_HOST = '/misc/app_host';

export function etcDir(labDir: string): string {
  return join(labDir, 'etc');
}

const PROMPT_BLOCK = `
# XR shell prompt: [host:cwd]$ for root, host:cwd$ for other users (both end in '$').
if [ -n "\${PS1-}" ]; then
  if [ "$(id -u)" = 0 ]; then PS1='[\\h:\\w]$ '; else PS1='\\h:\\w$ '; fi
fi
`;

function sudoersFor(c: LabConfig): string {
  const lines = [
    `# sudoers of the lab ${c.role === 'router' ? 'router' : 'devbox'}`,
    'Defaults env_reset',
    'Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
    'Defaults lecture=never',
  ];
  if (c.role === 'router') {
    lines.push(
      'Defaults passprompt="Password: "',
      '',
      'root ALL=(ALL) ALL',
      '',
      '# Uncomment to allow members of group sudo to run any command',
      '# %sudo ALL=(ALL) ALL',
    );
    if (c.platform === 'vagrant') lines.push('', 'vagrant ALL=(ALL) NOPASSWD: ALL');
  } else {
    lines.push('', 'root ALL=(ALL:ALL) ALL', '%sudo ALL=(ALL:ALL) ALL', 'vagrant ALL=(ALL) NOPASSWD: ALL');
  }
  return lines.join('\n') + '\n';
}

function hostsFor(c: LabConfig): string {
  return `127.0.0.1\tlocalhost\n127.0.1.1\t${c.hostname}\n${c.labAddress}\t${c.hostname}\n`;
}

/** Copies /etc into the lab dir and turns it into the router's (or devbox's) /etc. */
export function prepareEtc(c: LabConfig): void {
  const etc = etcDir(c.labDir);
  runOkSync('cp', ['-a', '/etc', etc]);
  // Nothing of the host's identity: each lab dockerd makes its own key, sshd uses lab keys.
  for (const f of ['docker/key.json', 'docker/daemon.json', 'machine-id']) rmSync(join(etc, f), { force: true });
  for (const t of ['rsa', 'ecdsa', 'ed25519', 'dsa']) {
    rmSync(join(etc, `ssh/ssh_host_${t}_key`), { force: true });
    rmSync(join(etc, `ssh/ssh_host_${t}_key.pub`), { force: true });
  }
  writeFileSync(join(etc, 'hostname'), `${c.hostname}\n`);
  mkdirSync(join(etc, 'docker/certs.d'), { recursive: true });
  writeFileSync(join(etc, 'sudoers'), sudoersFor(c));
  chmodSync(join(etc, 'sudoers'), 0o440);

  rmSync(join(etc, 'hosts'), { force: true });
  rmSync(join(etc, 'resolv.conf'), { force: true });
  if (c.role === 'router') {
    mkdirSync(join(etc, 'sysconfig'), { recursive: true });
    writeFileSync(join(etc, 'sysconfig/docker'), SYSCONFIG_DOCKER);
    const vrf = join(etc, 'netns/global-vrf');
    mkdirSync(vrf, { recursive: true });
    writeFileSync(join(vrf, 'hosts'), hostsFor(c));
    writeFileSync(
      join(vrf, 'resolv.conf'),
      '# Name servers for the global-vrf. The lab has no route out, so none is set.\n',
    );
    // Symlinks, not bind mounts: an editor that replaces the global-vrf file still takes effect.
    symlinkSync('netns/global-vrf/hosts', join(etc, 'hosts'));
    symlinkSync('netns/global-vrf/resolv.conf', join(etc, 'resolv.conf'));
    for (const f of ['bash.bashrc', 'skel/.bashrc']) {
      const p = join(etc, f);
      writeFileSync(p, (existsSync(p) ? readFileSync(p, 'utf8') : '') + PROMPT_BLOCK);
    }
  } else {
    writeFileSync(join(etc, 'hosts'), hostsFor(c));
    writeFileSync(join(etc, 'resolv.conf'), '# The lab has no route out, so no name server is set.\n');
  }
}

// Host directories the lab host sees as they are.
const SYSTEM_DIRS = ['bin', 'boot', 'dev', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'sbin', 'srv', 'sys', 'usr', 'var'];
// Of those, the ones root inside the lab must not change: programs and libraries stay the host's.
const READ_ONLY_DIRS = new Set(['bin', 'boot', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'sbin', 'srv', 'usr']);

function mount(args: string[]): void {
  runOkSync('mount', args);
}

function tmpfs(target: string, opts: string): void {
  mkdirSync(target, { recursive: true });
  mount(['-t', 'tmpfs', '-o', opts, 'xrcl-tmpfs', target]);
}

function bindFile(src: string, target: string): void {
  if (!existsSync(target)) writeFileSync(target, '');
  mount(['--bind', src, target]);
}

/**
 * Builds the lab host's root under <labDir>/rootfs and pivots into it. Runs in the supervisor,
 * which unshare(1) started in a private mount namespace, so none of this is seen by the host.
 * `keepPaths` (the repo, node, the lab root) stay reachable at their usual paths.
 */
export function enterLabRoot(c: LabConfig, keepPaths: string[]): void {
  const R = join(c.labDir, 'rootfs');
  mkdirSync(R, { recursive: true });
  mount(['-t', 'tmpfs', '-o', 'mode=0755,size=16m', 'xrcl-rootfs', R]);

  for (const name of SYSTEM_DIRS) {
    const src = `/${name}`;
    let st;
    try {
      st = lstatSync(src);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(src), join(R, name));
    else if (st.isDirectory()) {
      mkdirSync(join(R, name));
      mount(['--rbind', src, join(R, name)]);
      if (READ_ONLY_DIRS.has(name)) mount(['-o', 'remount,bind,ro', join(R, name)]);
    }
  }
  // The host's own docker data, logs and sudo timestamps are not the router's.
  for (const d of ['var/log', 'var/lib/docker', 'var/tmp', 'var/lib/sudo']) {
    if (existsSync(join(R, d))) tmpfs(join(R, d), d === 'var/tmp' ? 'mode=1777' : 'mode=0755');
  }

  mkdirSync(join(R, 'etc'));
  mount(['--bind', etcDir(c.labDir), join(R, 'etc')]);

  tmpfs(join(R, 'run'), 'mode=0755,size=64m');
  for (const d of ['netns', 'sshd', 'lock', 'user']) mkdirSync(join(R, 'run', d));
  chmodSync(join(R, 'run/lock'), 0o1777);
  if (c.role === 'router') {
    // XR's default VRF as a named namespace (tpnns is its alias), so `ip netns exec global-vrf`
    // works inside the router.
    bindFile(`/proc/${process.pid}/ns/net`, join(R, 'run/netns/global-vrf'));
    symlinkSync('global-vrf', join(R, 'run/netns/tpnns'));
  }
  // A private /tmp: what users leave there goes away with the lab (the lab root is bound back
  // in below, as one of keepPaths, when it lives under /tmp).
  tmpfs(join(R, 'tmp'), 'mode=1777,size=256m');
  tmpfs(join(R, 'home'), 'mode=0755');
  tmpfs(join(R, 'root'), 'mode=0700');
  mkdirSync(join(R, 'mnt'));
  mkdirSync(join(R, 'media'));
  if (c.role === 'router') {
    mkdirSync(join(R, 'misc'));
    tmpfs(join(R, APP_HOST), `mode=0755,size=${c.diskMb}m`);
  }

  // XR's extra commands, first on every PATH and at the paths XR has them.
  const sbin = sbinDir(c.labDir);
  mount(['--bind', sbin, join(R, 'usr/local/sbin')]);
  for (const cmd of ['service', 'adduser']) {
    const own = join(sbin, cmd);
    if (existsSync(own) && existsSync(join(R, 'usr/sbin', cmd))) mount(['--bind', own, join(R, 'usr/sbin', cmd)]);
  }

  for (const p of keepPaths) {
    const top = p.split('/').filter(Boolean)[0];
    if (top && SYSTEM_DIRS.includes(top) && !p.startsWith('/var/log') && !p.startsWith('/var/tmp')) continue;
    mkdirSync(join(R, p), { recursive: true });
    mount(['--rbind', p, join(R, p)]);
  }

  mkdirSync(join(R, '.oldroot'));
  process.chdir(R);
  runOkSync('pivot_root', ['.', '.oldroot']);
  runOkSync('umount', ['-l', '/.oldroot']);
  rmdirSync('/.oldroot');
  process.chdir('/');
}

/** Users, groups and home files, once inside the lab root. */
export function setUpAccounts(c: LabConfig): void {
  for (const f of ['.bashrc', '.profile']) {
    if (existsSync(`/etc/skel/${f}`)) writeFileSync(`/root/${f}`, readFileSync(`/etc/skel/${f}`));
  }
  const groups = ['sudo'];
  if (c.role === 'router') {
    runOkSync('groupadd', ['-f', 'app_host']);
    const scratch = join(APP_HOST, 'scratch');
    mkdirSync(scratch, { recursive: true });
    runOkSync('chgrp', ['app_host', scratch]);
    chmodSync(scratch, 0o2775);
    groups.push('app_host');
  }
  if (c.linuxUser) {
    const u = c.linuxUser;
    runOkSync('useradd', ['-m', '-s', '/bin/bash', '-G', groups.join(','), '--', u.user]);
    runOkSync('chpasswd', [], { input: `${u.user}:${u.password}\n` });
  }
}
