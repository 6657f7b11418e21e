// Where and how to reach an SSH server: address, user, credentials, trust policy, algorithms.
// Secrets live here only in memory; nothing in this file is ever logged.

export interface SshAuth {
  password?: string;
  /** Private key text (OpenSSH or PEM). */
  privateKey?: string | Buffer;
  passphrase?: string;
  /** ssh-agent socket path (SSH_AUTH_SOCK), or 'pageant' on Windows. */
  agent?: string;
}

/**
 * `modern`: ssh2's defaults. `compatible`: the same, then older algorithms some Cisco SSH servers
 * still need (diffie-hellman-group14-sha1, ssh-rsa / ssh-dss host keys, aes-cbc, hmac-sha1).
 */
export type AlgorithmProfile = 'modern' | 'compatible';

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  auth: SshAuth;
  /** A host to hop through (a bastion or the devbox), reached first. */
  jump?: SshTarget;
  /** Trust an unknown host key without asking (OpenSSH's accept-new). A changed key is always refused. */
  acceptNewHostKey?: boolean;
  /** Write new known_hosts entries hashed. */
  hashKnownHosts?: boolean;
  algorithms?: AlgorithmProfile;
  /** Handshake and login deadline. Default 20 s. */
  readyTimeoutMs?: number;
  /** Keepalive interval; the connection counts as dropped after 3 unanswered. Default 15 s, 0 off. */
  keepaliveIntervalMs?: number;
  /** A name for people: `ncs5508`, `vagrant box`. */
  label?: string;
}

/** `user@host:port` (through `jump` when there is one): how the app names a connection. */
export function describeTarget(t: SshTarget): string {
  const self = `${t.username}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  return t.jump ? `${self} via ${describeTarget(t.jump)}` : self;
}

/** Pool key: the same address, user and route share a connection; credentials do not split it. */
export function targetKey(t: SshTarget): string {
  return describeTarget(t);
}
