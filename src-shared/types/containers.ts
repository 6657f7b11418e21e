// Containers on a router: what the run dialog sends, what the list and the network check show.

export const restartPolicies = ['no', 'always', 'unless-stopped', 'on-failure'] as const;
export type RestartPolicy = (typeof restartPolicies)[number];

/** Capabilities a container on XR may ask for; SYS_ADMIN lets it enter the mounted namespace. */
export const containerCapabilities = ['SYS_ADMIN', 'NET_ADMIN', 'NET_RAW', 'NET_BIND_SERVICE', 'SYS_PTRACE', 'IPC_LOCK', 'SYS_NICE'] as const;
export type ContainerCapability = (typeof containerCapabilities)[number];

export interface BindMount {
  source: string;
  destination: string;
  readOnly?: boolean;
}

/** Everything `docker run` is given, before it is checked and rendered. */
export interface RunSpec {
  /** An image as `docker images` lists it (repository:tag) or its id. */
  image: string;
  name: string;
  /** The command and its arguments; empty means the image's own. */
  command?: string[];
  /** Network namespaces under /var/run/netns to mount; default ['global-vrf']. */
  vrfs?: string[];
  /** Default ['SYS_ADMIN']. */
  capabilities?: ContainerCapability[];
  restart?: RestartPolicy;
  /** Docker's size form: 512m, 1g. */
  memory?: string;
  cpus?: number;
  mounts?: BindMount[];
}

export interface RunPreview {
  /** The exact `docker run`, or null while the spec has problems. */
  command: string | null;
  problems: Array<{ field: keyof RunSpec | 'target'; message: string }>;
  /** What the platform allows, to show beside the fields. */
  limits: PlatformLimits;
}

export interface PlatformLimits {
  /** Bytes, or null when the platform documents none. */
  memoryCapBytes: number | null;
  memoryCapText: string | null;
  /** Bind-mount sources must start with this, or null when any path works. */
  mountRoot: string | null;
  note: string;
}

export interface RunResult {
  id: string;
  name: string;
  command: string;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  /** created, running, paused, restarting, exited, dead. */
  state: string;
  /** Docker's own words: `Up 3 minutes`, `Exited (0) 2 hours ago`. */
  status: string;
  /** When it started running, ISO time, or null when not running. */
  startedAt: string | null;
}

export interface RouterImage {
  /** repository:tag, or the short id for an untagged image. */
  reference: string;
  id: string;
  size: string;
}

export interface RemoveResult {
  removedContainer: string;
  /** The image removed with it, when asked. */
  removedImage: string | null;
  /** Size of the removed image as docker reports it (bytes), when one was removed. */
  imageBytes: number | null;
}

export interface NetworkInterface {
  name: string;
  addresses: string[];
}

export interface NetworkRoute {
  destination: string;
  via?: string;
  dev?: string;
  src?: string;
}

export interface NetworkCheck {
  container: string;
  vrf: string;
  interfaces: NetworkInterface[];
  routes: NetworkRoute[];
  reachesRouterNetwork: boolean;
  /** The `docker run` options it lacks, e.g. `--cap-add SYS_ADMIN`. */
  missing: string[];
  /** The commands it ran inside the container. */
  commands: string[];
  /** Why it failed, when it did: the error text from inside the container. */
  error?: string;
}
