// The lab host's file system. Three parts:
//  - prepareEtc (host side, before the supervisor starts): a private copy of /etc with XR's files
//    (sysconfig/docker, certs.d, global-vrf hosts/resolv.conf, sudoers, prompts), without
//    anything of this machine that is not world-readable (shadow, keys, secrets) and with
//    passwd/group/shadow holding only the lab's own accounts.
//  - enterLabRoot (in the supervisor, inside its fresh mount and PID namespaces): a new root made
//    of read-only bind mounts of the host's programs and libraries plus a fresh /proc (the lab's
//    own PID namespace), a minimal /dev, a read-only /sys (cgroups writable for dockerd), and
//    private /etc, /var, /run, /tmp, /home, /root and the size-limited /misc/app_host, then
//    pivot_root into it. Building a new root (rather than mounting over the host's) lets /misc
//    exist without creating it on the host.
//  - buildHostLayer (vagrant, ncs5500): the root the docker daemon sees on those platforms, where
//    it runs in the host layer that shares only /misc/app_host and /var/run/netns with XR.
import { appendFileSync, chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabConfig } from './lab-config.js';
import { runOkSync } from './run-command.js';
import { sbinDir } from './router-commands.js';
import { SYSCONFIG_DOCKER } from './sysconfig-docker.js';

export const APP_HOST = '/misc/app_host';
/** Where root's login finds the router's docker daemon (DOCKER_HOST), as on XR. */
export const ROUTER_DOCKER_SOCKET = `${APP_HOST}/docker.sock`;

/** The /etc the host layer's dockerd sees (vagrant, ncs5500), host side. */
export function hostLayerEtcDir(labDir: string): string {
  return join(labDir, 'host-etc');
}
/** Mount point of the host layer's root inside the lab host (vagrant, ncs5500). */
export function hostLayerRoot(labDir: string): string {
  return join(labDir, 'host-layer');
}

/** Whether the platform's docker daemon runs in the host layer rather than in XR's own view. */
export function dockerInHostLayer(c: Pick<LabConfig, 'role' | 'platform'>): boolean {
  return c.role === 'router' && c.platform !== 'asr9k';
}

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

// The accounts a lab host starts with (taken from this machine's files so ids match the
// installed programs): system accounts only. The lab adds its own users (vagrant, XR's
// adduser) on top. No host user, and no password hash of this machine, ever gets in.
const LAB_ACCOUNTS = new Set(['root', 'daemon', 'bin', 'sys', 'sync', 'nobody', 'sshd', '_apt', 'messagebus']);
const LAB_GROUPS = new Set([
  'root', 'daemon', 'bin', 'sys', 'adm', 'tty', 'disk', 'kmem', 'shadow', 'utmp', 'sudo', 'users', 'staff', 'nogroup', '_ssh', 'crontab', 'messagebus',
]);

function writeAccounts(etc: string): void {
  const lines = (f: string): string[] => {
    try {
      return readFileSync(join(etc, f), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  const passwd = lines('passwd').filter((l) => LAB_ACCOUNTS.has(l.split(':')[0] ?? ''));
  if (!passwd.some((l) => l.startsWith('root:'))) passwd.unshift('root:x:0:0:root:/root:/bin/bash');
  const users = new Set(passwd.map((l) => l.split(':')[0]));
  // Group members are cleared to the lab's accounts too.
  const group = lines('group')
    .filter((l) => LAB_GROUPS.has(l.split(':')[0] ?? ''))
    .map((l) => {
      const f = l.split(':');
      f[3] = (f[3] ?? '').split(',').filter((m) => users.has(m)).join(',');
      return f.join(':');
    });
  if (!group.some((l) => l.startsWith('root:'))) group.unshift('root:x:0:');
  const day = Math.floor(Date.now() / 86_400_000);
  // Every starting account is locked ('*'): root logs in through the XR CLI, which has its own password.
  const shadow = [...users].map((u) => `${u}:*:${day}:0:99999:7:::`);
  const gshadow = group.map((l) => `${l.split(':')[0]}:*::${l.split(':')[3] ?? ''}`);
  const shadowGid = group.find((l) => l.startsWith('shadow:'))?.split(':')[2];
  for (const f of ['passwd-', 'group-', 'shadow-', 'gshadow-', 'subuid', 'subgid', 'subuid-', 'subgid-']) rmSync(join(etc, f), { force: true });
  writeFileSync(join(etc, 'passwd'), passwd.join('\n') + '\n', { mode: 0o644 });
  writeFileSync(join(etc, 'group'), group.join('\n') + '\n', { mode: 0o644 });
  for (const [f, text] of [['shadow', shadow], ['gshadow', gshadow]] as const) {
    const p = join(etc, f);
    rmSync(p, { force: true });
    writeFileSync(p, text.join('\n') + '\n', { mode: 0o640 });
    if (shadowGid) runOkSync('chown', [`0:${shadowGid}`, p]);
  }
}

/**
 * Removes from the copy of /etc everything this machine keeps from its other users: files
 * that are not world-readable (shadow, private keys, Wi-Fi and VPN secrets, keytabs...) and
 * directories others may not enter. What every user can read anyway may stay.
 */
function scrubSecrets(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    const mode = lstatSync(p).mode;
    if (e.isDirectory()) {
      if ((mode & 0o005) !== 0o005) rmSync(p, { recursive: true, force: true });
      else scrubSecrets(p);
    } else if ((mode & 0o004) === 0) rmSync(p, { force: true });
  }
}

/** Copies /etc into the lab dir and turns it into the router's (or devbox's) /etc. */
export function prepareEtc(c: LabConfig): void {
  const etc = etcDir(c.labDir);
  runOkSync('cp', ['-a', '/etc', etc]);
  scrubSecrets(etc);
  // Nothing of the host's identity: each lab dockerd makes its own key, sshd uses lab keys.
  rmSync(join(etc, 'docker'), { recursive: true, force: true });
  for (const f of ['machine-id', 'sudoers.d']) rmSync(join(etc, f), { recursive: true, force: true });
  for (const t of ['rsa', 'ecdsa', 'ed25519', 'dsa']) {
    rmSync(join(etc, `ssh/ssh_host_${t}_key`), { force: true });
    rmSync(join(etc, `ssh/ssh_host_${t}_key.pub`), { force: true });
  }
  writeAccounts(etc);
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
  if (dockerInHostLayer(c)) {
    // The host layer's own /etc: the same files, but certs.d only gets what the supervisor
    // copies over (after a delay, as on the router); global-vrf is bound in from XR's /etc.
    const hl = hostLayerEtcDir(c.labDir);
    runOkSync('cp', ['-a', etc, hl]);
    rmSync(join(hl, 'docker/certs.d'), { recursive: true, force: true });
    rmSync(join(hl, 'sysconfig'), { recursive: true, force: true }); // XR's, read by XR's service script
    mkdirSync(join(hl, 'docker/certs.d'), { recursive: true });
  }
}

// Host directories the lab host sees, read-only: programs and libraries stay the host's.
const SYSTEM_DIRS = ['bin', 'boot', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'sbin', 'srv', 'usr'];
// The device nodes a lab host gets (plus devpts, shm and the /proc/self/fd links).
const DEVICES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'];

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

function bindSystemDirs(R: string): void {
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
      mount(['-o', 'remount,bind,ro', join(R, name)]);
    }
  }
}

/** A private /var: the host's own docker data, logs, caches and sudo state are not the router's. */
function privateVar(R: string): void {
  tmpfs(join(R, 'var'), 'mode=0755,size=64m');
  for (const d of ['lib/sudo', 'lib/misc', 'log', 'cache', 'spool', 'mail', 'local', 'opt', 'backups', 'empty']) mkdirSync(join(R, 'var', d), { recursive: true });
  tmpfs(join(R, 'var/tmp'), 'mode=1777');
  symlinkSync('/run', join(R, 'var/run'));
  symlinkSync('/run/lock', join(R, 'var/lock'));
}

/** Null, zero, full, random, urandom, tty, a private devpts (ptmx) and shm: nothing else of this machine. */
function minimalDev(R: string): void {
  const dev = join(R, 'dev');
  tmpfs(dev, 'mode=0755,size=64k,nosuid,noexec');
  for (const d of DEVICES) bindFile(`/dev/${d}`, join(dev, d));
  mkdirSync(join(dev, 'pts'));
  const tty = /^tty:[^:]*:(\d+):/m.exec(readFileSync('/etc/group', 'utf8'))?.[1] ?? '5';
  mount(['-t', 'devpts', '-o', `newinstance,ptmxmode=0666,mode=0620,gid=${tty},nosuid,noexec`, 'xrcl-devpts', join(dev, 'pts')]);
  symlinkSync('pts/ptmx', join(dev, 'ptmx'));
  tmpfs(join(dev, 'shm'), 'mode=1777,nosuid,nodev');
  mkdirSync(join(dev, 'mqueue'));
  symlinkSync('/proc/self/fd', join(dev, 'fd'));
  ['stdin', 'stdout', 'stderr'].forEach((n, i) => symlinkSync(`/proc/self/fd/${i}`, join(dev, n)));
}

/**
 * Builds the lab host's root under <labDir>/rootfs and pivots into it. Runs in the supervisor,
 * which unshare(1) started in private mount, UTS and PID namespaces, so none of this is seen by
 * the host. `keepPaths` (the repo and node, read-only; the lab dir) stay reachable at their usual paths.
 */
export function enterLabRoot(c: LabConfig, keepPaths: { path: string; readOnly: boolean }[]): void {
  const R = join(c.labDir, 'rootfs');
  mkdirSync(R, { recursive: true });
  mount(['-t', 'tmpfs', '-o', 'mode=0755,size=16m', 'xrcl-rootfs', R]);
  bindSystemDirs(R);

  // The lab's own PID namespace: a fresh /proc shows the router's processes only.
  mkdirSync(join(R, 'proc'));
  mount(['-t', 'proc', '-o', 'nosuid,nodev,noexec', 'proc', join(R, 'proc')]);
  // A fresh sysfs (the lab's network devices), read-only; cgroups stay writable for dockerd.
  mkdirSync(join(R, 'sys'));
  mount(['-t', 'sysfs', '-o', 'ro,nosuid,nodev,noexec', 'sysfs', join(R, 'sys')]);
  mount(['--rbind', '/sys/fs/cgroup', join(R, 'sys/fs/cgroup')]);
  minimalDev(R);
  privateVar(R);

  mkdirSync(join(R, 'etc'));
  mount(['--bind', etcDir(c.labDir), join(R, 'etc')]);

  tmpfs(join(R, 'run'), 'mode=0755,size=64m');
  for (const d of ['netns', 'sshd', 'lock', 'user']) mkdirSync(join(R, 'run', d));
  chmodSync(join(R, 'run/lock'), 0o1777);
  // Shared, so the host layer (vagrant, ncs5500) sees the namespaces XR adds, as on the router.
  mount(['--bind', join(R, 'run/netns'), join(R, 'run/netns')]);
  mount(['--make-shared', join(R, 'run/netns')]);
  if (c.role === 'router') {
    // XR's default VRF as a named namespace (tpnns is its alias), so `ip netns exec global-vrf`
    // works inside the router.
    // /proc/self: this process in the host's /proc, still mounted here (pid numbers differ now).
    bindFile('/proc/self/ns/net', join(R, 'run/netns/global-vrf'));
    symlinkSync('global-vrf', join(R, 'run/netns/tpnns'));
  }
  // A private /tmp: what users leave there goes away with the lab.
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

  for (const { path: p, readOnly } of keepPaths) {
    const top = p.split('/').filter(Boolean)[0];
    if (top && SYSTEM_DIRS.includes(top)) continue;
    mkdirSync(join(R, p), { recursive: true });
    mount(['--rbind', p, join(R, p)]);
    if (readOnly) mount(['-o', 'remount,bind,ro', join(R, p)]);
  }

  mkdirSync(join(R, '.oldroot'));
  process.chdir(R);
  runOkSync('pivot_root', ['.', '.oldroot']);
  runOkSync('umount', ['-l', '/.oldroot']);
  rmdirSync('/.oldroot');
  process.chdir('/');
}

/**
 * The docker daemon's root on vagrant and ncs5500 (run inside the lab host, after
 * enterLabRoot): the host layer, which shares only /misc/app_host and /var/run/netns with the
 * XR shell. Its own /etc (certs.d filled later by the supervisor), /run, /var, /tmp; the lab dir
 * for the daemon's data. Made read-only, so a bind mount from any other path fails as on the
 * router. The service script pivots dockerd into it (xrcl-host-layer).
 */
export function buildHostLayer(c: LabConfig): string {
  const H = hostLayerRoot(c.labDir);
  mkdirSync(H, { recursive: true });
  mount(['-t', 'tmpfs', '-o', 'mode=0755,size=1m', 'xrcl-host-layer', H]);
  bindSystemDirs(H);
  for (const d of ['proc', 'sys', 'dev']) {
    mkdirSync(join(H, d));
    mount(['--rbind', `/${d}`, join(H, d)]);
  }
  mkdirSync(join(H, 'etc'));
  mount(['--bind', hostLayerEtcDir(c.labDir), join(H, 'etc')]);
  mkdirSync(join(H, 'etc/netns/global-vrf'), { recursive: true });
  mount(['--bind', '/etc/netns/global-vrf', join(H, 'etc/netns/global-vrf')]);
  tmpfs(join(H, 'run'), 'mode=0755,size=16m');
  for (const d of ['lock', 'netns']) mkdirSync(join(H, 'run', d));
  mount(['--rbind', '/run/netns', join(H, 'run/netns')]);
  privateVar(H);
  tmpfs(join(H, 'tmp'), 'mode=1777,size=64m');
  mkdirSync(join(H, APP_HOST), { recursive: true });
  mount(['--bind', APP_HOST, join(H, APP_HOST)]);
  mkdirSync(join(H, c.labDir), { recursive: true });
  mount(['--bind', c.labDir, join(H, c.labDir)]);
  mkdirSync(join(H, 'root'), { mode: 0o700 });
  mkdirSync(join(H, '.oldroot'));
  mount(['-o', 'remount,ro', join(H)]);
  return H;
}

/** Users, groups and home files, once inside the lab root. */
export function setUpAccounts(c: LabConfig): void {
  for (const f of ['.bashrc', '.profile']) {
    if (existsSync(`/etc/skel/${f}`)) writeFileSync(`/root/${f}`, readFileSync(`/etc/skel/${f}`));
  }
  if (c.role === 'router') {
    // As on XR: the docker CLI finds the daemon only through root's login environment
    // (`sudo -i`, the XR CLI's `bash`), not at the default socket path.
    appendFileSync('/root/.profile', `\n# The router's docker daemon (XR).\nexport DOCKER_HOST=unix://${ROUTER_DOCKER_SOCKET}\n`);
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
