// Algorithm lists per target. Modern ones always come first; `compatible` appends what older
// Cisco SSH servers (XR 5.x/6.x, some IOS images) may still offer, so negotiation picks the
// strongest both sides know.
import type { Algorithms } from 'ssh2';
import type { AlgorithmProfile } from './ssh-target';

const LEGACY = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-dss'],
  cipher: ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  hmac: ['hmac-sha1', 'hmac-md5'],
} as const;

export function algorithmsFor(profile: AlgorithmProfile = 'compatible'): Algorithms | undefined {
  if (profile === 'modern') return undefined;
  return {
    kex: { append: [...LEGACY.kex] },
    serverHostKey: { append: [...LEGACY.serverHostKey] },
    cipher: { append: [...LEGACY.cipher] },
    hmac: { append: [...LEGACY.hmac] },
  } as Algorithms;
}
