// What the practice lab grants other users of this machine: nothing. A local user made for the
// test cannot open connections to a lab host (IPv4 or IPv6) while root can; the lab host has
// its own PID namespace, a read-only /sys, a minimal /dev and an /etc without this machine's
// users; a state directory another user planted makes `up` refuse and touch nothing; the
// firewall rules (iptables and ip6tables) exist while a lab is up and go with the last one.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labExec, labUp, type LabInfo } from './lab-api.js';
import { BRIDGE, listLabDirs } from './lab-config.js';
import { firewallRulesPresent, OUTPUT_CHAIN } from './lab-network.js';
import { nsInode, pidAlive } from './lab-processes.js';
import { run } from './run-command.js';
import { sshBanner } from './ssh-probe.js';
import { waitFor } from '../support/wait-for.js';
import { labSuiteSkipReason, removeKnownHosts, sshRun, type Endpoint } from './stock-clients.js';

const skip = labSuiteSkipReason(['runuser', 'setpriv', 'useradd', 'userdel', 'ip6tables']);
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NAME = 'itest-security';
const USER = `xrclsec${process.pid % 100000}`;
const PORT = 42222;

/** Opens a TCP connection as `user` (bash's /dev/tcp) and prints what the server sends first. */
function connectAs(user: string, host: string, port: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = `exec 3<>"/dev/tcp/${host}/${port}" && timeout 5 head -c 7 <&3`;
  // Bounded: a connection that hangs counts as refused.
  const bounded = ['timeout', '8', 'bash', '-c', script];
  const argv = user === 'root' ? bounded : ['runuser', '-u', user, '--', ...bounded];
  return run(argv[0] as string, argv.slice(1), { timeoutMs: 20_000 });
}

async function labCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'tests/lab/cli.ts'), ...args], { cwd: REPO, env, timeoutMs: 60_000 });
}

function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = statSync(p);
      out.push(`${p} ${st.uid} ${(st.mode & 0o7777).toString(8)} ${e.isFile() ? readFileSync(p, 'utf8') : ''}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.join('\n');
}

describe.skipIf(skip !== null)(`practice lab security${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LabInfo;
  let shell: Endpoint;
  let uid: number;
  const cleanups: (() => void | Promise<void>)[] = [];
  const asRoot = (command: string) => sshRun(shell, `sudo -i ${command}`);

  beforeAll(async () => {
    await labDown({ name: NAME }).catch(() => undefined);
    await run('userdel', ['-r', USER]);
    // A user with a password hash in this machine's /etc/shadow, made before the lab copies /etc.
    const add = await run('useradd', ['-m', '-s', '/bin/bash', USER]);
    expect(add.stderr).toBe('');
    cleanups.push(async () => {
      // userdel refuses while a process of the user still runs (connectAs ends by itself).
      await waitFor(async () => (await run('userdel', ['-r', USER])).code !== 8, { timeoutMs: 15_000, intervalMs: 500, what: `userdel ${USER}` });
    });
    expect((await run('chpasswd', [], { input: `${USER}:not-a-lab-password\n` })).code).toBe(0);
    uid = Number((await run('id', ['-u', USER])).stdout.trim());
    lab = await labUp({ platform: 'vagrant', name: NAME });
    shell = lab.endpoints.xrShell as Endpoint;
  });

  afterAll(async () => {
    await labDown({ name: NAME }).catch(() => undefined);
    for (const c of cleanups.reverse()) await c();
    removeKnownHosts();
  });

  it('another local user cannot connect to the router (22, 57722); root can', async () => {
    for (const port of [22, 57722]) {
      const other = await connectAs(USER, lab.labAddress, port);
      expect(other.code, `user ${USER} on port ${port}`).not.toBe(0);
      expect(other.stdout).not.toContain('SSH-2.0');
      expect(await sshBanner(lab.labAddress, port)).toMatch(/^SSH-2\.0-/);
      expect((await connectAs('root', lab.labAddress, port)).stdout).toBe('SSH-2.0');
    }
    // The user who ran sudo is let in (SUDO_UID): the rule is there for root only here.
    const rules = (await run('iptables', ['-S', OUTPUT_CHAIN])).stdout;
    expect(rules).toContain('--uid-owner 0 ');
    expect(rules).not.toContain(`--uid-owner ${uid} `);
  });

  it("a server another user runs on this machine does not answer lab hosts; root's does", async () => {
    const serve = (port: number, text: string) =>
      `require('net').createServer((s) => s.end('${text}')).listen(${port}, '${lab.hostAddress}'); setTimeout(() => process.exit(0), 30000)`;
    const servers: ChildProcess[] = [
      // setpriv execs (runuser would fork and outlive a kill), so the kill below ends the server.
      spawn('setpriv', ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', process.execPath, '-e', serve(PORT + 1, 'user')], { stdio: 'ignore' }),
      spawn(process.execPath, ['-e', serve(PORT + 2, 'root')], { stdio: 'ignore' }),
    ];
    try {
      const fromLab = (port: number) =>
        labExec(NAME, ['timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${lab.hostAddress}/${port} && timeout 2 head -c 4 <&3`]);
      const root = await waitFor(async () => {
        const r = await fromLab(PORT + 2);
        return r.stdout === 'root' ? r : undefined;
      }, { timeoutMs: 10_000, what: "root's server to answer the lab host" });
      expect(root.stdout).toBe('root');
      const user = await fromLab(PORT + 1);
      expect(user.stdout).toBe('');
      expect(user.code).not.toBe(0);
      // The lab host still gets a prompt "refused" from a closed port (kernel resets pass).
      const t0 = Date.now();
      const closed = await fromLab(PORT + 3);
      expect(closed.stderr).toContain('Connection refused');
      expect(Date.now() - t0).toBeLessThan(3000);
      expect((await labExec(NAME, ['busybox', 'ping', '-c', '1', '-W', '2', lab.hostAddress])).code).toBe(0);
    } finally {
      servers.forEach((p) => p.kill('SIGKILL'));
    }
  });

  it('IPv6 too: a listener on the lab host is reachable by root only, over the link-local address', async () => {
    const addr = (await labExec(NAME, ['ip', '-6', '-o', 'addr', 'show', 'dev', lab.interface, 'scope', 'link'])).stdout;
    const ll = /inet6 (fe80::[0-9a-f:]+)\//.exec(addr)?.[1];
    expect(ll, addr).toBeTruthy();
    const server = `require('net').createServer((s) => s.end('hello6\\n')).listen(${PORT}, '::')`;
    const started = await labExec(NAME, ['bash', '-c', `setsid timeout 60 ${JSON.stringify(process.execPath)} -e "${server}" </dev/null >/dev/null 2>&1 &`]);
    expect(started.code).toBe(0);
    const target = `${ll}%${BRIDGE}`;
    // The server in the lab host starts in the background: wait until it answers root.
    const root = await waitFor(async () => {
      const r = await connectAs('root', target, PORT);
      return r.stdout ? r : undefined;
    }, { timeoutMs: 5_000, intervalMs: 100, what: 'the IPv6 test server to answer' });
    expect(root.stdout).toBe('hello6\n'.slice(0, 7));
    const other = await connectAs(USER, target, PORT);
    expect(other.code).not.toBe(0);
    expect(other.stdout).toBe('');
    await labExec(NAME, ['pkill', '-f', `listen\\(${PORT}`]);
  });

  it('ip6tables and iptables carry the lab rules while a lab is up', async () => {
    for (const t of ['iptables', 'ip6tables']) {
      const chain = await run(t, ['-S', OUTPUT_CHAIN]);
      expect(chain.code).toBe(0);
      expect(chain.stdout).toMatch(/-j REJECT/);
      expect((await run(t, ['-C', 'OUTPUT', '-o', BRIDGE, '-m', 'comment', '--comment', 'xrcl-lab', '-j', OUTPUT_CHAIN])).code).toBe(0);
      expect((await run(t, ['-C', 'FORWARD', '-i', BRIDGE, '-o', BRIDGE, '-m', 'comment', '--comment', 'xrcl-lab', '-j', 'ACCEPT'])).code).toBe(0);
    }
  });

  it("root in the lab host sees the router's processes only, even through nsenter -t 1 -a", async () => {
    const ps = await asRoot('ps -e -o pid=,args=');
    expect(ps.code).toBe(0);
    expect(ps.stdout).toContain('dockerd');
    expect(ps.stdout).not.toContain('vitest'); // this test run, on this machine
    const init = await asRoot(`bash -c 'tr "\\0" " " </proc/1/cmdline'`);
    expect(init.stdout).toMatch(/(docker-init|tini).* -- .*supervisor\.ts --lab-dir/);
    expect(init.stdout).toContain(lab.labDir);
    const escape = await asRoot(`nsenter -t 1 -a ps -e -o args=`);
    expect(escape.stdout).toContain('dockerd');
    expect(escape.stdout).not.toContain('vitest');
    // Not this machine's mount namespace either.
    expect((await asRoot('readlink /proc/1/ns/mnt')).stdout).not.toContain(nsInode(1, 'mnt') ?? 'none');
  });

  it('/sys is read-only, /dev minimal, /var private', async () => {
    const sys = await asRoot('touch /sys/kernel/xrcl-test');
    expect(sys.code).not.toBe(0);
    expect(sys.stderr).toContain('Read-only file system');
    const mounts = (await asRoot('cat /proc/mounts')).stdout;
    expect(mounts).toMatch(/^sysfs \/sys sysfs ro,/m);
    const dev = (await asRoot('ls /dev')).stdout.trim().split(/\s+/).sort();
    const allowed = ['fd', 'full', 'mqueue', 'null', 'ptmx', 'pts', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', 'zero'];
    for (const d of dev) expect(allowed, `/dev/${d}`).toContain(d);
    expect((await asRoot('ls /var/lib')).stdout).not.toContain('docker-registry');
    expect(mounts).not.toMatch(/ \/var (ext4|xfs|btrfs|overlay)/);
  });

  it("the lab's /etc holds only the lab's own users, and no password hash of this machine", async () => {
    const shadow = await asRoot('cat /etc/shadow');
    expect(shadow.code).toBe(0);
    const names = shadow.stdout.trim().split('\n').map((l) => l.split(':')[0]);
    expect(names).toContain('root');
    expect(names).toContain('vagrant');
    const hostUsers = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .filter((f) => Number(f[2]) >= 1000 && Number(f[2]) < 65534)
      .map((f) => f[0]);
    expect(hostUsers).toContain(USER);
    for (const u of hostUsers) expect(names, `host user ${u}`).not.toContain(u);
    const hashes = shadow.stdout.split('\n').filter((l) => (l.split(':')[1] ?? '').startsWith('$'));
    expect(hashes.map((l) => l.split(':')[0])).toEqual(['vagrant']);
    const passwd = (await asRoot('cat /etc/passwd /etc/group')).stdout;
    expect(passwd).not.toContain(USER);
    const secrets = await asRoot('ls /etc/ssl/private /etc/shadow- /etc/subuid');
    expect(secrets.code).not.toBe(0);
  });

  it('a state directory planted by another user makes up refuse and touch nothing', async () => {
    const planted = mkdtempSync('/tmp/xrcl-lab-planted-');
    cleanups.push(() => rmSync(planted, { recursive: true, force: true }));
    // A record that would make the clean-up kill a process and delete a namespace it does not own.
    const victim = spawn('sleep', ['600'], { stdio: 'ignore' });
    cleanups.push(() => void victim.kill('SIGKILL'));
    const victimNs = 'xrcl-victim';
    expect((await run('ip', ['netns', 'add', victimNs])).code).toBe(0);
    try {
    mkdirSync(join(planted, 'victim'));
    writeFileSync(
      join(planted, 'victim/lab.json'),
      JSON.stringify({
        name: 'victim', role: 'router', platform: 'vagrant', index: 9, netns: victimNs, hostVeth: 'xrclv9',
        labDir: join(planted, 'victim'), createdAt: '2020-01-01T00:00:00Z',
        runtime: { supervisorPid: (victim as ChildProcess).pid, mntNs: nsInode(1, 'mnt'), netNs: '' },
      }),
    );
    for (const p of [planted, join(planted, 'victim'), join(planted, 'victim/lab.json')]) chownSync(p, uid, uid);
    chmodSync(planted, 0o755);
    const before = snapshot(planted);
    const env = { ...process.env, XRCL_LAB_DIR: planted };

    const up = await labCli(['up', '--name', 'planted-up'], env);
    expect(up.code).toBe(1);
    expect(up.stdout).toBe('');
    expect(up.stderr).toContain(`Refusing to use the lab state directory ${planted}: it is owned by ${USER} (uid ${uid}), not by root`);
    expect(up.stderr.trim().split('\n')).toHaveLength(1);
    for (const args of [['status'], ['down', '--all']]) {
      const r = await labCli(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Refusing to use the lab state directory');
    }
    expect(snapshot(planted)).toBe(before);
    expect(pidAlive(victim.pid as number)).toBe(true);
    const netns = (await run('ip', ['netns', 'list'])).stdout;
    expect(netns).toContain(victimNs);
    expect(netns).not.toContain('xrcl-planted-up');

    // Root's, but open to everyone: refused the same way.
    chownSync(planted, 0, 0);
    chmodSync(planted, 0o777);
    const before2 = snapshot(planted);
    const open = await labCli(['up', '--name', 'planted-up'], env);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain('its mode is 777');
    expect(snapshot(planted)).toBe(before2);
    expect(pidAlive(victim.pid as number)).toBe(true);
    } finally {
      await run('ip', ['netns', 'del', victimNs]);
    }
  });

  it('the default state directory is root-only', () => {
    const st = statSync(dirname(lab.labDir));
    expect(dirname(lab.labDir)).toBe('/run/xrcl-lab');
    expect(st.uid).toBe(0);
    expect(st.mode & 0o777).toBe(0o700);
  });

  it('the user who ran sudo (SUDO_UID) may connect too', async () => {
    const env = { ...process.env, SUDO_UID: String(uid), SUDO_USER: USER };
    const up = await labCli(['up', '--role', 'devbox', '--name', 'itest-sudo-user'], env);
    cleanups.push(async () => void (await labDown({ name: 'itest-sudo-user' }).catch(() => undefined)));
    expect(up.stderr).toBe('');
    const devbox = JSON.parse(up.stdout) as LabInfo;
    expect((await connectAs(USER, devbox.labAddress, 22)).stdout).toBe('SSH-2.0');
    expect((await run('ip6tables', ['-S', OUTPUT_CHAIN])).stdout).toContain(`--uid-owner ${uid} `);
    await labDown({ name: 'itest-sudo-user' });
  });

  it('down of the last lab removes the firewall rules of both tables', async () => {
    await labDown({ name: NAME });
    if (listLabDirs().length > 0) return; // another lab is up on this machine: its rules stay
    expect(firewallRulesPresent()).toEqual([]);
  });
});
