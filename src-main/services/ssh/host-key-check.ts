// The decision on a presented host key: trusted keys pass, unknown ones are asked about (or
// trusted on first use when the caller says so), changed ones are refused with both fingerprints.
import { AppError } from '../../../src-shared/errors';
import type { PromptCenter } from '../prompts/prompt-center';
import { fingerprintSha256, hostKeyFromBlob, keyTypeName } from './host-key-format';
import type { KnownHosts } from './known-hosts';

export interface HostKeyPolicy {
  host: string;
  port: number;
  where: string;
  acceptNew: boolean;
  hashed: boolean;
  knownHosts: KnownHosts;
  prompts?: PromptCenter;
  signal?: AbortSignal;
  /** Called while a person is being asked, so handshake timers can pause. */
  onAsking?: (asking: boolean) => void;
}

/** Resolves when the key may be used; rejects with the AppError to show otherwise. */
export async function verifyHostKey(blob: Buffer, p: HostKeyPolicy): Promise<void> {
  const key = hostKeyFromBlob(blob);
  const type = keyTypeName(key.algorithm);
  const fingerprint = fingerprintSha256(blob);
  const status = await p.knownHosts.check(p.host, p.port, key);
  if (status.status === 'trusted') return;
  if (status.status === 'changed') {
    const old = status.oldKeys.map((k) => `${k.type} ${k.fingerprint}`).join(', ') || 'a revoked key';
    throw new AppError(
      `The host key of ${p.where} has changed: it was ${old}, it is now ${type} ${fingerprint}. The connection was refused.`,
      {
        code: 'HOST_KEY_CHANGED',
        device: p.where,
        fix: `If the router was rebuilt or reinstalled, forget the old key if the router was rebuilt (Routers > forget host key, or \`ssh-keygen -R '[${p.host}]:${p.port}' -f ${p.knownHosts.path}\`), then connect again. Otherwise someone may be in the middle: do not connect.`,
        detail: `known_hosts: ${p.knownHosts.path}`,
      },
    );
  }
  const firstKey = status.otherKeys.length === 0;
  if (!(p.acceptNew && firstKey)) {
    if (!p.prompts) {
      throw new AppError(`The host key of ${p.where} is not known yet (${type} ${fingerprint}).`, {
        code: 'HOST_KEY_UNKNOWN',
        device: p.where,
        fix: 'Connect once from the app and confirm the fingerprint, or compare it with `show crypto key mypubkey rsa` / the router console first.',
      });
    }
    p.onAsking?.(true);
    let trust: boolean;
    try {
      trust = await p.prompts.ask(
        {
          kind: 'hostKey',
          title: `Trust ${p.where}?`,
          message: firstKey
            ? `The authenticity of ${p.where} can't be established. Check the fingerprint against the router before trusting it.`
            : `${p.where} offers a ${type} key, but a different type of key is on record for it. Trust the new key only if you expected it.`,
          details: {
            host: p.where,
            type,
            fingerprint,
            ...(firstKey ? {} : { known: status.otherKeys.map((k) => `${k.type} ${k.fingerprint}`).join(', ') }),
          },
          device: p.where,
        },
        { signal: p.signal },
      );
    } finally {
      p.onAsking?.(false);
    }
    if (!trust) {
      throw new AppError(`You did not trust the host key of ${p.where} (${type} ${fingerprint}).`, {
        code: 'HOST_KEY_REJECTED',
        device: p.where,
        fix: 'Compare the fingerprint with the router (on its console) and connect again to trust it.',
      });
    }
  }
  await p.knownHosts.add(p.host, p.port, key, { hashed: p.hashed });
}
