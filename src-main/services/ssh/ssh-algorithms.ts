// Algorithm lists per target. Modern ones always come first; `compatible` appends what older
// Cisco SSH servers (XR 5.x/6.x, some IOS images) may still offer, so negotiation picks the
// strongest both sides know. Host key types already on record for the target are asked for
// first, as OpenSSH does, so a server with several keys shows the one we know.
import type { Algorithms } from 'ssh2';
import type { AlgorithmProfile } from './ssh-target';

// ssh2's own default order (lib/protocol/constants.js), which the reordering keeps.
const HOST_KEY_DEFAULT = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

const LEGACY = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-dss'],
  cipher: ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  hmac: ['hmac-sha1', 'hmac-md5'],
};

/** Signature algorithms that verify with a key of this (known_hosts) type. */
function signaturesFor(keyAlgorithm: string): string[] {
  return keyAlgorithm === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyAlgorithm];
}

export function algorithmsFor(profile: AlgorithmProfile = 'compatible', knownKeyAlgorithms: string[] = []): Algorithms | undefined {
  const hostKeys = [...HOST_KEY_DEFAULT, ...(profile === 'compatible' ? LEGACY.serverHostKey : [])];
  const preferred = knownKeyAlgorithms.flatMap(signaturesFor).filter((a) => hostKeys.includes(a));
  const serverHostKey = [...new Set([...preferred, ...hostKeys])];
  const algorithms: Record<string, unknown> = {};
  if (preferred.length > 0 || profile === 'compatible') algorithms.serverHostKey = serverHostKey;
  if (profile === 'compatible') {
    algorithms.kex = { append: LEGACY.kex };
    algorithms.cipher = { append: LEGACY.cipher };
    algorithms.hmac = { append: LEGACY.hmac };
  }
  return Object.keys(algorithms).length > 0 ? (algorithms as Algorithms) : undefined;
}
