import type { Target } from './targets';

/** The user's choices for the router + devbox topology (the service checks them with their fix). */
export interface TopologyChoices {
  /** 'virtualbox' for the real IOS-XRv VMs; 'docker' runs containers instead (tests, no VT-x). */
  provider?: 'virtualbox' | 'docker';
  /** Router memory in MB. Default 5120 (docker needs it on IOS-XRv). */
  routerMemoryMb?: number;
  /** Router box. Default IOS-XRv, the name the box is added under. */
  routerBox?: string;
  /** Devbox box. Default ubuntu/trusty64 as in the reference; any Ubuntu/Debian box works. */
  devboxBox?: string;
  /** Router Gi0/0/0/0 address with prefix. Default 11.1.1.10/24. */
  routerAddress?: string;
  /** Devbox eth1 address with prefix, on the same subnet. Default 11.1.1.20/24. */
  devboxAddress?: string;
  /** VirtualBox internal network joining the two. Default link1. */
  linkName?: string;
  /** Docker provider only: local images standing in for the router and the devbox; containers are `<prefix>-rtr` / `<prefix>-devbox` (default xrcl). */
  docker?: { routerImage: string; devboxImage: string; containerPrefix?: string };
}

/** One file of a topology, shown before anything runs. */
export interface TopologyFileView {
  path: string;
  contents: string;
  purpose: string;
}

/** A machine as `vagrant status` in the topology folder reports it. */
export interface VagrantMachine {
  name: string;
  state: string;
  provider: string;
}

/** The router's forwarded ports, by guest port, as `vagrant port` (or its fall-backs) found them. */
export interface VagrantPorts {
  rtr: { '22': number | null; '57722': number | null };
  /** The devbox's SSH port, when it is up. */
  devbox: number | null;
  host: string;
}

/** A topology folder the app wrote or ran, found again after a restart. */
export interface VagrantTopologyView {
  dir: string;
  provider: 'virtualbox' | 'docker';
  /** The targets added for its router and devbox, by name. */
  routerTarget: string | null;
  devboxTarget: string | null;
  updatedAt: string;
}

/** What adding the machines as targets did: ports, targets, host keys and the docker proof. */
export interface VagrantTargetsResult {
  dir: string;
  machines: VagrantMachine[];
  ports: VagrantPorts;
  targets: Target[];
  /** Host keys trusted now (first use) or after forgetting a rebuilt box's old ones. */
  hostKeys: { target: string; endpoint: 'cli' | 'shell'; fingerprint: string; status: 'trusted' | 'new' | 'replaced' }[];
  docker: { proven: boolean; note: string };
}

/** A vagrant job (up, halt, destroy) runs as a task; its live output is also a terminal session. */
export interface VagrantJob {
  taskId: string;
  sessionId: string;
}

/** The topology the Guide's Vagrant path works with: its folder and the user's choices. */
export interface GuideTopology {
  dir: string;
  choices: TopologyChoices;
}
