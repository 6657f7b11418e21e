// Which host key a server presents, without logging in or trusting it: the handshake stops
// at the key. "Test connection" uses it to show the key of every endpoint before anything is
// trusted, as OpenSSH shows it at first contact.
import { Client } from 'ssh2';
import type { Readable } from 'node:stream';
import { algorithmsFor } from './ssh-algorithms';
import { sshConnectError } from './ssh-errors';
import { fingerprintSha256, hostKeyFromBlob, keyTypeName, type HostKey } from './host-key-format';
import type { AlgorithmProfile } from './ssh-target';

export interface PresentedKey {
  key: HostKey;
  type: string;
  fingerprint: string;
}

export interface ProbeOptions {
  sock?: Readable;
  timeoutMs?: number;
  algorithms?: AlgorithmProfile;
  /** For error messages: `ncs5508 XR CLI (198.18.0.10:22)`. */
  where?: string;
}

/** Resolves with the presented key; rejects with an AppError when nothing answers as SSH. */
export function probeHostKey(host: string, port: number, opts: ProbeOptions = {}): Promise<PresentedKey> {
  const where = opts.where ?? `${host}:${port}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const client = new Client();
  return new Promise((resolve, reject) => {
    let presented: PresentedKey | null = null;
    let done = false;
    const finish = (err: unknown): void => {
      if (done) return;
      done = true;
      client.end();
      if (presented) resolve(presented);
      else reject(sshConnectError(err, where, { readyTimeoutMs: timeoutMs }));
    };
    client.on('error', finish);
    client.on('close', () => finish(Object.assign(new Error('Connection closed before a host key was offered'), { code: 'ECONNRESET' })));
    client.connect({
      host,
      port,
      username: 'probe',
      ...(opts.sock ? { sock: opts.sock } : {}),
      readyTimeout: timeoutMs,
      algorithms: algorithmsFor(opts.algorithms),
      hostVerifier: (blob: Buffer) => {
        const key = hostKeyFromBlob(blob);
        presented = { key, type: keyTypeName(key.algorithm), fingerprint: fingerprintSha256(blob) };
        // Refusing the key ends the handshake here: no login is attempted.
        setImmediate(() => finish(null));
        return false;
      },
    });
  });
}
