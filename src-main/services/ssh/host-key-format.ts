// Host keys as OpenSSH shows them: the algorithm inside the key blob, the type name printed by
// `ssh-keygen -lf` (ED25519, ECDSA, RSA) and the SHA256 fingerprint in unpadded base64.
import { createHash } from 'node:crypto';

export interface HostKey {
  /** The algorithm name inside the blob: ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa. */
  algorithm: string;
  /** The public key blob (what known_hosts stores in base64). */
  blob: Buffer;
}

/** Reads the algorithm name from the first field of an SSH public key blob. */
export function keyAlgorithm(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > blob.length - 4 || len > 64) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

export function hostKeyFromBlob(blob: Buffer): HostKey {
  return { algorithm: keyAlgorithm(blob), blob };
}

/** `SHA256:` + unpadded base64 of the blob's SHA-256, exactly as `ssh-keygen -lf` prints it. */
export function fingerprintSha256(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The key type as OpenSSH prints it in fingerprints and prompts. */
export function keyTypeName(algorithm: string): string {
  if (algorithm === 'ssh-ed25519') return 'ED25519';
  if (algorithm === 'sk-ssh-ed25519@openssh.com') return 'ED25519-SK';
  if (algorithm.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (algorithm === 'sk-ecdsa-sha2-nistp256@openssh.com') return 'ECDSA-SK';
  if (algorithm === 'ssh-rsa' || algorithm.startsWith('rsa-sha2-')) return 'RSA';
  if (algorithm === 'ssh-dss') return 'DSA';
  return algorithm.toUpperCase();
}

/** `[host]:port` unless the port is 22, lowercased, as OpenSSH writes host names in known_hosts. */
export function knownHostName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}
