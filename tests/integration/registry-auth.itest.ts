// The push client against a real Distribution registry that wants a Bearer token: the registry
// (Debian's docker-registry with token auth) verifies real ES256 tokens, issued by a small token
// service here that checks the Basic login and grants the scopes asked for. The client answers
// the challenge, fetches the token with the login, pushes; a wrong password is a clear error.
import { createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRegistryCertificates, writeCertificates } from '../../src-main/services/registries/registry-certificates';
import { registryConfigYaml } from '../../src-main/services/registries/registry-config';
import { RegistryHttp } from '../../src-main/services/registries/registry-http';
import { pushTarball } from '../../src-main/services/registries/registry-push';
import { findCommand } from '../lab/lab-prereqs';
import { run } from '../lab/run-command';
import { writeBusyboxImage } from '../lab/test-images';
import { fatal, waitFor } from '../support/wait-for';
import { freePort, registrySkipReason } from './support/registry-itest-env';

const skip = registrySkipReason();
const SERVICE = 'xrcl-test-registry';
const ISSUER = 'xrcl-test-issuer';
const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

describe.skipIf(skip !== null)(`Bearer token login against a real registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  // Made in beforeAll: a skipped suite's body still runs to list its tests.
  let dir = '';
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const scopesAsked: string[] = [];
  let tokenServer: Server;
  let registry: ChildProcess;
  let url: string;
  let tarball: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xrcl-rc-auth-'));
    tarball = writeBusyboxImage(join(dir, 'busybox.tar'), 'rc/busybox:1').file;
    // The token signer: a certificate under a CA the registry trusts (rootcertbundle).
    const signer = await makeRegistryCertificates({ registry: 'token-signer', hosts: ['token.xrcl.test'] });
    const files = await writeCertificates(join(dir, 'signer'), signer);
    const leafDer = new X509Certificate(signer.certPem).raw;
    const key = createPrivateKey(signer.keyPem);

    const tokenPort = await freePort('127.0.0.1');
    tokenServer = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const auth = req.headers.authorization ?? '';
      if (auth !== `Basic ${Buffer.from(`pusher:${password}`).toString('base64')}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"wrong login"}');
        return;
      }
      const scopes = u.searchParams.getAll('scope');
      scopesAsked.push(...scopes);
      const now = Math.floor(Date.now() / 1000);
      const access = scopes.map((s) => {
        const [type, name, actions] = s.split(':') as [string, string, string];
        return { type, name, actions: actions.split(',') };
      });
      const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [leafDer.toString('base64')] }));
      const claims = b64url(JSON.stringify({ iss: ISSUER, sub: 'pusher', aud: u.searchParams.get('service'), exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access }));
      const sig = sign('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `${header}.${claims}.${b64url(sig)}`, expires_in: 300 }));
    });
    await new Promise<void>((r) => tokenServer.listen(tokenPort, '127.0.0.1', r));

    const port = await freePort('127.0.0.1');
    mkdirSync(join(dir, 'storage'));
    const config = registryConfigYaml({ storage: join(dir, 'storage'), addr: `127.0.0.1:${port}`, secret: 'x' }) +
      ['auth:', '  token:', `    realm: "http://127.0.0.1:${tokenPort}/token"`, `    service: ${SERVICE}`, `    issuer: ${ISSUER}`, `    rootcertbundle: "${files.caFile}"`, ''].join('\n');
    writeFileSync(join(dir, 'config.yml'), config);
    const log = openSync(join(dir, 'registry.log'), 'a');
    registry = spawn(findCommand('docker-registry') ?? 'registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', log, log] });
    closeSync(log);
    url = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => {
        if (registry.exitCode !== null) throw fatal(`the registry exited: ${readFileSync(join(dir, 'registry.log'), 'utf8')}`);
        const r = await fetch(`${url}/v2/`);
        return r.status === 401 && (r.headers.get('www-authenticate') ?? '').startsWith('Bearer');
      },
      { timeoutMs: 15_000, what: 'the registry with token auth' },
    );
  });

  afterAll(() => {
    registry?.kill('SIGTERM');
    tokenServer?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the Bearer challenge with a token fetched with the login, and pushes', async () => {
    const http = new RegistryHttp({ name: 'token-registry', url, user: 'pusher', password });
    const result = await pushTarball(http, tarball, { as: 'rc/busybox:1' });
    await http.close();
    expect(result).toMatchObject({ repository: 'rc/busybox', blobsSent: 2 });
    expect(scopesAsked).toContain('repository:rc/busybox:pull,push');
    // The registry accepted the manifest under token auth: skopeo, logged in, reads it back.
    const authFile = join(dir, 'auth.json');
    writeFileSync(authFile, JSON.stringify({ auths: { [url.slice(7)]: { auth: Buffer.from(`pusher:${password}`).toString('base64') } } }), { mode: 0o600 });
    const inspect = await run('skopeo', ['inspect', '--tls-verify=false', '--authfile', authFile, `docker://${url.slice(7)}/rc/busybox:1`], { timeoutMs: 60_000 });
    expect(inspect.code, inspect.stderr).toBe(0);
    expect((JSON.parse(inspect.stdout) as { Digest: string }).Digest).toBe(result.digest);
  });

  it('reports a refused login as such, with the fix', async () => {
    const http = new RegistryHttp({ name: 'token-registry', url, user: 'pusher', password: 'wrong' });
    await expect(pushTarball(http, tarball, { as: 'rc/other:1' })).rejects.toMatchObject({
      code: 'REGISTRY_AUTH',
      message: expect.stringContaining('token service'),
      fix: expect.stringContaining('password'),
    });
    await http.close();
  });
});
