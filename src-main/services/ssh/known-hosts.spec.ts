// Our known_hosts against OpenSSH's own tools: ssh-keygen reads what we write, we read what it writes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintSha256, hostKeyFromBlob, keyTypeName, type HostKey } from './host-key-format';
import { findCommand } from '../../../tests/lab/lab-prereqs';
import { KnownHosts } from './known-hosts';

const HAVE_KEYGEN = findCommand('ssh-keygen') !== null;

describe.skipIf(!HAVE_KEYGEN)('KnownHosts with OpenSSH tools', () => {
  let dir: string;
  const keys: Record<string, { key: HostKey; pub: string }> = {};
  const keygen = (name: string, type: string, bits?: string): void => {
    const file = join(dir, name);
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', bits] : []), '-N', '', '-C', name, '-f', file]);
    const pub = readFileSync(`${file}.pub`, 'utf8');
    keys[name] = { key: hostKeyFromBlob(Buffer.from(pub.split(' ')[1]!, 'base64')), pub: `${file}.pub` };
  };
  const sshKeygen = (args: string[]): string => {
    try {
      return execFileSync('ssh-keygen', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return (e as { stdout?: string }).stdout ?? '';
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-known-hosts-'));
    keygen('ed1', 'ed25519');
    keygen('ed2', 'ed25519');
    keygen('ec', 'ecdsa', '256');
    keygen('rsa', 'rsa', '2048');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints fingerprints and type names exactly as ssh-keygen -lf does', () => {
    for (const { key, pub } of Object.values(keys)) {
      const line = execFileSync('ssh-keygen', ['-lf', pub], { encoding: 'utf8' }).trim();
      // "256 SHA256:xxxx comment (ED25519)"
      const [, fp] = line.split(' ');
      const type = /\((\S+)\)$/.exec(line)![1];
      expect(fingerprintSha256(key.blob)).toBe(fp);
      expect(keyTypeName(key.algorithm)).toBe(type);
    }
  });

  it('writes plain and hashed entries that ssh-keygen -F finds, atomically and with mode 0600', async () => {
    const file = join(dir, 'app', 'known_hosts');
    const kh = new KnownHosts(file);
    await kh.add('127.0.0.1', 2222, keys.ed1!.key);
    await kh.add('Router.Example', 22, keys.ec!.key, { hashed: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[127.0.0.1]:2222 ssh-ed25519 ');
    expect(text).not.toContain('router.example');
    expect(sshKeygen(['-F', '[127.0.0.1]:2222', '-f', file])).toContain('ssh-ed25519');
    expect(sshKeygen(['-F', 'router.example', '-f', file])).toContain('ecdsa-sha2-nistp256');
    expect(sshKeygen(['-F', '127.0.0.1', '-f', file])).toBe(''); // port 22 is a different entry
  });

  it('tells trusted, unknown and changed apart, naming the old keys', async () => {
    const kh = new KnownHosts(join(dir, 'kh-check'));
    expect(await kh.check('198.18.0.5', 57722, keys.ed1!.key)).toEqual({ status: 'unknown', otherKeys: [] });
    await kh.add('198.18.0.5', 57722, keys.ed1!.key);
    expect((await kh.check('198.18.0.5', 57722, keys.ed1!.key)).status).toBe('trusted');
    const changed = await kh.check('198.18.0.5', 57722, keys.ed2!.key);
    expect(changed).toMatchObject({ status: 'changed', oldKeys: [{ type: 'ED25519', fingerprint: fingerprintSha256(keys.ed1!.key.blob) }] });
    // Another key type for a known host is asked about, never trusted silently.
    expect(await kh.check('198.18.0.5', 57722, keys.rsa!.key)).toMatchObject({ status: 'unknown', otherKeys: [{ type: 'ED25519' }] });
    // The same host on another port is another host.
    expect((await kh.check('198.18.0.5', 22, keys.ed2!.key)).status).toBe('unknown');
  });

  it('reads entries OpenSSH wrote, hashed with ssh-keygen -H, wildcards and multi-host lines', async () => {
    const file = join(dir, 'kh-openssh');
    const b64 = (k: string): string => keys[k]!.key.blob.toString('base64');
    writeFileSync(
      file,
      [
        '# a comment',
        `[10.0.2.2]:2222,[localhost]:2222 ssh-ed25519 ${b64('ed1')} user@laptop`,
        `198.18.1.9 ecdsa-sha2-nistp256 ${b64('ec')}`,
        `*.lab.example,!bad.lab.example ssh-rsa ${b64('rsa')}`,
        '',
      ].join('\n'),
    );
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/m);
    const kh = new KnownHosts(file);
    expect((await kh.check('localhost', 2222, keys.ed1!.key)).status).toBe('trusted');
    expect((await kh.check('10.0.2.2', 2222, keys.ed1!.key)).status).toBe('trusted');
    expect((await kh.check('198.18.1.9', 22, keys.ec!.key)).status).toBe('trusted');
    expect((await kh.check('r1.lab.example', 22, keys.rsa!.key)).status).toBe('trusted');
    expect((await kh.check('bad.lab.example', 22, keys.rsa!.key)).status).toBe('unknown');
  });

  it('forget removes the host (and only it), as ssh-keygen -R would', async () => {
    const file = join(dir, 'kh-forget');
    writeFileSync(file, `[localhost]:2222,[10.0.2.2]:2222 ssh-ed25519 ${keys.ed1!.key.blob.toString('base64')}\n`);
    const kh = new KnownHosts(file);
    await kh.add('localhost', 2222, keys.ec!.key, { hashed: true });
    await kh.add('localhost', 2223, keys.ec!.key);
    expect(await kh.forget('localhost', 2222)).toBe(2);
    expect(sshKeygen(['-F', '[localhost]:2222', '-f', file])).toBe('');
    expect(sshKeygen(['-F', '[10.0.2.2]:2222', '-f', file])).toContain('ssh-ed25519');
    expect(sshKeygen(['-F', '[localhost]:2223', '-f', file])).toContain('ecdsa');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
