import type { HandlerGroup } from '../../../src-shared/contract';
import type { VagrantService } from './vagrant-service';

/** The contract's `vagrant.*` methods: topology, box, up/halt/destroy as tasks, targets. */
export function vagrantHandlers(vagrant: VagrantService): HandlerGroup<'vagrant'> {
  return {
    'vagrant.preview': async ({ choices }) => vagrant.preview(choices),
    'vagrant.init': async ({ dir, choices, overwrite }) => vagrant.init(dir, choices, { overwrite }),
    'vagrant.topologies': async () => vagrant.topologies(),
    'vagrant.guideTopology': async () => vagrant.guideTopology(),
    'vagrant.chooseTopology': async ({ dir, choices }) => vagrant.chooseTopology(dir, choices),
    'vagrant.boxStatus': async () => vagrant.boxStatus(),
    'vagrant.addBox': async ({ file, name, force }) => vagrant.addBox(file, { ...(name ? { name } : {}), ...(force ? { force } : {}) }),
    'vagrant.up': async ({ dir }) => vagrant.up(dir),
    'vagrant.halt': async ({ dir }) => vagrant.halt(dir),
    'vagrant.destroy': async ({ dir }) => vagrant.destroy(dir),
    'vagrant.status': async ({ dir }) => vagrant.status(dir),
    'vagrant.ports': async ({ dir }) => vagrant.ports(dir),
    'vagrant.addTargets': async ({ dir, routerName, devboxName }) => vagrant.addTargets(dir, { ...(routerName ? { routerName } : {}), ...(devboxName ? { devboxName } : {}) }),
  };
}
