// SSH host keys made with ssh-keygen: for the XR CLI (handed to it as text) and for the
// lab's OpenSSH servers (files named as sshd expects).
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runOk } from './run-command.js';

export const KEY_TYPES = ['rsa', 'ecdsa', 'ed25519'] as const;

/** (Re)generates ssh_host_<type>_key[.pub] in dir; replaces existing ones atomically. */
export async function generateHostKeys(dir: string, types: readonly string[] = KEY_TYPES): Promise<string[]> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return Promise.all(
    types.map(async (t) => {
      const final = join(dir, `ssh_host_${t}_key`);
      const tmp = join(dir, `.new_${t}_${process.pid}_${Date.now()}`);
      rmSync(tmp, { force: true });
      rmSync(`${tmp}.pub`, { force: true });
      const bits = t === 'rsa' ? ['-b', '2048'] : [];
      await runOk('ssh-keygen', ['-q', '-t', t, ...bits, '-N', '', '-C', '', '-f', tmp]);
      renameSync(`${tmp}.pub`, `${final}.pub`);
      renameSync(tmp, final);
      return readFileSync(final, 'utf8');
    }),
  );
}

export function readHostKeys(dir: string, types: readonly string[]): string[] {
  return types.map((t) => readFileSync(join(dir, `ssh_host_${t}_key`), 'utf8'));
}
