import { describe, expect, it } from 'vitest';
import { loadOutput } from './fixtures/load-output';
import {
  parseGuestPort,
  parseMachineReadable,
  parsePortList,
  parseSshConfig,
  parseStatus,
  parseUpPorts,
  plainText,
  portListUnsupported,
  routerPortsFrom,
} from './vagrant-output-parsers';

describe('vagrant port', () => {
  it('reads the right-aligned default ports of the IOS-XRv box', () => {
    expect(parsePortList(loadOutput('vagrant-port.virtualbox.default.written'))).toEqual([
      { guest: 22, host: 2223 },
      { guest: 57722, host: 2222 },
    ]);
  });

  it('reads auto-corrected ports, through a PTY with colour codes', () => {
    const text = loadOutput('vagrant-port.virtualbox.auto-corrected.written', { pty: true }).replace('    22', '\u001b[0m    22');
    expect(routerPortsFrom({ portList: text })).toMatchObject({ cli: 2201, shell: 2200, sources: { cli: 'vagrant port', shell: 'vagrant port' } });
  });

  it('reads `vagrant port --guest 57722`', () => {
    expect(parseGuestPort(loadOutput('vagrant-port-guest.virtualbox.57722.written', { pty: true }))).toBe(2222);
    expect(parseGuestPort('')).toBeNull();
    expect(parseGuestPort(loadOutput('vagrant-port.docker.not-supported'))).toBeNull();
  });

  it('recognises the docker provider refusing to list ports (recorded)', () => {
    const text = loadOutput('vagrant-port.docker.not-supported');
    expect(portListUnsupported(text)).toBe(true);
    expect(parsePortList(text)).toEqual([]);
    expect(portListUnsupported(loadOutput('vagrant-port.virtualbox.default.written'))).toBe(false);
  });
});

describe('vagrant ssh-config (recorded, docker provider)', () => {
  it('reads every Host block', () => {
    const entries = parseSshConfig(loadOutput('vagrant-ssh-config.docker.two-machines', { pty: true }));
    expect(entries.map((e) => [e.host, e.hostName, e.port, e.user])).toEqual([
      ['rtr', '127.0.0.1', 2200, 'vagrant'],
      ['devbox', '127.0.0.1', 2222, 'vagrant'],
    ]);
    expect(entries[0]!.identityFiles).toEqual(['/tmp/vtry-home/insecure_private_key']);
    expect(entries[0]!.options.stricthostkeychecking).toBe('no');
  });

  it('is the fall-back for the shell port where `vagrant port` is not supported', () => {
    const ports = routerPortsFrom({
      portList: loadOutput('vagrant-port.docker.not-supported'),
      sshConfig: loadOutput('vagrant-ssh-config.docker.rtr'),
    });
    expect(ports).toEqual({ cli: null, shell: 2200, host: '127.0.0.1', sources: { shell: 'vagrant ssh-config' } });
  });

  it('quoted values and a machine other than rtr', () => {
    const e = parseSshConfig('Host devbox\r\n  HostName 172.17.0.3\r\n  Port 22\r\n  IdentityFile "/home/a b/.vagrant/machines/devbox/private_key"\r\n');
    expect(e[0]!.identityFiles).toEqual(['/home/a b/.vagrant/machines/devbox/private_key']);
    expect(routerPortsFrom({ sshConfig: 'Host rtr\n  HostName 172.17.0.2\n  Port 57722\n' }).host).toBe('172.17.0.2');
  });
});

describe('vagrant status --machine-readable (recorded, docker provider)', () => {
  it('lists machines, states and providers', () => {
    expect(parseStatus(loadOutput('vagrant-status.docker.running', { pty: true }))).toEqual([
      { name: 'rtr', state: 'running', stateHuman: 'running', provider: 'docker', created: true, running: true },
      { name: 'devbox', state: 'running', stateHuman: 'running', provider: 'docker', created: true, running: true },
    ]);
    expect(parseStatus(loadOutput('vagrant-status.docker.one-stopped')).map((m) => [m.name, m.state, m.running])).toEqual([
      ['rtr', 'running', true],
      ['devbox', 'stopped', false],
    ]);
    expect(parseStatus(loadOutput('vagrant-status.docker.not-created')).map((m) => [m.state, m.stateHuman, m.created])).toEqual([
      ['not_created', 'not created', false],
      ['not_created', 'not created', false],
    ]);
  });

  it('unescapes commas and newlines in data', () => {
    const ui = parseMachineReadable(loadOutput('vagrant-status.docker.running')).find((l) => l.type === 'ui')!;
    expect(ui.data[1]).toContain('rtr                       running (docker)\n');
    expect(ui.data[1]).toContain('VM, run `vagrant status NAME`.');
  });
});

describe('vagrant up forwarded ports', () => {
  it('reads VirtualBox "(adapter 1)" lines per machine (written from the reference)', () => {
    const { ports, collisions } = parseUpPorts(loadOutput('vagrant-up.virtualbox.two-machines.written', { pty: true }));
    expect(ports).toEqual([
      { machine: 'rtr', port: { guest: 57722, host: 2222, adapter: 1 } },
      { machine: 'rtr', port: { guest: 22, host: 2223, adapter: 1 } },
      { machine: 'devbox', port: { guest: 22, host: 2200, adapter: 1 } },
    ]);
    expect(collisions).toEqual([{ machine: 'devbox', guest: 22, wanted: 2222, now: 2200 }]);
    expect(routerPortsFrom({ upOutput: loadOutput('vagrant-up.virtualbox.two-machines.written') })).toMatchObject({ cli: 2223, shell: 2222 });
  });

  it('follows auto-corrected router ports', () => {
    const text = loadOutput('vagrant-up.virtualbox.second-topology-auto-corrected.written');
    expect(parseUpPorts(text).collisions.map((c) => `${c.guest}:${c.wanted}->${c.now}`)).toEqual(['57722:2222->2200', '22:2223->2201']);
    expect(routerPortsFrom({ upOutput: text })).toMatchObject({ cli: 2201, shell: 2200, sources: { cli: 'vagrant up', shell: 'vagrant up' } });
  });

  it('reads the docker provider "Port: ip:host:guest" lines and its collision fix (recorded)', () => {
    const text = loadOutput('vagrant-up.docker.rtr-port-collision', { pty: true });
    const { ports, collisions } = parseUpPorts(text);
    expect(ports).toEqual([
      { machine: 'rtr', port: { guest: 57722, host: 2200, hostIp: '127.0.0.1' } },
      { machine: 'rtr', port: { guest: 22, host: 2223, hostIp: '127.0.0.1' } },
    ]);
    expect(collisions).toEqual([{ machine: 'rtr', guest: 57722, wanted: 2222, now: 2200 }]);
    expect(routerPortsFrom({ upOutput: text })).toMatchObject({ cli: 2223, shell: 2200 });
  });

  it('reads the raw PTY bytes of a two-machine up (recorded through runInPty)', () => {
    const text = loadOutput('vagrant-up.docker.two-machines.pty');
    expect(text).toContain('\u001b[');
    expect(parseUpPorts(text).collisions).toEqual([{ machine: 'devbox', guest: 22, wanted: 2222, now: 2200 }]);
    expect(routerPortsFrom({ upOutput: text })).toMatchObject({ cli: 2223, shell: 2222 });
  });

  it('prefers `vagrant port` over older `vagrant up` output', () => {
    const ports = routerPortsFrom({
      portList: loadOutput('vagrant-port.virtualbox.auto-corrected.written'),
      upOutput: loadOutput('vagrant-up.virtualbox.two-machines.written'),
    });
    expect([ports.cli, ports.shell]).toEqual([2201, 2200]);
  });
});

describe('plainText', () => {
  it('drops colour codes and carriage returns', () => {
    expect(plainText('\u001b[1m==> rtr: Booting VM...\u001b[0m\r\nProgress: 10%\rProgress: 20%')).toBe('==> rtr: Booting VM...\nProgress: 10%\nProgress: 20%');
  });
});
