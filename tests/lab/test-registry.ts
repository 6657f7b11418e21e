// A real registry (Debian's docker-registry, CNCF Distribution) on the lab link, for tests:
// plain HTTP or TLS with a self-signed certificate made by openssl. It listens on the host's
// lab address (198.18.0.1), not loopback, because Docker trusts 127/8 registries by default.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { get as httpGet } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOST_ADDRESS } from './lab-config.js';
import { findCommand } from './lab-prereqs.js';
import { runOk } from './run-command.js';
import { waitFor } from '../support/wait-for.js';
import { freePort } from '../support/free-port';

export interface TestRegistry {
  /** host:port as used in image names, e.g. 198.18.0.1:40123 or registry.xrcl.test:40123 */
  address: string;
  port: number;
  /** PEM of the self-signed certificate (TLS registries). */
  caCert: string | null;
  /** Pushes a docker-save tarball as <address>/<repoTag>. */
  push(archive: string, repoTag: string): Promise<void>;
  stop(): Promise<void>;
}


export interface TestRegistryOptions {
  /** Serve TLS with a self-signed certificate; the registry is addressed by this name. */
  tlsName?: string;
  /** The names the certificate holds instead of tlsName (a certificate for the wrong name). */
  certNames?: string[];
  /** htpasswd Basic auth with one user (bcrypt, made without the password on any command line). */
  login?: { user: string; password: string };
}

/**
 * A bcrypt htpasswd line, the password on standard input only: apache2-utils' `htpasswd -niB`,
 * or where it is missing perl's crypt() (libxcrypt makes bcrypt too).
 */
async function htpasswdLine(user: string, password: string): Promise<string> {
  if (findCommand('htpasswd')) return `${(await runOk('htpasswd', ['-niB', user], { input: password })).trim()}\n`;
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const salt = Array.from(randomBytes(21), (b) => alphabet[b % 64]).join('') + '.';
  const hash = (await runOk('perl', ['-e', 'my $p = do { local $/; <STDIN> }; print crypt($p, $ARGV[0])', `$2b$05$${salt}`], { input: password })).trim();
  if (!hash.startsWith('$2b$')) throw new Error(`perl crypt() made no bcrypt hash: ${hash}`);
  return `${user}:${hash}\n`;
}

export async function startTestRegistry(opts: TestRegistryOptions = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'xrcl-registry-'));
  const port = await freePort(HOST_ADDRESS);
  let caCert: string | null = null;
  let tls = '';
  if (opts.tlsName) {
    const crt = join(dir, 'domain.crt');
    const key = join(dir, 'domain.key');
    const names = opts.certNames ?? [opts.tlsName];
    await runOk('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-keyout', key, '-out', crt,
      '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
    ]);
    caCert = readFileSync(crt, 'utf8');
    tls = `  tls:\n    certificate: ${crt}\n    key: ${key}\n`;
  }
  let auth = '';
  let authFile: string | null = null;
  if (opts.login) {
    writeFileSync(join(dir, 'htpasswd'), await htpasswdLine(opts.login.user, opts.login.password), { mode: 0o600 });
    auth = `auth:\n  htpasswd:\n    realm: xrcl-test\n    path: ${join(dir, 'htpasswd')}\n`;
    // skopeo reads the login from a file, so it never shows in a process list.
    authFile = join(dir, 'auth.json');
    const token = Buffer.from(`${opts.login.user}:${opts.login.password}`).toString('base64');
    writeFileSync(authFile, JSON.stringify({ auths: { [`${HOST_ADDRESS}:${port}`]: { auth: token } } }), { mode: 0o600 });
  }
  mkdirSync(join(dir, 'data'));
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\nhttp:\n  addr: ${HOST_ADDRESS}:${port}\n${tls}${auth}`,
  );
  const logFd = openSync(join(dir, 'registry.log'), 'a');
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited = false;
  child.on('exit', () => (exited = true));

  const ping = (): Promise<boolean> =>
    new Promise((resolve) => {
      const onRes = (res: { statusCode?: number; resume(): void }): void => {
        res.resume();
        // With a login, /v2/ answers 401 until one is given: that too means it serves.
        resolve(res.statusCode === 200 || (opts.login !== undefined && res.statusCode === 401));
      };
      const req = opts.tlsName
        ? httpsRequest({ host: HOST_ADDRESS, port, path: '/v2/', rejectUnauthorized: false, timeout: 1000 }, onRes)
        : httpGet({ host: HOST_ADDRESS, port, path: '/v2/', timeout: 1000 }, onRes);
      req.on('error', () => resolve(false));
      req.end();
    });
  await waitFor(
    async () => {
      if (exited) throw Object.assign(new Error(`docker-registry exited: ${readFileSync(join(dir, 'registry.log'), 'utf8')}`), { fatal: true });
      return ping();
    },
    { timeoutMs: 15_000, what: `docker-registry on ${HOST_ADDRESS}:${port}` },
  );

  const address = `${opts.tlsName ?? HOST_ADDRESS}:${port}`;
  return {
    address,
    port,
    caCert,
    async push(archive, repoTag) {
      // Pushed by IP from the host: the registry name only has to resolve inside the router.
      await runOk('skopeo', [
        'copy', '--insecure-policy', '--quiet', '--dest-tls-verify=false', ...(authFile ? ['--dest-authfile', authFile] : []),
        `docker-archive:${archive}`, `docker://${HOST_ADDRESS}:${port}/${repoTag}`,
      ], { timeoutMs: 60_000 });
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await waitFor(() => exited, { timeoutMs: 5000, what: 'docker-registry to stop' }).catch(() => child.kill('SIGKILL'));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
