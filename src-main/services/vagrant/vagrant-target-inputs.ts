// The router and devbox of a topology as targets: 127.0.0.1 with the forwarded ports that
// vagrant reported, and the box credentials (vagrant/vagrant on both the IOS-XRv box and the
// Ubuntu devbox boxes; xr-facts section 3).
import { AppError } from '../../../src-shared/errors';
import type { TargetInput } from '../../../src-shared/types/targets';
import type { RouterPorts } from './vagrant-output-parsers';

export const BOX_LOGIN = { user: 'vagrant', password: 'vagrant' } as const;

export interface MachineTargetNames {
  router: string;
  devbox: string;
}

export function routerTargetInput(name: string, ports: Pick<RouterPorts, 'cli' | 'shell' | 'host'>): TargetInput {
  if (ports.cli === null || ports.shell === null) {
    const missing = [ports.cli === null ? 'the XR CLI (guest 22)' : null, ports.shell === null ? 'the XR shell (guest 57722)' : null].filter(Boolean).join(' and ');
    throw new AppError(`Vagrant did not say which port of this computer leads to ${missing} of the router.`, {
      code: 'PORTS_UNKNOWN',
      device: 'this computer',
      fix: 'Check that the router is running (vagrant status in the topology folder), then run vagrant up again: it prints the forwarded ports.',
    });
  }
  return { name, platform: 'vagrant', host: ports.host, cliPort: ports.cli, shellPort: ports.shell, user: BOX_LOGIN.user };
}

export function devboxTargetInput(name: string, host: string, port: number): TargetInput {
  return { name, platform: 'devbox', host, shellPort: port, user: BOX_LOGIN.user };
}
