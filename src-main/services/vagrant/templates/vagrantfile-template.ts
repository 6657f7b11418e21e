// The topology's Vagrantfile: router rtr (IOS-XRv box, first private network = Gi0/0/0/0 on the
// internal network link1, left unconfigured by Vagrant because XR configures it) and devbox (eth1
// on the same link with its address), each provisioned by the topology's own scripts.
// The docker variant keeps the same machines, names, link and ports with containers instead of
// VMs, so the app's flow can run where VirtualBox cannot (tests, CI).
import { DEVBOX_MACHINE, ROUTER_MACHINE, type ResolvedTopologyOptions } from '../topology-options';
import { XR_CLI_GUEST_PORT, XR_SHELL_GUEST_PORT } from '../vagrant-output-parsers';
import { APPLY_CONFIG_PATH, DOCKER_INSTALL_PATH } from './provision-scripts';
import { rubyArray, rubyInteger, rubyString } from './ruby-literal';
import { RTR_CONFIG_ON_ROUTER, RTR_CONFIG_PATH } from './rtr-config-template';

/** Host ports the IOS-XRv box's own Vagrantfile asks for (moved by auto_correct when taken). */
export const XR_SHELL_HOST_PORT = 2222;
export const XR_CLI_HOST_PORT = 2223;

const s = rubyString;

export function vagrantfile(o: ResolvedTopologyOptions): string {
  return o.provider === 'docker' ? dockerVagrantfile(o) : virtualboxVagrantfile(o);
}

function header(o: ResolvedTopologyOptions, what: string): string[] {
  return [
    '# -*- mode: ruby -*-',
    '# vi: set ft=ruby :',
    `# Written by XR Container Lab: ${what}.`,
    `# ${ROUTER_MACHINE} Gi0/0/0/0 ${o.router.cidr} <-- ${o.linkName} --> ${DEVBOX_MACHINE} eth1 ${o.devbox.cidr}`,
    '# Bring it up with `vagrant up`; `vagrant port rtr` shows the ports of the XR CLI (guest 22)',
    '# and the XR Linux shell (guest 57722).',
    '',
  ];
}

function virtualboxVagrantfile(o: ResolvedTopologyOptions): string {
  return [
    ...header(o, 'an IOS-XRv router and a devbox joined by one link'),
    'Vagrant.configure("2") do |config|',
    `  config.vm.define ${s(ROUTER_MACHINE)} do |node|`,
    `    node.vm.box = ${s(o.routerBox)}`,
    '    # The box brings its own settings: 57722 => 2222 and 22 => 2223, SSH to the XR shell.',
    '    # The first private network is GigabitEthernet0/0/0/0; XR sets its address (rtr_config).',
    `    node.vm.network :private_network, auto_config: false, virtualbox__intnet: ${s(o.linkName)}`,
    '    node.vm.provider :virtualbox do |vb|',
    `      vb.memory = ${rubyInteger(o.routerMemoryMb)}`,
    '    end',
    `    node.vm.provision :file, source: ${s(RTR_CONFIG_PATH)}, destination: ${s(RTR_CONFIG_ON_ROUTER)}`,
    `    node.vm.provision :shell, path: ${s(APPLY_CONFIG_PATH)}, args: ${rubyArray([RTR_CONFIG_ON_ROUTER])}`,
    '  end',
    '',
    `  config.vm.define ${s(DEVBOX_MACHINE)} do |node|`,
    `    node.vm.box = ${s(o.devboxBox)}`,
    `    node.vm.network :private_network, ip: ${s(o.devbox.address)}, netmask: ${s(o.devbox.netmask)}, virtualbox__intnet: ${s(o.linkName)}`,
    `    node.vm.provision :shell, path: ${s(DOCKER_INSTALL_PATH)}`,
    '  end',
    'end',
    '',
  ].join('\n');
}

function dockerVagrantfile(o: ResolvedTopologyOptions): string {
  const d = o.docker!;
  return [
    ...header(o, 'the router/devbox topology with containers standing in for the VMs (docker provider)'),
    'Vagrant.configure("2") do |config|',
    '  # Containers share nothing with this folder and keep their own /etc/fstab.',
    "  config.vm.synced_folder '.', '/vagrant', disabled: true",
    '  config.vm.allow_fstab_modification = false',
    '  config.ssh.insert_key = false',
    '',
    `  config.vm.define ${s(ROUTER_MACHINE)} do |node|`,
    '    # What the IOS-XRv box sets up itself, spelled out: the XR shell and CLI ports, SSH to the shell.',
    `    node.vm.network :forwarded_port, guest: ${XR_SHELL_GUEST_PORT}, host: ${XR_SHELL_HOST_PORT}, host_ip: '127.0.0.1', auto_correct: true`,
    `    node.vm.network :forwarded_port, guest: ${XR_CLI_GUEST_PORT}, host: ${XR_CLI_HOST_PORT}, host_ip: '127.0.0.1', id: 'ssh', auto_correct: true`,
    `    node.ssh.guest_port = ${XR_SHELL_GUEST_PORT}`,
    `    node.vm.network :private_network, ip: ${s(o.router.address)}, netmask: ${rubyInteger(o.router.prefix)}`,
    '    node.vm.provider :docker do |d|',
    `      d.image = ${s(d.routerImage)}`,
    `      d.name = ${s(`${d.containerPrefix}-${ROUTER_MACHINE}`)}`,
    '      d.has_ssh = true',
    `      d.create_args = ${rubyArray(['--memory', `${o.routerMemoryMb}m`])}`,
    '    end',
    `    node.vm.provision :file, source: ${s(RTR_CONFIG_PATH)}, destination: ${s(RTR_CONFIG_ON_ROUTER)}`,
    '    # No xrapply in a container: show the configuration the router would apply.',
    `    node.vm.provision :shell, privileged: false, inline: ${s(`cat ${RTR_CONFIG_ON_ROUTER}`)}`,
    '  end',
    '',
    `  config.vm.define ${s(DEVBOX_MACHINE)} do |node|`,
    `    node.vm.network :private_network, ip: ${s(o.devbox.address)}, netmask: ${rubyInteger(o.devbox.prefix)}`,
    '    node.vm.provider :docker do |d|',
    `      d.image = ${s(d.devboxImage)}`,
    `      d.name = ${s(`${d.containerPrefix}-${DEVBOX_MACHINE}`)}`,
    '      d.has_ssh = true',
    '    end',
    '  end',
    'end',
    '',
  ].join('\n');
}
