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
}
