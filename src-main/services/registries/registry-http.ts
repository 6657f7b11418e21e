// HTTP to one registry (the Distribution API, /v2/…) on undici: one Agent per registry so its
// private CA is trusted for it alone, and the login answered whatever the registry asks for:
// Basic (htpasswd), or a Bearer token fetched from the realm the challenge names.
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
        ? 'Check the login for this registry and that the user may push to this repository.'
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
