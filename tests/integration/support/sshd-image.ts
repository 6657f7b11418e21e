// A small image with OpenSSH's sshd, made from this machine's own files (no registry, no
// download): sshd, scp, bash and the libraries they link, busybox-static for the rest, a
// `vagrant` user holding Vagrant's insecure public key, and sshd listening on 22 and 57722 the
// way the IOS-XRv box serves the XR CLI and the XR Linux shell, and the box's password login
// (vagrant/vagrant) beside the key. `docker import` turns the
// folder into an image that Vagrant's docker provider can bring up with has_ssh.
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findCommand } from '../../lab/lab-prereqs';
import { runOkSync, runSync } from '../../lab/run-command';

const BINARIES = ['/usr/sbin/sshd', '/usr/bin/bash', '/usr/bin/scp', '/usr/lib/openssh/sftp-server'];
const VAGRANT_PUB_CANDIDATES = [
  '/usr/share/rubygems-integration/all/gems/vagrant-2.3.4/keys/vagrant.pub',
  '/usr/share/vagrant/keys/vagrant.pub',
];

/** Why the image cannot be built here, or null. */
export function sshdImageProblem(): string | null {
  if (process.platform !== 'linux') return 'the sshd test image is built from Linux binaries';
  if (process.getuid?.() !== 0) return 'building the sshd test image needs root (file ownership inside the image)';
  for (const b of BINARIES) if (!existsSync(b)) return `${b} is missing: apt-get install openssh-server openssh-client bash`;
  if (!findCommand('busybox')) return 'busybox not found: apt-get install busybox-static';
  if (!findCommand('ssh-keygen')) return 'ssh-keygen not found: apt-get install openssh-client';
  if (!findCommand('openssl')) return 'openssl not found: apt-get install openssl';
  if (!vagrantPublicKey()) return "Vagrant's insecure public key (keys/vagrant.pub) was not found";
  return null;
}

function vagrantPublicKey(): string | null {
  const fromGem = runSync('gem', ['contents', 'vagrant']).stdout.split('\n').find((l) => l.endsWith('/keys/vagrant.pub'));
  for (const p of [fromGem, ...VAGRANT_PUB_CANDIDATES]) if (p && existsSync(p)) return readFileSync(p, 'utf8');
  return null;
}

/** Shared libraries a binary loads, as ldd resolves them (plus the loader itself). */
function librariesOf(binary: string): string[] {
  const out = runOkSync('ldd', [binary]);
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s+(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m) libs.push(m[1]!);
  }
  return libs;
}

/** Copies a host file to the same path under root, following symlinks (merged /usr aware). */
function copyIn(root: string, file: string, mode?: number): void {
  const dest = path.join(root, file.replace(/^\/(lib|lib64|bin|sbin)\//, '/usr/$1/'));
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(realpathSync(file), dest);
  if (mode !== undefined) chmodSync(dest, mode);
}

/** Builds the image `tag` from a temporary folder; returns the tag. */
export function buildSshdImage(tag: string): string {
  const problem = sshdImageProblem();
  if (problem) throw new Error(problem);
  const root = mkdtempSync(path.join(os.tmpdir(), 'xrcl-sshd-rootfs-'));
  try {
    for (const d of ['usr/bin', 'usr/sbin', 'usr/lib', 'usr/lib64', 'etc/ssh', 'run/sshd', 'var/empty', 'tmp', 'home/vagrant/.ssh', 'root', 'dev', 'proc', 'sys']) {
      mkdirSync(path.join(root, d), { recursive: true });
    }
    chmodSync(path.join(root, 'tmp'), 0o1777);
    for (const [link, target] of [['bin', 'usr/bin'], ['sbin', 'usr/sbin'], ['lib', 'usr/lib'], ['lib64', 'usr/lib64']]) {
      symlinkSync(target!, path.join(root, link!));
    }
    const libs = new Set<string>();
    for (const b of BINARIES) {
      copyIn(root, b, 0o755);
      for (const l of librariesOf(b)) libs.add(l);
    }
    for (const l of libs) copyIn(root, l);

    const busybox = findCommand('busybox')!;
    copyIn(root, busybox, 0o755);
    const bbDest = '/usr/bin/busybox';
    for (const applet of runOkSync(busybox, ['--list']).split('\n')) {
      if (!/^[\w.[-]+$/.test(applet)) continue;
      const dest = path.join(root, 'usr/bin', applet);
      if (!existsSync(dest)) symlinkSync(bbDest, dest);
    }

    writeFileSync(path.join(root, 'etc/passwd'), [
      'root:x:0:0:root:/root:/bin/bash',
      'sshd:x:100:65534::/run/sshd:/usr/sbin/nologin',
      'vagrant:x:1000:1000:vagrant:/home/vagrant:/bin/bash',
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      '',
    ].join('\n'));
    // Vagrant detects the guest from os-release; ID=linux selects its generic Linux guest.
    writeFileSync(path.join(root, 'etc/os-release'), 'NAME="XR Container Lab test image"\nID=linux\n');
    writeFileSync(path.join(root, 'etc/group'), ['root:x:0:', 'vagrant:x:1000:', 'nogroup:x:65534:', ''].join('\n'));
    // '*' is "no password" but not locked; vagrant has the box's password, as the real boxes do.
    const vagrantHash = runOkSync('openssl', ['passwd', '-6', 'vagrant']).trim();
    writeFileSync(path.join(root, 'etc/shadow'), ['root:*:19000:0:99999:7:::', 'sshd:*:19000:0:99999:7:::', `vagrant:${vagrantHash}:19000:0:99999:7:::`, ''].join('\n'), { mode: 0o600 });
    writeFileSync(path.join(root, 'etc/ssh/sshd_config'), [
      'Port 22',
      'Port 57722',
      'HostKey /etc/ssh/ssh_host_ed25519_key',
      'PermitRootLogin no',
      'UsePAM no',
      'PasswordAuthentication yes',
      'AuthorizedKeysFile .ssh/authorized_keys',
      'Subsystem sftp /usr/lib/openssh/sftp-server',
      '',
    ].join('\n'));
    runOkSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'xrcl-itest', '-f', path.join(root, 'etc/ssh/ssh_host_ed25519_key')]);
    const ak = path.join(root, 'home/vagrant/.ssh/authorized_keys');
    writeFileSync(ak, vagrantPublicKey()!, { mode: 0o600 });
    chmodSync(path.join(root, 'home/vagrant/.ssh'), 0o700);
    for (const p of ['home/vagrant', 'home/vagrant/.ssh', 'home/vagrant/.ssh/authorized_keys']) chownSync(path.join(root, p), 1000, 1000);

    const tarFile = path.join(path.dirname(root), `${path.basename(root)}.tar`);
    runOkSync('tar', ['-C', root, '--numeric-owner', '-cf', tarFile, '.']);
    try {
      runOkSync('docker', ['import', '--change', 'CMD ["/usr/sbin/sshd","-D","-e"]', '--change', 'ENV PATH=/usr/bin:/usr/sbin', tarFile, tag], { timeoutMs: 120_000 });
    } finally {
      rmSync(tarFile, { force: true });
    }
    return tag;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function removeImage(tag: string): void {
  runSync('docker', ['rmi', '-f', tag]);
}
