// The checks the Prerequisites step runs, in the order the UI lists them.
import { osArchCheck } from './check-os-arch';
import { cpuCoresCheck, diskCheck, memoryCheck } from './check-resources';
import { iosxrvBoxCheck, vagrantCheck } from './check-vagrant';
import { virtualBoxCheck } from './check-virtualbox';
import { dockerCheck } from './check-docker';
import { gitCheck, sshCheck } from './check-ssh-git';
import type { PrereqCheck } from './prereq-types';

export const prereqCatalog: readonly PrereqCheck[] = [
  osArchCheck,
  cpuCoresCheck,
  memoryCheck,
  diskCheck,
  vagrantCheck,
  virtualBoxCheck,
  iosxrvBoxCheck,
  dockerCheck,
  sshCheck,
  gitCheck,
];
