// HTTP to one registry (the Distribution API, /v2/…) on undici: one Agent per registry so its
// private CA is trusted for it alone, and the login answered whatever the registry asks for:
// Basic (htpasswd), or a Bearer token fetched from the realm the challenge names.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { AppError } from '../../../src-shared/errors';
import { parseAuthChallenges, tokenUrl } from './auth-challenge';

export interface RegistryEndpoint {
  /** http(s)://host:port as this computer reaches it. */
  url: string;
  caPem?: string | null;
  user?: string | null;
  password?: string;
  /** What to call it in messages. */
  name: string;
}

export interface RegistryResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string | Buffer | Readable;
  signal?: AbortSignal;
  /** Statuses the caller handles; any other is an error. */
  ok: number[];
  /** Token scopes to ask for beyond the challenge's (a mount reads another repository). */
  scopes?: string[];
}

export interface FetchedManifest {
  bytes: Buffer;
  /** sha256:… of the bytes. */
  digest: string;
  /** The Content-Type the registry gave (the document's own mediaType may say more). */
  mediaType: string;
}

/** Manifests are small JSON documents; Distribution refuses those above 4 MiB. */
const MAX_MANIFEST = 4 * 1024 * 1024;

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

export function header(res: Pick<RegistryResponse, 'headers'>, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export class RegistryHttp {
  private readonly agent: Agent;
  private authorization: string | null = null;

  constructor(readonly endpoint: RegistryEndpoint) {
    this.agent = new Agent({
      connect: endpoint.caPem ? { ca: endpoint.caPem } : {},
      // Registries answer fast or not at all; a stopped one must fail a push promptly.
      connectTimeout: 10_000,
      headersTimeout: 60_000,
      bodyTimeout: 120_000,
    });
  }

  get base(): string {
    return this.endpoint.url.replace(/\/+$/, '');
  }

  /** One request; a 401 is answered with the login (once) when the body can be sent again. */
  async request(method: Dispatcher.HttpMethod, pathOrUrl: string, opts: RequestOptions): Promise<RegistryResponse> {
    const url = new URL(pathOrUrl, `${this.base}/`);
    let res = await this.send(method, url, opts);
    if (res.status === 401 && !(opts.body instanceof Readable)) {
      const challenge = header(res, 'www-authenticate') ?? '';
      await res.body.dump();
      await this.login(challenge, opts.scopes ?? [], opts.signal);
      res = await this.send(method, url, opts);
    }
    if (!opts.ok.includes(res.status)) {
      const text = await res.body.text().catch(() => '');
      throw this.statusError(method, url, res.status, text);
    }
    return res;
  }

  /** A manifest (or index) by tag or digest: its bytes, media type and digest, the digest checked. */
  async manifest(repository: string, reference: string, accept: readonly string[], signal?: AbortSignal): Promise<FetchedManifest> {
    const res = await this.request('GET', `/v2/${repository}/manifests/${reference}`, {
      ok: [200],
      signal,
      headers: { accept: accept.join(', ') },
      scopes: [`repository:${repository}:pull`],
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    if (bytes.length > MAX_MANIFEST) throw this.integrityError(`the manifest of ${repository}:${reference} is ${bytes.length} bytes, more than any image manifest`);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    // Asked by digest: the bytes must be those; by tag: the registry's own digest when it says one.
    const expected = reference.startsWith('sha256:') ? reference : header(res, 'docker-content-digest');
    if (expected && expected !== digest) throw this.integrityError(`the manifest ${repository}:${reference} has digest ${digest}, not ${expected}`);
    const mediaType = (header(res, 'content-type') ?? '').split(';')[0]!.trim();
    return { bytes, digest, mediaType };
  }

  /**
   * A blob as a stream of chunks, its sha256 and size checked while it streams: a mismatch ends
   * the stream with an error after the last chunk, so whatever consumed it must be thrown away.
   * Redirects (object storage behind the registry) are followed without the registry's login.
   */
  async *blob(repository: string, digest: string, size: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    let res = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {
      ok: [200, 301, 302, 303, 307, 308],
      signal,
      scopes: [`repository:${repository}:pull`],
    });
    for (let hops = 0; res.status !== 200; hops++) {
      const location = header(res, 'location');
      await res.body.dump();
      if (!location || hops >= 5) throw this.integrityError(`the blob ${digest} redirects without end`);
      const next = await this.call(() => request(new URL(location, `${this.base}/`), { dispatcher: this.agent, method: 'GET', signal }));
      res = { status: next.statusCode, headers: next.headers, body: next.body };
      if (![200, 301, 302, 303, 307, 308].includes(res.status)) {
        const text = await res.body.text().catch(() => '');
        throw this.statusError('GET', new URL(location, `${this.base}/`), res.status, text);
      }
    }
    const hash = createHash('sha256');
    let seen = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > size) {
        res.body.destroy();
        throw this.integrityError(`the blob ${digest} is longer than the ${size} bytes its manifest gives`);
      }
      hash.update(chunk);
      yield chunk;
    }
    const got = `sha256:${hash.digest('hex')}`;
    if (seen !== size) throw this.integrityError(`the blob ${digest} ended after ${seen} of ${size} bytes`);
    if (got !== digest) throw this.integrityError(`the blob ${digest} arrived with digest ${got}: its bytes are not the ones named`);
  }

  /** Answers a challenge; afterwards every request carries the login. */
  async login(challengeHeader: string, scopes: string[] = [], signal?: AbortSignal): Promise<void> {
    const challenges = parseAuthChallenges(challengeHeader);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = this.endpoint.user && this.endpoint.password !== undefined
      ? `Basic ${Buffer.from(`${this.endpoint.user}:${this.endpoint.password}`).toString('base64')}`
      : null;
    if (bearer) {
      const url = tokenUrl(bearer, scopes);
      const res = await this.call(() =>
        request(url, { dispatcher: this.agent, method: 'GET', headers: basic ? { authorization: basic } : {}, signal }),
      );
      const text = await res.body.text();
      if (res.statusCode !== 200) throw this.authError(`the token service ${url.origin} answered ${res.statusCode}`);
      const json = JSON.parse(text) as { token?: string; access_token?: string };
      const token = json.token ?? json.access_token;
      if (!token) throw this.authError('the token service gave no token');
      this.authorization = `Bearer ${token}`;
      return;
    }
    if (challenges.some((c) => c.scheme === 'basic') || !challenges.length) {
      if (!basic) throw this.authError('it asks for a login and none is stored');
      if (this.authorization === basic) throw this.authError('it refused the user name or password');
      this.authorization = basic;
      return;
    }
    throw this.authError(`it asks for "${challenges[0]!.scheme}" authentication, which the app does not speak`);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async send(method: Dispatcher.HttpMethod, url: URL, opts: RequestOptions): Promise<RegistryResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (this.authorization) headers.authorization = this.authorization;
    const res = await this.call(() => request(url, { dispatcher: this.agent, method, headers, body: opts.body, signal: opts.signal }));
    return { status: res.statusCode, headers: res.headers, body: res.body };
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.networkError(err);
    }
  }

  private networkError(err: unknown): Error {
    const e = err as { name?: string; code?: string; cause?: { code?: string; message?: string }; message?: string };
    if (e.name === 'AbortError' || err instanceof AppError) return err as Error;
    const code = e.code && e.code.startsWith('UND_ERR_') ? (e.cause?.code ?? e.code) : (e.code ?? e.cause?.code ?? '');
    const where = this.base;
    if (TLS_CODES.has(code)) {
      return new AppError(`${this.endpoint.name} (${where}): its TLS certificate is not trusted (${code}: ${e.message ?? ''}).`, {
        code: 'REGISTRY_TLS',
        fix: code === 'ERR_TLS_CERT_ALTNAME_INVALID'
          ? 'The certificate does not name the address in the URL: use the name it was made for, or make a certificate whose SANs hold this address.'
          : "Give the registry's CA certificate (--ca FILE, or the CA field) when its certificate is not signed by a public CA.",
        device: 'this computer',
        cause: err,
      });
    }
    const down = ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'EPIPE', 'ENOTFOUND'];
    return new AppError(`${this.endpoint.name} (${where}) cannot be reached: ${code || e.message || String(err)}.`, {
      code: 'REGISTRY_UNREACHABLE',
      fix: down.includes(code)
        ? 'Start the registry (Registries page, or xrcl registry up NAME) or check its address and port, then try again; blobs already sent are not sent again.'
        : 'Check the registry address and that it answers on /v2/, then try again.',
      device: 'this computer',
      cause: err,
    });
  }

  private integrityError(why: string): AppError {
    return new AppError(`${this.endpoint.name}: ${why}.`, {
      code: 'DIGEST_MISMATCH',
      fix: "The registry's storage is damaged or something between rewrites the bytes: push the image to the registry again, then retry; nothing was kept from this pull.",
      device: 'this computer',
    });
  }

  private authError(why: string): AppError {
    return new AppError(`${this.endpoint.name} refused the login: ${why}.`, {
      code: 'REGISTRY_AUTH',
      fix: 'Check the user name and password for this registry (xrcl registry add NAME --url … --user U --password-stdin replaces them).',
      device: 'this computer',
    });
  }

  private statusError(method: string, url: URL, status: number, text: string): AppError {
    let detail = text.slice(0, 2000);
    try {
      const errors = (JSON.parse(text) as { errors?: Array<{ code?: string; message?: string }> }).errors;
      if (errors?.length) detail = errors.map((x) => `${x.code}: ${x.message}`).join('; ');
    } catch {
      /* not JSON */
    }
    const fix =
      status === 401 || status === 403
        ? 'Check the login for this registry and that the user may pull from (or push to) this repository.'
        : status === 404
          ? 'Check the repository and tag names (the registry does not hold them).'
          : status === 405
            ? 'The registry refuses this operation (deletes need storage.delete.enabled in its config).'
            : 'Read the registry\'s message; the registry log in its folder has more.';
    return new AppError(`${this.endpoint.name}: ${method} ${url.pathname} answered ${status}${detail ? `: ${detail}` : ''}.`, {
      code: status === 404 ? 'NOT_FOUND' : status === 401 || status === 403 ? 'REGISTRY_AUTH' : 'REGISTRY_ERROR',
      fix,
      device: 'this computer',
      detail: text.slice(0, 4000) || undefined,
    });
  }
}
