// The checks the Prerequisites step runs, in the order the UI lists them, each with how much it
// matters on each router path: required (a failure fails the step), advised (a failure only
// needs attention) or skip (not run, shown as not needed).
import { osArchCheck } from './check-os-arch';
import { cpuCoresCheck, diskCheck, memoryCheck } from './check-resources';
import { iosxrvBoxCheck, vagrantCheck } from './check-vagrant';
import { virtualBoxCheck } from './check-virtualbox';
import { hardwareVirtualizationCheck } from './check-hardware-virtualization';
import { dockerCheck } from './check-docker';
import { gitCheck, sshCheck } from './check-ssh-git';
import { labHostCheck } from './check-lab-host';
import type { NeedByPath, PrereqCheck } from './prereq-types';

/** The IOS-XRv box on this computer: VirtualBox, Vagrant, VT-x and the resources for the VM. */
const VAGRANT_ONLY: NeedByPath = { vagrant: 'required', physical: 'skip', lab: 'skip' };

export const prereqCatalog: readonly PrereqCheck[] = [
  { ...osArchCheck, need: VAGRANT_ONLY },
  { ...labHostCheck, need: { vagrant: 'skip', physical: 'skip', lab: 'required' } },
  { ...hardwareVirtualizationCheck, need: VAGRANT_ONLY },
  { ...cpuCoresCheck, need: VAGRANT_ONLY },
  { ...memoryCheck, need: VAGRANT_ONLY },
  { ...diskCheck, need: VAGRANT_ONLY },
  { ...vagrantCheck, need: VAGRANT_ONLY },
  { ...virtualBoxCheck, need: VAGRANT_ONLY },
  { ...iosxrvBoxCheck, need: VAGRANT_ONLY },
  // Builds image tarballs and runs a private registry; the practice lab runs Docker's engine.
  { ...dockerCheck, need: { vagrant: 'advised', physical: 'advised', lab: 'required' } },
  // The app has its own SSH client; ssh is for doing the steps by hand.
  { ...sshCheck, need: { vagrant: 'advised', physical: 'advised', lab: 'advised' } },
  // Clones the reference Vagrant topology, when following the tutorial by hand.
  { ...gitCheck, need: { vagrant: 'advised', physical: 'skip', lab: 'skip' } },
];
