/**
 * Registries the app knows: ones it started for the user (plain HTTP or TLS with a certificate
 * it made) and existing ones the user added (CA-signed, often with a login). The record is what
 * the router side needs to trust and pull from it; passwords live in the secret store.
 */
export const registryKinds = ['insecure', 'tls', 'existing'] as const;
export type RegistryKind = (typeof registryKinds)[number];

export interface Registry {
  name: string;
  kind: RegistryKind;
  /** What clients type before the repository: `host:port` (the router's view). */
  hostPort: string;
  /** The host part of hostPort: an address, or a name the certificate holds. */
  host: string;
  port: number;
  /** The address the router reaches the registry on, when host is a name (for the global-vrf hosts entry). */
  address: string | null;
  /** `http://…` or `https://…` as this computer reaches it. */
  url: string;
  /** The CA certificate (PEM) the router must trust, for tls and for existing registries with a private CA. */
  caPem: string | null;
  /** The login, when the registry needs one; its password is in the secret store. */
  user: string | null;
  hasPassword: boolean;
  createdAt: string;
  /** Registries the app started: how they run and where their files are. */
  managed?: ManagedRegistry;
}

/** Kinds the app can start on this computer. */
export const managedKinds = ['insecure', 'tls'] as const;
export type ManagedKind = (typeof managedKinds)[number];

/** How a registry the app started runs: the Distribution binary, or `registry:2` in the local engine. */
export const registryEngines = ['binary', 'docker'] as const;
export type RegistryEngine = (typeof registryEngines)[number];

/** What the app started for a registry (absent for existing ones). */
export interface ManagedRegistry {
  engine: RegistryEngine;
  /** The address the registry listens on, on this computer (0.0.0.0 for all). */
  listen: string;
  /** The registry's own folder: storage, config.yml, certificates. */
  folder: string;
  /** The image the docker engine runs (engine docker only). */
  image?: string;
}

export type RegistryState = 'running' | 'stopped' | 'unhealthy' | 'external';

/** A registry with what the app found when it last looked. */
export interface RegistryView extends Registry {
  state: RegistryState;
  /** One line on the state: the pid, or why it is unhealthy. */
  stateDetail: string;
  /** Where its CA certificate file is, for tls registries. */
  caFile: string | null;
  storage: string | null;
}

export interface RegistryUpInput {
  name: string;
  kind: ManagedKind;
  port?: number;
  /** The address the router uses to reach the registry (in the certificate and in image names). */
  address?: string;
  /** A DNS name for the certificate and image names (tls only); the router gets a hosts entry for it. */
  hostname?: string;
  /** Where to listen on this computer; default: the address when it is local, else all addresses. */
  listen?: string;
  engine?: RegistryEngine;
  /** The image for the docker engine (default registry:2). */
  image?: string;
}

export interface RegistryAddInput {
  name: string;
  url: string;
  user?: string;
  /** PEM of a private CA, when the registry's certificate is not signed by a public one. */
  caPem?: string;
}

/** An address the router could use for a registry on this computer, with its trade-off. */
export interface AddressCandidate {
  address: string;
  /** Where it comes from: this computer's interface, or the target's view of this computer. */
  source: 'interface' | 'loopback' | 'vagrant-nat' | 'devbox';
  label: string;
  /** One line: when this is the right choice, and what it costs. */
  tradeoff: string;
  /** What the registry should listen on for this address. */
  listen: string;
  /** Shown only: the app never contacts it from here (the Vagrant NAT gateway). */
  viewOnly: boolean;
}

export interface RegistryTag {
  tag: string;
  digest: string;
  mediaType: string;
  /** Config plus layers, as stored in the registry. */
  size: number;
  layers: number;
  /** Other tags of the same repository on the same manifest (a delete removes them too). */
  sharedWith: string[];
}

export interface RegistryRepository {
  name: string;
  tags: RegistryTag[];
}

export interface PushResult {
  repository: string;
  tag: string;
  digest: string;
  blobsSent: number;
  blobsSkipped: number;
  blobsMounted: number;
  bytesSent: number;
}

/** Images the local Docker engine holds, by name:tag, for pushes from it. */
export interface EngineImages {
  available: boolean;
  images: string[];
  /** Why the engine could not be asked, when it could not. */
  problem: string | null;
}
