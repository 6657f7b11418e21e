// The config.yml of a Distribution registry the app starts. Written by the app, read by
// `docker-registry serve` (or `registry serve`, or the registry:2 container, with container paths).

export interface RegistryConfigInput {
  /** Folder of the blobs and manifests. */
  storage: string;
  /** host:port to listen on. */
  addr: string;
  tls?: { certificate: string; key: string };
  /** A shared secret for upload state; stable per registry so a restart keeps uploads valid. */
  secret: string;
  /** An htpasswd file (bcrypt) when the registry asks for a login. */
  htpasswd?: string;
}

/** YAML scalars are written JSON-quoted: paths with spaces or colons (Windows) stay one value. */
const q = (s: string): string => JSON.stringify(s);

export function registryConfigYaml(c: RegistryConfigInput): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  formatter: text',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${q(c.storage)}`,
    // Lets the Registries page delete a tag (DELETE of a manifest by digest).
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${q(c.addr)}`,
    `  secret: ${q(c.secret)}`,
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
  ];
  if (c.tls) lines.push('  tls:', `    certificate: ${q(c.tls.certificate)}`, `    key: ${q(c.tls.key)}`);
  // After http's tls block: a top-level section ends it.
  if (c.htpasswd) lines.push('auth:', '  htpasswd:', '    realm: "XR Container Lab registry"', `    path: ${q(c.htpasswd)}`);
  return `${lines.join('\n')}\n`;
}

/** host:port for the listen address, with IPv6 in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
